"""Command line: thin commands, each calling one stage (see `python -m generator --help`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from .buildstate import UP_TO_DATE, nothing_to_build
from .config import ProjectError, ProjectPaths
from .progress import Reporter
from .seeds import collect_article_files

# Each command imports the stages it runs when it runs (below, inside its cmd_ function): the
# extractor, the renderer, the review server and the PDF writer take 0.3 s to import together,
# and `build` with nothing to do must not pay for any of them.

EXAMPLES = {
    "build": "python -m generator build            # seeds/ -> data/ -> docs/ -> site/",
    "extract": "python -m generator extract seeds/   # merge new facts into data/articles/\n"
    "  python -m generator extract seeds/001_d0010fbb54b3bdc0.txt --format json",
    "check": "python -m generator check            # validate data/, report translation coverage",
    "evaluate": "python -m generator evaluate --gold tests/fixtures/gold seeds/   # the seeds against their gold",
    "serve": "python -m generator serve --lang en  # live preview on http://127.0.0.1:8000/en/",
    "review": "python -m generator review 000_a5d283d4a5cc16de   # workbench on http://127.0.0.1:8001/",
    "migrate-data": "python -m generator migrate-data   # title_en: … -> translations: {en: {title: …}}",
    # Publishing (generator/pdf.py, generator/diff.py)
    "pdf": "python -m generator pdf              # site/ -> briefing PDFs next to each region page",
    "diff": "python -m generator diff base/data data --format markdown   # facts a PR adds, changes, removes",
}


def _command(sub, name: str, help_text: str, description: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help_text,
        description=f"{description}\n\nExample:\n  {EXAMPLES[name]}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn news articles about East–West cooperation medical aid into a bilingual report site.",
        epilog="Examples:\n  " + "\n  ".join(EXAMPLES.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: found from the cwd)")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(sub, "build", "extract new articles, render pages and build site/",
                 "Run the whole pipeline: extract facts from new or changed seeds/ articles into data/\n"
                 "(reviewed fields are kept), render the pages of both languages into docs/, and build\n"
                 "site/ with MkDocs (strict). Prints each stage with its count and time.")
    p.add_argument("--site-url", default=None, help="base URL to build for (default: mkdocs.yml's site_url, or $SITE_URL)")
    p.add_argument("--no-extract", action="store_true", help="render from data/ as it is, without reading seeds/")
    p.add_argument("--out", type=Path, default=None, help="write the site here instead of site/")

    p = _command(sub, "extract", "extract facts from article files into data/ (or print them)",
                 "Read article files (or every .txt in a folder), find pairings and figures, and merge\n"
                 "them into data/articles/<id>.yaml without overwriting what a reviewer changed.\n"
                 "With --format json, print the facts as a JSON array on stdout and write nothing.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article file or folder of .txt files")
    p.add_argument("--out", type=Path, default=None, help="data folder to merge into (default: data/)")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml", help="yaml: merge into data/; json: print")
    p.add_argument("--force", action="store_true", help="extract again even when article and extractor are unchanged")

    p = _command(sub, "check", "validate every data file and report translation coverage",
                 "Validate data/ against its schemas (each problem names the file, line and field)\n"
                 "and report which curated English translations are still missing.")

    p = _command(sub, "evaluate", "score extraction against gold annotations",
                 "Extract the given articles (nothing is written) and compare with gold annotations:\n"
                 "precision and recall of pairings and figures, indicator accuracy, and scope accuracy (found\n"
                 "figures filed under the gold's pairing; gold without `scope` keys is not counted).")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article file or folder")
    p.add_argument("--gold", type=Path, required=True, help="folder of gold <article>.yaml files")
    p.add_argument("--details", action="store_true", help="list every miss and false positive")

    p = _command(sub, "serve", "live preview of one language with mkdocs serve",
                 "Render the pages and serve one language with live reload (Ctrl-C to stop).")
    p.add_argument("--lang", default="zh", help="language to serve (zh or en)")
    p.add_argument("--port", type=int, default=8000)

    p = _command(sub, "review", "review facts in the browser: accept, correct, reject, add",
                 "Serve the reviewer's workbench on 127.0.0.1 (this machine only, no network): each article's\n"
                 "cleaned text with its pairings and figures highlighted, and its facts beside it to accept,\n"
                 "correct, reject or add from the keyboard (keys shown on the page). Every action is written at\n"
                 "once to data/articles/<id>.yaml (validated, atomic). Ctrl-C to stop.")
    p.add_argument("article", nargs="?", default=None, metavar="ARTICLE-ID",
                   help="open this article first (default: the list of articles)")
    p.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (0: any free port; default 8001)")

    p = _command(sub, "migrate-data", "rewrite data files of the old per-language shape (title_en, sentence_zh, …)",
                 "Rewrite data/articles/, data/machine/ and data/indicators.yaml from the old per-language\n"
                 "fields (title_en, outlet_en, summary_zh, subject_en; an indicator's zh/en, definition_zh,\n"
                 "sentence_en) into translations keyed by language code, keeping every value and comment.\n"
                 "A file that would lose anything is left as it was, with an error. Files already in the new\n"
                 "shape are not touched.")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: data/)")

    # ---- Publishing: handouts and the reviewers' data diff
    p = _command(sub, "pdf", "write a briefing PDF per region and language into the built site",
                 "Print every region page of the built site (both languages) to an A4 PDF with its print\n"
                 "stylesheet (WeasyPrint, fonts embedded, nothing fetched from the network), next to the page:\n"
                 "site/report/regions/<slug>/briefing-<slug>-zh.pdf, site/en/.../briefing-<slug>-en.pdf.\n"
                 "Run after `build` (make pdf does both). Needs a CJK font (Debian: fonts-noto-cjk).")
    p.add_argument("--site", type=Path, default=None, help="built site folder (default: site/)")

    p = _command(sub, "diff", "list facts added, changed and removed between two data folders",
                 "Compare the article files of two data/ folders (e.g. the base branch's and a pull\n"
                 "request's) and list facts added, changed (fact id, field: old -> new) and removed,\n"
                 "as plain text or as Markdown for a pull-request comment. Exit status 0 either way.")
    p.add_argument("base", type=Path, metavar="BASE_DATA_DIR", help="data folder before (e.g. the base branch's)")
    p.add_argument("head", type=Path, metavar="HEAD_DATA_DIR", help="data folder after")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.add_argument("--output", type=Path, default=None, help="write to this file instead of stdout")
    # ---- end Publishing
    return parser


def cmd_extract(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .extract import article_to_public_json
    from .pipeline import extract_files, validate_data

    files = collect_article_files(args.paths)
    if not files:
        print(f"error: no .txt article files found in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 2
    if not validate_data(paths, reporter):
        return 1
    as_json = args.format == "json"
    run = extract_files(
        files, paths, data_dir=args.out, save=not as_json, incremental=not args.force, reporter=reporter
    )
    if as_json:
        json.dump([article_to_public_json(f) for f in run.facts], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        reporter.line(
            f"extracted {len(run.facts)} article(s), {len(run.skipped)} unchanged, {len(run.failures)} failed"
        )
    for warning in run.warnings:
        reporter.line(f"⚠ {warning}")
    for _path, message in run.failures:
        print(f"error: {message}", file=sys.stderr)
    return 1 if run.failures else 0


def cmd_evaluate(args, paths: ProjectPaths, reporter: Reporter) -> int:
    if not args.gold.is_dir() or not any(args.gold.glob("*.yaml")):
        what = "is not a folder" if not args.gold.is_dir() else "holds no gold <article>.yaml file"
        print(f"error: --gold {args.gold} {what}; nothing can be scored", file=sys.stderr)
        return 2
    from .evaluate import evaluate, format_report
    from .pipeline import extract_files, validate_data

    files = collect_article_files(args.paths)
    if not validate_data(paths, reporter):
        return 1
    run = extract_files(files, paths, save=False, reporter=reporter)
    report = evaluate(args.gold, run.facts)
    print(format_report(report, details=args.details))
    if not report.articles:
        print(f"error: no gold file in {args.gold} is for any of the articles given; nothing was scored",
              file=sys.stderr)
        return 2
    for _path, message in run.failures:
        print(f"error: {message}", file=sys.stderr)
    return 1 if run.failures else 0


def cmd_build(args, paths: ProjectPaths, reporter: Reporter) -> int:
    if nothing_to_build(paths, site_url=args.site_url, out_dir=args.out, extract=not args.no_extract):
        reporter.line(UP_TO_DATE.format(out=Path(args.out or paths.site).name))
        return 0
    from .pipeline import build_all

    return build_all(paths, reporter, site_url=args.site_url, extract=not args.no_extract, out_dir=args.out, asked=True)


def cmd_check(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .pipeline import check_data

    return check_data(paths, reporter)


def cmd_serve(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .pipeline import serve

    return serve(paths, reporter, lang=args.lang, port=args.port)


def cmd_review(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .review.server import run

    return run(paths, article_id=args.article, port=args.port)


def cmd_pdf(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .pdf import PdfError, write_briefings

    with reporter.stage("pdf") as info:
        try:
            run = write_briefings(paths, reporter, site_dir=args.site)
        except PdfError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        info.update(count=len(run.written), what="briefing PDF(s)")
    for url in run.refused:
        reporter.line(f"  not fetched (local files only): {url}")
    return 0


def cmd_migrate_data(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .migrate import migrate_data

    report = migrate_data(args.data or paths.data)
    for path in report.changed:
        reporter.line(f"  migrated {path}")
    reporter.line(f"migrate-data: {len(report.changed)} file(s) rewritten, {len(report.unchanged)} already in the new shape")
    return 0


def cmd_diff(args, paths: ProjectPaths, reporter: Reporter) -> int:
    from .diff import diff_data_dirs, format_markdown, format_text

    result = diff_data_dirs(args.base, args.head)
    text = format_markdown(result) if args.format == "markdown" else format_text(result)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


COMMANDS = {
    "build": cmd_build,
    "extract": cmd_extract,
    "check": cmd_check,
    "evaluate": cmd_evaluate,
    "serve": cmd_serve,
    "review": cmd_review,
    "pdf": cmd_pdf,
    "diff": cmd_diff,
    "migrate-data": cmd_migrate_data,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    reporter = Reporter(stream=None if args.quiet else sys.stderr, progress_bars=sys.stderr.isatty())

    try:
        paths = ProjectPaths(args.root.resolve()) if args.root else ProjectPaths.discover()
        return COMMANDS[args.command](args, paths, reporter)
    except ProjectError as exc:  # incomplete project, bad data file, failed MkDocs build: the message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing half-written was kept", file=sys.stderr)
        return 130
