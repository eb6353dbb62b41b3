"""The build benchmark: the generator against plain MkDocs on the same pages, interleaved (A B A B …).

For 5, 100 and 1,000 articles (1×, 20×, 200× the seeds), in a throwaway copy of the project with a
synthetic corpus (benchmarks/corpus.py), each round runs a cold build (a fresh clone's first build),
plain mkdocs-material on the same pages (same paths, nav, lengths and structure of filler text, same
theme and search), a build with nothing changed and a build after one article changed. Ratios are
taken within each round and their median reported, so machine drift cancels; the one-article site is
compared byte for byte with the next round's cold build of the same corpus. Extraction speed is
measured as a ratio to jieba.lcut and to a regex pass (bench_extract.py). Writes BENCHMARKS.md.

    .venv/bin/python benchmarks/run.py            # or: make benchmark
    .venv/bin/python benchmarks/run.py --sizes 5 100 --rounds 2 --no-write
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import random
import re
import statistics
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SIZES, make_corpus  # noqa: E402

DATA_INPUTS = ("indicators.yaml", "extraction.yaml", "outlets.yaml", "translations.yaml", "gazetteer")
GENERATOR_STAGES = ("report", "render", "maps", "charts", "downloads")
STAGE_LINE = re.compile(r"^✓ (?P<stage>[^:]+): (?P<what>.*) in (?P<seconds>\d+\.\d+) s$")



# ------------------------------------------------------------------------ project copy


def fresh_checkout(tmp: Path, articles: int) -> Path:
    """Like tests/test_e2e.py's fresh_checkout, with seeds/ replaced by the synthetic corpus."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    (tmp / "data").mkdir()
    for name in DATA_INPUTS:
        source = ROOT / "data" / name
        if source.exists():
            (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp / "data" / name)
    make_corpus(tmp / "seeds", articles)
    return tmp


