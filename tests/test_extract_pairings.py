"""Pairing extraction: the seed articles against the gold, and synthetic articles about
other provinces (the extractor must be general, not fitted to the seeds)."""

from __future__ import annotations

from pathlib import Path

from dataclasses import replace

import pytest
import yaml

from generator.extract.pairings import article_mentions, extract_pairings, find_institutions, sentences
from generator.gazetteer import Gazetteer
from generator.model import Article

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(ROOT / "data")


def article_text(text: str) -> Article:
    return Article(id="t", source="t.txt", sha256="", text=text)


def article(path: Path) -> Article:
    return Article(id=path.stem, source=path.name, sha256="", text=path.read_text(encoding="utf-8"))


def check_quotes(a: Article, pairings) -> None:
    for p in pairings:
        assert a.text[p.offset : p.offset + len(p.quote)] == p.quote
        assert p.id == f"p-{p.donor.adcode}-{p.recipient.adcode}"
        for i in p.institutions:
            assert a.text[i.offset : i.offset + len(i.quote)] == i.quote
    assert len({p.id for p in pairings}) == len(pairings)


# ---------------------------------------------------------------------- seeds


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_pairings_match_gold(gaz, path):
    gold = yaml.safe_load((GOLD / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    expected = {(p["donor"]["adcode"], p["recipient"]["adcode"]) for p in gold["pairings"]}
    a = article(path)
    pairings = extract_pairings(a, gaz)
    found = {(p.donor.adcode, p.recipient.adcode) for p in pairings}
    tp = len(expected & found)
    assert expected == found, f"missing {expected - found}, extra {found - expected}"  # the seeds score 1.00
    check_quotes(a, pairings)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_institutions_match_gold(gaz, path):
    gold = yaml.safe_load((GOLD / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    a = article(path)
    got = {p.id: {(i.donor, i.recipient) for i in p.institutions} for p in extract_pairings(a, gaz)}
    for p in gold["pairings"]:
        pid = f"p-{p['donor']['adcode']}-{p['recipient']['adcode']}"
        want = {(i["donor"], i["recipient"]) for i in p["institutions"]}
        assert want <= got.get(pid, set()), pid


def test_seed_quotes_state_the_relationship(gaz):
    a = article(ROOT / "seeds" / "002_7c1a02c08a779852.txt")
    p = {p.id: p for p in extract_pairings(a, gaz)}
    assert p["p-440305-451027"].quote == "深圳南山区与凌云县建立对口协作关系"
    a = article(ROOT / "seeds" / "000_a5d283d4a5cc16de.txt")
    p = {p.id: p for p in extract_pairings(a, gaz)}
    assert p["p-440100-522700"].offset < len(a.text)
    assert "广州" in p["p-440100-522700"].quote and "黔南" in p["p-440100-522700"].quote


# ------------------------------------------------------------ synthetic articles

EXPECTED = {
    "zj_sichuan": {
        ("330000", "510000"): set(),
        ("330200", "513400"): {("宁波市第一医院", "昭觉县人民医院")},
        ("330212", "513429"): set(),
    },
    "js_shaanxi": {
        ("320000", "610000"): set(),
        ("320100", "611000"): set(),
        ("320115", "611026"): {("江宁医院", "柞水县医院")},
        ("320400", "611023"): {("常州市第一人民医院", "商南县人民医院")},
    },
    "fj_ningxia": {
        ("350000", "640000"): set(),
        ("350102", "640422"): set(),  # 福州 鼓楼区, not 南京/徐州/开封 鼓楼区
        ("350500", "640423"): {("泉州市第一医院", "隆德县人民医院")},
    },
    "bj_neimenggu": {
        ("110000", "150000"): set(),
        ("110105", "150400"): set(),  # 北京 朝阳区, not 长春 朝阳区
        ("110108", "150922"): {("北京大学人民医院", "化德县医院")},
    },
    "sz_baise": {
        ("440000", "450000"): set(),
        ("440300", "451000"): {("深圳市人民医院", "百色市人民医院")},
        ("440303", "451022"): {("罗湖区医疗集团", "田东县人民医院")},
    },
    "tj_gansu": {
        ("120000", "620000"): set(),
        ("120103", "623001"): set(),
        ("120000", "623023"): {("天津市第一中心医院", "舟曲县人民医院")},
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_synthetic_articles(gaz, name):
    a = article(FIXTURES / f"{name}.txt")
    pairings = extract_pairings(a, gaz)
    got = {(p.donor.adcode, p.recipient.adcode): {(i.donor, i.recipient) for i in p.institutions} for p in pairings}
    assert set(got) == set(EXPECTED[name])
    for key, insts in EXPECTED[name].items():
        assert insts <= got[key], key
    check_quotes(a, pairings)


def test_direction_comes_from_sides_not_word_order(gaz):
    # The western place first, the eastern one after it: still east -> west. (Where its staff go to study, 赴广州进修,
    # is no side at all: see "sent-to-study" below.)
    a = Article(id="x", source="x", sha256="", text="毕节市每年接收广州选派的帮扶医生。")
    assert [p.id for p in extract_pairings(a, gaz)] == ["p-440100-520500"]


def test_no_pairing_without_both_sides(gaz):
    text = "川渝协作不断深化。广州与深圳的医院开展交流。昆明玉溪双城马拉松举行。患者到重庆主城区、成都就医。"
    assert extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz) == []


def test_province_pair_only_when_stated(gaz):
    # 广州 -> 黔南 does not imply 广东 -> 贵州 unless the text says so.
    a = Article(id="x", source="x", sha256="", text="广州市对口帮扶黔南州,选派专家20名。")
    assert [p.id for p in extract_pairings(a, gaz)] == ["p-440100-522700"]
    a = Article(id="x", source="x", sha256="", text="粤黔协作深入推进。广州市对口帮扶黔南州,选派专家20名。")
    assert {p.id for p in extract_pairings(a, gaz)} == {"p-440000-520000", "p-440100-522700"}


def test_institution_names(gaz):
    text = "一辆救护车直奔贵州省黔东南州剑河县人民医院。来自深圳南方科技大学医院的专家。南方科技大学医院累计派出专家。县人民医院的医生。"
    names = [i.name for i in find_institutions(text, gaz, gaz.find_mentions(text))]
    assert names == ["剑河县人民医院", "南方科技大学医院", "南方科技大学医院"]


def test_sentences_trim_and_split():
    text = "  第一句。第二句;第三句\n\n第四句!"
    assert [text[s:e] for s, e in sentences(text)] == ["第一句", "第二句", "第三句", "第四句"]


# ------------------------------------------------- generalization (held-out error categories)
# Short texts written for these tests; none is copied from an article.


def test_city_and_prefecture_pair_beside_their_districts(gaz):
    # The prefecture-level pair has no aid verb of its own and shares the sentence with a
    # district -> county pair: both levels are stated.
    text = "协作开展以来，福州市与固原市建立四级联动机制，鼓楼区对口帮扶彭阳县。"
    ids = {p.id for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)}
    assert ids == {"p-350100-640400", "p-350102-640425"}


def test_an_ancestor_in_another_clause_pairs_only_within_its_clause(gaz):
    # 记者从百色市…获悉 names a source, not a party: the county pair stays a county pair.
    text = "记者从百色市卫生健康委获悉，深圳市罗湖区选派专家进驻田东县人民医院。"
    ids = {p.id for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)}
    assert ids == {"p-440303-451022"}


def test_county_with_its_own_section_is_its_own_pairing(gaz):
    # A county told under its own sub-heading, through a hospital pair whose donor is the
    # city in the hospital's name, is a pairing apart from the city -> prefecture one.
    text = (
        "广州市与黔东南州携手推进医疗协作，广州市第一人民医院与黔东南州人民医院共建专科联盟。\n"
        "从江：专科建设提能力\n"
        "广州市红十字会医院对从江县人民医院开展组团式帮扶，选派骨干10名。\n"
    )
    got = {p.id: p for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)}
    assert set(got) == {"p-440100-522600", "p-440100-522633"}
    assert [(i.donor, i.recipient) for i in got["p-440100-522633"].institutions] == [("广州市红十字会医院", "从江县人民医院")]


def test_county_without_its_own_section_folds_into_the_prefecture(gaz):
    text = (
        "广州市与黔东南州携手推进医疗协作。\n"
        "广州市红十字会医院对从江县人民医院开展组团式帮扶，选派骨干10名。\n"
    )
    got = {p.id: p for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)}
    assert set(got) == {"p-440100-522600"}
    assert ("广州市红十字会医院", "从江县人民医院") in {(i.donor, i.recipient) for i in got["p-440100-522600"].institutions}


def test_a_paragraph_set_in_the_county_is_its_own_section(gaz):
    """"在剑河，…": a feature's paragraph set in one county of the prefecture its donor district is paired
    with states the district's pairing with the county; a hospital there ("在剑河县人民医院，") does not."""
    text = (
        "根据粤黔协作安排，顺德区对口帮扶黔东南州。\n"
        "在剑河，顺德区人民医院与剑河县人民医院开展专科共建，派驻专家12名。\n"
    )
    got = {p.id: p for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)}
    assert set(got) == {"p-440000-520000", "p-440606-522600", "p-440606-522629"}
    assert [(i.donor, i.recipient) for i in got["p-440606-522629"].institutions] == [("顺德区人民医院", "剑河县人民医院")]
    at_hospital = text.replace("在剑河，", "在剑河县人民医院，")
    assert {p.id for p in extract_pairings(Article(id="x", source="x", sha256="", text=at_hospital), gaz)} == {
        "p-440000-520000", "p-440606-522600"}


def test_a_county_first_told_among_the_prefectures_hospitals_folds_though_a_later_paragraph_is_set_there(gaz):
    text = (
        "顺德区对口帮扶黔东南州，顺德区人民医院帮扶剑河县人民医院，顺德区中医院帮扶黔东南州中医医院。\n"
        "在剑河，顺德区人民医院的帮扶结出硕果，派驻专家12名。\n"
    )
    assert {p.id for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)} == {"p-440606-522600"}


