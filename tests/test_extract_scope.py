"""The scope stage: each figure under the narrowest pairing its article ties it to.

Short texts written for these tests (none copied from an article); the pairings are given,
so each test exercises the scope stage alone, except the seed checks at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.extract import extract_article
from generator.extract.scope import ScopeResolver, assign_scopes
from generator.gazetteer import Gazetteer
from generator.indicators import IndicatorCatalog
from generator.ingest import read_article
from generator.model import Article, Figure, Institution, Pairing

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# Made-up places of one programme: Jiangsu -> Shaanxi, a city -> city pairing and a
# district -> county pairing under it.
PROGRAMME = ("320000", "610000")
CITY = ("320400", "610700")  # 常州市 -> 汉中市
DISTRICT = ("320412", "610728")  # 武进区 -> 镇巴县
OTHER_COUNTY = ("320509", "611023")  # 吴江区 -> 商南县


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(ROOT / "data")


def pairing(gaz: Gazetteer, codes: tuple[str, str], institutions=()) -> Pairing:
    d, r = (gaz.ref(gaz.get(c)) for c in codes)
    return Pairing(id=f"p-{codes[0]}-{codes[1]}", donor=d, recipient=r, quote="", offset=0,
                   institutions=[Institution(a, b, "", 0) for a, b in institutions])


def scopes(gaz: Gazetteer, text: str, pairs: list[tuple[str, str]], quotes: list[str], institutions=None,
           title=None, outlet=None):
    """(pairing id, assumed) of a figure at each quote."""
    article = Article(id="t", source="t.txt", sha256="", text=text, title=title, outlet=outlet)
    pairings = [pairing(gaz, c, (institutions or {}).get(c, ())) for c in pairs]
    figures = [
        Figure(id=f"f{k}", indicator="other", value=1, unit="item", qualifier="exact", period=None,
               subject=None, before=None, quote=q, offset=text.index(q))
        for k, q in enumerate(quotes)
    ]
    assign_scopes(article, pairings, figures, gaz, gaz.find_mentions(text))
    return [(f.pairing, f.scope_assumed) for f in figures]


def pid(codes: tuple[str, str]) -> str:
    return f"p-{codes[0]}-{codes[1]}"


def test_programme_named_in_a_county_article_files_under_the_county(gaz):
    # The sentence names only the programme; the article is about one county's hospital.
    text = (
        "武进区对口帮扶镇巴县以来，镇巴县医院面貌一新。\n"
        "苏陕协作资金累计投入480万元，新建手术室2间。\n"
        "医院新开展技术15项。"
    )
    got = scopes(gaz, text, [PROGRAMME, DISTRICT], ["累计投入480万元", "新开展技术15项"])
    # The last paragraph names nothing: the article's main pairing, and the page says it was assumed.
    assert got == [(pid(DISTRICT), False), (pid(DISTRICT), True)]


def test_programme_totals_in_a_province_wide_article_stay_with_the_programme(gaz):
    text = (
        "苏陕协作五年来，江苏累计选派医疗人才600名到陕西。\n"
        "武进区对口帮扶镇巴县，吴江区对口帮扶商南县。"
    )
    got = scopes(gaz, text, [PROGRAMME, DISTRICT, OTHER_COUNTY], ["累计选派医疗人才600名"])
    assert got == [(pid(PROGRAMME), False)]


def test_a_districts_experts_at_a_county_hospital_file_under_the_district_pairing(gaz):
    text = "常州市与汉中市结对以来，武进区派出9名专家到镇巴县医院坐诊。"
    got = scopes(gaz, text, [CITY, DISTRICT], ["派出9名专家"])
    assert got == [(pid(DISTRICT), False)]


def test_a_hospital_without_a_pairing_of_its_own_goes_to_the_pairing_containing_it(gaz):
    # 镇巴县 has no pairing of its own here: the city pairing contains it.
    text = "常州市对口帮扶汉中市。镇巴县医院新增设备30台。"
    got = scopes(gaz, text, [PROGRAMME, CITY], ["新增设备30台"])
    assert got == [(pid(CITY), False)]


def test_hospital_to_hospital_aid_files_under_its_places_pairing(gaz):
    # The donor hospital names no place; it is an institution of the district pairing.
    text = "常州市与汉中市开展协作。\n\n东郊大学附属康宁医院派驻团队，完成手术40台。"
    got = scopes(
        gaz, text, [CITY, DISTRICT], ["完成手术40台"],
        institutions={DISTRICT: [("东郊大学附属康宁医院", "镇巴县人民医院")]},
    )
    assert got == [(pid(DISTRICT), False)]


def test_a_section_heading_ties_the_paragraphs_under_it(gaz):
    text = (
        "常州市对口帮扶汉中市，武进区对口帮扶镇巴县，吴江区对口帮扶商南县。\n"
        "商南：山里的新手术室\n"
        "这一年，医院开展新技术12项。"
    )
    got = scopes(gaz, text, [CITY, DISTRICT, OTHER_COUNTY], ["开展新技术12项"])
    assert got == [(pid(OTHER_COUNTY), False)]


def test_a_note_in_brackets_is_no_section_heading(gaz):
    """A repost's note (（本文转载自…，原题为《…》）) names the programme; the section under it is one county's."""
    text = (
        "常州市对口帮扶汉中市，武进区对口帮扶镇巴县。\n"
        "（本文转载自汉江晚报，原题为《常州汉中携手 医疗帮扶结硕果》）\n"
        "武进区专家进驻镇巴县人民医院已满一年。专家团队今年开展新技术12项。"
    )
    got = scopes(gaz, text, [CITY, DISTRICT], ["开展新技术12项"])
    assert got == [(pid(DISTRICT), False)]


def test_the_figures_own_clause_decides_between_two_pairings_of_a_sentence(gaz):
    text = "武进区帮扶镇巴县培训医生80人次，吴江区帮扶商南县捐赠设备25台。"
    got = scopes(gaz, text, [DISTRICT, OTHER_COUNTY], ["培训医生80人次", "捐赠设备25台"])
    assert got == [(pid(DISTRICT), False), (pid(OTHER_COUNTY), False)]


def test_a_joint_figure_of_two_donors_is_filed_under_no_single_pairing(gaz):
    # Two donors aid one prefecture; no pairing of the article holds both.
    text = "常州市和苏州市对口帮扶汉中市。两市累计选派专家共计150名，常州、苏州两地医生轮换驻点。"
    got = scopes(gaz, text, [CITY, ("320500", "610700")], ["常州、苏州两地医生轮换驻点"])
    assert got == [(None, False)]


def test_nothing_ties_the_figure_so_the_main_pairing_is_assumed(gaz):
    text = "常州市对口帮扶汉中市。\n\n医院门诊量增长了两成，全年接诊患者9000人次。"
    got = scopes(gaz, text, [CITY], ["接诊患者9000人次"])
    assert got == [(pid(CITY), True)]


def test_an_untied_figure_of_an_article_with_no_main_pairing_reports_on_none(gaz):
    # Two county pairings and nothing holding both: an untied figure is filed under neither.
    text = "武进区对口帮扶镇巴县，吴江区对口帮扶商南县。\n\n全年开展远程会诊800例。"
    got = scopes(gaz, text, [DISTRICT, OTHER_COUNTY], ["开展远程会诊800例"])
    assert got == [(None, False)]


def test_the_main_pairing_holds_the_others(gaz):
    article = Article(id="t", source="t.txt", sha256="", text="常州市对口帮扶汉中市，武进区对口帮扶镇巴县。")
    resolver = ScopeResolver(article, [pairing(gaz, c) for c in (PROGRAMME, DISTRICT, CITY)], gaz, [])
    assert resolver.main == pid(CITY)


# ---------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def catalog() -> IndicatorCatalog:
    return IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_scopes_match_gold(gaz, catalog, path):
    gold = yaml.safe_load((GOLD / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    facts = extract_article(read_article(path), gaz, catalog)
    codes = {p.id: {"donor": p.donor.adcode, "recipient": p.recipient.adcode} for p in facts.pairings}
    by_quote = {f.quote: f for f in facts.figures}
    wrong = []
    for g in gold["figures"]:
        f = next((f for q, f in by_quote.items() if g["quote"] in q or q in g["quote"]), None)
        if f is not None and f.value == g["value"] and codes.get(f.pairing) != g["scope"]:
            wrong.append((g["quote"], codes.get(f.pairing), g["scope"]))
    assert not wrong, wrong  # the seeds score 1.00 on scope: anything less is a regression


def test_a_sentence_naming_both_provinces_and_nothing_finer_is_the_programmes_total(gaz):
    """In a county article, "江苏省累计向陕西省选派…" is the programme's total, while a sentence
    naming the county too, or naming the province only as the measure of a gap (填补陕西省空白),
    is the county's."""
    text = (
        "武进区与镇巴县结对帮扶以来，武进区专家常驻镇巴县人民医院。"
        "截至目前，江苏省累计向陕西省选派医疗卫生人才900人次。"
        "江苏省专家在镇巴县开展新技术12项。"
        "武进区专家开展新技术8项，其中填补陕西省空白2项。"
    )
    got = scopes(gaz, text, [PROGRAMME, DISTRICT], ["选派医疗卫生人才900人次", "开展新技术12项", "填补陕西省空白2项"])
    assert [g for g, _ in got] == [pid(PROGRAMME), pid(DISTRICT), pid(DISTRICT)]


