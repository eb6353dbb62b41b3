"""Runs the stages in order and reports each one's count and time.

The CLI stays thin: each command calls one function here, which calls the stage
modules. Stages report progress through a `Reporter`, so tests run them silently.
"""

from __future__ import annotations

import re
import sys
import time
import traceback
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Literal, Sequence

from .buildstate import (
    UP_TO_DATE,
    BuildState,
    OutputRecord,
    inputs_fingerprint,
    nothing_to_build,
    recover_site,
    remove_killed_writes,
    rendering_context,
)
from .charts import write_charts
from .config import ProjectPaths, load_site_settings
from .downloads import write_downloads
from .edition import Licence, edition_of
from .extract import extract_article, load_rules
from .gazetteer import Gazetteer
from .glossary import GLOSSARY_LANGUAGE, Glossary, has_english_label
from .ids import article_id
from .indicators import IndicatorCatalog
from .ingest import IngestError, load_outlets, read_article
from .io import DataError, load_yaml, load_yaml_file
from .model import Article, ArticleFacts
from .names import NameTranslator
from .parallel import MIN_TASKS, Beside, fork_map, return_freed_memory, usable_cores
from .progress import SILENT, Reporter
from .render import render_docs
from .report import Report, build_report, load_region_slugs
from .seeds import (
    collect_article_files,
    extracted_already,
    extractor_fingerprint,
    refusal,
    snapshot_header,
    too_big,
    unextracted_articles,
)
from .site import SiteBuildError, SiteResult, build_site, preload_mkdocs, write_mkdocs_configs
from .sources import ArticleIndex
from .store import DATA_FILES, SaveResult, load_articles, machine_snapshot, save_extraction, validate_data_files
from .values import date_problem, number_problem, period_problem


@dataclass
class ExtractRun:
    """What an extraction run did: facts per article, merge logs, and failures."""

    facts: list[ArticleFacts] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last run
    ids: set[str] = field(default_factory=set)  # ids of the files that may be read (generator.ids)
    logs: dict[str, str] = field(default_factory=dict)  # article id -> merge summary
    warnings: list[str] = field(default_factory=list)  # "<article>: <fact>: needs a second look …"
    bytes_read: int = 0
    copies: dict[str, str] = field(default_factory=dict)  # repost id -> the original it copies


