"""data -> Report: grouping, scope rules, rejected facts, and no summing of figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ProjectPaths, load_site_settings
from generator.indicators import IndicatorCatalog
from generator.model import Article, ArticleFacts, Figure, Pairing, PlaceRef
from generator.render import Renderer, plan_pages
from generator.report import build_report
from generator.store import load_articles

ROOT = Path(__file__).resolve().parent.parent
CATALOG = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")


@pytest.fixture(scope="module")
def report(gazetteer, fixture_data_dir):
    return build_report(load_articles(fixture_data_dir).articles, CATALOG, gazetteer)


def test_regions_and_roles(report):
    roles = {r.place.name: r.role for r in report.regions}
    assert roles == {"贵州省": "recipient", "广西壮族自治区": "recipient", "云南省": "recipient", "重庆市": "recipient",
                     "广东省": "donor", "上海市": "donor", "山东省": "donor"}
    assert report.region("520000").slug == "guizhou"


def test_pairings_grouped_by_city(report):
    guizhou = report.region("guizhou")
    groups = {g.place.name: [l.id for l in g.links] for g in guizhou.received}
    assert groups["贵州省"] == ["p-440000-520000"]  # province-wide pairing
    assert next(g for g in guizhou.received if g.place.name == "贵州省").region_wide
    # Counties are grouped under their prefecture, next to the prefecture-level pairing.
    assert groups["黔南布依族苗族自治州"] == ["p-440100-522700", "p-440111-522722", "p-440105-522723", "p-440103-522730"]
    assert set(groups["黔东南苗族侗族自治州"]) == {"p-440606-522629", "p-440605-522632", "p-440605-522633",
                                              "p-440605-522635", "p-440605-522636"}
    guangdong = report.region("guangdong")
    assert [p.name for p in guangdong.partners_to] == ["广西壮族自治区", "贵州省"]
    assert {g.place.name for g in guangdong.given} >= {"广州市", "佛山市", "广东省"}


def test_figures_attach_to_their_pairing(report):
    link = next(l for l in report.links if l.id == "p-440100-522700")
    experts = [f for f in link.figures if f.figure.indicator == "experts_sent"]
    assert [(f.figure.value, f.scope_assumed, f.reviewed) for f in experts] == [(257, False, True)]
    # A figure without a pairing goes to the article's first pairing, marked as assumed.
    province = next(l for l in report.links if l.id == "p-440000-520000")
    assumed = [f for f in province.figures if f.source_id == "000_a5d283d4a5cc16de"]
    assert assumed and all(f.scope_assumed for f in assumed)


def test_rejected_facts_are_left_out(report):
    source = report.source("000_a5d283d4a5cc16de")
    assert all(f.figure.status != "rejected" for f in source.figures)
    assert "目前已有3个投入使用" not in {f.figure.quote for f in source.figures}
    assert not any(f.figure.quote == "目前已有3个投入使用" for l in report.links for f in l.figures)


def test_rejected_pairing_is_not_a_region(gazetteer):
    facts = _article("a", [("p-310000-530623", "310000", "530623", "rejected")], [])
    report = build_report([facts], CATALOG, gazetteer)
    assert report.regions == [] and report.links == []


# ------------------------------------------------------------------- never sum figures


def _article(aid, pairings, figures):
    names = {"440000": ("广东省", "province"), "520000": ("贵州省", "province"), "440100": ("广州市", "prefecture"),
             "522700": ("黔南布依族苗族自治州", "prefecture"), "440103": ("荔湾区", "district"),
             "522730": ("龙里县", "county"), "310000": ("上海市", "province"), "530623": ("盐津县", "county")}
    ps = [Pairing(pid, PlaceRef(*((names[d][0], d, names[d][1]))), PlaceRef(names[r][0], r, names[r][1]), "", -1,
                  status=status) for pid, d, r, status in pairings]
    fs = [Figure(fid, ind, value, unit, "exact", period, None, None, f"quote {fid}", -1, pairing=pid)
          for fid, ind, value, unit, period, pid in figures]
    return ArticleFacts(Article(aid, f"{aid}.txt", "", ""), ps, fs)


@pytest.fixture(scope="module")
def mixed(gazetteer):
    """Experts sent to Guizhou reported at three scopes and several periods, in two articles."""
    a = _article("a", [("p-440000-520000", "440000", "520000", "machine"),
                       ("p-440100-522700", "440100", "522700", "machine"),
                       ("p-440103-522730", "440103", "522730", "machine")], [
        ("f-prov", "experts_sent", 301, "person", "2024-", "p-440000-520000"),
        ("f-city24", "experts_sent", 257, "person", "2024-", "p-440100-522700"),
        ("f-county", "experts_sent", 17, "person", "2025", "p-440103-522730"),
        ("f-fund24", "funding", 23460000, "yuan", "2024", "p-440100-522700"),
    ])
    b = _article("b", [("p-440100-522700", "440100", "522700", "machine")], [
        ("f-city25", "experts_sent", 120, "person", "2025", "p-440100-522700"),
        ("f-fund25", "funding", 7000000, "yuan", "2025", "p-440100-522700"),
        ("f-pt", "experts_sent", 900, "person_time", "2025", "p-440100-522700"),
    ])
    return build_report([a, b], CATALOG, gazetteer)


def test_headline_takes_broadest_scope_never_a_sum(mixed):
    entries = mixed.headline["experts_sent"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.figure.id == "f-prov" and entry.figure.figure.value == 301  # the province-wide figure
    assert entry.others == 4  # the rest are on the region page
    funding = mixed.headline["funding"][0]
    # Same scope, different periods: one of them is shown, with its period, never 2346万 + 700万.
    assert funding.figure.figure.value in (23460000, 7000000)
    assert funding.figure.figure.period in ("2024", "2025")


def test_an_assumed_scope_never_headlines_over_a_stated_one(gazetteer):
    """The province-wide figure is broader, but the extractor only assumed its pairing: the
    county's stated figure is the headline, and the assumed one is marked on the page data."""
    a = _article("a", [("p-440000-520000", "440000", "520000", "machine"),
                       ("p-440103-522730", "440103", "522730", "machine")], [
        ("f-assumed", "experts_sent", 500, "person", "2024-", "p-440000-520000"),
        ("f-stated", "experts_sent", 17, "person", "2025", "p-440103-522730"),
    ])
    a.figures[0].scope_assumed = True
    report = build_report([a], CATALOG, gazetteer)
    (entry,) = report.headline["experts_sent"]
    assert entry.figure.id == "f-stated"
    marked = {f.id: f.scope_assumed for link in report.links for f in link.figures}
    assert marked == {"f-assumed": True, "f-stated": False}
    # Once a person has checked it, the pairing is no longer assumed.
    a.figures[0].status = "reviewed"
    report = build_report([a], CATALOG, gazetteer)
    assert report.headline["experts_sent"][0].figure.id == "f-assumed"


