#!/usr/bin/env bash
# The one command that runs every test of Arca on a fresh Debian machine (as root, as CI does):
# installs the tools the tests drive, starts PostgreSQL, builds the shared image fixture, then
# `mvn verify` runs unit, API, real-client and process tests on H2 and PostgreSQL.
#
#   .ci/test-all.sh                # everything
#   .ci/test-all.sh -pl core       # extra arguments go to Maven
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/test-env.sh
.ci/fixtures/debian-minbase.sh >/dev/null
exec mvn -B -ntp verify "$@"
