#!/usr/bin/env bash
# One benchmark sitting, as docs/benchmarks.md reports it: on this machine, one after the other,
#   1. Debian's docker-registry (the reference, distribution 2.8.2), configured as ../shared/bench/README.md says;
#   2. Arca, registry core only (search, SIF conversion and preservation off), open mode, started by
#      registry-server/bin/arca as the README starts it (-Xmx256m and the memory bounds of that launcher);
#   3. Arca with every feature on (its defaults, except open mode: registry-bench is anonymous), likewise;
#   4. Arca with authentication on: manifest GETs carrying a bearer token, with the same wrk load as registry-bench,
#      next to anonymous GETs on the reference.
# Each server gets a fresh data directory on the same disk. Outputs go to $1 (default target/bench-<time>).
#
#   mvn -q -DskipTests package && registry-server/bench/sitting.sh [--quick] [OUTDIR]
#
# --quick passes --quick to registry-bench and shortens the wrk runs: a smoke test that the sitting works (CI runs it
# through bench/run-all.sh --smoke); its figures are not comparable with a full sitting's.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
quick=()
warm=5s measure=10s
if [[ ${1:-} == --quick ]]; then quick=(--quick); warm=1s measure=2s; shift; fi
bench=${REGISTRY_BENCH:-$root/../shared/bench/registry-bench}
out=$(realpath -m "${1:-target/bench-$(date -u +%Y%m%dT%H%M%SZ)}")
jar=$root/registry-server/target/arca.jar
fixture=${ARCA_TEST_FIXTURES:-$HOME/.cache/arca-test}/debian-minbase-oci
[[ -f $jar ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
for tool in docker-registry curl wrk ab skopeo; do
  command -v $tool >/dev/null || { echo "missing $tool: apt-get install docker-registry curl wrk apache2-utils skopeo" >&2; exit 2; }
done
[[ -d $fixture ]] || "$root/.ci/fixtures/debian-minbase.sh" >/dev/null
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-sitting.XXXXXX")
server=
stop() { if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap 'stop; rm -rf "$work"' EXIT

wait_up() { # URL: until /v2/ answers at all (200, or 401 with authentication on)
  for _ in $(seq 90); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1/v2/" || true)
    [[ $code == 200 || $code == 401 ]] && return 0
    sleep 1
  done
  echo "no answer from $1" >&2; return 1
}

start_arca() { # NAME, then environment assignments
  local name=$1; shift
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec env MICRONAUT_SERVER_PORT=5004 "$@" "$root/registry-server/bin/arca" >"$out/$name.log" 2>&1) &
  server=$!
  wait_up http://127.0.0.1:5004
}

{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"; echo "reference: $(dpkg-query -W docker-registry)"; } >"$out/machine.txt"

echo "== reference registry"
mkdir -p "$work/reference"
cp "$root/registry-server/bench/reference-registry.yml" "$work/reference/registry-config.yml"
(cd "$work/reference" && exec docker-registry serve registry-config.yml >"$out/reference.log" 2>&1) &
server=$!
wait_up http://127.0.0.1:5002
"$bench" http://127.0.0.1:5002 --pid "$server" "${quick[@]}" | tee "$out/reference.txt"
# the anonymous manifest GET that the token figure below is set against, on the image skopeo copies there too
skopeo copy -q --dest-tls-verify=false "oci:$fixture" docker://127.0.0.1:5002/bench/debian:bookworm
wrk -t2 -c32 -d$warm -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  http://127.0.0.1:5002/v2/bench/debian/manifests/bookworm >/dev/null
wrk -t2 -c32 -d$measure --latency -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  http://127.0.0.1:5002/v2/bench/debian/manifests/bookworm | tee "$out/reference-manifest-get.txt"
stop
rm -rf "$work/reference"

echo "== Arca, registry core"
start_arca arca-core ARCA_AUTH_ENABLED=false ARCA_SEARCH_ENABLED=false ARCA_CONVERTER_ENABLED=false \
  ARCA_PRESERVATION_ENABLED=false
"$bench" http://127.0.0.1:5004 --pid "$server" "${quick[@]}" | tee "$out/arca-core.txt"
stop
rm -rf "$work/arca-core"

echo "== Arca, every feature on"
start_arca arca-features ARCA_AUTH_ENABLED=false
"$bench" http://127.0.0.1:5004 --pid "$server" "${quick[@]}" | tee "$out/arca-features.txt"
stop
rm -rf "$work/arca-features"

echo "== Arca with authentication: manifest GET with a bearer token"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
start_arca arca-auth ARCA_ADMIN_PASSWORD="$password"
skopeo copy -q --dest-tls-verify=false --dest-creds "admin:$password" "oci:$fixture" \
  docker://127.0.0.1:5004/bench/debian:bookworm
token=$(curl -sf -u "admin:$password" \
  'http://127.0.0.1:5004/auth/token?service=arca&scope=repository:bench/debian:pull' \
  | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[[ -n $token ]] || { echo "no token from /auth/token" >&2; exit 1; }
# a warm-up as registry-bench's own, so the JIT has compiled the token path before the measured run
wrk -t2 -c32 -d$warm -H "Authorization: Bearer $token" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  http://127.0.0.1:5004/v2/bench/debian/manifests/bookworm >/dev/null
wrk -t2 -c32 -d$measure --latency -H "Authorization: Bearer $token" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  http://127.0.0.1:5004/v2/bench/debian/manifests/bookworm | tee "$out/arca-token-manifest-get.txt"
grep -q 'Non-2xx' "$out/arca-token-manifest-get.txt" && { echo "token GETs were refused" >&2; exit 1; }
stop

echo "results in $out"
grep -h '^RESULT' "$out"/reference.txt "$out"/arca-core.txt "$out"/arca-features.txt

# Ratios to the reference, as the targets are stated (higher is better, except p99 and RSS, given as they are)
python3 - "$out" <<'PY' | tee "$out/ratios.md"
import re, sys
def result(name):
    line = [l for l in open(f"{sys.argv[1]}/{name}.txt") if l.startswith("RESULT")][-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
ref, core, feat = result("reference"), result("arca-core"), result("arca-features")
targets = {"push1M": 1.5, "push16M": 1.5, "push256M": 1.5, "chunked256M": 2, "pull256M_1": 1.2, "pull256M_4": 1.2,
           "manifest_put_s": 1.5,
           "manifest_get_rps": 10, "tags_rps": 10}
print("| measure | reference | Arca core | ratio | Arca all features | ratio | target |")
print("|---|---|---|---|---|---|---|")
for key in ["push1M", "push16M", "push256M", "chunked256M", "pull256M_1", "pull256M_4", "manifest_put_s",
            "manifest_get_rps", "manifest_get_p99_ms", "tags_rps", "rss_mb"]:
    ratio = lambda a: f"{a[key] / ref[key]:.2f}×" if key not in ("manifest_get_p99_ms", "rss_mb") else ""
    target = f"≥ {targets[key]}×" if key in targets else ("≤ 300 MB" if key == "rss_mb" else "")
    print(f"| {key} | {ref[key]:g} | {core[key]:g} | {ratio(core)} | {feat[key]:g} | {ratio(feat)} | {target} |")
PY