def extract_files(
    files: Sequence[Path],
    paths: ProjectPaths,
    *,
    data_dir: Path | None = None,
    save: bool = True,
    incremental: bool = True,
    reporter: Reporter = SILENT,
) -> ExtractRun:
    """Ingest and extract each file; with `save`, merge the result into data_dir.

    A file that cannot be read is reported and skipped; the others go on.
    """

    data_dir = Path(data_dir or paths.data)
    run = ExtractRun()
    outlets = load_outlets(paths.require(paths.outlets, "outlet table"))
    fingerprint = extractor_fingerprint(paths)
    taken: dict[str, Path] = {}  # id (without case) -> the file that has it
    copies = _CopyFinder(files, paths, data_dir, outlets) if save else None  # reposts are found when merging into data/
    # 1. read every file that needs extracting (in order: a repost is found against the ones before it)
    todo: list[tuple[Path, str, Article, str | None]] = []  # (file, id, article, the original it reposts)
    for path in map(Path, files):
        refused = refusal(path, paths.root)
        if refused:
            run.failures.append((path, refused))
            continue
        aid = article_id(path.name)
        if aid.lower() in taken:
            run.failures.append((path, f"{path}: its article id {aid!r} is already that of {taken[aid.lower()]}; "
                                       f"rename one of the two files"))
            continue
        taken[aid.lower()] = path
        run.ids.add(aid)
        review_file = data_dir / "articles" / f"{aid}.yaml"
        if save and incremental and review_file.exists():  # a deleted review file is extracted again
            if extracted_already(path, snapshot_header(data_dir, aid) or machine_snapshot(data_dir, aid), fingerprint):
                run.skipped.append(aid)
                continue
        oversized = too_big(path)
        if oversized:
            run.failures.append((path, oversized))
            continue
        try:
            article = read_article(path, outlets)
        except IngestError as exc:
            run.failures.append((path, str(exc)))  # reported once, after the run
            continue
        run.bytes_read += len(article.text.encode("utf-8"))
        original = copies.original_of(article) if copies is not None else None
        if original is None and copies is not None:
            copies.hold(article)
        todo.append((path, aid, article, original))
    # 2. extract: each article on its own, so on every core (generator/parallel.py), in slices for the bar.
    # The rules are loaded only when there is something to extract (a build with nothing new skips 0.1 s).
    # With `save`, each worker also merges its article into data/ (writing YAML is as slow as extracting).
    existed = {aid: (data_dir / "articles" / f"{aid}.yaml").exists() for _, aid, _, _ in todo}
    tasks: list[Callable[[], _Extracted]] = []
    if any(original is None for *_, original in todo):
        catalog = IndicatorCatalog.load(paths.data / "indicators.yaml")
        gazetteer = Gazetteer.load(paths.data)
        rules = load_rules(paths.require(paths.extraction_rules, "extraction rules"))
        save_to = (data_dir, fingerprint) if save else None
        tasks = [partial(_extract_one, article, gazetteer, catalog, rules, save_to)
                 for _, _, article, original in todo if original is None]
        if len(tasks) >= MIN_TASKS:
            gazetteer.warm_up()  # before the workers fork
    extracted: list[_Extracted] = []
    for chunk in reporter.chunks(tasks, "extract", size=max(MIN_TASKS, 16 * usable_cores())):
        extracted += fork_map(chunk)
    # 3. merge into data/, in the order of the files
    results = iter(extracted)
    for path, aid, article, original in todo:
        if original is not None:
            # A repost adds a source to its original's facts: its file keeps its own page data
            # (outlet, date, link) and copy_of, and no facts of its own (report stage: sources.py).
            reporter.line(f"  {path}: repost of {original}; adds a source")
            run.copies[article.id] = original
            done = _Extracted(ArticleFacts(article=article, copy_of=original), [])
            done = _save(done, data_dir, fingerprint) if save else done
        else:
            done = next(results)
        if done.failed:
            run.failures.append((path, f"{path}: {done.failed}"))
            continue
        facts = done.facts
        for message in done.dropped:
            reporter.line(f"  ! {path}: {message}")
        run.facts.append(facts)
        if save:
            result = done.saved
            if result is None:
                # The reviewed file is broken: never overwrite it, tell the person what to fix.
                run.failures.append((path, f"{done.save_error} — not updated; fix the file and run again"))
                continue
            run.logs[article.id] = result.log.summary()
            reporter.line(f"  {article.id}: {result.log.summary()}"
                          + ("" if existed[aid] else " (new review file)"))
            if existed[aid]:  # per fact, what the merge did (a new file: every fact was added)
                for detail in result.log.details():
                    reporter.line(f"    {detail}")
            run.warnings.extend(f"{article.id}: {w}" for w in result.log.warnings)
    return run


@dataclass
class _Extracted:
    """One article's facts, what was left out as implausible, and how merging them into data/ went
    (`saved`, or `save_error` when the reviewed file is broken and was left as it was)."""

    facts: ArticleFacts
    dropped: list[str]
    saved: SaveResult | None = None
    save_error: str | None = None
    failed: str | None = None  # the extractor itself failed on this article (a bug): why


