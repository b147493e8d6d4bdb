#!/usr/bin/env python3
"""Writes the report of one bench/run-all.sh sitting as Markdown: the machine, every figure beside its target
(met or missed), then the raw outputs the figures come from. Usage: bench/report.py OUTDIR"""
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1])


def read(name):
    path = out / name
    if not path.exists():
        sys.exit(f"report: {path} is missing; did that step run?")
    return path.read_text()


def results(text, prefix=""):
    """The key=value pairs of the RESULT lines of a text that start with RESULT + prefix, one dict per line."""
    found = []
    for line in text.splitlines():
        if line.startswith("RESULT " + prefix):
            pairs = {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^\s]+)', line)}
            pairs["_name"] = line.split()[1].split("=")[0]
            found.append(pairs)
    return found


def wrk(text):
    """Requests/s and p99 in ms from wrk --latency output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


rows = []


def row(area, measure, arca, other, ratio, target, met):
    rows.append((area, measure, arca, other, ratio, target, "" if met is None else "met" if met else "**missed**"))


def fmt(v):
    return f"{v:,.1f}" if isinstance(v, float) else str(v)


# --- registry, against the reference (every feature on is what users run; the core alone is shown beside it)
reg = {name: results(read(f"registry/{name}.txt"))[-1] for name in ("reference", "arca-core", "arca-features")}
ref, feat, core = ({k: float(v) for k, v in reg[n].items() if k != "_name"} for n in ("reference", "arca-features", "arca-core"))
higher = [("push1M", "push 1 MiB, MiB/s", 1.5), ("push16M", "push 16 MiB, MiB/s", 1.5),
          ("push256M", "push 256 MiB, MiB/s", 1.5), ("chunked256M", "chunked push 256 MiB, MiB/s", 2),
          ("pull256M_1", "pull 256 MiB, 1 client, MiB/s", 1.2), ("pull256M_4", "pull 256 MiB, 4 clients, MiB/s", 1.2),
          ("manifest_put_s", "manifest PUT, /s", 1.5), ("manifest_get_rps", "manifest GET, req/s", 10),
          ("tags_rps", "tags list, req/s", 10)]
for key, label, target in higher:
    r = feat[key] / ref[key]
    row("registry", label, f"{fmt(feat[key])} (core alone {fmt(core[key])})", fmt(ref[key]), f"{r:.2f}×",
        f"≥ {target}×", r >= target)
row("registry", "manifest GET p99, ms", f"{feat['manifest_get_p99_ms']:.1f} (core alone {core['manifest_get_p99_ms']:.1f})",
    f"{ref['manifest_get_p99_ms']:.1f}", "", "≤ the reference's", feat["manifest_get_p99_ms"] <= ref["manifest_get_p99_ms"])
row("registry", "peak RSS, MiB (registry-server/bin/arca, -Xmx256m)", f"{feat['rss_mb']:.0f} (core alone {core['rss_mb']:.0f})",
    f"{ref['rss_mb']:.0f}", "", "≤ 300 MB", feat["rss_mb"] * 1.048576 <= 300)
token_rps, token_p99 = wrk(read("registry/arca-token-manifest-get.txt"))
anon_rps, anon_p99 = wrk(read("registry/reference-manifest-get.txt"))
row("registry", "manifest GET with a bearer token, req/s (p99)", f"{token_rps:,.0f} ({token_p99:.1f} ms)",
    f"{anon_rps:,.0f} anonymous ({anon_p99:.1f} ms)", f"{token_rps / anon_rps:.1f}×", "none set (measured)", None)

# --- SIF conversion, against mksquashfs at the same gzip level
for c in results(read("converter.log"), "convert_gzip"):
    level = c["_name"][len("convert_gzip"):]
    warm, cold, mks = float(c["arca_warm_s"]), float(c["arca_cold_s"]), float(c["mksquashfs_s"])
    size = int(c["arca_bytes"]) / int(c["mksquashfs_bytes"])
    row("SIF conversion", f"gzip {level}: Debian minbase to SIF, s (cold JVM in brackets)", f"{warm:.2f} ({cold:.2f})",
        f"{mks:.2f} mksquashfs", f"{mks / warm:.2f}× the speed; output {size:.3f}× the size",
        "faster than mksquashfs at equal level and size", warm <= mks and size <= 1.01)
    row("SIF conversion", f"gzip {level}: peak RSS, MiB", c["arca_rss_mib"], f"{c['mksquashfs_rss_mib']} mksquashfs",
        "", "≤ mksquashfs", int(c["arca_rss_mib"]) <= int(c["mksquashfs_rss_mib"]))

# --- search, in-process and over HTTP
search = read("search.log")
corpus_rate = results(search, "index_corpus")[-1]["index_corpus_images_per_s"]
row("search", "indexing the recipe corpus, images/s", corpus_rate, "", "", "≥ 200", float(corpus_rate) >= 200)
large = results(search, "index_large")[-1]
row("search", f"indexing {int(large['index_large_images']):,} images, images/s", large["images_per_s"], "", "", "≥ 200",
    float(large["images_per_s"]) >= 200)
for lat in results(search, "latency"):
    row("search", f"{lat['type']} query p99 at {lat['index']}, ms (in-process)", lat["p99_ms"], "", "", "< 20 ms",
        float(lat["p99_ms"]) < 20)
http = results(read("search-http/search-http.txt"))[-1]
row("search", f"/api/v1/search over HTTP, wrk -c50, {int(http['images']):,} images: req/s, p50, p99",
    f"{float(http['search_http_rps']):,.0f}, {float(http['search_http_p50_ms']):.1f} ms, "
    f"{float(http['search_http_p99_ms']):.1f} ms", "", "", "none set (measured)", None)

for page in results(read("web-render/web-render.txt"), "web_render"):
    row("web", f"{page['page']} page over HTTP, wrk -c10, {int(page['images']):,} images: p99, ms", page["p99_ms"], "",
        "", "< 30 ms", float(page["p99_ms"]) < 30)
    row("web", f"{page['page']} page weight (HTML, CSS, scripts), KB", page["weight_kb"], "", "", "< 200 KB",
        float(page["weight_kb"]) < 200)

# --- fixity: the scrub's verifier against sha256sum over the same files, and pulls while it runs
scrub = results(read("scrub.log"), "scrub")[-1]
sr = float(scrub["scrub_mibs"]) / float(scrub["sha256sum_mibs"])
row("fixity", f"scrub re-hash of {scrub['store_mib']} MiB, MiB/s", scrub["scrub_mibs"], scrub["sha256sum_mibs"] + " (sha256sum)",
    f"{sr:.2f}×", "≥ 0.8×", sr >= 0.8)
row("fixity", f"pull of a {scrub['blob_mib']} MiB blob, MiB/s: idle, with a scrub running",
    f"{scrub['pull_idle_mibs']}, {scrub['pull_scrubbing_mibs']}", "", "", "none set (measured)", None)

# --- composition: nothing is copied, so composing is a few database reads and two small writes
compose = {r["measure"]: r for r in results(read("compose.log"), "compose")}
row("compose", "POST /api/v1/compositions, 10 blocks: p50, ms", compose["post_10"]["p50_ms"], "", "", "< 200 ms",
    float(compose["post_10"]["p50_ms"]) < 200)
row("compose", "POST /api/v1/compositions, 1 block: p50, ms", compose["post_1"]["p50_ms"], "", "", "none set (measured)",
    None)
row("compose", "first composed-on-pull manifest GET, 10 blocks: p50, ms", compose["first_get_10"]["p50_ms"], "", "",
    "none set (measured)", None)

# --- garbage collection: a dry run and a run over generated rows, in a 256 MiB heap
for gc in results(read("gc.log"), "gc"):
    total = float(gc["dry_s"]) + float(gc["run_s"])
    row("gc", f"dry run + run over {int(gc['manifests']):,} manifests, {gc['database']}, s",
        f"{gc['dry_s']} + {gc['run_s']}", "", "", "< 60 s", total < 60)

# --- the report
print("## Report of one `bench/run-all.sh` sitting\n")
print("```\n" + read("machine.txt").strip() + "\n```\n")
met = sum(1 for r in rows if r[6] == "met")
print(f"{met} of {sum(1 for r in rows if r[6])} figures with a target meet it.\n")
print("| area | measure | Arca | compared with | ratio | target | |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print("\nRegistry ratios are Arca with every feature on (started by registry-server/bin/arca as the README starts it; open mode for the anonymous "
      "benchmark) to the reference registry in the same sitting; the core alone is in brackets.\n")
print("### Raw outputs\n")
for title, name in [("Reference registry (registry-bench)", "registry/reference.txt"),
                    ("Arca, registry core alone", "registry/arca-core.txt"),
                    ("Arca, every feature on", "registry/arca-features.txt"),
                    ("Arca, manifest GET with a bearer token (wrk)", "registry/arca-token-manifest-get.txt"),
                    ("Reference, anonymous manifest GET of the same image (wrk)", "registry/reference-manifest-get.txt")]:
    print(f"{title}:\n\n```\n{read(name).strip()}\n```\n")
conv = [l for l in read("converter.log").splitlines() if not l.startswith(("RESULT", "[", "Download"))]
print("SIF conversion (`converter/bench/convert-bench.sh`):\n\n```\n" + "\n".join(conv).strip() + "\n```\n")
print("Search in-process (`search/bench/run-bench.sh`):\n\n```\n"
      + "\n".join(l for l in search.splitlines() if l.startswith(("RESULT", "#"))) + "\n```\n")
print("Search over HTTP (`bench/search-http.sh`):\n\n```\n" + read("search-http/search-http-wrk.txt").strip() + "\n```")
print("\nWeb pages (`bench/web-render.sh`):\n\n```\n" + read("web-render/web-render.txt").strip() + "\n```")
print("\nComposition (`registry-server/bench/compose.sh`):\n\n```\n" + "\n".join(l for l in read("compose.log").splitlines() if " p50=" in l).strip() + "\n```")
print("\nGarbage collection (`registry-server/bench/gc.sh`):\n\n```\n" + "\n".join(l for l in read("gc.log").splitlines() if l.startswith(("==", "generated", "dry run", "run:", "heap"))).strip() + "\n```")
