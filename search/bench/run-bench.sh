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
# -am builds arca-core in the same reactor, so a fresh clone needs nothing installed in ~/.m2; Maven's errors stay
# on the terminal and a failed build stops here, saying so
mvn -B -q -ntp -pl search -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt || { echo "search bench: building the search module failed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench() {
  java -Xmx"$1" -XX:+UseParallelGC -cp "search/target/test-classes:search/target/classes:$(cat search/target/bench-classpath.txt)" \
    -Dlogback.configurationFile=search/src/test/resources/logback-test.xml \
    org.arca.search.bench.SearchBench "${@:2}"
}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench 4g index-corpus "$work/corpus"
bench 1g query "$work/corpus" "corpus"
bench 8g index "$work/large" "$images"
bench 1g query "$work/large" "$images images"
echo "# done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
