"""Figure extraction scored against gold: the five seeds (targets of the brief) and synthetic
articles about other provinces written for this test suite (generality)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.evaluate import evaluate
from generator.extract import article_to_public_json, extract_article
from generator.extract.figures import TextView, extract_figures
from generator.indicators import IndicatorCatalog
from generator.ingest import read_article
from generator.model import Article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "fixtures" / "gold"
SYNTHETIC = sorted((ROOT / "tests" / "fixtures" / "articles").glob("[a-e]_*.txt"))
SYNTHETIC_GOLD = ROOT / "tests" / "fixtures" / "gold_synthetic"
CATALOG = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")


def facts_for(paths):
    return [extract_article(read_article(p), None, CATALOG) for p in paths]


@pytest.fixture(scope="module")
def seed_report():
    return evaluate(GOLD, facts_for(SEEDS))


@pytest.fixture(scope="module")
def synthetic_report():
    return evaluate(SYNTHETIC_GOLD, facts_for(SYNTHETIC))


@pytest.mark.parametrize("index", range(len(SEEDS)), ids=[p.stem[:3] for p in SEEDS])
def test_seed_targets_per_article(seed_report, index):
    s = seed_report.articles[index]
    assert s.figures.recall >= 0.95, s.missed
    assert s.figures.precision >= 0.95, s.false_positives
    assert s.indicator_accuracy >= 0.9, s.wrong_indicator


def test_seed_targets_total(seed_report):
    t = seed_report.total
    assert not seed_report.not_extracted
    assert t.figures.recall >= 0.95 and t.figures.precision >= 0.95
    assert t.indicator_accuracy >= 0.9


@pytest.mark.parametrize("index", range(len(SYNTHETIC)), ids=[p.stem[:1] for p in SYNTHETIC])
def test_synthetic_articles_generalize(synthetic_report, index):
    s = synthetic_report.articles[index]
    assert s.figures.recall >= 0.85, s.missed
    assert s.figures.precision >= 0.9, s.false_positives
    assert s.indicator_accuracy >= 0.8, s.wrong_indicator


def test_synthetic_covers_all_fixtures(synthetic_report):
    assert len(synthetic_report.articles) == len(SYNTHETIC) >= 5
    assert not synthetic_report.not_extracted


@pytest.mark.parametrize("path", SEEDS + SYNTHETIC, ids=lambda p: p.stem[:3])
def test_quotes_are_exact_and_ids_stable(path):
    a = read_article(path)
    first = extract_figures(a)
    second = extract_figures(read_article(path))
    assert [f.id for f in first] == [f.id for f in second]
    assert len({f.id for f in first}) == len(first)
    for f in first:
        assert a.text[f.offset:f.offset + len(f.quote)] == f.quote
        assert f.id.startswith("f-")
        assert f.indicator in CATALOG and f.unit in CATALOG[f.indicator].units
        if f.indicator != "outcome_change":
            assert f.before is None
        if not f.indicator.startswith("outcome"):
            assert f.subject is None


def test_quote_spans_broken_line():
    a = read_article(SEEDS[0])
    by_value = {f.value: f for f in extract_figures(a)}
    assert by_value[21450000].quote.endswith("2145\n\n万元的医疗设备")
    assert by_value[20000].quote == "年均减少\n\n跨区域就医人次超2万"
    assert by_value[20000].period == "per year"


def test_text_view_maps_back():
    text = "第一行是一个很长的句子并且它没有结束标点所以会和下一行连在一起成为同一个句子的一部分内容价值2145\n\n万元的设备。\n短行"
    view = TextView(text)
    assert "2145万元" in view.text
    j = view.text.index("2145万元")
    a, b = view.span_to_orig(j, j + len("2145万元"))
    assert text[a:b] == "2145\n\n万元"


def test_headings_repeating_body_facts_are_dropped():
    text = ("倾情帮扶威宁:引入30余项新技术新项目\n\n"
            "据统计,仅过去一年内,番禺区就帮助威宁医院完成了多项高难度手术,引入新技术新项目30余项,显著增强了该院的专科服务能力。")
    fs = extract_figures(Article(id="h", source="h.txt", sha256="", text=text))
    assert len(fs) == 1 and fs[0].period == "past year" and fs[0].quote == "引入新技术新项目30余项"


def test_repeated_fact_kept_once_with_shortest_quote():
    text = ("帮扶团队锚定儿科、骨科、心内科、神经内科、神经外科、消化内科6个重点帮扶科室,推动学科升级。\n\n"
            "经过三年帮扶,医院建立6个重点帮扶科室,形成6个疾病治疗团队。")
    fs = extract_figures(Article(id="d", source="d.txt", sha256="", text=text))
    assert [f.quote for f in fs] == ["医院建立6个重点帮扶科室", "形成6个疾病治疗团队"]


def test_public_json_contract():
    facts = extract_article(read_article(SEEDS[2]), None, CATALOG)
    data = article_to_public_json(facts)
    assert set(data) == {"source", "title", "outlet", "date", "pairings", "institutions", "figures"}
    assert data["source"] == SEEDS[2].name
    assert data["pairings"] == [] and data["institutions"] == []
    assert set(data["figures"][0]) == {"indicator", "value", "unit", "qualifier", "period", "subject", "before", "quote"}
    facts.figures[0].status = "rejected"
    assert len(article_to_public_json(facts)["figures"]) == len(facts.figures) - 1
