"""What the report's charts show, planned once and shared by the templates and the drawing code.

A chart is a selection of figures of data/ (generator/report.py decides which, region by region),
never a sum: the region's before -> after outcomes, its pairings on the main indicators (one panel per
indicator and unit), and the home page's headline selection. This module holds that selection and the
charts' sizes, so that rendering pages (tables, img sizes) does not depend on drawing them
(generator/charts.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .report import Link, Region, Report, ScopedFigure

CHARTS_DIR = "report/charts"  # under docs/<lang>/; render_docs replaces report/ whole, so charts go after it
OVERVIEW = "overview"
# The main indicators of a region's pairing comparison (ids from data/indicators.yaml).
PAIRING_INDICATORS = ("experts_sent", "new_techniques", "first_cases", "funding")
MAX_BARS = 10  # bars per panel; the rest are in the data table ("N more in the table")
MAX_ROWS = 12  # outcome rows in a before -> after chart
# A chart's data table lists every figure of the chart up to this many rows; a longer one lists what the
# chart draws, and the page links the data files holding the rest (a large corpus otherwise puts
# hundreds of rows under a chart: 350 KB of a region page's 430 at 1,000 articles).
TABLE_MAX = 40


def listed(figures: list, drawn: int) -> list:
    """What a page lists of a chart's figures: all of them up to TABLE_MAX, else the first `drawn` (what
    the chart draws); the page then links the data files for the rest."""
    return figures if len(figures) <= TABLE_MAX else figures[:drawn]

# Sizes in inches (SVG points = inches * 72; CSS pixels = inches * 96).
WIDTH = 7.2
# The phone variant of every chart (`Chart.narrow_file`): drawn as wide as a 390 px screen shows it, so its text
# stays at 9 px or more without scrolling sideways. Its title takes two lines, a before -> after row puts the
# source on a line of its own and the two values under the scale, and a panel's "periods differ" note goes
# under its title.
NARROW_WIDTH = 4.2
NARROW_TITLE = 0.2  # the title's second line
NARROW_CHANGE = 0.36  # per before -> after row
NARROW_NOTE = 0.16  # per panel with the note; and the legend's second line
ROW_CHANGE = 0.74  # one outcome row of the before -> after chart
ROW_BAR = 0.47  # one bar with its label line above it
PANEL_HEAD = 0.52  # a panel's title and note
HEAD = 0.36  # the chart's title line
FOOT = 0.34  # legend line




@dataclass
class Panel:
    """One small multiple: the figures of one indicator in one unit, each drawn as it is reported."""

    indicator: str
    unit: str
    figures: list[ScopedFigure]  # all of them, in page order (the data table shows them all)
    labels: list = field(default_factory=list)  # overview: the Region of each figure; pairings: the Link

    @property
    def shown(self) -> list[ScopedFigure]:
        return self.figures[:MAX_BARS]

    @property
    def more(self) -> int:
        return max(0, len(self.figures) - MAX_BARS)

    @property
    def table(self) -> list[ScopedFigure]:
        """The rows of this panel's data table: all its figures, or what it draws when they are too many."""
        return listed(self.figures, MAX_BARS)

    @property
    def periods_differ(self) -> bool:
        return len({sf.figure.period for sf in self.shown}) > 1

    @property
    def height(self) -> float:
        return PANEL_HEAD + ROW_BAR * len(self.shown) + (0.22 if self.more else 0.08)


@dataclass
class Chart:
    """What one SVG draws, independent of language: the templates and the drawing code share it."""

    kind: str  # "changes" | "pairings" | "overview"
    file: str  # file name in docs/<lang>/report/charts/
    region: Region | None = None
    rows: list[ScopedFigure] = field(default_factory=list)  # changes: outcomes with a before value
    panels: list[Panel] = field(default_factory=list)  # pairings / overview

    @property
    def all_figures(self) -> list[ScopedFigure]:
        return self.rows if self.kind == "changes" else [sf for p in self.panels for sf in p.figures]

    @property
    def drawn(self) -> list[ScopedFigure]:
        return self.rows[:MAX_ROWS] if self.kind == "changes" else [sf for p in self.panels for sf in p.shown]

    @property
    def more(self) -> int:
        return len(self.all_figures) - len(self.drawn)

    @property
    def table_rows(self) -> list[ScopedFigure]:
        """A before -> after chart's data table: every outcome, or the drawn ones when they are too many."""
        return listed(self.rows, MAX_ROWS)

    @property
    def untabled(self) -> int:
        """Figures of this chart that its data table does not list (they are in the data files)."""
        if self.kind == "changes":
            return len(self.rows) - len(self.table_rows)
        return sum(len(p.figures) - len(p.table) for p in self.panels)

    @property
    def empty(self) -> bool:
        return not self.all_figures

    @property
    def has_bounds(self) -> bool:
        return any(sf.figure.qualifier != "exact" for sf in self.drawn) and self.kind != "changes"

    @property
    def height(self) -> float:
        if self.kind == "changes":
            body = ROW_CHANGE * len(self.drawn) + (0.22 if self.more else 0.0)
        else:
            body = sum(p.height for p in self.panels)
        foot = FOOT if (self.kind == "changes" or self.has_bounds) else 0.12
        return round(HEAD + body + foot, 2)

    @property
    def width_px(self) -> int:
        return round(WIDTH * 96)

    @property
    def narrow_file(self) -> str:
        return self.file.removesuffix(".svg") + "-narrow.svg"

    @property
    def narrow_height(self) -> float:
        if self.kind == "changes":
            extra = NARROW_CHANGE * len(self.drawn)
        else:
            extra = NARROW_NOTE * sum(p.periods_differ for p in self.panels)
        if self.kind == "changes" or self.has_bounds:
            extra += NARROW_NOTE  # the legend on two lines
        return round(self.height + NARROW_TITLE + extra, 2)

    @property
    def narrow_width_px(self) -> int:
        return round(NARROW_WIDTH * 96)

    @property
    def narrow_height_px(self) -> int:
        return round(self.narrow_height * 96)

    @property
    def height_px(self) -> int:
        return round(self.height * 96)


