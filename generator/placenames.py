"""Parsing Chinese division names into parts, and official-style English names.

A division name is <base><ethnic groups><suffix>: 黔南 + 布依族苗族 + 自治州. The base is
what running text uses as a short form (黔南), and the parts drive the English name
("Qiannan Buyei and Miao Autonomous Prefecture"). The rules live here; the word lists
(ethnic groups, readings, English exceptions) live in data/gazetteer/*.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Suffixes, longest first, with the kind of division they make at each level.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "盟", "旗")
_KIND = {
    ("province", "省"): "province",
    ("province", "自治区"): "autonomous_region",
    ("province", "市"): "municipality",
    ("province", "特别行政区"): "sar",
    ("prefecture", "市"): "city",
    ("prefecture", "自治州"): "autonomous_prefecture",
    ("prefecture", "地区"): "prefecture",
    ("prefecture", "盟"): "league",
}
_COUNTY_KIND = {
    "县": "county", "自治县": "autonomous_county", "市": "county_city", "旗": "banner",
    "自治旗": "autonomous_banner", "特区": "special_district", "林区": "forestry_district", "区": "district",
}
_TEMPLATES = {
    "province": "{b} Province",
    "autonomous_region": "{b} {e} Autonomous Region",
    "municipality": "{b}",
    "sar": "{b} Special Administrative Region",
    "city": "{b}",
    "autonomous_prefecture": "{b} {e} Autonomous Prefecture",
    "prefecture": "{b} Prefecture",
    "league": "{b} League",
    "county": "{b} County",
    "autonomous_county": "{b} {e} Autonomous County",
    "county_city": "{b}",
    "banner": "{b} Banner",
    "autonomous_banner": "{b} {e} Autonomous Banner",
    "special_district": "{b} Special District",
    "forestry_district": "{b} Forestry District",
    "district": "{b} District",
}


@dataclass(frozen=True)
class NameParts:
    """The pieces of an official division name."""

    base: str  # 黔南
    ethnic: tuple[str, ...]  # ("布依族", "苗族"), keys of ethnic_groups.yaml
    suffix: str  # 自治州
    kind: str  # autonomous_prefecture (a key of _TEMPLATES)


def parse_name(name: str, level: str, ethnic_groups: dict[str, str]) -> NameParts:
    """Split a name into base, ethnic groups and suffix (ethnic groups only before 自治…)."""
    suffix = next((s for s in _SUFFIXES if name.endswith(s) and len(name) > len(s)), "")
    stem = name[: len(name) - len(suffix)]
    if level in ("province", "prefecture"):
        kind = _KIND.get((level, suffix), "city" if level == "prefecture" else "province")
    else:
        kind = _COUNTY_KIND.get(suffix, "county")
    ethnic: list[str] = []
    if suffix.startswith("自治"):
        # Strip groups from the end; the bare form (维吾尔, 哈萨克) only if a 2+ char base remains,
        # so 内蒙古 is not read as 内 + 蒙古.
        while True:
            hit = None
            for g in ethnic_groups:
                for form in (g, g[:-1] if g.endswith("族") and len(g) > 2 else None):
                    if form and stem.endswith(form) and (len(stem) - len(form) >= 2 or form == g):
                        if hit is None or len(form) > len(hit[1]):
                            hit = (g, form)
            if hit is None:
                break
            ethnic.insert(0, hit[0])
            stem = stem[: len(stem) - len(hit[1])]
            if not stem:
                break
        if not stem and ethnic:
            # 东乡族自治县, 鄂温克族自治旗: the group is the name itself.
            stem = ethnic.pop(0)
            stem = stem[:-1] if stem.endswith("族") else stem
    return NameParts(base=stem, ethnic=tuple(ethnic), suffix=suffix, kind=kind)


def join_groups(names: list[str]) -> str:
    """"Yi, Hui and Miao": the style of official English names (no serial comma)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class Romanizer:
    """Tone-less Pinyin for place names, with a place-name reading table.

    pypinyin is imported on first use: it takes ~0.25 s to load its dictionaries,
    more than the whole gazetteer load budget, and many callers never need English.
    """

    phrases: dict[str, str] = field(default_factory=dict)
    chars: dict[str, str] = field(default_factory=dict)
    english_base: dict[str, str] = field(default_factory=dict)
    _lazy: Callable[[str], list[str]] | None = None

    def syllables(self, text: str) -> list[str]:
        out: list[str] = []
        i = 0
        pending = ""
        longest = max((len(p) for p in self.phrases), default=0)
        while i < len(text):
            for n in range(min(longest, len(text) - i), 1, -1):
                if text[i : i + n] in self.phrases:
                    out += self._pypinyin(pending)
                    pending = ""
                    out += self.phrases[text[i : i + n]].split()
                    i += n
                    break
            else:
                ch = text[i]
                if ch in self.chars:
                    out += self._pypinyin(pending)
                    pending = ""
                    out.append(self.chars[ch])
                else:
                    pending += ch
                i += 1
        out += self._pypinyin(pending)
        return out

    def _pypinyin(self, text: str) -> list[str]:
        if not text:
            return []
        if self._lazy is None:
            from pypinyin import Style, lazy_pinyin  # noqa: PLC0415  (slow import, see class doc)

            self._lazy = lambda s: lazy_pinyin(s, style=Style.NORMAL, v_to_u=True, errors="ignore")
        return list(self._lazy(text))

    def romanize(self, text: str) -> str:
        """广州 -> Guangzhou, 西安 -> Xi'an (apostrophe before a, o, e inside a word)."""
        if text in self.english_base:
            return self.english_base[text]
        word = ""
        for k, s in enumerate(self.syllables(text)):
            s = s.lower()
            if k and s[:1] in ("a", "o", "e"):
                word += "'"
            word += s
        return word[:1].upper() + word[1:]


def english_name(parts: NameParts, romanizer: Romanizer, ethnic_groups: dict[str, str], parent_base_en: str | None) -> str:
    """Official-style English name; districts carry their city ("Nanshan District, Shenzhen")."""
    b = romanizer.romanize(parts.base)
    if parts.kind in ("autonomous_county", "autonomous_banner", "autonomous_prefecture", "autonomous_region") and not parts.ethnic:
        eng = ethnic_groups.get(parts.base + "族") or ethnic_groups.get(parts.base)
        if eng:  # 鄂温克族自治旗 -> Evenki Autonomous Banner
            b = eng
    e = join_groups([ethnic_groups[g] for g in parts.ethnic])
    name = _TEMPLATES[parts.kind].format(b=b, e=e).replace("  ", " ")
    if parts.kind == "district" and parent_base_en:
        name += f", {parent_base_en}"
    return name
