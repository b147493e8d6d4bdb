#!/usr/bin/env bash
# Render time and weight of the web pages, as browsers see them: Arca started as the README starts it
# (registry-server/bin/arca, a fresh data directory), the recipe corpus loaded through the OCI API by load-recipes, then
# wrk with 10 connections on each of the search, repository and image pages in turn, and the weight of each page
# (its HTML plus the stylesheet and scripts it loads; there are no images). SIF conversion is off so that background
# conversions do not compete with the pages.
#
#   bench/web-render.sh [--smoke] [OUTDIR]     # --smoke: 30 recipes and 3-second runs, to check the script works
#
# The whole corpus is about 1,900 images: the issue's 100,000 would need a loader that pushes that many, which this
# script does not have; the search page's cost grows with the index (docs/benchmarks-search.md measures that part).
# Prints one RESULT line a page: requests/s, p50 and p99 in ms, weight in KB, images loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
smoke=0
if [[ ${1:-} == --smoke ]]; then smoke=1; shift; fi
out=$(realpath -m "${1:-target/web-render-$(date -u +%Y%m%dT%H%M%SZ)}")
jar=$root/registry-server/target/arca.jar
corpus=$root/../shared/corpus
port=5009
[[ -f $jar ]] || { echo "web-render: no $jar: build first (mvn -q -DskipTests package)" >&2; exit 2; }
[[ -d $corpus/biocontainers ]] || { echo "web-render: no recipe corpus at $corpus" >&2; exit 2; }
for tool in wrk curl jq; do command -v $tool >/dev/null || { echo "web-render: missing $tool" >&2; exit 2; }; done
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-web-render.XXXXXX")
name=web-render
. "$root/bench/loaded-arca.sh"
trap 'arca_stop; rm -rf "$work"' EXIT

arca_folders 30

arca_start "$out/web-render-server.log"
arca_load "$out/web-render-load.txt" "${folders[@]}"
arca_wait_indexed

# the repository with the most tags among the first results, and its newest image
repository=$(curl -sf "$base/api/v1/search?q=recipe:dockerfile&size=50" \
  | jq -r '[.hits[] | .repository] | group_by(.) | max_by(length) | .[0]')
tag=$(curl -sf "$base/api/v1/repositories/$repository/tags?sort=pushed" | jq -r '.tags[0].tag')
assets=0
for asset in /static/arca.css /static/arca.js /static/htmx.min.js; do
  assets=$((assets + $(curl -sf -o /dev/null -w '%{size_download}' "$base$asset")))
done
: >"$out/web-render.txt"
for page in "search /search?q=${repository##*/}" "repository /r/$repository" "image /r/$repository/$tag"; do
  name=${page%% *} path=${page#* }
  code=$(curl -s -o "$work/page.html" -w '%{http_code}' "$base$path")
  [[ $code == 200 ]] || { echo "web-render: $path answered $code" >&2; exit 1; }
  weight=$(($(stat -c %s "$work/page.html") + assets))
  wrk -t2 -c10 -d"$duration" "$base$path" >/dev/null            # warm-up: the JIT compiles the page's path
  wrk -t2 -c10 -d"$duration" --latency "$base$path" | tee "$out/web-render-$name-wrk.txt"
  if grep -q 'Non-2xx' "$out/web-render-$name-wrk.txt"; then echo "web-render: $path failed under load" >&2; exit 1; fi
  awk -v page="$name" -v path="$path" -v kb="$weight" -v docs="$images" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
    END { printf "RESULT web_render page=%s path=%s rps=%.1f p50_ms=%.2f p99_ms=%.2f weight_kb=%.1f images=%d\n",
          page, path, rps, p50, p99, kb / 1024, docs }
  ' "$out/web-render-$name-wrk.txt" | tee -a "$out/web-render.txt"
done
