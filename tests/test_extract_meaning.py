"""Figures on articles the project has never seen (issue 15): indicators by category of wording,
written-out numerals, periods over sections, what is not a figure, and the meaning a number
keeps (a bounded before, a computed value, a part of a total, "as many as").

Every sentence here is made up for the test, of the same shape as the construction it covers;
none is copied from an article.
"""

from __future__ import annotations

import cn2an
import pytest

from generator.extract import article_to_public_json
from generator.extract.figures import extract_figures
from generator.extract.numbers import parse_chinese, parse_quantity
from generator.model import Article, ArticleFacts, Figure


def figs(text: str, date: str | None = "2024-06-01") -> list[Figure]:
    return extract_figures(Article(id="m", source="m.txt", sha256="", text=text, date=date))


def only(text: str) -> Figure:
    found = figs(text)
    assert len(found) == 1, [(f.indicator, f.value, f.quote) for f in found]
    return found[0]


# ------------------------------------------------------------------------------ indicators


@pytest.mark.parametrize("text, indicator, unit", [
    # Hospitals counted with no pairing verb in their own clause, or paired by 牵手.
    ("本批队员分别来自省肿瘤医院等8所三甲医院。", "hospitals_paired", "institution"),
    ("浙江20家市级医院牵手四川20家县级医院。", "hospitals_paired", "institution"),
    # Counties covered, named by their status.
    ("远程心电网络已覆盖全州12个脱贫县。", "regions_covered", "region"),
    ("对全市6个国家乡村振兴重点帮扶县实施医疗设备更新。", "regions_covered", "region"),
    # A dispatch with no expert noun: the verb, the number and where they went; a team by its size.
    ("两年来累计输送450余人次到受援乡镇卫生院。", "experts_sent", "person_time"),
    ("市医院派出一支6人援藏医疗队。", "experts_sent", "person"),
    # Patients served, named by the service.
    ("医疗队走村入户巡诊2100余人次。", "patients_served", "person_time"),
    ("开展送医下村活动惠及村民，累计送医下村900人次。", "patients_served", "person_time"),
    ("为脑卒中患者提供康复理疗350余人次。", "patients_served", "person_time"),
    ("为牧区群众提供健康服务5200人次。", "patients_served", "person_time"),
    # ...but a discipline naming its staff is the staff (康复专家), and a hospital's own yearly
    # volume stated with only "about" is an outcome.
    ("医院还派出骨科、康复专家12人次驻点指导。", "experts_sent", "person_time"),
    ("县医院年理疗服务量约1.2万人次。", "outcome_level", "person_time"),
    # Local staff received for training on the donor side: by the province's abbreviation with an
    # "each year at least"; or 来我院 in the donor hospital's own account.
    ("每年接收受援地医务人员赴沪进修均不少于30人。", "staff_sent_to_donor", "person"),
    ("该县人民医院还选派8名骨干来我院免费进修。", "staff_sent_to_donor", "person"),
    # Hospitals that reached a standard named at length: an outcome.
    ("全省有9家受援县级医院达到国家县级医院医疗服务能力基本标准。", "outcome_level", "institution"),
    # Specialties, breakthroughs.
    ("帮助县医院打造特色专科3个。", "key_specialties", "item"),
    ("当年实现技术突破7项。", "gaps_filled", "item"),
    # Members staying another year; a term of a year or more.
    ("其中4名队员主动申请延期一年。", "experts_long_term", "person"),
    ("本批队员中两年期专家5名。", "experts_long_term", "person"),
    # A dispatch of staff named by a staff noun is experts sent, not staff trained.
    ("三年来共选派医疗卫生专业技术人员120人次到受援县开展帮扶。", "experts_sent", "person_time"),
    ("区卫健局累计选派卫生人员45人次赴结对县。", "experts_sent", "person_time"),
    # Batches or a team between the verb and the number; people described before their number.
    ("市医院先后派出3批次22人次驻县医院帮扶。", "experts_sent", "person_time"),
    ("该院累计派出六批医疗团队共计58人次常驻受援医院。", "experts_sent", "person_time"),
    ("医院选派儿科、检验科等专业的4人赴受援县医院。", "experts_sent", "person"),
    # A part of the experts named by their kind.
    ("累计选派专家90名，其中“组团式”帮扶专家35名。", "experts_sent", "person"),
    # Firsts counted as techniques, or as cases first done somewhere.
    ("开展新技术新项目30项，其中9项为全县首次开展。", "first_cases", "item"),
    ("首次在该县开展的微创手术11例。", "first_cases", "case"),
    # Master and apprentice pairs: local staff trained.
    ("援派专家与当地28名医生结成师徒。", "staff_trained", "person"),
    # Techniques named as treatments offered; local staff now operating alone; a team by its size;
    # clinic visits; staff named as aid personnel; this batch's headcount.
    ("县中医院新增针刺、艾灸等诊疗项目9个。", "new_techniques", "item"),
    ("向乡镇卫生院推广中医适宜技术12项。", "new_techniques", "item"),
    ("其中7人已能独立开展腹腔镜手术。", "staff_trained", "person"),
    ("市医院组建由儿科、急诊等6个专业18名专家组成的医疗队。", "experts_sent", "person"),
    ("专家门诊累计坐诊2300余人次。", "patients_served", "person_time"),
    ("区卫健局共选派医疗帮扶人员75人次到结对县。", "experts_sent", "person_time"),
    ("这次抵达的本批队员14人。", "experts_sent", "person"),
    ("光是今年出发的第九批援藏医疗队就有52人。", "experts_sent", "person"),
    # Banners and their sub-divisions counted as regions; hospitals linked to hospitals.
    ("远程心电网络已覆盖全盟9个旗县区。", "regions_covered", "region"),
    ("目前已实现12个县医疗帮扶全覆盖。", "regions_covered", "region"),  # 县医疗…, not 县医院
    ("全区21个原国家级贫困县实现医疗帮扶全覆盖。", "regions_covered", "region"),
    ("市里12家三级医院与西部8家县级医院实现远程联通。", "hospitals_paired", "institution"),
    # A hospital's own volume is an outcome; surgeries the aid's people did are surgeries.
    ("2023年，县人民医院完成手术2100台次。", "outcome_level", "case"),
    ("帮扶团队在县人民医院完成手术300台。", "surgeries", "case"),
    ("专家组进驻以来，在县人民医院完成手术300台。", "surgeries", "case"),
    # Staff received on the donor side, named as trainees.
    ("市人民医院接收受援医院进修人员60人次。", "staff_sent_to_donor", "person_time"),
    # Hospitals that reached a grade: outcomes, even with Chinese numerals.
    ("目前已有四家县医院通过三级医院评审。", "outcome_level", "institution"),
    # From blind set 15 (made-up sentences of the same shape): health workers named after the number;
    # a batch's members by 一行; hospitals paired 手拉手; experts dispatched to hold clinics (a hospital
    # called 康复医院 is no rehabilitation service).
    ("五年来，甲省累计选派320名医疗卫生人员到我州开展帮扶。", "experts_sent", "person"),
    ("第二批帮扶队员一行8人抵达乙县。", "experts_sent", "person"),
    ("甲市15家医疗机构与乙州40家医疗机构“手拉手”。", "hospitals_paired", "institution"),
    ("甲区康复医院先后派出医疗专家60人次到乙县人民医院坐诊带教。", "experts_sent", "person_time"),
])
def test_indicator_categories(text, indicator, unit):
    f = figs(text)[-1]
    assert (f.indicator, f.unit) == (indicator, unit), f


