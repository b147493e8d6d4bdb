#!/bin/bash
# What hashing a full blob download while it is sent costs (arca.fixity.verify-downloads): the same jar started
# twice, once with it off and once on, each pulling one 256 MiB blob 7 times with one curl and 3 times with four.
# Prints the median MiB/s and the server's CPU seconds (user + system, push and pulls included).
# usage: registry-server/bench/fixity-pull.sh [JAR]   (default registry-server/target/arca.jar; needs curl)
set -euo pipefail
jar=${1:-registry-server/target/arca.jar}; port=5077; work=$(mktemp -d); runs=7
head -c $((256 << 20)) /dev/urandom > "$work/blob"
digest=sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)
for verify in false true; do
  rm -rf "$work/data"
  ARCA_DATA_DIR=$work/data MICRONAUT_SERVER_PORT=$port ARCA_AUTH_ENABLED=false ARCA_FIXITY_SCRUB=false \
    ARCA_FIXITY_VERIFY_DOWNLOADS=$verify java -Xmx512m -jar "$jar" > "$work/log-$verify" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/v2/" > /dev/null; do sleep 1; done
  loc=$(curl -sf -D - -o /dev/null -X POST "http://127.0.0.1:$port/v2/bench/blob/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
sep="?"; [[ $loc == *"?"* ]] && sep="&"
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$work/blob" "http://127.0.0.1:$port$loc${sep}digest=$digest" > /dev/null
  for i in 1 2; do curl -sf -o /dev/null "http://127.0.0.1:$port/v2/bench/blob/blobs/$digest"; done  # warm-up
  one=$(for i in $(seq $runs); do curl -sf -o /dev/null -w '%{speed_download}\n' "http://127.0.0.1:$port/v2/bench/blob/blobs/$digest"; done \
    | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1048576}')
  four=$(for r in $(seq 3); do s=$(date +%s.%N); for c in 1 2 3 4; do curl -sf -o /dev/null "http://127.0.0.1:$port/v2/bench/blob/blobs/$digest" & done; wait; \
    e=$(date +%s.%N); echo "$s $e" | awk '{printf "%.0f\n", 4*256/($2-$1)}'; done | sort -n | sed -n 2p)
  cpu=$(awk '{print ($14+$15)/100}' /proc/$pid/stat)
  echo "verify-downloads=$verify  pull256M_1=${one} MiB/s  pull256M_4=${four} MiB/s  server CPU so far=${cpu}s"
  kill $pid; wait $pid 2>/dev/null || true
done
rm -rf "$work"
