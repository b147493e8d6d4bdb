#!/usr/bin/env bash
# Wall time and peak memory (RSS) of converting the Debian minbase image (one gzip layer) to a SIF with Arca
# (java -Xmx256m), compared in the same sitting with mksquashfs on the root filesystem umoci unpacked (the unpack is
# not timed). Runs are interleaved so that load from other work on the machine hits both alike.
#
#   converter/bench/convert-bench.sh [rounds] [arca options...]
#     rounds         how many runs of each (default 3)
#     arca options   compression, level, threads for ConvertBench (default: GZIP, level 9 = mksquashfs's, threads
#                    = min(4, cores))
#
# Prints one line per run and a median per tool. Needs: java 17, maven (offline is fine once built), umoci,
# mksquashfs, GNU time (/usr/bin/time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${1:-3}
shift || true
work=${ARCA_BENCH_DIR:-/tmp/arca-convert-bench}
mkdir -p "$work"

layout=$("$repo/.ci/fixtures/debian-minbase.sh")
(cd "$repo" && mvn -q -o -pl converter test-compile >/dev/null \
  && mvn -q -o -pl converter dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$repo/converter/target/classes:$repo/converter/target/test-classes:$(cat "$work/cp.txt")"

if [[ ! -d "$work/bundle/rootfs" ]]; then
  umoci unpack --image "$layout:bookworm" "$work/bundle" >/dev/null
fi

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  echo "$label wall=${wall}s user=${user}s sys=${sys}s maxrss=$((rss / 1024))MiB"
  echo "$label $wall $rss" >>"$work/results.txt"
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  java: $(java -version 2>&1 | head -1)  $(mksquashfs -version | head -1)"
echo "image: $layout (layer $(du -h "$layout"/blobs/sha256/* | sort -h | tail -1 | cut -f1) gzip, rootfs $(du -sh --apparent-size "$work/bundle/rootfs" | cut -f1))"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/results.txt"
for ((i = 1; i <= rounds; i++)); do
  measure arca java -Xmx256m -cp "$cp" org.arca.converter.bench.ConvertBench "$layout" bookworm "$work/debian.sif" "$@"
  grep -o 'converted in.*' "$work/out.txt" | sed 's/^/     /'
  measure mksquashfs mksquashfs "$work/bundle/rootfs" "$work/mksquashfs.sqfs" -noappend -comp gzip -quiet -no-progress
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sizes: arca SIF $(stat -c %s "$work/debian.sif") bytes, mksquashfs image $(stat -c %s "$work/mksquashfs.sqfs") bytes"
for tool in arca mksquashfs; do
  grep "^$tool " "$work/results.txt" | awk -v t=$tool '{print $2, $3}' | sort -n | awk -v t=$tool \
    '{w[NR]=$1; r[NR]=$2} END {m=int((NR+1)/2); printf "median %s: wall %ss, maxrss %d MiB\n", t, w[m], r[m]/1024}'
done
