"""The site says what is true about review: counts from the data, a status on every figure in
reader words (both languages), reviewed figures preferred, and a reviewed-only edition that says so."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from projects import make_project

from generator.config import load_site_settings
from generator.indicators import IndicatorCatalog
from generator.pipeline import generate_docs
from generator.report import build_report, count_reviews
from generator.store import load_articles

ROOT = Path(__file__).resolve().parent.parent


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")  # Markdown escapes (machine\-extracted)


def rendered(paths, lang: str, rel: str) -> str:
    return plain((paths.docs / lang / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs(tmp_path_factory, gazetteer, fixture_data_dir):
    paths = make_project(tmp_path_factory.mktemp("wording"), fixture_data_dir)
    run = generate_docs(paths, load_site_settings(paths), gazetteer=gazetteer)
    return paths, run.report


def test_home_page_and_methodology_count_what_people_reviewed(docs, fixture_data_dir):
    paths, report = docs
    counts = count_reviews(load_articles(fixture_data_dir).articles)
    assert counts.figures_reviewed == report.review.figures_reviewed > 0
    summary_en = rendered(paths, "en", "report/_partials/summary.md")
    summary_zh = rendered(paths, "zh", "report/_partials/summary.md")
    assert f"A person has reviewed {counts.figures_reviewed} of these figures" in summary_en
    assert f"其中{counts.figures_reviewed}项已经人工审核" in summary_zh
    review_en = rendered(paths, "en", "report/_partials/review.md")
    assert f"a person has reviewed {counts.facts_reviewed} of the {counts.facts} facts" in review_en
    assert f"已有{counts.facts_reviewed}项经人工审核" in rendered(paths, "zh", "report/_partials/review.md")
    for lang in ("zh", "en"):
        assert '--8<-- "report/_partials/review.md"' in (ROOT / "docs" / lang / "methodology.md").read_text(encoding="utf-8")


def test_no_page_claims_review_that_did_not_happen():
    claims = ["reviewed by people, one by one", "generated from the reviewed data only", "再由人工逐项审核",
              "网站完全由审核后的数据生成"]
    for page in (ROOT / "docs").glob("*/*.md"):
        text = page.read_text(encoding="utf-8")
        assert not [c for c in claims if c in text], page


def test_every_figure_says_whether_a_person_reviewed_it(docs):
    paths, report = docs
    for lang, reviewed, machine in [("en", "reviewed by a person", "machine-extracted, not yet reviewed"),
                                    ("zh", "已人工审核", "机器提取，尚未审核")]:
        for source in report.sources:
            page = rendered(paths, lang, f"report/sources/{source.id}.md")
            # One bold line per figure, ending in its review status.
            statuses = re.findall(r"^\*\*.*· ([^·\n]+)$", page, re.M)
            assert sorted(statuses) == sorted(reviewed if sf.reviewed else machine for sf in source.figures), source.id
        region = next(r for r in report.regions if r.received)
        page = rendered(paths, lang, f"report/regions/{region.slug}.md")
        assert reviewed in page and machine in page
    page = rendered(paths, "en", f"report/regions/{region.slug}.md")
    assert re.search(r"A person has reviewed \d+ of the \d+ figures on this page", page)


def test_headline_and_comparison_prefer_reviewed_figures(fixture_data_dir, gazetteer):
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    articles = copy.deepcopy(load_articles(fixture_data_dir, catalog.ids()).articles)
    for facts in articles:
        for figure in facts.figures:
            figure.status = "machine"
    report = build_report(articles, catalog, gazetteer)
    # A region whose headline choice has a rival of the same indicator: review the rival.
    chosen_id, rival_id, indicator = None, None, None
    for ind, entries in report.headline.items():
        for entry in entries:
            rivals = [f for g in entry.region.received for link in g.links for f in link.figures
                      if f.figure.indicator == ind and f.id != entry.figure.id]
            if rivals:
                chosen_id, rival_id, indicator = entry.figure.id, rivals[0].id, ind
                break
        if rival_id:
            break
    assert rival_id, "the fixture data has a region with two figures of one headline indicator"
    for facts in articles:
        for figure in facts.figures:
            if figure.id == rival_id:
                figure.status = "reviewed"
    again = build_report(articles, catalog, gazetteer)
    picked = {e.figure.id for e in again.headline[indicator]}
    assert rival_id in picked and chosen_id not in picked


def test_a_reviewed_only_edition_publishes_reviewed_facts_and_says_so(tmp_path, gazetteer, fixture_data_dir):
    paths = make_project(tmp_path, fixture_data_dir)
    config = paths.mkdocs_yml.read_text(encoding="utf-8")
    assert "    publish: all\n" in config  # off by default
    paths.mkdocs_yml.write_text(config.replace("    publish: all\n", "    publish: reviewed\n"), encoding="utf-8")
    run = generate_docs(paths, load_site_settings(paths), gazetteer=gazetteer)
    counts = run.report.review
    assert run.report.figure_count == counts.figures_reviewed
    assert all(sf.reviewed for source in run.report.sources for sf in source.figures)
    left = counts.figures - counts.figures_reviewed
    assert f"publishes only the facts a person has reviewed" in rendered(paths, "en", "report/_partials/summary.md")
    assert f"{left} figures found by the program and not yet reviewed by anyone are left out" in \
        rendered(paths, "en", "report/_partials/summary.md")
    assert f"程序提取但尚未审核的{left}项数字未列入" in rendered(paths, "zh", "report/_partials/summary.md")
    for lang, machine in [("en", "not yet reviewed"), ("zh", "尚未审核")]:
        for page in (paths.docs / lang / "report" / "sources").glob("*.md"):
            assert machine not in plain(page.read_text(encoding="utf-8")), page
