"""Report -> static SVG charts: what changed (before -> after) and who gives what, per region and overall.

For each language: docs/<lang>/report/charts/
  <slug>-changes.svg   outcomes a region's articles report with a before value, one row per outcome
  <slug>-pairings.svg  its pairings on the main indicators, one panel per indicator *and unit*
  overview.svg         the home page: the report's headline selection (one figure per region), per unit

* Nothing is added up and nothing is invented: a bar or a dumbbell is one figure of data/, as selected
  by generator/report.py (headline) or as listed on the region page. Different units never share an
  axis (one panel per indicator and unit); every bar is labelled with its period, and a panel whose
  bars have different periods says so. Outcome changes without a `before` are not drawn (their
  direction and base live only in the Chinese subject); the page lists them.
* The charts are laid out on a fixed grid (inches from the top left, chartplan's sizes) and written as
  SVG by a small canvas (SvgCanvas) into templates/chart.svg.j2: text stays text, in a font stack
  covering Chinese, so labels are selectable and render with whatever CJK font the reader has; right-
  aligned labels use text-anchor, so no font metrics are needed (matplotlib, used before, spent most of
  a chart's 20-120 ms measuring glyphs it then did not draw). Output is deterministic: ids from figure
  ids, no dates.
* Grayscale first: values are direct labels; before/after are an open and a filled marker with an
  arrow; a bar whose source gives only a bound ("more than", "about") is hatched.
* Text alternatives: each SVG has role="img" with <title>/<desc>; the page has a figcaption and the
  data table the chart is drawn from (partials/charts_region.md.j2, partials/chart_overview.md.j2).
* The *selection* (what is drawn) is chartplan.py, shared by the page templates (tables, img sizes)
  and by the drawing code here.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from .buildstate import input_key
from .chartplan import (
    CHARTS_DIR,
    HEAD,
    NARROW_CHANGE,
    NARROW_NOTE,
    NARROW_TITLE,
    NARROW_WIDTH,
    PANEL_HEAD,
    ROW_BAR,
    ROW_CHANGE,
    WIDTH,
    Chart,
    ChartPlanner,
)
from .i18n import N_
from .io import write_atomic
from .render import Renderer
from .report import Link, Report, ScopedFigure

FONT_STACK = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
              "WenQuanYi Micro Hei", "DejaVu Sans", "sans-serif"]
PT = 72  # points per inch: the layout is in inches, the SVG in points
TEMPLATES = Path(__file__).resolve().parent / "templates"
INK, GREY, LIGHT = "#000000", "#555555", "#bdbdbd"

FS_TITLE, FS_HEAD, FS_VALUE, FS_LABEL, FS_SMALL = 11, 10, 9.5, 9, 8.5  # points

SOURCE_WIDTH = 36  # a source label's headline, in display columns (a Chinese character takes two)

# Interface strings (translated through generator/locale/, see its README).
T_BEFORE = N_("before: %(value)s")
T_AFTER = N_("after: %(value)s")
T_SOURCE = N_("Source: %(source)s")
T_UNTRANSLATED = N_("outcome name not yet translated")
T_NO_PERIOD = N_("period not stated")
T_CHANGES_TITLE = N_("What changed: before and after, as the articles report (%(name)s)")
T_CHANGES_LEGEND = N_("○ before  ● after; each row has its own scale, starting at zero")
T_PAIRINGS_TITLE = N_("Who gives what: pairings on the main indicators (%(name)s)")
T_OVERVIEW_TITLE = N_("Recipient regions on the headline indicators: one figure per region, never a total")
T_PANEL = N_("%(indicator)s · %(unit)s")
T_CONFLICT = N_("sources disagree, also: %(values)s")
T_PERIODS_DIFFER = N_("periods differ: compare with care")
T_MORE = N_("%(n)s more in the table")
T_MORE_FILES = N_("%(n)s more in the data files (CSV, JSON)")  # the table lists only what is drawn (chartplan.TABLE_MAX)
T_BOUND = N_("hatched bar: the source gives a bound (more than, at least, about), not an exact figure")
T_REGION_SCOPE = N_("%(region)s · %(level)s")


# ------------------------------------------------------------------------------ text


class ChartText:
    """Chart labels in one language (everything through the page's Renderer and Localizer)."""

    def __init__(self, renderer, names=None):
        self.r = renderer
        self.fmt = renderer.fmt
        self.names = names

    def _(self, message: str, **values) -> str:
        text = self.fmt.gettext(message)
        return text % values if values else text

    def subject(self, sf: ScopedFigure) -> tuple[str, bool]:
        text, missing = self.r.subject(sf)
        return text or self.r.indicator_label(sf.figure.indicator), missing

    def source(self, sf: ScopedFigure) -> tuple[str, bool]:
        facts = self.r.report.source(sf.source_id).facts
        outlet = facts.article.outlet
        curated = facts.translation(self.r.language.text_languages, "outlet") or (self.names.outlet(outlet) if self.r.english_names and outlet else None)
        text, missing = self.r.translated(outlet, curated)
        date = self.fmt.date(facts.article.date)
        if not text:  # no outlet: the date, else the headline, else "Article N" (never an internal id)
            if date:
                return self._(T_SOURCE, source=date), False
            title, title_missing = self.r.title(self.r.report.source(sf.source_id))
            # A headline is long: shortened, so it leaves the row's subject on the left its room (the
            # data table under the chart names the source in full).
            label = _shortened(title, SOURCE_WIDTH) if title else self.r.source_number(self.r.report.source(sf.source_id))
            return self._(T_SOURCE, source=label), bool(title) and title_missing
        return self._(T_SOURCE, source=f"{text}, {date}" if date else text), missing

    def link(self, link: Link | None) -> str:
        return self.r.link_label(link) if link else ""

    def period(self, sf: ScopedFigure) -> str:
        return self.fmt.period(sf.figure.period)

    def value(self, sf: ScopedFigure) -> str:
        """The bar's label: value with unit and qualifier, and its period."""
        period = self.fmt.period(sf.figure.period) or self._(T_NO_PERIOD)
        label = self.fmt.gettext("%(text)s (%(period)s)") % {"text": self.fmt.full_value(sf.figure), "period": period}
        if sf.conflicts:
            others = self.fmt.list([self.fmt.full_value(c.figure) for c in sf.conflicts])
            label += " ⚠ " + self._(T_CONFLICT, values=others)
        return label


# ------------------------------------------------------------------------------ drawing


def _fits(text: str, width: int) -> int:
    """How many of `text`'s characters fit in `width` display columns (East Asian wide characters count two)."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used > width:
            return i
    return len(text)


def _shortened(text: str, width: int) -> str:
    """`text` cut to `width` display columns (East Asian wide characters count two), with "…" when cut."""
    n = _fits(text, width - 1)
    return text if n == len(text) else text[:n].rstrip() + "…"


# Display columns of the phone variant's title line (a Chinese character takes two) at FS_TITLE.
TITLE_COLUMNS_NARROW = 46
LEGEND_COLUMNS_NARROW = 60  # …and of a legend line, at FS_LABEL


def _text_inches(text: str, size: float) -> float:
    """A label's drawn width, estimated: a Chinese character is 1 em, anything else 0.55 em (the CJK fonts' Latin
    letters average under that)."""
    return sum(size if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55 * size for ch in text) / PT


def _two_lines(text: str, width: int) -> tuple[str, str]:
    """`text` in two lines of `width` display columns: broken at the last space (or, for Chinese, anywhere) that
    fits, the second line cut with "…" when it is still too long."""
    cut = _fits(text, width)
    if cut == len(text):
        return text, ""
    space = text.rfind(" ", 0, cut + 1)
    if space > cut // 2:
        cut = space
    return text[:cut].rstrip(), _shortened(text[cut:].strip(), width)


def _gid(prefix: str, sf: ScopedFigure) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"{prefix}-{sf.id}")


def _n(value: float) -> str:
    """A coordinate in points, as short as it is exact to a hundredth (same text on every machine)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class SvgCanvas:
    """SVG elements placed in inches from the top left (the layout's unit), written in points."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def _group(self, element: str, gid: str | None, lang: str | None = None) -> None:
        if gid is None:
            self.parts.append(element)
        else:
            tag = f'<g id="{escape(gid)}"' + (f' lang="{escape(lang)}"' if lang else "") + ">"
            self.parts.append(f"{tag}{element}</g>")

    def text(self, x: float, y: float, s: str, *, size: float, color: str = INK, anchor: str = "start",
             bold: bool = False, italic: bool = False, gid: str | None = None, lang: str | None = None) -> None:
        """`s` with its baseline at y, starting (anchor "start") or ending ("end") at x."""
        style = (' font-weight="bold"' if bold else "") + (' font-style="italic"' if italic else "")
        style += f' text-anchor="{anchor}"' if anchor != "start" else ""
        self._group(f'<text x="{_n(x * PT)}" y="{_n(y * PT)}" font-size="{_n(size)}" fill="{color}"{style}>'
                    f"{escape(s, quote=False)}</text>", gid, lang)

    def line(self, x0: float, y0: float, x1: float, y1: float, *, color: str, width: float) -> None:
        self.parts.append(f'<path d="M{_n(x0 * PT)} {_n(y0 * PT)}L{_n(x1 * PT)} {_n(y1 * PT)}" '
                          f'fill="none" stroke="{color}" stroke-width="{_n(width)}"/>')

    def circle(self, x: float, y: float, *, diameter: float, fill: str, stroke: str, width: float,
               gid: str | None = None) -> None:
        """A marker `diameter` points across (its stroke included, as matplotlib's markers were)."""
        self._group(f'<circle cx="{_n(x * PT)}" cy="{_n(y * PT)}" r="{_n((diameter - width) / 2)}" fill="{fill}" '
                    f'stroke="{stroke}" stroke-width="{_n(width)}"/>', gid)

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, width: float,
             hatched: bool = False, gid: str | None = None) -> None:
        hatch = '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#hatch)"/>'.format(
            x=_n(x * PT), y=_n(y * PT), w=_n(w * PT), h=_n(h * PT)) if hatched else ""
        self._group(f'<rect x="{_n(x * PT)}" y="{_n(y * PT)}" width="{_n(w * PT)}" height="{_n(h * PT)}" fill="{fill}" '
                    f'stroke="{stroke}" stroke-width="{_n(width)}"/>{hatch}', gid)

    def arrow(self, x0: float, x1: float, y: float, *, color: str, width: float, shrink: float = 4.0,
              head: float = 3.2, half_width: float = 1.6) -> None:
        """A horizontal arrow from x0 (less `shrink` points) to x1, its head a filled triangle."""
        sign = 1 if x1 >= x0 else -1
        start, tip, yy = x0 * PT + sign * shrink, x1 * PT, y * PT
        base = tip - sign * head
        self.parts.append(f'<path d="M{_n(start)} {_n(yy)}L{_n(base)} {_n(yy)}" fill="none" stroke="{color}" stroke-width="{_n(width)}"/>'
                          f'<path d="M{_n(tip)} {_n(yy)}L{_n(base)} {_n(yy - half_width)}L{_n(base)} {_n(yy + half_width)}Z" '
                          f'fill="{color}" stroke="{color}" stroke-width="{_n(width)}" stroke-linejoin="miter"/>')