FUJIAN_CHANGJI, XIAMEN_JIMSAR = ("350000", "652300"), ("350200", "652327")
CHAIN_TEXT = "福建省对口支援昌吉回族自治州，厦门市对口支援吉木萨尔县。\n\n去年，医疗队在门诊共接待群众4100人次。\n"


@pytest.mark.parametrize("title, outlet", [
    ("厦门医生扎根吉木萨尔", None),  # the county's short form in the headline
    ("医者仁心 山海同行", "吉木萨尔县融媒体中心"),  # the county's own outlet
])
def test_an_untied_figure_of_an_article_about_the_county_goes_to_the_county_pairing(gaz, title, outlet):
    """A chain of pairings (province -> prefecture holding city -> county): a figure nothing ties goes to
    the narrowest pairing whose place the headline or the outlet names, still marked assumed."""
    got = scopes(gaz, CHAIN_TEXT, [FUJIAN_CHANGJI, XIAMEN_JIMSAR], ["接待群众4100人次"], title=title, outlet=outlet)
    assert got == [(pid(XIAMEN_JIMSAR), True)]


def test_an_untied_figure_of_an_article_about_the_prefecture_stays_with_the_broad_pairing(gaz):
    got = scopes(gaz, CHAIN_TEXT, [FUJIAN_CHANGJI, XIAMEN_JIMSAR], ["接待群众4100人次"], title="闽昌协作结硕果")
    assert got == [(pid(FUJIAN_CHANGJI), True)]


def test_a_sub_place_listed_in_a_later_clause_does_not_narrow_the_figures_own_clause(gaz):
    """The figure's clause names donor and recipient (福建省…昌吉州); a county hospital listed after it
    is where part of the money went, not the figure's scope."""
    text = "福建省为昌吉回族自治州投入协作资金5200万元，并为吉木萨尔县人民医院新建了住院楼。\n"
    got = scopes(gaz, text, [FUJIAN_CHANGJI, ("350000", "652327")], ["投入协作资金5200万元"])
    assert got == [(pid(FUJIAN_CHANGJI), False)]


def test_a_coarser_donor_in_the_figures_clause_is_shorthand_for_the_finer_one_in_its_sentence(gaz):
    text = "思明区牵头组建专家团队，邀请20名厦门专家到吉木萨尔县义诊。\n"
    siming = ("350203", "652327")
    got = scopes(gaz, text, [("350200", "652300"), siming], ["邀请20名厦门专家"])
    assert got == [(pid(siming), False)]


def test_a_programme_frame_is_not_narrowed_by_its_own_donor_named_again(gaz):
    """津甘 names the programme; a province donor's pairing with one county (天津 -> 静宁县) is named in the
    paragraph only by 天津 itself, which narrows nothing: the programme's money stays with the programme."""
    tianjin_gansu, tianjin_jingning, xiqing_lintan = ("120000", "620000"), ("120000", "620826"), ("120111", "623021")
    text = (
        "西青区与临潭县结对帮扶。天津专家帮助静宁县人民医院建成胸痛中心。\n\n"
        "五年来，津甘两地累计投入协作资金4.37亿元，用于受援县医院改扩建。天津市还组织专家开展培训。\n"
    )
    got = scopes(gaz, text, [tianjin_gansu, tianjin_jingning, xiqing_lintan], ["投入协作资金4.37亿元"])
    assert got == [(pid(tianjin_gansu), False)]


def test_programme_money_in_an_article_about_the_prefecture_goes_to_the_prefectures_pairing(gaz):
    """A prefecture's own notice (its health commission the outlet) names the programme (苏陕协作) for a
    total: the prefecture's pairing, not one county's inside it, and not the two provinces'."""
    nanjing_shangluo, jiangning_zhenan = ("320100", "611000"), ("320115", "611025")
    text = "南京市对口帮扶商洛市，江宁区对口帮扶镇安县。\n\n全年到位苏陕协作医疗卫生项目资金3860万元。\n"
    got = scopes(gaz, text, [("320000", "610000"), nanjing_shangluo, jiangning_zhenan], ["项目资金3860万元"],
                 outlet="商洛市卫生健康委员会")
    assert got == [(pid(nanjing_shangluo), False)]


