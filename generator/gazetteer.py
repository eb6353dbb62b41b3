"""The gazetteer: every Chinese province, prefecture and county-level division in force today.

Source: the dated snapshot in the project's data/gazetteer/ (divisions.csv: adcode, name, level,
parent, WGS-84 lat/lon, English name; changes.csv: former codes and names -> today's division;
snapshot.yaml: sources, date, licences), written by scripts/refresh_gazetteer.py from registry
packages. Nothing is read from an installed package at run time, so a package upgrade never
changes reviewed pages. Aliases, stoplists and English exceptions are data in data/gazetteer/.

The caller owns the Gazetteer instance (no module-level cache): `Gazetteer.load(data/)`.
"""

from __future__ import annotations

import csv
import functools
import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from .config import ProjectError
from .io import load_yaml_file
from .model import Level, Place, PlaceRef
from .placenames import NameParts, Romanizer, english_name, parse_name

# Rows of a division table that are grouping placeholders, not divisions (市辖区 = "districts
# under the city", 县 = "counties under the municipality", 省直辖… = "province-administered").
PSEUDO_ROWS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 2}
SNAPSHOT_FILES = ("divisions.csv", "changes.csv")
T = TypeVar("T")


# A count of counties closing a list of their names: 五县, 3个县, 四县（区）.
_COUNTED_COUNTIES = re.compile(r"([两二三四五六七八九十]|\d{1,2})个?(?:县|旗|县区|县（区）|县\(区\)|县市)")
# A township's name ends right after a county's short form read inside it (特木里镇, 黄水乡; not 木里乡镇).
_TOWNSHIP_AFTER = re.compile(r"[镇乡](?![镇村])")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_CHINESE_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九十")} | {"两": 2}