def run_build(project: Path) -> dict:
    """One `python -m generator build` in a subprocess: stage times, total, peak RSS (MB)."""
    cmd = [sys.executable, "-m", "generator", "--root", str(project), "build"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    sampler = TreeMemory(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    total = time.perf_counter() - start
    sampler.stop()
    # ru_maxrss of the finished child (KB on Linux); communicate() reaped it, so ask for children's max.
    import resource

    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{err[-4000:]}")
    stages: dict[str, float] = {}
    whats: dict[str, str] = {}
    for line in err.splitlines():
        m = STAGE_LINE.match(line.strip())
        if m:
            stages[m["stage"]] = stages.get(m["stage"], 0.0) + float(m["seconds"])
            whats[m["stage"]] = m["what"]
    return {"total": total, "stages": stages, "whats": whats, "peak_mb_children_max": peak_kb / 1024,
            "peak_mb_tree": sampler.peak_mb, "log": err}


class TreeMemory(threading.Thread):
    """Peak memory of a process and every process it starts (the build forks workers for charts,
    maps and each language's MkDocs build), sampled every 50 ms: the sum of their PSS, which
    shares each page shared by forked processes among them instead of counting it in each."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, sum(_pss_kb(p) for p in self._tree()) / 1024)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        tree, frontier = [self.pid], [self.pid]
        while frontier:
            frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
            tree += frontier
        return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the process ended, or no /proc (not Linux): not counted
        pass
    return 0


def measure_child(project: Path) -> dict:
    """run_build in a fresh interpreter, so RUSAGE_CHILDREN holds this one build only."""
    cmd = [sys.executable, __file__, "--child-build", str(project)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return json.loads(out.stdout)


# ------------------------------------------------------------------------ page weight


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("href"):
            self.refs.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.refs.append(("js", a["src"]))
        elif tag == "iframe" and a.get("src"):
            self.refs.append(("map", a["src"]))
        elif tag == "img" and a.get("src"):
            # The region's map picture counts as its map; other pictures (charts) are counted apart.
            self.refs.append(("map" if "report-map" in (a.get("class") or "") else "img", a["src"]))


def _local(site: Path, page: Path, ref: str) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None  # another site (tiles, CDNs): not counted
    rel_page = "/" + page.relative_to(site).as_posix()
    target = urlsplit(urljoin(rel_page, parts.path)).path.lstrip("/")
    path = site / target
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def page_weight(site: Path, page: Path) -> dict:
    """What a page loads when it opens: its HTML, the same-site CSS and JS, its map (a picture, or an iframe
    with its CSS and JS) and other pictures. `total` is issue 20's measure (HTML + CSS + JS + map); `all`
    adds the other pictures (charts). Tiles and anything else from another site are not counted."""
    seen: set[Path] = set()
    parts = {"html": 0, "css": 0, "js": 0, "map": 0, "img": 0}
    gz = 0

    def visit(doc: Path, kind: str) -> None:
        nonlocal gz
        if doc in seen:
            return
        seen.add(doc)
        parts[kind] += doc.stat().st_size
        if kind != "img":
            gz += len(gzip.compress(doc.read_bytes(), 6))  # what a server sending gzip transfers
        if doc.suffix != ".html":
            return
        parser = _Refs()
        parser.feed(doc.read_text(encoding="utf-8", errors="replace"))
        for ref_kind, ref in parser.refs:
            target = _local(site, doc, ref)
            if target is not None:
                visit(target, "map" if kind == "map" else ref_kind)

    visit(page, "html")
    total = parts["html"] + parts["css"] + parts["js"] + parts["map"]
    return {**parts, "total": total, "all": total + parts["img"], "gzip": gz}


def heaviest_region_page(site: Path) -> tuple[str, dict]:
    best = ("", {"total": 0})
    for page in sorted(site.glob("**/report/regions/*/index.html")):
        w = page_weight(site, page)
        if w["total"] > best[1]["total"]:
            best = (page.relative_to(site).parent.as_posix(), w)
    return best


# ------------------------------------------------------------------------ baseline


_EN_WORDS = ("the cooperation hospital county sent experts trained doctors new techniques surgery patients "
             "province city support team outcome before after funding equipment rural health center first "
             "local staff clinic programme years people million yuan").split()


class Filler:
    """Deterministic filler text: Chinese from the corpus' own sentences, English from a word list."""

    def __init__(self, zh_source: str, seed: int = 7):
        self.zh = re.sub(r"\s+", "", zh_source) or "东西部协作医疗帮扶"
        self.rng = random.Random(seed)
        self.pos = 0

    def text(self, lang: str, length: int) -> str:
        length = max(1, length)
        if lang == "zh":
            start = self.rng.randrange(len(self.zh))
            s = (self.zh[start:] + self.zh) * (1 + length // max(1, len(self.zh)))
            return s[:length]
        words, n = [], 0
        while n < length:
            w = self.rng.choice(_EN_WORDS)
            words.append(w)
            n += len(w) + 1
        return " ".join(words)[:length].strip() or "text"


_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}")


def mimic(markdown: str, lang: str, filler: Filler) -> str:
    """A page of the same length and structure (headings, tables, paragraphs), without our markup."""
    out = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
        elif stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            out.append("#" * level + " " + filler.text(lang, max(4, len(stripped) - level - 1)))
        elif stripped.startswith("|") or stripped.count("|") >= 2:
            cells = [c for c in stripped.strip("|").split("|")]
            if _TABLE_SEP.match(stripped):
                out.append("|" + "|".join("---" for _ in cells) + "|")
            else:
                out.append("| " + " | ".join(filler.text(lang, max(1, len(c.strip()))) for c in cells) + " |")
        elif stripped.startswith(("- ", "* ", "1. ")):
            out.append("- " + filler.text(lang, len(stripped) - 2))
        else:
            out.append(filler.text(lang, len(stripped)))
    return "\n".join(out) + "\n"


def prepare_baseline(project: Path, out: Path) -> int:
    """Plain mkdocs-material pages and configs: our pages' paths, nav, lengths and structure; same theme and search."""
    import yaml

    from generator.config import load_site_settings, ProjectPaths

    paths = ProjectPaths(project)
    settings = load_site_settings(paths)
    base = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    zh_source = "".join(p.read_text(encoding="utf-8") for p in sorted((project / "seeds").glob("*.txt"))[:20])
    filler = Filler(zh_source)
    configs = []
    pages = 0
    for language in settings.languages:
        ours = yaml.safe_load((project / "build" / "mkdocs" / f"{language.code}.yml").read_text(encoding="utf-8"))
        src = project / "docs" / language.code
        docs = out / "docs" / language.code
        for md in sorted(src.rglob("*.md")):
            rel = md.relative_to(src)
            if "_partials" in rel.parts:
                continue
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(mimic(md.read_text(encoding="utf-8"), language.code, filler), encoding="utf-8")
            pages += 1
        theme = {k: v for k, v in base["theme"].items() if k != "custom_dir"}
        theme["language"] = language.code
        config = {
            "site_name": language.site_name,
            "docs_dir": str(docs),
            "site_dir": str(out / "site" / language.prefix),
            "theme": theme,
            "markdown_extensions": [e for e in base.get("markdown_extensions", [])
                                    if not (isinstance(e, dict) and "pymdownx.snippets" in e) and e != "pymdownx.snippets"],
            "plugins": [{"search": dict(language.search)}],
            "nav": ours["nav"],
            "not_in_nav": ours.get("not_in_nav", ""),
        }
        cfg = out / f"{language.code}.yml"
        cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(cfg)
    (out / "configs.json").write_text(json.dumps([str(c) for c in configs]), encoding="utf-8")
    return pages


def run_baseline(out: Path) -> dict:
    """One plain MkDocs build of every language (prepared by prepare_baseline) in its own process."""
    configs = json.loads((out / "configs.json").read_text(encoding="utf-8"))
    cmd = [sys.executable, __file__, "--child-baseline", *configs]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-4000:])
    return json.loads(result.stdout)


