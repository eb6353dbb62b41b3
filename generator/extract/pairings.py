"""Donor -> recipient pairings (who aids whom); the scope of each figure is generator/extract/scope.py.

Articles state a pairing in many ways (结对, 对口帮扶, 签约, 选派…赴, 在…进修, 粤黔协作 …),
but nearly all of them put an eastern place and a western place in one sentence. So the
extractor works on place mentions, not on verb patterns: within a sentence, every
western (recipient-side) place is paired with the eastern (donor-side) place in its
comma clause, else the nearest one; the sides come from data/gazetteer/cooperation.yaml,
which is what orients the pair (the verb may run either way: 赴广州进修 = 广州 aids).
Cue words only rank the candidate quotes. Then pairings are normalized to the level
the article works at (see _fold) and hospital pairs are attached as institutions.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from itertools import pairwise

from ..gazetteer import Gazetteer, Mention
from ..model import HOSPITAL_ENDINGS, Article, Institution, Pairing, Place
from .numbers import CLAUSE_COMMA, parse_numeral
from .tables import tables
from .text import COMMA, is_heading, sentences, speech_spans
from .text import clauses as _clauses
from .text import paragraph_break as _paragraph_break
from .text import paragraphs as _paragraphs

_COMMA = COMMA
_BULLETS = set("■□●○◆◇★☆▲△▶·•-—")  # caption / list markers, not part of a statement
# Cues ranking the clause quoted for a pairing: first those that state a standing
# relationship, then those that state an act of aid.
_CUE_RELATION = re.compile(r"结对|对口|签约|协议|结成|伙伴|建立.{0,12}关系|牵手|挂钩|医联体|联盟")
_CUE_AID = re.compile(r"帮扶|支援|援|选派|派出|派遣|进修|医疗队|工作队|工作组|专家|协作|合作|共建|携手|捐赠|对接|指导|下沉|带教|资金")

# Institution names: a run of name characters ending in one of these.
_INST_SUFFIX = (
    "疾病预防控制中心|妇幼保健计划生育服务中心|卫生健康委员会|卫生服务中心|妇幼保健院|疾控中心|"
    "急救中心|医学中心|医疗集团|卫生健康局|卫健局|卫健委|卫生院|保健院|医院"
)
_INST_RE = re.compile(f"(?:{_INST_SUFFIX})")
# Characters that cannot be inside an institution name: function words and verbs that
# precede names in these articles (在龙里县人民医院, 与独山县人民医院, 来自深圳…医院).
_NAME_STOP = set("与和及在到赴向对的为由是了将从如等把让给以至同跟并或被于自来去往有后前投入帮援派进修驻")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff()（）]")
# A hospital named by itself (东直门医院) followed by a verb pairing it with another one.
_INST_VERB = re.compile(r"\s*(?:全面|整体)?(?:托管|对口帮扶|对口支援|结对帮扶|帮扶|对|与|和|同)")
_GENERIC_START = set("县市省区州乡镇村院该本我其各两全每这那一某多")
_GENERIC_CORE = re.compile(r"人民|中医|妇幼|三甲|二甲|三级|二级|综合|专科|定点|基层|公立|民营|上级|受援|支援|帮扶|对口|结对|牵头|龙头|大型")


@dataclass
class _Inst:
    name: str
    start: int
    end: int
    place: str | None  # adcode of the most specific place in the name
    side: str | None  # donor | recipient | None (unknown: 郁山镇中心卫生院)


@dataclass
class _Statement:
    donor: str
    recipient: str
    quote: str
    offset: int
    rank: tuple  # smaller is better
    direct: bool = False  # stated at this level (see _statements): never folded into another level
    donor_short: bool = False  # the donor named by a short form (苏州, not 苏州市): maybe shorthand, see _fold
    by_money: bool = False  # the donor named as its programme's money (广东援疆资金投入我院): see _fold


@dataclass
class _Draft:
    donor: str
    recipient: str
    statements: list[_Statement] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)


# ----------------------------------------------------------------------------- text


def _window(text: str, s: int, e: int, positions: list[int]) -> tuple[str, int]:
    """The shortest run of whole comma clauses of sentence [s, e) covering positions."""
    cl = _clauses(text, s, e)
    idx = [next(k for k, (a, b) in enumerate(cl) if a <= p <= b) for p in positions]
    a, b = cl[min(idx)][0], cl[max(idx)][1]
    while a < b and (text[a].isspace() or text[a] in _BULLETS or text[a] in "”’"):
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return text[a:b], a


def _quote_rank(quote: str) -> tuple:
    tier = 0 if _CUE_RELATION.search(quote) else 1 if _CUE_AID.search(quote) else 2
    return (tier, len(quote))


# ---------------------------------------------------------------------- institutions


def find_institutions(text: str, gaz: Gazetteer, mentions: list[Mention]) -> list[_Inst]:
    """Hospital / CDC / health-agency names, with the place each is named after.

    A name runs left from its suffix (医院, 卫生院, 疾控中心 …) over name characters; it
    must name a place, a university (南方科技大学医院) or a township (郁山镇中心卫生院),
    so generic 县人民医院 / 三甲医院 are skipped. Leading ancestor places are dropped
    (贵州省黔东南州剑河县人民医院 -> 剑河县人民医院), and a place prefix is dropped when
    the article also uses the name without it (深圳南方科技大学医院 -> 南方科技大学医院).
    """
    starts = [m.start for m in mentions]
    out: list[_Inst] = []
    last_end = -1
    prev_suffix = 0  # a name never runs back into the name before it (…医院全面托管台江县人民医院)
    for m in _INST_RE.finditer(text):
        end = m.end()
        if m.start() < last_end:
            continue
        s = m.start()
        while s > prev_suffix and _NAME_CHAR.match(text[s - 1]) and text[s - 1] not in _NAME_STOP and end - s < 30:
            s -= 1
        prev_suffix = end
        # A place name may begin with a stop character (从江县, 和平区): keep it whole.
        k = bisect.bisect_left(starts, s) - 1
        if k >= 0 and mentions[k].start < s < mentions[k].end <= m.start():
            s = mentions[k].start
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, m.start())
        inside = [x for x in mentions[lo:hi] if x.end <= m.start()]
        if inside:
            # Cut leading non-name words (直奔贵州省…): start at the first place, then skip
            # places that are ancestors of the place right after them (毕节威宁… -> 威宁…).
            first = inside[0]
            # A township's clinic read as the outlet's county (郁山镇中心卫生院: 镇 is the county's) keeps its town.
            township_mention = first.surface in ("镇", "乡")
            if not re.search("大学|学院", text[s : first.start]) and not township_mention:
                s = first.start
                k = 0
                while (
                    k + 1 < len(inside)
                    and inside[k].end == inside[k + 1].start
                    and inside[k].candidates
                    and inside[k + 1].candidates
                    and gaz.is_within(inside[k + 1].candidates[0].adcode, inside[k].candidates[0].adcode)
                ):
                    k += 1
                s = inside[k].start
                inside = inside[k:]
        name = text[s:end]
        core = name[: len(name) - len(m.group(0))]
        township = re.match(r"[\u4e00-\u9fff]{2,3}[镇乡]", core) and "乡镇" not in core
        # A hospital not named after a place (东直门医院) counts when it is the subject of a
        # pairing with another hospital (东直门医院对…人民医院实行“院包科”, …医院托管…).
        subject = (
            not inside and 2 <= len(core) <= 8 and core[0] not in _GENERIC_START
            and (s == 0 or not _NAME_CHAR.match(text[s - 1]))
            and not _GENERIC_CORE.search(core) and _INST_VERB.match(text, end)
        )
        if not (inside or re.search("大学|学院", core) or township or subject) or len(name) < 4:
            continue
        if inside and text.startswith("级", inside[-1].end):
            continue  # 聊城市级医院: the city's hospitals of its level (市级医院), no one hospital's name
        place = inside[-1].candidates[0].adcode if inside and inside[-1].candidates else None
        if inside and place and len(inside) == 1 and inside[0].start == s:
            rest = text[inside[0].end : end]
            # 深圳南方科技大学医院: if the text also uses 南方科技大学医院 alone, that is its name.
            if re.search("大学|学院", rest) and _used_alone(text, rest, s):
                name, s, place = rest, inside[0].end, None
        out.append(_Inst(name, s, end, place, gaz.side(place) if place else None))
        last_end = end
    return out


def _used_alone(text: str, name: str, exclude: int) -> bool:
    for m in re.finditer(re.escape(name), text):
        if m.start() > 0 and text[m.start() - 1] in _NAME_STOP | set(",，。、“”\"(（ \n"):
            return True
    return False


# ---------------------------------------------------------------------- extraction


def _best(m: Mention) -> str:
    """The most likely division a mention names (every mention has at least one: gazetteer.find_mentions)."""
    return m.candidates[0].adcode


def _chain_link(gaz: Gazetteer, outer: Mention, inner: Mention) -> bool:
    """Is `inner` named right after `outer` and inside it (上海市|闵行区, 红河州|元阳县): one place chain?"""
    return (outer.end == inner.start and bool(outer.candidates) and bool(inner.candidates)
            and _best(inner) != _best(outer) and gaz.is_within(_best(inner), _best(outer)))


def _drop_ancestors(gaz: Gazetteer, items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Most specific places only: 广州市番禺区 -> 番禺区, 毕节威宁 -> 威宁."""
    codes = {c for _, c in items}
    return [(p, c) for p, c in items if not any(o != c and gaz.is_within(o, c) for o in codes)]


def _drop_ancestors_per_clause(gaz: Gazetteer, items: list[tuple[int, str]], clause_of) -> list[tuple[int, str]]:
    by_clause: dict[int, list[tuple[int, str]]] = {}
    for item in items:
        by_clause.setdefault(clause_of(item[0]), []).append(item)
    kept = {x for group in by_clause.values() for x in _drop_ancestors(gaz, group)}
    return [x for x in items if x in kept]


class PairingCues:
    """The pairing stage's word lists (cooperation.yaml `pairing`), compiled once for a
    gazetteer and handed to each step (`PairingCues.of(gazetteer)`)."""

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> "PairingCues":
        raw = getattr(gazetteer, "pairing_cues", {}) or {}
        if not hasattr(gazetteer, "compiled"):  # a stand-in gazetteer of a test
            return cls(raw)
        return gazetteer.compiled("pairing_cues", lambda: cls(raw))

    def __init__(self, raw: dict):
        self.verbs = re.compile(raw.get("verbs") or r"对口帮扶|对口支援|帮扶|支援")
        # A place's team (闵行区医疗团队), also a subject in `direct` (written <team> there).
        team = raw.get("team") or r"(?!)"
        self.team = re.compile(team)
        self.direct = re.compile((raw.get("direct_after_donor") or r"^(?:对口)?(?:帮扶|支援)").replace("<team>", team))
        not_side = [re.compile(x) for x in raw.get("not_side") or []]
        # A pattern opening with the place (…方成员, …3家医院参与的) is tried at each place mention only:
        # scanned over the whole text it is tried at every character.
        self.not_side_at_place = [rx for rx in not_side if rx.pattern.startswith("(?P<place>")]
        self.not_side = [rx for rx in not_side if rx not in self.not_side_at_place]
        self.not_side_after = re.compile(raw["not_side_after"]) if raw.get("not_side_after") else None
        self.speech_min = int(raw.get("speech_min_len", 12))
        self.aid_cue = re.compile(raw.get("aid_cue") or r"帮扶|支援|援")
        # 援疆 / 援藏 / 援青 after a donor province: that province aids the whole region.
        self.aid_regions = {str(k): str(v) for k, v in (raw.get("aid_regions") or {}).items()}
        self.aid_region_re = (
            re.compile("|".join(map(re.escape, sorted(self.aid_regions, key=len, reverse=True))))
            if self.aid_regions else None
        )
        self.aid_region_gap = re.compile(raw.get("aid_region_gap") or r"^$")
        self.self_reference = re.compile(raw.get("self_reference") or r"(?!)")
        self.pair_cue = re.compile(raw.get("pair_cue") or r".")
        # 由江苏省卫健委牵头，…医院等4家医院组成专家团: the province organises; member hospitals'
        # cities are no sides of their own.
        self.organiser = re.compile(raw["organiser"]) if raw.get("organiser") else None
        # An award from a recipient-side authority (获…卫健委颁发的帮扶贡献奖) is no aid between places.
        self.not_aid_clause = re.compile(raw["not_aid_clause"]) if raw.get("not_aid_clause") else None
        # An alliance's members listed (成员包括甲医院、乙医院…): the places in the list are no sides.
        self.member_list = re.compile(raw["member_list"]) if raw.get("member_list") else None
        # A province's programme money (广东援疆资金投入我院…): spent where a finer donor works, it is that donor's.
        self.programme_money = re.compile(raw["programme_money"]) if raw.get("programme_money") else None
        # Outlets named after no place that belong to one (大众日报: 山东省): what 我省 means in their pages.
        self.outlet_places = {str(k): str(v) for k, v in (raw.get("outlet_places") or {}).items()}
        self.place_account = re.compile(raw["place_account"]) if raw.get("place_account") else None

    def outlet_home(self, outlet: str | None, gaz: Gazetteer) -> list[str]:
        """The places an article's outlet is named after (乌兰察布日报, 同心县人民医院: outermost first), or
        the place `outlet_places` gives it (大众日报: 山东省), or the one place an account's short name
        names (沿河融媒: 沿河土家族自治县); [] when none."""
        home = [m.candidates[0].adcode for m in gaz.find_mentions(outlet or "") if m.candidates]
        if home or not outlet:
            return home
        account = self.place_account.match(outlet) if self.place_account else None
        named = gaz.lookup(account["place"]) if account else []
        if len(named) == 1:
            return [named[0].adcode]
        if outlet not in self.outlet_places:
            return home
        found = [m.candidates[0].adcode for m in gaz.find_mentions(self.outlet_places[outlet]) if m.candidates]
        return found[-1:]