def test_a_coarser_donor_beside_a_county_whose_donor_the_paragraph_names_is_shorthand(gaz):
    """"在上海医生的指导下，叶城县人民医院…" in a paragraph about 宝山区's aid to 叶城县: the county's pairing.
    A sentence that names the coarser pairing's own recipient (…到喀什地区) keeps it."""
    shanghai_kashgar, baoshan_yecheng = ("310000", "653100"), ("310113", "653126")
    text = "宝山区对口支援叶城县以来成效明显。在上海医生的指导下，叶城县人民医院今年开展新技术18项。\n"
    got = scopes(gaz, text, [shanghai_kashgar, baoshan_yecheng], ["开展新技术18项"])
    assert got == [(pid(baoshan_yecheng), False)]
    text = "宝山区对口支援叶城县以来成效明显。上海市累计选派专家90名到喀什地区，叶城县人民医院是受援医院之一。\n"
    got = scopes(gaz, text, [shanghai_kashgar, baoshan_yecheng], ["选派专家90名"])
    assert got == [(pid(shanghai_kashgar), False)]


# ---- categories from the blind set 12 (made-up sentences of the same shape)

def _facts(gaz, catalog, text: str, title: str = "", outlet: str | None = None):
    article = Article(id="t", source="t.txt", sha256="", text=text, title=title or None, outlet=outlet)
    facts = extract_article(article, gaz, catalog)
    ids = {p.id for p in facts.pairings}
    return ids, {f.quote: f.pairing for f in facts.figures}


def _scope_of(figures: dict, fragment: str) -> str | None:
    return next(p for q, p in figures.items() if fragment in q)


CZ_COUNTY = ("320400", "610728")  # 常州市 -> 镇巴县, inside 常州市 -> 汉中市 (CITY)


def test_a_sentence_naming_only_the_donor_leaves_its_recipients_to_the_paragraph(gaz):
    text = ("常州市与汉中市深化协作，成效明显。全年选派医务人员86名赴常州进修学习。\n"
            "常州专家在镇巴县人民医院开展新技术12项。\n"
            "常州专家还开展义诊活动。完成手术30台。")
    got = scopes(gaz, text, [CITY, CZ_COUNTY],
                 ["全年选派医务人员86名赴常州进修学习", "开展新技术12项", "完成手术30台"])
    # the paragraph names the prefecture: the city's programme, not the county's pairing inside it
    assert got[0] == (pid(CITY), False)
    assert got[1] == (pid(CZ_COUNTY), False)
    # nothing wider names a recipient: the narrowest pairing of that donor stands
    assert got[2] == (pid(CZ_COUNTY), False)


def test_a_hospital_pair_under_a_numbered_head_naming_its_county_is_the_countys_own_pairing(gaz, catalog):
    body = ("2024年，常州市共选派医疗人才120名到汉中市开展帮扶。\n"
            "{head}常州市第二人民医院与镇巴县人民医院开展院对院帮扶，帮助该院开展新技术15项。\n")
    ids, figures = _facts(gaz, catalog, body.format(head="（二）镇巴县。"))
    assert pid(CZ_COUNTY) in ids and pid(CITY) in ids
    assert _scope_of(figures, "新技术15项") == pid(CZ_COUNTY)
    assert _scope_of(figures, "医疗人才120名") == pid(CITY)
    # the same pair in a paragraph of the city's programme (as in seed 000) folds into it
    ids, figures = _facts(gaz, catalog, body.format(head=""))
    assert pid(CZ_COUNTY) not in ids
    assert _scope_of(figures, "新技术15项") == pid(CITY)


def test_the_whole_city_in_a_city_outlets_notice_is_that_city(gaz, catalog):
    text = ("常州市与汉中市深化东西部协作。\n"
            "（一）镇巴县。常州市第二人民医院与镇巴县人民医院开展院对院帮扶，帮助该院开展新技术15项。\n"
            "在常州专家帮助下，全市受援医疗机构开展新技术新项目217项。\n")
    _, figures = _facts(gaz, catalog, text, outlet="汉中市卫生健康委员会")
    assert _scope_of(figures, "217项") == pid(CITY)
    assert _scope_of(figures, "新技术15项") == pid(CZ_COUNTY)


def test_a_programme_named_by_one_character_of_each_place_keeps_the_hospital_pair_at_county_level(gaz, catalog):
    text = ("常州市与汉中市开展东西部协作。\n"
            "2022年，常州市第二人民医院与镇巴县人民医院签订帮扶协议，共派出专家20名。\n")
    ids, figures = _facts(gaz, catalog, text, title="常镇协作三年 县医院迈入三级")
    assert pid(CZ_COUNTY) in ids
    assert _scope_of(figures, "专家20名") == pid(CZ_COUNTY)
    # two characters that make an ordinary word (深化协作) name no programme
    ids, figures = _facts(gaz, catalog, text, title="深化协作三年 县医院迈入三级")
    assert pid(CZ_COUNTY) not in ids
    assert _scope_of(figures, "专家20名") == pid(CITY)


# ---- categories from the blind set 14 (made-up sentences of the same shape)

SH_YN = ("310000", "530000")  # 上海市 -> 云南省: a programme frame whose donor is a municipality
SH_HONGHE = ("310000", "532500")  # 上海市 -> 红河州
MINHANG_YUANYANG = ("310112", "532528")  # 闵行区 -> 元阳县


def test_a_programmes_joined_abbreviation_names_the_programme_not_a_pairing_inside_it(gaz):
    text = "2023年，元阳县共争取沪滇协作资金800万元用于医疗卫生领域。"
    got = scopes(gaz, text, [SH_YN, SH_HONGHE, MINHANG_YUANYANG], ["800万元"])
    # 沪 is Shanghai, but as half of 沪滇 it names the programme: the county's own pairing, not the
    # municipality's prefecture pairing that 沪 + 元阳 would otherwise name on both sides
    assert got == [(pid(MINHANG_YUANYANG), False)]


TJ_GS = ("120000", "620000")  # 天津市 -> 甘肃省
TJ_GANNAN = ("120000", "623000")  # 天津市 -> 甘南州
HEXI_DONGXIANG = ("120103", "622926")  # 河西区 -> 东乡族自治县


