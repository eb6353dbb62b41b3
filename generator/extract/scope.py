"""The scope of each figure: the narrowest of the article's pairings that the article ties it to.

A region page lists a figure under its pairing, and headline tables prefer broad figures, so
the pairing is a claim about the figure's reach (shared/gold/FORMAT.md, "Scope"). The stage
reads outward from the figure — its sentence, its section's heading, its paragraph, the whole
article — and at each step asks which pairings the places and hospitals named there belong to:

- a place names a pairing when it is that pairing's donor or recipient or lies inside one
  (榕江县 names 南海区 -> 榕江县; it only *contains* nothing); a hospital of a pairing names it;
- of the pairings named, the narrowest is kept (广州 beside 黔南 names 广州市 -> 黔南州, not the
  Guangdong -> Guizhou frame it lies in); several narrow ones that no clause tells apart go to
  the narrowest pairing holding them all;
- a province -> province pairing (粤桂协作, 沪滇, a province's name) is the programme frame: it
  is kept only when nothing wider narrows it. An article about one county's hospital that names
  its programme files the hospital's results under the county's pairing, while a province-wide
  article's totals stay with the province, as do those of a paragraph that names both provinces
  and nothing finer; a programme's joined abbreviation (京蒙) names the programme only, never a
  pairing inside it (北京 -> 乌兰察布 by its 京);
- a sentence naming only a donor whose pairings nest (常州 -> 汉中 and 常州 -> 镇巴) does not
  choose among them: a wider span may name one that holds the narrowest, else it stands;
- when nothing ties the figure, it falls back to the article's main pairing and says so
  (`Figure.scope_assumed`), so the page can mark it and a reviewer can check it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from ..gazetteer import Gazetteer, Mention
from ..model import Article, Figure, Pairing
from .numbers import parse_numeral
from .text import Segments, speech_spans

LEVELS = ("sentence", "heading", "paragraph", "article")
_TWO_PROVINCES = re.compile(r"两(?:省(?:区|市)?|地)")  # 苏陕两省, 京蒙两地
# 分别 and its values: "开展新技术新项目23项、18项、15项、12项" (words, then values joined by 、/和).
_LISTED_VALUES = re.compile(r"[^，,。；;\d]{0,16}\d[\d.,]*[^，,。；;、和\d]{0,6}(?:[、和及]\d[\d.,]*[^，,。；;、和\d]{0,6})+")
_VALUE = re.compile(r"\d[\d.,]*")
_FROM = re.compile(r"[由从]")
# Between listed places: the rest of an institution's name, then 、/和/及.
_ITEM_JOIN = re.compile(r"[\u4e00-\u9fff（）()]{0,12}?[、和及]")
# After the last listed place, up to 分别: the rest of its name (…人民医院) at most.
_LIST_TAIL = re.compile(r"[\u4e00-\u9fff（）()]{0,12}")
_JOINT_LEVELS = ("sentence", "heading", "paragraph")  # the article level falls back to the main pairing
# A subject that counts places named before (三区, 两县, 三县人民医院, 4个县): see _respective_listed_pair.
_COUNTED_PLACES = re.compile(r"(?<![第\d])(?P<n>[两二三四五六七八九十]|\d{1,2})个?(?:区|县|市|旗|区县|县区)")


@dataclass(frozen=True)
class ScopeChoice:
    """The pairing a figure is filed under, and how the stage came to it."""

    pairing: str | None
    assumed: bool  # nothing in the article tied the figure: the article's main pairing
    level: str  # the step that decided: sentence | heading | paragraph | article


# A county's own hospital named bare, with no place before it (在县医院, 县人民医院的): 该县 / 各县 are not it.
_BARE_COUNTY_HOSPITAL = re.compile(r"(?<![\u4e00-\u9fff])县(?:人民|中)?医院|(?<=[在到帮助为与和])县(?:人民|中)?医院")


@dataclass(frozen=True)
class _Pair:
    id: str
    donor: str
    recipient: str
    hospitals: tuple[tuple[str, str], ...]  # (name, side) of its institutions, as they may be written


_JOINT = _Pair("", "", "", ())  # several pairings, none holding the others


def _hospital_names(name: str) -> tuple[str, ...]:
    """A hospital's name and its short form after 附属 (上海交通大学医学院附属新华医院 -> 新华医院)."""
    short = re.split("附属", name)[-1]
    return (name, short) if short != name and len(short) >= 4 else (name,)


# A place named as the measure of a first or a gap (填补西藏自治区空白, 全省首例): not the aid's
# recipient.
_RANKED = re.compile(r"[^，,。；;]{0,6}?(?:空白|首例|首台|首家|第一|领先)")


# Words that refer back to the hospital or place just written about.
# How far into a paragraph its opening reference back may stand (十年间，这家医院…; 2024年，该院…).
_OPENING = 10
# A sentence opening with what a body counted (据广东省援疆前方指挥部统计，…): the body's name starts at the group's
# end; its clause ends with the verb of counting. (What a reporter learned from one, 记者从…了解到, is not enough: the
# helpers file such totals under the pairing the paragraph is about as often as under the programme.)
_COUNTED_BY = re.compile(r"\s*据()[^，,。；;]{2,24}?(?:统计|数据显示)[，,]")
_ANAPHOR = re.compile(r"该院|该医院|这家医院|该县|该旗|该州|该市|该区")
_RANK_LEVEL = re.compile(r"(?:市|省|州|盟|自治区|自治州)?级")  # X市级重点专科; not X州县级医院 (its county-level hospitals)


# Hospitals listed after 来自 / 由 (a team's members), three or more: 来自A医院、B医院、C医院等.
_MEMBER_LIST = re.compile(r"(?:来自|由)((?:[^、，,。；;：:\n]{2,24}?(?:医院|卫生院|中心)、){2,}[^、，,。；;：:\n]{2,24}?(?:医院|卫生院|中心))")


# 来 + a recipient province's one-character abbreviation + an aid word (来甘帮扶, 来宁开展帮扶; not 来宁进修, 来甘南…).
_COME_TO_PROVINCE = re.compile(r"来([甘宁黔滇桂渝疆藏青蒙陕川])(?:开展|进行)?(?:帮扶|支援|支医|援助|工作)")
# Right before a place, the word that says aid goes there (向云南省选派, 赴甘肃省, 为青海省培训; not 评为, 达到).
_AID_GOES_TO = re.compile(r"(?:向|赴|(?<![达迟])到|往|(?<![评成作定选列升称视])为|援|支援|帮扶)$")


