#!/bin/bash
# Scrub throughput against sha256sum over the same blob files, and pull throughput with and without a scrub running.
# Pushes BLOBS random blobs of MIB MiB each, then, with the files in the page cache:
#   sha256sum over data/blobs/sha256/*/*  against  POST /api/v1/fsck?deep=true (the scrub's verifier, unthrottled)
#   minus POST /api/v1/fsck (the same walk without re-hashing), best of 3 each;
# then pulls one blob 5 times (median MiB/s) idle and while a scrub runs at its default cap (arca.fixity.bandwidth
# 50MB; interval = cycle, so that one run covers the whole store).
# usage: registry-server/bench/scrub.sh [--smoke] [JAR]   (default registry-server/target/arca.jar; needs curl)
set -euo pipefail
blobs=8 mib=128
if [[ ${1:-} == --smoke ]]; then blobs=3 mib=4; shift; fi
jar=${1:-registry-server/target/arca.jar}; port=5078; work=$(mktemp -d)
export ARCA_DATA_DIR=$work/data ARCA_AUTH_ENABLED=false ARCA_FIXITY_SCRUB=false MICRONAUT_SERVER_PORT=$port
url=http://127.0.0.1:$port

start() { java -Xmx512m -jar "$jar" >> "$work/log" 2>&1 & pid=$!; until curl -sf "$url/v2/" > /dev/null; do sleep 1; done; }
stop() { kill $pid; wait $pid 2>/dev/null || true; }
best() { sort -n | head -1; }  # the fastest of several runs: the least disturbed by the shared machine
seconds() { local s; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; echo "$s $(date +%s.%N)" | awk '{print $2-$1}'; }

start
digests=()
for i in $(seq $blobs); do
  head -c $((mib << 20)) /dev/urandom > "$work/blob"
  digest=sha256:$(sha256sum "$work/blob" | cut -d' ' -f1); digests+=("$digest")
  loc=$(curl -sf -D - -o /dev/null -X POST "$url/v2/bench/scrub/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
  sep="?"; [[ $loc == *"?"* ]] && sep="&"
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$work/blob" "$url$loc${sep}digest=$digest" > /dev/null
done
rm -f "$work/blob"

total=$((blobs * mib))
cat "$ARCA_DATA_DIR"/blobs/sha256/*/* > /dev/null  # into the page cache, for both readers alike
sha=$(for r in 1 2 3; do seconds sh -c "sha256sum $ARCA_DATA_DIR/blobs/sha256/*/*"; done | best)
deep=$(for r in 1 2 3; do seconds curl -sf -X POST "$url/api/v1/fsck?deep=true"; done | best)
shallow=$(for r in 1 2 3; do seconds curl -sf -X POST "$url/api/v1/fsck"; done | best)
ratios=$(echo "$total $sha $deep $shallow" | awk '{h=$3-$4; if (h<=0) h=0.001; printf "%.0f %.0f", $1/$2, $1/h}')
echo "$total $sha $deep $shallow" | awk '{h=$3-$4; if (h<=0) h=0.001;
  printf "store=%d MiB  sha256sum=%.0f MiB/s  scrub verifier (fsck deep - fsck)=%.0f MiB/s  ratio=%.2fx\n", $1, $1/$2, $1/h, ($1/h)/($1/$2)}'

pull() { for r in 1 2 3 4 5; do curl -sf -o /dev/null -w '%{speed_download}\n' "$url/v2/bench/scrub/blobs/${digests[0]}"; done \
  | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[3]/1048576}'; }
# each scrub run checks interval/cycle of the store: equal, so that one run covers all of it at the bandwidth cap
stop
ARCA_FIXITY_INTERVAL=1h ARCA_FIXITY_CYCLE=1h start
idle=$(pull)
scrubbing() { curl -sf -X POST "$url/api/v1/fixity/scrub" | grep -q '"state":"running"'; }  # queues one if none
for i in $(seq 100); do scrubbing && break; sleep 0.2; done
busy=$(pull)
state=$(curl -sf -X POST "$url/api/v1/fixity/scrub" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
echo "pull${mib}M idle=${idle} MiB/s  pull${mib}M with a scrub running=${busy} MiB/s  (scrub state after the pulls: $state)"
read -r sha_mibs scrub_mibs <<< "$ratios"
echo "RESULT scrub store_mib=$total blob_mib=$mib sha256sum_mibs=$sha_mibs scrub_mibs=$scrub_mibs pull_idle_mibs=$idle pull_scrubbing_mibs=$busy"
stop
rm -rf "$work"