def test_a_district_team_travelling_to_a_county_named_with_its_prefecture_is_stated_at_the_county(gaz):
    """"顺德区医疗专家团队赴黔东南州剑河县义诊": the prefecture heads the place chain; the team's trip states the
    district's pairing with the county, beside the district's with the prefecture."""
    text = ("根据粤黔协作安排，顺德区对口帮扶黔东南州。\n"
            "今年5月，佛山市顺德区医疗专家团队赴黔东南州剑河县开展巡回义诊，服务群众900余人次。\n")
    assert {p.id for p in extract_pairings(Article(id="x", source="x", sha256="", text=text), gaz)} == {
        "p-440000-520000", "p-440606-522600", "p-440606-522629"}


def _pairs(gaz, text: str) -> set[tuple[str, str]]:
    a = Article(id="x", source="x", sha256="", text=text)
    return {(p.donor.name, p.recipient.name) for p in extract_pairings(a, gaz)}


def _codes_in_outlet(gaz, text: str, outlet: str) -> set[tuple[str, str]]:
    """(donor, recipient) adcodes of the pairings of `text` published by `outlet`."""
    a = Article(id="o", source="o.txt", sha256="", text=text, outlet=outlet)
    return {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}


def test_parallel_statements_pair_within_each_segment(gaz):
    got = _pairs(gaz, "近年来,东莞市对口帮扶昭通市、佛山市对口帮扶凉山州的医疗合作持续深化。")
    assert ("东莞市", "昭通市") in got and ("佛山市", "凉山彝族自治州") in got
    assert ("东莞市", "凉山彝族自治州") not in got and ("佛山市", "昭通市") not in got


def test_donor_city_outside_donor_provinces(gaz):
    got = _pairs(gaz, "大连市甘井子区与六盘水市水城区结对帮扶,选派医生10名。")
    assert ("甘井子区", "水城区") in got


def test_short_full_name_inside_a_word_is_not_a_place(gaz):
    got = _pairs(gaz, "北京市对口支援拉萨市,累计投入资金,完成县级医院改造。")
    assert all(r != "成县" for _, r in got)


def test_dateline_and_travel_for_treatment_are_not_sides(gaz):
    got = _pairs(gaz, "新华社西宁5月3日电 江苏省扬州市对口帮扶海西州,选派专家12名。")
    assert ("扬州市", "西宁市") not in got and ("扬州市", "海西蒙古族藏族自治州") in got
    got = _pairs(gaz, "扬州市对口帮扶海西州。“以前看病都要跑西宁,现在扬州专家就在身边。”村民说。")
    assert ("扬州市", "西宁市") not in got


def test_province_aiding_a_prefecture_named_in_a_chain_pairs_the_prefecture_only(gaz):
    # A place chain is one place (shared/gold/FORMAT.md, "Conventions"): 新疆喀什地区 is the prefecture.
    got = _pairs(gaz, "山东省对口支援新疆喀什地区以来,医疗援疆成效明显。")
    assert got == {("山东省", "喀什地区")}


def test_direct_statement_keeps_the_county_level(gaz):
    text = "上海市对口支援日喀则市。上海市先后选派医疗专家40名到江孜县开展帮扶。"
    got = _pairs(gaz, text)
    assert ("上海市", "日喀则市") in got and ("上海市", "江孜县") in got


def test_hospital_takeover_names_both_hospitals(gaz):
    a = Article(id="x", source="x", sha256="", text="余杭区与剑河县结对。余杭区第一人民医院全面托管剑河县人民医院,派驻管理团队。")
    insts = {(i.donor, i.recipient) for p in extract_pairings(a, gaz) for i in p.institutions}
    assert ("余杭区第一人民医院", "剑河县人民医院") in insts


# ------------------------------------------- enumerations, trips, 援疆/援藏, hospital names


def test_one_verb_pairs_every_enumerated_recipient(gaz):
    got = _pairs(gaz, "天津市对口支援和田地区,其中河西区对口支援于田县、策勒县,津南区对口支援民丰县。")
    assert {("河西区", "于田县"), ("河西区", "策勒县"), ("津南区", "民丰县")} <= got
    assert ("河西区", "民丰县") not in got and ("津南区", "于田县") not in got


def test_enumerated_donors_before_one_verb(gaz):
    got = _pairs(gaz, "福建、天津两省市对口支援昌都市,持续加大医疗投入。")
    assert {("福建省", "昌都市"), ("天津市", "昌都市")} <= got


def test_parallel_and_enumerated_segments_together(gaz):
    got = _pairs(gaz, "浙江省对口支援阿克苏地区、湖州市对口支援柯坪县、温州市对口支援乌什县和阿合奇县。")
    assert {("浙江省", "阿克苏地区"), ("湖州市", "柯坪县"), ("温州市", "乌什县")} <= got
    assert ("湖州市", "乌什县") not in got and ("浙江省", "柯坪县") not in got


def test_places_patients_travel_to_are_not_sides(gaz):
    got = _pairs(gaz, "江苏省对口支援海南州,如今群众不用再远赴西宁、兰州求医,在家门口就能做手术。")
    assert ("江苏省", "海南藏族自治州") in got
    assert ("江苏省", "西宁市") not in got and ("江苏省", "兰州市") not in got
    got = _pairs(gaz, "福田区对口支援喀什市,转诊至乌鲁木齐以外的病人明显减少。")
    assert ("福田区", "乌鲁木齐市") not in got
    got = _pairs(gaz, "宝山区投入资金300万元为某县人民医院建设透析室，患者不再往返西宁透析。")
    assert ("宝山区", "西宁市") not in got
    got = _pairs(gaz, "宝山区投入资金300万元，帮扶西宁市人民医院建设透析室。")
    assert ("宝山区", "西宁市") in got  # a place aided, not a patient's trip


def test_aid_to_a_region_after_a_donor_province(gaz):
    got = _pairs(gaz, "第十批福建援藏医疗队抵达昌都。")
    assert ("福建省", "西藏自治区") in got
    got = _pairs(gaz, "津鲁援疆医疗人才在和田开展义诊。")
    assert {("天津市", "新疆维吾尔自治区"), ("山东省", "新疆维吾尔自治区")} <= got
    got = _pairs(gaz, "江苏省累计选派“组团式”援青专家120名。")
    assert ("江苏省", "青海省") in got


def test_aid_to_a_region_after_a_city_states_no_province_pair(gaz):
    got = _pairs(gaz, "厦门援藏医疗队在昌都市人民医院开展手术。")
    assert ("福建省", "西藏自治区") not in got
    got = _pairs(gaz, "浙江大学附属第一医院援疆专家在阿克苏坐诊。")
    assert ("浙江省", "新疆维吾尔自治区") not in got


def test_aid_to_a_region_in_the_headline(gaz):
    a = Article(id="x", source="x", sha256="", title="山东援疆医生:扎根喀什的三年",
                text="疏勒县人民医院迎来新的专家团队。")
    p = {(p.donor.name, p.recipient.name): p for p in extract_pairings(a, gaz)}
    assert ("山东省", "新疆维吾尔自治区") in p
    assert p[("山东省", "新疆维吾尔自治区")].quote == a.title


def test_university_hospital_team_in_a_county_pairs_the_city_and_county(gaz):
    text = ("杭州市与阿坝州签署卫生健康合作协议,杭州累计选派专家80名到阿坝。"
            "在若尔盖县人民医院,来自杭州医学院附属医院的专家团队正在查房。")
    got = _pairs(gaz, text)
    assert ("杭州市", "阿坝藏族羌族自治州") in got and ("杭州市", "若尔盖县") in got


# ------------------------------------------------- verb direction beyond East-West lists


def test_central_province_aiding_xinjiang_by_verb(gaz):
    got = _pairs(gaz, "江西省对口支援新疆阿克苏地区阿瓦提县，选派医疗专家20名。")
    assert got == {("江西省", "阿瓦提县")}  # the chain names the county


def test_programme_donor_before_the_region_word(gaz):
    got = _pairs(gaz, "黑龙江援疆工作开展以来，累计选派医生120名。")
    assert got == {("黑龙江省", "新疆维吾尔自治区")}


def test_northern_province_aiding_a_tibetan_city(gaz):
    got = _pairs(gaz, "辽宁省对口支援西藏那曲市，辽宁援藏医疗队在那曲市人民医院开展帮扶。")
    assert ("辽宁省", "那曲市") in got and ("辽宁省", "西藏自治区") in got


def test_recipient_side_province_aiding_tibet(gaz):
    got = _pairs(gaz, "重庆市对口支援西藏昌都市类乌齐县、八宿县，选派医疗人才30名。")
    assert got == {("重庆市", "类乌齐县"), ("重庆市", "八宿县")}


def test_beijing_hebei_pairing_with_distributive_verb(gaz):
    got = _pairs(gaz, "北京市对口帮扶承德市，北京市朝阳区、丰台区分别对口帮扶丰宁满族自治县、围场满族蒙古族自治县。")
    assert {("北京市", "承德市"), ("朝阳区", "丰宁满族自治县"), ("丰台区", "围场满族蒙古族自治县")} <= got
    assert ("朝阳区", "围场满族蒙古族自治县") not in got and ("丰台区", "丰宁满族自治县") not in got


def test_within_province_pairing_by_verb(gaz):
    got = _pairs(gaz, "广州市对口帮扶清远市，广州市番禺区人民医院托管连州市人民医院。")
    assert got == {("广州市", "清远市"), ("番禺区", "连州市")}


def test_donor_and_place_on_neither_side_signing_an_aid_agreement(gaz):
    got = _pairs(gaz, "6月3日，天津市河东区与隆化县医疗卫生对口帮扶协议签约仪式举行。")
    assert ("河东区", "隆化县") in got


def test_abbreviations_with_a_province_count_before_the_region_word(gaz):
    got = _pairs(gaz, "辽浙两省“组团式”援藏五年，累计选派专家200名。")
    assert {("辽宁省", "西藏自治区"), ("浙江省", "西藏自治区")} <= got


def test_enumerated_trip_for_treatment_is_no_side(gaz):
    got = _pairs(gaz, "过去患者要辗转到西宁甚至成都、北京就医。江苏省对口支援青海省海南藏族自治州。")
    assert all(d in ("江苏省",) for d, _ in got)


