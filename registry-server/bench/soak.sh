#!/usr/bin/env bash
# A memory soak, as docs/benchmarks.md reports it: Arca started as the README says, under a mixed load for N minutes,
# its resident memory sampled every 10 s.
#
#   mvn -q -DskipTests package && registry-server/bench/soak.sh 30 [OUT]
#
# The load, all on 127.0.0.1 and every loop bounded by the end time and a count:
#   - manifest GETs: wrk -t2 -c50 for 20 s, a 5 s pause, again (anonymous: repositories are public by default);
#   - two pushers: each pushes a never-seen blob (1 MiB, one in eight 16 MiB; monolithic, one in four chunked),
#     an OCI artifact manifest referencing it under a new tag, and every tenth turn copies a real image
#     (Debian minbase) with skopeo into one of a few repositories, which the features index and convert;
#   - two pullers: the last pushed blob, a layer of the real image, a manifest and a tag list, with curl;
#   - one searcher: /api/v1/search with a rotating set of queries.
# Outputs go to OUT (default target/soak-<time>): rss.tsv (one line per sample), wrk.txt, arca.log, summary.txt.
# Arca is started with registry-server/bin/arca, as the README says; SOAK_PLAIN=1 starts it with java -Xmx256m -jar
# instead, for comparison. Environment: ARCA_JAR (default registry-server/target/arca.jar), SOAK_PORT (5010),
# SOAK_JAVA_OPTS (further JVM options, e.g. -XX:NativeMemoryTracking=summary: then the native memory summary is
# taken at the end, into nmt.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
minutes=${1:-30}
[[ $minutes =~ ^[0-9]+$ && $minutes -ge 1 ]] || { echo "usage: soak.sh MINUTES [OUT]" >&2; exit 2; }
out=$(realpath -m "${2:-target/soak-$(date -u +%Y%m%dT%H%M%SZ)}")
jar=$(realpath -m "${ARCA_JAR:-$root/registry-server/target/arca.jar}")
port=${SOAK_PORT:-5010}
base=http://127.0.0.1:$port
fixture=${ARCA_TEST_FIXTURES:-$HOME/.cache/arca-test}/debian-minbase-oci
[[ -f $jar ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
for tool in curl wrk skopeo sha256sum python3; do
  command -v $tool >/dev/null || { echo "missing $tool: apt-get install curl wrk skopeo python3" >&2; exit 2; }
done
[[ -d $fixture ]] || "$root/.ci/fixtures/debian-minbase.sh" >/dev/null
if curl -s -o /dev/null --max-time 2 "$base/"; then echo "port $port is in use: set SOAK_PORT" >&2; exit 2; fi
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-soak.XXXXXX")
server=
loops=()
stop() {
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${loops[@]}"; do wait "$pid" 2>/dev/null || true; done
  loops=()
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi
}
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

echo "== starting Arca on $base"
mkdir -p "$work/arca"
if [[ ${SOAK_PLAIN:-} == 1 ]]; then
  # shellcheck disable=SC2086
  (cd "$work/arca" && exec env MICRONAUT_SERVER_PORT=$port java -Xmx256m ${SOAK_JAVA_OPTS:-} -jar "$jar" \
    >"$out/arca.log" 2>&1) &
else
  (cd "$work/arca" && exec env MICRONAUT_SERVER_PORT=$port ARCA_JAR="$jar" ARCA_JAVA_OPTS="${SOAK_JAVA_OPTS:-}" \
    "$root/registry-server/bin/arca" >"$out/arca.log" 2>&1) &
fi
server=$!
for _ in $(seq 120); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/v2/" || true) =~ ^(200|401)$ ]] && break
  sleep 1
done
password=$(cat "$work/arca/data/initial-admin-password")
creds="admin:$password"
# bin/arca ends in exec java, so the process started is the JVM
jvm=$server
{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"; echo "command: $(tr '\0' ' ' </proc/$jvm/cmdline)"
  echo "minutes: $minutes"; } | tee "$out/machine.txt"

skopeo copy -q --dest-tls-verify=false --dest-creds "$creds" "oci:$fixture:bookworm" \
  "docker://127.0.0.1:$port/soak/debian:bookworm"
fixture_layer=$(curl -sf "$base/v2/soak/debian/manifests/bookworm" \
  -H 'Accept: application/vnd.oci.image.manifest.v1+json' | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][0]["digest"])')
for size in 1 16; do head -c $((size << 20)) /dev/urandom >"$work/random-$size"; done
end=$(($(date +%s) + minutes * 60))
running() { (($(date +%s) < end)); }

push_blob() { # REPO FILE CHUNKED: prints the digest
  local repo=$1 file=$2 chunked=$3 digest location size
  digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
  size=$(stat -c %s "$file")
  location=$(curl -sf --max-time 60 -u "$creds" -X POST -o /dev/null -D - "$base/v2/$repo/blobs/uploads/" \
    | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $location == /* ]] && location=$base$location
  if [[ $chunked == 1 ]]; then
    local half=$((size / 2))
    curl -sf --max-time 60 -u "$creds" -X PATCH -H 'Content-Type: application/octet-stream' \
      -H "Content-Range: 0-$((half - 1))" --data-binary @<(head -c $half "$file") -o /dev/null -D - "$location" \
      | tr -d '\r' | sed -n 's/^[Ll]ocation: //p' >"$file.loc"
    location=$(cat "$file.loc")
    [[ $location == /* ]] && location=$base$location
    curl -sf --max-time 60 -u "$creds" -X PATCH -H 'Content-Type: application/octet-stream' \
      -H "Content-Range: $half-$((size - 1))" --data-binary @<(tail -c +$((half + 1)) "$file") -o /dev/null -D - \
      "$location" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p' >"$file.loc"
    location=$(cat "$file.loc")
    [[ $location == /* ]] && location=$base$location
    [[ $location == *\?* ]] && location="$location&digest=$digest" || location="$location?digest=$digest"
    curl -sf --max-time 60 -u "$creds" -X PUT -o /dev/null "$location"
  else
    [[ $location == *\?* ]] && location="$location&digest=$digest" || location="$location?digest=$digest"
    curl -sf --max-time 60 -u "$creds" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$file" \
      -o /dev/null "$location"
  fi
  echo "$digest $size"
}

pusher() { # NUMBER
  local w=$1 repo=soak/push-$1 i=0 blob digest size empty=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
  printf '{}' >"$work/empty-$w"
  push_blob "$repo" "$work/empty-$w" 0 >/dev/null
  while running && ((i < 100000)); do
    i=$((i + 1))
    blob=$work/blob-$w
    # a unique first 64 bytes: no deduplication short-cuts the upload
    { printf '%-64s' "soak $w $i $(date +%s%N)"; tail -c +65 "$work/random-$((i % 8 == 0 ? 16 : 1))"; } >"$blob"
    read -r digest size < <(push_blob "$repo" "$blob" $((i % 4 == 0 ? 1 : 0))) || { echo "push $w.$i failed"; continue; }
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.arca.soak.v1","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},"layers":[{"mediaType":"application/octet-stream","digest":"%s","size":%s}],"annotations":{"org.opencontainers.image.title":"soak %s %s"}}' \
      "$empty" "$digest" "$size" "$w" "$i" >"$work/manifest-$w"
    curl -sf --max-time 60 -u "$creds" -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
      --data-binary @"$work/manifest-$w" -o /dev/null "$base/v2/$repo/manifests/t$i" || echo "manifest $w.$i failed"
    echo "$repo $digest" >"$work/last-$w.tmp" && mv "$work/last-$w.tmp" "$work/last-$w"
    if ((i % 10 == 0)); then
      timeout 120 skopeo copy -q --dest-tls-verify=false --dest-creds "$creds" "oci:$fixture:bookworm" \
        "docker://127.0.0.1:$port/soak/copy-$w-$((i / 10 % 5)):t$i" || echo "copy $w.$i failed"
    fi
    sleep 1
  done
  echo "pusher $w: $i pushes"
}

puller() { # NUMBER
  local w=$1 i=0 repo digest
  while running && ((i < 1000000)); do
    i=$((i + 1))
    if [[ -f $work/last-$(((i % 2) + 1)) ]]; then
      read -r repo digest <"$work/last-$(((i % 2) + 1))"
      curl -sf --max-time 60 -o /dev/null "$base/v2/$repo/blobs/$digest" || echo "pull $repo $digest failed"
    fi
    curl -sf --max-time 60 -o /dev/null "$base/v2/soak/debian/blobs/$fixture_layer" || echo "pull layer failed"
    curl -sf --max-time 60 -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "$base/v2/soak/debian/manifests/bookworm" || echo "pull manifest failed"
    curl -sf --max-time 60 -o /dev/null "$base/v2/soak/push-$w/tags/list?n=50" || echo "tags $w failed"
    sleep 0.5
  done
  echo "puller $w: $i rounds"
}

searcher() {
  local i=0 queries=(debian soak bash 'license:GPL-3.0' 'soak+1' coreutils 'package:bash' libc6 apt python)
  while running && ((i < 1000000)); do
    curl -sf --max-time 60 -o /dev/null "$base/api/v1/search?q=${queries[i % ${#queries[@]}]}&size=10" \
      || echo "search ${queries[i % ${#queries[@]}]} failed"
    i=$((i + 1))
    sleep 0.2
  done
  echo "searcher: $i searches"
}

manifest_load() {
  local i=0
  while running && ((i < 10000)); do
    i=$((i + 1))
    timeout 60 wrk -t2 -c50 -d20s --timeout 10s --latency -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "$base/v2/soak/debian/manifests/bookworm" >"$work/wrk-last.txt" || true
    { echo "== round $i, $(date -u +%H:%M:%S)"; grep -E 'Requests/sec|^ +99%|Non-2xx|Socket errors' "$work/wrk-last.txt"; } \
      >>"$out/wrk.txt"
    sleep 5
  done
}

echo "== soak for $minutes minutes, until $(date -u -d @$end +%H:%M:%S) UTC"
manifest_load >"$out/load.log" 2>&1 & loops+=($!)
pusher 1 >>"$out/load.log" 2>&1 & loops+=($!)
pusher 2 >>"$out/load.log" 2>&1 & loops+=($!)
puller 1 >>"$out/load.log" 2>&1 & loops+=($!)
puller 2 >>"$out/load.log" 2>&1 & loops+=($!)
searcher >>"$out/load.log" 2>&1 & loops+=($!)

start=$(date +%s)
printf 'seconds\trss_mib\tanon_mib\tfile_mib\tthreads\n' | tee "$out/rss.tsv"
while running; do
  awk -v t=$(($(date +%s) - start)) '/^VmRSS/ {r=$2} /^RssAnon/ {a=$2} /^RssFile/ {f=$2} /^Threads/ {n=$2}
    END {printf "%d\t%.1f\t%.1f\t%.1f\t%d\n", t, r/1024, a/1024, f/1024, n}' "/proc/$jvm/status" | tee -a "$out/rss.tsv"
  sleep 10
done
for pid in "${loops[@]}"; do wait "$pid" 2>/dev/null || true; done
loops=()
# which pools the threads belong to: names without their trailing numbers, counted
sed 's/[-#]*[0-9]*$//' /proc/"$jvm"/task/*/comm | sort | uniq -c | sort -rn >"$out/threads.txt"
if [[ ${SOAK_JAVA_OPTS:-} == *NativeMemoryTracking* ]]; then jcmd "$jvm" VM.native_memory summary >"$out/nmt.txt" || true; fi
grep -c failed "$out/load.log" >"$out/failures.txt" || true

python3 - "$out" <<'PY' | tee "$out/summary.txt"
import sys
rows = [line.split("\t") for line in open(f"{sys.argv[1]}/rss.tsv").read().splitlines()[1:]]
t = [int(r[0]) for r in rows]; rss = [float(r[1]) for r in rows]; threads = [int(r[4]) for r in rows]
third = max(1, len(rss) // 3)
middle, last = rss[third:2 * third] or rss, rss[-third:]
# a least-squares slope over the second half, after the warm-up: how fast resident memory still grows
half = len(rss) // 2
xs, ys = t[half:], rss[half:]
mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
den = sum((x - mx) ** 2 for x in xs) or 1
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den * 3600
print(f"samples: {len(rss)} over {t[-1]} s")
print(f"RSS MiB: min {min(rss):.1f}, max {max(rss):.1f}, last {rss[-1]:.1f}")
print(f"RSS MiB, mean of the middle third {sum(middle) / len(middle):.1f}, of the last third {sum(last) / len(last):.1f}")
print(f"RSS slope over the second half: {slope:+.1f} MiB/hour")
print(f"threads: min {min(threads)}, max {max(threads)}, last {threads[-1]}")
PY
echo "wrk manifest GET rounds (p99): $(grep -c '99%' "$out/wrk.txt")"
awk '/^ +99%/ {print $2}' "$out/wrk.txt" | tr '\n' ' '; echo
echo "failed requests in the load loops: $(cat "$out/failures.txt")"
echo "results in $out"