def _not_sides(
    text: str, cues: PairingCues, mentions: list[Mention] | None = None
) -> tuple[set[int], list[tuple[int, int]]]:
    """Starts of mentions that cannot be a pairing side (datelines, a patient's trip), and
    spans of quoted speech (a person talking about going to 西宁 is not a programme).

    A place enumerated right after an excluded one (远赴成都、拉萨求医) is excluded too,
    and so is a place bounding a region (转诊至喀什以外).
    """
    starts: set[int] = set()
    for rx in cues.not_side:
        for found in rx.finditer(text):
            starts.add(found.start("place") if "place" in rx.groupindex else found.start())
    for rx in cues.not_side_at_place:
        starts.update(m.start for m in mentions or () if rx.match(text, m.start))
    if mentions and cues.member_list is not None:
        # Every place of a list of members, to the end of its clause (…，林芝方成员包括我院及巴宜区人民医院、…).
        for found in cues.member_list.finditer(text):
            stop = _CLAUSE_BREAK.search(text, found.end())
            end = stop.start() if stop else len(text)
            starts.update(m.start for m in mentions if found.end() <= m.start < end)
    if mentions:
        prev = None
        for m in mentions:
            if prev is not None and prev.start in starts and _TRIP_JOIN.fullmatch(text, prev.end, m.start):
                starts.add(m.start)
            if cues.not_side_after is not None and cues.not_side_after.match(text, m.end):
                starts.add(m.start)
            if prev is not None and _UNIVERSITY_OF.fullmatch(text, prev.end, m.start):
                starts.add(prev.start)  # 北京大学深圳医院: the hospital is 深圳's, not 北京's
            if prev is not None and prev.end == m.start and _HOSPITAL_AFTER.match(text, m.end) \
                    and _other_province(prev, m):
                starts.add(m.start)  # 宁强县天津医院: a hospital of 宁强县 named after 天津, which is no side
            prev = m
    return starts, speech_spans(text, cues.speech_min)


# A hospital right after a place (宁强县天津医院: 天津 names 宁强县's hospital).
_HOSPITAL_AFTER = re.compile(r"(?:中)?医院")


def _other_province(a: Mention, b: Mention) -> bool:
    """Do two mentions name places of different provinces (never a place chain, 宁强县天津 but not 广州市番禺区)?"""
    if not (a.candidates and b.candidates):
        return False
    return (a.candidates[0].adcode or "")[:2] != (b.candidates[0].adcode or "")[:2]


# A university named after one place, its hospital in the next (北京大学深圳医院, 香港大学深圳医院).
_UNIVERSITY_OF = re.compile(r"大学(?:附属)?")
_ENUM_JOIN = re.compile(r"\s*(?:、|和|或|及|与|或者|以及)\s*")
# Places of one trip (辗转到拉萨甚至成都、重庆就医).
_TRIP_JOIN = re.compile(r"\s*(?:、|和|或|及|与|或者|以及|甚至|乃至|甚至是|或是|再到)\s*")

# ------------------------------------------------------------- verb-directed statements
# "A 对口帮扶 B": the verb orients the pair whatever the provinces of A and B (湖北省对口
# 支援山南市, 深圳市对口帮扶汕尾市, 北京市西城区…对口帮扶张家口市张北县).
# Between the subject place and its verb: the rest of an institution named after it
# (深圳市人民医院对口帮扶…), a count of enumerated donors (三省), adverbs.
_INST_TAIL = r"(?:[\u4e00-\u9fff（）()]{0,14}?(?:医院|卫生院|保健院|中心|卫健局|卫健委|卫生健康局|卫生健康委员会|卫生健康委))?"
_SUBJ_GAP = re.compile(
    _INST_TAIL
    + r"(?:[两二三四五六七八九]省(?:市|区)?|[两二三四五六七八九]市|[两三]地|[两三]区|等地|等省市)?"
    + r"(?:(?:自|从|于)?(?:19|20)\d{2}年(?:\d{1,2}月)?(?:起|以来|开始)?)?"
    + r"(?:分别|共同|继续|长期|先后|累计|持续|已经|已|还|全面|整体|正式|也|都|均|将|主动|一直|重点|携手)*"
)
_HOSPITAL_TAIL = re.compile(r"[\u4e00-\u9fff（）()]{0,14}?(?:医院|卫生院|保健院|医疗集团)")
# Between enumerated places: the rest of an institution named after the place, and a join.
_TRIP_BEFORE = re.compile(r"(?:赴|前往|奔赴|远赴|派往|到)$")
_ITEM_GAP = re.compile(_INST_TAIL + r"(?:、|和|及|以及)")
_INST_AND = re.compile(_INST_TAIL + r"(?:与|和|同)")
_OBJ_GAP = re.compile(r"(?:了|的|给|到|至|赴|向|于|着)?")
# A dispatch reaching the recipient: 北京累计派出医疗卫生人员…到张家口 (the object follows 到 / 赴).
# A thousands comma (1,186人次) does not end the object.
# "<donor>向<recipient>、<recipient>(分别)<act>": the donor's act reaches each listed recipient.
_TOWARD = re.compile(r"(?:累计|先后|共|已|还|每年|今年|全年)*向(?:[\u4e00-\u9fff]{2,12}?(?:、|和|及))*")
_TOWARD_ACT = re.compile(r"(?:等[\u4e00-\u9fff]{0,6})?(?:分别|共|累计)?(?:投入|选派|派出|派驻|捐赠|援建|拨付|安排|提供|援助)")
_DISPATCH = re.compile(r"(?:选派|派出|派遣|派驻|组派)(?:[^，,。；;：:！？!?\n、]|(?<=\d),(?=\d{3})){0,20}?(?:到|赴|前往|进驻|奔赴)")
# After a dispatch's destination, in its clause: the people went there to learn (…到海淀区各医院进修学习).
_TRAINEES = re.compile(r"[^，,。；;：:！？!?\n]*?(?:进修|跟岗|轮训|研修|学习|(?:接受|参加)[^，,。；;]{0,6}?培训)")


def _items(
    gaz: Gazetteer, text: str, named: list[Mention], i: int, forward: bool, stop: AbstractSet[int] = frozenset()
) -> list[list[Mention]]:
    """The enumeration of places around named[i] (forward from it, or back to it); each item
    is a chain of a place and the places inside it named right after it (张家口市张北县).
    An enumeration ends before a place in `stop` (the subject of the next verb or the object
    of the previous one: 闵行区对口支援泽普县、宝山区对口支援莎车县)."""

    def chain_from(k: int, fwd: bool) -> tuple[list[Mention], int]:
        item = [named[k]]
        if fwd:
            while k + 1 < len(named) and _chain_link(gaz, item[-1], named[k + 1]):
                k += 1
                item.append(named[k])
        else:
            while k - 1 >= 0 and _chain_link(gaz, named[k - 1], item[0]):
                k -= 1
                item.insert(0, named[k])
        return item, k

    out: list[list[Mention]] = []
    if forward:
        item, k = chain_from(i, True)
        out.append(item)
        while k + 1 < len(named) and k + 1 not in stop and _ITEM_GAP.fullmatch(text, named[k].end, named[k + 1].start):
            item, k = chain_from(k + 1, True)
            if any(named.index(m) in stop for m in item):
                break
            out.append(item)
    else:
        item, k = chain_from(i, False)
        out.insert(0, item)
        while k - 1 >= 0 and k - 1 not in stop and _ITEM_GAP.fullmatch(text, named[k - 1].end, named[k].start):
            # The item before ends at named[k - 1]; its chain runs back from there.
            item, k = chain_from(k - 1, False)
            out.insert(0, item)
    return out


def _clause_end(text: str, start: int, limit: int) -> int:
    found = _CLAUSE_BREAK.search(text, start, limit)
    return found.start() if found else limit


def _directed(gaz: Gazetteer, text: str, s: int, e: int, named: list[Mention], verbs: re.Pattern) -> list[tuple[str, str, int, int]]:
    """(donor, recipient, donor pos, recipient pos) stated by an aid verb running from the
    donor to the recipient within a clause of sentence [s, e)."""
    if len(named) < 2:
        return []
    out: list[tuple[str, str, int, int]] = []
    found = [(m.start(), m.end()) for m in verbs.finditer(text, s, e)]
    # Staff sent to the other side to learn (易县选派骨干到海淀区各医院进修) are trained by it: no dispatch of aid.
    found += [(m.start(), m.end()) for m in _DISPATCH.finditer(text, s, e)
              if not _TRAINEES.match(text, m.end(), _clause_end(text, m.end(), e))]
    verbs_found: list[tuple[int, int, int]] = []
    for vs, ve in found:
        si = next((k for k in range(len(named) - 1, -1, -1) if named[k].end <= vs), None)
        oi = next((k for k in range(len(named)) if named[k].start >= ve), None)
        if si is None or oi is None or not _SUBJ_GAP.fullmatch(text, named[si].end, vs):
            continue
        if not _OBJ_GAP.fullmatch(text, ve, named[oi].start):
            continue
        verbs_found.append((vs, si, oi))
    subjects = {si for _, si, _ in verbs_found}
    objects = {oi for _, _, oi in verbs_found}
    for vs, si, oi in verbs_found:
        donors = _items(gaz, text, named, si, forward=False, stop=objects - {si})
        recips = _items(gaz, text, named, oi, forward=True, stop=subjects - {oi})
        last_donor_end = donors[-1][-1].end
        dist = "分别" in text[last_donor_end:vs] and len(donors) == len(recips) > 1
        if not dist and len(donors) > 1 and len(recips) > 1 and len(donors) != len(recips):
            # 河西区、武清区、津南区3个区结对帮扶崆峒区、庄浪县…5个县: the groups pair, not each with each;
            # who aids whom is told (or not) elsewhere.
            continue
        combos = list(zip(donors, recips, strict=True)) if dist else [(d, r) for d in donors for r in recips]
        for D, R in combos:
            # A chain of places is one place (张家口市张北县: the county; 宁波北仑: the district):
            # the verb pairs the innermost places only (shared/gold/FORMAT.md, "Conventions").
            links = [(D[-1], R[-1])]
            for dm, rm in links:
                dc, rc = _best(dm), _best(rm)
                if not dc or not rc or gaz.is_within(dc, rc) or gaz.is_within(rc, dc):
                    continue
                if gaz.side(dc) == "recipient" and gaz.side(rc) == "donor":
                    continue
                if _is_province(gaz, rc) and not _is_province(gaz, dc):
                    continue
                out.append((dc, rc, dm.start, rm.start))
    return out


def _article_sides(gaz: Gazetteer, text: str, mentions: list[Mention], directed: list[tuple[str, str, int, int]]) -> Callable[[str], str | None]:
    """The side of a place in this article: what the article's aid verbs say (深圳市对口帮扶
    汕尾市: 汕尾 and the places in it are recipients here), then a donor of a paired-assistance
    programme in an article about its region (河南 beside 哈密), then the province lists."""
    seen: dict[str, set[str]] = {}
    for dc, rc, _, _ in directed:
        seen.setdefault(dc, set()).add("donor")
        seen.setdefault(rc, set()).add("recipient")
    # A programme named by a donor's abbreviation and that of a province on neither side (京冀协作, 津冀): that
    # province's counties are aided in this article (北京市朝阳区与丰宁结对: 丰宁 of 河北 is the recipient). Its
    # cities are not made sides by it: "本市16个区与河北省张家口、承德、保定3市23个县开展协作" counts groups.
    abbr = [m for m in mentions if m.kind == "abbr" and m.candidates]
    aided_provinces = {_best(b) for a, b in pairwise(abbr)
                       if a.end == b.start and gaz.side(_best(a)) == "donor" and gaz.side(_best(b)) is None}
    codes = {_best(m) for m in mentions if m.candidates}
    spans = sentences(text)
    starts = [a for a, _ in spans]

    def sentence_of(m: Mention) -> tuple[int, int]:
        return spans[max(0, bisect.bisect_right(starts, m.start) - 1)] if spans else (0, len(text))

    for word, (region, donors) in getattr(gaz, "aid_programmes", {}).items():
        if not (word in text or any(c and c != region and gaz.is_within(c, region) for c in codes)):
            continue
        # Named with the programme (河北援藏医疗队) or its region (河北省…阿里地区) in one sentence: a
        # province aided by another in the same article (京冀协作: 河北省张家口…) is no donor for it.
        with_programme: set[str] = set()
        for m in mentions:
            c = _best(m) if m.candidates else None
            if c is not None and c in donors and gaz.side(c) != "donor" and not gaz.is_within(c, region):
                a, b = sentence_of(m)
                if word in text[a:b] or any(a <= n.start < b and n.candidates and gaz.is_within(_best(n), region)
                                            for n in mentions):
                    with_programme.add(c)
        for c in with_programme:
            seen.setdefault(c, set()).add("donor")
    fixed = {c: next(iter(v)) for c, v in seen.items() if len(v) == 1}
    cache: dict[str, str | None] = {}

    def side(code: str) -> str | None:
        if code not in cache:
            if code in fixed:
                cache[code] = fixed[code]
            else:
                anc = next((a for a in gaz.ancestors(code) if fixed.get(a) == "recipient"), None)
                if anc is None and aided_provinces and _level(gaz, code) in ("county", "district"):
                    anc = next((a for a in gaz.ancestors(code) if a in aided_provinces), None)
                cache[code] = "recipient" if anc else gaz.side(code)
        return cache[code]

    return side