def _extract_one(article: Article, gazetteer: Gazetteer, catalog: IndicatorCatalog, rules,
                 save_to: tuple[Path, str] | None) -> _Extracted:
    """One article extracted and, with `save_to` (data dir, extractor fingerprint), merged into its
    own review and machine files there; runs in a worker (each article's files are its own).
    An error of the extractor's own on one article is that article's failure, reported with it, not
    the end of the run: the other articles are extracted and built, and nothing is written for it."""
    try:
        facts, dropped = plausible_facts(extract_article(article, gazetteer, catalog, rules))
    except Exception as exc:  # noqa: BLE001 - any bug in the rules; the message says so
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return _Extracted(ArticleFacts(article=article), [], failed=(
            f"the extractor failed on this article ({type(exc).__name__} at {Path(where.filename).name}:{where.lineno}); "
            f"it is left out and nothing of it was written — please report it with the article"))
    done = _Extracted(facts, dropped)
    return _save(done, *save_to) if save_to is not None else done


def _save(done: _Extracted, data_dir: Path, fingerprint: str) -> _Extracted:
    try:
        done.saved = save_extraction(data_dir, done.facts, extractor=fingerprint)
    except DataError as exc:
        done.save_error = str(exc)
    return done


def plausible_facts(facts: ArticleFacts) -> tuple[ArticleFacts, list[str]]:
    """The facts without values no report can show (generator/values.py), and what was left out.

    A page's typo (a 30-digit number, a date in 2205) must not stop every later build: the
    figure or the date is left out here and said so, where a reviewed file with it is refused.
    """


    dropped: list[str] = []
    figures = []
    for figure in facts.figures:
        problem = number_problem(figure.value) or number_problem(figure.before) or period_problem(figure.period)
        if problem:
            dropped.append(f"figure «{figure.quote}» left out: {problem}")
        else:
            figures.append(figure)
    article = facts.article
    if problem := date_problem(article.date):
        dropped.append(f"the page's date left out: {problem}")
        article = replace(article, date=None)
    if not dropped:
        return facts, []
    return replace(facts, article=article, figures=figures), dropped


_COPY_OF_FIELD = re.compile(r"^copy_of: *(\S[^\n#]*?)[ \t]*$", re.M)


