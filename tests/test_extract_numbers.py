"""Numerals, multipliers, ranges, qualifiers and periods."""

from __future__ import annotations

import pytest

from generator.extract.figures import extract_figures
from generator.extract.numbers import parse_chinese, parse_numeral, parse_quantity
from generator.model import Article


def figs(text: str):
    return extract_figures(Article(id="t", source="t.txt", sha256="", text=text))


@pytest.mark.parametrize(
    "text, value",
    [("四", 4), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105),
     ("一百二十三", 123), ("三千", 3000)],
)
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize(
    "text, value, high",
    [("2346万", 23460000, None), ("23.32万", 233200, None), ("1.7亿", 170000000, None), ("1700余万", 17000000, None),
     ("3-6", 3, 6), ("十余", 10, None), ("１２", 12, None), ("257", 257, None), ("30.58", 30.58, None)],
)
def test_quantities(text, value, high):
    q = parse_quantity(text)
    assert q.value == value and q.high == high
    assert isinstance(q.value, int) == float(value).is_integer()


def test_parse_numeral_rejects_garbage():
    assert parse_numeral("abc") is None
    assert parse_numeral("") is None


@pytest.mark.parametrize(
    "sentence, value, unit, qualifier",
    [
        ("县财政投入帮扶资金2346万元。", 23460000, "yuan", "exact"),
        ("累计接诊门急诊患者23.32万人次。", 233200, "person_time", "exact"),
        ("两地协作资金达1.7亿元。", 170000000, "yuan", "exact"),
        ("年均减少跨区域就医人次超2万。", 20000, "person_time", "more_than"),
        ("先后选派十余名专家驻点帮扶。", 10, "person", "more_than"),
        ("共派出两批医疗队。", 2, "batch", "exact"),
        ("开展教学查房约40次。", 40, "session", "about"),
        ("危重患者抢救成功率提升至95%以上。", 95, "percent", "at_least"),
        ("引入新技术新项目多达867项。", 867, "item", "exact"),  # 多达/高达/达到: "as many as" (FORMAT.md)
        ("门诊病历合格率高达97%。", 97, "percent", "exact"),
        ("培训基层医生达到了350人次。", 350, "person_time", "exact"),
        ("开展手术20多例。", 20, "case", "more_than"),
        ("胸痛救治时间缩短至2小时。", 120, "minute", "exact"),
    ],
)
def test_values_units_qualifiers(sentence, value, unit, qualifier):
    (f,) = figs(sentence)
    assert (f.value, f.unit, f.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年11月20日,专家抵达。",          # dates
        "12岁的患儿小罗恢复健康。",            # ages
        "该院获得全省第1名。",                 # ordinals
        "前10名中有医院获奖。",               # rank without a counted fact
        "医生完成3-6个月的系统培训后返岗。",   # durations
        "来回要3天，现在1小时就能完成。",      # durations in a story
        "第四批帮扶专家接过接力棒。",          # ordinal batches
        "患者冠状动脉狭窄95%。",              # a patient's reading, not a result
        "推行“6S管理”和“1+2+N”机制，建立“黄金4分钟”急救体系。",  # names
        "打造5433工程和120调度平台。",        # numbers in names
        "实施“四个精准发力”，走进千家万户。",  # idioms
        "一名患者被送到医院，一系列举措落地。",
        "联系电话：0871-64160447。",
    ],
)
def test_precision_traps(sentence):
    assert figs(sentence) == []


@pytest.mark.parametrize(
    "text, period",
    [
        ("2024年以来,广州已累计选派257名医疗专家赴黔南开展帮扶工作。", "2024-"),
        ("2022年起,共派出45名专家。", "2022-"),
        ("自2022年以来,共派出45名专家。", "2022-"),
        ("2022至2024年,各科室累计接诊门急诊患者23.32万人次。", "2022-2024"),
        ("2025年,投入300万元东西部协作资金。", "2025"),
        ("三年来,南方科技大学医院累计派出23名专家。", "three years"),
        ("项目实施两年,引入新技术新项目多达867项。", "two years"),
        ("仅过去一年内,引入新技术新项目30余项。", "past year"),
        ("每月为200余名患者提供服务。", "per month"),
        ("人均就医成本降低600元/月。", "per month"),
        ("复杂手术量年增长率达40%。", "per year"),
        ("截至目前累计覆盖群众5000余人次。", None),
        ("累计派出23名专家。", None),
    ],
)
def test_periods(text, period):
    (f,) = figs(text)
    assert f.period == period