def test_a_donors_own_notice_on_its_programme_files_untied_and_donor_only_figures_under_the_programme(gaz):
    text = ("二、资金项目\n全年安排东西部协作资金1.5亿元，实施医疗卫生项目60个。"
            "天津市各级医疗机构向受援地捐赠医疗设备价值共计3000万元。\n"
            "三、结对帮扶\n河西区对口帮扶东乡族自治县，派出专家12名。\n")
    got = scopes(gaz, text, [TJ_GS, TJ_GANNAN, HEXI_DONGXIANG], ["1.5亿元", "3000万元", "专家12名"],
                 outlet="天津市卫生健康委员会")
    # the outlet names the programme's own donor: that points at no pairing inside the programme
    assert got[0][0] == pid(TJ_GS)
    # 天津 alone names the programme and 天津 -> 甘南 alike: the notice's main pairing, the programme
    assert got[1] == (pid(TJ_GS), False)
    assert got[2] == (pid(HEXI_DONGXIANG), False)


FJ_NX = ("350000", "640000")  # 福建省 -> 宁夏回族自治区
XIAMEN_XIJI = ("350200", "640422")  # 厦门市 -> 西吉县
FJ_GUYUAN = ("350000", "640400")  # 福建省 -> 固原市 (a provincial hospital's team at the prefecture's hospital)


def test_a_paragraph_of_the_programmes_own_totals_keeps_them_with_the_programme_in_a_county_article(gaz):
    text = ("自闽宁对口协作机制建立以来，两省区合作不断深化。福建省累计选派900名医疗专家来宁开展帮扶；"
            "闽宁两地共有40家医疗机构结对。\n"
            "厦门专家在西吉县人民医院开展新技术20项。\n")
    got = scopes(gaz, text, [FJ_NX, XIAMEN_XIJI, FJ_GUYUAN], ["900名", "40家", "新技术20项"],
                 title="闽宁协作医疗帮扶成效显现 西吉县就诊率升至九成")
    assert got[0] == (pid(FJ_NX), False)  # not 福建 -> 固原, which only its donor names
    assert got[1] == (pid(FJ_NX), False)  # not the county the headline names
    assert got[2] == (pid(XIAMEN_XIJI), False)
    # a province named alone (通过云南省…评审) is no paragraph of a programme's totals
    text = "此外，医院信息化建设取得进步。电子病历系统通过云南省应用水平评审，为10个乡镇卫生院提供远程诊断服务。"
    got = scopes(gaz, text, [SH_YN, MINHANG_YUANYANG], ["10个乡镇卫生院"], title="沪滇携手 元阳县医院迈上新台阶")
    assert got[0][0] == pid(MINHANG_YUANYANG)


# ---- categories from the blind set 15 (made-up sentences of the same shape)

JS_QH = ("320000", "630000")  # 江苏省 -> 青海省
JS_HAINAN = ("320000", "632500")  # 江苏省 -> 海南藏族自治州
JS_GONGHE = ("320000", "632521")  # 江苏省 -> 共和县, inside it
WUJIN_ZHENBA = ("320412", "610728")  # 武进区 -> 镇巴县, inside 常州市 -> 汉中市 (CITY)


def test_a_placeless_hospitals_own_account_keeps_its_county_pairing(gaz, catalog):
    """A hospital whose name holds no place (a university's hospital) writes of 我院 and a county
    hospital, the donor province stated by the deployment: the county's own pairing, not folded into
    the province's pairing with the prefecture around it."""
    text = ("江苏省累计选派医疗人才200余名赴海南藏族自治州开展帮扶。\n"
            "2023年，按照江苏省卫生健康委部署，我院与共和县人民医院建立“组团式”帮扶关系，"
            "已派出专家12名，帮助开展新技术20项。\n")
    ids, figures = _facts(gaz, catalog, text, title="我院帮扶共和县人民医院两周年", outlet="某某大学附属第一医院")
    assert pid(JS_GONGHE) in ids and pid(JS_HAINAN) in ids
    assert _scope_of(figures, "专家12名") == pid(JS_GONGHE)
    assert _scope_of(figures, "医疗人才200余名") == pid(JS_HAINAN)
    # The same text from a paper (no hospital's own account): the pair folds into the prefecture's.
    ids, figures = _facts(gaz, catalog, text, title="援青医疗成效显著", outlet="某某日报")
    assert pid(JS_GONGHE) not in ids
    assert _scope_of(figures, "专家12名") == pid(JS_HAINAN)


def test_a_place_in_direct_speech_that_is_no_side_ties_nothing(gaz):
    """A place a speaker compares with or travelled to, said in a quotation, is not where the aid went."""
    text = ("常州市与汉中市深化协作。武进区对口帮扶镇巴县。\n"
            "县医院康复科成立时只有3名治疗师，如今已有11名。“现在这里的条件不比城固县差，一年能做上千人次。”患者家属说。\n")
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], ["如今已有11名"], title="武进医生扎根镇巴")
    assert got[0] == (pid(WUJIN_ZHENBA), True)  # nothing ties it: the article's own pairing, assumed
    # Outside a quotation the same county is a place of the story, inside the city's programme.
    text2 = text.replace("“现在这里的条件不比城固县差，一年能做上千人次。”患者家属说。", "其中2名治疗师来自城固县。")
    got = scopes(gaz, text2, [CITY, WUJIN_ZHENBA], ["如今已有11名"], title="武进医生扎根镇巴")
    assert got[0] == (pid(CITY), False)


def test_a_place_naming_the_rank_of_an_accreditation_is_no_side(gaz):
    """X市级重点专科 names a rank; it does not tie the figure to the prefecture's pairing."""
    text = ("常州市与汉中市深化协作。武进区对口帮扶镇巴县。\n"
            "在武进专家帮助下，成功创建汉中市级临床重点专科2个。\n")
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], ["临床重点专科2个"])
    assert got[0] == (pid(WUJIN_ZHENBA), False)


def test_the_bare_county_hospital_in_a_county_outlet_is_that_countys(gaz, catalog):
    """县人民医院 with no place before it, in the county's own outlet, is the county's hospital; 该县
    and 各县 are not."""
    text = ("常州市与汉中市深化协作，常州市选派专家120名到汉中市。\n"
            "武进区对口帮扶镇巴县。县人民医院近三年开展新技术新项目37项。\n")
    _, figures = _facts(gaz, catalog, text, outlet="镇巴县融媒体中心")
    assert _scope_of(figures, "新技术新项目37项") == pid(WUJIN_ZHENBA)
    # Read as the county: 县人民医院 alone; not 镇巴县人民医院's tail, nor 各县 / 该县 (several, or another).
    from generator.extract.pairings import PairingCues, article_mentions

    def bare_mentions(body: str) -> list[str]:
        article = Article(id="t", source="t.txt", sha256="", text=body, title=None, outlet="镇巴县融媒体中心")
        return [m.candidates[0].adcode for m in article_mentions(article, gaz, PairingCues.of(gaz)) if m.surface == "县"]

    assert bare_mentions("县人民医院开展新技术5项。") == ["610728"]
    assert bare_mentions("镇巴县人民医院开展新技术5项。") == []
    assert bare_mentions("各县人民医院开展新技术5项。") == bare_mentions("该县人民医院开展新技术5项。") == []