@dataclass
class _SentenceReader:
    """One sentence and the steps that read the pairings it states, each testable on one
    sentence: `directed_statements` (A 对口帮扶 B), `abbreviation_statements` (粤桂协作),
    `place_sides` (which named place gives, which receives) and `place_pair_statements`
    (eastern and western places in a sentence about aid)."""

    text: str
    s: int
    e: int
    sent: list[Mention]  # every mention in the sentence
    named: list[Mention]  # full-name mentions that may be sides (datelines, speech left out)
    gaz: Gazetteer
    cues: PairingCues
    directed: list[tuple[str, str, int, int]] = field(default_factory=list)
    side: Callable[[str], str | None] | None = None  # the article's sides (see _article_sides)

    @classmethod
    def of(cls, text: str, s: int, e: int, sent: list[Mention], gaz: Gazetteer, cues: PairingCues,
           excluded: Callable[[Mention], bool] = lambda m: False,
           no_side: Callable[[Mention], bool] | None = None) -> "_SentenceReader":
        """`excluded`: mentions that are no sides here (datelines, trips, quoted speech); `no_side`: those
        that are none even for an aid verb — quoted speech may state one (“朝阳区先后选派…到鄂伦春自治旗…”)."""
        named = [m for m in sent if m.kind == "name" and _best(m) is not None and not excluded(m)]
        verb_sides = named if no_side is None else \
            [m for m in sent if m.kind == "name" and _best(m) is not None and not no_side(m)]
        return cls(text, s, e, sent, named, gaz, cues, _directed(gaz, text, s, e, verb_sides, cues.verbs))

    def _mention_at(self, p: int) -> Mention:
        return next(x for x in self.sent if x.start == p)

    def hospital_at(self, p: int) -> bool:
        """A hospital: a place's name followed by a hospital's, or 我院 in a hospital's account."""
        m = self._mention_at(p)
        if m.surface.endswith("院"):
            return True
        # The place's team (闵行区医疗团队组团帮扶施甸县人民医院: the district's team aids the county's
        # hospital) is no hospital, whatever hospital is named after it.
        return not self.cues.team.match(self.text, m.end) and bool(_HOSPITAL_TAIL.match(self.text, m.end))

    def short_at(self, p: int) -> bool:
        """The place at p is named by a short form (苏州, not 苏州市)."""
        m = self._mention_at(p)
        return bool(m.candidates) and m.surface != m.candidates[0].name

    def _paired_by_copula(self, dp: int, rp: int, ends: dict[int, int]) -> bool:
        """"<recipient>是<donor>结对帮扶县之一" / "…是…的对口支援地区": the recipient is named as one of the
        donor's paired places, a pairing stated at its own level."""
        return (rp < dp and rp in ends and dp in ends and not self.hospital_at(dp) and not self.hospital_at(rp)
                and not self._loose(rp) and bool(_COPULA.fullmatch(self.text, ends[rp], dp))
                and bool(_PAIRED_PLACE.match(self.text, ends[dp])))

    def _paired_in_list(self, dp: int, rp: int) -> bool:
        """Is the place at rp one of a list of places right after "<place at dp>与", the list closed by
        a verb of pairing (我市与武隆区、城口县结对以来)?"""
        first = self.text.find("与", self._mention_at(dp).end, self._mention_at(dp).end + 1)
        if first < 0:
            return False
        listed = sorted((x for x in self.sent if x.candidates and x.start > first), key=lambda x: x.start)
        pos, members = first + 1, []
        for x in listed:
            if x.start != pos:
                break
            members.append(x.start)
            pos = x.end + 1 if self.text[x.end:x.end + 1] in ("、", "和", "及") else -1
        return len(members) >= 2 and rp in members and bool(
            _MUTUAL_VERB.match(self.text, self._mention_at(members[-1]).end))

    def _chain_start(self, p: int) -> int:
        """Where the place chain ending with the place at p starts (赴红河州金平县: at 红河州): the places
        before it that hold it name where it is, not another side."""
        m = self._mention_at(p)
        for x in sorted((x for x in self.sent if x.end <= p), key=lambda x: -x.end):
            if not _chain_link(self.gaz, x, m):
                break
            m = x
        return m.start

    def _clause_of(self, p: int) -> int:
        """The index of the clause of the sentence holding p (a comma belongs to the clause it closes)."""
        spans = _clauses(self.text, self.s, self.e)
        i = bisect.bisect_left(spans, p, key=_end_of_span)
        if i < len(spans) and spans[i][0] <= p:
            return i
        raise StopIteration  # p in no clause of the sentence: as the scan it replaces

    # 0) an aid verb from A to B: A aids B whatever their provinces; stated at this level.
    def directed_statements(self) -> list[_Statement]:
        out = []
        for dc, rc, dp, rp in self.directed:
            quote, off = _window(self.text, self.s, self.e, [dp, rp])
            # A name that may be two levels (喀什) cannot state a level: it may fold. Nor can
            # a hospital's aid (东莞市人民医院帮扶乳源瑶族自治县人民医院): it is filed under its
            # city's programme, as the seeds do — unless the article is that hospital's own
            # account (`_own_account`).
            out.append(_Statement(dc, rc, quote, off, _quote_rank(quote),
                                  direct=not self._loose(rp) and not self.hospital_at(dp) and not self._as_role(dp),
                                  by_money=self._programme_money(dp),
                                  donor_short=self.short_at(dp)))
        return out

    # 1) two joined abbreviations: a province pair, stated as such.
    def abbreviation_statements(self) -> list[_Statement]:
        out = []
        for start, (donor, recipient) in _abbreviation_pairs(self.gaz, self.sent, self.side):
            quote, off = _window(self.text, self.s, self.e, [start])
            out.append(_Statement(donor, recipient, quote, off, _quote_rank(quote)))
        return out

    # 1b) a programme named by its two provinces in full: 浙江与四川东西部协作, 山东和甘肃两省扶贫协作.
    def programme_name_statements(self) -> list[_Statement]:
        out = []
        for a, b in pairwise(self.named):
            if (self.text[a.end : b.start] not in ("与", "和", "同") or not _PROGRAMME_AFTER.match(self.text, b.end)
                    or not (_is_province(self.gaz, _best(a)) and _is_province(self.gaz, _best(b)))):
                continue
            pair = _orient(self.gaz, _best(a), _best(b), self.side)
            if pair:
                quote, off = _window(self.text, self.s, self.e, [a.start])
                out.append(_Statement(pair[0], pair[1], quote, off, _quote_rank(quote)))
        return out

    # 2a) the side of each named place in this sentence.
    def place_sides(self) -> dict[int, str | None]:
        """The article's side of each named place, then what the sentence's verbs say: a place on
        neither side aiding a western place is a donor (A 对口帮扶 B); "A 与 B … 对口帮扶协议"
        makes B on neither side the recipient (天津市西青区与平泉市…)."""
        text, e, gaz, cues, named = self.text, self.e, self.gaz, self.cues, self.named
        side = self.side or gaz.side
        sides = {m.start: side(_best(m)) for m in named}
        for m in named:
            if sides[m.start] is None:
                nxt = next((x for x in named if x.start >= m.end), None)
                if nxt is not None and sides[nxt.start] == "recipient" and not _COMMA.search(text, m.end, nxt.start):
                    between = text[m.end : nxt.start]
                    if cues.verbs.match(between) or re.match(r"[与和同]", between) and cues.verbs.search(text, nxt.end, min(e, nxt.end + 12)):
                        sides[m.start] = "donor"
            elif sides[m.start] == "donor":
                nxt = next((x for x in named if x.start >= m.end), None)
                if nxt is not None and sides[nxt.start] is None and not gaz.is_within(_best(nxt), _best(m)) and not gaz.is_within(_best(m), _best(nxt)):
                    between = text[m.end : nxt.start]
                    if _INST_AND.fullmatch(between) and cues.verbs.search(text, nxt.end, min(e, nxt.end + 12)) and not _COMMA.search(text, nxt.end, min(e, nxt.end + 12)):
                        # A place chain is one place, its innermost (我院与承德市滦平县医院…: 滦平县).
                        sides[_innermost(nxt, named, gaz).start] = "recipient"
        # Destinations listed after a trip (我省选派…赴重庆、甘肃和新疆喀什…开展帮扶): every place of the list is
        # aided; a donor of another programme among them (重庆 aids 昌都) is a destination here.
        runs: list[list[Mention]] = []
        for m in named:
            if runs and _ITEM_GAP.fullmatch(text, runs[-1][-1].end, m.start):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            if len(run) > 1 and _TRIP_BEFORE.search(text, max(self.s, run[0].start - 3), run[0].start) \
                    and any(sides[x.start] == "recipient" for x in run):
                for x in run:
                    sides[x.start] = "recipient"
        return sides

    def _segments(self) -> list[list[tuple[int, int]]]:
        """The 、-separated segments of each comma clause."""
        out = []
        for a, b in _clauses(self.text, self.s, self.e):
            segs, start = [], a
            for m in re.finditer(r"[、]", self.text[a:b]):
                segs.append((start, a + m.start()))
                start = a + m.end()
            segs.append((start, b))
            out.append(segs)
        return out

    def enumeration_groups(
        self, segs: list[tuple[int, int]], donors: list[tuple[int, str]], recips: list[tuple[int, str]], ends: dict[int, int]
    ) -> list[tuple[int, int, int, int]]:
        """(first segment, last segment, start, end) of each statement in a clause, in order.

        "A 对口帮扶 B、C 对口帮扶 D": each enumerated segment with its own donor, verb and
        recipient is a statement of its own; its places pair only inside it. A segment
        without its own donor and verb continues the enumeration next to it: bare donors
        before it ("北京市、江苏省对口支援拉萨市") and bare recipients after it ("北京市对口支援
        城关区、堆龙德庆区、当雄县") belong to the same statement."""
        text, verbs = self.text, self.cues.verbs

        def places(a: int, b: int, items: list[tuple[int, str]]) -> list[int]:
            return [x for x, _ in items if a <= x < b]

        def full(a: int, b: int) -> bool:
            ds, rs = places(a, b, donors), places(a, b, recips)
            return bool(ds and rs and min(ds) < min(rs) and verbs.search(text, ends[max(x for x in ds if x < min(rs))], min(rs)))

        def bare_donors(a: int, b: int) -> bool:
            ds = places(a, b, donors)
            if not ds or places(a, b, recips) or verbs.search(text, a, b):
                return False
            return not text[ends[max(ds)] : b].strip(" 和及与以等")

        def bare_recipients(a: int, b: int) -> bool:
            return bool(places(a, b, recips)) and not places(a, b, donors) and not verbs.search(text, a, b)

        groups = []
        for i, (a, b) in enumerate(segs):
            if not full(a, b):
                continue
            lo = i
            while lo > 0 and bare_donors(*segs[lo - 1]):
                lo -= 1
            hi = i
            while hi + 1 < len(segs) and bare_recipients(*segs[hi + 1]):
                hi += 1
            groups.append((lo, hi, segs[lo][0], segs[hi][1]))
        return groups

    # 2b) eastern and western places in one sentence that speaks of aid or cooperation.
    def place_pairs(self) -> tuple[set[tuple[str, str, int, int]], dict[int, int], set[int]]:  # noqa: C901 (to be split into the side, enumeration and respective-pairing steps it runs in turn)
        """(donor, recipient, donor pos, recipient pos) the sentence's places pair, the end of
        each named place, and the places whose level is firm."""
        text, s, e, gaz, cues, named = self.text, self.s, self.e, self.gaz, self.cues, self.named
        sides = self.place_sides()
        donors = [(m.start, _best(m)) for m in named if sides[m.start] == "donor"]
        recips = [(m.start, _best(m)) for m in named if sides[m.start] == "recipient"]
        donors = _organised_donors(gaz, text, s, e, donors, cues.organiser, self.hospital_at)
        donors = _provincial_members(gaz, text, s, e, donors, self.hospital_at)
        ends = {m.start: m.end for m in named}
        # A name that may be two levels (喀什: the prefecture or its city) cannot state a level.
        firm = {m.start for m in named if len(m.candidates) == 1 or m.surface == m.candidates[0].name}
        pairs: set[tuple[str, str, int, int]] = set()
        if not donors or not recips:
            return pairs, ends, firm
        clause_of = self._clause_of
        clause_segments = self._segments()
        groups_of_clause: dict[int, list[tuple[int, int, int, int]]] = {}

        def places_in(a: int, b: int, items: list[tuple[int, str]]) -> list[tuple[int, str]]:
            return [(x, c) for x, c in items if a <= x < b]

        def group_of(p: int) -> tuple[int, int] | None:
            c = next((i for i, sg in enumerate(clause_segments) if sg[0][0] <= p <= sg[-1][1]), None)
            if c is None:
                return None
            segs = clause_segments[c]
            if c not in groups_of_clause:
                groups_of_clause[c] = self.enumeration_groups(segs, donors, recips, ends)
            k = next(i for i, (a, b) in enumerate(segs) if a <= p <= b)
            return next(((a, b) for lo, hi, a, b in groups_of_clause[c] if lo <= k <= hi), None)

        # A place and its ancestor in one clause name one place (广州市番禺区); in different
        # clauses they may be two levels of the programme ("北京市与乌兰察布市建立…机制，海淀区对口帮扶化德县"),
        # but the ancestor then pairs only with a place in its own clause (记者从百色市…获悉 pairs with nothing).
        all_recips = list(recips)
        strong = set(_drop_ancestors(gaz, donors)) | set(_drop_ancestors(gaz, recips))
        # An enumerated statement is a clause of its own here ("浙江省对口支援阿克苏地区、湖州市
        # 对口支援柯坪县": 阿克苏地区 is not 柯坪县's ancestor named in passing).
        segmented = {p: group_of(p) for p, _ in donors + recips}

        def unit_of(p: int):
            return segmented[p] if segmented.get(p) is not None else clause_of(p)

        donors = _drop_ancestors_per_clause(gaz, donors, unit_of)
        recips = _drop_ancestors_per_clause(gaz, recips, unit_of)

        # "A、B、C 分别与 X、Y、Z 结对": as many donors as recipients around 分别 pair in order;
        # "A与X、B与Y分别结对": each enumerated segment pairs its own donor and recipient.
        respective: set[int] = set()
        for segs in clause_segments:
            paired = [(places_in(a, b, donors), places_in(a, b, recips)) for a, b in segs]
            if len(segs) > 1 and all(len(ds) == 1 and len(rs) == 1 and ds[0][0] < rs[0][0] for ds, rs in paired) \
                    and all(_INST_AND.fullmatch(text, ends[ds[0][0]], rs[0][0]) for ds, rs in paired) \
                    and cues.verbs.search(text, segs[-1][0], segs[-1][1]):
                for ds, rs in paired:
                    (dp, dc), (rp, rc) = ds[0], rs[0]
                    pairs.add((dc, rc, dp, rp))
                    respective.add(rp)
        for c in {clause_of(p) for p, _ in recips}:
            ds = [d for d in donors if clause_of(d[0]) == c]
            rs = [r for r in recips if clause_of(r[0]) == c]
            if len(ds) == len(rs) + 1 and len(rs) > 1 and ds[-1][0] < rs[0][0] \
                    and _SELF_LAST.match(text, ends[rs[-1][0]]) and "分别" in text[ends[ds[-1][0]] : rs[0][0]]:
                # "…分别与临夏市、临夏县、和政县和我县结对" where 我县 names no place (an outlet named after none):
                # the donors before the last still pair in order; the last one's county is not known here.
                ds = ds[:-1]
            if 1 < len(ds) == len(rs) and ds[-1][0] < rs[0][0] and _respective(text, ds, rs, ends):
                for (dp, dc), (rp, rc) in zip(ds, rs, strict=False):
                    if not (gaz.is_within(rc, dc) or gaz.is_within(dc, rc)):
                        pairs.add((dc, rc, dp, rp))
                respective.update(rp for rp, _ in rs)
        def enumerated_with(donor: tuple[int, str]) -> list[tuple[int, str]]:
            """The donor and the donors enumerated with it (江苏、浙江两省的支持下): they aid together."""
            row = sorted(d for d in strong_donors if clause_of(d[0]) == clause_of(donor[0]))
            i = row.index(donor)
            lo = hi = i
            while lo > 0 and _ITEM_GAP.fullmatch(text, ends[row[lo - 1][0]], row[lo][0]):
                lo -= 1
            while hi + 1 < len(row) and _ITEM_GAP.fullmatch(text, ends[row[hi][0]], row[hi + 1][0]):
                hi += 1
            return row[lo : hi + 1]

        covered = {rp for _, _, _, rp in self.directed}
        strong_donors = [d for d in donors if d in strong and segmented.get(d[0]) is None]
        groups_only = self._groups_only(donors, recips)
        for rp, rc in recips:
            if rp in respective or clause_of(rp) in groups_only:
                continue
            seg = segmented.get(rp)
            if seg is not None:
                chosen = [(dp, dc) for dp, dc in donors if seg[0] <= dp < seg[1]]
                chosen = [d for d in chosen if d in strong] or chosen
            else:
                same = [(dp, dc) for dp, dc in donors if clause_of(dp) == clause_of(rp) and segmented.get(dp) is None]
                if (rp, rc) in strong:
                    same = [d for d in same if d in strong] or same
                    nearest = min(strong_donors, key=lambda d: (abs(d[0] - rp), d[0] > rp)) if strong_donors else None
                    chosen = same or (enumerated_with(nearest) if nearest else [])
                else:
                    chosen = same
            if rp in covered:
                continue  # the verb stated whom it aids (分别: not every donor of the sentence)
            for dp, dc in chosen:
                if gaz.is_within(rc, dc) or gaz.is_within(dc, rc):
                    continue
                pairs.add((dc, rc, dp, rp))
        # A province aiding "province + prefecture" (广东省对口支援四川省甘孜藏族自治州) states
        # both levels: the province pair too.
        for dc, rc, dp, rp in list(pairs):
            if not _is_province(gaz, dc):
                continue
            for ap, ac in all_recips:
                if ac != rc and _is_province(gaz, ac) and gaz.is_within(rc, ac) and ends.get(ap) == rp and dp < ap:
                    if cues.verbs.match(text[ends[dp] : ap]):
                        pairs.add((dc, ac, dp, ap))
        return pairs, ends, firm

    def _groups_only(self, donors: list[tuple[int, str]], recips: list[tuple[int, str]]) -> set[int]:
        """Clauses where several donors and a different number of recipients, each listed together, are
        joined (河西区、武清区、津南区3个区结对帮扶崆峒区、庄浪县…5个县; with 分别 when one side's list ends in a
        place the text does not name, …分别与临夏市、临夏县、和政县和我县结对): the groups pair, not each with
        each; who aids whom is told elsewhere, if at all."""
        out = set()
        for c in {self._clause_of(p) for p, _ in recips}:
            ds = [p for p, _ in donors if self._clause_of(p) == c]
            rs = [p for p, _ in recips if self._clause_of(p) == c]
            a, b = _clauses(self.text, self.s, self.e)[c]
            if 1 < len(ds) != len(rs) > 1 and max(ds) < min(rs):
                out.add(c)
        return out

    def place_pair_statements(self) -> list[_Statement]:
        """The statements of `place_pairs`, each quoted by the clauses around its two places."""
        text, gaz, cues = self.text, self.gaz, self.cues
        pairs, ends, firm = self.place_pairs()
        out = []
        for dc, rc, dp, rp in sorted(pairs, key=lambda x: (x[2], x[3])):
            if _is_province(gaz, dc) != _is_province(gaz, rc) and _is_province(gaz, rc):
                # 广州 … 贵州 in one sentence does not state a 广州 -> 贵州 programme.
                continue
            quote, off = _window(text, self.s, self.e, [dp, rp])
            if _not_aid(quote, cues):
                continue
            st = _Statement(dc, rc, quote, off, _quote_rank(quote))
            # Stated at this level: the donor is the subject of an aid verb reaching the
            # recipient in the same clause (北京市先后选派…到当雄县).
            # A hospital as the subject (深圳市人民医院选派…, 我院累计选派…) states its hospital's
            # aid: the pair folds into its city's programme.
            st.donor_short = self.short_at(dp)
            st.by_money = self._programme_money(dp)
            st.direct = bool((
                dp < rp and rp in firm and self._clause_of(dp) == self._clause_of(rp) and not self.hospital_at(dp)
                and bool(cues.direct.match(text[ends[dp] : self._chain_start(rp)]))
            ) or (dp < rp and not self.hospital_at(dp) and (self._aided_by_relative(rp) or self._aided_toward(dp, rp)
                                                          or self._organising(dp, rp))) or (
                # "A与B结对" / "A和B建立结对帮扶关系": the two places pair each other, as stated.
                rp in ends and not self.hospital_at(dp) and not self.hospital_at(rp) and not self._loose(rp)
                and _MUTUAL_PAIR.match(text, min(ends[dp], ends[rp]))
                and text[min(ends[dp], ends[rp]) : self._chain_start(max(dp, rp))] in ("与", "和", "同")
                and bool(_MUTUAL_VERB.match(text, max(ends[dp], ends[rp])))
            ) or (
                # "我市与武隆区、城口县结对": each place of the list after 与 pairs with the one before it.
                dp < rp and not self.hospital_at(dp) and not self._loose(rp) and self._paired_in_list(dp, rp)
            ) or self._paired_by_copula(dp, rp, ends)) and not self._as_role(dp)
            out.append(st)
        return out

    def _as_role(self, p: int) -> bool:
        """The place at p names a role another takes (我区作为青岛市结对宕昌县的责任区): the wider pairing said
        as the frame of the finer one's work, so it folds into it."""
        return self.text[max(self.s, p - 2):p] == "作为" and bool(
            _ROLE_OF.match(self.text, self._mention_at(p).end, self.e))

    def _programme_money(self, p: int) -> bool:
        """The place at p names its programme's money (广东援疆资金今年投入我院): see `_fold`."""
        money = self.cues.programme_money
        return money is not None and bool(money.match(self.text, self._mention_at(p).end, self.e))

    def _loose(self, p: int) -> bool:
        """A short name that may be two levels (承德: the city or the county) states no level."""
        m = self._mention_at(p)
        return len(m.candidates) > 1 and m.surface != m.candidates[0].name

    def _aided_toward(self, dp: int, rp: int) -> bool:
        """"闵行区向隆阳区、施甸县、龙陵县分别投入资金…": the donor's act reaches each listed recipient, in
        its clause: stated at the recipients' level."""
        if self._clause_of(dp) != self._clause_of(rp):
            return False
        gap = self.text[self._end_of(dp) : rp]
        if not _TOWARD.fullmatch(gap):
            return False
        end = self._end_of(rp)
        later = [m for m in self.named if m.start >= end]
        for m in later:  # the rest of the list
            if not _ENUM_JOIN.fullmatch(self.text, end, m.start):
                break
            end = m.end
        return bool(_TOWARD_ACT.match(self.text, end))

    def _organising(self, dp: int, rp: int) -> bool:
        """"由上海市统筹选派的医疗团队则分别组团帮扶龙陵县人民医院": the organiser aids the recipient of its
        clause itself, beside any district of it that aids the same county."""
        organiser = self.cues.organiser
        found = organiser.match(self.text, dp - 1) if organiser is not None and dp > 0 else None
        return found is not None and found.start("org") == dp and self._clause_of(dp) == self._clause_of(rp)

    def _end_of(self, p: int) -> int:
        return self._mention_at(p).end

    def _aided_by_relative(self, rp: int) -> bool:
        """A later clause of the donor's sentence names its recipients by a relative clause of the
        aid verb (…，其中对口支援的A、B、C三县…): stated at the recipients' level."""
        a, _ = _clauses(self.text, self.s, self.e)[self._clause_of(rp)]
        return bool(_RELATIVE_AID.fullmatch(self.text[a:rp].strip()))


