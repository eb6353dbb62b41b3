"""Charts: every region page shows its charts in both languages, each drawn number is a figure of data/,
labels are in the page's language, and two builds write byte-identical SVG."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.chartplan import CHARTS_DIR, MAX_BARS, PAIRING_INDICATORS, ChartPlanner
from generator.charts import write_charts
from generator.config import ProjectPaths, load_site_settings
from generator.i18n import Localizer
from generator.indicators import IndicatorCatalog
from generator.names import NameTranslator
from generator.render import render_docs
from generator.report import build_report
from generator.store import load_articles

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HAN = re.compile(r"[\u3400-\u9fff]")
IMG = re.compile(r'<img class="report-chart__img" src="([^"]+)"[^>]*>')


@pytest.fixture(scope="module")
def setup(gazetteer):
    """The seeds' data (data/) rendered and charted into a throwaway docs/ folder."""
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    loaded = load_articles(ROOT / "data", catalog.ids())
    report = build_report(loaded.articles, catalog, gazetteer)
    settings = load_site_settings(ProjectPaths(ROOT))
    names = NameTranslator.load(ROOT / "data", gazetteer)
    return report, settings, names


@pytest.fixture(scope="module")
def docs(tmp_path_factory, setup):
    report, settings, names = setup
    out = tmp_path_factory.mktemp("docs")
    render_docs(report, out, settings, names=names)
    result = write_charts(report, out, settings, names=names)
    return out, result


