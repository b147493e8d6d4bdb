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
server=
stop() { if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap 'stop; rm -rf "$work"' EXIT

if ((smoke)); then
  folders=("$work/recipes")
  mkdir -p "$work/recipes"
  for tool in $(ls "$corpus/biocontainers" | grep -v LICENSE | head -40); do cp -r "$corpus/biocontainers/$tool" "$work/recipes/"; done
  duration=3s
else
  folders=("$corpus/biocontainers" "$corpus/damona/recipes")
  duration=20s
fi

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mkdir -p "$work/data"
(cd "$work" && exec env MICRONAUT_SERVER_PORT=$port ARCA_ADMIN_PASSWORD="$password" ARCA_CONVERTER_ENABLED=false \
  "$root/registry-server/bin/arca" >"$out/search-http-server.log" 2>&1) &
server=$!
for i in $(seq 90); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true) =~ ^(200|401)$ ]] && break
  kill -0 "$server" 2>/dev/null || { echo "search-http: Arca exited; see $out/search-http-server.log" >&2; exit 1; }
  ((i < 90)) || { echo "search-http: Arca did not answer on port $port" >&2; exit 1; }
  sleep 1
done

echo "search-http: loading ${folders[*]}"
java -jar "$jar" load-recipes --url "http://127.0.0.1:$port" --user admin --password "$password" "${folders[@]}" \
  >"$out/search-http-load.txt" 2>&1 || { tail -20 "$out/search-http-load.txt" >&2; echo "search-http: load-recipes failed" >&2; exit 1; }
tail -2 "$out/search-http-load.txt"
# the index follows pushes in the background: measure searches over the whole corpus, not a half-built index
for i in $(seq 600); do
  status=$(curl -sf "http://127.0.0.1:$port/api/v1/search/status")
  [[ $status =~ \"queued\":0[,}] && ! $status =~ \"rebuilding\":true ]] && break
  ((i < 600)) || { echo "search-http: the index still has work queued after 10 minutes: $status" >&2; exit 1; }
  sleep 1
done
documents=$(sed -n 's/.*"documents":\([0-9]*\).*/\1/p' <<<"$status")
echo "search-http: $documents images indexed"
((documents > 0)) || { echo "search-http: nothing was indexed: $status" >&2; exit 1; }

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