def _sentence_readers(
    text: str, gaz: Gazetteer, mentions: list[Mention], blocked: tuple[set[int], list[tuple[int, int]]], cues: PairingCues
) -> list[_SentenceReader]:
    """A reader for each sentence that names a place."""
    bad_starts, speech = blocked

    def excluded(m: Mention) -> bool:
        return m.start in bad_starts or any(a <= m.start < b for a, b in speech)

    out = []
    k = 0
    for s, e in sentences(text):
        while k < len(mentions) and mentions[k].start < s:
            k += 1
        j = k
        while j < len(mentions) and mentions[j].start < e:
            j += 1
        if j > k:
            out.append(_SentenceReader.of(text, s, e, mentions[k:j], gaz, cues, excluded,
                                          no_side=lambda m: m.start in bad_starts))
    return out


def _statements(
    text: str, gaz: Gazetteer, mentions: list[Mention], blocked: tuple[set[int], list[tuple[int, int]]] | None = None,
    cues: PairingCues | None = None,
) -> tuple[list[_Statement], Callable[[str], str | None]]:
    """The pairings each sentence states, and the side of a place in this article (what its
    aid verbs say first: within a province, 东莞市对口帮扶韶关市 makes 韶关 a recipient)."""
    cues = cues or PairingCues.of(gaz)
    readers = _sentence_readers(text, gaz, mentions, blocked or (set(), []), cues)
    side = _article_sides(gaz, text, mentions, [d for r in readers for d in r.directed])
    paragraphs = _paragraphs(text)
    paragraph_starts = [a for a, _ in paragraphs]
    out: list[_Statement] = []
    speaks_of_aid: dict[tuple[int, int], bool] = {}
    for reader in readers:
        reader.side = side
        out += reader.directed_statements()
        out += reader.abbreviation_statements()
        out += reader.programme_name_statements()
        # Places pair only in a paragraph that speaks of aid or cooperation
        # (在广州打工多年的何建国也回到旺苍 speaks of neither).
        paragraph = paragraphs[max(0, bisect.bisect_right(paragraph_starts, reader.s) - 1)]
        if paragraph not in speaks_of_aid:
            speaks_of_aid[paragraph] = bool(cues.pair_cue.search(text, *paragraph))
        if speaks_of_aid[paragraph]:
            out += reader.place_pair_statements()
    out += _section_head_statements(text, mentions, side, cues, gaz)
    out += _table_row_statements(text, mentions, side, cues)
    return out, side


def _table_row_statements(text: str, mentions: list[Mention], side: Callable[[str], str | None],
                          cues: PairingCues) -> list[_Statement]:
    """A table whose header speaks of aid ("县(区)\t结对帮扶方\t派驻专家(名)…") and whose row holds one place of
    each side, each a cell of its own ("原州区\t漳州市\t42…"): the row pairs them, at their own level (the
    table lists each county's donor), quoted from the first of the two cells to the second."""
    out: list[_Statement] = []
    by_span = {(m.start, m.end): _best(m) for m in mentions if m.candidates}
    for table in tables(text):
        if not cues.pair_cue.search(table.header_text):
            continue
        for row in table.rows:
            places = [(cell, code) for cell in row if (code := by_span.get((cell.start, cell.start + len(cell.text))))]
            donors = [(cell, code) for cell, code in places if side(code) == "donor"]
            recipients = [(cell, code) for cell, code in places if side(code) == "recipient"]
            if len(donors) != 1 or len(recipients) != 1:
                continue
            (d_cell, donor), (r_cell, recipient) = donors[0], recipients[0]
            a = min(d_cell.start, r_cell.start)
            b = max(d_cell.start + len(d_cell.text), r_cell.start + len(r_cell.text))
            out.append(_Statement(donor, recipient, text[a:b], a, _quote_rank(text[a:b]), direct=True))
    return out


