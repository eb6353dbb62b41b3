"""The build benchmark: 5, 100 and 1,000 articles (1×, 20×, 200× the seeds) against plain MkDocs.

For each size, in a throwaway copy of the project (mkdocs.yml, hand-written docs, hand-made
data; seeds/ replaced by a synthetic corpus from benchmarks/corpus.py; data/articles empty):

1. `python -m generator --root COPY build` from scratch (a subprocess, so its peak memory is
   its own): extraction throughput, render time (report + render + maps + charts + downloads),
   MkDocs build time, total, peak RSS, HTML pages, the heaviest region page's weight;
2. the same build again with nothing changed (extraction skipped: content hash + fingerprint);
3. the same build after changing one article (how long a one-article change takes to appear);
4. a plain mkdocs-material site with the same pages (same paths, nav, lengths and structure —
   headings, tables, paragraphs — of filler text in the page's language), the same theme
   features and search plugin, one build per language: the baseline.

Then checks the budgets (PASS/MISS) and writes BENCHMARKS.md.

    .venv/bin/python benchmarks/run.py            # or: make benchmark
    .venv/bin/python benchmarks/run.py --sizes 5 100 --no-write
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
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

BUDGETS = {
    "generator_share": 0.25,  # generator's own stages / whole build, at 1,000 articles
    "baseline_ratio": 1.5,  # whole build / plain MkDocs, at 1,000 articles
    "scaling": 11.0,  # 1,000 articles / 100 articles
    "peak_mb": 1536.0,  # peak memory
    "page_kb": 400.0,  # a region page with what it loads
}


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
    out, err = proc.communicate()
    total = time.perf_counter() - start
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
    return {"total": total, "stages": stages, "whats": whats, "peak_mb_children_max": peak_kb / 1024, "log": err}


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
            self.refs.append(("iframe", a["src"]))


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
    """Bytes of a page + same-site CSS and JS it loads + its iframes (with their CSS and JS)."""
    seen: set[Path] = set()
    parts = {"html": 0, "css": 0, "js": 0, "iframe": 0}
    gz = 0

    def visit(doc: Path, kind: str) -> None:
        nonlocal gz
        if doc in seen:
            return
        seen.add(doc)
        parts[kind] += doc.stat().st_size
        gz += len(gzip.compress(doc.read_bytes(), 6))  # what a server sending gzip transfers
        if doc.suffix != ".html":
            return
        parser = _Refs()
        parser.feed(doc.read_text(encoding="utf-8", errors="replace"))
        for ref_kind, ref in parser.refs:
            target = _local(site, doc, ref)
            if target is not None:
                visit(target, "iframe" if kind == "iframe" or ref_kind == "iframe" else ref_kind)

    visit(page, "html")
    return {**parts, "total": sum(parts.values()), "gzip": gz}


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


def build_baseline(project: Path, out: Path) -> dict:
    """Plain mkdocs-material: our pages' paths, nav, lengths and structure; same theme and search."""
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
    cmd = [sys.executable, __file__, "--child-baseline", *map(str, configs)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-4000:])
    data = json.loads(result.stdout)
    data["md_pages"] = pages
    return data


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