def _count_of(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else _CHINESE_DIGITS.get(numeral, -1)


class GazetteerError(ProjectError, ValueError):
    """The project's gazetteer snapshot is missing or unreadable (names the file and the fix)."""


# A banner named for a people and its wing or position (科尔沁右翼前旗, 乌拉特中旗): its short form is
# the people's first character with the rest (科右前旗, 乌中旗).
_WING_BANNER = re.compile(r"(.+?)(左|右)翼(前|中|后)旗")
_SIDE_BANNER = re.compile(r"(.{3,})(左|右|前|中|后)旗")


def _usual_forms(name: str, base: str, kind: str) -> list[str]:
    """Forms local usage makes of a division's name: 黔南州, 彭水县, 彭水自治县 of autonomous names;
    科右前旗, 土左旗 of Inner Mongolia's banners."""
    banner = _WING_BANNER.fullmatch(name) or _SIDE_BANNER.fullmatch(name)
    if banner:
        return [banner.group(1)[0] + "".join(banner.groups()[1:]) + "旗"]
    if len(base) < 2:
        return []
    return {"autonomous_prefecture": [base + "州"], "autonomous_county": [base + "县", base + "自治县"],
            "autonomous_region": [base + "自治区"]}.get(kind, [])


def level_of(adcode: str) -> Level:
    """Level by the code's shape: XX0000 province, XXXX00 prefecture, else county (district by name)."""
    return "province" if adcode.endswith("0000") else "prefecture" if adcode.endswith("00") else "county"


@dataclass(frozen=True)
class FormerName:
    """A code or name no longer in force and the division that holds it today (changes.csv)."""

    old_code: str
    old_name: str
    new_code: str
    kind: str  # renamed | recoded | merged | abolished
    year: int | None = None

class _NameScanner:
    """Leftmost-longest scan of a text for thousands of names at once.

    A regex over the names' first two characters (a first character followed by a possible
    second one) skips, in C, the six positions in seven where no name can start; at the
    others only the names sharing those two characters are tried, longest first. About
    three times faster than a C Aho-Corasick automaton (pyahocorasick), whose root node has
    a thousand children to search.
    """

    def __init__(self, names: Iterable[str]):
        self._names = set(names)
        lengths: dict[str, set[int]] = {}
        for name in self._names:
            lengths.setdefault(name[:2], set()).add(len(name))
        self._lengths = {prefix: sorted(ns, reverse=True) for prefix, ns in lengths.items()}

        def charset(chars: set[str]) -> str:
            return "[" + "".join(sorted(re.escape(c) for c in chars)) + "]"

        long_names = [n for n in self._names if len(n) > 1]
        singles = {n for n in self._names if len(n) == 1}
        starts = []
        if long_names:
            starts.append(charset({n[0] for n in long_names}) + "(?=" + charset({n[1] for n in long_names}) + ")")
        if singles:
            starts.append(charset(singles))
        self._start = re.compile("|".join(starts) or "(?!)")

    def scan(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each match, left to right, never overlapping."""
        lengths, names = self._lengths, self._names
        pos = 0
        for m in self._start.finditer(text):
            i = m.start()
            if i < pos:
                continue  # inside the name found last
            for n in lengths.get(text[i : i + 2], ()):
                if text[i : i + n] in names:
                    break
            else:
                n = 1 if text[i] in names else 0  # a one-character name
            if n:
                yield i, i + n, text[i : i + n]
                pos = i + n


class _WordSegmenter:
    """jieba's dictionary-only segmentation, asked one question: does a word cross this boundary?

    Segmenting costs ~60 µs per window, so a window is segmented only when some dictionary
    word spans the boundary at all (a few dict lookups); otherwise no segmentation can put
    the boundary inside a word and the answer is already known.
    """

    def __init__(self, jieba):
        jieba.dt.check_initialized()
        self._freq = jieba.dt.FREQ
        # Dictionary words only (no HMM guessing of unknown words): a boundary check needs
        # known words, and the HMM pass costs more than the dictionary lookup.
        self.cut = functools.partial(jieba.lcut, HMM=False)

    def is_word(self, text: str) -> bool:
        """Whether text is a word of the dictionary (a prefix of one is not)."""
        return bool(self._freq.get(text))

    def may_cross(self, window: str, k: int) -> bool:
        """Whether a dictionary word of window spans position k (starts before it, ends after)."""
        # jieba's dictionary holds every prefix of every word (with frequency 0), so the
        # words starting at i are found by extending i's prefix until it is no longer one.
        freq = self._freq
        n = len(window)
        for i in range(k):
            j = i + 1
            while j <= n and (f := freq.get(window[i:j])) is not None:
                if f and j > k:
                    return True
                j += 1
        return False


@functools.lru_cache(maxsize=1)
def _segmenter() -> _WordSegmenter | None:
    """jieba, loaded on first use (its dictionary takes ~0.5 s), or None when not installed."""
    try:
        import jieba
    except ImportError:  # pragma: no cover
        return None
    jieba.setLogLevel(logging.WARNING)
    return _WordSegmenter(jieba)


@dataclass(frozen=True)
class Mention:
    """A place name found in text; candidates are ordered best-first by context."""

    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]
    kind: str = "name"  # "name" (full name, short form, alias) or "abbr" (粤 of 粤黔协作)


@dataclass
class _Rec:
    adcode: str
    name: str
    level: Level
    parent: str | None
    lat: float
    lon: float
    parts: NameParts
    short: str = ""


@dataclass
class _Sides:
    donor: frozenset[str]
    recipient: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    # Cities outside the donor provinces that are donors themselves (大连 of Liaoning).
    donor_places: frozenset[str] = frozenset()


def _read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a snapshot CSV; a missing file or column is a GazetteerError naming the file."""
    if not path.is_file():
        raise GazetteerError(
            f"{path}: the gazetteer snapshot is missing; run `python scripts/refresh_gazetteer.py` "
            "(or restore it from version control)"
        )
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise GazetteerError(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def _yaml(path: Path) -> dict:
    if not path.exists():
        raise GazetteerError(f"{path}: missing; the gazetteer needs every file of data/gazetteer/")

    return load_yaml_file(path) or {}


@dataclass
class Gazetteer:
    """Divisions by adcode, name indexes, and context-aware name resolution."""

    _recs: dict[str, _Rec]
    _index: dict[str, list[tuple[str, str]]]  # surface -> [(adcode, how)], how = full|short|alias
    _blockers: frozenset[str]
    _abbr: dict[str, str]
    _abbr_re: re.Pattern | None
    ethnic_groups: dict[str, str]
    sides: _Sides
    _romanizer: Romanizer
    _english_override: dict[str, str]
    _scanner: _NameScanner | None = None
    _places: dict[str, Place] = field(default_factory=dict)
    _side_cache: dict[str, str | None] = field(default_factory=dict)
    _children: dict[str, list[str]] = field(default_factory=dict)
    # The last few texts' mentions: extraction asks for the same article body more than once
    # (pairings, then scopes), and the scan is the costliest step of extraction.
    _mention_cache: dict[str, tuple] = field(default_factory=dict, repr=False)
    _anc: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # cooperation.yaml's `pairing` section: word lists the pairing stage reads.
    pairing_cues: dict = field(default_factory=dict)
    # What a stage compiles from this gazetteer's data (the pairing cues' regexes), made once per gazetteer.
    _compiled: dict[str, object] = field(default_factory=dict, repr=False)
    # cooperation.yaml's `aid_programmes`: programme word (援疆) -> (recipient province, donor adcodes).
    aid_programmes: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    # aliases.yaml's `word_collisions`: short full names that open ordinary words (建成县级 holds 成县).
    _collisions: frozenset[str] = frozenset()
    # changes.csv: today's adcode -> its former codes and names; former code -> today's code.
    _former: dict[str, list[FormerName]] = field(default_factory=dict)
    _former_codes: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Path, english_from_table: bool = True) -> "Gazetteer":
        """Build from data_dir/gazetteer/ (data_dir = the project's data/): the divisions snapshot
        plus the hand-made *.yaml. english_from_table=False recomputes English names by rule
        (the refresh script does, to write them)."""
        gdir = Path(data_dir) / "gazetteer"
        overrides = _yaml(gdir / "overrides.yaml")
        aliases = _yaml(gdir / "aliases.yaml")
        ethnic = dict(_yaml(gdir / "ethnic_groups.yaml").get("groups", {}))
        readings = _yaml(gdir / "pinyin.yaml")
        coop = _yaml(gdir / "cooperation.yaml")

        recs: dict[str, _Rec] = {}
        table_english: dict[str, str] = {}
        for row in _read_csv(gdir / "divisions.csv", ("adcode", "name", "level", "parent", "lat", "lon")):
            code, name = row["adcode"], row["name"]
            level = level_of(code)
            parts = parse_name(name, level, ethnic)
            if level == "county" and parts.kind == "district":
                level = "district"
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                raise GazetteerError(f"{gdir / 'divisions.csv'}: {code}: lat/lon {row['lat']!r}, {row['lon']!r} are not numbers") from None
            recs[code] = _Rec(code, name, level, row["parent"] or None, lat, lon, parts)
            if english_from_table and row.get("name_en"):
                table_english[code] = row["name_en"]
        former: list[FormerName] = []
        for row in _read_csv(gdir / "changes.csv", ("old_code", "old_name", "new_code", "kind")):
            if row["new_code"] in recs:
                year = row.get("year") or ""
                former.append(FormerName(row["old_code"], row["old_name"], row["new_code"], row["kind"],
                                         int(year) if year.isdigit() else None))

        sides = _Sides(
            donor=frozenset(str(c) for c in (coop.get("donor_provinces") or {})),
            recipient=frozenset(str(c) for c in (coop.get("recipient_provinces") or {})),
            pairs=frozenset((str(a), str(b)) for a, b in (coop.get("province_pairs") or [])),
            donor_places=frozenset(str(c) for c in (coop.get("donor_cities") or {})),
        )
        romanizer = Romanizer(
            phrases=dict(readings.get("phrases") or {}),
            chars=dict(readings.get("chars") or {}),
            english_base=dict(overrides.get("english_base") or {}),
        )
        g = cls(
            _recs=recs,
            _index={},
            _blockers=frozenset(aliases.get("not_places") or []),
            _abbr={k: str(v) for k, v in (aliases.get("abbreviations") or {}).items()},
            _abbr_re=None,
            ethnic_groups=ethnic,
            sides=sides,
            _romanizer=romanizer,
            _english_override={**table_english, **{str(k): v for k, v in (overrides.get("english") or {}).items()}},
        )
        g._former = {}
        for f in former:
            g._former.setdefault(f.new_code, []).append(f)
        g._former_codes = {f.old_code: f.new_code for f in former}
        g.pairing_cues = dict(coop.get("pairing") or {})
        g.aid_programmes = {
            str(k): (str(v.get("recipient")), frozenset(str(c) for c in v.get("donors") or []))
            for k, v in (coop.get("aid_programmes") or {}).items()
            if isinstance(v, dict) and v.get("recipient")
        }
        g._collisions = frozenset(aliases.get("word_collisions") or [])
        g._build_index(aliases)
        for code, rec in recs.items():
            if rec.parent:
                g._children.setdefault(rec.parent, []).append(code)
            chain, p = [], rec.parent
            while p and p in recs:
                chain.append(p)
                p = recs[p].parent
            g._anc[code] = tuple(chain)
        followers = sorted(aliases.get("pair_followers") or [], key=len, reverse=True)
        if g._abbr and followers:
            chars = "".join(sorted(g._abbr))
            g._abbr_re = re.compile(f"([{chars}])([{chars}])(?=" + "|".join(map(re.escape, followers)) + ")")
        return g

    def _build_index(self, aliases: dict) -> None:
        """Surface forms -> adcodes. Short forms: 2+ chars, not stoplisted; a district's
        short form only if no other division shares it (白云, 南山, 鼓楼 are everywhere)."""
        stop = set(aliases.get("short_stoplist") or [])
        index: dict[str, list[tuple[str, str]]] = {}

        def add(surface: str, code: str, how: str) -> None:
            lst = index.setdefault(surface, [])
            if all(c != code for c, _ in lst):
                lst.append((code, how))

        for code, rec in self._recs.items():
            add(rec.name, code, "full")
        shorts: dict[str, list[str]] = {}
        for code, rec in self._recs.items():
            base = rec.parts.base
            if len(base) >= 2 and base not in stop and base != rec.name:
                shorts.setdefault(base, []).append(code)
        for base, codes in shorts.items():
            for code in codes:
                rec = self._recs[code]
                if rec.level == "district" and (len(codes) > 1 or base in index):
                    continue
                rec.short = base
                add(base, code, "short")
        for code, rec in self._recs.items():
            for surface in _usual_forms(rec.name, rec.parts.base, rec.parts.kind):
                add(surface, code, "alias")
        for surface, code in (aliases.get("aliases") or {}).items():
            if code is not None and str(code) in self._recs:
                add(surface, str(code), "alias")
        # Names no longer in force (那曲地区, 田阳县) resolve to the division that holds them today,
        # unless a division in force bears the name.
        for formers in self._former.values():
            for f in formers:
                if f.old_name not in index:
                    add(f.old_name, f.new_code, "former")
        self._index = index

    # ------------------------------------------------------------------ lookups

    def get(self, adcode: str | None) -> Place | None:
        if adcode is None:
            return None
        place = self._places.get(adcode)
        if place is not None:
            return place
        rec = self._recs.get(str(adcode))
        if rec is None:
            return None
        place = self._places.get(rec.adcode)
        if place is None:
            place = Place(
                adcode=rec.adcode, name=rec.name, level=rec.level, parent=rec.parent,
                lat=round(rec.lat, 6), lon=round(rec.lon, 6), name_en=self.english_name(rec.adcode), short=rec.short,
            )
            self._places[rec.adcode] = place
        return place

    def current_code(self, adcode: str) -> str | None:
        """Today's adcode for a code in force or a former one (542400 那曲地区 -> 540600), else None."""
        code = str(adcode)
        if code in self._recs:
            return code
        return self._former_codes.get(code)

    def former_names(self, adcode: str) -> list[FormerName]:
        """The codes and names this division had before (for "then 那曲地区, now 那曲市")."""
        return list(self._former.get(str(adcode), ()))

    def parent(self, place: Place) -> Place | None:
        return self.get(place.parent) if place.parent else None

    def abbreviated(self, char: str) -> str | None:
        """The province a one-character abbreviation stands for (甘 -> 620000), from aliases.yaml."""
        return self._abbr.get(char)

    def ancestors(self, adcode: str) -> list[str]:
        """Adcodes of the parent, grandparent, ... (nearest first)."""
        return list(self._anc.get(adcode, ()))

    def is_within(self, adcode: str | None, ancestor: str | None) -> bool:
        """True if adcode is ancestor or lies inside it (None, a mention without candidates, is only itself)."""
        return adcode == ancestor or (adcode is not None and ancestor in self._anc.get(adcode, ()))

    def children(self, adcode: str) -> list[Place]:
        return [p for c in self._children.get(adcode, []) if (p := self.get(c))]

    def province_of(self, adcode: str) -> Place | None:
        chain = [adcode] + self.ancestors(adcode)
        return next((self.get(c) for c in chain if c in self._recs and self._recs[c].level == "province"), None)

    def city_of(self, adcode: str) -> Place | None:
        chain = [adcode] + self.ancestors(adcode)
        return next((self.get(c) for c in chain if c in self._recs and self._recs[c].level == "prefecture"), None)

    def side(self, adcode: str) -> str | None:
        """'donor' (eastern), 'recipient' (western) or None, by the place's province."""
        if adcode not in self._side_cache:
            self._side_cache[adcode] = self._side(adcode)
        return self._side_cache[adcode]

    def _side(self, adcode: str) -> str | None:
        if self.sides.donor_places and any(c in self.sides.donor_places for c in (adcode, *self._anc.get(adcode, ()))):
            return "donor"
        prov = self.province_of(adcode)
        if prov is None:
            return None
        if prov.adcode in self.sides.donor:
            return "donor"
        if prov.adcode in self.sides.recipient:
            return "recipient"
        return None

    def romanize(self, text: str) -> str:
        """Pinyin in place-name style (番禺 -> Panyu), for names this gazetteer does not hold."""
        return self._romanizer.romanize(text)

    def english_name(self, adcode: str) -> str:
        rec = self._recs.get(str(adcode))
        if rec is None:
            return ""
        if rec.adcode in self._english_override:
            return self._english_override[rec.adcode]
        parent_en = None
        if rec.level == "district" and rec.parent in self._recs:
            prec = self._recs[rec.parent]
            parent_en = self._romanizer.romanize(prec.parts.base)
        return english_name(rec.parts, self._romanizer, self.ethnic_groups, parent_en)

    def ref(self, place: Place) -> PlaceRef:
        return PlaceRef(name=place.name, adcode=place.adcode, level=place.level)

    def places(self, level: str | None = None) -> list[Place]:
        return [p for c, r in sorted(self._recs.items()) if (level is None or r.level == level) and (p := self.get(c))]

    def lookup(self, name: str) -> list[Place]:
        """All divisions a surface form may name, unordered (no context)."""
        return [p for c, _ in self._index.get(name.strip(), []) if (p := self.get(c))]

    # --------------------------------------------------------------- resolution

    def _relation(self, cand: str, ctx: str) -> float:
        """How much a place mentioned nearby (ctx) supports reading a name as cand."""
        if ctx == cand:
            return 3.0  # the place named in full nearby: 吉林 beside 吉林省 is the province
        anc = self._anc.get(cand, ())
        if ctx in anc:
            return 3.0 if ctx == anc[0] else 1.5  # its city (深圳南山区) > its province
        rc, rx = self._recs.get(cand), self._recs.get(ctx)
        if rc is None or rx is None:
            return 0.0
        if rc.parent and rc.parent == rx.parent:
            return 1.0  # a sibling: 荔湾区 near 白云区 means Guangzhou
        if cand in self._anc.get(ctx, ()):
            return 2.0
        if cand[:2] == ctx[:2]:
            return 0.3
        return 0.0

    def _prior(self, code: str) -> float:
        """Without context: prefer places on either side of East-West cooperation, and the
        higher level (吉林 the province over 吉林 the city)."""
        side = self.side(code)
        score = 0.5 if side else 0.0
        return score + (2 - _LEVEL_RANK[self._recs[code].level]) * 0.1

    def rank(
        self, codes: Iterable[str], context: Iterable[tuple[str, float]], base: dict[str, float] | None = None
    ) -> list[str]:
        """Order candidate adcodes best-first given (adcode, weight) context
        (base: precomputed extra score per candidate, e.g. from the whole text)."""
        ctx = list(context)
        scored = []
        for i, code in enumerate(codes):
            s = self._prior(code) + sum(w * self._relation(code, c) for c, w in ctx)
            s += (base or {}).get(code, 0.0)
            scored.append((-s, i, code))
        return [c for _, _, c in sorted(scored)]

    def resolve(self, name: str, context: Sequence[str] = ()) -> Place | None:
        """The division a name most likely means; context = adcodes seen nearby."""
        codes = [c for c, _ in self._index.get(name.strip(), [])]
        if not codes:
            return None
        if len(codes) == 1:
            return self.get(codes[0])
        return self.get(self.rank(codes, [(c, 1.0) for c in context])[0])

    # ------------------------------------------------------------------ mentions

    def _raw_matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self._scanner is None:
            self._scanner = _NameScanner(list(self._index) + list(self._blockers))
        return self._scanner.scan(text)

    def _license_short_forms(self, raw: list, text: str = "") -> list:
        """Keep a county/district short form only where the text licenses it.

        Two-character short forms are everyday substrings (顺利通过 holds 利通, 左右玉米
        holds 右玉, 更新和 holds 新和), so 威宁 counts as 威宁县 only if the text also names
        the place in full, names its parent (黔东南 for 榕江), puts an ancestor right
        before it (贵州威宁), or lists it with others and counts them as counties
        (江孜、亚东、拉孜、定日、萨迦五县: as many names as the count). Province and prefecture
        short forms are always kept.
        """
        counted = self._counted_lists(raw, text)
        named: set[str] = set()
        for _, _, surface, codes, _ in raw:
            for c in codes:
                if self._how(surface, c) != "short" or self._recs[c].level in ("province", "prefecture"):
                    named.add(c)
        out = []
        prev_end, prev_codes = -10, list[str]()
        for start, end, surface, codes, kind in raw:
            keep = []
            for c in codes:
                if self._how(surface, c) != "short" or self._recs[c].level in ("province", "prefecture"):
                    keep.append(c)
                    continue
                if _TOWNSHIP_AFTER.match(text, end) and start > 0 and _CJK_CHAR.match(text, start - 1):
                    continue  # the tail of a township's name (特木里镇 holds 木里): no county
                anc = self._anc.get(c, ())
                adjacent = start - prev_end <= 1 and any(p in anc for p in prev_codes)
                if c in named or (anc and anc[0] in named) or adjacent or (start in counted and self._recs[c].level == "county"):
                    keep.append(c)
            if keep:
                out.append((start, end, surface, keep, kind))
                prev_end, prev_codes = end, keep
        return out

    def _counted_lists(self, raw: list, text: str) -> set[int]:
        """Starts of the names in lists closed by a count of counties that matches them (X、Y、Z三县)."""
        out: set[int] = set()
        run: list[tuple[int, int]] = []
        for start, end, *_ in sorted(raw, key=lambda r: r[0]) + [(len(text) + 9, len(text) + 9)]:
            if run and text[run[-1][1]:start] in ("、", "和", "及"):
                run.append((start, end))
                continue
            if len(run) >= 2:
                m = _COUNTED_COUNTIES.match(text, run[-1][1])
                if m and _count_of(m.group(1)) == len(run):
                    out.update(a for a, _ in run)
            run = [(start, end)]
        return out

    def _drop_word_collisions(self, text: str, raw: list) -> list:
        """Drop two-character names (成县, 礼县, 中卫) that a word of the text cuts across, and three-character
        ones that a word starts before (更新和县乡 holds 新和县 but reads 更新 / 和 / 县乡).

        建成县级医院 holds 成县 but reads 建成 / 县级, and 创成县域 reads 创 / 成 / 县域; 资金中卫生
        holds 中卫 but reads 中 / 卫生: the name is kept only if word boundaries fall where it
        starts and where it ends. The boundaries come from jieba's segmentation of the few
        characters around the name (when jieba is installed), else from the `word_collisions`
        list of aliases.yaml (its first character ending a word only).
        """
        out = []
        for r in raw:
            start, end, surface = r[0], r[1], r[2]
            if start > 0 and (len(surface) == 2 and self._splits_word(text, start, end)
                              or len(surface) == 3 and self._splits_word(text, start, end, ends_too=False)):
                continue
            out.append(r)
        return out

    def compiled(self, key: str, make: Callable[[], T]) -> T:
        """`make()` once for this gazetteer, then the same object: what a stage compiles from the
        gazetteer's data (every article's extraction would otherwise compile it again)."""
        if key not in self._compiled:
            self._compiled[key] = make()
        return self._compiled[key]  # type: ignore[return-value]

    def warm_up(self) -> None:
        """Load now what finding mentions loads on first use (jieba's dictionary, ~0.5 s), so that
        worker processes forked afterwards share it instead of each loading it again."""
        _segmenter()

    def is_word(self, text: str) -> bool:
        """Whether `text` is an ordinary word of the language (jieba's dictionary), e.g. 深化 but not 常镇."""
        seg = _segmenter()
        return seg is not None and seg.is_word(text)

    def _splits_word(self, text: str, start: int, end: int, ends_too: bool = True) -> bool:
        """Does a word of the text cut across the name at start..end: one the name starts inside of, or (when
        `ends_too`) one starting inside the name and running past its end? A three-character name is checked
        at its start only (更新和县乡 holds 新和县 inside 更新; 新和县域 is 新和县 all the same)."""
        if text[start - 1 : end] in self._collisions:
            return True
        seg = _segmenter()
        if seg is None:
            return False
        lo = max(0, start - 4)
        window = text[lo : min(len(text), end + 4)]
        if not (seg.may_cross(window, start - lo) or (ends_too and seg.may_cross(window, end - lo))):
            return False
        pos = lo
        for tok in seg.cut(window):
            tok_end = pos + len(tok)
            # The name starts inside a word of the text (建成 | 县级), or a word starts inside it
            # and runs past its end (县域 of 创成县域, 卫生 of 中卫生); a word that is itself a
            # place (黔南州 around 南州) does not count.
            if pos < start < tok_end or (ends_too and start < pos < end < tok_end):
                return tok not in self._index and len(tok) > 1 and "\n" not in tok and tok.strip() == tok
            pos = tok_end
            if pos >= end:
                break
        return False

    def _how(self, surface: str, code: str) -> str:
        return next((h for c, h in self._index.get(surface, []) if c == code), "")

    def _add_abbreviation_pairs(self, text: str, raw: list) -> list:
        """粤黔协作 -> 粤 (440000) + 黔 (520000). A pair beats a name starting inside it
        (粤桂东西部 is not 桂东县) but not one starting with it (辽宁 stays Liaoning)."""
        pairs: list = []
        if self._abbr_re is None:
            return raw
        for m in self._abbr_re.finditer(text):
            a, b = self._abbr[m.group(1)], self._abbr[m.group(2)]
            if a != b:
                pairs.append((m.start(), m.end(), a, b))
        if not pairs:
            return raw
        starts = [r[0] for r in raw]
        out = list(raw)
        dropped: set[int] = set()
        for ps, pe, a, b in pairs:
            i = bisect_left(starts, ps - 40)
            clash = False
            for j in range(i, len(raw)):
                s, e = raw[j][0], raw[j][1]
                if s >= pe:
                    break
                if e <= ps:
                    continue
                if s <= ps:
                    clash = True
                else:
                    dropped.add(j)
            if not clash:
                out.append((ps, ps + 1, text[ps], [a], "abbr"))
                out.append((ps + 1, pe, text[ps + 1], [b], "abbr"))
        out = [r for k, r in enumerate(out) if k not in dropped]
        out.sort(key=lambda r: r[0])
        return out

    def find_mentions(self, text: str) -> list[Mention]:
        """Non-overlapping place mentions, longest first, left to right.

        Ambiguous names are ordered by the unambiguous places around them: near ones
        (same paragraph) weigh more than far ones, frequent ones more than rare ones.
        """
        cached = self._mention_cache.get(text)
        if cached is None:
            cached = tuple(self._find_mentions(text))
            if len(self._mention_cache) >= 4:
                self._mention_cache.pop(next(iter(self._mention_cache)))
            self._mention_cache[text] = cached
        return list(cached)

    def _find_mentions(self, text: str) -> list[Mention]:
        raw: list[tuple[int, int, str, list[str], str]] = []
        for start, end, surface in self._raw_matches(text):
            if surface in self._blockers:
                continue
            raw.append((start, end, surface, [c for c, _ in self._index[surface]], "name"))
        raw = self._license_short_forms(raw, text)
        raw = self._drop_word_collisions(text, raw)
        if self._abbr_re is not None:
            raw = self._add_abbreviation_pairs(text, raw)
        anchors = [(s, codes[0]) for s, _, _, codes, _ in raw if len(codes) == 1]
        anchor_pos = [p for p, _ in anchors]
        totals = [(c, 0.5 * math.log1p(n)) for c, n in Counter(c for _, c in anchors).items()]
        whole_text: dict[str, float] = {}  # per candidate, computed once: the text-wide evidence
        out: list[Mention] = []
        for start, end, surface, codes, kind in raw:
            if len(codes) > 1:
                for c in codes:
                    if c not in whole_text:
                        whole_text[c] = sum(w * self._relation(c, x) for x, w in totals)
                lo, hi = bisect_left(anchor_pos, start - 300), bisect_right(anchor_pos, end + 300)
                ctx = [(c, 1.0 + 4.0 / (1.0 + abs(p - start) / 40.0)) for p, c in anchors[lo:hi]]
                codes = self.rank(codes, ctx, whole_text)
            out.append(Mention(start, end, surface, tuple(p for c in codes if (p := self.get(c))), kind))
        return out
