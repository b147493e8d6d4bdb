#!/usr/bin/env bash
# The tail of manifest GET latency, Arca against the reference registry, in one sitting: wrk -t2 -c50 --latency on
# the manifest of a real image, first alone, then while a client pushes 16 MiB blobs in a loop. Both servers run
# side by side on loopback and are loaded in turn, round after round, so that whatever else the machine does weighs
# on both alike. Arca is started with registry-server/bin/arca, as the README says, and logs its GC pauses.
#
#   mvn -q -DskipTests package && registry-server/bench/manifest-tail.sh [ROUNDS] [OUT]
#
# ARCA_PLAIN=1 starts Arca with java -Xmx256m -jar instead. Outputs go to OUT (default target/tail-<time>): one wrk
# output per server, load and round, arca-gc.log, and summary.md (req/s, p50, p99 and max per run, and Arca's GC
# pauses during the loaded rounds).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
rounds=${1:-3}
out=$(realpath -m "${2:-target/tail-$(date -u +%Y%m%dT%H%M%SZ)}")
jar=$(realpath -m "${ARCA_JAR:-$root/registry-server/target/arca.jar}")
fixture=${ARCA_TEST_FIXTURES:-$HOME/.cache/arca-test}/debian-minbase-oci
[[ -f $jar ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
for tool in docker-registry curl wrk skopeo; do
  command -v $tool >/dev/null || { echo "missing $tool: apt-get install docker-registry curl wrk skopeo" >&2; exit 2; }
done
[[ -d $fixture ]] || "$root/.ci/fixtures/debian-minbase.sh" >/dev/null
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/arca-tail.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
declare -A url=([reference]=http://127.0.0.1:5022 [arca]=http://127.0.0.1:5024)

mkdir -p "$work/reference" "$work/arca"
cp "$root/registry-server/bench/reference-registry.yml" "$work/reference/registry-config.yml"
(cd "$work/reference" && exec env REGISTRY_HTTP_ADDR=127.0.0.1:5022 docker-registry serve registry-config.yml >"$out/reference.log" 2>&1) &
pids+=($!)
if [[ ${ARCA_PLAIN:-} == 1 ]]; then # for comparison: the command the README gave before bin/arca
  (cd "$work/arca" && exec env MICRONAUT_SERVER_PORT=5024 java -Xmx256m -Xlog:gc:file="$out/arca-gc.log":utctime \
    -jar "$jar" >"$out/arca.log" 2>&1) &
else
  (cd "$work/arca" && exec env MICRONAUT_SERVER_PORT=5024 ARCA_JAR="$jar" \
    ARCA_JAVA_OPTS="-Xlog:gc:file=$out/arca-gc.log:utctime" "$root/registry-server/bin/arca" >"$out/arca.log" 2>&1) &
fi
pids+=($!)
for name in reference arca; do
  for _ in $(seq 120); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "${url[$name]}/v2/" || true) =~ ^(200|401)$ ]] && break
    sleep 1
  done
done
creds="admin:$(cat "$work/arca/data/initial-admin-password")"
{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"; echo "reference: $(dpkg-query -W docker-registry)"
  echo "arca: $(tr '\0' ' ' </proc/"${pids[1]}"/cmdline)"; } | tee "$out/machine.txt"
skopeo copy -q --dest-tls-verify=false "oci:$fixture:bookworm" docker://127.0.0.1:5022/bench/debian:bookworm
skopeo copy -q --dest-tls-verify=false --dest-creds "$creds" "oci:$fixture:bookworm" \
  docker://127.0.0.1:5024/bench/debian:bookworm
head -c $((16 << 20)) /dev/urandom >"$work/random"

manifest_wrk() { # NAME SECONDS: wrk on the manifest, output to stdout
  timeout $(($2 + 30)) wrk -t2 -c50 -d"$2"s --timeout 10s --latency -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "${url[$1]}/v2/bench/debian/manifests/bookworm"
}

pushes() { # NAME UNTIL: 16 MiB monolithic pushes, one after the other, until the time UNTIL (at most 1000)
  local name=$1 until=$2 i=0 auth=() digest location
  [[ $name == arca ]] && auth=(-u "$creds")
  while (($(date +%s) < until && i < 1000)); do
    i=$((i + 1))
    { printf '%-64s' "tail $name $i $(date +%s%N)"; tail -c +65 "$work/random"; } >"$work/blob-$name"
    digest=sha256:$(sha256sum "$work/blob-$name" | cut -d' ' -f1)
    location=$(curl -sf --max-time 60 "${auth[@]}" -X POST -o /dev/null -D - "${url[$name]}/v2/bench/push/blobs/uploads/" \
      | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    [[ $location == /* ]] && location=${url[$name]}$location
    [[ $location == *\?* ]] && location="$location&digest=$digest" || location="$location?digest=$digest"
    curl -sf --max-time 60 "${auth[@]}" -X PUT -H 'Content-Type: application/octet-stream' \
      --data-binary @"$work/blob-$name" -o /dev/null "$location" || echo "push $name $i failed"
  done
  echo "$i"
}

for name in reference arca; do manifest_wrk $name 10 >/dev/null; done   # warm-up: JIT, caches, connections
for round in $(seq "$rounds"); do
  for name in reference arca; do
    manifest_wrk $name 20 >"$out/$name-alone-$round.txt"
    pushes $name $(($(date +%s) + 22)) >"$out/$name-pushes-$round.count" &
    pusher=$!
    sleep 1
    start=$(date +%s.%N)
    manifest_wrk $name 20 >"$out/$name-pushing-$round.txt"
    echo "$start $(date +%s.%N)" >"$out/$name-pushing-$round.window"
    wait $pusher
  done
done

python3 - "$out" "$rounds" <<'PY' | tee "$out/summary.md"
import re, sys
from datetime import datetime
out, rounds = sys.argv[1], int(sys.argv[2])
def wrk(path):
    text = open(path).read()
    def ms(v):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    mx = ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", text).group(1))
    errors = "Non-2xx" in text or "Socket errors" in text
    return rps, p50, p99, mx, errors
pauses = [(datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp(), float(m.group(2))) for m in
          re.finditer(r"^\[([^]]+)\].*Pause.* ([\d.]+)ms", open(f"{out}/arca-gc.log").read(), re.M)]
print("| server | load | round | req/s | p50 ms | p99 ms | max ms | GC pauses in the run (count, total ms, max ms) |")
print("|---|---|---|---|---|---|---|---|")
for name in ("reference", "arca"):
    for load in ("alone", "pushing"):
        for r in range(1, rounds + 1):
            rps, p50, p99, mx, errors = wrk(f"{out}/{name}-{load}-{r}.txt")
            gc = ""
            if name == "arca" and load == "pushing":
                a, b = (float(x) for x in open(f"{out}/{name}-{load}-{r}.window").read().split())
                inside = [p for t, p in pauses if a <= t <= b]
                gc = f"{len(inside)}, {sum(inside):.0f}, {max(inside, default=0):.0f}"
            flag = " (errors)" if errors else ""
            print(f"| {name} | {load} | {r} | {rps:.0f}{flag} | {p50:.2f} | {p99:.2f} | {mx:.0f} | {gc} |")
PY