def _copy_of_field(path: Path) -> str | None:
    """The raw `copy_of` value near the top of a data file (ARTICLE_KEYS puts it there), or None."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    match = _COPY_OF_FIELD.search(head.split("\npairings:", 1)[0])
    return match.group(1).strip("'\"") if match else None


class _CopyFinder:
    """Which article a new one reposts, among the originals held (generator/sources.py).

    Held originals are the articles with a file in data/articles/ that is not itself a copy;
    their text is read again from seeds/ (ingest is fast: well under a millisecond an article).
    The index is built on first use, so a run with nothing to extract reads nothing.
    A reviewer's `copy_of` wins: `false` means "not a copy", an id typed by hand names the original.
    """

    def __init__(self, files: Sequence[Path], paths: ProjectPaths, data_dir: Path, outlets=None):
        self.files = {article_id(Path(f).name): Path(f) for f in files}
        self.outlets = outlets
        self.paths = paths
        self.data_dir = Path(data_dir)
        self._index: ArticleIndex | None = None

    def _person_choice(self, aid: str) -> str | Literal[False] | None:
        current = _copy_of_field(self.data_dir / "articles" / f"{aid}.yaml")
        machine = _copy_of_field(self.data_dir / "machine" / f"{aid}.yaml")
        if current is None or current == machine:
            return None
        if current.lower() in ("false", "no", "null", "~"):
            return False
        return current

    def _seed_files(self) -> dict[str, Path]:
        seeds = self.paths.seeds
        found = {article_id(p.name): p for p in sorted(seeds.iterdir()) if p.is_file()} if seeds.is_dir() else {}
        return {**found, **self.files}

    def index(self) -> ArticleIndex:
        if self._index is None:
            self._index = ArticleIndex()
            seeds = self._seed_files()
            for aid in sorted(p.stem for p in (self.data_dir / "articles").glob("*.yaml")):
                if _copy_of_field(self.data_dir / "articles" / f"{aid}.yaml") not in (None, "false", "no"):
                    continue
                if aid not in seeds:
                    continue  # an original whose file is gone is compared with nothing
                try:
                    self._index.add(aid, read_article(seeds[aid], self.outlets).text)
                except (IngestError, OSError):
                    continue
        return self._index

    def original_of(self, article) -> str | None:
        choice = self._person_choice(article.id)
        if choice is not None:
            return choice or None
        index = self.index()
        # An original held before this run stays one unless it copies an original of lower id
        # (two reposts both held from earlier runs: the first one held is the original).
        was_held = article.id in index.fingerprints
        found = index.copy_of(article.id, article.text, below=article.id if was_held else None)
        if found:
            index.discard(article.id)
        return found[0] if found else None

    def hold(self, article) -> None:
        """An article extracted in this run is an original from now on."""
        index = self.index()
        if article.id not in index.fingerprints:
            index.add(article.id, article.text)


# ---------------------------------------------------------------------------- build


@dataclass
class DocsRun:
    """What generating docs/ produced: the report, pages, per-language configs, unusable data files."""

    report: Report | None  # None once dropped (render_and_build's keep_report=False)
    pages_rendered: list
    configs: dict
    data_errors: list = field(default_factory=list)


@dataclass
class BuildRun:
    """What `build` produced: the docs run and the site."""

    docs: DocsRun
    site: SiteResult

    @property
    def report(self):
        return self.docs.report


def generate_docs(
    paths: ProjectPaths,
    settings,
    *,
    reporter: Reporter = SILENT,
    data_dir: Path | None = None,
    gazetteer=None,
    strict: bool = True,
    exclude_ids: set[str] | frozenset = frozenset(),
    while_maps_draw: Callable[[], object] | None = None,
) -> DocsRun:
    """data/ -> Report -> docs/<lang>/report/ (pages, maps, downloads) + per-language MkDocs configs.

    With `strict`, an unusable data file raises SiteBuildError; otherwise it is reported
    and left out. `while_maps_draw`: work for this process while it would only wait for the maps'
    child (the build preloads MkDocs there).
    """

    catalog = IndicatorCatalog.load(paths.data / "indicators.yaml")
    with reporter.stage("load data") as info:
        loaded = load_articles(Path(data_dir or paths.data), catalog.ids())
        loaded.articles = [a for a in loaded.articles if a.article.id not in exclude_ids]  # seed gone, review kept
        loaded.errors = [e for e in loaded.errors if Path(e.path).stem not in exclude_ids]
        info.update(count=len(loaded.articles), what="article file(s)")
    for error in loaded.errors:
        reporter.line(f"  ✗ {error}")
    second_look = [f"{facts.article.id}: {fact.id}" for facts in loaded.articles for fact in facts.facts if fact.needs_second_look]
    if second_look:
        reporter.line(f"  ⚠ {len(second_look)} reviewed fact(s) need a second look (needs_second_look: true; "
                      f"the article was re-edited): {', '.join(second_look)}")
    if loaded.errors and strict:
        raise SiteBuildError(f"{len(loaded.errors)} data file(s) cannot be used", [str(e) for e in loaded.errors])
    with reporter.stage("report") as info:
        gazetteer = gazetteer or Gazetteer.load(paths.data)

        report = build_report(loaded.articles, catalog, gazetteer, region_slugs=load_region_slugs(paths.data / "regions.yaml"),
                              publish=settings.publish)
        info.update(count=len(report.regions), what="region(s)")
    edition = edition_of(report, Licence.from_mkdocs(paths.mkdocs_yml), settings.base_url)  # citation, every page
    context = rendering_context(paths)  # what every chart and map reads besides its own data
    # The maps read only the report and write only report/maps/: drawn in a child beside render, charts and
    # downloads (its Folium import and set-up then use a core this process leaves idle).
    maps_job = Beside(partial(_draw_maps, report, paths, settings, gazetteer, context))
    try:
        with reporter.stage("render") as info:
            names = NameTranslator.load(paths.data, gazetteer)
            rendered = render_docs(report, paths.docs, settings, names=names, edition=edition)
            info.update(count=len(rendered.pages_written), what=f"Markdown file(s) for {', '.join(rendered.nav)} "
                        f"({len(rendered.pages_changed)} written, {len(rendered.pages_removed)} removed, rest unchanged)")
        # ---- charts (generator/charts.py): static SVG per region and for the home page, after render_docs
        with reporter.stage("charts") as info:
            chart_record = OutputRecord(paths, "charts")
            charts = write_charts(report, paths.docs, settings, names=names, record=chart_record, context=context)
            chart_record.save()
            slowest, slowest_s = charts.slowest
            drawn = len(charts.files) - charts.reused
            info.update(count=len(charts.files), what=f"SVG file(s): {charts.reused} up to date, {drawn} drawn"
                        + (f", {charts.mean_ms:.0f} ms per chart, slowest {slowest_s * 1000:.0f} ms ({slowest})" if drawn else ""))
        # ---- end charts
        with reporter.stage("downloads") as info:
            downloads = write_downloads(report, paths.docs, settings.languages, edition)
            info.update(count=len(downloads.files), what="CSV/JSON file(s) per language")
        with reporter.stage("maps") as info:
            if while_maps_draw is not None:
                while_maps_draw()
            maps = maps_job.result()
            info.update(count=maps.files, what=f"file(s): {maps.reused * 2} up to date, "
                        f"{maps.files - maps.reused * 2} written; largest map page {maps.largest:,} bytes "
                        f"(drawn in {maps_job.seconds:.2f} s beside render, charts and downloads)")
    except BaseException:
        maps_job.cancel()
        raise
    configs = write_mkdocs_configs(paths, settings, rendered.nav, data_date=edition.date, edition=edition)  # publishing: edition
    return DocsRun(report, rendered.pages_written, configs, loaded.errors)


@dataclass(frozen=True)
class MapsDone:
    """What the maps stage reports back: counts only. Its child returns this rather than maps.MapsResult,
    because unpickling a class from generator.maps imports that module, Folium with it (0.4 s), in the
    parent, which draws no map — on the build's critical path."""

    files: int
    reused: int
    largest: int


