#!/usr/bin/env bash
# Screenshots of every page of the web interface, from a server loaded with the shared recipe corpus, into docs/images/
# (docs/web-ui.md shows them all, the README a few). Arca is started as the README starts it (registry-server/bin/arca,
# a fresh data directory), a few dozen BioContainers Dockerfiles and Damona Singularity definitions are pushed as images
# with their recipes by load-recipes (the loader the search benchmark uses), and Debian's headless chromium saves each
# page at a desktop width and at 375 px.
#
#   web-ui/bin/screenshots.sh [--recipes N] [OUTDIR]     # default: 40 recipes, docs/images
#
# Needs registry-server/target/arca.jar (mvn -o -q -pl registry-server -am -DskipTests package), chromium, curl, jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
recipes=40
if [[ ${1:-} == --recipes ]]; then recipes=$2; shift 2; fi
out=$(realpath -m "${1:-docs/images}")
jar=$root/registry-server/target/arca.jar
corpus=$root/../shared/corpus
port=5008
[[ -f $jar ]] || { echo "screenshots: no $jar: build first (mvn -o -q -pl registry-server -am -DskipTests package)" >&2; exit 2; }
[[ -d $corpus/biocontainers ]] || { echo "screenshots: no recipe corpus at $corpus" >&2; exit 2; }
for tool in chromium curl jq; do command -v $tool >/dev/null || { echo "screenshots: missing $tool" >&2; exit 2; }; done
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-screenshots.XXXXXX")
name=screenshots
. "$root/bench/loaded-arca.sh"
trap 'arca_stop; rm -rf "$work"' EXIT

# a spread of tools: every tenth BioContainers tool (all its versions, so repository pages have several tags) and a
# few Damona definitions, so both recipe kinds show
mkdir -p "$work/recipes/biocontainers" "$work/recipes/damona"
count=0
for tool in $(ls "$corpus/biocontainers" | grep -v LICENSE | awk 'NR % 10 == 1'); do
  ((count < recipes * 3 / 4)) || break
  cp -r "$corpus/biocontainers/$tool" "$work/recipes/biocontainers/"
  count=$((count + $(find "$corpus/biocontainers/$tool" -name Dockerfile | wc -l)))
done
for tool in $(ls "$corpus/damona/recipes" | head -n $((recipes / 4))); do
  cp -r "$corpus/damona/recipes/$tool" "$work/recipes/damona/"
done

arca_start "$work/server.log"
arca_load "$work/load.txt" "$work/recipes/biocontainers" "$work/recipes/damona"
arca_wait_indexed

# the pages to show: a repository with several tags, one of its images, a Singularity-built image
repository=$(curl -sf "$base/api/v1/search?q=recipe:dockerfile&size=50" \
  | jq -r '[.hits[] | .repository] | group_by(.) | max_by(length) | .[0]')
image=$(curl -sf "$base/api/v1/repositories/$repository/tags?sort=pushed" | jq -r '.tags[0] | "\(.tag) \(.digest)"')
tag=${image% *} digest=${image#* }
singularity=$(curl -sf "$base/api/v1/search?q=recipe:singularity&size=1" | jq -r '.hits[0] | "\(.repository)/\(.tag)"')
tool=${repository##*/}

shoot() { # name path width height
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --lang=en --window-size="$3,$4" \
    --virtual-time-budget=5000 \
    --screenshot="$out/$1.png" "$base$2" >/dev/null 2>&1
  echo "screenshots: $out/$1.png  $2"
}
shoot home / 1280 700
shoot search "/search?q=$tool" 1280 1400
shoot search-375 "/search?q=$tool" 375 1600
shoot repository "/r/$repository" 1280 1000
shoot repository-375 "/r/$repository" 375 1400
shoot image "/r/$repository/$tag" 1280 2600
shoot image-375 "/r/$repository/$tag" 375 4200
shoot image-singularity "/r/$singularity" 1280 2600
shoot landing "/cite/$repository@$digest" 1280 1700
shoot not-found "/r/nosuch/image" 1280 600
