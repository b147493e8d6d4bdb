#!/usr/bin/env bash
# Search benchmark: indexing throughput for the whole recipe corpus, and query latency (term, phrase, field, faceted)
# at corpus size and at a large index made from the corpus by varying tags and versions.
#
#   search/bench/run-bench.sh [images]     # images in the large index, default 100000
#
# Run from the repository root. Builds the search module's test classes (offline), then runs
# org.arca.search.bench.SearchBench: indexing runs hold the registry in memory (no network, no blob storage measured);
# each latency run is a JVM of its own that opens only the index, as a server does. Lines starting with RESULT are
# the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
images="${1:-100000}"
mvn -q -o -pl search test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q -o -pl search dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test >/dev/null
bench() {
  java -Xmx"$1" -XX:+UseParallelGC -cp "search/target/test-classes:search/target/classes:$(cat "$work/cp")" \
    -Dlogback.configurationFile=search/src/test/resources/logback-test.xml \
    org.arca.search.bench.SearchBench "${@:2}"
}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench 4g index-corpus "$work/corpus"
bench 1g query "$work/corpus" "corpus"
bench 8g index "$work/large" "$images"
bench 1g query "$work/large" "$images images"
echo "# done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