def _draw_maps(report, paths: ProjectPaths, settings, gazetteer, context: str) -> MapsDone:
    """The maps stage: docs/<lang>/report/maps/ and its record (generator/maps.py)."""
    from .maps import MapSettings, write_maps  # imports Folium (0.4 s): not for commands that draw no map

    record = OutputRecord(paths, "maps")
    maps = write_maps(report, paths.docs, settings, places=gazetteer, map_settings=MapSettings.from_mkdocs(paths.mkdocs_yml),
                      assets_dir=paths.assets, record=record, context=context)
    record.save()
    return MapsDone(files=len(maps.files), reused=maps.reused, largest=maps.largest)


def render_and_build(
    paths: ProjectPaths,
    *,
    reporter: Reporter = SILENT,
    out_dir: Path | None = None,
    site_url: str | None = None,
    data_dir: Path | None = None,
    gazetteer=None,
    strict: bool = True,
    exclude_ids: set[str] | frozenset = frozenset(),
    keep_report: bool = True,
) -> BuildRun:
    """data/ -> docs/ -> site/ (or out_dir).

    Raises SiteBuildError when a data file is unusable (strict) or MkDocs warns; the
    previous site/ is then left as it was. `keep_report=False` drops the report before MkDocs
    runs (the CLI's build: at 1,000 articles it is ~250 MB beside the two languages' builds).
    """

    settings = load_site_settings(paths, site_url)
    docs = generate_docs(paths, settings, reporter=reporter, data_dir=data_dir, gazetteer=gazetteer, strict=strict,
                         exclude_ids=exclude_ids, while_maps_draw=partial(preload_mkdocs, paths.mkdocs_yml))
    if not keep_report:
        docs.report, docs.pages_rendered = None, []
        return_freed_memory()
    with reporter.stage("mkdocs build --strict") as info:
        site = build_site(paths, out_dir, settings=settings, configs=docs.configs, strict=strict)
        info.update(count=sum(site.pages.values()), what=f"HTML page(s) into {site.out_dir}: {site.summary()}")
    return BuildRun(docs, site)