def test_experts_counted_by_the_post_they_hold_are_a_sub_count():
    """"其中担任科室主任的有9人" counts experts already sent by the post they hold: `other`, also in
    Chinese numerals; a dispatch naming their posts is still experts sent."""
    text = "某区累计选派医疗专家48名到某县开展帮扶，其中担任科室主任、副主任的有9人，先后有十余人次担任县医院副院长。"
    assert [(f.indicator, f.value) for f in figs(text)] == [("experts_sent", 48), ("other", 9), ("other", 10)]
    assert only("该院派驻的12名专家担任县医院科室主任。").indicator == "experts_sent"


def test_a_department_named_after_equipment_is_not_equipment():
    assert only("县医院超声医学科新开展诊疗项目6项。").indicator != "equipment_donated"
    assert only("向县医院内镜中心捐赠胃镜2台。").indicator == "equipment_donated"


def test_breakthrough_is_not_a_qualifier():
    assert only("去年实现技术突破11项。").qualifier == "exact"
    assert only("为县医院捐赠彩超3台。").qualifier == "exact"  # 彩超 ends in 超, not 超过


# ------------------------------------------------------------------------------ numerals


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("当年落实帮扶资金3千万余元。", 30000000, "yuan", "more_than"),
    ("共投入协作资金1.5千万元。", 15000000, "yuan", "exact"),
    ("县域内就诊率提升至百分之八十六。", 86, "percent", "exact"),
    ("患者外转率下降了百分之十二点五。", 12.5, "percent", "exact"),
    ("平均住院日缩短了一点五天。", 1.5, "other", "exact"),
])
def test_written_out_numerals(text, value, unit, qualifier):
    f = figs(text)[-1]
    assert (f.value, f.unit, f.qualifier) == (value, unit, qualifier)


