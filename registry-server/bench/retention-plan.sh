#!/usr/bin/env bash
# Planning retention over 10,000 tags (100 repositories of 100 tags; the target is under 5 s): pushes the images
# through the registry's write path into a fresh H2 data directory, declares one policy over all of them, and prints
# the time of three plans (RetentionPlanningBench, a test-scope main).
#
#   mvn -o -q -pl registry-server -am test-compile && registry-server/bench/retention-plan.sh [REPOSITORIES] [TAGS]
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -pl registry-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# this checkout's modules first, ahead of any installed snapshot jars of them
classes=registry-server/target/test-classes:registry-server/target/classes
for module in core converter search preservation; do classes=$classes:$module/target/classes; done
exec java -Xmx512m -cp "$classes:$(cat "$cp_file")" org.arca.registry.retention.RetentionPlanningBench "$@"