def test_period_carries_through_sentence_not_past_it():
    fs = figs("除了专家下沉,人才通道也在畅通。黔南每年选派骨干医生赴广州进修,2024年以来已有120余名医生在广州市属医院完成培训,"
              "其中65名专家帮扶时间超一年。贵定县医生已成功开展手术30余例。")
    assert [f.period for f in fs] == ["2024-", "2024-", None]


def test_until_uses_start_stated_earlier():
    fs = figs("2022年以来,选派2批9名医疗专家开展帮扶。\n\n截至2025年,已培养2批次31人。通过带教,建立起5个专家工作站。")
    assert [f.period for f in fs] == ["2022-", "2022-", "2022-2025", "2022-2025", None]


def test_year_opening_paragraph_covers_it():
    fs = figs("人才培育是关键。2025年,彭水深耕人才培育。聊城选派44名专家开展支医帮扶。\n如今,县域急救响应时间缩短至15分钟。")
    assert [f.period for f in fs] == ["2025", None]


def test_change_with_before():
    (f,) = figs("使该院门诊病历合格率从65%提升至92%。")
    assert (f.indicator, f.value, f.before, f.subject) == ("outcome_change", 92, 65, "门诊病历合格率")
    (f,) = figs("县域就诊率由78.5%提高到90.2%。")
    assert (f.value, f.before) == (90.2, 78.5)
    (f,) = figs("三四级手术占比提升至42%,较帮扶前翻了一番。")
    assert (f.indicator, f.value, f.before) == ("outcome_change", 42, 21)
    assert f.quote == "三四级手术占比提升至42%,较帮扶前翻了一番"


# ------------------------------------------------------------ thousands separators


@pytest.mark.parametrize("text, value", [("2,150", 2150), ("12,006", 12006), ("1,000,500", 1000500), ("3,400.5", 3400.5)])
def test_thousands_separators_parse(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize(
    "sentence, value, quote",
    [
        ("今年以来,帮扶专家共接诊群众2,715人次。", 2715, "帮扶专家共接诊群众2,715人次"),
        ("医疗队完成各类手术1,086台,其中微创手术312台。", 1086, "医疗队完成各类手术1,086台"),
        ("三年来累计培训乡村医生12,430人次。", 12430, "三年来累计培训乡村医生12,430人次"),
    ],
)
def test_thousands_separator_keeps_the_whole_number(sentence, value, quote):
    fs = figs(sentence)
    f = next(f for f in fs if f.value == value)
    assert f.quote == quote
    assert all(x.value != value % 1000 for x in fs)  # not cut at the comma


@pytest.mark.parametrize(
    "sentence, values",
    [
        # A comma between clauses is not a separator: a year, a single digit, four digits after it.
        ("2023年以来,135名专家到岗。", [135]),
        ("派出专家团队8,192名医生参与培训。", [8192]),
        ("选派骨干12名,300余名群众受益。", [12, 300]),
        ("开展义诊15场,2400余人次受益。", [15, 2400]),
    ],
)
def test_clause_commas_are_not_thousands_separators(sentence, values):
    assert [f.value for f in figs(sentence)] == values


# ------------------------------------------------------------ periods of plans and years


def test_five_year_plan_periods():
    f = figs("“十四五”以来,温州累计投入帮扶资金2.1亿元。")[0]
    assert f.period == "2021-"
    f = figs("十三五期间,累计选派医生360名。")[0]
    assert f.period == "2016-2020"


def test_whole_year_in_a_report_about_one_year():
    fs = figs("2023年,我局各项工作稳步推进。\n一是加强人才交流。全年选派专家64名赴阿坝开展帮扶。")
    assert [f.period for f in fs if f.value == 64] == ["2023"]


def test_relative_spans_without_lai():
    assert figs("近五年,浙江累计投入资金3.2亿元。")[0].period == "five years"
    assert figs("四个多月来,队员们完成手术86台。")[0].period == "four months"