def test_a_coarser_donor_in_the_story_of_a_finer_pairing_is_shorthand(gaz):
    """The headline names a district and a county; a sentence naming the district's city and the
    county's hospital is that pairing said loosely — also when the sentence names only the city and
    the paragraph the county."""
    text = ("常州市与汉中市深化协作，武进区与镇巴县结对。\n"
            "常州专家在镇巴县人民医院开展新技术12项。\n"
            "常州专家还常驻镇巴。医院门诊量同比增长18%。\n")
    quotes = ["开展新技术12项", "门诊量同比增长18%"]
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], quotes, title="武进医生扎根镇巴")
    assert got == [(pid(WUJIN_ZHENBA), False), (pid(WUJIN_ZHENBA), False)]
    # An article not about that pairing: the coarser donor's own programme.
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], quotes, title="常州汉中协作成效显著")
    assert got == [(pid(CITY), False), (pid(CITY), False)]


def test_a_part_named_after_a_total_does_not_narrow_the_total(gaz):
    """我省…共选派360名…，其中X市人民医院74名: the total is the programme's; only the part is the city's."""
    text = ("江苏省与青海省开展对口支援。江苏省与海南藏族自治州结对帮扶。\n"
            "2022年以来，青海省先后选派360名医务人员赴江苏进修学习，其中海南州人民医院就有74人。\n")
    got = scopes(gaz, text, [JS_QH, JS_HAINAN], ["360名医务人员"])
    assert got[0] == (pid(JS_QH), False)


def test_a_paragraph_that_refers_back_by_gaiyuan_continues_the_paragraph_before(gaz):
    """A paragraph naming no place that refers back to the hospital just written about (该院…) continues
    the paragraph before it; without such a word it falls to the article's main pairing, assumed."""
    text = ("常州市与汉中市深化协作。武进区对口帮扶镇巴县。\n"
            "常州市第一人民医院对汉中市中心医院开展组团式帮扶，派出骨干20人。\n"
            "“现在大手术都不用外转了。”该院外科医生说。数据显示，医院手术量增长了35%。\n")
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], ["医院手术量增长了35%"], title="武进医生扎根镇巴")
    assert got[0] == (pid(CITY), False)
    got = scopes(gaz, text.replace("该院外科医生说", "一位外科医生说"), [CITY, WUJIN_ZHENBA],
                 ["医院手术量增长了35%"], title="武进医生扎根镇巴")
    assert got[0] == (pid(WUJIN_ZHENBA), True)


def test_a_paragraph_opening_with_this_hospital_continues_the_one_before_inside_the_programme(gaz):
    """A paragraph that opens by referring back (五年间，这家医院…) and names the programme's provinces only in
    passing (陕西省空白, 江苏专家) continues the paragraph before it: the city pairing named there, not the
    programme; a paragraph that does not open so stays with the programme's own total."""
    text = ("苏陕协作持续深化。\n"
            "常州市对口帮扶汉中市以来，常州专家常驻汉中市中心医院。\n"
            "五年间，这家医院建成省级重点专科4个，其中填补陕西省空白2项；江苏专家累计开展手术300台。\n")
    got = scopes(gaz, text, [PROGRAMME, CITY], ["建成省级重点专科4个", "累计开展手术300台"])
    assert got == [(pid(CITY), False), (pid(CITY), False)]
    later = text.replace("五年间，这家医院建成", "五年间，全省医院在江苏支持下建成").replace("这家", "")
    got = scopes(gaz, later, [PROGRAMME, CITY], ["建成省级重点专科4个"])
    assert got == [(pid(PROGRAMME), False)]


@pytest.mark.parametrize("sentence", [
    "据统计，5个对口支援省市去年共向陕西选派医疗人才300余名。",  # a count of donor provinces, opening the quote
    "在更大范围里，对口支援的5省市已累计向陕西选派医疗人才300余名。",
    "全年各对口支援省市共向汉中市选派医疗人才300余名。",  # after a time word
])
def test_a_total_of_several_donor_provinces_is_filed_under_no_pairing(gaz, sentence):
    """Every donor province together (N个对口支援省市, 对口支援的N省市, 全年各对口支援省市): no single pairing
    holds the total, whatever the sentence's recipient."""
    text = "苏陕协作持续深化。常州市对口帮扶汉中市。\n" + sentence + "\n"
    got = scopes(gaz, text, [PROGRAMME, CITY], ["医疗人才300余名"])
    assert got == [(None, False)]


def test_a_clause_naming_one_side_by_its_own_place_keeps_that_pairing(gaz):
    """The figure's clause names a pairing's place itself (为汉中培训…); a finer pairing named in a later
    clause of the sentence does not take it. A list of counties is not one place."""
    text = ("常州市与汉中市深化协作。武进区对口帮扶镇巴县。\n"
            "各帮扶医院累计为汉中培训基层医务人员5000人次，武进区人民医院为镇巴县人民医院培养骨干医师20名。\n")
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], ["培训基层医务人员5000人次", "培养骨干医师20名"])
    assert got == [(pid(CITY), False), (pid(WUJIN_ZHENBA), False)]


JS_ZHENBA = ("320000", "610728")  # 江苏省 -> 镇巴县


def test_a_provinces_own_hospital_aids_the_county_as_the_province(gaz, catalog):
    """A province's own hospital (江苏省人民医院) sending a team to the county is the province's aid at
    the county, not the province said loosely for its district paired with that county."""
    text = ("武进区与我县结对以来，累计投入帮扶资金800万元。\n"
            "今年5月，江苏省人民医院组织医疗队到我县开展巡回义诊，为群众义诊1500余人次。\n")
    ids, figures = _facts(gaz, catalog, text, outlet="镇巴县融媒体中心")
    assert pid(JS_ZHENBA) in ids and pid(WUJIN_ZHENBA) in ids
    assert _scope_of(figures, "义诊1500余人次") == pid(JS_ZHENBA)
    assert _scope_of(figures, "资金800万元") == pid(WUJIN_ZHENBA)
    # The province by its short name is shorthand for the district that aids the county: no pairing of its own.
    ids, figures = _facts(gaz, catalog, text.replace("江苏省人民医院组织医疗队", "江苏专家"), outlet="镇巴县融媒体中心")
    assert pid(JS_ZHENBA) not in ids


