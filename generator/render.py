"""Report + language -> Markdown pages, from Jinja2 templates shared by both languages.

Templates own presentation and interface strings (`_()` / `{% trans %}`, catalogs in
generator/locale/); Python prepares data and never branches on the language. Every
value printed with `{{ }}` is escaped for Markdown (and HTML) unless a filter here
marked it safe, so a quote holding `|`, `<script>`, `*` or `[` shows as written.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote as _urlquote

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as _html_escape

from .chartplan import ChartPlanner  # what the charts show; generator/charts.py draws them
from .config import Language, SiteSettings
from .edition import Edition, edition_of
from .extract.numbers import parse_quantity
from .glossary import GLOSSARY_LANGUAGE
from .i18n import LOCALE_DIR, N_, UNIT_LABELS, Localizer
from .io import write_atomic
from .keyfacts import region_key_facts, report_key_facts
from .names import NameTranslator
from .parallel import fork_map
from .report import Link, PlaceGroup, PlaceInfo, Region, Report, ScopedFigure, Source

TEMPLATES = Path(__file__).parent / "templates"
REPORT_DIR = "report"  # generated pages live in docs/<lang>/report/ (gitignored)

# Characters Python-Markdown lets you backslash-escape (plus `|` from the tables extension).
_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


# ------------------------------------------------------------------------------ filters


def md_text(value: Any) -> Markup:
    """Escape data for Markdown prose and table cells: one line, HTML-escaped, specials backslashed."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return _md_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _md_text(value: str) -> Markup:
    text = " ".join(value.split())  # newlines would end a table row or start a block
    text = html.escape(text, quote=False)  # & < > -> entities: no raw HTML reaches the page
    text = _MD_ESCAPE.sub(r"\\\1", text)
    if text[:1] in (":", "="):  # definition list / setext heading at a line start
        text = f"&#{ord(text[0])};" + text[1:]
    return Markup(text)


def md_cell(value: Any) -> Markup:
    """A Markdown table cell: like md_text, and an em dash for nothing (empty cells confuse readers)."""
    text = md_text(value)
    return text if str(text).strip() else Markup("—")


def html_escape(value: Any) -> Markup:
    """Escape for raw HTML (attribute values, text inside HTML blocks)."""
    return _html_escape("" if value is None else str(value))


def anchor(value: Any) -> Markup:
    """A fact id as an HTML id / URL fragment: letters, digits, - and _ only."""
    return Markup(_ANCHOR_UNSAFE.sub("-", str(value)).strip("-") or "x")


def url(value: Any) -> Markup:
    """A link target for Markdown: percent-encode what would end or break `(…)`."""
    return Markup(_urlquote(str(value), safe=":/?#&=%~+,;@!$*'-._"))


_HAN = re.compile(r"[\u3400-\u9fff]")
_NUMBER_TOKEN = re.compile(r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千]+)(?:余|多)?[万亿]?")


def highlight(figure: Any) -> Markup:
    """A figure's quote for Markdown, with the numbers that state its value (and before) marked.

    Readers find the figure in the clause at a glance; everything else is escaped as data.
    """

    quote = figure.quote or ""
    targets = [float(v) for v in (figure.value, figure.before) if v is not None]
    pieces, last = [], 0
    for match in _NUMBER_TOKEN.finditer(quote):
        parsed = parse_quantity(match.group(0))
        value = getattr(parsed, "value", None) if parsed else None
        if value is None or not any(abs(float(value) - t) <= 1e-9 * max(1.0, abs(t)) for t in targets):
            continue
        pieces.append(str(md_text(quote[last : match.start()])))
        pieces.append(f"<mark>{md_text(match.group(0))}</mark>")
        last = match.end()
    pieces.append(str(md_text(quote[last:])))
    return Markup("".join(pieces))


KEY_FACT = N_("%(scope)s: %(fact)s.")  # a key fact's sentence (partials/key_facts.md.j2)
KEY_FACT_REGION = N_("%(region)s · %(text)s")

_PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|地区|省|市|县|区|州|盟|旗)$")


def _bare(name: str) -> str:
    """A place's name without its level suffix: 广州市 -> 广州."""
    return _PLACE_SUFFIX.sub("", name)


def _value_position(figure: Any) -> int | None:
    """Where the number stating the figure's value starts in its quote."""

    for match in _NUMBER_TOKEN.finditer(figure.quote or ""):
        parsed = parse_quantity(match.group(0))
        value = getattr(parsed, "value", None) if parsed else None
        if value is not None and abs(float(value) - float(figure.value)) <= 1e-9 * max(1.0, abs(float(figure.value))):
            return match.start()
    return None


