"""Gazetteer: coordinates, hierarchy, names, mentions and context disambiguation."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.coords import gcj02_to_wgs84, out_of_china, wgs84_to_gcj02
from generator.gazetteer import Gazetteer, _NameScanner

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(DATA)


# ----------------------------------------------------------------- coordinates

# (WGS-84, GCJ-02) pairs published with the reference implementation (eviltransform).
KNOWN = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]


@pytest.mark.parametrize("wgs,gcj", KNOWN)
def test_forward_and_inverse_on_known_points(wgs, gcj):
    f = wgs84_to_gcj02(*wgs)
    assert abs(f[0] - gcj[0]) < 1e-9 and abs(f[1] - gcj[1]) < 1e-9
    b = gcj02_to_wgs84(*gcj)
    assert abs(b[0] - wgs[0]) < 1e-7 and abs(b[1] - wgs[1]) < 1e-7


def test_round_trip_error_is_tiny_across_china():
    for lat in range(18, 54, 3):
        for lon in range(74, 135, 4):
            w = gcj02_to_wgs84(*wgs84_to_gcj02(lat + 0.37, lon + 0.61))
            assert abs(w[0] - (lat + 0.37)) < 1e-5 and abs(w[1] - (lon + 0.61)) < 1e-5


def test_points_outside_china_are_unchanged():
    for p in [(48.8566, 2.3522), (40.7128, -74.006), (-33.86, 151.2), (35.68, 139.76)]:
        assert out_of_china(*p)
        assert gcj02_to_wgs84(*p) == p and wgs84_to_gcj02(*p) == p


def test_place_coordinates_are_wgs84(gaz):
    # 广州市 in the table (GCJ-02) is 23.12911, 113.264385; WGS-84 lies ~0.003 deg away.
    p = gaz.get("440100")
    assert abs(p.lat - 23.12911) > 1e-3 or abs(p.lon - 113.264385) > 1e-3
    assert wgs84_to_gcj02(p.lat, p.lon) == pytest.approx((23.12911, 113.264385), abs=1e-6)


# ------------------------------------------------------------------ hierarchy


def test_levels_and_parents(gaz):
    assert gaz.get("440000").level == "province" and gaz.get("440000").parent is None
    assert gaz.get("522700").level == "prefecture" and gaz.get("522700").parent == "520000"
    assert gaz.get("522730").level == "county" and gaz.get("522730").parent == "522700"
    assert gaz.get("440305").level == "district" and gaz.get("440305").parent == "440300"
    # Municipalities: children skip the 市辖区 / 县 placeholders.
    assert gaz.get("500243").parent == "500000"
    assert gaz.get("310101").parent == "310000"
    assert gaz.get("500100") is None and gaz.get("500200") is None and gaz.get("440101") is None
    # Province-administered county-level units (省直辖县级行政区划).
    assert gaz.get("429004").parent == "420000" and gaz.get("429000") is None
    assert gaz.province_of("440305").adcode == "440000"
    assert gaz.city_of("440305").adcode == "440300"
    assert gaz.city_of("500243") is None
    assert gaz.parent(gaz.get("451027")).adcode == "451000"


def test_overrides_rename_add_and_remove(gaz):
    assert gaz.get("500155").name == "梁平区" and gaz.get("500228") is None
    assert gaz.get("520581").name == "黔西市"
    assert gaz.get("440311").name == "光明区" and gaz.get("440311").parent == "440300"
    assert gaz.get("371200") is None  # 莱芜 merged into 济南
    assert gaz.get("540602").parent == "540600"  # children follow a renamed parent


def test_places_by_level(gaz):
    provinces = gaz.places("province")
    assert len(provinces) == 34
    assert len(gaz.places("prefecture")) > 330
    assert all(p.lat == p.lat for p in gaz.places())  # no NaN coordinates


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "adcode,short",
    [("522700", "黔南"), ("522600", "黔东南"), ("500243", "彭水"), ("520526", "威宁"), ("440100", "广州"),
     ("520500", "毕节"), ("520300", "遵义"), ("450000", "广西"), ("650000", "新疆"), ("150000", "内蒙古")],
)
def test_short_forms(gaz, adcode, short):
    assert gaz.get(adcode).short == short
    assert gaz.resolve(short).adcode == adcode


def test_short_form_rules(gaz):
    assert gaz.get("621126").short == ""  # 岷县: one character is too short
    assert gaz.get("440305").short == ""  # 南山区: shared with 鹤岗, never a bare short form
    assert gaz.resolve("大方") is None  # 大方县: stoplisted everyday word
    assert gaz.resolve("大方县").adcode == "520521"
    assert gaz.resolve("黔南州").adcode == "522700"
    assert gaz.resolve("彭水县").adcode == "500243"


@pytest.mark.parametrize(
    "adcode,english",
    [
        ("522700", "Qiannan Buyei and Miao Autonomous Prefecture"),
        ("451027", "Lingyun County"),
        ("440305", "Nanshan District, Shenzhen"),
        ("520526", "Weining Yi, Hui and Miao Autonomous County"),
        ("500243", "Pengshui Miao and Tujia Autonomous County"),
        ("450000", "Guangxi Zhuang Autonomous Region"),
        ("440000", "Guangdong Province"),
        ("500000", "Chongqing"),
        ("440100", "Guangzhou"),
        ("522702", "Fuquan"),
        ("440113", "Panyu District, Guangzhou"),
        ("341500", "Lu'an"),
        ("610100", "Xi'an"),
        ("340300", "Bengbu"),
        ("522729", "Changshun County"),
        ("511100", "Leshan"),
        ("150000", "Inner Mongolia Autonomous Region"),
        ("540000", "Tibet Autonomous Region"),
        ("610000", "Shaanxi Province"),
        ("650000", "Xinjiang Uyghur Autonomous Region"),
        ("622927", "Jishishan Bonan, Dongxiang and Salar Autonomous County"),
        ("622926", "Dongxiang Autonomous County"),
        ("500101", "Wanzhou District, Chongqing"),
    ],
)
def test_english_names(gaz, adcode, english):
    assert gaz.english_name(adcode) == english
    assert gaz.get(adcode).name_en == english


def test_every_place_has_an_ascii_english_name(gaz):
    for p in gaz.places():
        assert p.name_en and all(ord(ch) < 128 or ch == "ü" for ch in p.name_en), p


# ------------------------------------------------------------------- mentions


def test_province_pair_abbreviations(gaz):
    for text, pair in [("粤黔协作", ("440000", "520000")), ("推进鲁渝协作", ("370000", "500000")),
                       ("沪滇两地", ("310000", "530000")), ("在粤桂东西部协作的推动下", ("440000", "450000")),
                       ("京蒙协作", ("110000", "150000")), ("闽宁协作", ("350000", "640000"))]:
        ms = [m for m in gaz.find_mentions(text) if m.kind == "abbr"]
        assert tuple(m.candidates[0].adcode for m in ms) == pair, text
    # Alone, or not followed by a cooperation word, they are ordinary characters.
    assert not [m for m in gaz.find_mentions("新技术新项目,赴沪进修") if m.kind == "abbr"]
    assert [m.candidates[0].adcode for m in gaz.find_mentions("辽宁协作")] == ["210000"]


def test_mentions_are_longest_first_and_non_overlapping(gaz):
    ms = gaz.find_mentions("广州市第一人民医院与独山县人民医院签约")
    assert [(m.surface, m.candidates[0].adcode) for m in ms] == [("广州市", "440100"), ("独山县", "522726")]
    ms = gaz.find_mentions("广州市番禺区与毕节威宁彝族回族苗族自治县人民医院")
    assert [m.surface for m in ms] == ["广州市", "番禺区", "毕节", "威宁彝族回族苗族自治县"]


def test_non_places_and_unlicensed_short_forms_are_skipped(gaz):
    assert not gaz.find_mentions("远在黄浦江畔的医院")  # not 黄浦区
    assert not gaz.find_mentions("以全省第2名顺利通过验收")  # 利通区
    assert not gaz.find_mentions("还有20天左右玉米就可以收获")  # 右玉县
    # A county short form counts once the text names its parent (黔东南) or the county.
    assert [m.surface for m in gaz.find_mentions("全力支援黔东南。面对榕江、丹寨等县")] == ["黔东南", "榕江", "丹寨"]


def test_short_forms_listed_and_counted_as_counties_are_licensed(gaz):
    """"派驻昭觉、布拖、美姑三县人民医院": a list closed by a count of counties equal to its length names
    those counties, though nothing else in the text does; a count that does not match licenses none."""
    got = [m.candidates[0].name for m in gaz.find_mentions("医疗队派驻昭觉、布拖、美姑三县人民医院开展帮扶")]
    assert got == ["昭觉县", "布拖县", "美姑县"]
    assert not gaz.find_mentions("医疗队派驻昭觉、布拖、美姑五县人民医院开展帮扶")
    assert not gaz.find_mentions("医疗队派驻昭觉、布拖、美姑等地开展帮扶")


def test_a_post_taken_temporarily_is_no_renamed_county(gaz):
    """"挂任县人民医院副院长" (a temporary post at the county's hospital) holds 任县, 任泽区's old name, across
    a word jieba's dictionary lacks: aliases.yaml's word_collisions keeps it out."""
    assert [m.surface for m in gaz.find_mentions("帮扶队领队将挂任县人民医院副院长一年")] == []
    assert [m.candidates[0].adcode for m in gaz.find_mentions("河北省任县人民医院")][-1] == "130505"


def test_a_short_name_whose_last_character_begins_a_word_is_no_place(gaz):
    """建设成县域 reads 建设 / 成 / 县域 and 款项中卫生院 reads 款项 / 中 / 卫生院: a word starting inside a
    two-character name and running past it cuts the name as surely as one ending inside it (建成 | 县级)."""
    assert gaz.find_mentions("目标是把该院建设成县域医疗副中心") == []
    assert gaz.find_mentions("这笔款项中卫生院改造用去一半") == []
    # The same names where words end where they do: places.
    for text, adcode in (("医生在成县坐诊", "621221"), ("赴中卫开展义诊", "640500"), ("中卫生态园", "640500"),
                         ("成县县域医疗", "621221"), ("两县中礼县最远", "621226")):
        assert [m.candidates[0].adcode for m in gaz.find_mentions(text)] == [adcode], text


def test_a_three_character_name_a_word_starts_before_is_no_place(gaz):
    """设备更新和县乡两级 reads 更新 / 和 / 县乡: 新和县 starts inside the word 更新 and is no place there. A
    three-character name is checked at its start only: 新和县域 reads 新和 / 县域, and is 新和县 all the same."""
    assert [m.surface for m in gaz.find_mentions("资金用于医院设备更新和县乡两级卫生院改造")] == []
    # The same name where a word ends before it, or where a word runs on past its end (新和县域): a place.
    for text in ("医疗队抵达新和县开展义诊", "新和县域内就诊率明显提高", "对口支援新和县人民医院"):
        assert [m.candidates[0].adcode for m in gaz.find_mentions(text)] == ["652925"], text


def test_a_short_form_read_inside_a_townships_name_is_no_county(gaz):
    """特木里镇中心卫生院 holds 木里 (木里藏族自治县's short form) as the tail of the township's name; licensed by its
    prefecture (凉山州) it would read as the county. A short form followed by 乡镇 (the county's townships) stays."""
    text = "凉山州布拖县人民医院与特木里镇中心卫生院结对。"
    assert [m.candidates[0].name for m in gaz.find_mentions(text)] == ["凉山彝族自治州", "布拖县"]
    assert "木里藏族自治县" in [m.candidates[0].name for m in gaz.find_mentions("凉山州木里乡镇卫生院全部达标")]


def test_disambiguation_by_context(gaz):
    def first(text, surface):
        return next(m for m in gaz.find_mentions(text) if m.surface == surface).candidates[0].adcode

    assert first("深圳南山区与凌云县建立对口协作关系", "南山区") == "440305"
    assert first("鹤岗市南山区的煤矿", "南山区") == "230404"
    assert first("广州专家赴黔南帮扶。白云区医疗专家在荔波县人民医院", "白云区") == "440111"
    assert first("贵阳市白云区人民医院", "白云区") == "520113"
    assert first("福州市鼓楼区与西吉县建立结对关系", "鼓楼区") == "350102"
    assert first("南京市鼓楼区", "鼓楼区") == "320106"
    assert gaz.resolve("南山区").adcode == "440305"  # prior: a city on a cooperation side
    assert gaz.resolve("南山区", context=["230400"]).adcode == "230404"
    assert gaz.resolve("白云区", context=["520100"]).adcode == "520113"
    assert gaz.resolve("白云区", context=["440100", "440103"]).adcode == "440111"
    assert gaz.resolve("不存在的地方") is None


def test_ref(gaz):
    r = gaz.ref(gaz.get("522700"))
    assert (r.name, r.adcode, r.level) == ("黔南布依族苗族自治州", "522700", "prefecture")


def test_mentions_in_a_megabyte_of_text(gaz):
    # Speed is measured by benchmarks/bench_extract.py; here only that a long text is scanned whole.
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    copies = 1_000_000 // len(text) + 1
    ms = gaz.find_mentions(text * copies)
    assert len(ms) == copies * len(gaz.find_mentions(text))
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_name_scanner_is_leftmost_longest():
    scanner = _NameScanner(["广州", "广州市", "州市场", "黔", "黔南州", "南州"])
    assert list(scanner.scan("广州市场")) == [(0, 3, "广州市")]
    assert list(scanner.scan("赴黔南州、黔西")) == [(1, 4, "黔南州"), (5, 6, "黔")]
    assert list(scanner.scan("黔南")) == [(0, 1, "黔")]  # a prefix of a longer name, not the name
    assert list(scanner.scan("")) == [] and list(_NameScanner([]).scan("广州")) == []


@pytest.mark.parametrize("text, code", [
    ("江苏专家在克州人民医院坐诊", "653000"),
    ("深圳医生扎根塔县", "653131"),
    ("援疆干部来到博州", "652700"),
    ("巴州区人民医院", "511902"),  # 巴中's district, a longer match, stays itself
    ("朝阳区专家在莫旗坐诊", "150722"),  # 莫力达瓦达斡尔族自治旗
    ("达茂旗人民医院", "150223"),  # 达尔罕茂明安联合旗
])
def test_short_forms_no_rule_makes_are_aliases(text, code):
    gaz = Gazetteer.load(Path(__file__).resolve().parents[1] / "data")
    found = [m.candidates[0].adcode for m in gaz.find_mentions(text) if m.candidates]
    assert found[-1] == code and "652800" not in found[:-1]


@pytest.mark.parametrize("text, code", [
    ("东城区医生到科右前旗人民医院坐诊", "152221"),  # 科尔沁右翼前旗
    ("帮扶察右后旗", "150928"),  # 察哈尔右翼后旗
    ("土左旗卫生院", "150121"),  # 土默特左旗
    ("乌中旗医院", "150824"),  # 乌拉特中旗
])
def test_inner_mongolias_banners_by_their_usual_short_form(gaz, text, code):
    """A banner named for a people and its wing or position is written with the people's first
    character (科尔沁右翼前旗 -> 科右前旗): made by rule for every such banner, not listed."""
    found = [m.candidates[0].adcode for m in gaz.find_mentions(text) if m.candidates]
    assert found[-1] == code


def test_a_short_name_means_the_place_named_in_full_nearby(gaz):
    """阿勒泰 beside 阿勒泰地区 is the prefecture, not its seat 阿勒泰市; 吉林大学 belongs to the province."""
    text = "医疗队来到阿勒泰地区工作半年，在阿勒泰开展义诊。"
    short = next(m for m in gaz.find_mentions(text) if m.surface == "阿勒泰")
    assert short.candidates[0].adcode == "654300"
    text = "吉林大学第一医院派出专家。"
    assert [m.candidates[0].adcode for m in gaz.find_mentions(text)] == ["220000"]