def _section_head_statements(text: str, mentions: list[Mention], side: Callable[[str], str | None],
                             cues: PairingCues, gaz: Gazetteer) -> list[_Statement]:
    """A notice's section headed by the recipient, its first sentence opening with the donor ("（三）丹凤县。
    栖霞区投入协作资金560万元…"), or headed by the donor, its first clause naming the recipient ("（四）扬州市。
    苏北人民医院与新源县人民医院深化合作"): the head and the sentence state the pair together, as one sentence would."""
    out: list[_Statement] = []
    for a, b in _paragraphs(text):
        head = _INLINE_HEAD.match(text, a, b)
        if head is None:
            continue
        named = [m for m in mentions if head.start(1) <= m.start < head.end(1) and m.candidates]
        if len(named) != 1 or side(_best(named[0])) not in ("donor", "recipient"):
            continue
        head_side = side(_best(named[0]))
        body = next(((s, e) for s, e in sentences(text) if head.end() <= s < b), None)
        if body is None:
            continue
        comma = COMMA.search(text, body[0], body[1])
        clause_end = comma.start() if comma else body[1]
        first = next((m for m in mentions if body[0] <= m.start < clause_end and m.candidates), None)
        if first is None or not cues.pair_cue.search(text, first.end, clause_end):
            continue
        if head_side == "donor":
            out += _donor_section(text, (head.end(), b), named[0], mentions, side, cues, gaz)
            continue
        if first.start - body[0] > 2 or side(_best(first)) != "donor":
            continue
        recipient, donor = _best(named[0]), _best(_innermost(first, mentions, gaz))  # 福州市鼓楼区: the district
        quote = text[head.start(1):clause_end]
        out.append(_Statement(donor, recipient, quote, head.start(1), _quote_rank(quote)))
    return out


def _donor_section(text: str, section: tuple[int, int], head: Mention, mentions: list[Mention],
                   side: Callable[[str], str | None], cues: PairingCues, gaz: Gazetteer) -> list[_Statement]:
    """A notice's section headed by the donor city ("（四）扬州市。苏北人民医院与新源县人民医院深化合作…"; "（二）
    无锡市。向延安市选派…。以“1+8”模式帮扶海东市第二人民医院"): each recipient named in a clause of aid whose
    only donors are the head's own places is the head's; the donor's hospitals are often named without a place."""
    donor = _best(head)
    out: list[_Statement] = []
    for s, e in sentences(text):
        if not (section[0] <= s < section[1]):
            continue
        for a, b in _clauses(text, s, e):
            if not cues.pair_cue.search(text, a, b):
                continue
            here = [m for m in mentions if a <= m.start < b and m.candidates]
            if any(side(_best(m)) == "donor" and not gaz.is_within(_best(m), donor) for m in here):
                continue
            for m in here:
                recipient = _best(m)
                if _innermost(m, here, gaz) is not m:
                    continue  # a place chain is one place, its innermost (伊犁哈萨克自治州奎屯医院: 奎屯)
                if side(recipient) == "recipient":
                    # The section's first clause is quoted from its head; any other clause alone, where it stands
                    # (a later clause may begin with the head's own name: 湖州市中心医院对口帮扶…).
                    off = head.start if a == section[0] or s == section[0] else a + len(text[a:b]) - len(text[a:b].lstrip())
                    quote = text[off:b].strip()
                    out.append(_Statement(donor, recipient, quote, off, _quote_rank(quote)))
    return out


def _respective(text: str, donors: list[tuple[int, str]], recips: list[tuple[int, str]], ends: dict[int, int]) -> bool:
    """Do as many donors as recipients pair in order? "A、B 分别与 X、Y 结对", or each donor
    with its own way of aiding and no 分别 (宁波市以“专家驻点”、温州市以“科室共建”方式帮扶 X、Y)."""
    if "分别" in text[ends[donors[-1][0]] : recips[0][0]]:
        return True
    # …or 分别 right after the recipients (A、B帮扶团队在X、Y分别开展…).
    if _AFTER_RESPECTIVE.match(text, ends[recips[-1][0]]):
        return True
    # …or one to one, said after the recipients (A、B、C三市与X、Y、Z三县“一对一”结对).
    if _ONE_TO_ONE.match(text, ends[recips[-1][0]]):
        return True
    return all(text.startswith("以", ends[p]) for p, _ in donors)


# The outlet's own place closing a list of recipients (…、和政县和我县): a place the article does not name.
_SELF_LAST = re.compile(r"\s*(?:、|和|及|以及|与)\s*(?:我|本)(?:县|旗|区|市|州)")
_AFTER_RESPECTIVE = re.compile(r"(?:人民医院|医院)?分别")
_ONE_TO_ONE = re.compile(r"(?:[两二三四五六七八九十\d]{1,2}个?(?:县|区|市|旗|县区|县（区）|县\(区\)))?[“”\"]?(?:一对一|一一对应)")


def _headline_programme(title: str, gaz: Gazetteer, mentions: list[Mention], side: Callable[[str], str | None]) -> list[_Statement]:
    """Two joined province abbreviations in the headline (京冀医疗协作, 沪滇携手): the programme's province
    pair, as in a sentence; the headline is quoted whole (offset -1)."""
    return [_Statement(donor, recipient, title, -1, _quote_rank(title))
            for _, (donor, recipient) in _abbreviation_pairs(gaz, mentions, side)]


def _abbreviation_pairs(gaz: Gazetteer, mentions: list[Mention], side: Callable[[str], str | None] | None
                        ) -> list[tuple[int, tuple[str, str]]]:
    """(start, (donor, recipient)) of each two joined province abbreviations among `mentions` (粤桂协作)."""
    abbr = [m for m in mentions if m.kind == "abbr"]
    found = [(a.start, _orient(gaz, _best(a), _best(b), side)) for a, b in pairwise(abbr) if a.end == b.start]
    return [(start, pair) for start, pair in found if pair]


def _organised_donors(
    gaz: Gazetteer, text: str, s: int, e: int, donors: list[tuple[int, str]],
    organiser: re.Pattern | None, is_hospital: Callable[[int], bool],
) -> list[tuple[int, str]]:
    """由江苏省卫健委牵头，常州市第二人民医院等4家医院组成专家团: a donor province organising the
    team is the donor; the home cities of its member hospitals are no sides of their own."""
    m = organiser.search(text, s, e) if organiser is not None else None
    if m is None:
        return donors
    org = [(p, c) for p, c in donors if m.start("org") <= p < m.end("org") and _is_province(gaz, c)]
    if not org:
        return donors
    return [(p, c) for p, c in donors if (p, c) in org or not (p >= m.end() and is_hospital(p))]


# "…等10家省属医院": the hospitals listed before it are the province's, whatever city each stands in.
_PROVINCIAL_MEMBERS = re.compile(r"等(?:\d{1,3}|[两二三四五六七八九十]{1,3})家(?:省属|省级|省直)(?:三甲|公立)?(?:医院|医疗机构)")


def _provincial_lists(text: str, s: int = 0, e: int | None = None) -> list[tuple[int, int]]:
    """Spans of [s, e) listing a province's own hospitals: from the clause's start to "等10家省属医院"."""
    return [(max(text.rfind(c, s, m.start()) for c in "，,。；;\n") + 1, m.start())
            for m in _PROVINCIAL_MEMBERS.finditer(text, s, len(text) if e is None else e)]


def _its_province(gaz: Gazetteer, code: str) -> str:
    """The province a listed provincial hospital's place (南京 of 南京鼓楼医院) stands for."""
    province = gaz.province_of(code)
    return province.adcode if province is not None else code


def _provincial_members(
    gaz: Gazetteer, text: str, s: int, e: int, donors: list[tuple[int, str]], is_hospital: Callable[[int], bool],
) -> list[tuple[int, str]]:
    """江苏省人民医院、南京鼓楼医院等10家省属医院“组团式”帮扶…: a province's own hospitals aid; a member
    hospital's city (南京) is its province here, not a donor of its own."""
    spans = _provincial_lists(text, s, e)
    return [(p, _its_province(gaz, c)) if any(a <= p < b for a, b in spans) and is_hospital(p) else (p, c)
            for p, c in donors]


def _provincial_institutions(gaz: Gazetteer, text: str, insts: list[_Inst]) -> list[_Inst]:
    """Hospitals listed before "等10家省属医院" stand for their province (南京鼓楼医院 there: 江苏省)."""
    spans = _provincial_lists(text)
    return [replace(i, place=_its_province(gaz, i.place)) if i.place and any(a <= i.start < b for a, b in spans)
            else i for i in insts]


def _not_aid(quote: str, cues: PairingCues) -> bool:
    """A clause that reports an award or honour (获…卫健委颁发的帮扶贡献奖) states no aid between its places."""
    return cues.not_aid_clause is not None and bool(cues.not_aid_clause.search(quote))


def _place(gaz: Gazetteer, code: str) -> Place:
    """The division of a code the gazetteer gave (every code a mention resolves to is one)."""
    place = gaz.get(code)
    if place is None:
        raise KeyError(f"no division {code} in the gazetteer")
    return place


def _level(gaz: Gazetteer, code: str) -> str:
    return _place(gaz, code).level


def _name(gaz: Gazetteer, code: str) -> str:
    return _place(gaz, code).name


def _is_province(gaz: Gazetteer, code: str | None) -> bool:
    p = gaz.get(code)
    return p is not None and p.level == "province"


def _orient(
    gaz: Gazetteer, a: str | None, b: str | None, side: Callable[[str], str | None] | None = None
) -> tuple[str, str] | None:
    """(donor, recipient) if one place is eastern and the other western, else None.
    With `side` (a joined abbreviation pair, 京冀对口帮扶): the article's sides, and a donor
    beside a place on neither side aids it (京冀, 津冀)."""
    if not a or not b:
        return None
    sa, sb = (side or gaz.side)(a), (side or gaz.side)(b)
    if sa == "donor" and sb == "recipient":
        return a, b
    if sa == "recipient" and sb == "donor":
        return b, a
    if side is not None and not (gaz.is_within(a, b) or gaz.is_within(b, a)):
        if sa == "donor" and sb is None:
            return a, b
        if sb == "donor" and sa is None:
            return b, a
    return None


def _innermost(m: Mention, mentions: Sequence[Mention], gaz: Gazetteer) -> Mention:
    """The innermost place of the chain that starts at `m` (承德市滦平县 -> 滦平县): a chain is one place."""
    while (inner := next((x for x in mentions if x.start == m.end and x.candidates), None)) is not None \
            and gaz.is_within(_best(inner), _best(m)):
        m = inner
    return m


def _chained(gaz: Gazetteer, mentions: list[Mention]) -> set[tuple[str, str]]:
    """(outer, inner) places the article names as one chain (上海市闵行区, 宁波北仑)."""
    return {(_best(a), _best(b)) for a, b in pairwise(mentions) if _chain_link(gaz, a, b)}


def _fold(
    gaz: Gazetteer,
    drafts: dict[tuple[str, str], _Draft],
    own_section: "Callable[[list[_Statement], str, str], bool] | None" = None,
    chained: AbstractSet[tuple[str, str]] = frozenset(),
) -> dict[tuple[str, str], _Draft]:
    """Normalize to the level the article works at.

    - A coarser donor for the same recipient is the same relationship said loosely
      (深圳 -> 凌云 beside 深圳南山区 -> 凌云): keep the specific one. Stated at its own level it
      stays, unless it is the short form of a chain the article named the finer donor with
      (上海市闵行区 … 这次上海帮扶元阳: shorthand, `chained`).
    - A county under a prefecture the same donor is paired with is part of that
      programme (广州 -> 独山县 inside 广州 -> 黔南): fold it in. But a county with a
      section of its own (`own_section`: stated under a sub-heading naming the county, in a
      paragraph that does not name the prefecture: "都安：…" / "东莞市松山湖中心医院对
      都安县人民医院开展帮扶") is a pairing of its own.
    Province-to-province pairs are kept: they are only made when stated explicitly, and so
    is a pair stated at its own level (`_Statement.direct`: 北京市先后选派…到当雄县 beside
    海淀区 -> 当雄县 and 北京市 -> 拉萨市): the article pairs every level it states.
    """

    def merge(src: tuple[str, str], dst: tuple[str, str]) -> None:
        drafts[dst].statements += drafts[src].statements
        drafts[dst].institutions += drafts[src].institutions
        del drafts[src]

    def direct(key: tuple[str, str]) -> bool:
        return any(st.direct for st in drafts[key].statements)

    def shorthand(key: tuple[str, str], finer: list[tuple[str, str]]) -> bool:
        """A coarser donor named again by its short form after the finer pairing was stated with
        it (上海市闵行区派出…。这次上海帮扶元阳…): the finer pairing said loosely."""
        finer = [k for k in finer if (key[0], k[0]) in chained]
        first_finer = min((st.offset for k in finer for st in drafts[k].statements if st.offset >= 0), default=None)
        own = drafts[key].statements
        return first_finer is not None and all(st.donor_short and st.offset > first_finer for st in own)

    def by_money(key: tuple[str, str]) -> bool:
        """Stated at its level only as the programme's money spent there (广东援疆资金今年投入我院 beside 佛山市对口支援
        伽师县): money of the province's programme, spent through the finer donor's pairing (as seed 004's
        鲁渝协作资金 in 彭水 is 聊城 → 彭水's)."""
        return all(st.by_money for st in drafts[key].statements if st.direct)

    for key in sorted(drafts, key=lambda k: -len(gaz.ancestors(k[0]))):
        if key not in drafts or (_is_province(gaz, key[0]) and _is_province(gaz, key[1])):
            continue
        finer = [k for k in drafts if k != key and k[1] == key[1] and gaz.is_within(k[0], key[0])]
        if direct(key) and not (finer and (shorthand(key, finer) or by_money(key))):
            continue
        if finer:
            merge(key, max(finer, key=lambda k: len(drafts[k].statements)))
    for key in sorted(drafts, key=lambda k: -len(gaz.ancestors(k[1]))):
        if key not in drafts or direct(key):
            continue
        coarser = [
            k for k in drafts
            if k != key and k[0] == key[0] and gaz.is_within(key[1], k[1]) and _level(gaz, k[1]) == "prefecture"
        ]
        if coarser and own_section is not None and own_section(drafts[key].statements, key[1], coarser[0][1]):
            continue
        if coarser:
            merge(key, coarser[0])
    return drafts