def svg_root(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def groups(root: ET.Element, prefix: str) -> dict[str, str]:
    """gid -> the text drawn inside it, for every <g id="<prefix>-…">."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        if gid.startswith(prefix + "-"):
            out[gid[len(prefix) + 1:]] = "".join(t.text or "" for t in g.iter(f"{SVG}text"))
    return out


def texts(root: ET.Element, skip_lang: str | None = None) -> list[str]:
    """All text of the SVG, leaving out groups tagged lang=<skip_lang> (data in the source language)."""
    found = []

    def walk(element, skipping):
        skipping = skipping or (skip_lang is not None and (element.get("lang") or "").startswith(skip_lang))
        if element.tag in (f"{SVG}text", f"{SVG}title", f"{SVG}desc") and not skipping:
            found.append("".join(element.itertext()))
        for child in element:
            walk(child, skipping)

    walk(root, False)
    return found


_MAG = {"万": 1e4, "亿": 1e8, "thousand": 1e3, "million": 1e6, "billion": 1e9, "K": 1e3, "M": 1e6, "B": 1e9}
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿|thousand|million|billion|K\b|M\b|B\b)?")


def numbers(label: str) -> list[float]:
    """The quantities written in a label, magnitude words applied ("CNY 23.46 million" -> 23460000)."""
    return [float(n.replace(",", "")) * _MAG.get(m or "", 1) for n, m in _NUM.findall(label)]


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b)) or abs(a - b) <= 0.006 * abs(b)  # compact money rounds to 2 places


# ------------------------------------------------------------------------------ pages


def test_every_region_page_shows_its_charts_in_both_languages(docs, setup):
    out, _ = docs
    report, settings, _ = setup
    planner = ChartPlanner(report)
    for language in settings.languages:
        for region in report.regions:
            page = (out / language.code / "report" / "regions" / f"{region.slug}.md").read_text(encoding="utf-8")
            expected = [c.file for c in (planner.changes(region), planner.pairings(region)) if not c.empty]
            assert expected, f"{region.slug} has no chart"
            shown = [Path(src).name for src in IMG.findall(page)]
            assert shown == expected, (language.code, region.slug)
            for src in IMG.findall(page):
                # relative to the built page report/regions/<slug>/ (one folder deeper than the .md)
                target = (out / language.code / "report" / "regions" / region.slug / src).resolve()
                assert target.is_file(), (language.code, src)
            assert page.count("<figcaption>") >= len(expected) + 1  # the map's and one per chart
            assert page.count('<details class="report-chart__data"') == len(expected)
            assert 'loading="lazy"' not in "".join(IMG.findall(page))


def test_home_page_chart_uses_the_headline_selection(docs, setup):
    out, _ = docs
    report, settings, _ = setup
    for language in settings.languages:
        partial = (out / language.code / "report" / "_partials" / "comparison.md").read_text(encoding="utf-8")
        assert "report/charts/overview.svg" in partial
        root = svg_root(out / language.code / CHARTS_DIR / "overview.svg")
        drawn = set(groups(root, "value"))
        chosen = {e.figure.id for entries in report.headline.values() for e in entries}
        assert drawn == chosen  # one chosen figure per region and indicator: never a sum, never another figure


# ------------------------------------------------------------------------------ numbers


def test_each_drawn_number_is_the_figure_it_stands_for(docs, setup):
    out, _ = docs
    report, settings, _ = setup
    figures = {sf.id: sf.figure for s in report.sources for sf in s.figures}
    checked = 0
    for language in settings.languages:
        fmt = Localizer.for_language(language)
        for svg in (out / language.code / CHARTS_DIR).glob("*.svg"):
            root = svg_root(svg)
            for fid, label in groups(root, "value").items():
                f = figures[fid]
                assert fmt.full_value(f) in label, (svg.name, label)
                assert any(close(n, float(f.value)) for n in numbers(label)), (svg.name, label, f.value)
                checked += 1
            for fid, label in groups(root, "after").items():
                f = figures[fid]
                assert fmt.full_value(f) in label and any(close(n, float(f.value)) for n in numbers(label)), label
                checked += 1
            for fid, label in groups(root, "before").items():
                f = figures[fid]
                assert f.before is not None, fid  # never a made-up earlier value
                assert fmt.before(f) in label and any(close(n, float(f.before)) for n in numbers(label)), label
                checked += 1
    assert checked > 40


def test_region_charts_draw_exactly_the_selected_figures(docs, setup):
    out, _ = docs
    report, settings, _ = setup
    for language in settings.languages:
        charts = out / language.code / CHARTS_DIR
        for region in report.regions:
            links = {l.id: l for l in region.links}.values()
            outcomes = {sf.id for l in links for sf in l.figures
                        if sf.figure.indicator == "outcome_change" and sf.figure.before is not None}
            changes = charts / f"{region.slug}-changes.svg"
            if outcomes:
                root = svg_root(changes)
                assert set(groups(root, "before")) == outcomes == set(groups(root, "after"))
            else:
                assert not changes.exists()
            pairings = svg_root(charts / f"{region.slug}-pairings.svg")
            drawn = set(groups(pairings, "value"))
            for indicator in PAIRING_INDICATORS:
                wanted = [sf for l in links for sf in l.figures if sf.figure.indicator == indicator]
                # A part of a total of the same indicator (其中…) is never a bar beside its total.
                parts = {sf.id for sf in wanted if sf.is_part_of(wanted)}
                assert not parts & drawn
                wanted = [sf for sf in wanted if sf.id not in parts]
                by_unit: dict[str, list] = {}
                for sf in wanted:
                    by_unit.setdefault(sf.figure.unit, []).append(sf.id)
                for ids in by_unit.values():
                    assert set(ids[:MAX_BARS]) <= drawn
            assert all(any(sf.id == fid and sf.figure.indicator in PAIRING_INDICATORS
                           for l in links for sf in l.figures) for fid in drawn)


def test_one_panel_per_indicator_and_unit(setup):
    report, _, _ = setup
    planner = ChartPlanner(report)
    for chart in planner.all():
        for panel in chart.panels:
            assert {sf.figure.unit for sf in panel.figures} == {panel.unit}
            assert {sf.figure.indicator for sf in panel.figures} == {panel.indicator}


# ------------------------------------------------------------------------------ language


def test_english_charts_have_no_chinese_but_tagged_data(docs, setup):
    out, _ = docs
    for svg in (out / "en" / CHARTS_DIR).glob("*.svg"):
        root = svg_root(svg)
        assert root.get("lang") == "en"
        stray = [t for t in texts(root, skip_lang="zh") if HAN.search(t)]
        assert not stray, (svg.name, stray[:3])
        for g in root.iter(f"{SVG}g"):
            if g.get("lang"):
                assert re.match(r"(subject|source)-", g.get("id", "")), g.get("id")  # only data is tagged


def test_chinese_charts_have_no_interface_english(docs):
    out, _ = docs
    for svg in (out / "zh" / CHARTS_DIR).glob("*.svg"):
        root = svg_root(svg)
        words = [w for t in texts(root) for w in re.findall(r"[A-Za-z]{2,}", t)]
        assert not words, (svg.name, words[:5])


# ------------------------------------------------------------------------------ output


def test_charts_are_byte_identical_across_builds(tmp_path, setup):
    report, settings, names = setup
    first = write_charts(report, tmp_path / "a", settings, names=names)
    second = write_charts(report, tmp_path / "b", settings, names=names)
    assert len(first.files) == len(second.files) > 0
    for a, b in zip(first.files, second.files):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert b"<dc:date>" not in a.read_bytes()


def test_svg_is_accessible_and_keeps_text_as_text(docs):
    out, _ = docs
    for svg in (out / "zh" / CHARTS_DIR).glob("*.svg"):
        raw = svg.read_text(encoding="utf-8")
        root = ET.fromstring(raw)
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
        assert root.get("aria-labelledby") == f"{svg.stem}-title {svg.stem}-desc"
        assert "<text" in raw and "Noto Sans CJK SC" in raw  # text, not glyph paths; a CJK font stack


def test_print_css_does_not_hide_charts():
    css = (ROOT / "docs" / "assets" / "extra.css").read_text(encoding="utf-8")
    for block in re.findall(r"@media print\s*{(.*?)\n}", css, re.S):
        for rule in re.findall(r"([^{}]+){([^{}]*)}", block):
            if "report-chart" in rule[0]:
                assert "display: none" not in rule[1] and "display:none" not in rule[1], rule


def test_a_source_named_by_its_headline_is_shortened_on_a_chart(docs):
    """A chart row's source label sits right of the row's subject: a source without an outlet is named by its
    headline, shortened (the data table under the chart names it whole), so the two never overlap."""
    out, _ = docs
    for lang in ("zh", "en"):
        for svg in (out / lang / "report" / "charts").glob("*-changes.svg"):
            for label in re.findall(r'<g id="source-[^"]*">.*?<text[^>]*>(.*?)</text>', svg.read_text(encoding="utf-8"), re.S):
                text = re.sub(r"<[^>]+>", "", label)
                width = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
                assert width <= 48, (svg.name, text)


PICTURE = re.compile(r'<picture><source media="\(max-width: [\d.]+em\)" srcset="([^"]+)"[^>]*><img class="report-chart__img" '
                     r'src="([^"]+)"')


def _text_width(text: str, size: float) -> float:
    """A text's drawn width in points, estimated: a Chinese character is 1 em, anything else about 0.55 em (the
    CJK fonts' Latin letters average under that)."""
    return sum(size if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55 * size for ch in text)


def test_a_phone_shows_each_chart_drawn_for_its_width(docs, setup):
    """Every chart has a phone variant (<picture>, shown below 45em): drawn NARROW_WIDTH wide, with the same
    numbers as the chart, and every label inside its width, so a 390 px screen shows it whole at 9 px or more."""
    from generator.chartplan import NARROW_WIDTH

    out, _ = docs
    _, settings, _ = setup
    checked = 0
    for language in settings.languages:
        for page in (out / language.code).rglob("*.md"):
            for narrow_src, wide_src in PICTURE.findall(page.read_text(encoding="utf-8")):
                assert Path(narrow_src).name == Path(wide_src).name.removesuffix(".svg") + "-narrow.svg"
                narrow = out / language.code / CHARTS_DIR / Path(narrow_src).name
                wide = out / language.code / CHARTS_DIR / Path(wide_src).name
                root = svg_root(narrow)
                width = float(root.get("viewBox").split()[2])
                assert width == round(NARROW_WIDTH * 72, 2)
                for kind in ("value", "before", "after"):
                    assert groups(root, kind) == groups(svg_root(wide), kind), (narrow.name, kind)
                for t in root.iter(f"{SVG}text"):
                    x, w = float(t.get("x")), _text_width(t.text or "", float(t.get("font-size")))
                    left, right = (x - w, x) if t.get("text-anchor") == "end" else (x, x + w)
                    assert left >= 0 and right <= width + 1, (narrow.name, t.text, left, right, width)
                checked += 1
    assert checked >= 10
