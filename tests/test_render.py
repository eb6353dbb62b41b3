"""Formatting (Babel + gettext catalogs), escaping, and templates rendering real facts."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from generator.config import ProjectPaths, load_site_settings
from generator.i18n import LOCALE_DIR, Localizer, load_translations
from generator.indicators import IndicatorCatalog
from generator.model import Article, ArticleFacts, Figure, Pairing, PlaceRef
from generator.render import PageSpec, Renderer, md_cell, md_text, plan_pages, render_docs
from generator.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = load_site_settings(ProjectPaths(ROOT), site_url="https://example.org/")


@pytest.fixture(scope="module")
def zh():
    return Localizer.for_language(SETTINGS.language("zh"))


@pytest.fixture(scope="module")
def en():
    return Localizer.for_language(SETTINGS.language("en"))


def fig(value, unit, qualifier="exact", period=None, **kw) -> Figure:
    return Figure(id="f-1", indicator=kw.pop("indicator", "funding"), value=value, unit=unit, qualifier=qualifier,
                  period=period, subject=kw.pop("subject", None), before=kw.pop("before", None), quote="q", offset=-1, **kw)


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("yuan, zh_text, en_text", [
    (23460000, "2,346万元", "CNY 23.46 million"),
    (170000000, "1.7亿元", "CNY 170 million"),
    (1000000, "100万元", "CNY 1 million"),
    (21450000, "2,145万元", "CNY 21.45 million"),
    (600, "600元", "CNY 600"),
    (1200000000, "12亿元", "CNY 1.2 billion"),
])
def test_money(zh, en, yuan, zh_text, en_text):
    assert zh.money(yuan) == zh_text
    assert en.money(yuan) == en_text


def test_percent_and_numbers(zh, en):
    assert zh.percent(92) == "92%" and en.percent(37.86) == "37.86%"
    assert zh.number(20000) == "20,000" and en.number(20000) == "20,000"


def test_quantities_and_qualifiers(zh, en):
    assert zh.full_value(fig(257, "person", indicator="experts_sent")) == "257名"
    assert en.full_value(fig(257, "person", indicator="experts_sent")) == "257"
    assert zh.full_value(fig(200, "person", "more_than")) == "超过200名"
    assert en.full_value(fig(200, "person", "more_than")) == "more than 200"
    assert zh.full_value(fig(17000000, "yuan", "more_than")) == "超过1,700万元"
    assert en.full_value(fig(17000000, "yuan", "more_than")) == "more than CNY 17 million"
    assert zh.full_value(fig(50, "person", "about")) == "约50名"
    assert en.full_value(fig(3, "batch", "at_least")) == "at least 3 batches"
    assert en.quantity(1, "batch") == "1 batch"
    assert zh.quantity(8, "minute") == "8分钟" and en.quantity(8, "minute") == "8 minutes"
    assert zh.quantity(20000, "person_time") == "20,000人次"


@pytest.mark.parametrize("period, zh_text, en_text", [
    ("2024-", "2024年以来", "since 2024"),
    ("2025", "2025年", "2025"),
    ("2022-2024", "2022至2024年", "2022–2024"),
    ("three years", "三年来", "over three years"),
    ("two years", "两年来", "over two years"),
    ("1 year", "1年来", "over 1 year"),
    ("per year", "年均", "per year"),
    ("per month", "每月", "per month"),
    (None, "", ""),
    ("unparsed text", "unparsed text", "unparsed text"),
])
def test_periods(zh, en, period, zh_text, en_text):
    assert zh.period(period) == zh_text
    assert en.period(period) == en_text


def test_dates(zh, en):
    assert zh.date("2025-05-28") == "2025年5月28日"
    assert en.date("2025-05-28") == "May 28, 2025"
    assert zh.date("2025") == "2025年" and en.date("2025") == "2025"
    assert zh.date(None) == ""


def test_catalogs_are_compiled_from_po_and_complete():
    zh = load_translations("zh")
    assert zh.gettext("Regions") == "地区"
    from babel.messages.pofile import read_po

    for lang in ("zh",):
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
            catalog = read_po(fh)
        untranslated = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
        assert not untranslated, f"{lang}: untranslated interface strings: {untranslated}"


def test_catalog_matches_template():
    """Every msgid in the .pot is in each .po (run pybabel update after changing templates)."""
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / "messages.pot", "rb") as fh:
        pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    for lang in ("zh", "en"):
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
            po = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        assert pot <= po, f"{lang} lacks {sorted(pot - po)}"


# ------------------------------------------------------------------------------ escaping

NASTY = '使用率 | 达到 <script>alert("x")</script> *100%* [点此](javascript:alert(1)) # _强调_ \\ `code` 1. & &amp;\n\n第二段'


def test_md_text_escapes_html_and_markdown():
    text = str(md_text(NASTY))
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\n" not in text
    assert "\\|" in text and "\\*" in text and "\\[" in text
    html = markdown.markdown(text, extensions=["tables"])
    assert "<script>" not in html and "<em>" not in html and "<a " not in html and "<code>" not in html
    assert "&lt;script&gt;" in html and "*100%*" in html and "[点此](javascript:alert(1))" in html


def test_table_cell_keeps_pipes_in_one_cell():
    row = f"| {md_cell('指标')} | {md_cell(NASTY)} | {md_cell(None)} |"
    table = "| a | b | c |\n| --- | --- | --- |\n" + row + "\n"
    html = markdown.markdown(table, extensions=["tables"])
    assert html.count("<td>") == 3
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "使用率 | 达到" in html and "—" in html


def one_fact_article(article_id: str, title: str, outlet: str | None, quote: str, fid: str,
                     indicator: str = "experts_sent") -> ArticleFacts:
    """One made-up article with one pairing (广州市 -> 黔南州) and one figure stated by `quote`."""
    return ArticleFacts(
        article=Article(id=article_id, source=f"{article_id}.txt", sha256="", text="", title=title, outlet=outlet),
        pairings=[Pairing("p-440100-522700", PlaceRef("广州市", "440100", "prefecture"),
                          PlaceRef("黔南布依族苗族自治州", "522700", "prefecture"), quote, -1)],
        figures=[Figure(fid, indicator, 3, "person", "exact", None, None, None, quote, -1, pairing="p-440100-522700")],
    )


def test_source_page_escapes_quotes(gazetteer):
    quote = '门诊量 | 增长 <script>alert(1)</script> *两倍*'
    facts = one_fact_article("x1", "标题 <b>粗</b> | 竖线", "某报", quote, "f-x", indicator="patients_served")
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    report = build_report([facts], catalog, gazetteer)
    for lang in SETTINGS.languages:
        renderer = Renderer(report, lang, SETTINGS)
        page = next(p for p in plan_pages(report) if p.template == "source.md.j2")
        text = renderer.render(page)
        html = markdown.markdown(text, extensions=["tables", "attr_list", "admonition"])
        assert "<script>" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html and "*两倍*" in html
        assert 'id="f-x"' in html
        region = next(p for p in plan_pages(report) if p.template == "region.md.j2" and "guizhou" in p.path)
        html = markdown.markdown(renderer.render(region), extensions=["tables", "attr_list", "admonition"])
        assert "<script>" not in html


def test_render_docs_writes_same_pages_in_every_language(tmp_path, gazetteer, fixture_data_dir):
    from generator.store import load_articles

    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    report = build_report(load_articles(fixture_data_dir).articles, catalog, gazetteer)
    result = render_docs(report, tmp_path, SETTINGS)
    zh = sorted(p.relative_to(tmp_path / "zh") for p in (tmp_path / "zh").rglob("*.md"))
    en = sorted(p.relative_to(tmp_path / "en") for p in (tmp_path / "en").rglob("*.md"))
    assert zh == en and len(zh) == len(plan_pages(report))
    for lang in ("zh", "en"):
        for path in (tmp_path / lang).rglob("*.md"):
            assert path.read_text(encoding="utf-8").strip(), f"empty page {path}"
    # The English page of an article without curated title says so, visibly.
    untranslated = (tmp_path / "en" / "report" / "sources" / "001_d0010fbb54b3bdc0.md").read_text(encoding="utf-8")
    assert '!!! warning "Title not yet translated"' in untranslated
    translated = (tmp_path / "en" / "report" / "sources" / "000_a5d283d4a5cc16de.md").read_text(encoding="utf-8")
    assert "Title not yet translated" not in translated and translated.startswith("# Qiannan work team")
    assert result.nav["zh"][0] == {"首页": "index.md"} and result.nav["en"][0] == {"Home": "index.md"}


def test_quote_highlights_the_numbers_that_state_the_figure():
    from types import SimpleNamespace

    from generator.render import highlight

    money = SimpleNamespace(quote="2024年黔南工作组投入2346万元用于医疗领域", value=23460000, before=None)
    assert str(highlight(money)) == "2024年黔南工作组投入<mark>2346万</mark>元用于医疗领域"
    change = SimpleNamespace(quote="让120调度响应时间从15分钟缩短至8分钟", value=8, before=15)
    assert str(highlight(change)).count("<mark>") == 2 and "<mark>120" not in str(highlight(change))
    hostile = SimpleNamespace(quote="派出四批<script>alert(1)</script>|", value=4, before=None)
    out = str(highlight(hostile))
    assert "<mark>四</mark>" in out and "<script>" not in out and "\\|" in out


# ----------------------------------------------------------------------------- meaning kept (issue 15)


def test_a_level_brought_down_reads_reduced_to(zh, en):
    f = fig(15, "minute", indicator="outcome_level", subject="急救响应时间", reduced=True)
    assert (zh.full_value(f), en.full_value(f)) == ("降至15分钟", "reduced to 15 minutes")
    f = fig(15, "minute", "about", indicator="outcome_level", reduced=True)
    assert (zh.full_value(f), en.full_value(f)) == ("降至约15分钟", "reduced to about 15 minutes")
    assert en.value(f) == "reduced to 15 minutes"  # tables give the qualifier a column of its own
    assert en.full_value(fig(15, "minute", indicator="outcome_level")) == "15 minutes"


def test_a_change_without_its_earlier_value_says_which_way(zh, en):
    down = fig(600, "yuan", indicator="outcome_change", subject="人均就医成本降低", change="down")
    up = fig(35, "percent", "more_than", indicator="outcome_change", subject="门诊量同比增长", change="up")
    assert (en.full_value(down), en.full_value(up)) == ("down CNY 600", "up more than 35%")
    assert en.value(up) == "up 35%"
    # The Chinese subject keeps the article's verb (降低, 增长): the value stands alone.
    assert (zh.full_value(down), zh.full_value(up)) == ("600元", "超过35%")
    # With its earlier value the change reads from … to, never "up".
    both = fig(92, "percent", indicator="outcome_change", before=65, change="up")
    assert "up" not in en.full_value(both)


def test_a_computed_before_says_how_inside_its_own_brackets(zh, en):
    f = fig(42, "percent", indicator="outcome_change", before=21, derived=True, derived_rule="before_from_doubling")
    assert zh.before_aside(f) == "（此前：21%；推算：原文称“翻了一番”）"
    assert en.before_aside(f) == " (before: 21%; computed: the article says it doubled)"
    f = fig(92, "percent", indicator="outcome_change", before=80, before_qualifier="less_than")
    assert (zh.before_aside(f), en.before_aside(f)) == ("（此前：不足80%）", " (before: below 80%)")
    assert zh.before_aside(fig(5, "person")) == ""


def test_a_part_names_its_total(zh, en):
    part = fig(1000000, "yuan", part_of="f-0")
    assert zh.part_of_total(zh.full_value(part), zh.money(23460000)) == "其中100万元，属于总数2,346万元"
    assert en.part_of_total(en.full_value(part), en.money(23460000)) == "of which CNY 1 million, part of CNY 23.46 million"


def test_home_summary_gives_each_count_its_own_plural(gazetteer):
    """One article, one pairing, one figure: the summary says "1 news article", never "1 news articles"."""
    quote = "某区累计派出医生3名到某县"
    facts = one_fact_article("x1", "标题", "某报", quote, "f-x")
    report = build_report([facts], IndicatorCatalog.load(ROOT / "data" / "indicators.yaml"), gazetteer)
    home = next(p for p in plan_pages(report) if p.template == "partials/summary.md.j2")
    expected = {
        "en": ["1 news article, 1 distinct report", "1 donor–recipient pairing between 1 donor province-level "
               "region and 1 recipient province-level region, and 1 figure."],
        "zh": ["1篇新闻报道，其中不同的报道1篇", "1个援助方省级地区与1个受援省级地区之间的1个结对关系，共1项数字。"],
    }
    for lang in SETTINGS.languages:
        phrases = expected[lang.code]
        text = " ".join(Renderer(report, lang, SETTINGS).render(home).replace("\\", "").split())
        for phrase in phrases:
            assert phrase in text, (lang, phrase)
        assert "1 news articles" not in text and "1 figures" not in text


def test_a_source_without_an_outlet_is_cited_by_its_headline(gazetteer):
    """A fact's source link names the outlet; a page that names none is cited by its headline, never
    by a bare "Source"."""
    quote = "某区累计派出医生3名到某县"
    facts = one_fact_article("x2", "某县医疗帮扶见成效", None, quote, "f-y")
    report = build_report([facts], IndicatorCatalog.load(ROOT / "data" / "indicators.yaml"), gazetteer)
    region = next(p for p in plan_pages(report) if p.template == "region.md.j2" and "guizhou" in p.path)
    for lang in SETTINGS.languages:
        text = Renderer(report, lang, SETTINGS).render(region)
        cited = re.findall(r"\[(?:<span[^>]*>)?某县医疗帮扶见成效(?:</span>)?\]\([^)]*#f-y\)", text)
        assert cited, lang.code  # the fact's source link, to its quote
        assert "[Source](" not in text and "[出处](" not in text