def test_traditional_article_quotes_as_printed_names_simplified(gaz):
    from generator.extract import extract_article
    from generator.indicators import IndicatorCatalog
    from generator.ingest import read_article

    a = read_article(FIXTURES / "f_traditional_repost.txt")
    facts = extract_article(a, gaz, IndicatorCatalog.load(ROOT / "data" / "indicators.yaml"))
    pairs = {(p.donor.adcode, p.recipient.adcode) for p in facts.pairings}
    assert {("350000", "640000"), ("350102", "640422")} <= pairs  # 閩寧; 鼓樓區 -> 西吉縣
    for fact in facts.pairings + facts.figures:
        assert a.text[fact.offset : fact.offset + len(fact.quote)] == fact.quote
    insts = [i for p in facts.pairings for i in p.institutions]
    assert [(i.donor, i.recipient) for i in insts] == [("福州市第一医院", "西吉县人民医院")]
    assert all(a.text[i.offset : i.offset + len(i.quote)] == i.quote for i in insts)
    figures = {(f.indicator, f.value) for f in facts.figures}
    assert {("experts_sent", 86), ("new_techniques", 42), ("gaps_filled", 15), ("outcome_change", 31.2)} <= figures


def test_publisher_self_reference_names_the_outlets_place(gaz):
    def pairs(text, outlet):
        a = Article(id="s", source="s.txt", sha256="", text=text, outlet=outlet)
        return {(p.donor.adcode, p.recipient.adcode): p.quote for p in extract_pairings(a, gaz)}

    # 我市 in a city paper is that city; the quote keeps the words as printed.
    got = pairs("近年来，北京市对口帮扶我市，推动优质医疗资源下沉。", "乌兰察布日报")
    assert got == {("110000", "150900"): "北京市对口帮扶我市"}
    # 我市 in a county hospital's account is the county's city (同心县 -> 吴忠市).
    assert ("350300", "640300") in pairs("莆田市与我市结对帮扶，莆田市医疗队进驻。", "同心县人民医院")
    # Without an outlet named after a place, 我市 names nothing.
    assert pairs("北京市对口帮扶我市。", "健康报") == {}


def test_places_without_aid_words_do_not_pair(gaz):
    a = article_text("前不久，在广州打工多年的何建国也回到旺苍，在县城找了份保安的工作。")
    assert extract_pairings(a, gaz) == []


def test_hospital_aiding_hospital_is_filed_under_the_cities_programme(gaz):
    a = article_text("东莞市对口帮扶韶关市。东莞市人民医院“组团式”帮扶乳源瑶族自治县人民医院。")
    got = {(p.donor.adcode, p.recipient.adcode): [(i.donor, i.recipient) for i in p.institutions]
           for p in extract_pairings(a, gaz)}
    assert got == {("441900", "440200"): [("东莞市人民医院", "乳源瑶族自治县人民医院")]}


def test_paired_enumeration_pairs_within_each_segment(gaz):
    a = article_text("在县区层面，大连市中山区与六枝特区、西岗区与钟山区分别建立结对关系。")
    assert {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)} == {
        ("210202", "520203"), ("210203", "520201")}


def test_a_patients_trip_enumeration_is_no_pairing(gaz):
    assert extract_pairings(article_text("群众看大病要跑到河池、南宁甚至广东，东西部协作以来情况改变。"), gaz) == []


def test_a_start_year_between_donor_and_verb(gaz):
    a = article_text("吉林省自2010年起对口支援新疆阿勒泰地区，其中吉林市对口支援哈巴河县。")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert {("220000", "654300"), ("220200", "654324")} <= got


def test_a_donors_notice_with_sections_that_leave_the_donor_unsaid(gaz):
    def pairs(text, outlet):
        return _codes_in_outlet(gaz, text, outlet)

    text = "二、对口支援西藏拉萨。派出医疗人才30名，开展新技术12项。"
    # The donor city's own commission: the section's unsaid subject is the city, the chain names 拉萨 only.
    assert pairs(text, "北京市卫生健康委员会") == {("110000", "540100")}
    # A recipient's outlet: the same words name no donor.
    assert pairs(text, "拉萨市卫生健康委员会") == set()
    # Inside a sentence, after its subject, the words are that subject's.
    assert pairs("天津市对口支援西藏昌都，派出医疗人才30名。", "北京市卫生健康委员会") == {("120000", "540300")}


def test_a_township_health_centre_in_a_western_countys_own_outlet_is_that_countys(gaz):
    def pairs(text, outlet):
        return _codes_in_outlet(gaz, text, outlet)

    text = "2023年，嘉兴市南湖区人民医院与大石镇中心卫生院签订帮扶协议，先后派出医生9名驻点。"
    assert pairs(text, "九寨沟县融媒体中心") == {("330402", "513225")}
    # An eastern outlet's township is no recipient; nor is the generic 各乡镇卫生院.
    assert pairs(text, "南湖区融媒体中心") == set()
    assert pairs("嘉兴市南湖区人民医院与各乡镇卫生院签订帮扶协议，派出医生9名。", "九寨沟县融媒体中心") == set()


def test_a_long_heading_line_naming_a_county_opens_its_own_section(gaz):
    text = ("作为对口帮扶黔南州的城市，广州把医疗协作作为重头戏，累计选派医疗人才300名赴黔南。\n\n"
            "平塘：县医院急诊急救能力大幅提升\n\n"
            "广州市第一人民医院对口帮扶平塘县人民医院，累计派出专家20名，开展新技术15项。")
    a = Article(id="h", source="h.txt", sha256="", text=text)
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    # The heading line (long enough to read like a cut sentence) makes the county's own section.
    assert got == {("440100", "522700"), ("440100", "522727")}


def test_a_donor_sections_later_clause_that_begins_with_the_donors_own_name(gaz):
    # A notice's section headed by the donor city; a later clause of it begins with the city's own name (its
    # hospital), so the quote and its offset must be that clause's, not the head's.
    text = ("一、总体情况。全年向四川省派出专家500人次。\n\n"
            "（二）嘉兴市。嘉兴市组建8个专科团队，全年向九寨沟县派出专家60人次。嘉兴市第一医院对口帮扶九寨沟县人民医院，"
            "开展新技术9项。")
    a = Article(id="d", source="d.txt", sha256="", text=text, outlet="浙江省卫生健康委员会")
    for p in extract_pairings(a, gaz):
        assert p.offset < 0 or text[p.offset:p.offset + len(p.quote)] == p.quote


def test_we_the_hospital_in_a_hospitals_account(gaz):
    text = "在宁波市与黔西南州东西部协作框架下，我院自2020年起对口帮扶晴隆县人民医院，累计派驻专家40名。"
    a = Article(id="w", source="w.txt", sha256="", text=text, outlet="宁波大学附属第一医院")
    # 我院 is the hospital, placed in 宁波: the programme 宁波市 -> 黔西南州, and (the account's
    # own subject) 宁波市 -> 晴隆县.
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert got == {("330200", "522300"), ("330200", "522324")}


# ------------------------------------------- issue 14: categories of construction (made-up texts)


@pytest.mark.parametrize("text, expected", [
    # A chain of places is one place: the county, not its prefecture or province.
    ("杭州市萧山区卫健局组织专家团队赴贵州省黔东南州台江县开展义诊。", {("萧山区", "台江县")}),
    # Short names chained (嘉兴平湖 … 阿坝九寨沟): the inner places only.
    ("嘉兴平湖结对帮扶阿坝九寨沟以来，两地医院往来频繁。", {("平湖市", "九寨沟县")}),
])
def test_a_place_chain_is_one_place(gaz, text, expected):
    assert _pairs(gaz, text) == expected


@pytest.mark.parametrize("text", [
    "苏州市吴江区选派8名医生到商南县医院驻点帮扶。这次苏州帮扶商南，重点放在急诊科建设上。",
    "杭州市萧山区派出专家团队赴台江县。此次杭州支援台江的重点是妇产科。",
])
def test_a_coarser_donor_named_again_as_shorthand_is_the_finer_pairing(gaz, text):
    assert len(_pairs(gaz, text)) == 1


@pytest.mark.parametrize("text, expected", [
    # An award from a recipient-side authority is no aid between the places or hospitals.
    ("苏州市立医院荣获陕西省卫健委颁发的东西部协作先进集体奖。", set()),
    ("常州市第一人民医院获得汉中市政府颁发的帮扶贡献奖。", set()),
    # A generic phrase inside a policy's name pairs nothing; the hospitals named do.
    ("在城市医院支援县医院项目支持下，常州市第二人民医院派专家到镇巴县人民医院坐诊。", {("常州市", "镇巴县")}),
    ("按照城市大医院对口支援县级医院的要求，商南县人民医院与苏州市立医院签订协议。", {("苏州市", "商南县")}),
    # A province organising the team: the province is the donor, not a member hospital's city.
    ("由江苏省卫健委牵头，常州市第二人民医院等4家医院组成专家团，赴汉中市镇巴县开展帮扶。", {("江苏省", "镇巴县")}),
])
def test_hospital_pairs_that_are_not_aid_between_places(gaz, text, expected):
    assert _pairs(gaz, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("常州市以“院包科”、苏州市以“专家驻点”方式帮扶汉中市中心医院、商洛市中心医院。",
     {("常州市", "汉中市"), ("苏州市", "商洛市")}),
    ("杭州市以“托管”形式、嘉兴市以“柔性人才”形式支援阿坝州人民医院、甘孜州人民医院。",
     {("杭州市", "阿坝藏族羌族自治州"), ("嘉兴市", "甘孜藏族自治州")}),
])
def test_two_donors_each_with_its_own_way_pair_in_order_without_fenbie(gaz, text, expected):
    assert _pairs(gaz, text) == expected


def test_a_university_hospital_belongs_to_the_articles_stated_donor(gaz):
    # 东南大学附属中大医院 names no place: its team is the stated donor's (常州 -> 汉中), not a new pairing.
    a = Article(id="x", source="x", sha256="", text="常州市对口帮扶汉中市。东南大学附属中大医院派出专家驻汉中市中心医院。")
    (p,) = extract_pairings(a, gaz)
    assert (p.donor.name, p.recipient.name) == ("常州市", "汉中市")
    assert [(i.donor, i.recipient) for i in p.institutions] == [("东南大学附属中大医院", "汉中市中心医院")]