def bench_size(articles: int, workdir: Path, log) -> dict:
    project = fresh_checkout(workdir / f"p{articles}", articles)
    corpus_bytes = sum(p.stat().st_size for p in (project / "seeds").glob("*.txt"))
    log(f"[{articles}] corpus {corpus_bytes / 1e6:.2f} MB; cold build …")
    cold = measure_child(project)
    extract_s = cold["stages"].get("extract", 0.0)
    mkdocs_s = cold["stages"].get("mkdocs build --strict", 0.0)
    render_s = sum(cold["stages"].get(s, 0.0) for s in GENERATOR_STAGES)
    load_s = cold["stages"].get("load data", 0.0)
    region, weight = heaviest_region_page(project / "site")
    md_pages = sum(1 for p in (project / "docs").glob("*/report/**/*.md") if "_partials" not in p.parts)
    log(f"[{articles}] cold {cold['total']:.1f} s; warm build …")
    warm = measure_child(project)
    # One article changes (a figure in its text): how long until it is on the site.
    first = sorted((project / "seeds").glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("\n", "\n另据统计,累计派出专家17人次。\n", 1), encoding="utf-8")
    log(f"[{articles}] warm {warm['total']:.1f} s; one article changed …")
    one = measure_child(project)
    log(f"[{articles}] one-article {one['total']:.1f} s; plain MkDocs baseline …")
    baseline = build_baseline(project, workdir / f"b{articles}")
    log(f"[{articles}] baseline {baseline['seconds']:.1f} s")
    return {
        "articles": articles,
        "corpus_mb": corpus_bytes / 1e6,
        "extract_s": extract_s,
        "extract_mb_s": corpus_bytes / 1e6 / extract_s if extract_s else 0.0,
        "load_s": load_s,
        "render_s": render_s,
        "stages": cold["stages"],
        "mkdocs_s": mkdocs_s,
        "total_s": cold["total"],
        "peak_mb": cold["peak_mb_children_max"],
        "html_pages": _count_html(project / "site"),
        "md_pages": md_pages,
        "region": region,
        "weight": weight,
        "warm": {"total_s": warm["total"], "stages": warm["stages"], "extract_what": warm["whats"].get("extract", "")},
        "one": {"total_s": one["total"], "stages": one["stages"], "extract_what": one["whats"].get("extract", "")},
        "baseline_s": baseline["seconds"],
        "baseline_peak_mb": baseline["peak_mb"],
        "baseline_pages": baseline["md_pages"],
    }


# ------------------------------------------------------------------------ budgets + report


def check_budgets(results: dict[int, dict]) -> list[tuple[str, bool, str]]:
    checks = []
    big = results.get(1000)
    if big:
        own = big["load_s"] + big["render_s"]
        whole = big["warm"]["total_s"]
        warm_own = sum(big["warm"]["stages"].get(s, 0.0) for s in ("load data", *GENERATOR_STAGES))
        share = warm_own / whole
        checks.append((f"generator's own stages ≤ {BUDGETS['generator_share']:.0%} of the build (1,000 articles, "
                       f"articles already extracted)", share <= BUDGETS["generator_share"],
                       f"{warm_own:.1f} s of {whole:.1f} s = {share:.0%} (cold build: {own:.1f} s of "
                       f"{big['total_s']:.1f} s = {own / big['total_s']:.0%})"))
        ratio = whole / big["baseline_s"]
        checks.append((f"whole build ≤ {BUDGETS['baseline_ratio']}× plain MkDocs (1,000 articles, articles already "
                       f"extracted)", ratio <= BUDGETS["baseline_ratio"],
                       f"{whole:.1f} s / {big['baseline_s']:.1f} s = {ratio:.2f}× (cold build with extraction: "
                       f"{big['total_s'] / big['baseline_s']:.2f}×)"))
    if 1000 in results and 100 in results:
        ratio = results[1000]["total_s"] / results[100]["total_s"]
        checks.append((f"1,000 articles cost ≤ {BUDGETS['scaling']:.0f}× 100 articles (cold build)",
                       ratio <= BUDGETS["scaling"],
                       f"{results[1000]['total_s']:.1f} s / {results[100]['total_s']:.1f} s = {ratio:.1f}×"))
    peak = max(r["peak_mb"] for r in results.values())
    checks.append((f"peak memory < {BUDGETS['peak_mb'] / 1024:.1f} GB", peak < BUDGETS["peak_mb"], f"{peak:,.0f} MB"))
    heaviest = max(results.values(), key=lambda r: r["weight"]["total"])
    kb = heaviest["weight"]["total"] / 1024
    gz = heaviest["weight"].get("gzip", 0) / 1024
    checks.append((f"a region page weighs < {BUDGETS['page_kb']:.0f} KB (uncompressed)", kb < BUDGETS["page_kb"],
                   f"{kb:.0f} KB ({heaviest['region']}, {heaviest['articles']} articles); sent gzipped {gz:.0f} KB"))
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
            f"{platform.system()} {platform.release()}; 1-min load average at start {load:.2f}")


