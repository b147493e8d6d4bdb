#!/usr/bin/env bash
# Search over HTTP, as clients see it: Arca started as the README starts it (registry-server/bin/arca, a fresh data directory), the
# recipe corpus loaded through the OCI API by load-recipes, then wrk with 50 connections on /api/v1/search cycling
# through term, phrase, field, faceted and filter-only queries (bench/search-queries.lua). SIF conversion is off so
# that background conversions do not compete with the searches; search and preservation are on.
#
#   bench/search-http.sh [--smoke] [OUTDIR]     # --smoke: 40 recipes and 3-second runs, to check the script works
#
# Prints wrk's latency distribution and one RESULT line: search_http_rps, p50 and p99 in ms, images indexed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
smoke=0
if [[ ${1:-} == --smoke ]]; then smoke=1; shift; fi
out=$(realpath -m "${1:-target/search-http-$(date -u +%Y%m%dT%H%M%SZ)}")
jar=$root/registry-server/target/arca.jar
corpus=$root/../shared/corpus
port=5006
[[ -f $jar ]] || { echo "search-http: no $jar: build first (mvn -q -DskipTests package)" >&2; exit 2; }
[[ -d $corpus/biocontainers ]] || { echo "search-http: no recipe corpus at $corpus" >&2; exit 2; }
command -v wrk >/dev/null || { echo "search-http: missing wrk (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-search-http.XXXXXX")
name=search-http
. "$root/bench/loaded-arca.sh"
trap 'arca_stop; rm -rf "$work"' EXIT

arca_folders 40

arca_start "$out/search-http-server.log"
echo "search-http: loading ${folders[*]}"
arca_load "$out/search-http-load.txt" "${folders[@]}"
arca_wait_indexed
documents=$images

url="http://127.0.0.1:$port/api/v1/search"
script=$root/bench/search-queries.lua
# every query once with curl first: wrk counts non-2xx answers but does not say what they were
while read -r query; do
  code=$(curl -s -o "$work/answer.json" -w '%{http_code}' "$url?$query")
  [[ $code == 200 ]] || { echo "search-http: $url?$query answered $code: $(head -c 300 "$work/answer.json")" >&2; exit 1; }
done < <(sed -n 's/^ *"\(q=[^"]*\)",*$/\1/p' "$script")
wrk -t2 -c50 -d"$duration" -s "$script" "$url" >/dev/null            # warm-up: the JIT compiles the search path
wrk -t2 -c50 -d"$duration" --latency -s "$script" "$url" | tee "$out/search-http-wrk.txt"
if grep -q 'Non-2xx' "$out/search-http-wrk.txt"; then echo "search-http: some searches failed under load" >&2; exit 1; fi
awk -v docs="$documents" '
  function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
  $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
  END { printf "RESULT search_http_rps=%.1f search_http_p50_ms=%.2f search_http_p99_ms=%.2f images=%d\n", rps, p50, p99, docs }
' "$out/search-http-wrk.txt" | tee "$out/search-http.txt"
