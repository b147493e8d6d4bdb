-- The job runner asks for running jobs whose lease ran out after every enqueue and every finished job; without an
-- index on the lease, H2 answered by walking every job of the kinds asked for, done and failed ones too.
CREATE INDEX job_lease ON job (state, lease_until);