def test_wo_yuan_in_quoted_speech_at_a_recipient_hospital_is_that_hospital(gaz):
    from generator.extract.pairings import article_mentions

    text = "苏州市吴江区对口帮扶商南县。\n在商南县人民医院，院长李明说：“我院今年新开了两个科室，离不开专家的帮助。”"
    # The outlet is a donor hospital, but the speaker's 我院 is the hospital the paragraph is set at.
    a = Article(id="x", source="x", sha256="", text=text, outlet="苏州市立医院")
    wo = next(m for m in article_mentions(a, gaz) if m.surface == "我院")
    assert wo.candidates[0].name == "商南县"
    # Outside quoted speech, 我院 in a hospital's account is still the publishing hospital.
    a = Article(id="x", source="x", sha256="", text="我院专家赴商南县开展义诊。", outlet="苏州市立医院")
    wo = next(m for m in article_mentions(a, gaz) if m.surface == "我院")
    assert wo.candidates[0].name == "苏州市"


def test_each_step_reads_one_sentence(gaz):
    """The pairing stage's steps can be run on one sentence (made-up text)."""
    from generator.extract.pairings import PairingCues, _SentenceReader

    text = "苏陕协作中，常州市以“院包科”、苏州市以“专家驻点”方式帮扶汉中市中心医院、商洛市中心医院"
    reader = _SentenceReader.of(text, 0, len(text), gaz.find_mentions(text), gaz, PairingCues.of(gaz))
    sides = reader.place_sides()
    assert {text[p : p + 3]: side for p, side in sides.items()} == {
        "常州市": "donor", "苏州市": "donor", "汉中市": "recipient", "商洛市": "recipient",
    }
    pairs, _, _ = reader.place_pairs()
    assert {(d, r) for d, r, _, _ in pairs} == {("320400", "610700"), ("320500", "611000")}
    assert {(s.donor, s.recipient) for s in reader.abbreviation_statements()} == {("320000", "610000")}
    assert reader.directed_statements() == []


def test_a_hospitals_own_account_states_its_county_pairing(gaz):
    """In a hospital's own account (我院), its aid to a county hospital is the account's subject:
    the city -> county pairing, beside the city -> prefecture programme it works under."""
    text = (
        "按照常州市与汉中市东西部协作安排，我院自2022年起对镇巴县人民医院开展“组团式”帮扶。"
        "两年来，我院派驻专家共完成手术300台。"
    )
    a = Article(id="t", source="t.txt", sha256="", text=text, outlet="常州市第三人民医院")
    found = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert ("320400", "610728") in found  # 常州市 -> 镇巴县
    assert ("320400", "610700") in found  # 常州市 -> 汉中市, the programme


def test_a_programme_article_keeps_a_member_hospital_under_the_programme(gaz):
    """The same pair told by a third party, as an example inside the city programme, is that
    programme's (seed 000's 广州市第一人民医院 -> 独山县人民医院 under 广州 -> 黔南)."""
    text = (
        "常州市与汉中市开展东西部协作以来，医疗帮扶成效明显。"
        "如常州市第三人民医院对镇巴县人民医院开展“组团式”帮扶，派驻专家共完成手术300台。"
    )
    a = Article(id="t", source="t.txt", sha256="", text=text, outlet="汉中日报")
    found = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert ("320400", "610700") in found and ("320400", "610728") not in found


def test_recipients_named_by_a_relative_clause_of_the_aid_verb_are_pairings_of_their_own(gaz):
    """"…，其中对口支援的A、B、C三县…": the donor states its aid to each county, not only to the
    prefecture named before."""
    a = article_text("十年来，江苏投入协作资金3亿元用于汉中医疗事业，其中对口支援的略阳、镇巴、留坝三县获得建设资金1亿元。")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert {("320000", "610727"), ("320000", "610728"), ("320000", "610729")} <= got


def test_two_places_joined_by_and_then_a_pairing_verb_pair_at_their_own_level(gaz):
    """"A与B结对后…": a county pairing stated as such, beside the city programme it lies in."""
    a = article_text(
        "无锡市与汉中市开展东西部协作以来，医疗帮扶不断深化。"
        "江阴市医疗队赴汉中市开展帮扶。"
        "江阴市与镇巴县结对后，双方在医疗领域合作不断深化，派驻专家15名。"
    )
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert ("320281", "610728") in got  # not folded into 江阴市 -> 汉中市


def test_a_place_named_as_a_distance_is_no_side(gaz):
    """"…距杭州2000多公里": a reference point on the map, not a donor."""
    a = article_text("浙江省派出医疗队帮扶剑河县人民医院。剑河县地处山区，距杭州2000多公里，交通不便。")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert ("330100", "522629") not in got and ("330000", "522629") in got


def test_donors_enumerated_in_a_support_frame_each_aid_the_recipient(gaz):
    """"在A、B两省的支持下，<recipient>…": each donor enumerated in the frame pairs with the recipient,
    not only the one nearest to it; a support frame without a donor place pairs nothing."""
    a = article_text("在福建、山东两省的大力支持下，甘肃省陇南市人民医院今年开展新技术20项。")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert {("350000", "621200"), ("370000", "621200")} <= got
    a = article_text("在省卫生健康委的支持下，陇南市人民医院今年开展新技术20项。")
    assert extract_pairings(a, gaz) == []


def test_a_programme_named_by_its_two_provinces_in_full_is_their_pairing(gaz):
    """"根据A与B东西部协作和C—D结对帮扶安排": the programme's province pair beside the cities' pair (FORMAT.md,
    Conventions: programme pairs); two provinces merely joined by 与 name no programme."""
    a = article_text("根据福建与宁夏东西部协作和厦门市—固原市结对帮扶安排，我院对口帮扶隆德县人民医院。")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert {("350000", "640000"), ("350200", "640400")} <= got
    a = article_text("福建与宁夏的游客人数持续增长，医院接诊患者3万人次。")
    assert ("350000", "640000") not in {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}


def test_a_place_patients_are_brought_to_for_treatment_is_no_side(gaz):
    """"…患儿被接到杭州免费手术": a trip for treatment, not the city aiding the patients' region."""
    got = _pairs(gaz, "浙江省对口支援阿克苏地区以来，已有200余名阿克苏地区患儿被接到杭州免费手术。")
    assert ("浙江省", "阿克苏地区") in got and ("杭州市", "阿克苏地区") not in got


def test_a_meetings_venue_is_no_side(gaz):
    """"…工作推进会在X县召开": where the meeting was held, not a county the donor aids."""
    got = _pairs(gaz, "福建省对口支援昌吉回族自治州卫生健康工作推进会在吉木萨尔县召开。")
    assert ("福建省", "昌吉回族自治州") in got and ("福建省", "吉木萨尔县") not in got


def test_a_programme_named_by_abbreviations_in_the_headline_is_its_province_pair(gaz):
    """Headline "津甘医疗协作…" states the 天津 -> 甘肃 programme as a body sentence would (quoted whole);
    a headline without a joined pair states none."""
    body = "河东区与舟曲县结对以来，河东区医疗队在舟曲县人民医院开展帮扶。"
    a = replace(article_text(body), title="津甘医疗协作助力高原群众就医")
    got = {(p.donor.adcode, p.recipient.adcode): p for p in extract_pairings(a, gaz)}
    assert ("120000", "620000") in got and got[("120000", "620000")].offset == -1
    a = replace(article_text(body), title="高原群众就医更方便")
    assert ("120000", "620000") not in {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}


def test_a_section_headed_by_the_recipient_pairs_it_with_the_donor_opening_its_first_sentence(gaz):
    """A notice's sections, one per county, each headed by the county with the donor opening the body
    ("（一）镇巴县。武进区投入…"): the head and the body state the pair together."""
    text = ("常州市与汉中市深化卫生健康协作。\n"
            "（一）镇巴县。武进区投入协作资金300万元，支持县医院建设胸痛中心。\n"
            "（二）城固县。天宁区派驻专家6名，开展手术120台。\n")
    got = _pairs(gaz, text)
    assert {("武进区", "镇巴县"), ("天宁区", "城固县")} <= got
    assert ("天宁区", "镇巴县") not in got and ("武进区", "城固县") not in got
    # A body opening with no donor (县医院…) pairs nothing with the head.
    got = _pairs(gaz, "常州市与汉中市深化卫生健康协作。\n（一）镇巴县。县医院新开展技术12项，常州专家功不可没。\n")
    assert ("常州市", "镇巴县") not in got


def test_a_section_headed_by_the_donor_pairs_it_with_the_recipient_its_first_clause_names(gaz):
    """"（二）常州市。第一人民医院与镇巴县人民医院深化合作…": the donor's hospital is named without its place."""
    text = ("江苏省卫生健康委通报对口帮扶工作情况。\n"
            "（一）南京市。市中医院与丹凤县人民医院共建中医科，接诊患者1200人次。\n"
            "（二）常州市。第一人民医院与镇巴县人民医院深化院包科合作，选派专家12名。\n")
    got = _pairs(gaz, text)
    assert {("南京市", "丹凤县"), ("常州市", "镇巴县")} <= got
    assert ("南京市", "镇巴县") not in got and ("常州市", "丹凤县") not in got


def test_every_recipient_aided_in_a_donor_headed_section_is_the_donors(gaz):
    """A later sentence of the section (以“1+8”模式帮扶海东市第二人民医院) and a place chain in it (西宁市湟中区
    人民医院: 湟中区, not 西宁市)."""
    text = ("江苏省卫生健康委通报对口帮扶工作情况。\n"
            "（二）无锡市。向延安市选派医疗人才40名。以“1+8”模式帮扶海东市第二人民医院，开展手术200台。"
            "市人民医院牵头支援西宁市湟中区人民医院。\n")
    got = _pairs(gaz, text)
    assert {("无锡市", "延安市"), ("无锡市", "海东市"), ("无锡市", "湟中区")} <= got
    assert ("无锡市", "西宁市") not in got