# "Apart from X" opening a clause: 除苏陕协作外， / 除了对口帮扶镇安县以外，
_SET_ASIDE = re.compile(r"除(?:了)?[^，,。；;：:！？!?\n]{1,24}?(?:以)?外(?=[，,])")


# Every donor province and city together, named by no place (各对口援疆省市, 全年各对口支援省市, 对口援青的6省市,
# 6个对口支援省市); not 北京市各对口帮扶区.
_ALL_DONORS = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=年)|(?<=来))各(?:对口)?(?:援疆|援藏|援青|支援|帮扶|援建)?省(?:市|区|份)"
    r"|(?:对口)?(?:援疆|援藏|援青|支援|帮扶)的(?:\d+|[两三四五六七八九十]+)个?省(?:市|区|份)"
    r"|(?<![\d两三四五六七八九十])(?:\d+|[两三四五六七八九十]+)个(?:对口)?(?:援疆|援藏|援青|支援|帮扶)省(?:市|区|份)")


class ScopeResolver:
    """Files the figures of one article under its pairings (see the module docstring)."""

    def __init__(self, article: Article, pairings: list[Pairing], gazetteer: Gazetteer, mentions: list[Mention],
                 speech_min: int = 12):
        self.text = article.text
        self.gaz = gazetteer
        self.segments = Segments.of(self.text)
        self.pairs = [
            _Pair(
                p.id, p.donor.adcode or "", p.recipient.adcode or "",
                tuple(
                    (n, side)
                    for i in p.institutions
                    for side, name in (("donor", i.donor), ("recipient", i.recipient))
                    for n in _hospital_names(name)
                ),
            )
            for p in pairings
            if p.status != "rejected" and p.donor.adcode and p.recipient.adcode
        ]
        # In direct speech a place that is no side of any pairing is where the story went, not where the
        # aid went (“以前看病要跑到省城甚至外省，一去就是好几天”): it ties no figure to a pairing.
        parties = {c for p in self.pairs for c in (p.donor, p.recipient)}
        speech = speech_spans(self.text, speech_min)
        # A place followed by 级 names a rank (X市级临床重点专科, X自治区级重点专科), not a side.
        # What a sentence sets aside (除苏陕协作外，…) is not what it reports.
        aside = [(m.start(), m.end()) for m in _SET_ASIDE.finditer(self.text)]
        mentions = [m for m in mentions if not (
            m.candidates and m.candidates[0].adcode not in parties and any(a <= m.start < b for a, b in speech))
            and not _RANK_LEVEL.match(self.text, m.end) and not any(a <= m.start < b for a, b in aside)]
        self.mentions = [(m.start, m.candidates[0].adcode) for m in mentions if m.candidates]
        self._starts = [s for s, _ in self.mentions]
        self._names = [(m.start, m.candidates[0].adcode) for m in mentions if m.candidates and m.kind == "name"]
        # A programme's joined abbreviation (京蒙, 闽宁: a donor and a recipient province, not 沪鲁's two
        # donors) names the programme, not a pairing inside it.
        abbr = [m for m in mentions if m.candidates and m.kind == "abbr"]
        self._abbr_starts = {
            m.start for a, b in pairwise(abbr) if a.end == b.start
            and {gazetteer.side(a.candidates[0].adcode), gazetteer.side(b.candidates[0].adcode)} == {"donor", "recipient"}
            for m in (a, b)
        }
        self._end = {m.start: m.end for m in mentions}
        # A programme's abbreviation said as its two provinces (苏陕两省结对医疗机构…): both named, as by name.
        self._both_provinces = {m.start for a, b in pairwise(abbr) if a.end == b.start
                                and _TWO_PROVINCES.match(self.text, b.end) for m in (a, b)}
        self._by_id = {p.id: p for p in self.pairs}
        # A team's member hospitals listed after 来自 / 由 (队员来自江苏省人民医院、苏州大学附属第一医院、
        # 南通大学附属医院等): where the team comes from, not one member's own pairing.
        self._member_lists = [(m.start(1), m.end(1)) for m in _MEMBER_LIST.finditer(self.text)]
        self.frames = {p.id for p in self.pairs if self._is_province(p.donor) and self._is_province(p.recipient)}
        self._named: dict[tuple[int, int, bool], dict[str, int]] = {}  # named(), by span
        # How often the article names each pairing's donor side: who the article is about.
        donors = Counter(c for _, c in self.mentions)
        self.weight = {p.id: sum(n for c, n in donors.items() if self.gaz.is_within(c, p.donor)) for p in self.pairs}
        # The places the headline and the outlet name: what the article is about (霍城发布,
        # 江苏援疆医生:把技术留在霍城 is about Wuxi -> Huocheng, not the Jiangsu -> Ili frame).
        # A short name there (霍城) means the place the article names (霍城县), as in the body.
        about = " ".join(x for x in (article.title, article.outlet) if x)
        self.about = {m.candidates[0].adcode for m in mentions if m.candidates and m.kind == "name"
                      and any(len(n) >= 2 and n in about for n in (m.surface, m.candidates[0].short))}
        self.main = self._main_pairing()

    # ------------------------------------------------------------------ relations

    def _is_province(self, code: str) -> bool:
        place = self.gaz.get(code)
        return place is not None and place.level == "province"

    def contains(self, outer: _Pair, inner: _Pair) -> bool:
        """Every place of `inner` lies in (or is) the same side of `outer`."""
        return self.gaz.is_within(inner.donor, outer.donor) and self.gaz.is_within(inner.recipient, outer.recipient)

    def narrowest(self, pairs: list[_Pair]) -> list[_Pair]:
        """The pairs no other pair of the list lies inside."""
        return [p for p in pairs if not any(q is not p and self.contains(p, q) for q in pairs)]

    def holding_all(self, pairs: list[_Pair]) -> _Pair | None:
        """The narrowest pairing of the article that holds every one of `pairs`, if any."""
        outer = [p for p in self.pairs if all(self.contains(p, q) for q in pairs)]
        narrow = self.narrowest(outer)
        return narrow[0] if len(narrow) == 1 else None

    # ------------------------------------------------------------------ evidence

    def named(self, a: int, b: int, names_only: bool = False) -> dict[str, int]:
        """Pairings that the places and hospitals named in text[a:b] belong to, with how many
        of their sides (donor, recipient) are named: 1 or 2. `names_only`: place names, not a
        programme's abbreviations (闽宁). Asked again for the same span by every figure of a
        sentence, paragraph or section: answered once per span (a copy, the caller may change it)."""
        key = (a, b, names_only)
        if key not in self._named:
            self._named[key] = self._name_pairings(a, b, names_only)
        return dict(self._named[key])

    def _name_pairings(self, a: int, b: int, names_only: bool) -> dict[str, int]:
        if names_only:
            codes = {c for p, c in self._names if a <= p < b}
            programme: set[str] = set()
        else:
            codes = self._codes((a, b), abbreviations=False)
            programme = self._codes((a, b)) - codes  # named by a programme's abbreviation: frames only
        span = self.text[a:b]
        # A member list names a donor only when every member is its: 江苏省 for 江苏省人民医院、苏州大学…、南通….
        members = [(x, y) for x, y in self._member_lists if a <= x and y <= b]
        lists = [{c for p, c in self.mentions if x <= p < y} for x, y in members]
        if members:
            codes &= {c for p, c in self.mentions if a <= p < b and not any(x <= p < y for x, y in members)}
            for x, y in reversed(members):
                span = span[: x - a] + " " * (y - x) + span[y - a :]
        out: dict[str, int] = {}
        for p in self.pairs:
            hospitals = {side for name, side in p.hospitals if name in span}
            frame = p.id in self.frames
            donor = "donor" in hospitals or any(self.gaz.is_within(c, p.donor) for c in codes) \
                or (frame and p.donor in programme) \
                or any(found and all(self.gaz.is_within(c, p.donor) for c in found) for found in lists)
            recipient = "recipient" in hospitals or any(self.gaz.is_within(c, p.recipient) for c in codes) \
                or (frame and p.recipient in programme)
            if donor or recipient:
                out[p.id] = int(donor) + int(recipient)
        return out

    def _codes(self, span: tuple[int, int], abbreviations: bool = True) -> set[str]:
        """The places (adcodes) named in text[span] (without `abbreviations`: not by a programme's
        joined abbreviation, 京蒙; see __init__)."""
        lo, hi = bisect.bisect_left(self._starts, span[0]), bisect.bisect_left(self._starts, span[1])
        return {c for start, c in self.mentions[lo:hi] if abbreviations or start not in self._abbr_starts}

    def _names_finer(self, p: _Pair, codes: set[str], span: tuple[int, int]) -> bool:
        """Does text[span] name `p` by a place or hospital other than its frame's provinces?"""
        text = self.text[span[0]:span[1]]
        return (any(name in text for name, _ in p.hospitals)
                or any(self.gaz.is_within(c, p.donor) or self.gaz.is_within(c, p.recipient) for c in codes))

    def _pairs(self, ids) -> list[_Pair]:
        return [p for p in self.pairs if p.id in ids]

    def _decide(self, named: dict[str, int], clause: tuple[int, int] | None, span: tuple[int, int]) -> _Pair | None:
        """One pairing from those a span names: those named on both sides first (天津市…到于田县
        names Tianjin -> Yutian on both sides, its district's pairing only by the county), then
        the narrowest; among several, the one the figure's own clause names, else the narrowest
        pairing holding them all. A sentence (`clause` given) that names only a recipient aided
        by several donors goes to the donor the article names most, if one leads."""
        best = max(named.values())
        narrow = self.narrowest(self._pairs({k for k, v in named.items() if v == best}))
        if len(narrow) == 1:
            if best == 1:
                if (county := self._county_of_its_donor(narrow[0], span)) is not None:
                    return county
                return self._main_for_its_recipient(self._main_for_its_donor(narrow[0], named, span), named, span)
            return self._holding_its_list(narrow[0], named, span) or narrow[0]
        # One of them named by its very place (栖霞区 of 栖霞区 -> 丹凤县), the others only through a place
        # inside theirs (栖霞区 inside 南京市 of 南京市 -> 镇安县): that one.
        codes = self._codes(span)
        exact = [p for p in narrow if p.donor in codes or p.recipient in codes]
        if len(exact) == 1:
            return exact[0]
        if best == 1 and len({p.donor for p in exact}) == 1 and len(exact) > 1 \
                and not any(self.gaz.is_within(c, p.recipient) for c in codes for p in narrow):
            # One donor named by its very place, aiding several recipients (深圳援疆医疗队还组织…筛查, with
            # 深圳 -> 塔县 and 深圳 -> 喀什市): which one, a wider span says; no joint figure of donors.
            return None
        if clause is not None:
            in_clause = self.named(*clause)
            top = max((in_clause.get(p.id, 0) for p in narrow), default=0)
            chosen = [p for p in narrow if top and in_clause.get(p.id, 0) == top]
            if len(chosen) == 1:
                return chosen[0]
        held = self.holding_all(narrow)
        if held is not None:
            return held
        if best == 1 and len({p.recipient for p in narrow}) == 1:
            # Only the recipient is named (山南市人民医院…), and several donors aid it: the donor
            # the article is about, when the article names one donor's places most (over a paragraph:
            # only when that is the article's own pairing, as its headline or outlet says).
            leader = max(narrow, key=lambda p: self.weight[p.id])
            if sum(self.weight[p.id] == self.weight[leader.id] for p in narrow) == 1 \
                    and (clause is not None or leader.id == self.main):
                return leader
        return _JOINT

    def _holding_its_list(self, pair: _Pair, named: dict[str, int], span: tuple[int, int]) -> _Pair | None:
        """A recipient named in a list with places of its region that no pairing of its donor's aids on their
        own (赴喀什地区及莎车、泽普、叶城、巴楚等地, only 上海 -> 莎车县 of them paired): the figure is of them all, so
        the narrowest named pairing holding them all (上海 -> 喀什地区); None when there is no such list."""
        lo, hi = bisect.bisect_left(self._starts, span[0]), bisect.bisect_left(self._starts, span[1])
        listed = [(start, c) for start, c in self.mentions[lo:hi] if c == pair.recipient]
        if not any(self.text[start - 1:start] == "、" or self._list_follows(start, c) for start, c in listed):
            return None
        region = self._parent_code(pair.recipient)
        others = {c for _, c in self.mentions[lo:hi] if c != pair.recipient and region is not None
                  and self._parent_code(c) == region and not any(q.recipient == c for q in self.pairs)}
        if not others:
            return None
        holding = [q for q in self._pairs(named) if q is not pair and self.contains(q, pair)
                   and all(self.gaz.is_within(c, q.recipient) for c in others)]
        narrow = self.narrowest(holding)
        return narrow[0] if len(narrow) == 1 else None

    def _parent_code(self, code: str) -> str | None:
        place = self.gaz.get(code)
        return place.parent if place is not None else None

    def _list_follows(self, start: int, code: str) -> bool:
        """Is the place named at `start` followed by 、 (the first of a list)?"""
        place = self.gaz.get(code)
        names = [n for n in (place.name, place.short) if n] if place is not None else []
        return any(self.text.startswith(n + "、", start) for n in names)

    def _programmes_own_total(self, frame: _Pair, sentence: tuple[int, int], clause: tuple[int, int] | None) -> bool:
        """Does the sentence state the programme's own total, not a county's? It names both provinces by
        name and nothing finer (上海累计向云南选派…) — in the figure's own clause when that clause names the
        programme (a part of it, 其中…, in a later clause does not make the total a finer pairing's) — or
        the figure's own clause names the recipient province alone (全年向云南省选派…1105名). A programme's
        short name (鲁渝协作支医专家…) is how county articles frame their own work: not enough."""
        own = clause if clause is not None and (self.named(*clause, names_only=True).get(frame.id) == 2
                                           or self._provinces_by_name(frame, clause)) else sentence
        if self._provinces_by_name(frame, sentence) and not self._finer_named(frame, own):
            return True
        # …or a sentence of such totals goes on after a semicolon naming the donor alone (广东累计选派…到广西…；广东投入
        # 卫生健康领域协作资金9.7亿元): the same programme's totals, listed.
        whole = self._across_semicolons(sentence)
        if whole != sentence and self._provinces_by_name(frame, whole) and not self._finer_named(frame, whole) \
                and frame.donor in self._codes(sentence):
            return True
        return clause is not None and self._recipient_province_alone(clause) is frame

    def _counted_by_donor(self, offset: int) -> _Pair | None:
        """The programme whose totals the figure's sentence gives as a body of its donor province counted
        them (据广东省援疆前方指挥部统计，2021年以来，广东累计选派…), naming nothing finer: the programme's own
        totals, though a county's post or a prefecture's story tells them."""
        sentence = self.segments.sentence_at(offset) if offset >= 0 else None
        if sentence is None or (head := _COUNTED_BY.match(self.text, *sentence)) is None:
            return None
        body = next((c for p, c in self.mentions if p == head.end(1)), None)
        frames = [p for p in self.pairs if p.id in self.frames and p.donor == body]
        if len(frames) != 1 or self._finer_named(frames[0], sentence):
            return None
        return frames[0]

    def _across_semicolons(self, sentence: tuple[int, int]) -> tuple[int, int]:
        """The sentence with the parts a semicolon joins to it, to the full stops (or paragraph breaks) around."""
        start, end = sentence
        while start > 0 and self.text[start - 1] in "；;":
            before = self.segments.sentence_at(start - 2)
            if before is None or before[1] < start - 2:
                break
            start = before[0]
        while end < len(self.text) and self.text[end:end + 1] in "；;":
            after = self.segments.sentence_at(end + 1)
            if after is None:
                break
            end = after[1]
        return start, end

    def _recipient_province_alone(self, span: tuple[int, int]) -> _Pair | None:
        """A clause naming a recipient province by its name and no donor, no place or hospital inside
        it (全年向云南省选派医疗卫生人才1105名): the programme's own total, whatever pairing the article is about."""
        codes = self._codes(span, abbreviations=False)
        if len(codes) != 1 or self._names_a_hospital(span):
            return None
        (code,) = codes
        starts = [p for p, c in self.mentions if span[0] <= p < span[1] and c == code]
        if not all(_AID_GOES_TO.search(self.text, max(0, p - 2), p) for p in starts):
            return None  # named as a rank (甘肃省临床重点专科), not as where aid went
        return self._frame_to(code)

    def _frame_to(self, province: str | None) -> _Pair | None:
        """The article's one programme frame whose recipient is `province`, if there is exactly one."""
        frames = [p for p in self.pairs if p.id in self.frames and p.recipient == province]
        return frames[0] if len(frames) == 1 else None

    def _names_a_hospital(self, span: tuple[int, int]) -> bool:
        """Does text[span] name a hospital of one of the article's pairings?"""
        text = self.text[span[0]:span[1]]
        return any(name in text for p in self.pairs for name, _ in p.hospitals)

    def _county_of_its_donor(self, chosen: _Pair, span: tuple[int, int]) -> _Pair | None:
        """A span naming only a donor by its province (上海专家团队在县医院开展新技术新项目47项) at a county's own hospital
        named bare (县医院, 县人民医院): the one pairing of that donor, or of a place inside it (长宁区 → 贡山县),
        with a county — the donor said loosely for the finer one at work there. None when no such single pairing."""
        if not self._is_province(chosen.donor) or not _BARE_COUNTY_HOSPITAL.search(self.text, span[0], span[1]):
            return None
        counties = [p for p in self.pairs if (p.donor == chosen.donor or self.gaz.is_within(p.donor, chosen.donor))
                    and (place := self.gaz.get(p.recipient)) is not None and place.level in ("county", "district")]
        return counties[0] if len(counties) == 1 else None

    def _main_for_its_donor(self, chosen: _Pair, named: dict[str, int], span: tuple[int, int]) -> _Pair:
        """A span naming only a donor (天津市各级医疗机构…向受援地捐赠…) whose pairings nest, in an
        article whose main pairing is that donor's programme frame (天津市卫生健康委员会's notice on
        天津 -> 甘肃): the programme, not the narrowest pairing, which nothing in the span names. (A
        city's hospital in an article about a city -> prefecture pairing keeps the narrowest: its
        own county's pairing.)"""
        main = self._by_id.get(self.main or "")
        if main is None or main.id not in self.frames or main.id not in named or main.donor != chosen.donor \
                or not self.contains(main, chosen):
            return chosen
        text = self.text[span[0]:span[1]]
        if any(name in text for name, _ in chosen.hospitals) \
                or any(self.gaz.is_within(c, chosen.recipient) for c in self._codes(span)):
            return chosen
        return main

    def _main_for_its_recipient(self, chosen: _Pair, named: dict[str, int], span: tuple[int, int]) -> _Pair:
        """A span naming only a recipient (我院…累计门急诊诊疗8700余人次 in 那曲市人民医院's account) aided by
        donors nested in one another (浙江省 and its 杭州市), in an article whose main pairing is the wider
        one: the main pairing, unless the span names the finer donor or its hospital. (Measured on the
        held-out sets: the narrowest, the earlier choice, was the annotators' in none of them.)"""
        main = self._by_id.get(self.main or "")
        if main is None or main is chosen or main.id not in named or main.recipient != chosen.recipient \
                or not self.contains(main, chosen):
            return chosen
        text = self.text[span[0]:span[1]]
        if any(name in text for name, side in chosen.hospitals if side == "donor") \
                or any(self.gaz.is_within(c, chosen.donor) for c in self._codes(span)):
            return chosen
        return main

    def _donor_alone(self, chosen: _Pair, named: dict[str, int], clause: tuple[int, int]) -> bool:
        """Is `chosen` named only as the same donor place as a wider pairing it lies in (常州 in
        "全年选派医务人员86名赴常州进修学习", with 常州 -> 汉中 and 常州 -> 镇巴)? Then the sentence
        names the donor, not which of its recipients: a wider span may name one holding it, else the
        narrowest stands. A finer donor (闵行区 beside 上海) or the pairing's own hospital does tell
        them apart."""
        sentence = self.segments.sentence_at(clause[0]) or clause
        text = self.text[sentence[0]:sentence[1]]
        if any(name in text for name, _ in chosen.hospitals):
            return False
        if any(self.gaz.is_within(c, chosen.recipient) for c in self._codes(sentence)):
            return False
        return any(q is not chosen and q.donor == chosen.donor and q.id in named
                   and self.contains(q, chosen) for q in self.pairs)

    def _recipient_alone(self, chosen: _Pair, named: dict[str, int], sentence: tuple[int, int]) -> bool:
        """Is `chosen` named only by its recipient, which donors nested in one another aid (北仑区 and
        宁波市 both aiding 布拖县: "帮扶团队在县人民医院开展…")? Then the sentence does not say which
        donor's work it reports: the paragraph may (宁波大学附属第一医院对布拖县人民医院…), else the
        narrowest stands."""
        text = self.text[sentence[0]:sentence[1]]
        if any(name in text for name, side in chosen.hospitals if side == "donor"):
            return False
        if any(self.gaz.is_within(c, chosen.donor) for c in self._codes(sentence)):
            return False
        return any(q is not chosen and q.recipient == chosen.recipient and q.donor != chosen.donor
                   and q.id in named and self.contains(q, chosen) and not self._is_province(q.donor)
                   for q in self.pairs)

    # ------------------------------------------------------------------ steps

    def steps(self, offset: int) -> list[tuple[str, tuple[int, int]]]:
        """The spans read for a figure at `offset`, narrowest first."""
        seg = self.segments
        out: list[tuple[str, tuple[int, int]]] = []
        sentence = seg.sentence_at(offset)
        if sentence is not None:
            out.append(("sentence", sentence))
        heading = seg.heading_of(offset)
        if heading is not None:
            out.append(("heading", heading))
        paragraph = seg.paragraph_at(offset)
        if paragraph is not None and paragraph != sentence:
            out.append(("paragraph", paragraph))
        return out

    def choose(self, figure: Figure) -> ScopeChoice:
        """The pairing a figure reports (see the module docstring)."""
        return self.choose_at(figure.offset)

    def choose_at(self, offset: int) -> ScopeChoice:
        """The pairing a figure at `offset` reports (-1: the headline's; only the article then decides)."""
        if not self.pairs:
            return ScopeChoice(None, False, "article")
        clause = self.segments.clause_at(offset) if offset >= 0 else None
        settled = self._settled_by_its_sentence(offset, clause)
        if settled is not None:
            return settled
        if (programme := self._counted_by_donor(offset)) is not None:
            return ScopeChoice(programme.id, False, "sentence")
        frame: _Pair | None = None  # a programme frame already named: the answer lies inside it
        frame_level = ""
        tentative: _Pair | None = None  # the sentence's answer, if the paragraph does not name a better one
        for level, span in self.steps(offset) if offset >= 0 else []:
            named = self.named(*span) if level != "sentence" else self._sentence_named(span, clause)
            if frame is not None:
                # Inside the frame, a pairing counts only when something finer than the frame names it
                # (its recipient, or a donor inside the frame's): the frame's own donor narrows nothing.
                finer = self._codes(span) - {frame.donor, frame.recipient}
                named = {k: v for k, v in named.items() if k != frame.id and self.contains(frame, self._by_id[k])
                         and self._names_finer(self._by_id[k], finer, span)}
            chosen = self._decide(named, clause if level == "sentence" else None, span) if named else None
            if chosen is None:
                continue
            if chosen is _JOINT:
                if tentative is not None:
                    return ScopeChoice(tentative.id, False, "sentence")
                if level in _JOINT_LEVELS:
                    # Several pairings named alike and none holds them all (沪鲁两地累计选派…):
                    # a joint figure of several donors, filed under no single pairing.
                    return ScopeChoice(None, False, level)
                continue
            if tentative is not None:
                # The sentence named only a donor: a wider span settles which of its pairings, by
                # naming one that holds the sentence's (常州 -> 汉中 around 常州 -> 镇巴; the programme
                # in a paragraph of the programme's own totals), never by naming another one.
                wider = chosen is not tentative and self.contains(chosen, tentative) and not (
                    chosen.id in self.frames and self._finer_named(chosen, span))
                return ScopeChoice((chosen if wider else tentative).id, False, level if wider else "sentence")
            if level in ("sentence", "paragraph") and chosen is not _JOINT and max(named.values()) == 2:
                chosen = self._shorthand_donor(chosen, span, offset)
            if level == "sentence" and clause is not None and max(named.values()) == 1 \
                    and (self._donor_alone(chosen, named, clause) or self._recipient_alone(chosen, named, span)):
                tentative = chosen  # one side alone does not tell its pairings apart: read on
                continue
            if chosen.id in self.frames:
                if level == "sentence" and self._programmes_own_total(chosen, span, clause):
                    return ScopeChoice(chosen.id, False, level)
                frame, frame_level = chosen, level
                continue
            return ScopeChoice(chosen.id, False, level)
        if tentative is not None:
            return ScopeChoice(tentative.id, False, "sentence")
        if frame is not None:
            return self._within_frame(frame, frame_level, offset)
        referred = self._referred_to(offset) if offset >= 0 else None
        if referred is not None:
            return ScopeChoice(referred.id, False, "paragraph")
        return ScopeChoice(self.main, self.main is not None, "article")

    def respective_pair(self, figure: Figure) -> _Pair | None:
        """The k-th value after 分别 is the k-th place listed before it ("在喜德县、越西县、甘洛县、美姑县分别
        开展新技术新项目23项、18项、15项、12项": 18 is 越西县's): the narrowest pairing of that place, when the
        list and the values are as many. Values told with their befores (由…降至…) are left to the steps."""
        if figure.offset < 0 or "分别" not in figure.quote:
            return None
        at = self.text.find("分别", figure.offset, figure.offset + len(figure.quote))
        sentence = self.segments.sentence_at(figure.offset)
        if at < 0 or sentence is None or _FROM.search(self.text, at, figure.offset + len(figure.quote)):
            return None
        listed = _LISTED_VALUES.match(self.text, at + 2)
        if listed is None:
            return None
        values = _VALUE.findall(listed.group(0))
        k = len(_VALUE.findall(self.text, at, figure.offset + len(figure.quote))) - 1
        places = self._listed_before(sentence[0], at)
        if len(values) >= 2 and len(places) != len(values) and 0 <= k < len(values):
            return self._respective_listed_pair(at, len(values), k)
        if len(values) < 2 or len(places) != len(values) or not 0 <= k < len(places):
            return None
        code = places[k]
        pairs = self.narrowest([q for q in self.pairs if code in (q.donor, q.recipient)])
        return pairs[0] if len(pairs) == 1 else None

    def _listed(self, start: int, end: int, forward: bool) -> list[str]:
        """Places listed one after another (甲县、乙县和丙县) ending at `end` (backward) or starting at
        `start` (forward), within [start, end)."""
        inside = [(p, c) for p, c in self.mentions if start <= p < end]
        if not inside:
            return []
        if not forward:
            inside.reverse()
        places = [inside[0][1]]
        for (p, c), (q, d) in pairwise(inside):
            first, second = ((p, c), (q, d)) if forward else ((q, d), (p, c))
            if not _ITEM_JOIN.fullmatch(self.text, self._end.get(first[0], second[0]), second[0]):
                break
            places.append(d)
        return places if forward else places[::-1]

    def _listed_before(self, start: int, at: int) -> list[str]:
        """The places listed right before `at` (甲县、乙县、丙县分别…: nothing but the rest of the last
        one's name between it and `at`), from `start` on; [] when no list ends there."""
        last = max((p for p, _ in self.mentions if start <= p < at), default=None)
        if last is None or not _LIST_TAIL.fullmatch(self.text, self._end.get(last, at), at):
            return []
        return self._listed(start, at, forward=False)

    def _respective_listed_pair(self, at: int, n: int, k: int) -> _Pair | None:
        """Values after 分别 whose subject counts places already paired in order ("甲区、乙区、丙区分别对口帮扶
        A县、B县、C县，三区分别派驻医疗专家21名、18名、16名"; "…分别与A县、B县、C县结对。三县人民医院分别完成…"):
        the k-th value is the k-th pairing of that list, the last such list in the paragraph."""
        paragraph = self.segments.paragraph_at(at)
        clause = self.segments.clause_at(at)
        if paragraph is None or clause is None:
            return None
        counted = _COUNTED_PLACES.search(self.text, clause[0], at)
        if counted is None or parse_numeral(counted.group("n")) != n:
            return None
        listing = self.text.rfind("分别", paragraph[0], clause[0])
        if listing < 0:
            return None
        donors = self._listed_before(paragraph[0], listing)
        first_after = next((p for p, _ in self.mentions if listing < p < clause[0]), None)
        if first_after is None or first_after - listing > 6:
            return None
        recipients = self._listed(first_after, clause[0], forward=True)
        if len(donors) != n or len(recipients) != n:
            return None
        return next((q for q in self.pairs if {q.donor, q.recipient} == {donors[k], recipients[k]}), None)

    def within_total(self, part: Figure, total: Figure) -> bool:
        """Is a part (其中江苏186家) told in its total's sentence, its own clause naming nothing finer than
        the total's pairing? Then it is the total's: its donor or recipient named alone splits the
        total, it does not move it to another pairing."""
        if part.offset < 0 or total.offset < 0:
            return False
        sentence = self.segments.sentence_at(part.offset)
        if sentence is None or not sentence[0] <= total.offset < sentence[1]:
            return False
        pair = self._by_id.get(total.pairing or "")
        clause = self.segments.clause_at(part.offset)
        if pair is None or clause is None:
            return False
        return all(self.contains(self._by_id[k], pair) for k in self.named(*clause))

    def _settled_by_its_sentence(self, offset: int, clause: tuple[int, int] | None) -> ScopeChoice | None:
        """What the figure's own sentence settles before any pairing is weighed: a total of every donor
        together (no pairing), or what came to the programme's recipient province (the programme)."""
        if offset < 0:
            return None
        if self._all_donors(offset):
            return ScopeChoice(None, False, "sentence")
        arrived = self._programme_come_to(clause) if clause is not None else None
        return ScopeChoice(arrived.id, False, "sentence") if arrived is not None else None

    def _programme_come_to(self, clause: tuple[int, int]) -> _Pair | None:
        """A clause stating what came to the recipient province, named by its one-character abbreviation
        after 来 (天津市共选派医疗卫生人才612名来甘帮扶, 累计选派…来宁开展帮扶): the programme's own total,
        when the article pairs the donor with that province and the clause names nothing finer."""
        found = _COME_TO_PROVINCE.search(self.text, clause[0], clause[1])
        frame = self._frame_to(self.gaz.abbreviated(found.group(1))) if found else None
        if frame is None or not self._codes(clause, abbreviations=False) <= {frame.donor} \
                or self._names_a_hospital(clause):
            return None
        return frame

    def _all_donors(self, offset: int) -> bool:
        """Is the figure a total of every donor province together (各对口援疆省市累计选派…4100余名, 其中…)?
        The phrase stands before it in its sentence, with no donor place named between: no single pairing."""
        sentence = self.segments.sentence_at(offset)
        if sentence is None:
            return False
        # Up to the end of the figure's clause: its quote may open with the phrase (6个对口支援省市去年共向…).
        clause = self.segments.clause_at(offset)
        end = clause[1] if clause is not None else offset
        for m in _ALL_DONORS.finditer(self.text, sentence[0], end):
            if not any(m.end() <= p < end and self.gaz.side(c) == "donor" for p, c in self.mentions):
                return True
        return False

    def _sentence_named(self, sentence: tuple[int, int], clause: tuple[int, int] | None) -> dict[str, int]:
        """What the figure's sentence names: with its antecedent (该院…), narrowed to its own clause."""
        named = self._with_antecedent(self.named(*sentence), sentence)
        return self._own_clause(named, clause) if clause is not None and clause != sentence else named

    def _with_antecedent(self, named: dict[str, int], sentence: tuple[int, int]) -> dict[str, int]:
        """A sentence opening with 该院 / 该县 that names no recipient place (该院先后有44名医生到海淀医院进修)
        continues the sentence before it in the same paragraph (帮助科右前旗人民医院…；): the pairing that
        sentence names, below the programme, counts as named in it."""
        if not _ANAPHOR.match(self.text, sentence[0]):  # sentences() trims their spaces
            return named
        if any(self.gaz.side(c) == "recipient" for c in self._codes(sentence)):
            return named
        before = self.segments.sentence_before(sentence[0])
        if before is None:
            return named
        said = self.choose_at(before[1] - 1)
        if said.pairing is None or said.assumed or said.pairing in self.frames or said.level == "article":
            return named
        return {**named, said.pairing: 2}

    def _within_frame(self, frame: _Pair, frame_level: str, offset: int) -> ScopeChoice:
        """The pairing of a figure whose spans name only a programme frame: the programme's own total, the
        pairing the paragraph refers back to, or the one the article is about inside the frame."""
        paragraph = self.segments.paragraph_at(offset) if offset >= 0 else None
        referred = self._referred_to(offset, opening=True) if offset >= 0 else None
        if referred is not None and referred is not frame and self.contains(frame, referred):
            # 十年间，这家医院建成…，其中填补西藏自治区空白96项: the hospital of the paragraph before, whose
            # pairing sits inside the programme the paragraph names in passing.
            return ScopeChoice(referred.id, False, "paragraph")
        if paragraph is not None and self._province_by_name(frame, paragraph) and not self._finer_named(frame, paragraph):
            # A paragraph of the programme's own totals (福建省累计选派…来宁…；闽宁两地共有…):
            # it names a province of the programme by name and nothing finer.
            return ScopeChoice(frame.id, False, "paragraph")
        inside = [p for p in self.pairs if p is not frame and self.contains(frame, p)]
        main = self._by_id.get(self.main or "")
        if main is not None and main is not frame and main in inside and main.recipient in self.about:
            return ScopeChoice(main.id, False, "article")  # the programme named in an article about its recipient
        held = self.holding_all(self.narrowest(inside)) if inside else None
        if held is not None and held is not frame:
            return ScopeChoice(held.id, False, "article")
        return ScopeChoice(frame.id, False, frame_level)

    def _referred_to(self, offset: int, opening: bool = False) -> _Pair | None:
        """A paragraph that names no place but refers back (该院心内科医生说…；医院四级手术量…) continues the
        paragraph before it: the pairing that paragraph names, if it names one below the programme. With
        `opening`, only a paragraph that opens by referring back (十年间，这家医院…) counts."""
        k = self.segments.paragraph_index(offset)
        if not k:
            return None
        a, b = self.segments.paragraphs[k]
        if not _ANAPHOR.search(self.text, a, min(b, a + _OPENING) if opening else b):
            return None
        before = self.segments.paragraphs[k - 1]
        named = self.named(*before)
        chosen = self._decide(named, None, before) if named else None
        if chosen is None or chosen is _JOINT or chosen.id in self.frames:
            return None
        return chosen

    def _shorthand_donor(self, chosen: _Pair, span: tuple[int, int], offset: int) -> _Pair:
        """A sentence naming a coarser donor and a county (在上海专家带教下，泽普县人民医院…) in a paragraph
        that names the county's own donor (在泽普县，闵行区对口支援…), or in an article whose headline
        or outlet names that county and its donor: the county's pairing, the coarser donor being
        shorthand for the finer one."""
        paragraph = self.segments.paragraph_at(offset)
        if paragraph is None:
            return chosen
        here, around = self._codes(span), self._codes(paragraph)
        if chosen.recipient in here:
            return chosen  # the sentence names the coarser pairing's own recipient (…选派143名专家到遵义)
        finer = [q for q in self.pairs
                 if q is not chosen and q.donor != chosen.donor and self.contains(chosen, q)
                 and q.recipient in here and q.recipient != chosen.recipient
                 and (any(c != chosen.donor and self.gaz.is_within(c, q.donor) for c in around)
                      # …or the article is that pairing's story: its headline or outlet names both places.
                      or (q.id == self.main and {q.donor, q.recipient} <= self.about))]
        narrow = self.narrowest(finer)
        return narrow[0] if len(narrow) == 1 else chosen

    def _own_clause(self, named: dict[str, int], clause: tuple[int, int]) -> dict[str, int]:
        """What the figure's sentence names, or its own clause when that names a pairing on both
        sides by place names (河南…投入援疆资金2.35亿元用于哈密…, then 建设…伊吾县人民医院…): a
        recipient's sub-place listed in a later clause does not narrow the clause's figure. A finer
        donor named elsewhere in the sentence does (海曙区…，邀请宁波名中医到昭觉…: 宁波 is shorthand)."""
        own = self.named(*clause, names_only=True)
        if own and max(own.values()) == 1:
            # The clause names one side of a pairing by that very place (各帮扶医院累计为X市培训…, 选派…到
            # X市跟班学习): that pairing, not a finer one a later clause of the sentence names.
            # One place only: a list of places (X县、Y县、Z县4个县) is their pairing in common, and a place
            # measuring a gap or a first (填补X地区空白) is no side.
            codes = {c for p, c in self._names if clause[0] <= p < clause[1] and not _RANKED.match(self.text, self._end[p])}
            exact = {k: v for k, v in named.items()
                     if len(codes) == 1 and k in own and {self._by_id[k].donor, self._by_id[k].recipient} & codes}
            return exact or named
        if not own or max(own.values()) < 2:
            return named
        chosen = self.narrowest(self._pairs({k for k, v in own.items() if v == 2}))
        sentence = self.segments.sentence_at(clause[0]) or clause
        # A finer donor named before the clause is its subject said in full (海曙区…，邀请宁波名中医…); one
        # named after it (…赴凉山州开展医疗帮扶，北仑—布拖是其中的一个缩影) is an example of the total.
        before = {c for p, c in self._names if sentence[0] <= p < clause[0]}
        finer_donor = any(
            q.donor != c.donor and self.contains(c, q) and any(self.gaz.is_within(b, q.donor) for b in before)
            for c in chosen for q in self._pairs({k for k, v in named.items() if v == 2}) if q is not c
        )
        return named if finer_donor else own

    def _provinces_by_name(self, frame: _Pair, span: tuple[int, int]) -> bool:
        """Does text[span] name both of the frame's provinces by name (not a short form), or as the two
        provinces (苏陕两省)?"""
        codes = {c for p, c in self._names if span[0] <= p < span[1] and not _RANKED.match(self.text, self._end[p])}
        codes |= {c for p, c in self.mentions if span[0] <= p < span[1] and p in self._both_provinces}
        return frame.donor in codes and frame.recipient in codes

    def _province_by_name(self, frame: _Pair, span: tuple[int, int]) -> bool:
        """Does text[span] name both of the frame's provinces, one of them by name (福建省…来宁…闽宁两地,
        我区 in the province's own paper)? A province named alone (通过云南省…评审) is no programme."""
        names = {c for p, c in self._names if span[0] <= p < span[1] and not _RANKED.match(self.text, self._end[p])}
        codes = self._codes(span)
        return {frame.donor, frame.recipient} <= codes and bool(names & {frame.donor, frame.recipient})

    def _finer_named(self, frame: _Pair, span: tuple[int, int]) -> bool:
        """Does text[span] name a place or hospital of a pairing inside `frame`, other than the
        frame's own provinces?"""
        codes = self._codes(span) - {frame.donor, frame.recipient}
        text = self.text[span[0]:span[1]]
        for p in self.pairs:
            if p is frame or not self.contains(frame, p):
                continue
            if any(name in text for name, _ in p.hospitals):
                return True
            if any(self.gaz.is_within(c, p.donor) or self.gaz.is_within(c, p.recipient) for c in codes):
                return True
        return False

    def _about_both(self, p: _Pair) -> bool:
        """Does the headline or the outlet name both places of `p` (a place inside its recipient counts)?"""
        return any(c == p.donor or self.gaz.is_within(c, p.donor) for c in self.about) \
            and any(self.gaz.is_within(c, p.recipient) for c in self.about)

    def _main_pairing(self) -> str | None:
        """The article's main pairing: the narrowest one holding all the others but the programme
        frame (which holds everything). None when no single pairing holds them (深圳 aiding 汕尾
        and 河源): an untied figure of such an article reports on no one pairing."""
        if not self.pairs:
            return None
        finer = [p for p in self.pairs if p.id not in self.frames] or self.pairs
        held = self.holding_all(finer)
        if held is None:
            # Pairings side by side (深圳 -> 塔什库尔干 and 深圳 -> 喀什市): the one whose two places the
            # headline or the outlet names is what the article reports on, if exactly one.
            named = [p for p in finer if self._about_both(p)]
            return named[0].id if len(named) == 1 else None
        # A chain of pairings (江苏→伊犁 holding 无锡→霍城): the narrowest one whose place the
        # headline or the outlet names is what the article reports on.
        # A place of the holding pairing itself (天津 in 天津市卫生健康委员会's notice on 天津 -> 甘肃)
        # points at no pairing inside it.
        about = self.about - {held.donor, held.recipient}
        inside = [p for p in finer if p is not held and self.contains(held, p)
                  and any(self.gaz.is_within(c, p.recipient) or c == p.donor for c in about)]
        focus = self.narrowest(inside)
        if not focus and not about and held.id not in self.frames:
            # Nothing in the headline or the outlet: a story told in one county names it more often
            # than the wider pairing's recipient (科右中旗 eight times, 兴安盟 once): the county's pairing.
            times = Counter(c for _, c in self._names)
            inner = self.narrowest([p for p in finer if p is not held and self.contains(held, p)])
            top = [p for p in inner if times[p.recipient] > max(1, 2 * times[held.recipient])]
            return top[0].id if len(top) == 1 else held.id
        return focus[0].id if len(focus) == 1 else held.id


def assign_scopes(
    article: Article, pairings: list[Pairing], figures: list[Figure], gazetteer: Gazetteer, mentions: list[Mention],
    speech_min: int = 12,
) -> None:
    """Set each figure's pairing (its scope) and whether that was assumed. `speech_min`: the shortest
    quotation read as speech (cooperation.yaml's speech_min_len, as the pairing stage's cues hold it)."""
    resolver = ScopeResolver(article, pairings, gazetteer, mentions, speech_min)
    by_id = {f.id: f for f in figures}
    for f in figures:
        total = by_id.get(f.part_of or "")
        if total is not None and total.pairing is not None and resolver.within_total(f, total):
            f.pairing, f.scope_assumed = total.pairing, total.scope_assumed
            continue
        respective = resolver.respective_pair(f)
        if respective is not None:
            f.pairing, f.scope_assumed = respective.id, False
            continue
        choice = resolver.choose(f)
        f.pairing, f.scope_assumed = choice.pairing, choice.assumed
