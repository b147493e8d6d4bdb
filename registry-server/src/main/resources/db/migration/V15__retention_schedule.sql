-- Scheduled retention runs. Portable SQL (H2 2.x and PostgreSQL 15+).

-- When a policy plans by itself (an interval or a cron expression; null: only when a curator asks), whether its
-- plans are executed without a curator's approval, and when the schedule last started a run. An instance takes a
-- due run by moving last_scheduled_at with a conditional update, so one run starts across all instances.
ALTER TABLE retention_policy ADD COLUMN schedule VARCHAR(255);
ALTER TABLE retention_policy ADD COLUMN auto_approve BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE retention_policy ADD COLUMN last_scheduled_at TIMESTAMP WITH TIME ZONE;

-- The policy whose schedule made the plan; null for a plan a curator asked for, which covers every policy.
ALTER TABLE retention_plan ADD COLUMN policy_id BIGINT;