def test_a_recipient_aided_by_nested_donors_takes_the_donor_its_paragraph_names(gaz):
    """A sentence naming only the county (县医院…), where a city and its district both aid it: the
    paragraph says whose work it reports; with no donor in the paragraph, the article's main pairing, the
    city's that holds the district's, does (not the narrowest: which donor's result it is, nothing says)."""
    text = ("武进区与镇巴县结对以来，投入帮扶资金800万元。\n"
            "常州市第一人民医院对镇巴县人民医院开展“组团式”帮扶，派出专家21名。"
            "今年镇巴县人民医院开展新技术27项。\n"
            "镇巴县人民医院门诊量增长12%。\n")
    got = scopes(gaz, text, [WUJIN_ZHENBA, CZ_COUNTY], ["新技术27项", "门诊量增长12%"],
                 institutions={CZ_COUNTY: [("常州市第一人民医院", "镇巴县人民医院")]})
    assert got == [(pid(CZ_COUNTY), False), (pid(CZ_COUNTY), False)]


def test_a_finer_pairing_named_after_a_total_as_its_example_does_not_take_the_total(gaz):
    """"常州已累计选派…赴汉中市…，武进—镇巴是其中的一个缩影": the clause's own pairing keeps its total; a
    finer donor named before the clause (武进区…，邀请常州专家…) is the clause's subject said in full."""
    text = ("武进区对口帮扶镇巴县。\n"
            "2021年以来常州已累计选派医务人员460余人次赴汉中市开展医疗帮扶，武进—镇巴是其中的一个缩影。\n")
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA], ["460余人次"])
    assert got == [(pid(CITY), False)]
    text2 = ("武进区对口帮扶镇巴县。\n"
             "武进区人民医院今年在镇巴县开展义诊，邀请常州专家赴汉中市坐诊30余次。\n")
    got = scopes(gaz, text2, [CITY, WUJIN_ZHENBA], ["坐诊30余次"])
    assert got == [(pid(WUJIN_ZHENBA), False)]


def test_a_place_named_as_itself_beats_a_pairing_it_only_lies_in(gaz):
    """"武进区投入…，为全县12个卫生院配备设备" beside 常州市 -> 城固县: 武进区 is the very donor of 武进区 ->
    镇巴县 and only a place inside the donor of 常州 -> 城固: the figure is 武进区 -> 镇巴县's."""
    text = ("常州市与汉中市深化协作。\n"
            "（一）镇巴县。武进区投入协作资金300万元，为全县12个镇卫生院配备设备。\n"
            "（二）城固县。常州市第一人民医院选派专家6名。\n")
    got = scopes(gaz, text, [CITY, WUJIN_ZHENBA, ("320400", "610722")], ["12个镇卫生院"])
    assert got == [(pid(WUJIN_ZHENBA), False)]


def test_side_by_side_pairings_fall_back_to_the_one_the_headline_names(gaz):
    """Two pairings neither of which holds the other (武进区 -> 镇巴县, 武进区 -> 城固县): an untied figure
    goes to the one whose places the headline names, marked assumed; with no such headline, to none."""
    pairs = [WUJIN_ZHENBA, ("320412", "610722")]
    text = ("武进区对口帮扶镇巴县，同时支援城固县。\n"
            "截至目前，本批队员已开展新技术新项目31项。\n")
    got = scopes(gaz, text, pairs, ["新技术新项目31项"], title="武进医疗队扎根镇巴")
    assert got == [(pid(WUJIN_ZHENBA), True)]
    got = scopes(gaz, text, pairs, ["新技术新项目31项"], title="医疗队扎根高原")
    assert got == [(None, False)]


def test_a_paragraph_naming_only_a_recipient_of_several_donors_is_the_articles_own_donors(gaz):
    """A paragraph about 镇巴县人民医院 in an article whose headline names 武进区 -> 镇巴县, where 吴江区 also
    aids 镇巴县: the article's own pairing, not a joint figure of both donors."""
    pairs = [WUJIN_ZHENBA, ("320509", "610728")]
    text = ("武进区对口帮扶镇巴县。武进区医疗队在镇巴县人民医院坐诊。吴江区也支援镇巴县。\n"
            "十年来，镇巴县人民医院变化明显。能收治的病种由1300余种增加到3100余种，三四级手术占比提升至48.6%。\n")
    got = scopes(gaz, text, pairs, ["3100余种"], title="武进医疗队扎根镇巴")
    assert got[0][0] == pid(WUJIN_ZHENBA)


def test_a_donor_named_alone_that_aids_several_recipients_reads_on_to_the_paragraph(gaz):
    """"武进医疗队还组织开展筛查，覆盖4.2万人", 武进区 aiding 镇巴县 and 城固县: the sentence names the donor,
    not which of its recipients; the paragraph (镇巴县…) does. It is no joint figure of several donors."""
    pairs = [WUJIN_ZHENBA, ("320412", "610722"), OTHER_COUNTY]
    text = ("武进区对口帮扶镇巴县，同时支援城固县。\n"
            "武进专家通过远程平台为镇巴县患者会诊860余例。武进区医疗队还组织开展先心病筛查，筛查覆盖4.2万人。\n")
    got = scopes(gaz, text, pairs, ["筛查覆盖4.2万人"])
    assert got == [(pid(WUJIN_ZHENBA), False)]


def test_the_two_provinces_of_a_programme_and_the_parts_of_their_total(gaz, catalog):
    """"苏陕两省结对医疗机构达412家，其中江苏186家、陕西226家，覆盖汉中、安康等地": the programme's own
    total (the abbreviation said as the two provinces), and its parts with it; the places listed after
    them do not move either to a finer pairing."""
    text = ("常州市对口帮扶汉中市。\n"
            "目前，苏陕两省结对医疗机构达412家，其中江苏186家、陕西226家，覆盖汉中、安康、商洛等地的全部脱贫县。\n")
    ids, figures = _facts(gaz, catalog, text, title="苏陕协作结硕果")
    assert pid(PROGRAMME) in ids and pid(CITY) in ids
    assert [_scope_of(figures, q) for q in ("412家", "江苏186家", "226家")] == [pid(PROGRAMME)] * 3


def test_the_two_places_of_a_programme_are_its_two_provinces_too(gaz, catalog):
    """"苏陕两地已有300余家医院结成帮扶对子" in a paragraph about a city's hospital: the programme's total."""
    text = ("常州市对口帮扶汉中市。\n"
            "常州市第一人民医院派出专家团队驻点汉中市中心医院。苏陕协作是一张越织越密的网，目前苏陕两地已有300余家医院结成帮扶对子。\n")
    ids, figures = _facts(gaz, catalog, text, title="苏陕协作结硕果")
    assert pid(PROGRAMME) in ids
    assert _scope_of(figures, "300余家") == pid(PROGRAMME)