def _finalize(value: Any) -> Any:
    # Escape by default: only filters above (which return Markup) print unescaped.
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_text(value)


# ------------------------------------------------------------------------------ pages


@dataclass(frozen=True)
class PageSpec:
    """One generated page: where it goes (relative to docs/<lang>/) and what renders it."""

    path: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def root(self) -> str:
        """Relative path from this page's folder to the docs root ("" or "../../")."""
        return "../" * self.path.count("/")


@dataclass
class RenderResult:
    """What render_docs wrote: files per language and the nav MkDocs should show."""

    pages_written: list[Path] = field(default_factory=list)  # every page rendered (up to date on disk)
    pages_changed: list[Path] = field(default_factory=list)  # of which new or rewritten
    pages_removed: list[Path] = field(default_factory=list)  # pages gone from the report, deleted
    nav: dict[str, list] = field(default_factory=dict)  # language code -> MkDocs nav


def region_path(region: Region) -> str:
    return f"{REPORT_DIR}/regions/{region.slug}.md"


# A region with more pairings than this gets one sub-page per city (or county) group, and its own
# page keeps the overview, map, charts and a table of the groups: at 1,000 articles a province's
# page would otherwise be ~1 MB of Markdown (BENCHMARKS.md). Each pairing with its table of figures
# is ~5 KB of HTML; with the theme's CSS and JS (~270 KB) and a map picture, a page of more than 16
# pairings passes issue 20's 400 KB (36 pairings at 100 articles: 505 KB). The seeds' largest region
# has 14 pairings and keeps one page. Few pairings with many figures each weigh the same: more than 80
# figures split a page too (the seeds' most is 57, Guangdong).
MAX_REGION_LINKS = 16
MAX_REGION_FIGURES = 80


def region_split(region: Region) -> bool:
    return len(region.links) > MAX_REGION_LINKS or sum(len(link.figures) for link in region.links) > MAX_REGION_FIGURES


def group_path(region: Region, group: PlaceGroup) -> str:
    """The sub-page of one city/county group of a split region; aid a place gives has a page
    apart from aid it receives (a province on both sides would otherwise get one path twice)."""
    suffix = "-given" if group.side == "given" else ""
    return f"{REPORT_DIR}/regions/{region.slug}/{group.place.adcode}{suffix}.md"


def link_pages(report: Report) -> dict[tuple[str, str], str]:
    """(region slug, link id) -> the page holding that link's block (its anchor), for split regions."""
    out: dict[tuple[str, str], str] = {}
    for region in report.regions:
        if region_split(region):
            for group in region.received + region.given:
                for link in group.links:
                    out.setdefault((region.slug, link.id), group_path(region, group))
    return out


def source_path(source_id: str) -> str:
    return f"{REPORT_DIR}/sources/{source_id}.md"


DOWNLOADS_DIR = f"{REPORT_DIR}/downloads"


def download_path(region: Region | None, extension: str) -> str:
    """A data download, relative to docs/<lang>/ (region None: every fact in the report)."""
    stem = f"facts-{region.slug}" if region else "facts-all"
    return f"{DOWNLOADS_DIR}/{stem}.{extension}"


PARTIALS = {
    "headline": f"{REPORT_DIR}/_partials/headline.md",
    "comparison": f"{REPORT_DIR}/_partials/comparison.md",
    "pairings": f"{REPORT_DIR}/_partials/pairings.md",
    "indicators": f"{REPORT_DIR}/_partials/indicators.md",
    "summary": f"{REPORT_DIR}/_partials/summary.md",
    "review": f"{REPORT_DIR}/_partials/review.md",
    "key_facts": f"{REPORT_DIR}/_partials/key_facts.md",
}


