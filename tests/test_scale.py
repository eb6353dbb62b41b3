"""A report big enough that regions split into sub-pages builds strictly, with every link and anchor.

At 1,000 articles a province's page splits into one sub-page per city/county group
(render.MAX_REGION_LINKS); a link must point at the sub-page that holds its anchor. The same
layout is reached here with the benchmark's own corpus generator and a low split threshold, so a
small corpus exercises what the large one does: provinces that both give and receive aid, cities
on both sides, region-wide groups.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from sitelinks import broken_links

from generator import chartplan, render
from generator.config import ProjectPaths
from generator.pipeline import build_all

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/eastwest-health-report/"


@pytest.fixture(scope="module")
def split_site(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import make_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    tmp = tmp_path_factory.mktemp("scale")
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    shutil.copytree(ROOT / "data", tmp / "data", ignore=shutil.ignore_patterns("articles", "machine"))
    make_corpus(tmp / "seeds", 40, seeds_dir=ROOT / "seeds")
    paths = ProjectPaths(tmp)
    mp = pytest.MonkeyPatch()
    mp.setattr(render, "MAX_REGION_LINKS", 2)  # every region with 3+ pairings splits
    mp.setattr(chartplan, "TABLE_MAX", 4)  # a chart's data table with 5+ rows lists only what the chart draws
    try:
        status = build_all(paths, site_url=SITE_URL)
    finally:
        mp.undo()
    return paths, status


@pytest.mark.slow
def test_a_report_whose_regions_split_builds_strictly(split_site):
    paths, status = split_site
    assert status == 0
    sub_pages = list((paths.docs / "zh" / "report" / "regions").glob("*/*.md"))
    assert len(sub_pages) > 10
    # A province that gives and receives (or a city on both sides) has a page per direction.
    assert any(p.stem.endswith("-given") for p in sub_pages)


@pytest.mark.slow
def test_every_link_and_anchor_of_a_split_report_resolves(split_site):
    paths, _ = split_site
    broken, checked, anchors = broken_links(paths.site, SITE_URL, not_built=(".pdf",))
    assert checked > 1000 and anchors > 200, (checked, anchors)
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:30])



@pytest.mark.slow
def test_a_split_region_page_lists_its_sub_pages_in_a_table(split_site):
    """The table of groups is Markdown the page renders, not text escaped into one paragraph."""
    paths, _ = split_site
    checked = 0
    for lang in ("", "en/"):
        for sub_dir in (paths.site / lang / "report" / "regions").glob("*/"):
            sub_pages = {p.parent.name for p in sub_dir.glob("*/index.html")}
            if not sub_pages:
                continue
            html = (sub_dir / "index.html").read_text(encoding="utf-8")
            assert "\\|" not in html and "{: .table-caption }" not in html, f"{sub_dir}: a table left as text"
            linked = set(re.findall(r'<td><a href="(?:[^"]*/)?([^/"]+)/">', html))
            assert sub_pages <= linked, f"{lang}{sub_dir.name}: sub-pages not in its table: {sorted(sub_pages - linked)}"
            checked += 1
    assert checked > 4


@pytest.mark.slow
def test_what_grows_with_the_corpus_stays_off_the_region_and_home_pages(split_site):
    """A region page lists its parts, not every source again; a chart's data table lists what the chart
    draws and links the data files for the rest; the home page lists a split region's parts."""
    paths, _ = split_site
    en = paths.site / "en"
    capped = 0
    for page in (en / "report" / "regions").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        sources = html[html.index('id="sources"'):]
        assert "<ol>" not in sources and 'href="../../sources/"' in sources, page
        for table in re.findall(r'<details class="report-chart__data">(.*?)</details>', html, re.S):
            for body in re.findall(r"<tbody>(.*?)</tbody>", table, re.S):
                assert body.count("<tr>") <= max(chartplan.MAX_BARS, chartplan.MAX_ROWS), page
            if "more figures are in this region" in table:
                assert re.search(r'href="[^"]*downloads/facts-[^"]+\.csv"', table), page
                capped += 1
    assert capped, "no data table was shortened"
    svgs = " ".join(p.read_text(encoding="utf-8") for p in (en / "report" / "charts").glob("*.svg"))
    assert "more in the data files (CSV, JSON)" in svgs and "more in the table" not in svgs
    home = (en / "index.html").read_text(encoding="utf-8")
    listed = home[home.index('id="pairings"'):]
    assert "#p-" not in listed, "a split region's pairings are listed one by one on the home page"
    assert re.search(r'<li><a href="report/regions/[^/"]+/[^/"]+/">[^<]+</a> · \d+ pairings? · \d+ figures?</li>', listed)
