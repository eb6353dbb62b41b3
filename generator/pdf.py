"""Briefing handouts: one A4 PDF per region and language, printed from the built site.

Each region page of site/ (both languages) is rendered with its print stylesheet
(docs/assets/extra.css, `@media print`) by WeasyPrint and written next to the page:

    site/report/regions/<slug>/briefing-<slug>-zh.pdf
    site/en/report/regions/<slug>/briefing-<slug>-en.pdf

which is where the page's "Download briefing (PDF)" link points (templates/region.md.j2).

* Nothing remote is fetched: a URL fetcher serves files from the built site only and
  refuses everything else (map tiles, fonts, scripts). The printed page shows the static
  SVG map; the interactive map is an iframe, hidden in print and never loaded.
* Fonts are embedded (subset) from the system via fontconfig; the print stylesheet asks
  for Noto Sans CJK SC first, so Chinese prints on a machine without CJK fonts. Without a
  CJK font installed (Debian: fonts-noto-cjk) the command stops with that advice.
* Links a reader can follow: a link into the report points at the published site (the
  build's site URL) or, when the build has no published address (a local build, a
  placeholder such as example.org), is printed as text with no link; links within the
  page stay in-document links; links to articles keep their address. Never a file:// path.
* Every page has a running header (report, region, edition date) and a footer with the
  page number (docs/assets/extra.css, @page margin boxes). The page is marked `data-handout`
  so that the print header, which feeds the running header, is not printed a second time
  under it on page 1 (a browser's own print, without margin boxes, still shows it).
* Reproducible: no creation date in the metadata, a PDF identifier derived from the
  page, and no path of the building machine inside, so two clones give byte-identical PDFs.
"""

from __future__ import annotations

import hashlib
import html as _html
import logging
import os
import re
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .config import ProjectPaths, SiteSettings, load_site_settings
from .edition import published_base
from .io import atomic_path
from .progress import SILENT
from .render import REPORT_DIR

log = logging.getLogger(__name__)


class PdfError(Exception):
    """The handouts could not be made (no site, no WeasyPrint, no CJK font)."""


def briefing_name(slug: str, lang: str) -> str:
    return f"briefing-{slug}-{lang}.pdf"


@dataclass(frozen=True)
class Briefing:
    lang: str
    slug: str
    page: Path  # site/<prefix>report/regions/<slug>/index.html
    pdf: Path  # next to it


@dataclass
class PdfRun:
    written: list[Briefing] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs the pages asked for and did not get


def plan_briefings(site_dir: Path, settings: SiteSettings) -> list[Briefing]:
    """Every region page of every language in the built site."""
    out = []
    for language in settings.languages:
        regions = site_dir / language.prefix / REPORT_DIR / "regions"
        for page in sorted(regions.glob("*/index.html")):
            slug = page.parent.name
            out.append(Briefing(language.code, slug, page, page.parent / briefing_name(slug, language.code)))
    return out


def check_cjk_font() -> None:
    """Fail early, with the fix, when fontconfig knows no Chinese font (the PDF would show boxes)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return  # cannot tell; WeasyPrint will still embed whatever fontconfig finds
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    if not found:
        raise PdfError("no Chinese font installed: install fonts-noto-cjk (Debian/Ubuntu) and run again")


def local_fetcher(site_dir: Path):
    """A WeasyPrint URL fetcher that serves files inside the site folder and refuses anything else."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), timeout=1)
            self.site_dir = site_dir.resolve()
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(self.site_dir) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"not fetched (handouts use local files only): {url}")

    return LocalFetcher()


_A_TAG = re.compile(r"<a\s[^>]*>", re.I)
_HREF = re.compile(r'\shref="([^"]*)"', re.I)
_VIRTUAL = "https://site.invalid/"  # a stand-in root to resolve relative links; never written out


def handout_links(text: str, page_path: str, site_url: str | None) -> str:
    """The page's links as a handout needs them (see the module docstring).

    `page_path` is the page's path in the site ("en/report/regions/guizhou/index.html");
    `site_url` the published base URL or None.
    """
    page_dir = _VIRTUAL + page_path.rsplit("/", 1)[0] + "/" if "/" in page_path else _VIRTUAL
    here = {page_dir, page_dir + "index.html"}

    def fix(tag_match: re.Match) -> str:
        tag = tag_match.group(0)
        href_match = _HREF.search(tag)
        if not href_match:
            return tag
        href = _html.unescape(href_match.group(1))
        if href.startswith("#") or urlsplit(href).scheme:
            return tag  # in-document, or an article's own address (http, mailto)
        resolved = urljoin(page_dir, href)
        path, _, fragment = resolved.partition("#")
        if path in here:
            new = f' href="#{_html.escape(fragment)}"' if fragment else ""
        elif site_url:
            path = path[len(_VIRTUAL):]
            if path.endswith("/index.html") or path == "index.html":
                path = path[: -len("index.html")]
            target = site_url + path + (f"#{fragment}" if fragment else "")
            new = f' href="{_html.escape(target)}" data-site'
        else:
            new = " data-unlinked"  # printed as text: no address to send a reader to
        return tag[: href_match.start()] + new + tag[href_match.end():]

    return _A_TAG.sub(fix, text)


