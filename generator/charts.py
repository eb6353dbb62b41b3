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
* Matplotlib writes the SVG with text kept as text (`svg.fonttype: none`) in a font stack covering
  Chinese, so labels stay selectable and render with whatever CJK font the reader has. Output is
  deterministic: fixed `svg.hashsalt`, no date/creator metadata, ids from figure ids.
* Grayscale first: values are direct labels; before/after are an open and a filled marker with an
  arrow; a bar whose source gives only a bound ("more than", "about") is hatched.
* Text alternatives: each SVG has role="img" with <title>/<desc>; the page has a figcaption and the
  data table the chart is drawn from (partials/charts_region.md.j2, partials/chart_overview.md.j2).
* The *selection* (what is drawn) is plain Python without matplotlib, shared by the templates (tables,
  img sizes) and by the drawing code; matplotlib is imported only when charts are written.
"""

from __future__ import annotations

import io
import json
import re
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path

from .buildstate import input_key
from .chartplan import (
    CHARTS_DIR,
    HEAD,
    PANEL_HEAD,
    ROW_BAR,
    ROW_CHANGE,
    WIDTH,
    Chart,
    ChartPlanner,
)
from .i18n import N_
from .io import write_atomic
from .parallel import fork_map
from .render import Renderer
from .report import Link, Report, ScopedFigure

FONT_STACK = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
              "WenQuanYi Micro Hei", "DejaVu Sans"]  # matplotlib appends the generic "sans-serif"
HASH_SALT = "eastwest-charts"
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

_MPL = None


def _matplotlib():
    """Import matplotlib once, lazily (it takes most of a second), without touching pyplot or the global backend."""
    global _MPL
    if _MPL is None:
        import matplotlib
        import matplotlib.patches  # noqa: F401  (Rectangle)
        from matplotlib.figure import Figure

        _MPL = (matplotlib, Figure)
    return _MPL


def rc_params() -> dict:
    return {
        "svg.fonttype": "none",  # text stays <text>: selectable, translatable, CJK from the reader's fonts
        "svg.hashsalt": HASH_SALT,  # clip-path and hatch ids are hashes: fixed salt, same ids every build
        "font.family": "sans-serif",
        "font.sans-serif": FONT_STACK,
        "font.size": 8,
        "axes.unicode_minus": False,
        "hatch.color": GREY,
        "hatch.linewidth": 0.6,
        "path.simplify": False,
    }


def _shortened(text: str, width: int) -> str:
    """`text` cut to `width` display columns (East Asian wide characters count two), with "…" when cut."""
    used, out = 0, list[str]()
    for ch in text:
        used += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used > width - 1:
            return "".join(out).rstrip() + "…"
        out.append(ch)
    return text


def _gid(prefix: str, sf: ScopedFigure) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"{prefix}-{sf.id}")


class ChartDrawer:
    """Draws Charts with one reused matplotlib Figure per instance (clf between charts)."""

    def __init__(self, text: ChartText, html_lang_source: str = "zh-Hans"):
        matplotlib, Figure = _matplotlib()
        self.matplotlib = matplotlib
        self.text = text
        self.source_lang = html_lang_source
        self.fig = Figure(figsize=(WIDTH, 2))
        self.tagged: list[str] = []  # gids of text in the source language on a page of another language

    # helpers ----------------------------------------------------------------------
    def _label(self, ax, x, y, s, *, gid=None, untranslated=False, **kw):
        kw.setdefault("fontsize", FS_VALUE)
        kw.setdefault("color", INK)
        kw.setdefault("va", "baseline")
        if untranslated and gid:
            self.tagged.append(gid)
        return ax.text(x, y, s, gid=gid, parse_math=False, transform=kw.pop("transform", ax.transData), **kw)

    def _frame(self, chart: Chart, title: str):
        fig = self.fig
        fig.clf()
        fig.set_size_inches(WIDTH, chart.height)
        h = chart.height
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(h, 0)  # inches from the top
        ax.set_axis_off()
        self._label(ax, 0.08, 0.24, title, fontsize=FS_TITLE, fontweight="bold", gid="chart-title")
        return ax

    # before -> after ------------------------------------------------------------------
    def changes(self, chart: Chart) -> None:
        t = self.text
        assert chart.region is not None, "a changes chart belongs to a region"
        name = t.r.place_name(chart.region.place)
        ax = self._frame(chart, t._(T_CHANGES_TITLE, name=name))
        x0, x1 = 1.45, WIDTH - 1.45  # the scale of each row; labels go in the margins
        y = HEAD
        for sf in chart.drawn:
            f = sf.figure
            subject, missing = t.subject(sf)
            source, source_missing = t.source(sf)
            top = y + 0.2
            self._label(ax, 0.08, top, subject, fontsize=FS_HEAD, fontweight="bold", gid=_gid("subject", sf), untranslated=missing)
            self._label(ax, WIDTH - 0.08, top, source, fontsize=FS_SMALL, color=GREY, ha="right", gid=_gid("source", sf),
                        untranslated=source_missing)
            meta = " · ".join(x for x in (t.link(sf.link), t.period(sf), t._(T_UNTRANSLATED) if missing else "") if x)
            self._label(ax, 0.08, top + 0.18, meta, fontsize=FS_SMALL, color=GREY, gid=_gid("meta", sf))
            line_y = y + 0.54
            top_value = max(abs(float(f.value)), abs(float(f.before or 0)), 1e-9) * 1.08  # rows have a before
            scale = lambda v, top=top_value: x0 + (x1 - x0) * max(float(v), 0.0) / top  # noqa: E731
            ax.plot([x0, x1], [line_y, line_y], color=LIGHT, lw=0.8, solid_capstyle="butt")
            ax.plot([x0, x0], [line_y - 0.05, line_y + 0.05], color=LIGHT, lw=0.8)
            bx, axx = scale(f.before), scale(f.value)
            if abs(axx - bx) > 0.12:
                ax.annotate("", xy=(axx - (0.06 if axx > bx else -0.06), line_y), xytext=(bx, line_y),
                            arrowprops={"arrowstyle": "-|>", "color": INK, "lw": 1.1, "mutation_scale": 8,
                                        "shrinkA": 4, "shrinkB": 0})
            ax.plot([bx], [line_y], marker="o", ms=6.5, mfc="white", mec=INK, mew=1.2, gid=_gid("mark-before", sf))
            ax.plot([axx], [line_y], marker="o", ms=6.5, mfc=INK, mec=INK, gid=_gid("mark-after", sf))
            before_text = t._(T_BEFORE, value=t.fmt.before(f))
            after_text = t._(T_AFTER, value=t.fmt.full_value(f))
            left, right = (bx, axx) if axx >= bx else (axx, bx)
            left_text, right_text = (before_text, after_text) if axx >= bx else (after_text, before_text)
            left_gid, right_gid = (("before", "after") if axx >= bx else ("after", "before"))
            self._label(ax, left - 0.1, line_y + 0.035, left_text, ha="right", gid=_gid(left_gid, sf))
            self._label(ax, right + 0.1, line_y + 0.035, right_text, ha="left", gid=_gid(right_gid, sf))
            y += ROW_CHANGE
        if chart.more:
            more = T_MORE_FILES if chart.untabled else T_MORE
            self._label(ax, 0.08, y + 0.14, t._(more, n=chart.more), fontsize=FS_LABEL, color=GREY, style="italic", gid="more")
            y += 0.22
        self._label(ax, 0.08, y + 0.18, t._(T_CHANGES_LEGEND), fontsize=FS_LABEL, color=GREY, gid="legend")

    # bars ------------------------------------------------------------------------------
    def bars(self, chart: Chart) -> None:
        t = self.text
        if chart.kind == "overview":
            title = t._(T_OVERVIEW_TITLE)
        else:
            assert chart.region is not None, "a pairings chart belongs to a region"
            title = t._(T_PAIRINGS_TITLE, name=t.r.place_name(chart.region.place))
        ax = self._frame(chart, title)
        x0, x1 = 0.08, WIDTH - 0.08
        y = HEAD
        for n, panel in enumerate(chart.panels):
            head = t._(T_PANEL, indicator=t.r.indicator_label(panel.indicator), unit=t.r.unit_label(panel.unit))
            self._label(ax, x0, y + 0.24, head, fontsize=FS_HEAD, fontweight="bold", gid=f"panel-{n}")
            if panel.periods_differ:
                self._label(ax, x1, y + 0.24, t._(T_PERIODS_DIFFER), fontsize=FS_SMALL, color=GREY, style="italic",
                            ha="right", gid=f"panel-{n}-note")
            ax.plot([x0, x1], [y + 0.32, y + 0.32], color=LIGHT, lw=0.6)
            top_value = max((abs(float(sf.figure.value)) for sf in panel.shown), default=1.0) or 1.0
            bar_max = (x1 - x0) * 0.5  # the longest bar; its value label fits to its right
            row = y + PANEL_HEAD
            for sf, label in zip(panel.shown, panel.labels, strict=False):
                if chart.kind == "overview":
                    level = t.fmt.level_label(sf.link.recipient.level) if sf.link else ""
                    name = t.r.place_name(label.place)
                    name = t._(T_REGION_SCOPE, region=name, level=level) if level else name
                else:
                    name = t.link(label)
                self._label(ax, x0, row, name, fontsize=FS_LABEL, color=GREY, gid=_gid("label", sf))
                width = bar_max * max(float(sf.figure.value), 0.0) / top_value
                bound = sf.figure.qualifier != "exact"
                ax.add_patch(self.matplotlib.patches.Rectangle(
                    (x0, row + 0.06), max(width, 0.02), 0.2, facecolor="white" if bound else "#4d4d4d",
                    edgecolor=INK, lw=0.6, hatch="////" if bound else None, gid=_gid("bar", sf)))
                self._label(ax, x0 + width + 0.08, row + 0.225, t.value(sf), fontsize=FS_VALUE, gid=_gid("value", sf))
                row += ROW_BAR
            if panel.more:
                more = T_MORE if len(panel.table) == len(panel.figures) else T_MORE_FILES
                self._label(ax, x0, row + 0.08, t._(more, n=panel.more), fontsize=FS_LABEL, color=GREY,
                            style="italic", gid=f"panel-{n}-more")
            y += panel.height
        if chart.has_bounds:
            self._label(ax, 0.08, y + 0.18, t._(T_BOUND), fontsize=FS_LABEL, color=GREY, gid="legend")

    # output ----------------------------------------------------------------------------
    def svg(self, chart: Chart, title: str, desc: str) -> str:
        self.tagged = []
        with self.matplotlib.rc_context(rc_params()), warnings.catch_warnings():
            # A machine without a CJK font warns per missing glyph; the browser's fonts draw them anyway.
            warnings.simplefilter("ignore", UserWarning)
            if chart.kind == "changes":
                self.changes(chart)
            else:
                self.bars(chart)
            buffer = io.StringIO()
            self.fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        return self._accessible(buffer.getvalue(), chart, title, desc)

    def _accessible(self, svg: str, chart: Chart, title: str, desc: str) -> str:
        stem = chart.file.removesuffix(".svg")
        head = (f'<svg role="img" aria-labelledby="{stem}-title {stem}-desc" lang="{escape(self.text.r.language.html_lang)}" '
                f'data-chart="{chart.kind}" ')
        svg = svg.replace("<svg ", head, 1)
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f'\n <title id="{stem}-title">{escape(title)}</title>'
                     f'\n <desc id="{stem}-desc">{escape(desc)}</desc>', svg, count=1)
        for gid in self.tagged:  # data left in the source language, tagged like on the pages
            svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}" lang="{self.source_lang}">', 1)
        return svg


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
    to_draw: list[tuple[Path, str, str, Callable[[], tuple[str, float]]]] = []  # (path, key, label, draw)
    for language in settings.languages:
        renderer = Renderer(report, language, settings, names=names)
        text = ChartText(renderer, names)
        drawer = _LazyDrawer(text, source_lang)
        out_dir = Path(docs_dir) / language.code / CHARTS_DIR
        wanted = set()
        for chart in charts:
            path = out_dir / chart.file
            wanted.add(path.name)
            result.files.append(path)
            title, desc = chart_title(chart, text), chart_desc(chart, text)
            key = input_key(context, language.code, source_lang, chart_inputs(chart, text, title, desc))
            if record is not None and record.up_to_date(path, key):
                result.reused += 1
                continue
            label = f"{language.code}/{CHARTS_DIR}/{chart.file}"
            to_draw.append((path, key, label, partial(drawer.timed_svg, chart, title, desc)))
        for stale in out_dir.glob("*.svg") if out_dir.exists() else ():
            if stale.name not in wanted:
                stale.unlink()
    # Drawing is the stage's cost (matplotlib); the charts are independent: on every core, with
    # matplotlib imported once, before the workers fork.
    if to_draw:
        _matplotlib()
    drawn = fork_map([draw for *_, draw in to_draw])
    for (path, key, label, _), (svg, seconds) in zip(to_draw, drawn, strict=True):
        _write(path, svg)
        if record is not None:
            record.note(path, key, svg)
        result.seconds[label] = seconds
    return result


class _LazyDrawer:
    """A language's ChartDrawer, made on first use (it imports matplotlib), in whichever process draws."""

    def __init__(self, text: ChartText, source_lang: str):
        self.text, self.source_lang = text, source_lang
        self._drawer: ChartDrawer | None = None

    def timed_svg(self, chart: Chart, title: str, desc: str) -> tuple[str, float]:
        start = time.perf_counter()
        self._drawer = self._drawer or ChartDrawer(self.text, self.source_lang)
        return self._drawer.svg(chart, title, desc), time.perf_counter() - start
