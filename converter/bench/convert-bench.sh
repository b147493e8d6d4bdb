#!/usr/bin/env bash
# Wall time and peak memory (RSS) of converting the Debian minbase image (one gzip layer) to a SIF with Arca
# (java -Xmx256m, from compressed layer to finished SIF; the process converts twice, and the second conversion's own
# time is reported as "warm", what a running server spends), compared in the same sitting with mksquashfs on
# the root filesystem umoci unpacked (the unpack is not timed), each at gzip level 6 (Arca's default) and 9
# (mksquashfs's default). Runs are interleaved so that load from other work on the machine hits all alike.
#
#   converter/bench/convert-bench.sh [rounds]      # default 3 rounds of the four runs
#
# Prints one line per run, then Arca against mksquashfs at equal levels (RESULT lines), then every configuration.
# Needs java 17, maven, umoci,
# mksquashfs and GNU time (/usr/bin/time). ARCA_BENCH_DIR (default /tmp/arca-convert-bench) holds the outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${1:-3}
levels=${CONVERT_BENCH_LEVELS:-6 9}   # the smoke run of bench/run-all.sh uses level 6 alone
work=${ARCA_BENCH_DIR:-/tmp/arca-convert-bench}
mkdir -p "$work"

layout=$("$repo/.ci/fixtures/debian-minbase.sh")
# -am builds arca-core in the same reactor, so a fresh clone needs nothing installed in ~/.m2 first; the classpath
# then names core/target/classes. Maven's errors stay on the terminal: a failed build stops here, saying so.
(cd "$repo" && mvn -B -q -ntp -pl converter -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt) || { echo "convert-bench: building the converter failed" >&2; exit 1; }
cp="$repo/converter/target/classes:$repo/converter/target/test-classes:$(cat "$repo/converter/target/bench-classpath.txt")"

if [[ ! -d "$work/bundle/rootfs" ]]; then
  umoci unpack --image "$layout:bookworm" "$work/bundle" >/dev/null
fi

measure() { # label output command...
  local label=$1 output=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 \
    || { cat "$work/out.txt" >&2; echo "convert-bench: $label failed: $*" >&2; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  printf '%-16s wall %6ss  user %6ss  sys %5ss  max RSS %4d MiB  output %d bytes\n' \
    "$label" "$wall" "$user" "$sys" $((rss / 1024)) "$(stat -c %s "$output")"
  echo "$label $wall $rss $user $sys $(stat -c %s "$output")" >>"$work/results.txt"
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  $(java -version 2>&1 | head -1)  $(mksquashfs -version | head -1)"
echo "image: $layout (layer $(du -h "$layout"/blobs/sha256/* | sort -h | tail -1 | cut -f1) gzip," \
  "root filesystem $(du -sh --apparent-size "$work/bundle/rootfs" | cut -f1), $(find "$work/bundle/rootfs" | wc -l) entries)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/results.txt"
threads=$(nproc)   # a compression thread per core, as mksquashfs has
for ((i = 1; i <= rounds; i++)); do
  for level in $levels; do
    measure "arca-gzip-$level" "$work/arca-$level.sif" \
      java -Xmx256m -cp "$cp" org.arca.converter.bench.ConvertBench "$layout" bookworm "$work/arca-$level.sif" GZIP \
      "$level" "$threads" 1
    # a second process converts twice: the second conversion's own time is what a running server spends
    java -Xmx256m -cp "$cp" org.arca.converter.bench.ConvertBench "$layout" bookworm "$work/arca-$level.sif" GZIP \
      "$level" "$threads" 2 >"$work/warm.txt"
    grep -o 'run 2 converted in [0-9]*' "$work/warm.txt" | awk -v l="$level" \
      '{printf "arca-warm-gzip-%s wall %6.2fs  (second conversion in one JVM)\n", l, $5 / 1000;
        print "arca-warm-gzip-" l, $5 / 1000, 0, 0, 0, 0 >> "'"$work/results.txt"'"}'
    measure "mksquashfs-gzip-$level" "$work/mksquashfs-$level.sqfs" \
      mksquashfs "$work/bundle/rootfs" "$work/mksquashfs-$level.sqfs" -noappend -comp gzip -Xcompression-level "$level" \
      -quiet -no-progress
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Arca against mksquashfs at the same gzip level first (the comparison that is fair), then every configuration.
# The machine may be shared: the fastest run is the least disturbed one, the median the typical one.
median() { # LABEL FIELD: the median of one column of results.txt (2 wall, 3 RSS KiB, 6 output bytes)
  grep "^$1 " "$work/results.txt" | awk -v f="$2" '{print $f}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
echo "equal gzip level, median of $rounds: Arca from the compressed layer to SIF, mksquashfs from the unpacked tree"
for level in $levels; do
  cold=$(median "arca-gzip-$level" 2) warm=$(median "arca-warm-gzip-$level" 2) mks=$(median "mksquashfs-gzip-$level" 2)
  awk -v l="$level" -v c="$cold" -v w="$warm" -v m="$mks" -v ab="$(median "arca-gzip-$level" 6)" \
      -v mb="$(median "mksquashfs-gzip-$level" 6)" -v ar="$(median "arca-gzip-$level" 3)" \
      -v mr="$(median "mksquashfs-gzip-$level" 3)" 'BEGIN {
    printf "gzip %s: Arca cold %.2fs, warm %.2fs; mksquashfs %.2fs; warm time / mksquashfs time %.2f; output %d vs %d bytes; peak RSS %d vs %d MiB\n",
      l, c, w, m, w / m, ab, mb, ar / 1024, mr / 1024
    printf "RESULT convert_gzip%s arca_cold_s=%.2f arca_warm_s=%.2f mksquashfs_s=%.2f arca_bytes=%d mksquashfs_bytes=%d arca_rss_mib=%d mksquashfs_rss_mib=%d\n",
      l, c, w, m, ab, mb, ar / 1024, mr / 1024 }'
done
for label in $(for level in $levels; do echo "arca-gzip-$level arca-warm-gzip-$level mksquashfs-gzip-$level"; done); do
  grep "^$label " "$work/results.txt" | awk '{print $2, $3, $4 + $5}' | sort -n | awk -v t="$label" \
    '{w[NR]=$1; r[NR]=$2; c[NR]=$3} END {m=int((NR+1)/2);
      printf "%-18s wall fastest %6.2fs median %6.2fs  cpu (user+sys) of median %6.2fs  max RSS %4d MiB  (%d runs)\n",
        t, w[1], w[m], c[m], r[m]/1024, NR}'
done