def test_every_headline_and_comparison_value_is_a_reported_figure(report, mixed):
    for rep in (report, mixed):
        reported = {id(f.figure) for s in rep.sources for f in s.figures}
        for entries in rep.headline.values():
            for e in entries:
                assert id(e.figure.figure) in reported
        for row in rep.comparison:
            for sf in row.cells.values():
                assert sf is None or id(sf.figure) in reported


def test_units_are_never_mixed(mixed):
    cell = mixed.comparison[0].cells["experts_sent"]
    assert cell.figure.unit == "person"  # 900 person-times never compete with 301 people


def test_rendered_home_shows_no_sums(mixed):
    settings = load_site_settings(ProjectPaths(ROOT), site_url="https://example.org/")
    sums = {301 + 257, 301 + 257 + 17, 257 + 120, 301 + 257 + 17 + 120, 257 + 17}
    for lang in settings.languages:
        renderer = Renderer(mixed, lang, settings)
        home = "".join(renderer.render(p) for p in plan_pages(mixed) if "_partials" in p.path)
        for total in sums:
            assert f"{total:,}" not in home and str(total) not in home, (lang.code, total)
        assert "3,046" not in home and "30.46" not in home  # 2346万 + 700万
        assert "301" in home  # the figure itself, shown with its scope
    en = Renderer(mixed, settings.language("en"), settings)
    headline = en.render(next(p for p in plan_pages(mixed) if p.path.endswith("headline.md")))
    assert "never added together" in headline and "Guangdong Province → Guizhou Province" in headline