def _child_baseline(configs: list[str]) -> None:
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    start = time.perf_counter()
    for cfg in configs:
        build(load_config(cfg))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


# ------------------------------------------------------------------------ one size


def _count_html(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html" and "/maps/" not in p.as_posix())


def reset_to_cold(project: Path) -> None:
    """A fresh clone's state: no extracted data, no build record or cache, no generated pages, no site."""
    for folder in (project / "data" / "articles", project / "data" / "machine", project / "build", project / "site",
                   *project.glob("docs/*/report")):
        shutil.rmtree(folder, ignore_errors=True)


def site_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def change_one_article(project: Path, round_no: int) -> str:
    """An editor's change: a made-up sentence with a new figure added to one article."""
    first = sorted((project / "seeds").glob("*.txt"))[round_no % 3]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("\n", f"\n另据统计,累计派出专家{17 + round_no}人次。\n", 1), encoding="utf-8")
    return first.name


def bench_size(articles: int, rounds: int, workdir: Path, log) -> dict:
    """`rounds` rounds of: cold build (A), plain MkDocs on the same pages (B), no-change build, one-article
    build. Each round's cold build is of the corpus the previous round changed, so the previous round's
    one-article site must equal it byte for byte (checked)."""
    project = fresh_checkout(workdir / f"p{articles}", articles)
    corpus_bytes = sum(p.stat().st_size for p in (project / "seeds").glob("*.txt"))
    log(f"[{articles}] corpus {corpus_bytes / 1e6:.2f} MB, {rounds} round(s)")
    out: dict = {"articles": articles, "corpus_mb": corpus_bytes / 1e6, "rounds": []}
    baseline_dir = workdir / f"b{articles}"
    previous_one = None
    identical: list[bool] = []
    for n in range(rounds):
        reset_to_cold(project)
        cold = measure_child(project)
        digest = site_digest(project / "site")
        if previous_one is not None:
            identical.append(digest == previous_one)
        if n == 0:
            out["region"], out["weight"] = heaviest_region_page(project / "site")
            out["html_pages"] = _count_html(project / "site")
            out["md_pages"] = sum(1 for p in (project / "docs").glob("*/report/**/*.md") if "_partials" not in p.parts)
            out["baseline_pages"] = prepare_baseline(project, baseline_dir)
            out["cold_stages"] = cold["stages"]
        plain = run_baseline(baseline_dir)
        warm = measure_child(project)
        changed = change_one_article(project, n)
        one = measure_child(project)
        previous_one = site_digest(project / "site")
        log(f"[{articles}] round {n + 1}: cold {cold['total']:.1f} s, plain MkDocs {plain['seconds']:.1f} s, "
            f"no change {warm['total']:.1f} s, one article ({changed}) {one['total']:.1f} s")
        out["rounds"].append({"cold": cold["total"], "plain": plain["seconds"], "warm": warm["total"],
                              "one": one["total"], "cold_peak_mb": max(cold["peak_mb_tree"], cold["peak_mb_children_max"]),
                              "plain_peak_mb": plain["peak_mb"], "warm_stages": warm["stages"],
                              "one_stages": one["stages"], "one_whats": one["whats"]})
    if rounds >= 2:
        out["identical"] = identical
    return out