def build_all(
    paths: ProjectPaths,
    reporter: Reporter = SILENT,
    *,
    site_url: str | None = None,
    extract: bool = True,
    out_dir: Path | None = None,
    asked: bool = False,
) -> int:
    """The `build` command: extract new or changed seeds, then render and build; exit status.
    `asked`: the caller already found that there is something to build (buildstate.nothing_to_build)."""

    started = time.perf_counter()
    if not asked and nothing_to_build(paths, site_url=site_url, out_dir=out_dir, extract=extract):
        reporter.line(UP_TO_DATE.format(out=Path(out_dir or paths.site).name))
        return 0
    if not validate_data(paths, reporter):
        reporter.line("  the previous site/ and data/ were left as they were")
        return 1
    extract_run = None
    for warning in [] if extract else unextracted_articles(paths):  # extraction makes them (or says why not)
        reporter.line(f"  ⚠ {warning}")
    if extract:
        files = collect_article_files([paths.seeds])
        with reporter.stage("extract") as info:
            extract_run = extract_files(files, paths, reporter=reporter)
            info.update(
                count=len(files),
                what=f"article(s): {len(extract_run.facts)} extracted, {len(extract_run.skipped)} unchanged, "
                f"{len(extract_run.failures)} failed",
            )
        extract_run.facts.clear()  # written to data/, which the site is built from; not held through MkDocs
    withdrawn: set[str] = set()
    if extract_run is not None:
        withdrawn = remove_withdrawn_articles(paths.data, extract_run.ids, reporter)
    settings = load_site_settings(paths, site_url)
    state = BuildState(paths, Path(out_dir or paths.site))
    recover_site(state.out_dir)  # a killed build's leftovers go even when nothing else is to do
    fingerprint = inputs_fingerprint(paths, settings, state.out_dir)
    if state.up_to_date(fingerprint, settings) and not (extract_run and extract_run.failures) and not withdrawn:
        reporter.line(UP_TO_DATE.format(out=state.out_dir.name))
        return 0
    try:
        run = render_and_build(paths, reporter=reporter, out_dir=out_dir, site_url=site_url, exclude_ids=withdrawn,
                               keep_report=False)
    except SiteBuildError as exc:
        reporter.line(f"✗ build failed: {exc}")
        for warning in exc.warnings:
            reporter.line(f"    {warning}")
        reporter.line("  the previous site/ was left as it was")
        return 1
    failures = extract_run.failures if extract_run else []
    if not failures:
        state.record(fingerprint)
    reporter.line(f"built {run.site.out_dir} in {time.perf_counter() - started:.1f} s")
    for warning in extract_run.warnings if extract_run else []:
        reporter.line(f"  ⚠ {warning}")
    if failures:
        reporter.line(f"✗ {len(failures)} article(s) could not be read and are not on the site:")
        for _path, message in failures:
            reporter.line(f"    {message}")
        return 1
    return 0