def test_a_written_out_before():
    f = only("县域就诊率从百分之六十五提高到百分之八十八。")
    assert (f.indicator, f.before, f.value) == ("outcome_change", 65, 88)
    f = only("病例组合指数从零点七提高到零点九五。")
    assert (f.before, f.value) == (0.7, 0.95)


def test_the_donors_own_districts_are_not_regions_the_aid_covers():
    found = figs("在协作框架下，苏州市7个区(县、市)结对帮扶铜仁市7个县。")
    assert [(f.indicator, f.value) for f in found] == [("regions_covered", 7)]
    # the quote is not cut at the 、 inside the brackets
    assert found[0].quote == "苏州市7个区(县、市)结对帮扶铜仁市7个县"


def test_chinese_numeral_counts_without_a_cue_word():
    assert only("两所县医院晋升为三级医院。").value == 2


def test_a_written_out_count_after_its_noun_closing_the_clause_is_a_count_but_idioms_are_not():
    found = figs("帮助新增省级重点专科5个、市级重点专科十三个。")
    assert [(f.indicator, f.value) for f in found] == [("key_specialties", 5), ("key_specialties", 13)]
    assert figs("坚持两个导向，做到三个到位。") == []  # 个 before its noun: an idiom
    assert figs("义诊活动一个接一个，") == []  # one: never a count in words


@pytest.mark.parametrize("numeral", [
    "三", "十", "十五", "二十", "九十九", "一百", "一百零五", "三百二十", "一千", "两千零八", "四千五百六十七",
    "一万", "三万二千", "十二万", "一百万", "三千万", "零点五", "三点一四", "十二点五",
])
def test_parser_agrees_with_cn2an(numeral):
    """cn2an (the PyPI converter) as the oracle for numerals both accept."""
    assert parse_chinese(numeral) == pytest.approx(cn2an.cn2an(numeral, "normal"))


@pytest.mark.parametrize("text, value", [("2千万", 20000000), ("百分之三十五", 35), ("三点五万", 35000)])
def test_quantities(text, value):
    assert parse_quantity(text).value == value


# ------------------------------------------------------------------------------ periods


def test_since_a_month_until_now_is_a_start():
    assert only("自2019年9月至今，累计选派专家75名。").period == "2019-"


def test_a_section_period_carries_to_its_paragraphs():
    text = ("工作回顾\n\n一、人才帮扶\n\n2022年以来，帮扶医院持续选派骨干，累计选派专家40名。\n\n"
            "专家团队带教本地医生25名。\n\n二、设备支持\n\n向县医院捐赠设备9台。")
    by_value = {f.value: f for f in figs(text)}
    assert by_value[40].period == "2022-"
    assert by_value[25].period == "2022-"  # same section, no period of its own
    assert by_value[9].period is None  # the next section states none