def test_hospitals_listed_against_hospitals_with_fenbie_pair_in_order(gaz):
    """"A医院、B医院分别帮扶X医院和Y医院": A with X and B with Y, not each recipient with its nearest donor."""
    got = _pairs(gaz, "常州市第一人民医院、无锡市人民医院分别帮扶镇巴县人民医院和城固县人民医院。")
    assert {("常州市", "镇巴县"), ("无锡市", "城固县")} <= got
    assert ("无锡市", "镇巴县") not in got and ("常州市", "城固县") not in got


def test_a_trip_for_dialysis_names_no_side(gaz):
    got = _pairs(gaz, "武进区援建的透析中心投入使用，患者不用再往返200多公里到汉中市透析。")
    assert ("武进区", "汉中市") not in got


def test_places_counted_as_a_donors_aided_counties_pair_with_that_donor(gaz):
    """"A、B、C3个<donor>对口帮扶县": each listed place is aided by the donor."""
    got = _pairs(gaz, "宁波市投入资金支持凉山州第一人民医院建设，为布拖县、金阳县、昭觉县3个宁波对口帮扶县的县医院添置了彩超。")
    assert {("宁波市", "布拖县"), ("宁波市", "金阳县"), ("宁波市", "昭觉县")} <= got


def test_staff_sent_to_the_donor_to_learn_do_not_reverse_the_pairing(gaz):
    """"B选派骨干到A的医院进修": A trains B's staff; B does not aid A."""
    got = _pairs(gaz, "北京市密云区对口帮扶滦平县。滦平县先后选派30名医护人员到密云区医院跟岗培训。")
    assert ("密云区", "滦平县") in got and ("滦平县", "密云区") not in got
    got = _pairs(gaz, "北京市密云区先后选派30名医护专家到滦平县开展培训。")  # a team sent to teach
    assert got == {("密云区", "滦平县")}


def test_the_whole_prefecture_is_no_county_named_after_it(gaz):
    """全州6县 / 全州县域内 in an article about another prefecture: "the whole prefecture", not 广西's 全州县."""
    def codes(text):
        return {m.candidates[0].adcode for m in article_mentions(Article(id="x", source="x", sha256="", text=text), gaz)}
    assert "450324" not in codes("上海市对口帮扶果洛州。远程会诊覆盖全州6县，全州县域内就诊率达到78.6%。")
    assert "450324" not in codes("广州市对口帮扶黔南州，力争全州县级医院全部达到二级甲等，全州县乡两级医生都接受了培训。")
    assert "450324" in codes("深圳市对口帮扶桂林市全州县。全州县人民医院新开展技术20项。")


def test_a_places_team_aiding_a_county_hospital_states_the_county_pairing(gaz):
    """"<district>医疗团队组团帮扶<county>人民医院" beside the district's prefecture pairing: the team is the
    district's (no hospital of it), so the county pairing is stated at its own level, not folded."""
    got = _pairs(gaz, "嘉定区对口帮扶文山州。嘉定区医疗团队组团帮扶富宁县人民医院，开展新技术10项。")
    assert {("嘉定区", "文山壮族苗族自治州"), ("嘉定区", "富宁县")} <= got


def test_two_groups_of_unequal_size_pair_as_groups_not_each_with_each(gaz):
    """"A、B两区结对帮扶X、Y、Z三县" without 分别: which district aids which county is not said here."""
    got = _pairs(gaz, "天津市和平区、南开区两区结对帮扶甘南州夏河县、碌曲县、玛曲县三县。")
    assert not any(d in ("和平区", "南开区") for d, _ in got)
    got = _pairs(gaz, "天津市和平区、南开区两区结对帮扶甘南州夏河县、碌曲县、玛曲县三县。和平区派出专家驻点夏河县。")
    assert ("和平区", "夏河县") in got and ("南开区", "夏河县") not in got


def test_a_donors_act_toward_listed_counties_states_each_county_pairing(gaz):
    """"<district>向A县、B县分别投入资金…" beside the district's prefecture pairing: each county is aided at
    its own level (not folded into the prefecture)."""
    got = _pairs(gaz, "2021年以来，嘉定区对口帮扶文山州。嘉定区向富宁县、广南县分别投入资金500万元和400万元。")
    assert {("嘉定区", "文山壮族苗族自治州"), ("嘉定区", "富宁县"), ("嘉定区", "广南县")} <= got


def test_an_organiser_aids_the_recipient_of_its_clause_itself(gaz):
    """"由<city>统筹选派的医疗团队组团帮扶<county>人民医院" beside a district of that city aiding the same
    county: the organiser's own pairing, not folded into the district's."""
    got = _pairs(gaz, "嘉定区对口帮扶富宁县，投入资金300万元。由上海市统筹选派的医疗团队则组团帮扶富宁县人民医院。")
    assert {("嘉定区", "富宁县"), ("上海市", "富宁县")} <= got


def test_a_compass_part_of_a_region_is_no_place(gaz):
    """"建成黔西北区域医疗次中心": 黔西北 is a part of Guizhou, not 黔西市."""
    text = "广州市对口帮扶毕节市，番禺区对口帮扶威宁县，力争把威宁县人民医院建成黔西北区域医疗次中心。"
    mentions = article_mentions(Article(id="x", source="x", sha256="", text=text), gaz)
    assert "520581" not in {m.candidates[0].adcode for m in mentions}  # 黔西市
    assert ("番禺区", "威宁彝族回族苗族自治县") in _pairs(gaz, text)
    # …nor a landscape named after a place (科尔沁沙地: not 科尔沁区).
    text = "北京市密云区对口帮扶通辽市库伦旗，一批又一批密云医生踏上科尔沁沙地，扎根库伦旗人民医院。"
    mentions = article_mentions(Article(id="x", source="x", sha256="", text=text), gaz)
    assert "150502" not in {m.candidates[0].adcode for m in mentions}  # 科尔沁区
    assert ("密云区", "库伦旗") in _pairs(gaz, text)


def test_cities_patients_are_taken_to_for_free_treatment_are_no_donors(gaz):
    """"组织患儿赴南京、无锡等地免费手术": where the children were operated on, not who aids the prefecture."""
    got = _pairs(gaz, "江苏省对口支援海南州。三年来，江苏累计组织海南州患儿40名赴南京、无锡等地免费手术。")
    assert ("江苏省", "海南藏族自治州") in got
    assert not any(d in ("南京市", "无锡市") for d, _ in got)


def test_the_regions_an_office_is_named_after_are_no_sides(gaz):
    """"北京市对口支援新疆、西藏、青海工作领导小组": the office's name lists where the city works."""
    got = _pairs(gaz, "在北京市对口支援新疆、西藏、青海工作领导小组的支持下，北京市选派专家赴玉树州开展帮扶。")
    assert ("北京市", "玉树藏族自治州") in got
    assert not any(r in ("新疆维吾尔自治区", "西藏自治区") for _, r in got)


def test_a_donor_hospital_named_without_its_place_is_the_articles_donor_provinces(gaz):
    """"华山医院派驻金平县人民医院的专家…": every donor-side place of the article lies in 上海, so the hospital is its."""
    text = "上海市对口帮扶云南省，闵行区结对帮扶某县。华山医院派驻金平县人民医院的6名专家开展手术100台。"
    assert ("上海市", "金平苗族瑶族傣族自治县") in _pairs(gaz, text)
    # A level before a generic name (县人民医院) names no donor hospital.
    text2 = "上海市对口帮扶云南省，闵行区结对帮扶某县。县人民医院派驻金平县勐拉镇卫生院的专家开展义诊10次。"
    assert ("上海市", "金平苗族瑶族傣族自治县") not in _pairs(gaz, text2)
    # Donor places in two provinces: whose the hospital is cannot be told.
    text = "上海市对口帮扶云南省，江苏省对口帮扶陕西省。华山医院派驻金平县人民医院的6名专家开展手术100台。"
    assert not any(r == "金平苗族瑶族傣族自治县" for _, r in _pairs(gaz, text))


def test_a_patients_home_and_a_distance_in_chinese_numerals_are_no_sides(gaz):
    """"一位从阿里赶来的牧民", "在距离喀什市约两百公里的…县": where a patient lives, a reference point."""
    got = _pairs(gaz, "北京市对口支援拉萨市，北京援藏专家正在为一位从阿里赶来的牧民看诊。")
    assert ("北京市", "拉萨市") in got and not any(r == "阿里地区" for _, r in got)
    got = _pairs(gaz, "在距离喀什市约两百公里的叶城县，上海援疆医疗队已接力到第五批。")
    assert ("上海市", "叶城县") in got and ("上海市", "喀什市") not in got


def test_a_provincial_health_commissions_notice_on_its_aid_states_the_province_pairs(gaz):
    """"浙江省卫生健康委关于2023年度医疗人才“组团式”援疆援藏工作情况的通报": the commission stands for the province."""
    title = "浙江省卫生健康委关于2023年度医疗人才“组团式”援疆援藏工作情况的通报"
    text = "2023年，全省卫生健康系统选派医疗人才120名，支援阿克苏地区第一人民医院建设。\n"
    a = Article(id="x", source="x", sha256="", text=text, title=title)
    got = {(p.donor.name, p.recipient.name) for p in extract_pairings(a, gaz)}
    assert {("浙江省", "新疆维吾尔自治区"), ("浙江省", "西藏自治区")} <= got
    # A hospital in between is its own team, not the province's programme.
    a = Article(id="x", source="x", sha256="", text="浙江省人民医院援疆医疗队抵达阿克苏。\n")
    assert ("浙江省", "新疆维吾尔自治区") not in {(p.donor.name, p.recipient.name) for p in extract_pairings(a, gaz)}


def test_a_place_chain_after_a_donor_and_yu_is_its_innermost_place(gaz):
    """"<donor>与承德市兴隆县医院…合作" (京冀): the county is aided, not the prefecture the chain names first."""
    got = _pairs(gaz, "在京冀协作框架下，北京市平谷区与承德市兴隆县医院深化对口支援合作，派出专家12名。")
    assert ("平谷区", "兴隆县") in got and ("平谷区", "承德市") not in got


