#!/usr/bin/env bash
# Wall time and peak memory (RSS) of converting the Debian minbase image (one gzip layer) to a SIF with Arca
# (java -Xmx256m, from compressed layer to finished SIF; the process converts twice, and the second conversion's own
# time is reported as "warm", what a running server spends), compared in the same sitting with mksquashfs on
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
  echo "$label $wall $rss $user $sys" >>"$work/results.txt"
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  $(java -version 2>&1 | head -1)  $(mksquashfs -version | head -1)"
echo "image: $layout (layer $(du -h "$layout"/blobs/sha256/* | sort -h | tail -1 | cut -f1) gzip," \
  "root filesystem $(du -sh --apparent-size "$work/bundle/rootfs" | cut -f1), $(find "$work/bundle/rootfs" | wc -l) entries)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/results.txt"
threads=$(( $(nproc) < 4 ? $(nproc) : 4 ))
for ((i = 1; i <= rounds; i++)); do
  for level in 6 9; do
    measure "arca-gzip-$level" "$work/arca-$level.sif" \
      java -Xmx256m -cp "$cp" org.arca.converter.bench.ConvertBench "$layout" bookworm "$work/arca-$level.sif" GZIP \
      "$level" "$threads" 1
    # a second process converts twice: the second conversion's own time is what a running server spends
    java -Xmx256m -cp "$cp" org.arca.converter.bench.ConvertBench "$layout" bookworm "$work/arca-$level.sif" GZIP \
      "$level" "$threads" 2 >"$work/warm.txt"
    grep -o 'run 2 converted in [0-9]*' "$work/warm.txt" | awk -v l="$level" \
      '{printf "arca-warm-gzip-%s wall %6.2fs  (second conversion in one JVM)\n", l, $5 / 1000;
        print "arca-warm-gzip-" l, $5 / 1000, 0, 0, 0 >> "'"$work/results.txt"'"}'
    measure "mksquashfs-gzip-$level" "$work/mksquashfs-$level.sqfs" \
      mksquashfs "$work/bundle/rootfs" "$work/mksquashfs-$level.sqfs" -noappend -comp gzip -Xcompression-level "$level" \
      -quiet -no-progress
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# the machine may be shared: the fastest run is the least disturbed one, the median the typical one
for label in arca-gzip-6 arca-warm-gzip-6 mksquashfs-gzip-6 arca-gzip-9 arca-warm-gzip-9 mksquashfs-gzip-9; do
  grep "^$label " "$work/results.txt" | awk '{print $2, $3, $4 + $5}' | sort -n | awk -v t="$label" \
    '{w[NR]=$1; r[NR]=$2; c[NR]=$3} END {m=int((NR+1)/2);
      printf "%-18s wall fastest %6.2fs median %6.2fs  cpu (user+sys) of median %6.2fs  max RSS %4d MiB  (%d runs)\n",
        t, w[1], w[m], c[m], r[m]/1024, NR}'
done
