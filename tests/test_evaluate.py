"""The evaluator: matching rules, one-to-one counting and micro-averaging."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.evaluate import evaluate, format_report, score_article
from generator.model import Article, ArticleFacts, Figure, Pairing, PlaceRef

TEXT = "2024年以来,广州已累计选派257名医疗专家赴黔南开展帮扶工作,其中65名专家帮扶时间超一年。投入2346万元。"


def fig(value, quote, indicator="other", unit="person", status="machine"):
    return Figure(id=f"f-{value}", indicator=indicator, value=value, unit=unit, qualifier="exact", period=None,
                  subject=None, before=None, quote=quote, offset=TEXT.index(quote), status=status)


def pairing(d, r):
    return Pairing(id=f"p-{d}-{r}", donor=PlaceRef("甲", d, "prefecture"), recipient=PlaceRef("乙", r, "prefecture"),
                   quote="x", offset=0)


def facts(figures, pairings=(), article_id="a1"):
    return ArticleFacts(Article(id=article_id, source=f"{article_id}.txt", sha256="", text=TEXT),
                        pairings=list(pairings), figures=list(figures))


GOLD = {
    "article": "a1.txt",
    "pairings": [
        {"donor": {"name": "广州市", "adcode": "440100"}, "recipient": {"name": "黔南", "adcode": "522700"}},
        {"donor": {"name": "广东省", "adcode": "440000"}, "recipient": {"name": "贵州省", "adcode": "520000"}},
    ],
    "figures": [
        {"indicator": "experts_sent", "value": 257, "unit": "person",
         "quote": "2024年以来,广州已累计选派257名医疗专家赴黔南开展帮扶工作"},
        {"indicator": "experts_long_term", "value": 65, "unit": "person", "quote": "其中65名专家帮扶时间超一年"},
        {"indicator": "funding", "value": 23460000, "unit": "yuan", "quote": "投入2346万元"},
    ],
}


def test_overlapping_quote_and_value_match():
    s = score_article(GOLD, facts([
        fig(257, "广州已累计选派257名医疗专家赴黔南开展帮扶工作", "experts_sent"),  # shorter but overlapping quote
        fig(65, "其中65名专家帮扶时间超一年", "experts_sent"),  # right value, wrong indicator
        fig(23460000.0000000001, "投入2346万元", "funding", "yuan"),  # float noise within tolerance
    ]))
    assert (s.figures.tp, s.figures.fp, s.figures.fn) == (3, 0, 0)
    assert s.indicator_correct == 2 and abs(s.indicator_accuracy - 2 / 3) < 1e-9
    assert s.wrong_indicator[0].expected_indicator == "experts_long_term"


def test_wrong_value_or_far_quote_is_not_a_match():
    s = score_article(GOLD, facts([
        fig(258, "广州已累计选派257名医疗专家赴黔南开展帮扶工作"),  # wrong value
        fig(257, "投入2346万元"),  # right value, quote elsewhere
    ]))
    assert (s.figures.tp, s.figures.fp, s.figures.fn) == (0, 2, 3)
    assert s.figures.precision == 0 and s.figures.recall == 0
    assert {m.value for m in s.missed} == {257, 65, 23460000}


def test_one_to_one_matching():
    dup = fig(257, "广州已累计选派257名医疗专家赴黔南开展帮扶工作", "experts_sent")
    s = score_article(GOLD, facts([dup, fig(257, "广州已累计选派257名医疗专家赴黔南开展帮扶工作", "experts_sent")]))
    assert (s.figures.tp, s.figures.fp) == (1, 1)


def test_substring_match_ignores_whitespace():
    gold = {"figures": [{"indicator": "other", "value": 65, "quote": "其中65名 专家帮扶时间超一年"}], "pairings": []}
    s = score_article(gold, facts([fig(65, "65名专家")]))
    assert s.figures.tp == 1


def test_rejected_facts_do_not_count():
    s = score_article(GOLD, facts([fig(65, "其中65名专家帮扶时间超一年", status="rejected")]))
    assert (s.figures.tp, s.figures.fp) == (0, 0)


def test_pairings_need_both_adcodes():
    s = score_article(GOLD, facts([], [pairing("440100", "522700"), pairing("440100", "520000")]))
    assert (s.pairings.tp, s.pairings.fp, s.pairings.fn) == (1, 1, 1)
    assert s.pairings.precision == 0.5 and s.pairings.recall == 0.5


def test_evaluate_micro_average_and_report(tmp_path: Path):
    (tmp_path / "a1.yaml").write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    gold2 = {"article": "a2.txt", "pairings": [], "figures": [GOLD["figures"][2]]}
    (tmp_path / "a2.yaml").write_text(yaml.safe_dump(gold2, allow_unicode=True), encoding="utf-8")
    (tmp_path / "a3.yaml").write_text(yaml.safe_dump({"article": "a3.txt", "figures": []}), encoding="utf-8")
    run = [
        facts([fig(257, "广州已累计选派257名医疗专家赴黔南开展帮扶工作", "experts_sent")], [pairing("440100", "522700")]),
        facts([fig(23460000, "投入2346万元", "funding", "yuan"), fig(65, "其中65名专家帮扶时间超一年")], article_id="a2"),
        facts([], article_id="zz"),
    ]
    report = evaluate(tmp_path, run)
    assert [s.article for s in report.articles] == ["a1", "a2"]
    t = report.total.figures
    assert (t.tp, t.fp, t.fn) == (2, 1, 2)
    assert abs(t.precision - 2 / 3) < 1e-9 and t.recall == 0.5
    assert report.no_gold == ["zz"] and report.not_extracted == ["a3"]
    text = format_report(report)
    assert "TOTAL (micro)" in text and "a1" in text and "a3" in text
    detailed = format_report(report, details=True)
    assert "missed figures" in detailed and "false positives" in detailed and "missed pairings" in detailed


def test_scope_accuracy_counts_matched_figures_with_a_gold_scope():
    gold = {
        "pairings": GOLD["pairings"],
        "figures": [
            {**GOLD["figures"][0], "scope": {"donor": "440100", "recipient": "522700"}},
            {**GOLD["figures"][1], "scope": {"donor": "440100", "recipient": "522700"}},
            {**GOLD["figures"][2], "scope": None},  # reports on no pairing
        ],
    }
    city, province = pairing("440100", "522700"), pairing("440000", "520000")
    figures = [
        fig(257, "广州已累计选派257名医疗专家赴黔南开展帮扶工作", "experts_sent"),
        fig(65, "其中65名专家帮扶时间超一年", "experts_long_term"),
        fig(23460000, "投入2346万元", "funding", "yuan"),
    ]
    figures[0].pairing, figures[1].pairing, figures[2].pairing = city.id, province.id, None
    s = score_article(gold, facts(figures, [city, province]))
    assert (s.scope_scored, s.scope_correct) == (3, 2)
    assert s.wrong_scope[0].value == 65 and s.wrong_scope[0].expected_scope == "440100->522700"
    assert s.wrong_scope[0].scope == "440000->520000"


def test_gold_without_scope_keys_is_not_scored_for_scope(tmp_path: Path):
    (tmp_path / "a1.yaml").write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    report = evaluate(tmp_path, [facts([fig(65, "其中65名专家帮扶时间超一年", "experts_long_term")])])
    assert report.total.scope_scored == 0 and report.total.scope_accuracy is None
    text = format_report(report)
    assert "scope" in text.splitlines()[0] and "—" in text.splitlines()[2]
