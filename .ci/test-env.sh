#!/usr/bin/env bash
# Installs and starts what Arca's tests need, on a Debian machine where this runs as root (CI, a fresh VM):
# the real clients and tools the tests drive, and a PostgreSQL server the database tests run against.
# Safe to run again: it installs only what is missing and leaves a running PostgreSQL alone.
#
# Source it to get the PostgreSQL connection settings exported:  . .ci/test-env.sh
set -euo pipefail

# chromium and chromium-driver: the web interface's tests drive a headless browser through Selenium
packages=(skopeo umoci siftool squashfs-tools debootstrap postgresql docker-registry curl wrk apache2-utils chromium
  chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test-env: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || true
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL: the distribution's cluster, started if it is down, with a role for the tests.
if ! pg_lsclusters -h | grep -q .; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$version" main >/dev/null
fi
read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters -h | head -1)
if [[ "$pg_status" != online* ]]; then
  pg_ctlcluster "$pg_version" "$pg_cluster" start
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- psql -p "$pg_port" -qAtc "select 1" >/dev/null 2>&1 && break
  sleep 1
done
runuser -u postgres -- psql -p "$pg_port" -qAtc \
  "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'arca_test') THEN
     CREATE ROLE arca_test LOGIN CREATEDB PASSWORD 'arca_test'; END IF; END \$\$;" >/dev/null

export ARCA_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:${pg_port}/postgres"
export ARCA_TEST_POSTGRES_USER=arca_test
export ARCA_TEST_POSTGRES_PASSWORD=arca_test
echo "test-env: PostgreSQL $pg_version ready on port $pg_port" >&2