def plan_pages(report: Report) -> list[PageSpec]:
    """Every generated page and partial, the same list for every language."""
    pages = [
        # Partials are included by the hand-written index.md and methodology.md (pymdownx.snippets),
        # so their links are relative to docs/<lang>/ (root "").
        PageSpec(PARTIALS["summary"], "partials/summary.md.j2", {"root_override": ""}),
        PageSpec(PARTIALS["review"], "partials/review.md.j2", {"root_override": ""}),
        PageSpec(PARTIALS["key_facts"], "partials/key_facts_home.md.j2", {"root_override": ""}),
        PageSpec(PARTIALS["headline"], "partials/headline.md.j2", {"root_override": ""}),
        PageSpec(PARTIALS["comparison"], "partials/comparison.md.j2", {"root_override": ""}),
        PageSpec(PARTIALS["pairings"], "partials/pairings.md.j2", {"root_override": ""}),
        PageSpec(PARTIALS["indicators"], "partials/indicators.md.j2", {"root_override": ""}),
        PageSpec(f"{REPORT_DIR}/regions/index.md", "regions_index.md.j2"),
        PageSpec(f"{REPORT_DIR}/sources/index.md", "sources_index.md.j2"),
        PageSpec(f"{DOWNLOADS_DIR}/index.md", "downloads.md.j2"),
    ]
    pages += [PageSpec(region_path(r), "region.md.j2", {"region": r}) for r in report.regions]
    pages += [PageSpec(group_path(r, g), "region_group.md.j2", {"region": r, "group": g, "other_side": side})
              for r in report.regions if region_split(r)
              for groups, side in ((r.received, "donor"), (r.given, "recipient")) for g in groups]
    pages += [PageSpec(source_path(s.id), "source.md.j2", {"source": s}) for s in report.sources]
    seen: dict[str, PageSpec] = {}
    for page in pages:  # two pages on one path: the second would silently replace the first
        if page.path in seen:
            raise ValueError(f"two pages planned at {page.path} ({seen[page.path].template}, {page.template})")
        seen[page.path] = page
    return pages


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for every language's environment (same templates and settings, other
    translations and filters, which a compiled template looks up when it runs), kept in memory."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class Renderer:
    """One Jinja environment per language, created once and reused for every page."""

    def __init__(self, report: Report, language: Language, settings: SiteSettings, locale_dir: Path = LOCALE_DIR,
                 templates: Path = TEMPLATES, names: NameTranslator | None = None, edition: Edition | None = None,
                 compiled: CompiledTemplates | None = None):
        self.report = report
        self.names = names
        self.language = language
        self.fmt = Localizer.for_language(language, locale_dir)
        self.region_of = {r.place.adcode: r for r in report.regions}
        self.source_lang = settings.languages[0].html_lang
        self._link_pages = link_pages(report)
        env = Environment(
            loader=FileSystemLoader(str(templates)),
            bytecode_cache=compiled,
            extensions=["jinja2.ext.i18n"],
            autoescape=False,
            finalize=_finalize,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_translations(self.fmt.translations, newstyle=True)  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
        fmt = self.fmt
        env.filters.update(
            md=md_text, cell=md_cell, html=html_escape, anchor=anchor, url=url, highlight=highlight,
            place=self.place_name, value=fmt.value, full_value=fmt.full_value, before=fmt.before,
            before_aside=self.before_aside, part_value=self.part_value,
            period=fmt.period, date=fmt.date, number=fmt.number, money=fmt.money, percent=fmt.percent,
            qualifier=fmt.qualifier_label, join_list=fmt.list, join_markup=self.join_markup, with_period=fmt.with_period, status=fmt.status_label, level=fmt.level_label,
            sentence=self.sentence, outcome=self.outcome, subject=self.subject,
            indicator=self.indicator_label, definition=self.indicator_definition, unit_label=self.unit_label,
            article_title=self.title, outlet=self.outlet, summary=self.summary, scope=self.scope,
            src=self.source_text, institution=self.institution, side=self.side,
        )
        env.globals.update(
            report=report, lang=language, fmt=fmt, settings=settings, catalog=report.catalog,
            region_path=region_path, source_path=source_path, download_path=download_path, downloads_index=f"{DOWNLOADS_DIR}/index.md", sources_index=f"{REPORT_DIR}/sources/index.md", region_of=self.region_of,
            region_for=self.region_for, translated=self.translated, link_page=self.link_page,
            region_split=region_split, group_path=group_path,
            charts=ChartPlanner(report),  # charts: what generator/charts.py draws, for img sizes and data tables
            edition=edition or edition_of(report),  # citation: edition date, sources' dates, licence, address
            source_label=self.source_label, sources_by_date=self.sources_by_date,
            region_key_facts=lambda region: region_key_facts(region, report.catalog),  # key facts first
            report_key_facts=lambda: report_key_facts(report), key_fact=self.key_fact,
        )
        self.env = env
        self._templates: dict[str, Any] = {}

    # data in this language ---------------------------------------------------------
    @property
    def english_names(self) -> bool:
        """Whether English names and labels (data/glossary.yaml, data/translations.yaml, rule-made English)
        may stand in on this language's pages: English is the language or one of its fallbacks."""
        return bool(self.names) and GLOSSARY_LANGUAGE in self.language.text_languages

    def translated(self, original: str | None, curated: str | None) -> tuple[str, bool]:
        """(text to show, missing): the data's own text in the source language, else the curated translation.

        A curated translation shows even where the source field is empty (a reviewer's
        description of a figure); an original without translation is shown and flagged missing.
        """
        if self.language.source:
            return original or "", False
        if curated:
            return curated, False
        return (original, True) if original else ("", False)

    def source_text(self, text: Any) -> Markup:
        """Data left in the source language, escaped and tagged with its language on other pages.

        Screen readers then read it as Chinese, and a reader (or a test) can tell untranslated
        data from this page's own text.
        """
        escaped = md_text(text)
        if self.language.source or not _HAN.search(str(text or "")):
            return escaped
        return Markup(f'<span lang="{self.source_lang}">{escaped}</span>')

    def before_aside(self, figure) -> Markup:
        """The bracketed earlier value, escaped, keeping the space the language puts before it."""
        text = self.fmt.before_aside(figure)
        body = text.lstrip()
        return Markup(text[: len(text) - len(body)] + str(md_text(body)))

    def total_of(self, sf: ScopedFigure) -> ScopedFigure | None:
        """The figure a part belongs to (Figure.part_of: the total's id), among its article's figures."""
        if not sf.figure.part_of:
            return None
        return next((o for o in self.report.source(sf.source_id).figures if o.figure.id == sf.figure.part_of), None)

    def part_value(self, sf: ScopedFigure, full: bool = True, page: str | None = None) -> Markup:
        """A figure's value (with its qualifier when `full`); a part names the total it belongs to
        ("of which CNY 1 million, part of CNY 23.46 million"), linked to the total on `page` (the
        source page that shows it; "" for this page) when given."""
        fmt = self.fmt
        text = md_text(fmt.full_value(sf.figure) if full else fmt.value(sf.figure))
        total = self.total_of(sf)
        if total is None:
            return text
        total_text = md_text(fmt.full_value(total.figure))
        if page is not None:
            total_text = Markup(f"[{total_text}]({url(f'{page}#{anchor(total.id)}')})")
        return Markup(fmt.part_of_total(str(text), str(total_text)))

    def join_markup(self, items) -> Markup:
        """Already-escaped Markdown pieces (links) joined the way this language lists things."""
        return Markup(self.fmt.list([str(i) for i in items]))

    def place_name(self, place: PlaceInfo) -> str:
        return place.label(self.language.text_languages)

    def link_page(self, region: Region, link: Link) -> str:
        """The page of `region` that holds `link`'s block: the region page, or its group's sub-page."""
        return self._link_pages.get((region.slug, link.id)) or region_path(region)

    def region_for(self, place: PlaceInfo) -> Region | None:
        return self.region_of.get(place.province)

    def indicator_label(self, indicator_id: str) -> str:
        cat = self.report.catalog
        return cat[indicator_id].label(self.language.text_languages) if indicator_id in cat else indicator_id

    def indicator_definition(self, indicator_id: str) -> str:
        ind = self.report.catalog[indicator_id]
        return ind.definition(self.language.text_languages)

    def unit_label(self, unit: str) -> str:
        return self.fmt.gettext(UNIT_LABELS.get(unit, unit))

    def subject(self, sf: ScopedFigure) -> tuple[str, bool]:
        """What the figure counts, in this language: the figure's curated translation, else data/glossary.yaml."""
        f = sf.figure
        curated = f.translation(self.language.text_languages, "subject") or (
            self.names.glossary.label(f) if self.names is not None and self.english_names else None)
        return self.translated(f.subject, curated)

    def title(self, source: Source) -> tuple[str, bool]:
        return self.translated(source.facts.article.title, source.facts.translation(self.language.text_languages, "title"))

    def outlet(self, source: Source) -> Markup:
        outlet = source.facts.article.outlet
        curated = source.facts.translation(self.language.text_languages, "outlet") or (
            self.names.outlet(outlet) if self.names is not None and self.english_names else None)
        text, missing = self.translated(outlet, curated)
        return self.source_text(text) if missing else md_text(text)

    def institution(self, name: str) -> Markup:
        """An institution's name in this language: curated or rule-made English, else tagged Chinese."""
        english = self.names.institution(name) if self.names is not None and self.english_names else None
        text, missing = self.translated(name, english)
        return self.source_text(text) if missing else md_text(text)

    def source_label(self, source: Source) -> Markup:
        """How a reader knows a source: its headline, else its outlet and date, never an internal id."""
        title, missing = self.title(source)
        if title:
            return self.source_text(title) if missing else md_text(title)
        article = source.facts.article
        outlet, date = self.outlet(source), self.fmt.date(article.date)
        parts = [str(p) for p in (outlet, md_text(date)) if str(p)]
        if parts:
            return Markup(", ".join(parts))
        return md_text(self.source_number(source))

    def key_fact(self, scope: Any, fact: Any, region: Any = None) -> Markup:
        """One key fact as a sentence of this language ("scope: fact." / "scope：fact。"); parts escaped."""
        text = self.fmt.gettext(KEY_FACT) % {"scope": md_text(scope), "fact": md_text(fact)}
        if region:
            text = self.fmt.gettext(KEY_FACT_REGION) % {"region": md_text(region), "text": text}
        return Markup(text)

    def source_number(self, source: Source) -> str:
        """The last resort for a source with no headline, outlet or date: its number in the sources index."""
        return self.fmt.gettext(N_("Article %(n)s of the sources")) % {
            "n": self.fmt.number(self.report.sources.index(source) + 1)}

    def sources_by_date(self, source_ids) -> list[Source]:
        """Sources by date (undated last), then label: the order a reader scans a bibliography."""
        sources = [self.report.source(sid) for sid in dict.fromkeys(source_ids)]
        return sorted(sources, key=lambda s: (s.facts.article.date is None, str(s.facts.article.date or ""), s.id))

    def summary(self, source: Source) -> str:
        return source.facts.translation(self.language.text_languages, "summary") or ""

    def scope(self, sf: ScopedFigure) -> str:
        return self.link_label(sf.link) if sf.link else ""

    def link_label(self, link: Link) -> str:
        return f"{self.place_name(link.donor)} → {self.place_name(link.recipient)}"

    def sentence(self, sf: ScopedFigure) -> str:
        """One figure as a line of prose, from the catalog's per-indicator sentence template."""
        f = sf.figure
        ind = self.report.catalog[f.indicator] if f.indicator in self.report.catalog else None
        template = ind.sentence(self.language.text_languages) if ind else "{value}"
        subject, missing = self.subject(sf)
        if f.before is None and "{before}" in template:
            template = self.report.catalog["outcome_level"].sentence(self.language.text_languages)
        text = template.format(value=self.fmt.full_value(f), before=self.fmt.before(f), subject=subject or "")
        escaped = md_text(self.fmt.with_period(text, f.period))
        if subject and missing:  # tag the untranslated subject inside the sentence
            escaped = Markup(str(escaped).replace(str(md_text(subject)), str(self.source_text(subject)), 1))
        return escaped

    def side(self, sf: ScopedFigure) -> PlaceInfo | None:
        """For a count of institutions whose quote names both sides of its pairing ("广州42家医院与黔南67家
        医院"), the side the number belongs to: the place named nearest before it. None otherwise."""
        link, f = sf.link, sf.figure
        if link is None or f.unit != "institution" or not f.quote:
            return None
        at = _value_position(f)
        if at is None:
            return None
        found = {}
        for side in (link.donor, link.recipient):
            names = {n for n in (side.name, _bare(side.name), side.name[:2]) if len(n) >= 2}
            if not any(n in f.quote for n in names):
                return None  # a one-sided statement: the pairing already says whose it is
            found[side.adcode] = max((f.quote.rfind(n, 0, at) for n in names), default=-1)
        best = max((link.donor, link.recipient), key=lambda p: found[p.adcode])
        return best if found[best.adcode] >= 0 else None

    def outcome(self, sf: ScopedFigure) -> str:
        return self.sentence(sf)

    # rendering ---------------------------------------------------------------------
    def compile_all(self) -> None:
        """Load every page template and what it imports now: done before the pages are rendered on
        several cores, each worker inherits them instead of compiling its own."""
        for name in self.env.list_templates(filter_func=lambda n: n.endswith(".md.j2")):
            self.template(name)

    def template(self, name: str):
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def render(self, page: PageSpec) -> str:
        root = page.context.get("root_override", page.root)
        text = self.template(page.template).render(page=page, root=root, **page.context)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    def nav(self, pages: list[PageSpec]) -> list:
        """The MkDocs nav of this language: localized section titles and page titles.

        Titles are HTML-escaped: MkDocs treats a page title as HTML (as it does a title read from
        the page's `# heading`) and Material prints nav titles unescaped, so a place name or a
        catalog string holding markup would otherwise run on every page.
        """
        return _escaped_titles(self._nav(pages))

    def _nav(self, pages: list[PageSpec]) -> list:
        _ = self.fmt.gettext
        report = self.report

        def region_entries(regions):
            return [{self.place_name(r.place): region_path(r)} for r in regions]

        regions_section: list = [f"{REPORT_DIR}/regions/index.md"]
        recipients = [r for r in report.regions if r.role in ("recipient", "both")]
        donors = [r for r in report.regions if r.role == "donor"]
        if recipients:
            regions_section.append({_(N_("Recipient regions")): region_entries(recipients)})
        if donors:
            regions_section.append({_(N_("Donor regions")): region_entries(donors)})
        return [
            {_(N_("Home")): "index.md"},
            {_(N_("Regions")): regions_section},
            {_(N_("Sources")): f"{REPORT_DIR}/sources/index.md"},
            {_(N_("Methodology")): "methodology.md"},
            {_(N_("Glossary")): "glossary.md"},
            {_(N_("Downloads")): f"{DOWNLOADS_DIR}/index.md"},
        ]


def _escaped_titles(nav):
    """A nav with every title (each mapping's key) HTML-escaped; paths are left as they are."""
    if isinstance(nav, list):
        return [_escaped_titles(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(str(title), quote=False): _escaped_titles(value) for title, value in nav.items()}
    return nav


def render_citation(edition: Edition, language: Language, locale_dir: Path = LOCALE_DIR,
                    templates: Path = TEMPLATES) -> str:
    """The edition and how-to-cite block (raw HTML) of one language, for every page of its build."""
    fmt = Localizer.for_language(language, locale_dir)
    env = Environment(loader=FileSystemLoader(str(templates)), extensions=["jinja2.ext.i18n"], autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(fmt.translations, newstyle=True)  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
    env.filters.update(html=html_escape, date=fmt.date)
    text = env.get_template("partials/citation.html.j2").render(edition=edition, lang=language)
    return re.sub(r"\n{2,}", "\n", text).strip()


def render_docs(
    report: Report,
    docs_dir: Path,
    settings: SiteSettings,
    *,
    locale_dir: Path = LOCALE_DIR,
    names: NameTranslator | None = None,
    edition: Edition | None = None,
) -> RenderResult:
    """Write docs/<lang>/report/ for every language: only pages whose text changed, and delete pages
    that are gone (so `mkdocs serve` reloads what changed, not everything).

    Every page of every language is rendered before any is written, so a template error leaves
    the old pages in place; each file is replaced atomically (io.write_atomic), so no page is
    ever half-written. Maps, charts and downloads under report/ belong to their own stages.
    """

    result = RenderResult()
    pages = plan_pages(report)
    compiled = CompiledTemplates()
    renderers = [Renderer(report, language, settings, locale_dir, names=names, edition=edition, compiled=compiled)
                 for language in settings.languages]
    for renderer in renderers:
        renderer.compile_all()
    # Pages are independent: rendered on every core (generator/parallel.py), in order.
    texts = iter(fork_map([partial(renderer.render, page) for renderer in renderers for page in pages]))
    planned = [(language, [(page, next(texts)) for page in pages], renderer.nav(pages))
               for language, renderer in zip(settings.languages, renderers, strict=True)]
    for language, rendered, nav in planned:
        lang_dir = Path(docs_dir) / language.code
        target = lang_dir / REPORT_DIR
        staging = lang_dir / f".{REPORT_DIR}.new"  # left by an older generator that swapped the folder whole
        if staging.exists():
            shutil.rmtree(staging)
        wanted = set()
        for page, text in rendered:
            out = target / Path(page.path).relative_to(REPORT_DIR)
            wanted.add(out)
            result.pages_written.append(out)
            if write_atomic(out, text):
                result.pages_changed.append(out)
        for stale in target.rglob("*.md") if target.exists() else ():
            if stale not in wanted:
                stale.unlink()
                result.pages_removed.append(stale)
        result.nav[language.code] = nav
    return result