def test_respective_lists_ending_in_the_outlets_own_unnamed_county_pair_the_named_ones_in_order(gaz):
    """"A、B、C分别与X、Y和我县结对" with no outlet to say which county 我县 is: A-X and B-Y, and no pair
    of each donor with each recipient (the lists are one longer on the donors' side)."""
    got = _pairs(gaz, "据介绍，苏州市吴江区、吴中区、相城区分别与铜仁市石阡县、思南县和我县结对帮扶。")
    assert ("吴江区", "石阡县") in got and ("吴中区", "思南县") in got
    assert ("吴江区", "思南县") not in got and ("相城区", "石阡县") not in got and ("相城区", "思南县") not in got


def test_a_county_of_the_province_a_jingji_style_programme_names_is_aided(gaz):
    """京冀协作 names 河北 (on neither side of the East-West lists) as aided: its counties paired with a
    Beijing district by 与…结对 are recipients; its cities in a count of groups are not made sides by it."""
    got = _pairs(gaz, "京冀协作开展以来，北京市西城区与阜平县结对，西城区先后派出医疗专家18名常驻县医院。")
    assert ("西城区", "阜平县") in got
    got = _pairs(gaz, "在京冀协作框架下，本市12个区与河北省唐山、廊坊2市15个县开展医疗卫生协作。")
    assert not any(r in ("唐山市", "廊坊市") for _, r in got)


def test_a_citys_own_batch_travelling_to_a_county_is_the_citys_pairing_beside_its_districts(gaz):
    """"潍坊市第五批援藏医疗队共12名到X县…" states the city's own aid, not its district's said loosely."""
    got = _pairs(gaz, "今年7月，潍坊市第五批援疆医疗队共12名抵达疏附县开展帮扶。潍坊市奎文区投入援疆资金80万元，"
                      "为疏附县一所乡镇卫生院购置设备。")
    assert ("潍坊市", "疏附县") in got and ("奎文区", "疏附县") in got


def test_hospitals_listed_as_a_provinces_own_stand_for_the_province(gaz):
    """"A医院、B医院等8家省属医院“组团式”帮扶X医院": the province aids; a member hospital's city is no donor."""
    got = _pairs(gaz, "山东省立医院、青岛大学附属医院等8家省属医院“组团式”帮扶喀什地区第二人民医院。")
    assert ("山东省", "喀什地区") in got and ("青岛市", "喀什地区") not in got
    got = _pairs(gaz, "青岛大学附属医院等8家省属医院“组团式”帮扶喀什地区第二人民医院。")
    assert got == {("山东省", "喀什地区")}


# Places a sentence names that are no pairing side: (text, pairs it states, places that are no side).
NO_SIDES = {
    # a team's members spread over a vague list of places: where they went
    "vague-destinations": ("山东省第十批援甘医疗队48名队员抵达甘肃，分赴定西、陇南、临夏等地的县级医院开展帮扶。",
                           set(), ("定西市", "陇南市", "临夏回族自治州")),
    # a patient's trip costs
    "trip-costs": ("青岛市城阳区援建西和县人民医院透析中心，每年为患者节省往返陇南、天水的交通食宿费用80余万元。",
                   {("城阳区", "西和县")}, ("陇南市", "天水市")),
    # a patient's trip said with no cost after it (不再往返X。 / 往返X的奔波)
    "trip-ended": ("宁波市对口帮扶凉山州。北仑区则聚焦布拖县的透析难题，援建的布拖县人民医院透析中心投用以来累计透析"
                   "2100余人次，约40名患者不再往返西昌。", {("北仑区", "布拖县")}, ("西昌市",)),
    "trip-toil": ("宁波市对口帮扶凉山州。北仑区则聚焦布拖县的透析难题，援建的布拖县人民医院透析中心投用以来，免去了患者"
                  "每周往返西昌的奔波。", {("北仑区", "布拖县")}, ("西昌市",)),
    # a gap filled at a place's level (填补X空白): where the technique is new
    "gap-filled": ("惠水县人民医院是受益者之一。四年来，越秀区先后派出专家常驻医院，帮助开展新技术80项，其中11项填补黔南州空白。",
                   set(), ("黔南布依族苗族自治州",)),
    # patients who came from places around (从X、Y等地赶来, 来自X、Y等地的患者): where they live
    "patients-from": ("南京市派出专家团队帮扶西宁市第一人民医院，不少患者专程从海东、海北等地赶来找南京专家看病。",
                      {("南京市", "西宁市")}, ("海东市", "海北藏族自治州")),
    "patients-from-listed": ("南京专家在西宁市第一人民医院坐诊，接诊来自果洛、玉树等地的患者300余人次。",
                             set(), ("果洛藏族自治州", "玉树藏族自治州")),
    # a team's people from a vague list of places (来自X、Y等地的专家, 把X、Y等地医院的专家请到…): examples
    "experts-from": ("阿克苏地区第一人民医院里，来自杭州、宁波、温州等地的援疆专家每天接诊不断。",
                     set(), ("杭州市", "宁波市", "温州市")),
    "experts-brought": ("浙江援疆医疗队通过远程平台，把杭州、宁波等地三甲医院的专家请到阿克苏。",
                        {("浙江省", "阿克苏地区")}, ("杭州市", "宁波市")),
    # what had to be done elsewhere before (过去要到X才能做的手术): a trip, not a side
    "done-elsewhere-before": ("江苏援青医疗队帮助海南州人民医院开展新技术40项，一批过去要到西宁才能做的手术，如今在州里就能完成。",
                              set(), ("西宁市",)),
    # local staff sent to a donor city to study (赴X进修, 到X各级医院跟岗学习): where they study
    "sent-to-study": ("江苏援青医疗队在海南州人民医院坐诊带教，医院选派42名医护人员赴南京进修，另有15人到苏州各级医院跟岗学习。",
                      set(), ("南京市", "苏州市")),
}


@pytest.mark.parametrize("text, stated, no_sides", NO_SIDES.values(), ids=NO_SIDES.keys())
def test_places_that_are_no_sides(gaz, text, stated, no_sides):
    got = _pairs(gaz, text)
    assert stated <= got
    assert not any(place in no_sides for pair in got for place in pair)


def test_a_province_aided_in_the_article_is_no_donor_of_a_programme_it_belongs_to(gaz):
    """河北 is one of 援藏's donors, but an article on 北京援藏 and 京冀协作 that names 河北 only as aided by
    北京 does not make it a donor: a donor of the programme is one named with it or its region."""
    text = ("北京市选派第十批援藏医疗队赴拉萨市开展帮扶。\n"
            "在京冀医疗协作带动下，河北省丰宁县县域内就诊率稳步提升。\n")
    assert ("北京市", "河北省") in _pairs(gaz, text)
    # Named with the programme, 河北 is its donor (河北援藏医疗队 in 阿里).
    assert ("河北省", "阿里地区") in _pairs(gaz, "河北省第十批援藏医疗队抵达阿里地区开展帮扶。")


def test_a_donors_hospital_aiding_a_hospital_of_a_province_on_neither_side(gaz):
    """京冀: a Beijing district's hospital aiding a Hebei county's hospital pairs the two places, though
    Hebei is on neither side of the East-West lists; two hospitals of donor provinces do not pair."""
    got = _pairs(gaz, "北京市密云区医院与滦平县医院深化对口支援合作，先后派出专家32人次到滦平县医院坐诊。")
    assert ("密云区", "滦平县") in got
    got = _pairs(gaz, "深圳市人民医院与紫金县人民医院深化合作，先后派出专家32人次到紫金县人民医院坐诊。")
    assert ("深圳市", "紫金县") not in got


def test_the_member_lists_of_an_alliance_pair_no_hospitals(gaz):
    """An alliance's members listed side by side (广东方成员包括…，林芝方成员包括…) say who belongs, not
    who aids whom: no hospital of one list pairs with one of the other."""
    text = ("在广东省对口支援林芝市的框架下，两地成立心血管专科联盟。广东方成员包括广东省人民医院、深圳市人民医院、"
            "珠海市人民医院，林芝方成员包括巴宜区人民医院、波密县人民医院、朗县人民医院。")
    got = _pairs(gaz, text)
    assert ("广东省", "林芝市") in got
    assert not {p for p in got if p[0] in ("深圳市", "珠海市") or p[1] in ("巴宜区", "波密县", "朗县")}, got


def test_a_university_named_after_one_place_whose_hospital_is_in_another(gaz):
    """北京大学深圳医院 is a hospital in 深圳: its aid to 百色 pairs 深圳, not 北京."""
    got = _pairs(gaz, "深圳市对口帮扶百色市。北京大学深圳医院与百色市人民医院深化合作，派出专家12名。")
    assert ("深圳市", "百色市") in got and ("北京市", "百色市") not in got


def test_fenbie_after_the_recipients_pairs_donors_and_recipients_in_order(gaz):
    """"武进区、天宁区帮扶团队在镇巴县、城固县分别开展新技术23项、18项": in order, not every with every."""
    got = _pairs(gaz, "武进区、天宁区帮扶团队在镇巴县、城固县分别开展新技术新项目23项、18项。")
    assert {("武进区", "镇巴县"), ("天宁区", "城固县")} <= got
    assert ("武进区", "城固县") not in got and ("天宁区", "镇巴县") not in got


def test_an_aid_verb_in_an_officials_quoted_speech_states_its_pairing(gaz):
    """“三年来，武进区先后选派…到镇巴县、城固县开展帮扶。”刘某说: an aid verb from one place to others states
    the pairing though it is quoted; places a speaker travelled to still tie nothing (see the trip tests)."""
    text = ("常州市与汉中市深化协作。“三年来，武进区先后选派三批共62名医务人员到镇巴县、城固县开展帮扶。”"
            "武进区卫生健康委副主任刘某说。")
    got = _pairs(gaz, text)
    assert {("武进区", "镇巴县"), ("武进区", "城固县")} <= got


