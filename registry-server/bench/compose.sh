#!/usr/bin/env bash
# Composition time (issue 14; the target is a p50 under 200 ms at 10 blocks): a fresh H2 server, a base and
# ten blocks registered and vetted, then POST /api/v1/compositions with 1 and 10 blocks and the first composed-on-pull
# manifest GET (CompositionBench, a test-scope main).
#
#   registry-server/bench/compose.sh [RUNS]      # compiles first
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# -am with test-compile: the sibling modules resolve to their target/classes, so no installed snapshot jars are needed
mvn -o -q -pl registry-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# this checkout's modules first, ahead of any installed snapshot jars of them
classes=registry-server/target/test-classes:registry-server/target/classes
for module in core converter search preservation web-ui; do classes=$classes:$module/target/classes; done
exec java -Xmx512m -cp "$classes:$(cat "$cp_file")" org.arca.registry.compose.CompositionBench "$@"