def test_values_after_fenbie_go_to_the_places_listed_before_it_in_order(gaz):
    """"武进区、天宁区帮扶团队在镇巴县、城固县分别开展新技术新项目23项、18项": 23 is 镇巴县's, 18 城固县's."""
    pairs = [CITY, WUJIN_ZHENBA, ("320402", "610722")]
    text = ("常州市对口帮扶汉中市，武进区结对镇巴县，天宁区结对城固县。\n"
            "武进区、天宁区帮扶团队在镇巴县、城固县分别开展新技术新项目23项、18项。\n")
    article = Article(id="t", source="t.txt", sha256="", text=text)
    pairings = [pairing(gaz, c) for c in pairs]
    quote = "武进区、天宁区帮扶团队在镇巴县、城固县分别开展新技术新项目23项"
    figures = [Figure(id="a", indicator="new_techniques", value=23, unit="item", qualifier="exact", period=None,
                      subject=None, before=None, quote=quote, offset=text.index(quote)),
               Figure(id="b", indicator="new_techniques", value=18, unit="item", qualifier="exact", period=None,
                      subject=None, before=None, quote=quote + "、18项", offset=text.index(quote))]
    assign_scopes(article, pairings, figures, gaz, gaz.find_mentions(text))
    assert [f.pairing for f in figures] == [pid(WUJIN_ZHENBA), pid(("320402", "610722"))]


def test_values_after_fenbie_whose_subject_counts_places_paired_in_order_go_to_those_pairings(gaz, catalog):
    """"甲区、乙区、丙区分别结对帮扶A县、B县、C县，三区分别选派医生12名、9名、7名": the k-th value is the k-th
    pairing of the list, in the same sentence or in the next one of its paragraph (两县人民医院…分别…)."""
    text = ("常州市与汉中市深化东西部协作。\n"
            "武进区、天宁区、钟楼区分别结对帮扶镇巴县、城固县、洋县，三区今年分别选派医生12名、9名、7名。"
            "天宁区、武进区分别与城固县、镇巴县共建远程会诊中心。两县人民医院全年在专家指导下分别完成手术140台、95台。\n")
    article = Article(id="t", source="t.txt", sha256="", text=text)
    facts = extract_article(article, gaz, catalog)
    by_value = {f.value: f.pairing for f in facts.figures}
    assert by_value[12] == "p-320412-610728"  # 武进区 -> 镇巴县
    assert by_value[9] == "p-320402-610722"  # 天宁区 -> 城固县
    assert by_value[7] == "p-320404-610723"  # 钟楼区 -> 洋县
    assert by_value[140] == "p-320402-610722"  # the second list's order: 天宁区 -> 城固县 first
    assert by_value[95] == "p-320412-610728"


def test_a_story_told_in_one_county_files_its_untied_figures_under_that_countys_pairing(gaz, catalog):
    """No headline or outlet names a place; the story names its county again and again and the wider
    pairing's recipient once: a figure nothing ties is the county's (assumed), not the wider pairing's."""
    text = ("北京市对口帮扶兴安盟以来，东城区与扎赉特旗结成帮扶对子，东城区累计选派医疗专家40名到扎赉特旗。\n"
            "扎赉特旗人民医院里，王医生正在查房。他来扎赉特旗已经一年多了。\n"
            "一年里，王医生带出徒弟5名。\n"
            "扎赉特旗的患者说，现在在家门口就能看好病。扎赉特旗的医生也越来越自信。\n")
    ids, figures = _facts(gaz, catalog, text, title="草原上的“京医”")
    assert {pid(("110000", "152200")), pid(("110101", "152223"))} <= ids
    assert _scope_of(figures, "徒弟5名") == pid(("110101", "152223"))


def test_a_recipients_results_go_to_the_main_pairing_when_its_donors_nest_and_none_is_named(gaz):
    """Only the recipient named (一年来…开展手术810台 at the hospital both aid), a province and one of its
    cities aiding it, an article about the province's pairing: the province's, not the narrowest guess;
    a sentence naming the city's hospital is the city's."""
    province, city = ("320000", "610700"), ("320400", "610700")
    text = ("江苏省选派第三批专家团队进驻汉中市中心医院，开展“组团式”帮扶。\n"
            "常州市第一人民医院以院包科方式帮扶该院心内科，派出专家5名。\n"
            "一年来，专家团队在汉中市累计门诊诊疗6200余人次，开展手术810台。\n")
    got = scopes(gaz, text, [province, city], ["开展手术810台", "派出专家5名"],
                 institutions={city: [("常州市第一人民医院", "汉中市中心医院")]},
                 title="江苏省“组团式”医疗帮扶汉中市中心医院一年间")
    assert got == [(pid(province), False), (pid(city), False)]


def test_a_teams_member_hospitals_name_where_the_team_comes_from_not_one_members_pairing(gaz):
    province, county = ("330000", "513200"), ("330300", "513224")
    text = ("浙江省第五批援川医疗队45人抵达阿坝州。队员来自浙江省人民医院、温州医科大学附属第一医院、"
            "湖州市中心医院等8家医院，其中长期队员20名。\n"
            "温州医科大学附属第一医院帮扶松潘县人民医院，开展新技术12项。")
    got = scopes(gaz, text, [province, county], ["其中长期队员20名", "开展新技术12项"],
                 institutions={county: [("温州医科大学附属第一医院", "松潘县人民医院")]})
    assert [p for p, _ in got] == [pid(province), pid(county)]


def test_a_total_whose_clause_names_the_recipient_province_alone_is_the_programmes(gaz):
    programme, district = ("370000", "500000"), ("370303", "500240")
    text = ("张店区卫健局2024年工作总结。\n"
            "一、人才支援。全年共向重庆市选派医疗卫生人才900名，其中我区选派20名，在石柱县人民医院开展帮扶。"
            "张店区人民医院帮扶石柱县人民医院，新开展技术15项，帮助该院新增重庆市临床重点专科2个。")
    got = scopes(gaz, text, [programme, district],
                 ["全年共向重庆市选派医疗卫生人才900名", "新增重庆市临床重点专科2个"],
                 institutions={district: [("张店区人民医院", "石柱县人民医院")]}, outlet="张店区卫生健康局")
    # The first total goes where its own clause says; a province named as a rank (重庆市临床重点专科) is no recipient.
    assert [p for p, _ in got] == [pid(programme), pid(district)]


def test_what_a_sentence_sets_aside_is_not_what_it_reports(gaz):
    programme, district, other = ("320000", "610000"), ("320115", "611025"), ("320115", "654025")
    text = ("江宁区对口帮扶镇安县，派出专家30名。\n"
            "除苏陕协作外，今年2月，我院选派2名医师赴新源县人民医院帮扶，开展新技术6项。")
    got = scopes(gaz, text, [programme, district, other], ["开展新技术6项"],
                 institutions={other: [("南京市江宁医院", "新源县人民医院")]})
    assert [p for p, _ in got] == [pid(other)]