def table(results: dict[int, dict]) -> str:
    rows = [
        ("articles (corpus MB)", lambda r: f"{r['articles']:,} ({r['corpus_mb']:.2f})"),
        ("extraction", lambda r: f"{r['extract_s']:.1f} s, {r['extract_mb_s']:.2f} MB/s"),
        ("load data", lambda r: f"{r['load_s']:.2f} s"),
        ("render (report+render+maps+charts+downloads)", lambda r: f"{r['render_s']:.1f} s"),
        ("  of which " + "/".join(GENERATOR_STAGES),
         lambda r: " / ".join(f"{r['stages'].get(s, 0):.1f}" for s in GENERATOR_STAGES)),
        ("MkDocs build (2 languages)", lambda r: f"{r['mkdocs_s']:.1f} s"),
        ("total, cold (`build` from empty data/)", lambda r: f"{r['total_s']:.1f} s"),
        ("total, nothing changed", lambda r: f"{r['warm']['total_s']:.1f} s"),
        ("total, one article changed", lambda r: f"{r['one']['total_s']:.1f} s"),
        ("plain MkDocs, same pages (2 builds)", lambda r: f"{r['baseline_s']:.1f} s"),
        ("whole build / plain MkDocs (nothing changed)", lambda r: f"{r['warm']['total_s'] / r['baseline_s']:.2f}×"),
        ("peak memory (build process)", lambda r: f"{r['peak_mb']:,.0f} MB"),
        ("peak memory (plain MkDocs)", lambda r: f"{r['baseline_peak_mb']:,.0f} MB"),
        ("pages: Markdown written / HTML (both languages)", lambda r: f"{r['md_pages']:,} / {r['html_pages']:,}"),
        ("heaviest region page (HTML+CSS+JS+map iframe)",
         lambda r: f"{r['weight']['total'] / 1024:.0f} KB ({r['region'].split('/')[-1]}: HTML "
                   f"{r['weight']['html'] / 1024:.0f}, CSS {r['weight']['css'] / 1024:.0f}, "
                   f"JS {r['weight']['js'] / 1024:.0f}, map {r['weight']['iframe'] / 1024:.0f}; "
                   f"gzip {r['weight'].get('gzip', 0) / 1024:.0f} KB)"),
    ]
    sizes = sorted(results)
    head = "| | " + " | ".join(f"{s:,} articles" for s in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n"
    return head + "".join(f"| {label} | " + " | ".join(fn(results[s]) for s in sizes) + " |\n" for label, fn in rows)


MARKER_START = "<!-- benchmark:start -->"
MARKER_END = "<!-- benchmark:end -->"


def write_report(results: dict[int, dict], checks, command: str, path: Path) -> None:
    block = [MARKER_START, "", f"Reproduce: `{command}`", "", f"Machine: {machine()}.", "", table(results), "Budgets:", ""]
    block += [f"- **{'PASS' if ok else 'MISS'}** {name}: {detail}" for name, ok, detail in checks]
    block += ["", MARKER_END]
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n" + MARKER_START + MARKER_END + "\n"
    if MARKER_START in text and MARKER_END in text:
        head, rest = text.split(MARKER_START, 1)
        tail = rest.split(MARKER_END, 1)[1]
        text = head + "\n".join(block) + tail
    else:
        text += "\n" + "\n".join(block) + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write BENCHMARKS.md")
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
    workdir = Path(tempfile.mkdtemp(prefix="eastwest-bench-"))
    try:
        results = {n: bench_size(n, workdir, log) for n in args.sizes}
    finally:
        if args.keep:
            log(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    checks = check_budgets(results)
    print(table(results))
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}: {detail}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if not args.no_write:
        sizes = "" if args.sizes == list(SIZES) else " --sizes " + " ".join(map(str, args.sizes))
        write_report(results, checks, f"make benchmark  # = .venv/bin/python benchmarks/run.py{sizes}", args.out)
        log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