_LOCATIVE_HEAD = re.compile(r"\s*在([^\s，,。：:；、]{2,10})[，,]")
# A section headed by a place's name alone, run into its paragraph with no number ("镇雄县。上海市同济医院对口帮扶…").
_BARE_HEAD = re.compile(r"\s*([^\s，,。：:；、]{2,10})。")
# A paragraph opening with a heading line the segmenter joined to it (a long one reads like a cut sentence):
# "正安：三四级手术占比提升近12个百分点\n\n珠海市人民医院对口帮扶正安县人民医院…".
_LINE_HEAD = re.compile(r"\s*([^\s，,。：:；;、]{2,10})[：:][^，,。！？!?；;、\n]{2,40}\n")
_INLINE_HEAD = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、．.])\s*"
                          r"([^\s，。：:；、]{2,12})[。：:]")


# A programme named by one character of each of its two places (常镇协作: 常州 -> 镇巴; 苏铜协作).
_JOINED_NAME = re.compile(r"([\u4e00-\u9fff])([\u4e00-\u9fff])(?=(?:医疗|卫生|东西部)?(?:协作|合作|携手|结对|帮扶))")


def _end_of_span(span: tuple[int, int]) -> int:
    return span[1]


@functools.lru_cache(maxsize=4)
def _joined_candidates(title: str, text: str) -> tuple[tuple[bool, str, str, int], ...]:
    """Every two characters before a cooperation word, headline first: (in the headline, first, second,
    start). Found once per article; `_joined_name` asks for each of its pairings."""
    return tuple((k == 0, m.group(1), m.group(2), m.start())
                 for k, where in enumerate((title, text)) for m in _JOINED_NAME.finditer(where))


def _joined_name(gaz: Gazetteer, title: str, text: str, donor: str, recipient: str) -> tuple[str, int] | None:
    """(quote, offset) where the headline or the text names the programme of `donor` and
    `recipient` by one character of each (常镇协作 for 常州市 -> 镇巴县), or None. The two
    characters must be no word of their own (深化协作 names no 深圳 -> 大化), and the pair must
    already be stated (here it only says at which level: a county's own pairing, not folded
    into its prefecture's programme)."""
    d, r = gaz.get(donor), gaz.get(recipient)
    if d is None or r is None or d.level == "province" or r.level == "province":
        return None  # province pairs: the abbreviation table (粤桂) states them
    d_chars, r_chars = set(d.short or d.name), set(r.short or r.name)
    for in_title, x, y, start in _joined_candidates(title, text):
        if x in d_chars and y in r_chars and x != y and not gaz.is_word(x + y):
            if in_title:
                return title, -1
            a, b = next(((a, b) for a, b in sentences(text) if a <= start < b), (start, start + 4))
            return text[a:b], a
    return None


# A donor's hospital aiding another in the same clause: its name's end, then the verb (深圳市|人民医院“组团式”帮扶|那坡县…).
_HOSPITAL_AIDS = re.compile(r"[^，,。；;：:\s]{0,16}?(?:医院|中心)(?:“?组团式”?|自\d{4}年起|[^，,。；;]{0,6}?)(?:对口)?(?:帮扶|支援|托管)")
# A county's own hospital right after its name, opening a paragraph (泽普县人民医院在…帮扶下).
_COUNTY_HOSPITAL_OPENING = re.compile(r"(?:人民|中|中医|中藏医|藏医|蒙医|维吾尔医)?医院")


def _framing(gaz: Gazetteer, text: str, mentions: list[Mention]):
    """own_section(statements, county, prefecture): is the county's pairing stated in a section of its
    own — headed by the county ("都安：从…到…", a numbered head opening its paragraph: "（二）镇巴县。", or
    a paragraph set there: "在绿春，…") in a paragraph that does not name the prefecture — and nowhere
    in a paragraph that does (东莞市松山湖中心医院帮扶新丰县人民医院 told among 韶关's hospitals, then
    "在新丰县，…" told again: part of the prefecture's programme)? The prefecture at the head of a place
    chain (红河州元阳县) names the county only."""
    paras = _paragraphs(text)
    starts = [a for a, _ in paras]
    named: dict[int, set[str]] = {}
    ordered = sorted((m for m in mentions if m.candidates), key=lambda m: m.start)
    for i, m in enumerate(ordered):
        k = bisect.bisect_right(starts, m.start) - 1
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if nxt is not None and _chain_link(gaz, m, nxt):
            continue  # the head of a chain
        if text.startswith("级", m.end):
            continue  # a level (昭通市级临床重点专科), not the place told about
        if k >= 0:
            named.setdefault(k, set()).add(_best(m))
    headings = [k for k, span in enumerate(paras) if is_heading(text, span)]
    # A notice's sections often start inside their paragraph: "（二）镇巴县。常州市第二人民医院与…"; a
    # feature's, with where it is set: "在绿春，闵行区中心医院与绿春县人民医院…".
    lead: dict[int, set[str]] = {}
    # A paragraph opening at a county's hospital (在莎车县人民医院，… / 泽普县人民医院在…帮扶下): that county's section
    # where a province or municipality aids several counties of one prefecture (上海 at four of 喀什's), each told
    # by its own paragraph. A city's hospital there stays in the city's programme with the prefecture.
    at_hospital: dict[int, str] = {}
    opens_aid: dict[int, str] = {}
    for k, (a, b) in enumerate(paras):
        head = _INLINE_HEAD.match(text, a, b) or _LINE_HEAD.match(text, a, b)
        if head:
            lead[k] = {_best(m) for m in mentions if m.candidates and head.start(1) <= m.start < head.end(1)}
        at = _LOCATIVE_HEAD.match(text, a, b) or (None if head else _BARE_HEAD.match(text, a, b))
        if at:  # the place alone (在绿春，/ 镇雄县。), not a hospital there (在岷县人民医院，)
            lead[k] = {_best(m) for m in mentions if m.candidates and m.start == at.start(1) and m.end == at.end(1)}
        opening = next((m for m in ordered if a <= m.start), None)
        if opening is not None and text[a:opening.start].strip(" \u3000在") == "" \
                and _COUNTY_HOSPITAL_OPENING.match(text, opening.end):
            at_hospital[k] = _best(opening)
        # A paragraph opening with a donor's hospital aiding a county's hospital ("深圳市人民医院“组团式”帮扶那坡县
        # 人民医院以来，…"): that county's section, whoever the donor.
        if opening is not None and text[a:opening.start].strip(" \u3000") == "" \
                and (aid := _HOSPITAL_AIDS.match(text, opening.end)) is not None:
            aided = next((m for m in ordered if m.start == aid.end()), None)
            if aided is not None and _COUNTY_HOSPITAL_OPENING.match(text, aided.end) \
                    and _level(gaz, _best(aided)) == "county":
                opens_aid[k] = _best(aided)

    def paragraph(st: _Statement) -> int:
        return bisect.bisect_right(starts, st.offset) - 1 if st.offset >= 0 else -1

    def in_own(k: int, county: str, province_donor: bool) -> bool:
        if county in lead.get(k, ()) or (province_donor and at_hospital.get(k) == county) or opens_aid.get(k) == county:
            return True
        h = bisect.bisect_right(headings, k) - 1
        return h >= 0 and county in named.get(headings[h], ())

    def listed(st: _Statement, county: str) -> bool:
        """The county is one of a list in the statement (覆盖莎车、泽普、叶城、巴楚四县): named, not told about."""
        return any(st.offset <= m.start < st.offset + len(st.quote) and _best(m) == county
                   and ("、" in text[m.start - 1:m.start] or "、" in text[m.end:m.end + 1]) for m in ordered)

    def own_section(statements: list[_Statement], county: str, prefecture: str) -> bool:
        where = [k for st in statements if (k := paragraph(st)) >= 0 and not listed(st, county)]
        if any(prefecture in named.get(k, ()) for k in where):
            return False
        province_donor = all(_is_province(gaz, st.donor) for st in statements)
        return any(in_own(k, county, province_donor) for k in where)

    return own_section


def _attach(gaz: Gazetteer, drafts: dict[tuple[str, str], _Draft], inst: Institution, dp: str | None, rp: str | None) -> None:
    """Put a hospital pair under the pairing whose places contain (or are) its places."""

    def fit(place: str | None, paired: str) -> float:
        if place is None:
            return 0.5
        if place == paired:
            return 3.0
        if gaz.is_within(place, paired):
            return 2.0
        if gaz.is_within(paired, place):
            return 1.0
        return -10.0

    best, best_score = None, 0.0
    for key, d in drafts.items():
        score = fit(dp, key[0]) + fit(rp, key[1])
        if _is_province(gaz, key[0]) and _is_province(gaz, key[1]):
            score -= 1.5  # the province frame is the last resort
        score += 0.01 * len(d.statements)
        if score > best_score:
            best, best_score = key, score
    if best is not None:
        d = drafts[best]
        if all((i.donor, i.recipient) != (inst.donor, inst.recipient) for i in d.institutions):
            d.institutions.append(inst)


def _institution_pairs(
    text: str, insts: list[_Inst], aid_cue: re.Pattern | None = None,
    other_donor: Callable[[int, int, str | None], bool] | None = None,
) -> list[tuple[Institution, str | None, str | None]]:
    """Eastern and western institutions named together (either order, any verb).

    First within a sentence; then, for a paragraph with no such sentence, its single
    eastern and single western institution (a story told over two sentences: the
    patient reaches 剑河县人民医院; the 南方医科大学顺德医院 team treats them) — unless the
    recipient hospital's sentence names another donor (`other_donor(start, end, donor's place)`:
    南京市第一医院专家…。常州援藏医生在达孜区人民医院… is 常州's aid, not 南京's hospital's).
    """
    out = []
    spans = sentences(text)
    paragraphs: list[list[tuple[int, int]]] = []
    for k, (s, e) in enumerate(spans):
        if not paragraphs or _paragraph_break(text, spans[k - 1][1], s):
            paragraphs.append([])
        paragraphs[-1].append((s, e))
    for para in paragraphs:
        found = False
        for s, e in para:
            here = [i for i in insts if s <= i.start < e]
            if len(here) < 2:
                continue
            sides = {i.side for i in here}
            if "donor" not in sides and "recipient" not in sides:
                continue
            # An institution with no known place takes the side the others lack.
            fill = (
                "recipient" if "donor" in sides and "recipient" not in sides
                else "donor" if "recipient" in sides and "donor" not in sides
                else None
            )
            donors = [i for i in here if (i.side or fill) == "donor"]
            recips = [i for i in here if (i.side or fill) == "recipient"]
            # "A医院、B医院分别帮扶X医院和Y医院": in order, not each with the nearest.
            respective = len(donors) == len(recips) > 1 and donors[-1].start < recips[0].start \
                and "分别" in text[donors[-1].start:recips[0].start]
            for k, r in enumerate(recips):
                if not donors:
                    break
                d = donors[k] if respective else min(donors, key=lambda i: abs(i.start - r.start))
                quote, off = _window(text, s, e, [d.start, r.start])
                out.append((Institution(d.name, r.name, quote, off), d.place, r.place))
                found = True
        if found:
            continue
        ps, pe = para[0][0], para[-1][1]
        here = [i for i in insts if ps <= i.start < pe]
        # Hospitals only: an agency (卫健局) in the next sentence is usually doing something else.
        hospitals = [i for i in here if i.name.endswith(HOSPITAL_ENDINGS)]
        donor_hospitals = {i.name: i for i in hospitals if i.side == "donor"}
        recipient_hospitals = {i.name: i for i in hospitals if i.side == "recipient"}
        if len(donor_hospitals) == 1 and len(recipient_hospitals) == 1:
            d, r = next(iter(donor_hospitals.values())), next(iter(recipient_hospitals.values()))
            # Stricter across sentences: the donor hospital's sentence must say it is aiding
            # (not 在城阳区人民医院接收…跟班学习 beside 礼县人民医院急诊科主任介绍).
            ds, de = next((s, e) for s, e in para if s <= d.start < e)
            ds, de = next((a, b) for a, b in _clauses(text, ds, de) if a <= d.start <= b)
            if aid_cue is not None and not aid_cue.search(text, ds, de):
                continue
            rs, re_ = next((s, e) for s, e in para if s <= r.start < e)
            if other_donor is not None and not rs <= d.start < re_ and other_donor(rs, re_, d.place):
                continue
            later = max(d, r, key=lambda i: i.start)
            s, e = next((s, e) for s, e in para if s <= later.start < e)
            quote, off = _window(text, s, e, [later.start])
            out.append((Institution(d.name, r.name, quote, off), d.place, r.place))
    return out