def test_an_annual_notices_year_covers_figures_that_state_no_period():
    """关于2024年度…工作情况的通报: the year of the notice is the period of what states none; a period of
    the figure's own still wins, and an ordinary headline with a year gives none."""
    body = "一、总体情况\n\n某区派驻专家12名，帮助县医院开展新技术18项。\n\n2021年以来累计投入资金900万元。"
    article = Article(id="m", source="m.txt", sha256="", text=body, date="2025-02-14",
                      title="某市卫生健康委员会关于2024年度东西部协作医疗卫生帮扶工作情况的通报")
    by_value = {f.value: f.period for f in extract_figures(article)}
    assert by_value == {12: "2024", 18: "2024", 9_000_000: "2021-"}
    article = Article(id="m", source="m.txt", sha256="", text=body, title="2024年某区医疗队出征")
    assert {f.value: f.period for f in extract_figures(article)}[12] is None


def test_in_the_same_period_is_the_period_just_stated_and_last_years_base_is_no_period():
    text = ("自2010年协作启动以来，两地合作不断深化。数据显示，2020年以来，省里累计选派专家800名赴受援地帮扶；"
            "同期，受援地选派300名医务人员赴省里进修学习。")
    by_value = {f.value: f for f in figs(text)}
    assert by_value[800].period == by_value[300].period == "2020-"
    # 较去年同期 / 比去年 names the base of a change, not the period the figure covers
    assert only("门诊量较去年同期增长15%。").period is None
    assert only("2023年，门诊量比去年增长15%。").period == "2023"


def test_a_span_opening_quoted_speech_leads_its_paragraph():
    text = "“三年来，我们一直扎根在这里。团队累计完成手术1300台。”科室主任说。"
    assert only(text).period == "three years"


# ------------------------------------------------------------------------------ not a figure


@pytest.mark.parametrize("text", [
    "明年两地拟共同投入资金800万元。",
    "未来五年，两地计划共建重点专科6个。",
    "第五批援疆医疗队抵达喀什。",
    "来自各地的300余名代表参会。",
    "近百名医护人员到场送行。",
    "今年市里还计划向三个县再选派专家60名。",  # 还计划: a plan, whatever follows 计划
    "大会为12个先进集体和40名先进个人颁发了证书。",  # honours handed out
    "会上表彰了优秀援派医生25名。",
    "下半年，两市计划继续选派医疗人才80名赴受援县。",  # 计划继续…
    "新一批医疗队计划由25名专家组成。",
    "各市卫生健康局和12家受援医院负责同志参加会议。",
    "会上，4个受援县作了交流发言。",
])
def test_plans_ordinals_and_attendance_are_not_figures(text):
    assert figs(text) == []


def test_the_whole_a_part_is_counted_out_of_is_no_figure():
    """"30个帮扶县中已有21家县医院达到…": the part is the figure, not the whole it is counted out of."""
    assert [f.value for f in figs("30个帮扶县中已有21家县级医院达到二级甲等水平。")] == [21]


def test_a_total_told_again_later_is_one_figure():
    text = ("2020年以来，市里累计选派医疗专家1350名赴受援县开展帮扶。\n\n"
            "五年来，1350名医疗人才扎根高原，用汗水架起健康之桥。")
    assert [(f.indicator, f.value) for f in figs(text)] == [("experts_sent", 1350)]
    # Two counts of one indicator may share a value: both stay.
    two = figs("县医院每月为200余名患者提供门诊服务。乡镇卫生院全年接诊慢病患者200余名。")
    assert [f.value for f in two] == [200, 200]


