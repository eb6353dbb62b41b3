"""Shared fixtures: a stand-in gazetteer covering the seed articles' places."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Place

FIXTURES = Path(__file__).parent / "fixtures"

# adcode: (name, name_en, level, parent, short)
_PLACES = {
    "440000": ("广东省", "Guangdong Province", "province", None, "广东"),
    "520000": ("贵州省", "Guizhou Province", "province", None, "贵州"),
    "450000": ("广西壮族自治区", "Guangxi Zhuang Autonomous Region", "province", None, "广西"),
    "310000": ("上海市", "Shanghai Municipality", "province", None, "上海"),
    "530000": ("云南省", "Yunnan Province", "province", None, "云南"),
    "370000": ("山东省", "Shandong Province", "province", None, "山东"),
    "500000": ("重庆市", "Chongqing Municipality", "province", None, "重庆"),
    "440100": ("广州市", "Guangzhou", "prefecture", "440000", "广州"),
    "440300": ("深圳市", "Shenzhen", "prefecture", "440000", "深圳"),
    "440400": ("珠海市", "Zhuhai", "prefecture", "440000", "珠海"),
    "440600": ("佛山市", "Foshan", "prefecture", "440000", "佛山"),
    "440103": ("荔湾区", "Liwan District", "district", "440100", "荔湾"),
    "440105": ("海珠区", "Haizhu District", "district", "440100", "海珠"),
    "440111": ("白云区", "Baiyun District", "district", "440100", "白云"),
    "440113": ("番禺区", "Panyu District", "district", "440100", "番禺"),
    "440305": ("南山区", "Nanshan District", "district", "440300", "南山"),
    "440605": ("南海区", "Nanhai District", "district", "440600", "南海"),
    "440606": ("顺德区", "Shunde District", "district", "440600", "顺德"),
    "522700": ("黔南布依族苗族自治州", "Qiannan Buyei and Miao Autonomous Prefecture", "prefecture", "520000", "黔南"),
    "522722": ("荔波县", "Libo County", "county", "522700", "荔波"),
    "522723": ("贵定县", "Guiding County", "county", "522700", "贵定"),
    "522730": ("龙里县", "Longli County", "county", "522700", "龙里"),
    "520500": ("毕节市", "Bijie", "prefecture", "520000", "毕节"),
    "520526": ("威宁彝族回族苗族自治县", "Weining Yi, Hui and Miao Autonomous County", "county", "520500", "威宁"),
    "520300": ("遵义市", "Zunyi", "prefecture", "520000", "遵义"),
    "522600": ("黔东南苗族侗族自治州", "Qiandongnan Miao and Dong Autonomous Prefecture", "prefecture", "520000", "黔东南"),
    "522629": ("剑河县", "Jianhe County", "county", "522600", "剑河"),
    "522632": ("榕江县", "Rongjiang County", "county", "522600", "榕江"),
    "522633": ("从江县", "Congjiang County", "county", "522600", "从江"),
    "522635": ("麻江县", "Majiang County", "county", "522600", "麻江"),
    "522636": ("丹寨县", "Danzhai County", "county", "522600", "丹寨"),
    "451000": ("百色市", "Baise", "prefecture", "450000", "百色"),
    "451027": ("凌云县", "Lingyun County", "county", "451000", "凌云"),
    "530600": ("昭通市", "Zhaotong", "prefecture", "530000", "昭通"),
    "530623": ("盐津县", "Yanjin County", "county", "530600", "盐津"),
    "371500": ("聊城市", "Liaocheng", "prefecture", "370000", "聊城"),
    "500243": ("彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous County", "county", "500000", "彭水"),
}


class StubGazetteer:
    """The part of generator.gazetteer.Gazetteer's API the report uses, for the fixture places."""

    def __init__(self, places=_PLACES):
        self.places = {
            code: Place(code, name, level, parent, 0.0, 0.0, name_en, short)
            for code, (name, name_en, level, parent, short) in places.items()
        }

    def get(self, adcode):
        return self.places.get(adcode)

    def province_of(self, adcode):
        place = self.places.get(adcode)
        while place is not None and place.parent is not None:
            place = self.places.get(place.parent)
        return place

    def city_of(self, adcode):
        place = self.places.get(adcode)
        while place is not None and place.level not in ("prefecture", "province"):
            place = self.places.get(place.parent) if place.parent else None
        return place if place is not None and place.level == "prefecture" else None

    def english_name(self, adcode):
        place = self.places.get(adcode)
        return place.name_en if place else adcode


@pytest.fixture(scope="session")
def gazetteer():
    return StubGazetteer()


@pytest.fixture(scope="session")
def fixture_data_dir():
    return FIXTURES / "data"