# "其中对口支援的" / "所结对帮扶的" right before the recipients (see _SentenceReader._aided_by_relative).
_RELATIVE_AID = re.compile(r"(?:其中|所|重点)?(?:对口|结对)(?:帮扶|支援)的(?:[\u4e00-\u9fff]{2,8}[、和及])*")
# "A与B结对" (see place_pair_statements): the joining word, then the pairing verb after B.
_MUTUAL_PAIR = re.compile(r"[与和同]")
# "<recipient>是<donor>结对帮扶县之一", "…也是…的对口支援地区": the recipient named as one of the donor's paired places.
_COPULA = re.compile(r"(?:也|就|正|即)?是")
_PAIRED_PLACE = re.compile(r"的?(?:重点)?(?:结对|对口)(?:帮扶|支援|协作)的?(?:县区|县市|县|市|区|旗|州|盟|地区|地方)(?:之一)?")
# After "作为<place>": the wider pairing a finer donor answers for (…结对宕昌县的责任区, …对口支援林周县的牵头城市).
_ROLE_OF = re.compile(r"(?:结对|对口支援|对口帮扶|帮扶)[^，,。；;]{1,14}?的(?:责任区|牵头城市|牵头单位|责任单位|主责单位|牵头区)")
# After "A与B" (two provinces): the programme's name (东西部协作, 扶贫协作, 对口协作), so the pair is that programme.
_PROGRAMME_AFTER = re.compile(r"(?:两省(?:区|市)?|两地)?(?:东西部(?:扶贫)?协作|扶贫协作|对口协作)")
_MUTUAL_VERB = re.compile(r"(?:建立|开展|实施|签订)?(?:东西部协作|“?组团式”?)?(?:结对|结为|结成|对口)")
_CLAUSE_BREAK = re.compile(r"[，。；;：:！？!?\n“”]|" + CLAUSE_COMMA)


def _aid_region_statements(
    text: str, gaz: Gazetteer, mentions: list[Mention], bad_starts: AbstractSet[int] = frozenset(), quote_all: bool = False,
    cues: PairingCues | None = None, home: str | None = None,
) -> list[_Statement]:
    """"上海援疆医疗队", "京苏援藏", "天津市累计选派“组团式”援疆医疗人才": a donor province
    as the subject of 援疆 / 援藏 / 援青 aids that region as a whole (the province pair,
    like 粤黔协作 for 广东 -> 贵州). Only a province-level donor counts: 深圳援疆 is
    Shenzhen's programme in one prefecture, not a statement about Guangdong. The donor
    must come right before the word, or be the subject of its clause with no other place,
    institution or break in between (`aid_region_gap`). With `quote_all` (a headline), the
    whole text is the quote.
    """
    cues = cues or PairingCues.of(gaz)
    if cues.aid_region_re is None:
        return []
    out: list[_Statement] = []
    starts = [m.start for m in mentions]
    spans: Sequence[tuple[int, int]] | None = None

    def emit(codes: list[str], region: str, anchors: list[int]) -> None:
        """One statement per donor province, quoting the clause around the anchors (or the whole headline)."""
        nonlocal spans
        if quote_all:
            quote, off = text, -1
        else:
            if spans is None:
                spans = sentences(text)
            s, e = next(((a, b) for a, b in spans if a <= anchors[-1] < b), (0, len(text)))
            quote, off = _window(text, s, e, anchors)
        rank = _quote_rank(quote) if off >= 0 else (3, len(quote))
        out.extend(_Statement(c, region, quote, off, rank, direct=True) for c in codes)

    abbr = getattr(gaz, "_abbr", {}) or {}
    abbr_run = (
        re.compile(f"([{''.join(sorted(abbr))}]{{2,5}})(?:[两三四五六]省(?:市|区)?|[两三四五六]地)([^，,。；;：:、！？!?\\n]{{0,12}})$")
        if abbr else None
    )
    programmes = getattr(gaz, "aid_programmes", {})
    for w in cues.aid_region_re.finditer(text):
        k = bisect.bisect_left(starts, w.start()) - 1
        programme = programmes.get(w.group(0), (None, frozenset()))[1]  # its donors (援疆: 19 provinces and cities)
        if home is not None and (spans := spans or sentences(text)):
            # A donor province's own outlet (湖南省卫生健康委员会, 浙江日报): 援疆 with no place before it in
            # its sentence (全年共选派援疆援藏医疗人才236名，其中援疆141名) is that province's.
            sentence_start = next((a for a, b in spans if a <= w.start() < b), 0)
            if (k < 0 or mentions[k].start < sentence_start) and (gaz.side(home) == "donor" or home in programme):
                emit([home], cues.aid_regions[w.group(0)], [w.start()])
                continue
        if k < 0 or mentions[k].end > w.start() or mentions[k].start in bad_starts:
            # Joined abbreviations with a count of provinces (湘鄂皖三省“组团式”援藏): each one aids the region.
            before = text[max(0, w.start() - 24) : w.start()].replace("“", "").replace("”", "")
            r = abbr_run.search(before) if abbr_run is not None else None
            if r and not _CLAUSE_BREAK.search(r.group(2)):
                codes = list(dict.fromkeys(abbr[ch] for ch in r.group(1)))
                if len(codes) == len(r.group(1)) and all(gaz.side(c) == "donor" or c in programme for c in codes):
                    emit(codes, cues.aid_regions[w.group(0)], [w.start()])
            continue
        last = mentions[k]
        gap = text[last.end : w.start()]
        gap = gap.replace("“", "").replace("”", "")  # quotation marks around a word (“组团式”) are no break
        if _CLAUSE_BREAK.search(gap) or not cues.aid_region_gap.match(gap):
            continue
        # The donors: the mention, a joined abbreviation pair (京苏援藏), or an enumeration (上海、山东两省市).
        group = [last]
        j = k - 1
        while j >= 0:
            prev, cur = mentions[j], group[0]
            joined = (prev.kind == cur.kind == "abbr" and prev.end == cur.start) or (
                prev.kind == cur.kind == "name" and _ENUM_JOIN.fullmatch(text, prev.end, cur.start)
            )
            if not joined or prev.start in bad_starts:
                break
            group.insert(0, prev)
            j -= 1
        codes = [_best(m) for m in group]
        if not all(c and _is_province(gaz, c) and (gaz.side(c) == "donor" or c in programme) for c in codes):
            continue
        emit(list(dict.fromkeys(codes)), cues.aid_regions[w.group(0)], [group[0].start, w.start()])
    return out


def article_mentions(article: Article, gazetteer: Gazetteer, cues: PairingCues | None = None) -> list[Mention]:
    """Place mentions of the article body, with 我市/我县/本州/全市… read as the place the
    publishing outlet is named after (乌兰察布日报: 我市 = 乌兰察布市; 同心县人民医院: 我县
    = 同心县, 我市 = its city 吴忠市), and 我院 in a hospital's account as the hospital's place.
    Without such an outlet they name no place. 我院 inside quoted speech, in a paragraph set at
    a hospital named before the quote, is that hospital (its director speaking), whatever the outlet."""
    text = article.text
    mentions = _without_whole_words(text, gazetteer, gazetteer.find_mentions(text))
    cues = cues or PairingCues.of(gazetteer)
    voice = article.voice or article.outlet  # a hospital's account reposting a paper's story speaks as 我院
    home = cues.outlet_home(voice, gazetteer)
    hospital_outlet = (voice or "").endswith(HOSPITAL_ENDINGS)
    extra = []
    for m in cues.self_reference.finditer(text):
        if "hospital" in m.re.groupindex and m.group("hospital"):
            speaker = _speaking_hospital(text, m.start(), mentions)
            if speaker is not None:
                extra.append(Mention(m.start(), m.end(), m.group(0), speaker.candidates[:1], "name"))
            # 我院 in a hospital's account (上海市第一人民医院: 我院援滇医疗队 … 文山州人民医院).
            elif home and hospital_outlet and (place := gazetteer.get(home[-1])) is not None:
                extra.append(Mention(m.start(), m.end(), m.group(0), (place,), "name"))
            continue
        if not home:
            continue
        if "implied" in m.re.groupindex and m.group("implied") is not None:
            if gazetteer.side(home[-1]) == "donor" and (place := gazetteer.get(home[-1])) is not None:
                extra.append(Mention(m.start(), m.end(), "", (place,), "name"))
            continue
        if "township" in m.re.groupindex and m.group("township"):
            place = gazetteer.get(home[-1])
            named_before = any(m.start() - 6 <= x.end <= m.start() for x in mentions if x.candidates)
            if place is not None and place.level == "county" and gazetteer.side(place.adcode) == "recipient" \
                    and not named_before:
                extra.append(Mention(m.start(), m.end(), m.group(0), (place,), "name"))
            continue
        # 全市 (the whole city) in a city's own notice is that city, as 我市 is; 全省 is left alone:
        # a province's count with several programmes in it names none of them.
        suffix = m.group("suffix") or ("whole" in m.re.groupindex and m.group("whole")) \
            or ("agency" in m.re.groupindex and m.group("agency"))
        if not suffix and "bare" in m.re.groupindex and m.group("bare"):
            # 旗人民医院 alone: not the tail of a named place (同德县人民医院), not 该县 / 各县 / 两县.
            covered = any(x.start <= m.start() < x.end for x in mentions)
            if not covered and text[m.start() - 1 : m.start()] not in _NOT_OWN_BEFORE:
                suffix = m.group("bare")
        if not suffix:
            continue
        for code in (home[-1], *gazetteer.ancestors(home[-1])):
            place = gazetteer.get(code)
            if place is not None and place.name.endswith(suffix):
                extra.append(Mention(m.start(), m.end(), m.group(0), (place,), "name"))
                break
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


# 全州 / 全州县域 / 全州县级医院 (the whole prefecture, its county level) read as 全州县 of 广西: a "whole" word.
_WHOLE_WORD = re.compile(r"全(?:市|县|州|旗|盟)(?:县(?=域|级|乡))?")
# A compass part of a region after the name (黔西北区域, 川西北地区): 黔西 there is no 黔西市; nor is a
# landscape named after a place (科尔沁沙地, 呼伦贝尔草原) the place.
_COMPASS_PART = re.compile(r"[东南西北](?:部|区域|地区|片区|一带|地带)|沙地|沙漠|草原|高原|盆地")


