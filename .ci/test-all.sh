#!/usr/bin/env bash
# The one command that runs every test of Arca on a fresh Debian machine (as root, as CI does):
# installs the tools the tests drive, starts PostgreSQL, builds the shared image fixture, then
# every benchmark runs once in smoke mode, then `mvn verify` runs unit, API, real-client and process tests on H2 and
# PostgreSQL.
#
#   .ci/test-all.sh                # everything
#   .ci/test-all.sh -pl core       # extra arguments go to Maven (and the benchmark smoke run is left out)
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/test-env.sh
.ci/fixtures/debian-minbase.sh >/dev/null
if (($# == 0)); then
  # every benchmark once at tiny sizes, so that none can rot unnoticed; no timing is checked (bench/run-all.sh)
  bench/run-all.sh --smoke target/bench-smoke
fi
exec mvn -B -ntp verify "$@"