def test_figures_told_again_together_are_recorded_once():
    """A closing summary that repeats two totals of an earlier passage restates them (FORMAT.md, "Each
    fact once"), even worded otherwise and read as other indicators; one shared value alone does not."""
    text = ("2022年以来，某区先后派出医疗专家四批次共63人次到某县开展帮扶。全年投入帮扶资金2.4亿元。\n\n"
            "县医院新开展技术18项。\n\n"
            "座谈会上，负责同志表示，四批次63人次的专家接力帮扶、2.4亿元资金投入，让群众受益。")
    values = [(f.value, f.quote) for f in figs(text)]
    assert [v for v, _ in values] == [4, 63, 240_000_000, 18], values
    assert all("座谈会" not in q for _, q in values)
    one = figs("某院派出专家12名驻县帮扶。\n\n当年县医院又新招聘医生12名。")
    assert [f.value for f in one] == [12, 12]


def test_ordinal_enumerations_are_not_counts():
    assert [f.value for f in figs("第六、七批医疗队共派出专家45名。")] == [45]


def test_a_team_named_again_is_not_counted_again():
    text = "市医院选派专家14名赴县医院帮扶。这14名专家分别来自心内科、骨科等科室。"
    assert [f.value for f in figs(text)] == [14]


def test_a_headline_repeating_a_plan_is_no_result():
    text = "再派60名专家 助力县域医疗\n\n今年，省卫健委计划再选派60名专家赴县医院帮扶。目前已派出专家35名。"
    assert [f.value for f in figs(text)] == [35]


# ------------------------------------------------------------------------------ meaning kept


def test_a_before_stated_as_a_bound_keeps_its_bound():
    f = only("县域内就诊率从不足75%提升至90%。")
    assert (f.before, f.before_qualifier, f.value) == (75, "less_than", 90)
    f = only("开展的病种由200余种增加到900余种。")
    assert (f.before, f.before_qualifier) == (200, "more_than")
    assert only("就诊率从65%提升至88%。").before_qualifier is None


@pytest.mark.parametrize("text, before, value, rule", [
    ("三四级手术占比提升至36%，较帮扶前翻了一番。", 18, 36, "before_from_doubling"),
    ("门诊人次达到9万人次，是2020年的3倍。", 30000, 90000, "before_from_multiple"),
    ("县域内就诊率达到91%，同比提高4个百分点。", 87, 91, "before_from_points"),
    ("医院年门诊量较托管前增长1.2倍。", None, 120, "value_from_multiple"),
])
def test_computed_numbers_are_marked_derived(text, before, value, rule):
    f = only(text)
    assert (f.before, f.value, f.derived, f.derived_rule) == (before, value, True, rule)


def test_reported_numbers_are_not_derived():
    assert not only("就诊率从65%提升至88%。").derived


def test_of_which_amounts_are_tied_to_their_total():
    total, part = figs("落实协作资金900万元，其中300万元用于购置设备。")
    assert part.part_of == total.id and total.part_of is None
    total, part = figs("医院完成手术640台。其中，四级手术58台。")
    assert part.part_of == total.id


def test_as_many_as_is_exact_and_stressed():
    f = only("累计引进新技术新项目多达210项。")
    assert (f.qualifier, f.as_many_as) == ("exact", True)
    assert not only("累计引进新技术新项目210项。").as_many_as


def test_public_json_carries_the_meaning_only_when_there_is_some():
    facts = ArticleFacts(article=Article(id="j", source="j.txt", sha256="", text=""),
                         figures=figs("县域内就诊率从不足75%提升至90%。就诊率从60%提升至70%。"))
    bounded, plain = article_to_public_json(facts)["figures"]
    assert bounded["before_qualifier"] == "less_than"
    assert "before_qualifier" not in plain and "derived" not in plain and "part_of" not in plain


def test_a_group_named_again_to_say_what_each_did_is_not_a_new_count():
    text = "我省四家三甲医院对口帮扶州医院。四家医院均已派出专家团队，其中两家医院分别派驻专家9名、7名。"
    assert [(f.indicator, f.value) for f in figs(text)] == [
        ("hospitals_paired", 4), ("experts_sent", 9), ("experts_sent", 7)]