def _without_whole_words(text: str, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Mentions, less a place read into a word for "the whole prefecture" (全州6县, 全州县域内就诊率:
    not 全州县) unless the article names the place's prefecture or province too, and less a place read
    into a compass region or a landscape (黔西北区域: not 黔西市; 科尔沁沙地: not 科尔沁区)."""
    named = {c.adcode for m in mentions for c in m.candidates[:1]}
    out = []
    for m in mentions:
        whole = _WHOLE_WORD.match(text, m.start)
        if whole and whole.end() == m.end and m.candidates and not (named & set(gaz.ancestors(m.candidates[0].adcode))):
            continue
        if _COMPASS_PART.match(text, m.end):
            continue
        out.append(m)
    return out


def _speaking_hospital(text: str, pos: int, mentions: list[Mention]) -> Mention | None:
    """The place of the hospital a quote at `pos` is set at: the last place named as a hospital
    (镇巴县人民医院) in the same paragraph before the opening quote mark, if `pos` is quoted."""
    opening = text.rfind("“", 0, pos)
    if opening < 0 or text.rfind("”", 0, pos) > opening:
        return None
    paragraph = next(((a, b) for a, b in _paragraphs(text) if a <= opening < b + 1), None)
    if paragraph is None:
        return None
    before = [m for m in mentions if paragraph[0] <= m.start and m.end <= opening and m.candidates]
    return next((m for m in reversed(before) if _HOSPITAL_TAIL.match(text, m.end)), None)


# Before a bare 县/旗 (县人民医院): a word that makes it another county or several (该县, 各县, 两县, 县县).
_NOT_OWN_BEFORE = frozenset("该各每其此本我全两三四五六七八九十几多诸邻县旗")


def _own_account(
    article: Article, gaz: Gazetteer, mentions: list[Mention], statements: list[_Statement], cues: PairingCues
) -> list[_Statement]:
    """A hospital's own account (outlet 某市某医院: 我院与X县人民医院开展"组团式"帮扶) states its
    own pairing: the hospital's city with the county it aids. That pairing is the account's
    subject, so it is stated at its own level (`direct`) and is not folded into the city's
    programme with the prefecture the county lies in."""
    if not (article.outlet or "").endswith(HOSPITAL_ENDINGS):
        return statements
    own = [m for m in mentions if m.surface.endswith("院") and m.surface[0] in "我本" and m.candidates]
    # A hospital whose name holds no place (a university's hospital, X大学附属Y医院): its 我院 is no place
    # mention, and the pairing's donor is the place the article states for it (按照X省卫生健康委部署，我院…).
    # 我院 as cooperation.yaml's self_reference reads it (not 我院士…).
    ours = [m.start() for m in cues.self_reference.finditer(article.text)
            if "hospital" in m.re.groupindex and m.group("hospital")]
    placeless = not own and bool(ours)
    if not own and not placeless:
        return statements
    out = []
    for st in statements:
        end = st.offset + len(st.quote)
        speaks = any(
            st.offset <= m.start < end and m.candidates[0].adcode == st.donor for m in own
        ) or (placeless and any(st.offset <= p < end for p in ours))
        # …and the county is named by its hospital (青川县人民医院), not by a loose word (文山青年医师).
        aided_hospital = any(
            st.offset <= m.start < end and m.candidates and m.candidates[0].adcode == st.recipient
            and _HOSPITAL_TAIL.match(article.text, m.end)
            for m in mentions
        )
        recipient = gaz.get(st.recipient)
        if st.offset >= 0 and speaks and aided_hospital and recipient is not None and recipient.level in ("county", "district"):
            st = replace(st, direct=True)
        out.append(st)
    return out


def _home_county_account(
    article: Article, gaz: Gazetteer, mentions: list[Mention], statements: list[_Statement], home: list[str]
) -> list[_Statement]:
    """A county's own account (its media centre or its hospital: 我旗, 我县, 我院) of a donor's hospital
    aiding it (北京友谊医院对口帮扶我旗人民医院) states that donor's pairing with the county: the account's
    subject, stated at its own level (`direct`), not folded into the donor's programme with the prefecture.
    `home`: the places the outlet belongs to (PairingCues.outlet_home)."""
    place = gaz.get(home[-1]) if home else None
    if place is None or place.level not in ("county", "district"):
        return statements
    own = [m for m in mentions if m.surface[:1] in "我本" and m.candidates and m.candidates[0].adcode == place.adcode]
    out = []
    for st in statements:
        end = st.offset + len(st.quote)
        if (st.offset >= 0 and not st.direct and st.recipient == place.adcode
                and any(st.offset <= m.start < end and _HOSPITAL_TAIL.match(article.text, m.end)
                        # …in the statement's first clause: named after a break (…共建的远程卒中中心，已连通…，我县医院
                        # 也是其中一家) it is no side of the aid the clause before it states.
                        and not _CLAUSE_BREAK.search(article.text, st.offset, m.start) for m in own)):
            st = replace(st, direct=True)
        out.append(st)
    return out


def _provincial_hospitals(text: str, gaz: Gazetteer, mentions: list[Mention], statements: list[_Statement]
                          ) -> list[_Statement]:
    """A province's own hospital, named in full (浙江省人民医院医疗队到我县义诊), aids the county as the province
    itself: the statement is made at the province's level (`direct`), not the province said loosely
    for a city or district of it that aids the same county. A municipality's hospitals (上海市第一人民医院)
    are city hospitals and stay foldable; so do a university's (浙江大学医学院附属第一医院)."""
    def provincial(m: Mention, donor: str) -> bool:
        name = _name(gaz, donor)
        return (m.candidates[0].adcode == donor and m.surface == name and not name.endswith("市")
                and bool(_HOSPITAL_TAIL.match(text, m.end)) and "大学" not in text[m.end:m.end + 8])

    out = []
    for st in statements:
        end = st.offset + len(st.quote)
        if (st.offset >= 0 and not st.direct and _is_province(gaz, st.donor) and not _is_province(gaz, st.recipient)
                and any(st.offset <= m.start < end and m.candidates and provincial(m, st.donor) for m in mentions)):
            st = replace(st, direct=True)
        out.append(st)
    return out


# "江孜、定日、萨迦5个上海对口支援县", "A、B两个深圳帮扶县": places listed, then counted and named as a
# donor's aided counties — the donor aids each of them.
_COUNTED_AIDED = re.compile(
    r"(?:等)?(?P<count>\d{1,2}|[两二三四五六七八九十]{1,2})个(?P<donor>[\u4e00-\u9fff]{2,8}?)"
    r"(?:对口支援|对口帮扶|结对帮扶|对口|帮扶|援建|支援)的?(?:县|市|区|旗|县（市）|县\(市\)|县市区|县区|地区|州)")


def _counted_aided_statements(text: str, gaz: Gazetteer, mentions: list[Mention],
                              bad_starts: AbstractSet[int] = frozenset()) -> list[_Statement]:
    """"为江孜、定日、萨迦、拉孜、亚东5个上海对口支援县的县级医院配备设备": the listed places are
    the donor's aided counties (as many as counted), each a pairing with the donor."""
    out: list[_Statement] = []
    starts = [m.start for m in mentions]
    spans: Sequence[tuple[int, int]] | None = None
    for found in _COUNTED_AIDED.finditer(text):
        k = bisect.bisect_left(starts, found.start("donor"))
        if k >= len(mentions) or mentions[k].start != found.start("donor") or mentions[k].start in bad_starts:
            continue
        donor = _best(mentions[k])
        listed: list[Mention] = []
        j, end = k - 1, found.start()
        while j >= 0 and mentions[j].end == end and mentions[j].start not in bad_starts:
            listed.insert(0, mentions[j])
            if j == 0 or not _ENUM_JOIN.fullmatch(text, mentions[j - 1].end, mentions[j].start):
                break
            end = mentions[j - 1].end
            j -= 1
        count = parse_numeral(found.group("count"))
        if not listed or count != len(listed):
            continue
        if spans is None:
            spans = sentences(text)
        s, e = next(((a, b) for a, b in spans if a <= found.start() < b), (0, len(text)))
        quote, off = _window(text, s, e, [listed[0].start, found.end() - 1])
        for m in listed:
            recipient = _best(m)
            if recipient != donor and gaz.side(recipient) != "donor":
                out.append(_Statement(donor, recipient, quote, off, _quote_rank(quote), direct=True))
    return out


# A hospital named without a place (瑞金医院, 华山医院) opening a clause, sending or aiding: its city is not named.
_PLACELESS_HOSPITAL = re.compile(r"(?:^|(?<=[，,。；;：:“\s]))(?P<name>(?:[\u4e00-\u9fff]{2,6}大学(?:医学院)?附属)?[\u4e00-\u9fff]{2,4}医院)"
                                 r"(?:等\d{0,2}家医院)?(?:已|累计|先后|共|还|持续|陆续){0,2}"
                                 r"(?:派驻|派出|选派|组团|帮扶|支援|对口|向)")
# Where the donor hospital's clause is set, when the recipient's hospital is named there first
# ("在绿春县人民医院，复旦大学附属中山医院已派出3批18名专家").
_SET_AT = re.compile(r"在([^，,。；;：:“”]{2,24}?)[，,]$")


# A hospital word that names none: a level or a pointer before a generic name (县人民医院, 市中医医院, 该医院).
_NOT_A_HOSPITAL_NAME = re.compile(r"[县市州区旗省乡镇该本我各全其此两三四五六七八九十多]|(?:人民|中心|中医|妇幼|专科|综合)医院$")


def _placeless_hospital_statements(text: str, gaz: Gazetteer, mentions: list[Mention],
                                   bad_starts: AbstractSet[int] = frozenset()) -> list[_Statement]:
    """"瑞金医院派驻红河县人民医院的5名专家": a donor hospital named without its place belongs to the article's
    donor province, when every donor-side place the article names lies in one province."""
    provinces = {gaz.province_of(_best(m)) for m in mentions if m.candidates and gaz.side(_best(m)) == "donor"}
    if len(provinces) != 1 or None in provinces:
        return []
    province = next(iter(provinces))
    assert province is not None
    starts = [m.start for m in mentions]
    out: list[_Statement] = []
    for found in _PLACELESS_HOSPITAL.finditer(text):
        if any(m.start <= found.start() < m.end for m in mentions) or _NOT_A_HOSPITAL_NAME.match(found.group("name")):
            continue  # part of a named place's hospital (红河县人民医院), or no name (县人民医院, 该医院)
        end = _clause_end(text, found.end(), len(text))
        k = bisect.bisect_left(starts, found.end())
        recipient = next((m for m in mentions[k:] if m.start < end and m.candidates and m.start not in bad_starts
                          and gaz.side(_best(m)) == "recipient"), None)
        start = found.start("name")
        if recipient is None:
            at = _SET_AT.search(text, max(0, start - 30), start)
            there = [m for m in mentions if at and at.start(1) <= m.start < at.end(1) and m.candidates
                     and m.start not in bad_starts and gaz.side(_best(m)) == "recipient"]
            recipient = there[-1] if there else None  # a chain's last place (在红河州绿春县人民医院: 绿春县)
            if recipient is None or at is None:
                continue
            start = at.start()
        quote = text[start:end]
        out.append(_Statement(province.adcode, _best(recipient), quote, start, _quote_rank(quote)))
    return out


def extract_pairings(article: Article, gazetteer: Gazetteer, cues: PairingCues | None = None,
                     mentions: list[Mention] | None = None) -> list[Pairing]:
    """All donor -> recipient pairings an article states, one per (donor, recipient).

    `mentions`: the article's place mentions (`article_mentions`), when the caller has them already.
    """
    text = article.text
    cues = cues or PairingCues.of(gazetteer)
    mentions = article_mentions(article, gazetteer, cues) if mentions is None else mentions
    drafts: dict[tuple[str, str], _Draft] = {}
    blocked = _not_sides(text, cues, mentions)
    statements, side = _statements(text, gazetteer, mentions, blocked, cues)
    outlet_home = cues.outlet_home(article.outlet, gazetteer)
    province_home = outlet_home[-1] if outlet_home and _is_province(gazetteer, outlet_home[-1]) else None
    statements += _aid_region_statements(text, gazetteer, mentions, blocked[0], cues=cues, home=province_home)
    statements += _counted_aided_statements(text, gazetteer, mentions, blocked[0])
    statements += _placeless_hospital_statements(text, gazetteer, mentions, blocked[0])
    if article.title:
        # The headline states the programme too ("江苏援疆医生:把技术留在霍城"); it is quoted whole.
        title_mentions = gazetteer.find_mentions(article.title)
        statements += _aid_region_statements(article.title, gazetteer, title_mentions, quote_all=True, cues=cues)
        statements += _headline_programme(article.title, gazetteer, title_mentions, side)
    statements = _own_account(article, gazetteer, mentions, statements, cues)
    statements = _home_county_account(article, gazetteer, mentions, statements, outlet_home)
    statements = _provincial_hospitals(text, gazetteer, mentions, statements)
    for st in statements:
        drafts.setdefault((st.donor, st.recipient), _Draft(st.donor, st.recipient)).statements.append(st)
    # Institutions take their places' sides in this article (a hospital of 韶关 is a
    # recipient where 东莞 aids 韶关, though both are in 广东).
    # …except where their place can be no side (a list of an alliance's members, a referral's destination).
    insts = [replace(i, side=side(i.place)) if i.place else i
             for i in _provincial_institutions(gazetteer, text, find_institutions(text, gazetteer, mentions))
             if i.start not in blocked[0]]
    def other_donor(start: int, end: int, place: str | None) -> bool:
        """Does [start, end) name a donor other than `place` (nor a place in or around it)?"""
        if place is None:
            return False
        return any(start <= m.start < end and m.candidates and side(code := m.candidates[0].adcode) == "donor"
                   and code != place and not (gazetteer.is_within(code, place) or gazetteer.is_within(place, code))
                   for m in mentions)

    inst_pairs = _institution_pairs(text, insts, cues.aid_cue, other_donor)
    def stated_at_level(inst: Institution, donor: str, recipient: str) -> bool:
        # A hospital named after a province (江苏省人民医院 与 贵德县人民医院) pairs the province
        # itself. A university hospital named after its city (广州医科大学附属第二医院) is no unit
        # of the city's own programme: its team in a county hospital pairs the city with that
        # county, which is not folded into the city's prefecture pairing.
        university = bool(re.search("大学|学院", inst.donor))
        if _is_province(gazetteer, donor):
            # A municipality's hospital (天津市第一中心医院, 北京市垂杨柳医院) is a city
            # hospital: its pair folds into the municipality's programme with the region.
            return not university and not _name(gazetteer, donor).endswith("市")
        return university and _level(gazetteer, recipient) in ("county", "district")

    # A hospital pair between two known places states that place pairing too.
    inst_pairs = [x for x in inst_pairs if not _not_aid(x[0].quote, cues)]
    for inst, dp, rp in inst_pairs:
        if not (dp and rp):
            continue
        pair = _orient(gazetteer, dp, rp)
        if pair is None and gazetteer.side(dp) == "donor" and gazetteer.side(rp) is None \
                and side(rp) is None and not (gazetteer.is_within(dp, rp) or gazetteer.is_within(rp, dp)):
            pair = (dp, rp)  # a donor's hospital aiding one on neither side (密云区医院 -> 滦平县医院: 京冀)
        if not pair:
            continue
        donor, recipient = pair
        direct = stated_at_level(inst, donor, recipient)
        if (donor, recipient) not in drafts:
            st = _Statement(donor, recipient, inst.quote, inst.offset, _quote_rank(inst.quote), direct=direct)
            drafts[(donor, recipient)] = _Draft(donor, recipient, [st])
        elif direct:
            drafts[(donor, recipient)].statements.append(
                _Statement(donor, recipient, inst.quote, inst.offset, _quote_rank(inst.quote), direct=True)
            )
    for (donor, recipient), draft in drafts.items():
        joined = _joined_name(gazetteer, article.title or "", text, donor, recipient)
        if joined is not None and not any(st.direct for st in draft.statements):
            draft.statements.append(_Statement(donor, recipient, *joined, _quote_rank(joined[0]), direct=True))
    drafts = _fold(gazetteer, drafts, _framing(gazetteer, text, mentions), _chained(gazetteer, mentions))
    for inst, dp, rp in inst_pairs:
        _attach(gazetteer, drafts, inst, dp, rp)

    out: list[Pairing] = []
    for (dc, rc), d in sorted(drafts.items(), key=lambda kv: min(s.offset % (len(text) + 1) for s in kv[1].statements)):
        best = min(d.statements, key=lambda s: (s.rank, s.offset))
        # A statement made only by the headline has no offset in the body text.
        assert best.offset == -1 or text[best.offset : best.offset + len(best.quote)] == best.quote
        out.append(
            Pairing(
                id=f"p-{dc}-{rc}",
                donor=gazetteer.ref(_place(gazetteer, dc)),
                recipient=gazetteer.ref(_place(gazetteer, rc)),
                quote=best.quote,
                offset=best.offset,
                institutions=sorted(d.institutions, key=lambda i: i.offset),
            )
        )
    return out