def test_aid_to_a_region_without_a_donor_named_is_the_publishing_provinces(gaz):
    """In a donor province's own outlet (its health commission, its daily), 援疆 / 援藏 with no place before
    it in the sentence (全年共选派援疆援藏医疗人才120名，其中援疆70名、援藏50名) is that province's programme."""
    def pairs(text, outlet):
        a = Article(id="s", source="s.txt", sha256="", text=text, outlet=outlet)
        return {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}

    text = "一、总体情况\n全年共选派医疗人才120名，其中援疆70名、援藏50名，各队运行平稳。\n"
    assert {("420000", "650000"), ("420000", "540000")} <= pairs(text, "湖北省卫生健康委员会")
    # a city's outlet or a recipient region's own says nothing about a province's programme
    assert pairs(text, "武汉晚报") == set()
    assert pairs(text, "新疆日报") == set()


def test_a_hospital_in_the_sentence_before_is_not_the_donor_where_another_donor_is_named(gaz):
    """"甲市第一医院专家…。乙市援藏医生在X区人民医院…": the second sentence states its own donor; the first
    sentence's hospital does not pair with the recipient hospital named there."""
    text = ("苏州市第一人民医院专家今年以来为林周县患者远程会诊120例。"
            "无锡援藏医生今年以来在墨竹工卡县人民医院开展义诊8场。\n")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert ("320500", "540127") not in got  # 苏州市 -> 墨竹工卡县
    # with no other donor in its sentence, a hospital story told over two sentences still pairs
    text = "苏州市立医院派出专家团队。团队在墨竹工卡县人民医院开展义诊8场。\n"
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert ("320500", "540127") in got


def test_a_distance_travelled_to_a_place_makes_it_no_side(gaz):
    """"患者不必再往返200多公里到X市区": where patients used to travel, not an aided place."""
    text = "嘉兴市对口支援沙雅县。嘉兴专家在县医院坐诊，群众不用再来回300多公里到库车市区。\n"
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert got == {("330400", "652924")}  # 嘉兴市 -> 沙雅县, not -> 库车市


def test_a_hospital_taking_charge_of_a_department_is_aid(gaz):
    """院包科: "甲区人民医院包抓乙县人民医院的儿科" states the district's aid to the county."""
    text = "长沙市对口支援隆子县。岳麓区人民医院包抓隆子县人民医院的儿科和麻醉科。\n"
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert ("430104", "540529") in got  # 岳麓区 -> 隆子县


def test_places_listed_against_places_one_to_one_pair_in_order(gaz):
    """"甲、乙两市与A、B两县“一对一”结对": the first with the first, not every one with every one."""
    text = "近年来，湖州、嘉兴两市与青川县、剑阁县“一对一”结对，组团帮扶成效明显。\n"
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert got == {("330500", "510822"), ("330400", "510823")}  # 湖州 -> 青川, 嘉兴 -> 剑阁


def test_a_countys_own_account_of_a_donor_hospital_aiding_it_pairs_the_donor_with_the_county(gaz):
    """In a county's own media (我旗), "北京某医院对口帮扶我旗人民医院" is the donor's pairing with the banner,
    not folded into the donor's programme with the prefecture the article also names."""
    text = ("京蒙协作开展以来，北京市累计向乌兰察布市选派医疗人才900人次。\n"
            "北京朝阳医院自2023年起对口帮扶我旗人民医院，累计派驻专家15名，开展新技术22项。\n")
    a = Article(id="s", source="s.txt", sha256="", text=text, outlet="察哈尔右翼后旗融媒体中心")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert ("110000", "150928") in got  # 北京市 -> 察哈尔右翼后旗
    assert ("110000", "150900") in got  # the city's programme stays


def test_a_section_headed_by_the_county_whose_donor_is_named_with_its_city_pairs_the_district(gaz):
    """"（一）某县。福州市某区选派专家…": the donor is the district the chain names, not its city."""
    text = ("二、各县（区）情况\n"
            "（一）隆德县。福州市台江区选派专家12名，帮助县人民医院开展手术300台次。\n"
            "（二）彭阳县。福州市马尾区投入协作资金380万元，为乡镇卫生院配备设备。\n")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert got == {("350103", "640423"), ("350105", "640425")}  # 台江区 -> 隆德县, 马尾区 -> 彭阳县


def test_a_provincial_paper_named_after_no_place_reads_its_province_as_we(gaz):
    """In 大众日报 (Shandong's paper, data: cooperation.yaml `outlet_places`), 我省 is 山东省; the places listed
    after 赴 are all destinations, a donor of another programme among them (重庆) included."""
    text = "近年来，我省累计选派医疗人才900余名，赴重庆、甘肃和西藏日喀则开展帮扶。\n"
    a = Article(id="s", source="s.txt", sha256="", text=text, outlet="大众日报")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert {("370000", "500000"), ("370000", "620000"), ("370000", "540200")} <= got
    assert not {pair for pair in got if pair[0] == "500000"}  # 重庆 aids no one here


@pytest.mark.parametrize("outlet, donor", [("江苏省卫生健康委员会", "320000"), ("新华网", None)])
def test_the_provincial_commission_named_bare_in_its_own_page_is_its_province(gaz, outlet, donor):
    """"省卫生健康委协调向…捐赠…" on a province's commission site: the province gives (as 我省 would say it);
    in an outlet named after no province, 省 names no place."""
    text = "援疆工作成效明显。省卫生健康委协调向伊宁县人民医院捐赠救护车2辆。\n"
    a = Article(id="s", source="s.txt", sha256="", text=text, outlet=outlet)
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(a, gaz)}
    assert {d for d, r in got if r == "654021"} == ({donor} if donor else set())


def test_supporters_listed_vaguely_in_thanks_are_no_sides(gaz):
    """"在天津市及西青区、北辰区等对口帮扶区的大力支持下，全州…" in the prefecture's own notice thanks the
    city and its districts; each district's own pairing is the county it aids, not the prefecture."""
    text = ("在天津市及西青区、北辰区等对口帮扶区的大力支持下，全州卫生健康事业持续发展。\n"
            "西青区组织区属医院帮扶临潭县，北辰区医院与夏河县人民医院共建胸痛中心。\n")
    a = Article(id="s", source="s.txt", sha256="", text=text, outlet="甘南藏族自治州卫生健康委员会")
    got = {(p.donor.name, p.recipient.name) for p in extract_pairings(a, gaz)}
    assert got == {("西青区", "临潭县"), ("北辰区", "夏河县")}


def test_a_places_hospitals_joining_an_alliance_another_leads_are_no_pairing(gaz):
    """"由甲区人民医院牵头、某市5家县级医院参与的专科联盟": the city's hospitals are members, not a pairing of the
    district with the city; the district's own pairing with its county stands."""
    text = ("南京市江宁区对山阳县持续开展帮扶。今年3月，由江宁区人民医院牵头、商洛市5家县级医院参与的"
            "胸痛专科联盟成立。\n")
    got = {(p.donor.adcode, p.recipient.adcode) for p in extract_pairings(article_text(text), gaz)}
    assert ("320115", "611024") in got and ("320115", "611000") not in got


@pytest.mark.parametrize("sentence", [
    "复旦大学附属华山医院已派驻4批专家到丘北县人民医院。",  # a university's hospital, an adverb before the verb
    "复旦大学附属华山医院向丘北县人民医院派出专家16名。",  # 向 the recipient, then the verb
    "在文山州丘北县人民医院，复旦大学附属华山医院已派驻4批专家。",  # set at the recipient's hospital first
])
def test_a_donor_hospital_named_without_its_place_belongs_to_the_articles_one_donor_province(gaz, sentence):
    got = _pairs(gaz, "沪滇协作持续深化。" + sentence)
    assert ("上海市", "丘北县") in got and len(got) == 2


def test_a_place_paired_with_a_list_pairs_with_each_place_of_it(gaz):
    """"济南市与武隆区、城口县结对以来": the city pairs with each county, as stated at the city's level, beside
    a district of it paired with one of them."""
    text = "济南市与武隆区、城口县结对以来，累计选派专家215人次。章丘区人民医院与城口县中医院签订对口帮扶协议。"
    assert {("济南市", "武隆区"), ("济南市", "城口县"), ("章丘区", "城口县")} <= _pairs(gaz, text)


def test_a_county_named_as_one_of_the_donors_paired_places_is_its_own_pairing(gaz):
    """"绿春县是闵行区结对帮扶县之一" names the county as one of the district's paired places: a pairing stated
    at the county's level, which stands beside the district's pairing with the prefecture (not folded into it),
    so the county hospital's results that follow can be filed under it."""
    wider = "闵行区对口帮扶红河州，先后选派医疗专家到州内各县开展帮扶。"
    for copula in ("绿春县是闵行区结对帮扶县之一。", "绿春县也是闵行区的对口支援地区。", "绿春县是闵行区重点结对帮扶的县。"):
        got = _pairs(gaz, wider + copula + "上海市第五人民医院与绿春县人民医院建立组团式帮扶关系，派出专家12名。")
        assert {("闵行区", "红河哈尼族彝族自治州"), ("闵行区", "绿春县")} <= got, copula
    # Not a pairing's statement: the county is only somewhere the district's doctors go.
    assert ("闵行区", "绿春县") not in _pairs(gaz, wider + "绿春县是闵行区专家常去义诊的地方。")


def test_a_hospital_named_after_another_provinces_place_is_no_pairing_of_that_place(gaz):
    """"略阳县天津医院" is 略阳县's hospital, named after 天津: the name states no 天津 -> 略阳县 pairing. A place
    chain before 医院 (佛山市顺德区医院) stays what it was: its places are one province's."""
    got = _pairs(gaz, "南京市第一医院专家赴略阳县天津医院开展对口帮扶，累计坐诊120天。")
    assert ("天津市", "略阳县") not in got and ("南京市", "略阳县") in got
    assert ("顺德区", "剑河县") in _pairs(gaz, "佛山市顺德区医院对口帮扶剑河县人民医院，派出专家9名。")


def test_a_wider_pairing_named_as_the_role_a_finer_donor_takes_folds_into_it(gaz):
    """"江宁区作为南京市结对镇安县的责任区": the district answers for its city's pairing with the county; the
    article states the district's pairing, not a second one of the city's. As a plain statement
    ("南京市结对镇安县"), the city's stands beside the district's."""
    role = "江宁区作为南京市结对镇安县的责任区，承担镇安县医疗帮扶任务。江宁区人民医院与镇安县医院建立院包科关系。"
    assert _pairs(gaz, role) == {("江宁区", "镇安县")}
    plain = "南京市结对镇安县。江宁区累计向镇安县派出专家30名。"
    assert {("南京市", "镇安县"), ("江宁区", "镇安县")} <= _pairs(gaz, plain)


