#!/usr/bin/env bash
# Where a manifest PUT's CPU goes with every feature on: Arca started by registry-server/bin/arca (open mode, fresh
# data directory), then ROUNDS rounds of 200 distinct manifests PUT one after another on one connection, as
# registry-bench's manifest PUT does (config and one 4 KiB layer, differing by an annotation). For each round it
# prints the rate, and the CPU time the server's threads took during the round and the 3 s after it (the features
# consume the event log asynchronously), per PUT and per thread group from /proc/PID/task/*/stat. CPU per PUT says
# more than the rate on a shared machine.
#
#   mvn -q -DskipTests package && registry-server/bench/manifest-put-cpu.sh [ROUNDS]
#
# Environment: ARCA_JAR (default registry-server/target/arca.jar), BENCH_PORT (5020); further variables (e.g.
# ARCA_SEARCH_ENABLED=false) reach Arca through the environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
rounds=${1:-4}
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 ]] || { echo "usage: manifest-put-cpu.sh [ROUNDS]" >&2; exit 2; }
jar=$(realpath -m "${ARCA_JAR:-$root/registry-server/target/arca.jar}")
port=${BENCH_PORT:-5020}
base=http://127.0.0.1:$port
[[ -f $jar ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
if curl -s -o /dev/null --max-time 2 "$base/"; then echo "port $port is in use: set BENCH_PORT" >&2; exit 2; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-put-cpu.XXXXXX")
server=
trap 'if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
mkdir -p "$work/arca"
(cd "$work/arca" && exec env MICRONAUT_SERVER_PORT=$port ARCA_AUTH_ENABLED=false ARCA_JAR="$jar" \
  "$root/registry-server/bin/arca" >"$work/arca.log" 2>&1) &
server=$! # bin/arca ends in exec java: this is the JVM
for _ in $(seq 300); do curl -s -o /dev/null "$base/v2/" && break; sleep 1; done
curl -sf -o /dev/null "$base/v2/" || { echo "Arca did not answer on $base within 300 s:" >&2; tail -5 "$work/arca.log" >&2; exit 1; }
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$root" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"

repo=bench/put-cpu
mt=application/vnd.oci.image.manifest.v1+json
push() { # FILE: prints digest and size
  local digest location
  digest=sha256:$(sha256sum "$1" | cut -d' ' -f1)
  location=$(curl -sf -X POST -D - -o /dev/null "$base/v2/$repo/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $location == /* ]] && location=$base$location
  [[ $location == *\?* ]] && location="$location&digest=$digest" || location="$location?digest=$digest"
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$1" -o /dev/null "$location"
  echo "$digest $(stat -c %s "$1")"
}
threads() { # per thread group (name without its number): CPU ticks
  for task in /proc/"$server"/task/*; do
    awk -v name="$(sed 's/[-#]*[0-9]*$//' "$task/comm")" '{print name "\t" $14 + $15}' "$task/stat" 2>/dev/null || true
  done | awk -F'\t' '{s[$1] += $2} END {for (k in s) print k "\t" s[k]}'
}
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%064d"]}}' 0 \
  >"$work/config.json"
head -c 4096 /dev/urandom >"$work/layer"
read -r config_digest config_size < <(push "$work/config.json")
read -r layer_digest layer_size < <(push "$work/layer")
ticks=$(getconf CLK_TCK)
for round in $(seq "$rounds"); do
  : >"$work/put.cfg"
  for i in $(seq 200); do
    printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}],"annotations":{"bench.put":"%s %s"}}' \
      "$mt" "$config_digest" "$config_size" "$layer_digest" "$layer_size" "$round" "$i" >"$work/m$i.json"
    printf 'url = "%s"\nrequest = "PUT"\nheader = "Content-Type: %s"\ndata-binary = "@%s"\noutput = "/dev/null"\nsilent\nwrite-out = "%%{http_code}\\n"\nnext\n' \
      "$base/v2/$repo/manifests/r${round}-$i" "$mt" "$work/m$i.json" >>"$work/put.cfg"
  done
  sed -i '$d' "$work/put.cfg"
  threads >"$work/before"
  t0=$(date +%s%N)
  curl -K "$work/put.cfg" >"$work/codes"
  t1=$(date +%s%N)
  sleep 3
  threads >"$work/after"
  [[ $(grep -c '^201$' "$work/codes") == 200 ]] || { echo "round $round: not every PUT answered 201" >&2; exit 1; }
  echo "== round $round: $(awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.1f", 200 / (ns / 1e9)}') PUT/s; server CPU, ms per PUT:"
  awk -F'\t' -v hz="$ticks" 'NR == FNR {before[$1] = $2; next}
    {ms = ($2 - before[$1]) * 1000 / hz / 200; total += ms; if (ms >= 0.05) printf "%8.2f  %s\n", ms, $1}
    END {printf "%8.2f  total\n", total}' "$work/before" "$work/after" | sort -rn
done