class ChartDrawer:
    """Draws Charts in one language onto an SvgCanvas each, written through templates/chart.svg.j2."""

    def __init__(self, text: ChartText, html_lang_source: str = "zh-Hans"):
        self.text = text
        self.source_lang = html_lang_source
        self.env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True)
        self.canvas = SvgCanvas()
        self.narrow = False  # drawing the phone variant (chartplan.NARROW_WIDTH)
        self.width = WIDTH

    # helpers ----------------------------------------------------------------------
    def _label(self, x, y, s, *, gid=None, untranslated=False, size=FS_VALUE, color=INK, anchor="start",
               bold=False, italic=False):
        self.canvas.text(x, y, s, size=size, color=color, anchor=anchor, bold=bold, italic=italic, gid=gid,
                         lang=self.source_lang if untranslated and gid else None)

    def _legend(self, y: float, text: str) -> None:
        """The chart's legend line; on a phone, two lines."""
        if not self.narrow:
            self._label(0.08, y, text, size=FS_LABEL, color=GREY, gid="legend")
            return
        first, second = _two_lines(text, LEGEND_COLUMNS_NARROW)
        self._label(0.08, y, first, size=FS_LABEL, color=GREY, gid="legend")
        if second:
            self._label(0.08, y + NARROW_NOTE, second, size=FS_LABEL, color=GREY, gid="legend-2")

    def _frame(self, chart: Chart, title: str) -> float:
        """A fresh canvas with the chart's title; where the body starts (the phone variant's title takes two lines)."""
        self.canvas = SvgCanvas()
        if not self.narrow:
            self._label(0.08, 0.24, title, size=FS_TITLE, bold=True, gid="chart-title")
            return HEAD
        first, second = _two_lines(title, TITLE_COLUMNS_NARROW)
        self._label(0.08, 0.24, first, size=FS_TITLE, bold=True, gid="chart-title")
        if second:
            self._label(0.08, 0.24 + NARROW_TITLE, second, size=FS_TITLE, bold=True, gid="chart-title-2")
        return HEAD + NARROW_TITLE

    # before -> after ------------------------------------------------------------------
    def changes(self, chart: Chart) -> None:
        t = self.text
        assert chart.region is not None, "a changes chart belongs to a region"
        name = t.r.place_name(chart.region.place)
        y = self._frame(chart, t._(T_CHANGES_TITLE, name=name))
        narrow, width = self.narrow, self.width
        # The scale of each row: labels go in the margins, or (phone) under the scale.
        x0, x1 = (0.25, width - 0.25) if narrow else (1.45, width - 1.45)
        for sf in chart.drawn:
            f = sf.figure
            subject, missing = t.subject(sf)
            source, source_missing = t.source(sf)
            top = y + 0.2
            self._label(0.08, top, subject, size=FS_HEAD, bold=True, gid=_gid("subject", sf), untranslated=missing)
            if narrow:
                self._label(0.08, top + 0.36, source, size=FS_SMALL, color=GREY, gid=_gid("source", sf),
                            untranslated=source_missing)
            else:
                self._label(width - 0.08, top, source, size=FS_SMALL, color=GREY, anchor="end", gid=_gid("source", sf),
                            untranslated=source_missing)
            meta = " · ".join(x for x in (t.link(sf.link), t.period(sf), t._(T_UNTRANSLATED) if missing else "") if x)
            self._label(0.08, top + 0.18, meta, size=FS_SMALL, color=GREY, gid=_gid("meta", sf))
            line_y = y + 0.54 + (0.18 if narrow else 0.0)
            top_value = max(abs(float(f.value)), abs(float(f.before or 0)), 1e-9) * 1.08  # rows have a before
            scale = lambda v, top=top_value: x0 + (x1 - x0) * max(float(v), 0.0) / top  # noqa: E731
            self.canvas.line(x0, line_y, x1, line_y, color=LIGHT, width=0.8)
            self.canvas.line(x0, line_y - 0.05, x0, line_y + 0.05, color=LIGHT, width=0.8)
            bx, axx = scale(f.before), scale(f.value)
            if abs(axx - bx) > 0.12:
                self.canvas.arrow(bx, axx - (0.06 if axx > bx else -0.06), line_y, color=INK, width=1.1)
            self.canvas.circle(bx, line_y, diameter=6.5, fill="white", stroke=INK, width=1.2, gid=_gid("mark-before", sf))
            self.canvas.circle(axx, line_y, diameter=6.5, fill=INK, stroke=INK, width=1.0, gid=_gid("mark-after", sf))
            before_text = t._(T_BEFORE, value=t.fmt.before(f))
            after_text = t._(T_AFTER, value=t.fmt.full_value(f))
            left, right = (bx, axx) if axx >= bx else (axx, bx)
            left_text, right_text = (before_text, after_text) if axx >= bx else (after_text, before_text)
            left_gid, right_gid = (("before", "after") if axx >= bx else ("after", "before"))
            if narrow:  # both values under the scale, at its two ends
                self._label(x0, line_y + 0.21, left_text, gid=_gid(left_gid, sf))
                self._label(x1, line_y + 0.21, right_text, anchor="end", gid=_gid(right_gid, sf))
                y += ROW_CHANGE + NARROW_CHANGE
            else:
                self._label(left - 0.1, line_y + 0.035, left_text, anchor="end", gid=_gid(left_gid, sf))
                self._label(right + 0.1, line_y + 0.035, right_text, gid=_gid(right_gid, sf))
                y += ROW_CHANGE
        if chart.more:
            more = T_MORE_FILES if chart.untabled else T_MORE
            self._label(0.08, y + 0.14, t._(more, n=chart.more), size=FS_LABEL, color=GREY, italic=True, gid="more")
            y += 0.22
        self._legend(y + 0.18, t._(T_CHANGES_LEGEND))

    # bars ------------------------------------------------------------------------------
    def bars(self, chart: Chart) -> None:
        t = self.text
        if chart.kind == "overview":
            title = t._(T_OVERVIEW_TITLE)
        else:
            assert chart.region is not None, "a pairings chart belongs to a region"
            title = t._(T_PAIRINGS_TITLE, name=t.r.place_name(chart.region.place))
        y = self._frame(chart, title)
        x0, x1 = 0.08, self.width - 0.08
        for n, panel in enumerate(chart.panels):
            head = t._(T_PANEL, indicator=t.r.indicator_label(panel.indicator), unit=t.r.unit_label(panel.unit))
            self._label(x0, y + 0.24, head, size=FS_HEAD, bold=True, gid=f"panel-{n}")
            note = NARROW_NOTE if self.narrow and panel.periods_differ else 0.0  # the phone's note: under the title
            if panel.periods_differ:
                self._label(x0 if note else x1, y + 0.24 + note, t._(T_PERIODS_DIFFER), size=FS_SMALL, color=GREY,
                            italic=True, anchor="start" if note else "end", gid=f"panel-{n}-note")
            self.canvas.line(x0, y + 0.32 + note, x1, y + 0.32 + note, color=LIGHT, width=0.6)
            top_value = max((abs(float(sf.figure.value)) for sf in panel.shown), default=1.0) or 1.0
            bar_max = (x1 - x0) * 0.5  # the longest bar; its value label fits to its right
            if self.narrow:  # on a phone, as long as lets every value label fit (a fifth of the width at least)
                for sf in panel.shown:
                    share = max(float(sf.figure.value), 0.0) / top_value
                    room = x1 - x0 - 0.1 - _text_inches(t.value(sf), FS_VALUE)
                    if share > 0:
                        bar_max = min(bar_max, room / share)
                bar_max = max(bar_max, (x1 - x0) * 0.2)
            row = y + PANEL_HEAD + note
            for sf, label in zip(panel.shown, panel.labels, strict=False):
                if chart.kind == "overview":
                    level = t.fmt.level_label(sf.link.recipient.level) if sf.link else ""
                    name = t.r.place_name(label.place)
                    name = t._(T_REGION_SCOPE, region=name, level=level) if level else name
                else:
                    name = t.link(label)
                if self.narrow:  # a long pairing on a phone: cut to the width (the data table below has it whole)
                    name = _shortened(name, int((x1 - x0) * PT / (0.55 * FS_LABEL)))
                self._label(x0, row, name, size=FS_LABEL, color=GREY, gid=_gid("label", sf))
                width = bar_max * max(float(sf.figure.value), 0.0) / top_value
                bound = sf.figure.qualifier != "exact"
                self.canvas.rect(x0, row + 0.06, max(width, 0.02), 0.2, fill="white" if bound else "#4d4d4d", stroke=INK,
                                 width=0.6, hatched=bound, gid=_gid("bar", sf))
                self._label(x0 + width + 0.08, row + 0.225, t.value(sf), size=FS_VALUE, gid=_gid("value", sf))
                row += ROW_BAR
            if panel.more:
                more = T_MORE if len(panel.table) == len(panel.figures) else T_MORE_FILES
                self._label(x0, row + 0.08, t._(more, n=panel.more), size=FS_LABEL, color=GREY,
                            italic=True, gid=f"panel-{n}-more")
            y += panel.height + note
        if chart.has_bounds:
            self._legend(y + 0.18, t._(T_BOUND))

    # output ----------------------------------------------------------------------------
    def svg(self, chart: Chart, title: str, desc: str, narrow: bool = False) -> str:
        """The chart's SVG; `narrow`: its phone variant (chartplan.NARROW_WIDTH)."""
        self.narrow, self.width = narrow, (NARROW_WIDTH if narrow else WIDTH)
        if chart.kind == "changes":
            self.changes(chart)
        else:
            self.bars(chart)
        file = chart.narrow_file if narrow else chart.file
        return self.env.get_template("chart.svg.j2").render(
            stem=file.removesuffix(".svg"), lang=self.text.r.language.html_lang, kind=chart.kind,
            width=_n(self.width * PT), height=_n((chart.narrow_height if narrow else chart.height) * PT),
            title=title, desc=desc,
            fonts=", ".join(f"'{f}'" if " " in f else f for f in FONT_STACK),
            parts=[Markup(part) for part in self.canvas.parts], grey=GREY)