def test_a_county_account_named_by_its_short_form_is_the_county(gaz):
    """An account named after its county's short form (威宁发布, 威宁融媒) is the county's own: 我县 in its
    post is 威宁. A hospital network the county's hospital only belongs to ("…共建的远程会诊中心，已连通…，
    我县人民医院也是其中一家") states no pairing of its own beside the district's."""
    text = ("近年来，广州市番禺区与我县携手开展东西部协作，番禺区先后选派12名医疗专家到我县帮扶。"
            "广州市第一人民医院与毕节市第一人民医院共建的远程会诊中心，已连通全市8个县的医院，我县人民医院也是其中一家。")
    found = {(p.donor.name, p.recipient.name)
             for p in extract_pairings(Article(id="w", source="w.txt", sha256="", text=text, outlet="威宁发布"), gaz)}
    assert ("番禺区", "威宁彝族回族苗族自治县") in found
    assert ("广州市", "威宁彝族回族苗族自治县") not in found


def test_a_township_clinic_in_a_county_account_keeps_its_town_in_its_name(gaz):
    """In 威宁发布's post a township's clinic (迤那镇中心卫生院) is the county's, and is named in full; a city's
    hospitals of its level (广州市级医院) are no one hospital."""
    text = ("番禺区与我县结对帮扶以来，番禺区中心医院与迤那镇中心卫生院结成帮扶对子，派出专家6名。"
            "我县选派5名医生赴广州市级医院进修，县人民医院开展带教。")
    pairings = extract_pairings(Article(id="w", source="w.txt", sha256="", text=text, outlet="威宁发布"), gaz)
    names = {(i.donor, i.recipient) for p in pairings for i in p.institutions}
    assert ("番禺区中心医院", "迤那镇中心卫生院") in names
    assert not any("市级医院" in d for d, _ in names)


def test_a_provinces_programme_money_spent_at_a_county_is_the_finer_donors(gaz):
    """"广东援疆资金今年投入我院900万元" beside 广州市对口支援疏附县: the province's programme money, spent through the
    city's pairing with the county (as seed 004's 鲁渝协作资金 in 彭水 is 聊城's), states no 广东省 → 疏附县 of its own."""
    text = ("作为广州市对口支援疏附县的重点项目，广州市第一人民医院与我院结对帮扶。"
            "广东援疆资金今年投入我院900万元，用于建设重症医学科。")
    a = Article(id="m", source="m.txt", sha256="", text=text, outlet="疏附县人民医院")
    found = {(p.donor.name, p.recipient.name) for p in extract_pairings(a, gaz)}
    assert ("广州市", "疏附县") in found
    assert ("广东省", "疏附县") not in found


def test_a_province_at_several_counties_pairs_each_county_told_in_its_own_paragraph(gaz):
    """A municipality's teams at counties of one prefecture, each county told in a paragraph that opens at its
    hospital: the county's own pairing, though the opening paragraph lists the counties beside the prefecture. A
    city's hospital told the same way stays in the city's programme with the prefecture (the seeds' convention)."""
    text = ("天津市已累计选派医疗专家200名赴黄南州开展帮扶，覆盖同仁、尖扎、泽库三县。\n\n"
            "在泽库县人民医院，结对帮扶的天津市第三中心医院今年派驻专家8名，完成手术60台。\n\n"
            "黄南州人民医院是天津援青的主阵地，今年完成手术900台。")
    found = {(p.donor.name, p.recipient.name) for p in extract_pairings(article_text(text), gaz)}
    assert ("天津市", "泽库县") in found and ("天津市", "黄南藏族自治州") in found
    city = ("宁波市已累计选派医疗专家120名赴凉山州开展帮扶，覆盖布拖、昭觉、美姑三县。\n\n"
            "在布拖县人民医院，结对帮扶的宁波市第一医院今年派驻专家8名，完成手术60台。")
    found = {(p.donor.name, p.recipient.name) for p in extract_pairings(article_text(city), gaz)}
    assert ("宁波市", "布拖县") not in found and ("宁波市", "凉山彝族自治州") in found


def test_where_a_team_returns_home_is_no_side(gaz):
    """"回到南京后，仍将…继续帮扶克州同行": the city a provincial hospital's team goes home to states no pairing of its own
    beside the province's with the prefecture."""
    text = ("受江苏省卫生健康委员会委派，省人民医院对口支援克孜勒苏柯尔克孜自治州人民医院。"
            "队员们表示，回到南京后，仍将通过远程会诊等方式继续帮扶克州同行。")
    found = {(p.donor.name, p.recipient.name) for p in extract_pairings(article_text(text), gaz)}
    assert ("南京市", "克孜勒苏柯尔克孜自治州") not in found
    assert ("江苏省", "克孜勒苏柯尔克孜自治州") in found


def test_a_mutual_pairing_with_a_place_chain_pairs_its_innermost_place(gaz):
    """"A与<prefecture><county>结成对口帮扶关系": the two places pair each other as stated, the chain naming the
    county where it is, so the county's pairing stands beside the donor's work across the prefecture."""
    text = ("江苏省常州市武进区与汉中市镇巴县结成对口帮扶关系。"
            "武进区今年选派医疗人才30名赴汉中市开展帮扶。我县人民医院新开展技术12项。")
    found = _pairs(gaz, text)
    assert ("武进区", "镇巴县") in found


def test_a_section_headed_by_a_county_name_alone_is_the_countys_own(gaz):
    """A notice's section run into its paragraph with no number ("泽库县。天津市第三中心医院对口帮扶…"): the county's
    own pairing where a municipality aids several counties of one prefecture; a place said as a level in it
    (黄南州级重点专科) does not make the paragraph the prefecture's."""
    text = ("今年天津选派医疗专家90名到我州开展帮扶，开展新技术50项。\n\n"
            "泽库县。天津市第三中心医院对口帮扶泽库县人民医院，今年派驻专家6名，新获批黄南州级重点专科2个。\n\n"
            "尖扎县。在天津市人民医院帮扶下，尖扎县人民医院今年完成手术300台。")
    found = {(p.donor.name, p.recipient.name) for p in
             extract_pairings(replace(article_text(text), outlet="黄南州卫生健康委员会"), gaz)}
    assert ("天津市", "泽库县") in found and ("天津市", "尖扎县") in found
    numbered = text.replace("泽库县。天津市第三中心医院", "（一）泽库县人民医院。天津市第三中心医院")
    found = {(p.donor.name, p.recipient.name) for p in
             extract_pairings(replace(article_text(numbered), outlet="黄南州卫生健康委员会"), gaz)}
    assert ("天津市", "泽库县") in found  # a numbered head naming the county's hospital, as before


def test_a_table_of_counties_and_their_donor_cities_pairs_each_row(gaz):
    """A notice's table whose header speaks of aid ("县（区）\t结对帮扶方\t…"): each row pairs its county with its
    donor city, at their level, quoted by the row; a row without both sides (合计) pairs nothing."""
    text = ("今年全市共接收江苏省选派的医疗专家120名。\n\n"
            "县（区）\t结对帮扶方\t派驻专家（名）\n"
            "镇巴县\t常州市\t40\n"
            "西乡县\t镇江市\t38\n"
            "合计\t—\t120\n")
    pairings = extract_pairings(replace(article_text(text), outlet="汉中市卫生健康委员会"), gaz)
    found = {(p.donor.name, p.recipient.name): p.quote for p in pairings}
    assert found.get(("常州市", "镇巴县")) == "镇巴县\t常州市"
    assert found.get(("镇江市", "西乡县")) == "西乡县\t镇江市"


def test_a_hospitals_account_reposting_a_papers_story_about_it_speaks_as_wo_yuan(gaz, tmp_path):
    """"《某某日报》关注我院": a hospital's WeChat account (its name on the stamp) posts a paper's story, credited
    by 来源, rewritten in its own voice. The outlet stays the paper; 我院 is the account's hospital."""
    from generator.ingest import read_article

    page = tmp_path / "repost.txt"
    page.write_text("《某某日报》关注我院｜天津专家让群众在家门口看好病\n\n"
                    "昌都市人民医院  2025年07月14日 18:30  西藏\n\n"
                    "近日，某某日报报道了天津医疗人才“组团式”援藏以来我院的发展变化。现将报道转载如下（有删节）。\n\n"
                    "2016年，天津启动医疗人才“组团式”援藏，对口支援我院。十年来天津先后选派9批共160名医疗人才进藏，"
                    "帮助我院新建学科15个。\n\n来源：某某日报\n编辑：卓玛\n", encoding="utf-8")
    a = read_article(page)
    assert a.outlet == "某某日报"
    found = {(p.donor.name, p.recipient.name) for p in extract_pairings(a, gaz)}
    assert ("天津市", "昌都市") in found


def test_a_paragraph_opening_with_a_city_hospital_aiding_a_county_hospital_is_that_countys_section(gaz):
    """"宁波市第一医院“组团式”帮扶布拖县人民医院以来，…": a paragraph that opens with the donor's hospital aiding
    a county's hospital tells that county's own pairing, whoever the donor; told as an example inside a paragraph
    about the prefecture (如宁波市第一医院…), it stays in the city's programme."""
    text = ("宁波市累计选派医疗专家300名赴凉山州开展帮扶。\n\n"
            "宁波市第一医院“组团式”帮扶布拖县人民医院以来，先后派出4批30名专家，帮助该院开展新技术20项。")
    found = _pairs(gaz, text)
    assert ("宁波市", "布拖县") in found and ("宁波市", "凉山彝族自治州") in found
    example = ("宁波市累计选派医疗专家300名赴凉山州开展帮扶，宁波医院将管理经验输送到凉山。"
               "如宁波市第一医院“组团式”帮扶布拖县人民医院以来，帮助该院开展新技术20项。")
    found = _pairs(gaz, example)
    assert ("宁波市", "布拖县") not in found
