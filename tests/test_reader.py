"""A reader in a hurry, on a phone (390 px) and a laptop (1280 px): every home and region page, both languages.

Each page must: never scroll sideways; show every table cell whole (on phones a wide table is a card per row and
a narrow one scrolls inside its own box with its first column fixed; on a laptop no column is cut off); draw chart text at 9 px or more; open
with a key-facts block whose links resolve; and its interactive map must label every recipient place, with
no two visible labels overlapping, no label over another place's marker and the legend over no marker
(the map opens at its fitted view without a zoom animation, so what is measured is what a reader sees).
Uses tests/test_browser.py's site (built from the seeds, served on 127.0.0.1) and browser (Debian's
Chromium through Playwright).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from test_browser import shot, shot_name

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

WIDTHS = (390, 1280)
MIN_CHART_PX = 9.0


def reader_pages(site) -> list[str]:
    regions = site.regions()
    return [prefix + path for prefix in ("", "en/") for path in [""] + [f"report/regions/{r}/" for r in regions]]


@lru_cache(maxsize=64)
def smallest_chart_font(svg: Path) -> tuple[float, float]:
    """(smallest font size in the SVG's user units, the viewBox width)."""
    text = svg.read_text(encoding="utf-8")
    sizes = [float(s) for s in re.findall(r'font-size(?::\s*|=")([0-9.]+)', text)]  # an attribute or a style
    view = re.search(r'viewBox="0 0 ([0-9.]+) [0-9.]+"', text)
    return min(sizes), float(view.group(1))


MEASURE = """() => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, clipped: [], cut: [], charts: []};
  for (const cell of document.querySelectorAll('article td, article th')) {
    if (cell.scrollWidth > cell.clientWidth + 1) out.clipped.push(cell.textContent.trim().slice(0, 60));
  }
  for (const wrap of document.querySelectorAll('article .md-typeset__scrollwrap')) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) out.cut.push(wrap.textContent.trim().slice(0, 60));
  }
  for (const img of document.querySelectorAll('img.report-chart__img')) {
    out.charts.push([img.currentSrc || img.getAttribute('src'), img.getBoundingClientRect().width]);  // the file shown (a phone's variant)
  }
  // Wide tables as cards (docs/assets/table-cards.js): every such table marked, every body cell labelled.
  const wide = Array.from(document.querySelectorAll('article table:not([class])')).filter(t => t.querySelectorAll('thead th').length >= 4);
  out.wide = wide.length;
  out.cards = wide.filter(t => t.hasAttribute('data-cards')).length;
  out.unlabelled = wide.reduce((n, t) => n + t.querySelectorAll('tbody td:not([data-label])').length, 0);
  out.card_rows = wide.filter(t => t.querySelector('tbody tr') && getComputedStyle(t.querySelector('tbody tr')).display === 'block').length;
  const facts = document.querySelector('article .key-facts');
  out.facts = facts ? Array.from(facts.querySelectorAll('li')).length : 0;
  out.fact_links = facts ? Array.from(facts.querySelectorAll('a')).map(a => a.href) : [];
  return out;
}"""

MAP_LABELS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const hit = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const recipients = document.querySelectorAll('.leaflet-marker-icon.report-recipient').length;
  const labels = Array.from(document.querySelectorAll('.report-label'));
  const shown = labels.filter(l => !l.classList.contains('report-label-hidden'));
  const overlaps = [];
  shown.forEach((a, i) => shown.slice(i + 1).forEach(b => { if (hit(box(a), box(b))) overlaps.push([a.textContent, b.textContent]); }));
  // a shown label over another place's marker hides that place (its own marker is the one titled with its name)
  const markers = Array.from(document.querySelectorAll('.leaflet-marker-icon'));
  const over_markers = [];
  shown.forEach(l => markers.forEach(m => {
    if ((m.getAttribute('title') || '').split(' · ')[0] !== l.textContent && hit(box(l), box(m))) over_markers.push([l.textContent, m.getAttribute('title')]);
  }));
  const legend = document.querySelector('.report-legend');
  const covered = Array.from(document.querySelectorAll('.leaflet-marker-icon')).filter(m => legend && hit(box(m), box(legend))).length;
  return {recipients, recipient_labels: document.querySelectorAll('.report-label-recipient').length,
          shown: shown.length, labels: labels.length, overlaps, over_markers, covered};
}"""


@pytest.fixture(scope="module")
def measured(site, browser, screenshots):
    """Every reader page at every width: the page's measures and its map's labels."""
    results = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
        context.route(re.compile(rf"^(?!{re.escape(site.base)})"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(30_000)
        for path in reader_pages(site):
            page.goto(site.url(path))
            page.wait_for_load_state("load")
            for img in page.locator("img.report-chart__img").all():
                img.evaluate("i => i.complete || new Promise(r => i.addEventListener('load', r))")
            data = page.evaluate(MEASURE)
            button = page.locator("a.report-map__open")  # the interactive map, in place of its picture
            button.scroll_into_view_if_needed()
            button.click()
            frame = page.locator("iframe.report-map__live").element_handle().content_frame()
            frame.wait_for_selector(".report-label", state="attached")
            frame.wait_for_function("() => document.querySelectorAll('.report-label').length === "
                                    "document.querySelectorAll('.leaflet-marker-icon').length")
            data["map"] = frame.evaluate(MAP_LABELS)
            results[(path, width)] = data
            shot(page, screenshots, f"reader-{shot_name(path)}-{width}", full_page=False)
        context.close()
    return results


def test_no_page_scrolls_sideways_and_no_cell_is_clipped(measured):
    problems = []
    for (path, width), data in measured.items():
        if data["overflow"] > 1:
            problems.append(f"{path or 'home'} @{width}: page {data['overflow']} px wider than the screen")
        if data["clipped"]:
            problems.append(f"{path or 'home'} @{width}: clipped cells {data['clipped'][:3]}")
        if width >= 1280 and data["cut"]:
            problems.append(f"{path or 'home'} @{width}: a table is cut off (scrolls) {data['cut'][:1]}")
    assert not problems, "\n".join(problems)


def test_chart_text_is_at_least_9_px(site, measured):
    problems, charts = [], 0
    for (path, width), data in measured.items():
        for src, rendered in data["charts"]:
            file = Path(site.root) / urlsplit(urljoin(site.url(path), src)).path.lstrip("/")
            smallest, view_width = smallest_chart_font(file)
            px = smallest * rendered / view_width
            charts += 1
            if px < MIN_CHART_PX:
                problems.append(f"{path or 'home'} @{width}: {src} text {px:.1f} px")
    assert charts > 10 and not problems, "\n".join(problems)


def test_every_page_opens_with_key_facts_whose_links_resolve(site, measured):
    import urllib.request

    from test_browser import Site  # noqa: F401  (same server)

    for (path, width), data in measured.items():
        assert 3 <= data["facts"] <= 5 or (path.count("regions") and 1 <= data["facts"] <= 5), (path, data["facts"])
        for href in data["fact_links"]:
            url, _, anchor = href.partition("#")
            html = urllib.request.urlopen(url).read().decode("utf-8")
            if anchor:
                assert f'id="{anchor}"' in html, f"{path}: {href} has no #{anchor}"


def test_maps_label_every_recipient_place_and_the_legend_covers_no_marker(measured):
    for (path, width), data in measured.items():
        m = data["map"]
        assert m["recipients"] and m["recipient_labels"] == m["recipients"], (path, width, m)
        assert not m["overlaps"], (path, width, m["overlaps"][:3])
        assert not m["over_markers"], (path, width, m["over_markers"][:3])
        assert m["covered"] == 0, (path, width)
        assert m["shown"] >= 1, (path, width, m)  # crowded labels are thinned, never all


def test_wide_tables_read_as_cards_on_a_phone_and_as_tables_on_a_laptop(measured):
    """Every table of four columns or more is marked and every body cell labelled with its column's header; on a
    phone its rows are cards (blocks), on a laptop they stay table rows."""
    problems, wide = [], 0
    for (path, width), data in measured.items():
        wide += data["wide"]
        if data["cards"] != data["wide"] or data["unlabelled"]:
            problems.append(f"{path or 'home'} @{width}: {data['cards']} of {data['wide']} wide tables marked, "
                            f"{data['unlabelled']} cells unlabelled")
        expected = data["wide"] if width < 720 else 0
        if data["card_rows"] != expected:
            problems.append(f"{path or 'home'} @{width}: {data['card_rows']} tables laid out as cards, expected {expected}")
    assert wide > 0 and not problems, "\n".join(problems)