def test_a_quote_never_crosses_a_headline_or_a_numbered_point():
    heading = "东西协作结硕果 来自东部的专家团队扎根西部山区县医院开展组团式帮扶工作的纪实报道之二"
    line = "专家团队在县医院持续开展带教查房和手术示教工作并取得了明显成效也让当地的各族群众们"
    text = f"{heading}\n\n帮扶团队累计开展新技术42项。\n\n{line}\n\n二、县医院累计完成四级手术120台。"
    assert len(line) > 40 and len(heading) > 40  # long enough to read as lines broken mid-sentence
    assert [f.quote for f in figs(text)] == ["帮扶团队累计开展新技术42项", "二、县医院累计完成四级手术120台"]


# ------------------------------------------------------------------------------ more constructions


@pytest.mark.parametrize("text, value, qualifier", [
    ("群众看病路费比去省城节省三分之一左右。", 33.3, "about"),  # a fraction, read as a percent
    ("县医院门诊量比2020年增长了一半。", 50, "exact"),
    ("县外转诊率下降了近一半。", 50, "about"),
])
def test_a_change_stated_as_a_fraction(text, value, qualifier):
    f = only(text)
    assert (f.indicator, f.value, f.unit, f.qualifier) == ("outcome_change", value, "percent", qualifier)


def test_a_fraction_with_no_change_is_no_figure():
    assert figs("一半以上的病人来自邻县。") == []


def test_a_share_in_tenths_is_kept():
    f = only("本批队员中来自三甲医院的占八成以上。")
    assert (f.value, f.unit, f.qualifier) == (80, "percent", "at_least")


def test_a_change_to_the_level_of_now():
    f = only("县医院微创手术占比从帮扶前的不足25%提升到现在的60%以上。")
    assert (f.indicator, f.before, f.before_qualifier, f.value, f.qualifier) == ("outcome_change", 25, "less_than", 60, "at_least")
    assert only("县域内就诊率从2016年的78%提高到如今的93%。").before == 78


def test_a_count_of_visits_in_ten_thousands_needs_no_measure_word():
    f = only("县医院年住院人次由2019年的0.9万增至2023年的1.4万。")
    assert (f.indicator, f.before, f.value, f.unit, f.period) == ("outcome_change", 9000, 14000, "person_time", "2019-2023")


def test_points_of_another_measure_are_not_merged_into_a_level():
    level, points = figs("全县县域内就诊率达到92.4%，患者外转率较2021年下降了6.1个百分点。")
    assert (level.indicator, level.value, level.before) == ("outcome_level", 92.4, None)
    assert (points.indicator, points.value, points.derived) == ("outcome_change", 6.1, False)
    points, level = figs("医院三四级手术占比提高了8.2个百分点，县域内就诊率达到89.5%。")
    assert (points.value, level.value, level.before) == (8.2, 89.5, None)
    # the same measure is one change, its before computed
    assert only("县域内就诊率提高了9个百分点，达到91.5%。").before == 82.5


@pytest.mark.parametrize("text, indicator, value", [
    ("帮助医院建成眼科、口腔科两个市级重点专科。", "key_specialties", 2),  # a numeral counting a list
    ("共建骨科、妇产科、儿科三个专科联盟。", "other", 3),
])
def test_a_written_out_numeral_counting_the_list_before_it(text, indicator, value):
    f = only(text)
    assert (f.indicator, f.value) == (indicator, value)


@pytest.mark.parametrize("text", [
    "聚焦“医疗、教育、产业”三个方面持续发力。",  # a slogan's list
    "对口支援甲县、乙县两县卫生院。",  # counties named where the aid goes
])
def test_a_listed_count_that_is_no_figure(text):
    assert figs(text) == []


def test_leaflets_handed_out_and_beds_of_a_new_unit():
    f = figs("义诊现场发放健康宣传手册3000余份。")[-1]
    assert (f.value, f.unit, f.qualifier) == (3000, "item", "more_than")
    assert figs("义诊现场发放健康宣传资料两万余份。")[-1].value == 20000
    assert only("专家团队帮助县医院建成了康复医学科，开设床位25张。").value == 25
    assert figs("县人民医院设置床位320张，是全县规模最大的医院。") == []  # the hospital's size
    assert figs("专家出具会诊报告4000份。") == []  # 份 counts leaflets only