# ------------------------------------------------------------------------------ writing


@dataclass
class ChartsResult:
    files: list[Path] = field(default_factory=list)
    reused: int = 0  # unchanged inputs: the file was left as it was
    seconds: dict[str, float] = field(default_factory=dict)  # path relative to docs/ -> seconds to draw and write

    @property
    def mean_ms(self) -> float:
        return 1000 * sum(self.seconds.values()) / len(self.seconds) if self.seconds else 0.0

    @property
    def slowest(self) -> tuple[str, float]:
        return max(self.seconds.items(), key=lambda kv: kv[1], default=("", 0.0))


def chart_title(chart: Chart, text: ChartText) -> str:
    if chart.kind == "overview" or chart.region is None:
        return text._(T_OVERVIEW_TITLE)
    if chart.kind == "changes":
        return text._(T_CHANGES_TITLE, name=text.r.place_name(chart.region.place))
    if chart.kind == "pairings":
        return text._(T_PAIRINGS_TITLE, name=text.r.place_name(chart.region.place))
    return text._(T_OVERVIEW_TITLE)


def chart_desc(chart: Chart, text: ChartText) -> str:
    """A one-paragraph text version of the chart, for <desc> (the page also has the full data table)."""
    parts = []
    if chart.kind == "changes":
        for sf in chart.drawn:
            subject, missing = text.subject(sf)
            if missing:  # <desc> is one text in the page's language: the Chinese name is drawn, tagged, in the chart
                subject = text._(T_UNTRANSLATED)
            parts.append(f"{subject}: {text._(T_BEFORE, value=text.fmt.before(sf.figure))}, "
                         f"{text._(T_AFTER, value=text.fmt.full_value(sf.figure))} ({text.link(sf.link)})")
    else:
        for panel in chart.panels:
            head = text._(T_PANEL, indicator=text.r.indicator_label(panel.indicator), unit=text.r.unit_label(panel.unit))
            items = []
            for sf, label in zip(panel.shown, panel.labels, strict=False):
                name = text.r.place_name(label.place) if chart.kind == "overview" else text.link(label)
                items.append(f"{name} {text.value(sf)}")
            parts.append(f"{head}: " + "; ".join(items))
    if chart.more:
        parts.append(text._(T_MORE_FILES if chart.untabled else T_MORE, n=chart.more))
    return ". ".join(parts)