_HTML_TAG = re.compile(r"<html(?=[\s>])", re.I)


def as_handout(text: str) -> str:
    """Mark the page's root `data-handout` (extra.css: the running header stands for the print header)."""
    return _HTML_TAG.sub("<html data-handout", text, count=1)


_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def built_site_url(site_dir: Path) -> str | None:
    """The published address the site was built for: its home page's canonical link (None without one).

    Read from the built site, not from settings, so a handout links to the site it was printed from.
    """
    home = Path(site_dir) / "index.html"
    match = _CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    return published_base(_html.unescape(match.group(1))) if match else None


def write_pdf(page: Path, target: Path, fetcher, site_url: str | None = None) -> None:
    """Print one built page to `target`; links into the site point at `site_url` (or are text)."""
    from weasyprint import HTML

    site_dir = getattr(fetcher, "site_dir", page.parent)
    rel = page.resolve().relative_to(Path(site_dir).resolve()).as_posix()
    plain = _without_briefing_link(page.read_text(encoding="utf-8"))  # as a plain build wrote it
    text = as_handout(handout_links(plain, rel, published_base(site_url)))
    html = HTML(string=text, base_url=str(page), url_fetcher=fetcher, media_type="print")
    document = html.render()
    document.metadata.created = None
    document.metadata.modified = None
    identifier = hashlib.sha256(plain.encode()).hexdigest()[:32].encode()

    with atomic_path(target) as tmp:
        document.write_pdf(tmp, pdf_identifier=identifier)


def write_briefings(paths: ProjectPaths, reporter=None, *, site_dir: Path | None = None,
                    settings: SiteSettings | None = None, jobs: int | None = None) -> PdfRun:
    """Write every region's briefing PDF into the built site; raises PdfError when it cannot."""

    reporter = reporter or SILENT
    site_dir = Path(site_dir or paths.site).resolve()
    if not (site_dir / "index.html").is_file():
        raise PdfError(f"no built site in {site_dir}: run `python -m generator build` (make site) first")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise PdfError(f"WeasyPrint is not usable ({exc}); Debian/Ubuntu need libpango-1.0-0 libpangoft2-1.0-0") from exc
    check_cjk_font()
    settings = settings or load_site_settings(paths)
    briefings = plan_briefings(site_dir, settings)
    if not briefings:
        raise PdfError(f"no region pages in {site_dir}")
    run = PdfRun()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(briefings)))
    site_url = built_site_url(site_dir)
    if jobs == 1:
        refused = [_print_one(b.page, b.pdf, site_dir, site_url) for b in reporter.bar(briefings, "pdf")]
    else:
        # One page per process: WeasyPrint is single-threaded and each page takes seconds.
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            refused = list(pool.map(_print_one, [b.page for b in briefings], [b.pdf for b in briefings],
                                    [site_dir] * len(briefings), [site_url] * len(briefings)))
    run.written = list(briefings)
    run.refused = sorted({url for urls in refused for url in urls})
    link_briefings(run.written)
    return run


# The region page's placeholder (templates/region.md.j2): a link appears only once its PDF exists.
_BRIEFING_PLACEHOLDER = re.compile(r'<p class="briefing-download" data-briefing="([^"<>]+)" hidden>(.*?)</p>', re.S)


_BRIEFING_LINK = re.compile(r'<p class="briefing-download"><a href="([^"<>]+)" type="application/pdf">(.*?)</a></p>', re.S)


def _without_briefing_link(text: str) -> str:
    """The page as a plain build wrote it (placeholder, no link): printing it again gives the same PDF."""
    return _BRIEFING_LINK.sub(r'<p class="briefing-download" data-briefing="\1" hidden>\2</p>', text)


def link_briefings(briefings: list[Briefing]) -> int:
    """Turn each written briefing's placeholder on its page into the download link; return how many."""
    linked = 0
    for briefing in briefings:
        if not briefing.pdf.is_file():
            continue
        text = briefing.page.read_text(encoding="utf-8")

        def link(match: re.Match, briefing=briefing) -> str:
            if match.group(1) != _html.escape(briefing.pdf.name):
                return match.group(0)
            return (f'<p class="briefing-download"><a href="{match.group(1)}" type="application/pdf">'
                    f'{match.group(2)}</a></p>')

        new = _BRIEFING_PLACEHOLDER.sub(link, text)
        if new != text:
            briefing.page.write_text(new, encoding="utf-8")
            linked += 1
    return linked


def _print_one(page: Path, pdf: Path, site_dir: Path, site_url: str | None = None) -> list[str]:
    # WeasyPrint logs every refused URL and each screen-only CSS property of Material it does
    # not support as a warning; refused URLs are returned and reported by the caller.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = local_fetcher(site_dir)
    write_pdf(page, pdf, fetcher, site_url)
    return fetcher.refused
