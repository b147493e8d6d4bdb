#!/usr/bin/env bash
# Wall time and peak memory (RSS) of converting the Debian minbase image (one gzip layer) to a SIF with Arca
# (java -Xmx256m, cold JVM, from compressed layer to finished SIF), compared in the same sitting with mksquashfs on
# the root filesystem umoci unpacked (the unpack is not timed), each at gzip level 6 (Arca's default) and 9
# (mksquashfs's default). Runs are interleaved so that load from other work on the machine hits all alike.
#
#   converter/bench/convert-bench.sh [rounds]      # default 3 rounds of the four runs
#
# Prints one line per run and the median per configuration. Needs java 17, maven (offline once built), umoci,
# mksquashfs and GNU time (/usr/bin/time). ARCA_BENCH_DIR (default /tmp/arca-convert-bench) holds the outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${1:-3}
work=${ARCA_BENCH_DIR:-/tmp/arca-convert-bench}
mkdir -p "$work"

layout=$("$repo/.ci/fixtures/debian-minbase.sh")
(cd "$repo" && mvn -q -o -pl converter test-compile >/dev/null \
  && mvn -q -o -pl converter dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$repo/converter/target/classes:$repo/converter/target/test-classes:$(cat "$work/cp.txt")"

if [[ ! -d "$work/bundle/rootfs" ]]; then
  umoci unpack --image "$layout:bookworm" "$work/bundle" >/dev/null
fi

measure() { # label output command...
  local label=$1 output=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  printf '%-16s wall %6ss  user %6ss  sys %5ss  max RSS %4d MiB  output %d bytes\n' \
    "$label" "$wall" "$user" "$sys" $((rss / 1024)) "$(stat -c %s "$output")"
  echo "$label $wall $rss" >>"$work/results.txt"
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  $(java -version 2>&1 | head -1)  $(mksquashfs -version | head -1)"
echo "image: $layout (layer $(du -h "$layout"/blobs/sha256/* | sort -h | tail -1 | cut -f1) gzip," \
  "root filesystem $(du -sh --apparent-size "$work/bundle/rootfs" | cut -f1), $(find "$work/bundle/rootfs" | wc -l) entries)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/results.txt"
for ((i = 1; i <= rounds; i++)); do
  for level in 6 9; do
    measure "arca-gzip-$level" "$work/arca-$level.sif" \
      java -Xmx256m -cp "$cp" org.arca.converter.bench.ConvertBench "$layout" bookworm "$work/arca-$level.sif" GZIP "$level"
    measure "mksquashfs-gzip-$level" "$work/mksquashfs-$level.sqfs" \
      mksquashfs "$work/bundle/rootfs" "$work/mksquashfs-$level.sqfs" -noappend -comp gzip -Xcompression-level "$level" \
      -quiet -no-progress
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for label in arca-gzip-6 mksquashfs-gzip-6 arca-gzip-9 mksquashfs-gzip-9; do
  grep "^$label " "$work/results.txt" | awk '{print $2, $3}' | sort -n | awk -v t="$label" \
    '{w[NR]=$1; r[NR]=$2} END {m=int((NR+1)/2); printf "median %-18s wall %6ss  max RSS %4d MiB  (%d runs)\n", t, w[m], r[m]/1024, NR}'
done
