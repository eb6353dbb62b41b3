"""What a reader downloads for a region page with its map, measured on the built seed site.

Weight = what a region page loads when it opens: its HTML, the same-site CSS and JS, and its map (the
static picture; the interactive map loads when the reader opens it), counted by benchmarks/run.py's
page_weight, the function BENCHMARKS.md reports. Issue 20's target is 400 KB.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from projects import make_project

from generator.pipeline import render_and_build

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
TARGET_BYTES = 400 * 1024  # issue 20


def _page_weight():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from run import page_weight
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return page_weight


@pytest.fixture(scope="module")
def weights(tmp_path_factory, fixture_data_dir, gazetteer):
    paths = make_project(tmp_path_factory.mktemp("weight"), fixture_data_dir)
    render_and_build(paths, gazetteer=gazetteer)
    page_weight = _page_weight()
    pages = sorted(paths.site.glob("**/report/regions/*/index.html"))
    assert pages, "no region page was built"
    return paths.site, {p.relative_to(paths.site).parent.as_posix(): page_weight(paths.site, p) for p in pages}


def _heaviest(weights: dict) -> tuple[str, dict]:
    return max(weights.items(), key=lambda item: item[1]["total"])


def test_every_region_page_loads_its_map_from_the_site_itself(weights):
    site, by_page = weights
    for name, weight in by_page.items():
        assert weight["map"] > 0, f"{name}: no map counted"
    for map_page in (site / "report" / "maps").glob("*.html"):
        html = map_page.read_text(encoding="utf-8")
        remote = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', html)
        assert not remote, f"{map_page.name} loads {remote} from another site (only tiles may be remote)"


def test_the_heaviest_region_page_meets_the_issues_target(weights):
    _, by_page = weights
    name, weight = _heaviest(by_page)
    assert weight["total"] <= TARGET_BYTES, f"{name}: {weight}"