def _median(values) -> float:
    return statistics.median(values) if values else float("nan")


def summarize(r: dict) -> dict:
    rounds = r["rounds"]
    return {
        "cold_s": _median([x["cold"] for x in rounds]),
        "plain_s": _median([x["plain"] for x in rounds]),
        "warm_s": _median([x["warm"] for x in rounds]),
        "one_s": _median([x["one"] for x in rounds]),
        "cold_to_plain": _median([x["cold"] / x["plain"] for x in rounds]),
        "warm_to_cold": _median([x["warm"] / x["cold"] for x in rounds]),
        "one_to_cold": _median([x["one"] / x["cold"] for x in rounds]),
        "peak_mb": max(x["cold_peak_mb"] for x in rounds),
        "plain_peak_mb": max(x["plain_peak_mb"] for x in rounds),
        "ratios": {k: [round(x[a] / x[b], 3) for x in rounds]
                   for k, a, b in (("cold/plain", "cold", "plain"), ("no change/cold", "warm", "cold"),
                                   ("one/cold", "one", "cold"))},
    }


# ------------------------------------------------------------------------ targets + report

# Issue 20's targets, as (label, sizes it applies to, test on the summary).
TARGETS = [
    ("cold build ≤ 2× plain MkDocs on the same pages (seeds' size)", (5,), lambda s: s["cold_to_plain"] <= 2.0,
     lambda s: f"{s['cold_to_plain']:.2f}×"),
    ("cold build ≤ 1.3× plain MkDocs on the same pages", (100, 1000), lambda s: s["cold_to_plain"] <= 1.3,
     lambda s: f"{s['cold_to_plain']:.2f}×"),
    ("no-change rebuild ≤ 0.15× the cold build", (5, 1000), lambda s: s["warm_to_cold"] <= 0.15,
     lambda s: f"{s['warm_to_cold']:.3f}×"),
    ("one article changed ≤ 0.5× the cold build", (1000,), lambda s: s["one_to_cold"] <= 0.5,
     lambda s: f"{s['one_to_cold']:.2f}×"),
    ("peak memory < 1 GB", (1000,), lambda s: s["peak_mb"] < 1024, lambda s: f"{s['peak_mb']:,.0f} MB"),
]


def check_targets(results: dict[int, dict], extraction: dict | None) -> list[tuple[str, bool, str]]:
    checks = []
    for label, sizes, ok, show in TARGETS:
        for size in sizes:
            if size in results:
                summary = summarize(results[size])
                checks.append((f"{label} ({size:,} articles)", ok(summary), show(summary)))
    for size, r in sorted(results.items()):
        if "identical" in r:
            checks.append((f"one-article build byte-identical to a full build ({size:,} articles)",
                           all(r["identical"]), f"{sum(r['identical'])} of {len(r['identical'])} comparison(s) equal"))
    if extraction:
        checks.append(("extraction ≥ 1.5× jieba.lcut on the same text", extraction["to_jieba"] >= 1.5,
                       f"{extraction['to_jieba']:.2f}× (median of {extraction['rounds']} rounds)"))
    heaviest = max(results.values(), key=lambda r: r["weight"]["total"])
    kb = heaviest["weight"]["total"] / 1024
    checks.append(("a region page with its map ≤ 400 KB (uncompressed)", kb <= 400,
                   f"{kb:.0f} KB ({heaviest['region']}, {heaviest['articles']:,} articles; gzip "
                   f"{heaviest['weight'].get('gzip', 0) / 1024:.0f} KB)"))
    for size, r in sorted(results.items()):
        if size != heaviest["articles"]:
            checks.append((f"  the same at {size:,} articles", r["weight"]["total"] / 1024 <= 400,
                           f"{r['weight']['total'] / 1024:.0f} KB ({r['region']})"))
    return checks


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores{f' ({cpu})' if cpu else ''}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; 1-min load average {load:.2f}")


