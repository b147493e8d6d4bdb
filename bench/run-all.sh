#!/usr/bin/env bash
# Every benchmark of Arca in one sitting, and one dated report with each figure beside its target:
#   1. the registry against the CNCF reference registry (registry-server/bench/sitting.sh);
#   2. SIF conversion against mksquashfs at equal gzip levels (converter/bench/convert-bench.sh);
#   3. search in-process: indexing and query latency at corpus size and at a large index (search/bench/run-bench.sh);
#   4. search over HTTP under load: wrk with 50 connections on /api/v1/search (bench/search-http.sh);
#   5. web pages: render time under wrk and weight of the search, repository and image pages (bench/web-render.sh).
#   6. the fixity scrub against sha256sum, and pulls with and without a scrub running (registry-server/bench/scrub.sh);
#   7. composition: POST /api/v1/compositions with 1 and 10 blocks, and composed-on-pull (registry-server/bench/compose.sh);
#   8. garbage collection over 100,000 manifests on H2 and PostgreSQL in a 256 MiB heap (registry-server/bench/gc.sh).
#
#   bench/run-all.sh [--smoke] [--docs] [OUTDIR]
#
# From a fresh clone: builds what it needs (Maven, online the first time, offline after), installs the few Debian
# tools it drives when it runs as root and they are missing, then runs each step in turn. The full run takes about
# 10 minutes on 2 cores; run it with nothing else on the machine. --smoke runs every step at tiny sizes in a few
# minutes (CI does, so that no benchmark rots; its figures mean nothing). --docs copies the report into
# docs/benchmarks.md between its "run-all report" markers. A failed step stops the run, naming the step and showing
# the end of its log; every step's whole output stays in OUTDIR (default target/bench-<UTC time>).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
smoke=0 docs=0
while (($#)); do
  case $1 in
    --smoke) smoke=1 ;;
    --docs) docs=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-all: unknown option $1" >&2; exit 2 ;;
    *) out=$1 ;;
  esac
  shift
done
out=$(realpath -m "${out:-target/bench-$(date -u +%Y%m%dT%H%M%SZ)}")
mkdir -p "$out"
if ((smoke && docs)); then echo "run-all: --docs takes a full run's figures, not --smoke's" >&2; exit 2; fi

# tool -> Debian package, for what the steps drive
declare -A packages=([docker-registry]=docker-registry [curl]=curl [wrk]=wrk [ab]=apache2-utils [skopeo]=skopeo
  [umoci]=umoci [mksquashfs]=squashfs-tools [debootstrap]=debootstrap [python3]=python3 [jq]=jq)
missing=()
for tool in "${!packages[@]}"; do command -v "$tool" >/dev/null || missing+=("${packages[$tool]}"); done
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  if ((EUID == 0)); then
    echo "run-all: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "run-all: missing tools; as root: apt-get install ${missing[*]}" >&2; exit 2
  fi
fi

step() { # NAME LOG COMMAND...: runs one step, its output on the terminal and in OUTDIR/LOG; stops the run if it fails
  local name=$1 log=$out/$2; shift 2
  echo "== $name ($(date -u +%H:%M:%S) UTC)"
  if ! "$@" > >(tee "$log") 2>&1; then
    sleep 1   # let tee finish writing
    echo "run-all: step '$name' failed: $*" >&2
    echo "run-all: the end of its output ($log):" >&2
    tail -25 "$log" >&2
    exit 1
  fi
  sleep 1
}

{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "mode: $( ((smoke)) && echo 'smoke (tiny sizes; the figures mean nothing)' || echo full)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$out/machine.txt"
cat "$out/machine.txt"

# the GC benchmark runs on PostgreSQL too: the test environment script starts it and says where it is
gc='[[ -n ${ARCA_TEST_POSTGRES_URL:-} ]] || . .ci/test-env.sh >/dev/null; exec registry-server/bench/gc.sh'
step build build.log mvn -B -q -ntp -DskipTests package
if ((smoke)); then
  step registry registry.log registry-server/bench/sitting.sh --quick "$out/registry"
  step converter converter.log env CONVERT_BENCH_LEVELS=6 ARCA_BENCH_DIR="$out/convert-work" converter/bench/convert-bench.sh 1
  step search search.log search/bench/run-bench.sh 2000
  step search-http search-http.log bench/search-http.sh --smoke "$out/search-http"
  step web-render web-render.log bench/web-render.sh --smoke "$out/web-render"
  step scrub scrub.log registry-server/bench/scrub.sh --smoke
  step compose compose.log registry-server/bench/compose.sh 3
  step gc gc.log bash -c "$gc both 1000"
else
  step registry registry.log registry-server/bench/sitting.sh "$out/registry"
  step converter converter.log env ARCA_BENCH_DIR="$out/convert-work" converter/bench/convert-bench.sh 3
  step search search.log search/bench/run-bench.sh 100000
  step search-http search-http.log bench/search-http.sh "$out/search-http"
  step web-render web-render.log bench/web-render.sh "$out/web-render"
  step scrub scrub.log registry-server/bench/scrub.sh
  step compose compose.log registry-server/bench/compose.sh 30
  step gc gc.log bash -c "$gc both"
fi
rm -rf "$out/convert-work"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
step report report.log python3 bench/report.py "$out"
cp "$out/report.log" "$out/report.md"
if ((docs)); then
  python3 - "$out/report.md" docs/benchmarks.md <<'PY'
import sys
report, target = open(sys.argv[1]).read().rstrip("\n"), sys.argv[2]
text = open(target).read()
begin, end = "<!-- run-all report: begin -->", "<!-- run-all report: end -->"
if begin not in text or end not in text:
    sys.exit(f"run-all: {target} has no '{begin}' ... '{end}' markers")
head, rest = text.split(begin, 1)
open(target, "w").write(head + begin + "\n" + report + "\n" + end + rest.split(end, 1)[1])
PY
  echo "run-all: docs/benchmarks.md updated from $out/report.md"
fi
echo "run-all: report in $out/report.md"
