#!/usr/bin/env bash
# Search benchmark: indexing throughput for the whole recipe corpus and query latency (term, phrase, field, faceted)
# at corpus size and at a large index made from the corpus by varying tags and versions.
#
#   search/bench/run-bench.sh [images]     # images in the large index, default 100000
#
# Run from the repository root; builds the search module's test classes (offline) and runs
# org.arca.search.bench.SearchBench in one JVM. Lines starting with RESULT are the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -pl search test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -o -pl search dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx8g -XX:+UseParallelGC -cp "search/target/test-classes:search/target/classes:$(cat "$cp_file")" \
  -Dlogback.configurationFile=search/src/test/resources/logback-test.xml \
  org.arca.search.bench.SearchBench "${1:-100000}"