def _write(path: Path, text: str) -> None:
    write_atomic(path, text)  # unchanged: the file (and its mtime) is kept as it is


def chart_inputs(chart: Chart, text: ChartText, title: str, desc: str) -> str:
    """Everything drawing `chart` in one language reads, as text: its key in the stage's record
    (with generator.buildstate.rendering_context for the code, catalogs and names data)."""
    t = text
    figures = []
    for sf in chart.all_figures:
        f = sf.figure
        figures.append([repr(f), sf.source_id, sf.scope_assumed, t.subject(sf), t.source(sf), t.link(sf.link),
                        t.period(sf), t.value(sf), t.fmt.full_value(f), t.fmt.before(f) if f.before is not None else None,
                        repr(sf.link.recipient) if sf.link else None])
    panels = [[p.indicator, p.unit, t.r.indicator_label(p.indicator), t.r.unit_label(p.unit),
               [t.r.place_name(label.place) if chart.kind == "overview" else t.link(label) for label in p.labels]]
              for p in chart.panels]
    region = t.r.place_name(chart.region.place) if chart.region else None
    return json.dumps([chart.kind, chart.file, chart.height, title, desc, region, figures, panels], ensure_ascii=False,
                      default=str)


def write_charts(report: Report, docs_dir: Path, settings, *, names=None, planner: ChartPlanner | None = None,
                 record=None, context: str = "") -> ChartsResult:
    """docs/<lang>/report/charts/*.svg for every language. Run after render_docs (which replaces report/).

    With `record` (generator.buildstate.OutputRecord), a chart whose inputs are those it was last
    drawn from is left as it is: a changed article redraws only the charts that show its facts.
    """
    planner = planner or ChartPlanner(report)
    charts = planner.all()
    result = ChartsResult()
    source_lang = settings.languages[0].html_lang
    for language in settings.languages:
        renderer = Renderer(report, language, settings, names=names)
        text = ChartText(renderer, names)
        drawer = ChartDrawer(text, source_lang)
        out_dir = Path(docs_dir) / language.code / CHARTS_DIR
        wanted = set()
        for chart in charts:
            title, desc = chart_title(chart, text), chart_desc(chart, text)
            inputs = chart_inputs(chart, text, title, desc)
            for narrow in (False, True):  # the chart, and its phone variant
                file = chart.narrow_file if narrow else chart.file
                path = out_dir / file
                wanted.add(path.name)
                result.files.append(path)
                key = input_key(context, language.code, source_lang, inputs, "narrow" if narrow else "wide")
                if record is not None and record.up_to_date(path, key):
                    result.reused += 1
                    continue
                start = time.perf_counter()
                svg = drawer.svg(chart, title, desc, narrow)  # about a millisecond: no need for other cores
                _write(path, svg)
                if record is not None:
                    record.note(path, key, svg)
                result.seconds[f"{language.code}/{CHARTS_DIR}/{file}"] = time.perf_counter() - start
        for stale in out_dir.glob("*.svg") if out_dir.exists() else ():
            if stale.name not in wanted:
                stale.unlink()
    return result