def test_a_sentence_opening_with_that_hospital_continues_the_sentence_before_it(gaz):
    city, county, other = ("330200", "513400"), ("330206", "513429"), ("330206", "513436")
    text = ("宁波市对口帮扶凉山州。\n北仑区结对帮扶布拖县、美姑县。"
            "去年，北仑区人民医院派出专家12名，帮助布拖县人民医院开设新科室3个；该院还有15名医生到北仑进修。")
    got = scopes(gaz, text, [city, county, other], ["该院还有15名医生到北仑进修"],
                 institutions={county: [("北仑区人民医院", "布拖县人民医院")]})
    assert [p for p, _ in got] == [pid(county)]


def test_a_total_of_every_donor_province_together_is_under_no_pairing(gaz):
    frame, city = ("310000", "540000"), ("310000", "540200")
    text = ("据自治区卫生健康委介绍，五年来，各对口援藏省市累计选派医疗人才2100余名，其中长期专家700名。"
            "上海市对口支援日喀则市，派出专家60名。")
    got = scopes(gaz, text, [frame, city], ["累计选派医疗人才2100余名", "其中长期专家700名", "派出专家60名"])
    assert [p for p, _ in got] == [None, None, pid(city)]


def test_what_came_to_the_province_named_by_its_abbreviation_is_the_programmes_total(gaz):
    """"江苏累计选派…来陕帮扶" in a city paper about 常州 -> 汉中: what came to 陕 (the recipient province, by its
    one-character abbreviation after 来) is the programme's total, not the city pairing's; a clause naming a
    finer place, or 来宁 meaning a stay for training, is not."""
    text = (
        "常州市对口帮扶汉中市以来，两地卫生健康合作不断深化。\n"
        "据统计，2022年以来江苏共选派医疗卫生人才950名来陕帮扶，常州市选派专家88名到汉中开展工作。\n"
        "汉中市中心医院新开展技术21项。"
    )
    got = scopes(gaz, text, [PROGRAMME, CITY], ["人才950名", "专家88名", "技术21项"])
    assert got == [(pid(PROGRAMME), False), (pid(CITY), False), (pid(CITY), False)]
    # 来陕 with a finer place in the clause: the finer pairing's.
    finer = "常州市对口帮扶汉中市以来，常州市选派专家60名来陕帮扶汉中。\n"
    assert scopes(gaz, finer, [PROGRAMME, CITY], ["专家60名"]) == [(pid(CITY), False)]


def test_a_province_named_loosely_at_a_bare_county_hospital_is_its_district_at_that_county(gaz):
    """"上海专家团队在县医院开展新技术18项" in a story of 长宁区 → 贡山县, beside 上海 → 怒江州 and 上海 → 云南: the
    province said loosely for its district at work in the county (县医院: the county's own hospital)."""
    shanghai, changning, gongshan, nujiang, yunnan = "310000", "310105", "533324", "533300", "530000"
    text = ("2022年，上海市长宁区与贡山县结对开展医疗帮扶。两年来，上海专家团队在县医院开展新技术18项。\n\n"
            "在怒江傈僳族自治州，上海市对口帮扶的4个县均已实现帮扶全覆盖，上海累计选派医疗人才900名赴云南帮扶。")
    pairs = [(changning, gongshan), (shanghai, nujiang), (shanghai, yunnan)]
    got = scopes(gaz, text, pairs, ["上海专家团队在县医院开展新技术18项"])
    assert got == [(pid((changning, gongshan)), False)]


def test_a_programmes_totals_listed_after_a_semicolon_stay_the_programmes(gaz):
    """"广东累计选派…到广西开展帮扶；广东投入协作资金9亿元": the second total names only the donor, but the sentence it
    continues names both provinces: the programme's totals, listed — not the city pairing the paragraph opens with."""
    guangdong, guangxi, shenzhen, baise = "440000", "450000", "440300", "451000"
    text = ("百色只是粤桂医疗协作的一个缩影。2021年以来，广东累计选派医疗人才3000余名到广西开展帮扶；"
            "广东投入协作资金9亿元，帮助受援医院开展新技术2000余项。")
    got = scopes(gaz, text, [(guangdong, guangxi), (shenzhen, baise)], ["广东投入协作资金9亿元"])
    assert got == [(pid((guangdong, guangxi)), False)]


def test_what_a_body_of_the_donor_province_counted_is_the_programmes_total(gaz):
    """"据江苏省…统计，…江苏累计选派…": a count given by a body of the programme's donor province, naming nothing
    finer, is the programme's own total though a county's post tells it; the county's own count is the county's."""
    text = ("武进区对口帮扶镇巴县以来，我县医院面貌一新。\n"
            "据江苏省对口帮扶工作队统计，2021年以来，江苏累计选派医疗人才610名，结对帮扶受援地医院35家。\n"
            "据县卫生健康局统计，武进区累计选派医疗专家42名到我县。")
    got = scopes(gaz, text, [PROGRAMME, DISTRICT], ["累计选派医疗人才610名", "结对帮扶受援地医院35家", "累计选派医疗专家42名"])
    assert got == [(pid(PROGRAMME), False), (pid(PROGRAMME), False), (pid(DISTRICT), False)]
    # The donor province alone at a prefecture (江苏 -> 汉中 beside the programme): the count is still the programme's.
    prefecture = ("320000", "610700")
    text = ("江苏医疗队在汉中市中心医院帮扶三年，医院新开展技术60项。\n"
            "据江苏省对口帮扶工作队统计，本轮协作以来，江苏累计投入医疗卫生领域协作资金3.2亿元。")
    got = scopes(gaz, text, [PROGRAMME, prefecture], ["新开展技术60项", "协作资金3.2亿元"])
    assert got == [(pid(prefecture), False), (pid(PROGRAMME), False)]


def test_a_recipient_listed_with_places_of_its_region_no_pairing_aids_gives_the_pairing_holding_them_all(gaz):
    """"赴汉中市及镇巴、西乡、城固等地": of the listed counties only 镇巴 has a pairing of its own; the figure is of
    them all, so it goes to the narrowest pairing holding them all (常州 -> 汉中), not to 镇巴's."""
    county = ("320400", "610728")  # 常州市 -> 镇巴县
    text = ("常州市先后选派医疗人才300名，赴汉中市及镇巴、西乡、城固等地开展帮扶。\n"
            "在镇巴县人民医院，常州专家今年完成手术80台。")
    got = scopes(gaz, text, [PROGRAMME, CITY, county], ["选派医疗人才300名", "完成手术80台"])
    assert got == [(pid(CITY), False), (pid(county), False)]
