#!/usr/bin/env bash
# Garbage collection over 100,000 manifests and their blobs, on H2 and on PostgreSQL, in a 256 MiB heap: the rows are
# generated directly (not through HTTP), with a file per blob, 10,000 garbage blobs and 1,000 files without a row;
# then a dry run and a run are timed (org.arca.registry.gc.GcBenchmark).
#
#   mvn -q -o -DskipTests package && . .ci/test-env.sh && registry-server/bench/gc.sh [h2|postgres|both] [MANIFESTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=registry-server/target/arca.jar
classes=registry-server/target/test-classes
[[ -f $jar && -d $classes ]] || { echo "build first: mvn -q -o -DskipTests package" >&2; exit 2; }
databases=${1:-both}
[[ $databases == both ]] && databases="h2 postgres"
for database in $databases; do
  echo "== $database"
  java -Xmx256m -cp "$jar:$classes" org.arca.registry.gc.GcBenchmark "$database" "${2:-100000}"
done
