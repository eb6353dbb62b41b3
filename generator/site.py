"""Writes docs/<lang>/report/ and the per-language MkDocs configs, then builds site/ atomically.

One MkDocs build per language (Material's recommended way): the first language at the
base URL, the others under their prefix (en/). Both builds go into a temporary folder
next to site/, each with `--strict` semantics (any warning fails the build); only when
every language built cleanly is the folder swapped in, so a failed build keeps the
previous site/. The languages are independent MkDocs builds, so on a machine with more
than one core they run side by side, one process each, into folders of their own.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import html
import logging
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .buildstate import LanguageBuilds, language_fingerprint, recover_site
from .config import (
    Language,
    ProjectError,
    ProjectPaths,
    SiteSettings,
    load_site_settings,
    read_mkdocs_yml,
)
from .edition import edition_of, published_base
from .i18n import N_, Localizer
from .io import dump_yaml, write_atomic
from .mkdocs_cache import PageWorkCache, reusing_page_work
from .parallel import begin_forked_child, usable_cores
from .render import REPORT_DIR, render_citation
from .values import date_problem

log = logging.getLogger(__name__)


class SiteBuildError(ProjectError):
    """A build that failed: the language, what MkDocs said, and every warning it logged."""

    def __init__(self, message: str, warnings: list[str] | None = None):
        self.message = message
        self.warnings = list(warnings or [])
        details = "".join(f"\n  - {w}" for w in self.warnings)
        super().__init__(message + details)

    def __reduce__(self):  # raised in a worker process, re-raised here with its warnings
        return (SiteBuildError, (self.message, self.warnings))


@dataclass
class SiteResult:
    """A finished build: where it is, pages per language, and how long it took."""

    out_dir: Path
    pages: dict[str, int] = field(default_factory=dict)  # language code -> HTML pages (404 excluded)
    seconds: float = 0.0
    configs: dict[str, Path] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)  # languages whose inputs did not change: output reused
    page_work: dict[str, tuple[int, int]] = field(default_factory=dict)  # language -> (reused, done) page steps

    def summary(self) -> str:
        """How much of each language was built, for the build log."""
        parts = []
        for code in self.pages:
            if code in self.unchanged:
                parts.append(f"{code} up to date (copied from the last build)")
            else:
                reused, done = self.page_work.get(code, (0, 0))
                parts.append(f"{code} built ({reused} page step(s) reused, {done} done)")
        return "; ".join(parts)


# --------------------------------------------------------------------------- configs


def _with_search(plugins: list, language: Language) -> list:
    out, found = [], False
    for entry in plugins or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in ("search", "material/search"):
            found = True
            out.append({name: {**(options or {}), **language.search}})
        else:
            out.append(entry)
    if not found:
        out.append({"search": dict(language.search)})
    return out


def _with_snippets(extensions: list, docs_dir: Path) -> list:
    out = []
    for entry in extensions or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name == "pymdownx.snippets":
            # Snippet paths are relative to the cwd by default: anchor them to this language's docs.
            out.append({name: {**(options or {}), "base_path": [str(docs_dir)]}})
        else:
            out.append(entry)
    return out


# Interface strings the theme overrides show (docs/overrides/*.html), translated through
# the same gettext catalogs as the page templates.
THEME_STRINGS = {
    "not_found_title": N_("Page not found"),
    "not_found_text": N_("There is no page at this address. It may have moved when the report was updated."),
    "not_found_home": N_("Go to the report's home page"),
    # Edition line on every page and the running header of handouts (docs/overrides/main.html,
    # generator/templates/partials/citation.html.j2): the date of the data, never the build's clock.
    "data_as_of": N_("Edition of %(date)s"),
    "data_undated": N_("Edition date not stated"),
}


def theme_strings(language: Language, data_date: str | None = None, edition=None) -> dict[str, str]:
    localizer = Localizer.for_language(language)
    # HTML-escaped here, once: the theme templates print them as they are, and a catalog is edited by hand.
    strings = {key: html.escape(localizer.gettext(message), quote=False) for key, message in THEME_STRINGS.items()}
    strings["data_date"] = (
        strings.pop("data_as_of") % {"date": localizer.date(data_date)} if data_date else strings["data_undated"]
    )
    del strings["data_undated"]
    if edition is not None:  # the citation block every page shows (rendered from a template, both languages)
        strings["citation"] = render_citation(edition, language)
    return strings


def data_date(report) -> str | None:
    """The edition date: the newest date stated anywhere in the report's data (generator/edition.py).

    Article dates, dates a fact's quote gives and the years of facts' periods all count, so
    an article dated May that reports July events makes a July edition. Used as
    SOURCE_DATE_EPOCH too, so the same data builds the same site on any day.
    """

    return edition_of(report).date if hasattr(report, "sources") else None


def source_date_epoch(iso: str | None) -> int:
    """Seconds since 1970 at 00:00 UTC of the data date (partial dates: the first day); 0 without one."""
    if not iso:
        return 0
    parts = [int(p) for p in str(iso).split("-")] + [1, 1]

    return int(_dt.datetime(parts[0], parts[1], parts[2], tzinfo=_dt.timezone.utc).timestamp())


def mkdocs_config(paths: ProjectPaths, settings: SiteSettings, language: Language, nav: list,
                  data_date: str | None = None, edition=None) -> dict[str, Any]:
    """The per-language config, whole: the shared mkdocs.yml merged with what differs per language
    (as MkDocs' INHERIT merges: mappings key by key, anything else replaced), paths relative to the
    config's folder build/mkdocs/ — so an engine that merges lists otherwise, or resolves absolute
    paths differently, builds the same site."""
    base = read_mkdocs_yml(paths.mkdocs_yml)
    docs_dir = (paths.docs / language.code).resolve()
    here = (paths.build / "mkdocs").resolve()

    def from_here(path: Path) -> str:
        return os.path.relpath(Path(path).resolve(), here).replace(os.sep, "/")

    build_root = settings.languages[0]
    alternate = []
    for other in settings.languages:
        # Relative to this build's root: "./", "en/" from the root build, "../" from en/.
        rel = os.path.relpath(other.prefix or ".", language.prefix or ".").replace(os.sep, "/")
        alternate.append({"name": other.name, "link": "./" if rel == "." else rel.rstrip("/") + "/",
                          "lang": other.html_lang})
    return _merged(base, {
        "site_name": language.site_name,
        "site_description": language.site_description or base.get("site_description", ""),
        "site_url": settings.site_url(language),
        "copyright": language.copyright,
        "docs_dir": from_here(docs_dir),
        "site_dir": from_here(paths.site / language.prefix),
        "theme": {"language": language.theme_language or language.code, "custom_dir": from_here(paths.docs / "overrides")},
        # Partials are pasted into index.md / methodology.md by pymdownx.snippets, never pages of their own.
        "exclude_docs": f"/{REPORT_DIR}/_partials/\n.*\n",
        # Source pages are reached from the sources index, not the sidebar (1,000 entries would swamp it).
        "not_in_nav": f"/{REPORT_DIR}/sources/*.md\n",
        "plugins": _with_search(base.get("plugins") or ["search"], language),
        "markdown_extensions": _with_snippets(base.get("markdown_extensions") or [], docs_dir),
        "extra": {
            "html_lang": language.html_lang,
            "alternate": alternate,
            "report_language": language.code,
            "report_root": build_root.code,
            "ui": theme_strings(language, data_date, edition),
            "data_date": data_date,  # build_site sets SOURCE_DATE_EPOCH from it (sitemap lastmod, .gz mtime)
            # Only a published address is printed or linked as canonical: a placeholder (example.org,
            # localhost) gives none (overrides/main.html; generator/edition.published_base).
            "published": bool(published_base(settings.base_url)),
            "noindex": settings.noindex,  # PR previews: <meta name="robots" content="noindex"> (overrides/main.html)
        },
        "nav": nav,
    })


def _merged(base: Any, ours: Any) -> Any:
    """`ours` over `base`: mappings merged key by key, any other value (lists included) replaced."""
    if isinstance(base, dict) and isinstance(ours, dict):
        return {**base, **{key: _merged(base.get(key), value) for key, value in ours.items()}}
    return ours


def copy_shared_assets(paths: ProjectPaths, settings: SiteSettings) -> None:
    """docs/assets/ (shared CSS, map scripts, vendored Leaflet) into each language's docs folder, where
    every engine finds it: a file is written only when its content differs (mtimes of unchanged
    files kept), and a file no longer in docs/assets/ is removed. The copies are not committed."""
    shared = paths.docs / "assets"
    wanted = {p.relative_to(shared): p for p in sorted(shared.rglob("*")) if p.is_file()} if shared.is_dir() else {}
    for rel_path, source in wanted.items():
        data = source.read_bytes()
        for language in settings.languages:
            write_atomic(paths.docs / language.code / "assets" / rel_path, data)  # skips an unchanged copy
    for language in settings.languages:
        target = paths.docs / language.code / "assets"
        if target.is_dir():
            for stale in [p for p in target.rglob("*") if p.is_file() and p.relative_to(target) not in wanted]:
                stale.unlink()


def write_mkdocs_configs(paths: ProjectPaths, settings: SiteSettings, nav: dict[str, list],
                         data_date: str | None = None, edition=None) -> dict[str, Path]:
    """Write build/mkdocs/<lang>.yml for every language; returns their paths."""
    out_dir = paths.build / "mkdocs"
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_shared_assets(paths, settings)
    written = {}
    for language in settings.languages:
        data = mkdocs_config(paths, settings, language, nav[language.code], data_date, edition)
        target = out_dir / f"{language.code}.yml"
        text = "# Generated by generator/site.py from mkdocs.yml; do not edit.\n" + dump_yaml(data)
        write_atomic(target, text)
        written[language.code] = target
    return written


# ----------------------------------------------------------------------------- build


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def preload_mkdocs(mkdocs_yml: Path) -> None:
    """Import MkDocs with the theme, plugins and Markdown extensions mkdocs.yml names, in this process:
    the language builds forked from it later (or run in it) then start with them loaded, instead of
    each importing them on the build's critical path. Only a warm-up: a config MkDocs rejects here is
    left for the build to report."""
    import mkdocs.commands.build  # noqa: F401  (what mkdocs_build imports)
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        load_config(str(mkdocs_yml))
    except Exception:  # noqa: BLE001 - the real build loads its own config and reports
        pass
    finally:
        logger.setLevel(level)


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = True, cache_dir: Path | None = None) -> tuple[int, int]:
    """Run one MkDocs build in-process; raise SiteBuildError on any error (and any warning when strict).

    With `cache_dir` (strict builds only: a reused result never repeats a warning), pages whose
    inputs are unchanged reuse their Markdown conversion and search entries (generator/mkdocs_cache.py).
    Returns (pages' work reused, pages' work done).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException


    # jieba (Material's search segments Chinese with it) announces its dictionary loading on
    # every build; it sets its own logger to DEBUG on import, so import it before quieting it.
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    cache = PageWorkCache.for_config(cache_dir, config_file) if cache_dir is not None and strict else None
    try:
        config = load_config(str(config_file), strict=strict, site_dir=str(site_dir))
        # Reproducible builds: MkDocs dates sitemap.xml (lastmod) and sitemap.xml.gz (gzip mtime)
        # with SOURCE_DATE_EPOCH when it is set, else with today. Use the data's date.
        os.environ["SOURCE_DATE_EPOCH"] = str(_build_epoch(config.extra.get("data_date"), saved_epoch))
        if cache is None:
            build(config)
        else:
            with reusing_page_work(cache):
                build(config)
    except (MkDocsException, OSError, yaml.YAMLError) as exc:
        if cache is not None:
            cache.discard()
        raise SiteBuildError(f"mkdocs build of {config_file.name} failed: {exc}", capture.messages) from exc
    except BaseException:
        if cache is not None:
            cache.discard()
        raise
    finally:
        logger.removeHandler(capture)
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
    if strict and capture.messages:  # belt and braces: mkdocs aborts on these itself
        if cache is not None:
            cache.discard()
        raise SiteBuildError(f"mkdocs build of {config_file.name} logged warnings", capture.messages)
    if cache is None:
        return 0, 0
    cache.commit()
    return cache.hits, cache.misses


def _build_epoch(data_date: str | None, environ_epoch: str | None) -> int:
    """The data's date; without one, a SOURCE_DATE_EPOCH set by the caller; else 0 (never the clock).

    A date in the future or before 1949 is never used (generator/values.py refuses it where it
    enters; this is the last guard: the sitemap's gzip header cannot hold a year like 2205).
    """

    if data_date and not date_problem(data_date):
        return source_date_epoch(data_date)
    if environ_epoch and environ_epoch.strip().isdigit():
        return int(environ_epoch)
    return 0


def _count_pages(site_dir: Path, skip: list[Path]) -> int:
    n = 0
    for page in site_dir.rglob("*.html"):
        if page.name == "404.html" or any(s in page.parents for s in skip):
            continue
        n += 1
    return n


def build_site(
    paths: ProjectPaths,
    out_dir: Path | None = None,
    *,
    settings: SiteSettings | None = None,
    configs: dict[str, Path] | None = None,
    strict: bool = True,
    reuse: bool = True,
) -> SiteResult:
    """Build every language from build/mkdocs/<lang>.yml into out_dir (default site/), atomically.

    With `reuse` (strict builds), a language whose inputs (generator.buildstate.language_fingerprint)
    are those its output in out_dir was built from is copied from there instead of built, and a
    language that is built reuses the page work of unchanged pages (generator/mkdocs_cache.py).
    """

    start = time.perf_counter()
    settings = settings or load_site_settings(paths)
    configs = configs or {lang.code: paths.build / "mkdocs" / f"{lang.code}.yml" for lang in settings.languages}
    out_dir = Path(out_dir or paths.site).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_site(out_dir)
    reuse = reuse and strict
    records = LanguageBuilds(paths, out_dir)
    recorded = records.recorded() if reuse and out_dir.is_dir() else {}
    records.forget()  # until this build is swapped in, out_dir may no longer match any record
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{os.getpid()}-", dir=out_dir.parent))
    result = SiteResult(out_dir=out_dir, configs=dict(configs))
    ordered = sorted(settings.languages, key=lambda lang: len(lang.prefix))
    fingerprints = {}
    try:
        to_build = []
        for language in ordered:
            nested = [other.prefix.strip("/") for other in ordered if other.prefix and other is not language]
            fingerprints[language.code] = language_fingerprint(paths, configs[language.code], paths.docs / language.code)
            previous = out_dir / language.prefix
            if recorded.get(language.code) == fingerprints[language.code] and (previous / "index.html").is_file():
                _copy_output(previous, staging / language.prefix, skip=nested)
                result.unchanged.append(language.code)
                continue
            to_build.append(language)
        result.page_work.update(_build_languages(paths, configs, to_build, staging, strict=strict, reuse=reuse))
        for language in ordered:
            nested_sites = [staging / other.prefix for other in ordered if other.prefix and other is not language]
            result.pages[language.code] = _count_pages(staging / language.prefix, nested_sites)
        staging.chmod(0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, out_dir)
    if reuse:
        records.record(fingerprints)
    result.seconds = time.perf_counter() - start
    return result


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put the finished staging folder in out_dir's place so that out_dir always holds a whole site.

    Where the kernel can exchange two paths in one step (Linux renameat2 RENAME_EXCHANGE), it does:
    a kill at any moment leaves either the old or the new site in out_dir. Elsewhere, two renames
    through `.<site>.previous-<pid>`, which recover_site puts back if the kill fell between them.
    """
    if out_dir.exists() and _exchange(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
        return
    previous = out_dir.with_name(f".{out_dir.name}.previous-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(previous)
    staging.rename(out_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange paths a and b; False where the system cannot (then nothing changed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# Two languages' MkDocs builds side by side, measured at 1,000 articles (1,341 pages a language): each
# forked build ~270 MB (its pages' work waits on disk, generator/mkdocs_cache.py; what it inherits is
# left out of garbage collection, parallel.begin_forked_child) beside the build's own ~200 MB (the
# report is dropped first): 750 MB at most. At about 0.2 MB a page a build, 1,600 pages a language
# stays under 1 GB; larger sites build their languages one after the other (same output either way).
SIDE_BY_SIDE_PAGES = 1600


def _build_languages(paths: ProjectPaths, configs: dict[str, Path], languages: list[Language], staging: Path,
                     *, strict: bool, reuse: bool) -> dict[str, tuple[int, int]]:
    """MkDocs builds of `languages` into staging/<prefix>; side by side when there are cores for it
    and the site is small enough that two builds at once stay well under 1 GB (SIDE_BY_SIDE_PAGES).

    Each language is built into a folder of its own (a build empties its site_dir, and the root
    language's holds the others), then moved to its place. Returns language -> page work.
    """
    def cache_dir(language: Language) -> Path | None:
        return paths.build / "cache" / "mkdocs" / language.code if reuse else None

    own = {lang.code: staging / f".lang-{lang.code}" for lang in languages}
    pages = max((sum(1 for _ in (paths.docs / lang.code).rglob("*.md")) for lang in languages), default=0)
    jobs = min(len(languages), usable_cores()) if pages <= SIDE_BY_SIDE_PAGES else 1
    if jobs <= 1:
        work = {lang.code: mkdocs_build(configs[lang.code], own[lang.code], strict=strict, cache_dir=cache_dir(lang))
                for lang in languages}
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=begin_forked_child, initargs=(os.getpid(),)) as pool:
            futures = {lang.code: pool.submit(mkdocs_build, configs[lang.code], own[lang.code], strict=strict,
                                              cache_dir=cache_dir(lang)) for lang in languages}
            work = {code: future.result() for code, future in futures.items()}
    for lang in sorted(languages, key=lambda lang: len(lang.prefix)):  # the root first: it holds the others
        target = staging / lang.prefix
        if lang.prefix.strip("/"):
            target.parent.mkdir(parents=True, exist_ok=True)
            own[lang.code].rename(target)
        else:
            for item in own[lang.code].iterdir():
                item.rename(staging / item.name)
            own[lang.code].rmdir()
    return work


def _copy_output(source: Path, target: Path, skip: list[str]) -> None:
    """One language's built output, without the other languages' folders nested in it (hard links
    where the file system allows: the old tree is deleted after the swap, never changed in place)."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if Path(folder) == source and n in skip]

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, ignore=ignore, copy_function=link, dirs_exist_ok=True)


# -------------------------------------------------------------------------- pipeline
