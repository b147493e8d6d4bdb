# Sourced by the scripts that measure or photograph a running Arca loaded with the recipe corpus (bench/search-http.sh,
# bench/web-render.sh, web-ui/bin/screenshots.sh): start it as the README does (registry-server/bin/arca, a fresh data
# directory in $work, SIF conversion off so that background conversions compete with nothing), push recipes with
# load-recipes, and wait until search has indexed them all.
#
# The sourcing script sets: name (for messages), root, jar, work, port, corpus, smoke. These functions set: server,
# base, password, images; arca_folders sets folders and duration.

arca_stop() { if [[ -n ${server:-} ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }

arca_folders() { # SMOKE_TOOLS: what to load and how long to measure: in smoke mode the first SMOKE_TOOLS tools' recipes
  if ((smoke)); then
    folders=("$work/recipes")
    mkdir -p "$work/recipes"
    for tool in $(ls "$corpus/biocontainers" | grep -v LICENSE | head -"$1"); do cp -r "$corpus/biocontainers/$tool" "$work/recipes/"; done
    duration=3s
  else
    folders=("$corpus/biocontainers" "$corpus/damona/recipes")
    duration=20s
  fi
}

arca_start() { # SERVER_LOG
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$work/data"
  (cd "$work" && exec env MICRONAUT_SERVER_PORT=$port ARCA_ADMIN_PASSWORD="$password" ARCA_CONVERTER_ENABLED=false \
    "$root/registry-server/bin/arca" >"$1" 2>&1) &
  server=$!
  base=http://127.0.0.1:$port
  local i
  for i in $(seq 90); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/v2/" || true) =~ ^(200|401)$ ]] && return 0
    kill -0 "$server" 2>/dev/null || { echo "$name: Arca exited; see $1" >&2; exit 1; }
    sleep 1
  done
  echo "$name: Arca did not answer on port $port" >&2
  exit 1
}

arca_load() { # LOAD_LOG FOLDER...
  local log=$1
  shift
  java -jar "$jar" load-recipes --url "$base" --user admin --password "$password" "$@" >"$log" 2>&1 \
    || { tail -20 "$log" >&2; echo "$name: load-recipes failed" >&2; exit 1; }
  tail -2 "$log"
}

# the index follows pushes in the background: measure over the whole corpus, not a half-built index
arca_wait_indexed() {
  local i status
  for i in $(seq 600); do
    status=$(curl -sf "$base/api/v1/search/status")
    [[ $status =~ \"queued\":0[,}] && ! $status =~ \"rebuilding\":true ]] && break
    ((i < 600)) || { echo "$name: the index still has work queued after 10 minutes: $status" >&2; exit 1; }
    sleep 1
  done
  images=$(sed -n 's/.*"documents":\([0-9]*\).*/\1/p' <<<"$status")
  echo "$name: $images images indexed"
  ((images > 0)) || { echo "$name: nothing was indexed: $status" >&2; exit 1; }
}