def table(results: dict[int, dict]) -> str:
    s = {n: summarize(r) for n, r in results.items()}

    def stages(stage_times: dict) -> str:
        names = ("extract", "load data", *GENERATOR_STAGES, "mkdocs build --strict")
        return " / ".join(f"{stage_times.get(n, 0):.1f}" for n in names)

    rows = [
        ("articles (corpus MB)", lambda n, r: f"{n:,} ({r['corpus_mb']:.2f})"),
        ("rounds (A B A B …)", lambda n, r: f"{len(r['rounds'])}"),
        ("cold build (fresh clone: extract + render + MkDocs)", lambda n, r: f"{s[n]['cold_s']:.1f} s"),
        ("plain MkDocs, same pages", lambda n, r: f"{s[n]['plain_s']:.1f} s"),
        ("**cold / plain MkDocs** (median of per-round ratios)", lambda n, r: f"**{s[n]['cold_to_plain']:.2f}×** "
         f"({', '.join(f'{x:.2f}' for x in s[n]['ratios']['cold/plain'])})"),
        ("cold, by stage: extract / load / " + " / ".join(GENERATOR_STAGES) + " / MkDocs (s, round 1)",
         lambda n, r: stages(r["cold_stages"])),
        ("no change", lambda n, r: f"{s[n]['warm_s']:.2f} s"),
        ("**no change / cold**", lambda n, r: f"**{s[n]['warm_to_cold']:.3f}×**"),
        ("one article changed", lambda n, r: f"{s[n]['one_s']:.1f} s"),
        ("**one article / cold**", lambda n, r: f"**{s[n]['one_to_cold']:.2f}×** "
         f"({', '.join(f'{x:.2f}' for x in s[n]['ratios']['one/cold'])})"),
        ("one article, by stage (s, last round)", lambda n, r: stages(r["rounds"][-1]["one_stages"])),
        ("one article: output equals the next full build", lambda n, r: (
            "yes" if r.get("identical") and all(r["identical"]) else "NO" if r.get("identical") else "—")),
        ("peak memory: build / plain MkDocs", lambda n, r: f"{s[n]['peak_mb']:,.0f} / {s[n]['plain_peak_mb']:,.0f} MB"),
        ("pages: Markdown / HTML (both languages)", lambda n, r: f"{r['md_pages']:,} / {r['html_pages']:,}"),
        ("heaviest region page (HTML + CSS + JS + map)",
         lambda n, r: f"{r['weight']['total'] / 1024:.0f} KB ({r['region'].split('/')[-1]}: HTML "
                      f"{r['weight']['html'] / 1024:.0f}, CSS {r['weight']['css'] / 1024:.0f}, "
                      f"JS {r['weight']['js'] / 1024:.0f}, map {r['weight']['map'] / 1024:.0f}; "
                      f"gzip {r['weight'].get('gzip', 0) / 1024:.0f}; with its charts "
                      f"{r['weight'].get('all', r['weight']['total']) / 1024:.0f})"),
    ]
    sizes = sorted(results)
    head = "| | " + " | ".join(f"{n:,} articles" for n in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n"
    return head + "".join(f"| {label} | " + " | ".join(fn(n, results[n]) for n in sizes) + " |\n" for label, fn in rows)


INTRO = """# Benchmarks

Written by `make benchmark` (`benchmarks/run.py`) from one run; nothing here is edited by hand.

**What is measured.** For 5, 100 and 1,000 articles (1×, 20×, 200× the seeds), a throwaway copy of the
project (mkdocs.yml, hand-written docs, hand-made data) gets a synthetic corpus (`benchmarks/corpus.py`:
the seeds' own paragraphs, some swapped between seeds, every place replaced consistently by another real
donor / recipient place from the gazetteer, numerals perturbed; seeded, so the same on every machine).
Each round runs, one after the other: **A** a cold build (`python -m generator --root COPY build` with no
extracted data, no build record, cache or site: a fresh clone's first build), **B** plain mkdocs-material
on the same pages (same paths, nav, lengths and structure of filler text in each page's language, same
theme features and search plugin, one build per language), then a build with nothing changed and a build
after adding a sentence with a figure to one article. Ratios are taken within a round (A next to B), and
the table gives the median of the rounds' ratios, so a machine that slows down or speeds up during the
run moves both sides of each ratio. The generator uses every core it may run on (charts, maps and the two
languages' MkDocs builds run side by side in forked processes); plain MkDocs builds one language after the
other, as `mkdocs build` does. Each build runs in its own process; a build's peak memory is the larger of
its processes' summed PSS (sampled every 50 ms) and its largest process's `ru_maxrss`.
Each round's cold build is of the corpus the previous round changed, so the previous one-article build
must equal it byte for byte ("output equals the next full build").

Extraction is timed apart (`benchmarks/bench_extract.py`): CPU time of extraction (ingest included)
against `jieba.lcut` and against one compiled number+unit regex over the same texts (the seeds and the
held-out articles), interleaved, median of the ratios. Page weight: what the heaviest region page loads
when it opens — its HTML, the same-site CSS and JS, and its map (the static map picture; the interactive
Leaflet map, about 200 KB more, loads only when the reader opens it); "with its charts" adds the chart
pictures; "gzip" is what a server that compresses sends for the page, CSS, JS and map. Absolute seconds belong to this machine and moment; compare the ratios.

"""


def write_report(results: dict[int, dict], extraction: dict | None, checks, command: str, path: Path) -> None:
    lines = [INTRO.rstrip(), "", f"Reproduce: `{command}`", "", f"Machine: {machine()} (at the end of the run).", "",
             table(results)]
    if extraction:
        low, high = extraction["to_jieba_range"]
        lines += [f"Extraction ({extraction['articles']} articles, {extraction['mb']:.2f} MB, {extraction['rounds']} "
                  f"rounds): **{extraction['to_jieba']:.2f}×** the speed of `jieba.lcut` (rounds {low:.2f}–{high:.2f}), "
                  f"{extraction['to_regex']:.3f}× one regex pass; {extraction['mb_s']:.2f} MB/s of CPU here.", ""]
    lines += ["Issue 20's targets:", ""]
    lines += [f"- **{'MET' if ok else 'NOT MET'}** {name}: {detail}" for name, ok, detail in checks]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ROUNDS = {5: 3, 100: 3, 1000: 2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, help="rounds per size (default: 3, 3 and 2 for 5, 100, 1,000 articles)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write BENCHMARKS.md")
    parser.add_argument("--no-extraction", action="store_true", help="skip the extraction speed rounds")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway projects (printed)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-baseline", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        result = run_build(args.child_build)
        result.pop("log")
        print(json.dumps(result))
        return
    if args.child_baseline:
        _child_baseline(args.child_baseline)
        return

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log(machine())
    extraction = None
    if not args.no_extraction:
        from bench_extract import measure

        extraction = measure(20.0)
        log(f"extraction: {extraction['to_jieba']:.2f}x jieba.lcut, {extraction['to_regex']:.3f}x one regex pass")
    workdir = Path(tempfile.mkdtemp(prefix="eastwest-bench-"))
    try:
        results = {n: bench_size(n, args.rounds or ROUNDS.get(n, 2), workdir, log) for n in args.sizes}
    finally:
        if args.keep:
            log(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    checks = check_targets(results, extraction)
    print(table(results))
    for name, ok, detail in checks:
        print(f"{'MET' if ok else 'NOT MET'}  {name}: {detail}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if not args.no_write:
        options = "" if args.sizes == list(SIZES) else " --sizes " + " ".join(map(str, args.sizes))
        options += f" --rounds {args.rounds}" if args.rounds else ""
        write_report(results, extraction, checks, f"make benchmark  # = .venv/bin/python benchmarks/run.py{options}",
                     args.out)
        log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