def remove_withdrawn_articles(data_dir: Path, seed_ids: set[str], reporter: Reporter = SILENT) -> set[str]:
    """Remove the generated files of articles whose seed is gone; return the ids left out of the site.

    An article extracted from a seed has data/machine/<id>.yaml. When no seed has that id any
    more (deleted or renamed), both files go, unless data/articles/<id>.yaml holds a person's
    work (it differs from the machine output, or has comments): that file is never deleted; the
    build names it and leaves the article out of the site until the person removes it.
    """
    kept_out: set[str] = set()
    machine_dir = Path(data_dir) / "machine"
    for machine in sorted(machine_dir.glob("*.yaml")) if machine_dir.is_dir() else []:
        aid = machine.stem
        if aid in seed_ids or machine.name.startswith("."):
            continue
        reviewed = Path(data_dir) / "articles" / machine.name
        if reviewed.exists():
            try:
                text = reviewed.read_text(encoding="utf-8")

                untouched = load_yaml(text, reviewed) == load_yaml_file(machine) and not re.search(
                    r"^\s*#", text, re.M)
            except (OSError, UnicodeDecodeError, DataError):
                untouched = False
            if not untouched:
                kept_out.add(aid)
                reporter.line(f"  ! {reviewed}: its article file is no longer in seeds/, but this file holds review "
                              f"work, so it was kept and left out of the site; delete it (and {machine}) if the "
                              f"article is withdrawn, or put the article back in seeds/")
                continue
            reviewed.unlink()
        machine.unlink()
        reporter.line(f"  removed {Path(data_dir).name}/articles/{machine.name} and machine/{machine.name}: "
                      f"no file in seeds/ has the id {aid} any more")
    return kept_out


# ----------------------------------------------------------------- validation (reliability)


def validate_data(paths: ProjectPaths, reporter: Reporter = SILENT) -> bool:
    """Validate every hand-made data file before anything reads it; report each problem.

    Run first by `build`, `extract` and `evaluate`, so a bad indicators.yaml, gazetteer or
    extraction.yaml stops with file, line and field instead of a traceback deep in a loader.
    Also removes temporary files a killed run left in data/ and build/.
    """

    remove_killed_writes(paths)
    errors = validate_data_files(paths.data)
    if errors:
        reporter.line(f"✗ {len(errors)} data file(s) cannot be used; nothing was built:")
        for error in errors:
            reporter.line(f"  ✗ {error}")
            if reporter.stream is None:  # --quiet prints errors only: these are errors
                print(f"error: {error}", file=sys.stderr)
    return not errors


# ---------------------------------------------------------------------------- check


@dataclass
class Coverage:
    """How many curated translations exist, out of how many are wanted."""

    label: str
    done: int = 0
    wanted: int = 0
    missing: list[str] = field(default_factory=list)

    def line(self) -> str:
        share = f"{self.done / self.wanted:.0%}" if self.wanted else "—"
        return f"  {self.label:<42} {self.done:>4} / {self.wanted:<4} {share}"


def translation_coverage(articles: Sequence[ArticleFacts], outlet_names: dict[str, str] | None = None,
                         glossary=None) -> list[Coverage]:
    """Curated English for what extraction cannot translate: titles, outlets, outcome subjects.

    An outlet counts as translated by its article's translations.en.outlet or by data/translations.yaml.
    """
    lang = GLOSSARY_LANGUAGE  # the language data/glossary.yaml and data/translations.yaml are written in
    outlet_names = outlet_names or {}
    titles = Coverage(f"article titles (translations.{lang}.title)")
    outlets = Coverage(f"outlets (translations.{lang}.outlet or translations.yaml)")
    subjects = Coverage(f"outcome subjects (translations.{lang}.subject)")
    for facts in articles:
        aid = facts.article.id
        if facts.article.title:
            titles.wanted += 1
            titles.done += bool(facts.translation(lang, "title"))
            if not facts.translation(lang, "title"):
                titles.missing.append(aid)
        if facts.article.outlet:
            outlets.wanted += 1
            outlets.done += bool(facts.translation(lang, "outlet") or outlet_names.get(facts.article.outlet))
        for figure in facts.figures:
            if figure.subject and figure.status != "rejected":
                subjects.wanted += 1
                subjects.done += bool(figure.translation(lang, "subject"))
                if not figure.translation(lang, "subject"):
                    subjects.missing.append(f"{aid}: {figure.id} {figure.subject}")
    # English labels: every kept figure an English page can name (catalog, curated subject or data/glossary.yaml).

    glossary = glossary or Glossary()
    labels = Coverage("figures with an English label")
    for facts in articles:
        for figure in facts.figures:
            if figure.status == "rejected":
                continue
            labels.wanted += 1
            if has_english_label(figure, glossary):
                labels.done += 1
            else:
                labels.missing.append(f"{facts.article.id}: {figure.id} {figure.subject or figure.quote[:30]}")
    return [titles, outlets, subjects, labels]