def test_a_level_brought_down_is_marked_reduced():
    f = only("县域急救响应时间缩短至12分钟。")
    assert (f.indicator, f.value, f.reduced) == ("outcome_level", 12, True)
    assert only("县外转诊率下降到7.5%。").reduced
    assert not only("急救成功率提升至88%。").reduced
    assert not only("平均住院日从9.5天缩短至7.8天。").reduced  # a change with its before says from … to


def test_a_change_without_its_earlier_value_keeps_its_direction():
    up = only("该院门诊量同比增长12%。")
    assert (up.indicator, up.value, up.before, up.change) == ("outcome_change", 12, None, "up")
    down = only("群众就医费用人均降低300元。")
    assert (down.indicator, down.change) == ("outcome_change", "down")
    assert only("转外就医率下降了15%。").change == "down"
    assert only("平均住院日从9.5天缩短至7.8天。").change is None  # the before says which way
    assert only("县域急救响应时间缩短至12分钟。").change is None  # a level, worded "reduced to"


# ---------------------------------------------------------------- one number, step by step (issue 14)


def _steps(text: str):
    """Each named step of reading a number, run on one made-up clause."""
    from generator.extract.figures import FigureExtractor, load_rules

    extractor = FigureExtractor(load_rules())
    doc = extractor.views(Article(id="m", source="m.txt", sha256="", text=text, date="2024-06-01"))
    m = next(extractor.rules.number_re.finditer(text))
    return extractor, doc, m


def test_each_step_of_reading_a_number_can_be_run_on_one_clause():
    extractor, doc, m = _steps("帮扶资金覆盖4个县的乡镇卫生院。")
    r = extractor._numeral(m, doc)
    assert r is not None and r.value == 4
    assert extractor._in_context(r, doc) and extractor._unit(r, doc)
    assert r.unit == "region"  # 4个县(…)的卫生院 counts counties, not health centres
    # a plan stops at the context step, and is remembered for a headline that repeats it
    extractor, doc, m = _steps("明年计划再选派专家30名。")
    r = extractor._numeral(m, doc)
    assert r is not None and not extractor._in_context(r, doc) and (30, "名") in extractor._plans
    # an idiom stops at the numeral step
    extractor, doc, m = _steps("千家万户受益。")
    assert extractor._numeral(m, doc) is None
    # an outcome is decided before any indicator rule
    extractor, doc, m = _steps("县域内就诊率由80%提高到92%。")
    cand = extractor.read_number(list(extractor.rules.number_re.finditer(doc.text))[-1], doc, [])
    assert (cand.figure.indicator, cand.figure.before, cand.figure.value) == ("outcome_change", 80, 92)


def test_the_people_a_dispatch_sent_are_experts_not_the_operations_they_did():
    """选派的N名医生在…开展手术M台 (made-up): N is experts sent; M is not a count of people."""
    found = figs("甲市选派的9名医生在乙县人民医院开展手术230余台。")
    assert (found[0].indicator, found[0].value, found[0].unit) == ("experts_sent", 9, "person")
    assert all(f.indicator != "surgeries" or f.unit != "person" for f in found)


def test_a_list_item_naming_its_own_thing_is_read_alone():
    """In a list of counted items the cue of the item before says nothing of an item that names its own
    thing; parallel items (国内空白…、州内空白…) still share it (made-up)."""
    found = figs("甲市支持乙县建设重点专科12个、乡镇卫生院污水处理改造35个。")
    assert [(f.indicator, f.value) for f in found] == [("key_specialties", 12), ("other", 35)]
    found = figs("帮扶团队填补国内空白3项、自治区空白20项、州内空白58项。")
    assert {f.indicator for f in found} == {"gaps_filled"}