def _region_links(region: Region) -> list[Link]:
    seen, out = set(), []
    for link in region.links:  # received first, then given; a link within one province appears once
        if link.id not in seen:
            seen.add(link.id)
            out.append(link)
    return out


def _units(report: Report, indicator: str, figures: Iterable[ScopedFigure]) -> list[str]:
    listed = list(report.catalog[indicator].units) if indicator in report.catalog else []
    present = {sf.figure.unit for sf in figures}
    return [u for u in listed if u in present] + sorted(present - set(listed))


def changes_chart(region: Region) -> Chart:
    rows = [sf for link in _region_links(region) for sf in link.outcomes
            if sf.figure.indicator == "outcome_change" and sf.figure.before is not None]
    return Chart("changes", f"{region.slug}-changes.svg", region, rows=rows)


def changes_without_before(region: Region) -> list[ScopedFigure]:
    """Reported changes with no earlier value ("增长35%"): listed on the page, never drawn with a made-up base."""
    return [sf for link in _region_links(region) for sf in link.outcomes
            if sf.figure.indicator == "outcome_change" and sf.figure.before is None]


def _one_bar_per_conflict(figures: list[tuple[ScopedFigure, Link]]) -> list[tuple[ScopedFigure, Link]]:
    """Facts whose sources disagree (257 or 260 experts) are one thing told two ways: one bar, chosen
    as the headline and key facts choose (the reviewed value, else the larger); its label says the
    sources disagree and gives the other values."""
    ordered = sorted(figures, key=lambda x: (not x[0].reviewed, -float(x[0].figure.value)))
    kept: list[int] = []
    for sf, _ in ordered:
        if not any(c is other for other in (figures[k][0] for k in kept) for c in sf.conflicts):
            kept.append(next(k for k, (f, _) in enumerate(figures) if f is sf))
    return [figures[k] for k in sorted(kept)]


def pairings_chart(report: Report, region: Region) -> Chart:
    links = _region_links(region)
    panels = []
    for indicator in PAIRING_INDICATORS:
        figures = [(sf, link) for link in links for sf in link.inputs if sf.figure.indicator == indicator]
        # A part of a total (其中…) is not a bar beside its total.
        figures = [(sf, link) for sf, link in figures if not sf.is_part_of(s for s, _ in figures)]
        figures = _one_bar_per_conflict(figures)
        for unit in _units(report, indicator, (sf for sf, _ in figures)):
            chosen = [(sf, link) for sf, link in figures if sf.figure.unit == unit]
            panels.append(Panel(indicator, unit, [sf for sf, _ in chosen], [link for _, link in chosen]))
    return Chart("pairings", f"{region.slug}-pairings.svg", region, panels=panels)


def overview_chart(report: Report) -> Chart:
    """The headline selection (report.headline: one chosen figure per recipient region), one panel per unit."""
    panels = []
    for ind in report.catalog:
        entries = (report.headline.get(ind.id) or []) if ind.headline else []
        for unit in _units(report, ind.id, (e.figure for e in entries)):
            chosen = [e for e in entries if e.figure.figure.unit == unit]
            panels.append(Panel(ind.id, unit, [e.figure for e in chosen], [e.region for e in chosen]))
    return Chart("overview", f"{OVERVIEW}.svg", panels=panels)


def overview_left_out(report: Report) -> dict:
    """What the overview does not draw, for its note: other figures per region, regions without a figure."""
    others = sum(e.others for entries in report.headline.values() for e in entries)
    missing: dict[str, list[Region]] = {}  # indicator id -> recipient regions without a figure of it
    for ind in report.catalog:
        if not ind.headline:
            continue
        have = {e.region.slug for e in report.headline.get(ind.id, [])}
        missing[ind.id] = [r for r in report.recipients if r.slug not in have]
    return {"others": others, "missing": missing, "donors": [r for r in report.regions if r.role == "donor"]}


class ChartPlanner:
    """The charts of a report, planned once and shared by both languages (templates and writer)."""

    def __init__(self, report: Report):
        self.report = report
        self._cache: dict[str, object] = {}

    def _get(self, key: str, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def changes(self, region: Region) -> Chart:
        return self._get(f"c:{region.slug}", lambda: changes_chart(region))

    def without_before(self, region: Region) -> list[ScopedFigure]:
        return self._get(f"w:{region.slug}", lambda: changes_without_before(region))

    @staticmethod
    def listed(figures: list[ScopedFigure]) -> list[ScopedFigure]:
        """Changes without an earlier value as the page lists them (see `listed`)."""
        return listed(figures, MAX_ROWS)

    def pairings(self, region: Region) -> Chart:
        return self._get(f"p:{region.slug}", lambda: pairings_chart(self.report, region))

    def overview(self) -> Chart:
        return self._get("overview", lambda: overview_chart(self.report))

    def left_out(self) -> dict:
        return self._get("left_out", lambda: overview_left_out(self.report))

    def all(self) -> list[Chart]:
        charts = [self.overview()]
        for region in self.report.regions:
            charts += [self.changes(region), self.pairings(region)]
        return [c for c in charts if not c.empty]