def gazetteer_line(paths: ProjectPaths) -> str:
    """What places the project resolves against: the snapshot's date, size and sources."""
    meta_path = paths.data / "gazetteer" / "snapshot.yaml"
    if not meta_path.is_file():
        return f"gazetteer: ✗ {meta_path} is missing (run python scripts/refresh_gazetteer.py)"

    meta = load_yaml_file(meta_path) or {}
    sources = ", ".join(f"{s.get('name')} {s.get('version')} ({s.get('licence')})" for s in meta.get("sources") or [])
    return (f"gazetteer: divisions in force as of {meta.get('as_of')}: {meta.get('divisions')} divisions, "
            f"{meta.get('changes')} former codes; from {sources}")


def check_data(paths: ProjectPaths, reporter: Reporter = SILENT) -> int:
    """The `check` command: validate data/ and report translation coverage; 1 when data is invalid."""

    file_errors = validate_data_files(paths.data)
    present = [rel for rel, _, _ in DATA_FILES if (paths.data / rel).exists()]
    print(f"data files: {len(present)} checked against their schemas, {len(file_errors)} with problems")
    for error in file_errors:
        print(f"  ✗ {error}")
    indicators_ok = not any(e.path.name == "indicators.yaml" for e in file_errors)
    catalog = IndicatorCatalog.load(paths.data / "indicators.yaml") if indicators_ok else None
    loaded = load_articles(paths.data, catalog.ids() if catalog else None)
    print(f"data/articles: {len(loaded.articles)} valid, {len(loaded.errors)} with problems")
    for error in loaded.errors:
        print(f"  ✗ {error}")
    print(gazetteer_line(paths))
    print("translation coverage (curated English):")

    try:
        translator = NameTranslator.load(paths.data, None)
        outlet_names, glossary = translator.outlets, translator.glossary
    except DataError:  # already listed above
        outlet_names, glossary = {}, None
    for coverage in translation_coverage(loaded.articles, outlet_names, glossary):
        print(coverage.line())
        if coverage.label.startswith("figures with an English label"):
            for missing in coverage.missing[:20]:
                print(f"      no English label: {missing}")
    print("  (where a translation is missing, the English page says so and shows the Chinese)")
    return 1 if loaded.errors or file_errors else 0


# ---------------------------------------------------------------------------- serve


def serve(paths: ProjectPaths, reporter: Reporter = SILENT, *, lang: str = "zh", port: int = 8000) -> int:
    """The `serve` command: render the pages, then `mkdocs serve` one language with live reload."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    address = f"127.0.0.1:{port}"
    settings = load_site_settings(paths, f"http://{address}/")
    if lang not in [language.code for language in settings.languages]:
        print(f"error: unknown language {lang!r}; mkdocs.yml lists {[l.code for l in settings.languages]}", file=sys.stderr)
        return 2
    if not validate_data(paths, reporter):  # the gazetteer and catalog cannot be read: nothing to preview
        return 1
    # Not strict: a broken article file is reported and left out of the preview.
    docs = generate_docs(paths, settings, reporter=reporter, strict=False)
    configs = docs.configs
    url = settings.site_url(settings.language(lang))
    reporter.line(f"serving {lang} on {url} (edits to docs/{lang}/ reload; run `build` after changing data/)")
    mkdocs_serve(str(configs[lang]), dev_addr=address, livereload=True)
    return 0
