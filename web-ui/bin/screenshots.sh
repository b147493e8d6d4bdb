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
server=
stop() { if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap 'stop; rm -rf "$work"' EXIT

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

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mkdir -p "$work/data"
(cd "$work" && exec env MICRONAUT_SERVER_PORT=$port ARCA_ADMIN_PASSWORD="$password" ARCA_CONVERTER_ENABLED=false \
  "$root/registry-server/bin/arca" >"$work/server.log" 2>&1) &
server=$!
base=http://127.0.0.1:$port
for i in $(seq 90); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/v2/" || true) =~ ^(200|401)$ ]] && break
  kill -0 "$server" 2>/dev/null || { tail -20 "$work/server.log" >&2; echo "screenshots: Arca exited" >&2; exit 1; }
  ((i < 90)) || { echo "screenshots: Arca did not answer on port $port" >&2; exit 1; }
  sleep 1
done
java -jar "$jar" load-recipes --url "$base" --user admin --password "$password" \
  "$work/recipes/biocontainers" "$work/recipes/damona" >"$work/load.txt" 2>&1 \
  || { tail -20 "$work/load.txt" >&2; echo "screenshots: load-recipes failed" >&2; exit 1; }
tail -1 "$work/load.txt"
for i in $(seq 300); do
  status=$(curl -sf "$base/api/v1/search/status")
  [[ $status =~ \"queued\":0[,}] && ! $status =~ \"rebuilding\":true ]] && break
  sleep 1
done

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
