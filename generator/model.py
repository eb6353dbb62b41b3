"""Typed objects passed between the pipeline stages.

Every stage takes and returns these dataclasses, never raw dicts, so each seam
(ingest -> extract -> store -> report -> render) can be tested alone. Facts
always carry their provenance (article id, quote, offset in the cleaned text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping, Sequence

Level = Literal["province", "prefecture", "county", "district"]
Qualifier = Literal["exact", "more_than", "about", "at_least"]
Status = Literal["machine", "reviewed", "rejected", "added"]

# Units a figure may carry (see shared/gold/FORMAT.md); values are in base units.
UNITS = (
    "person", "person_time", "institution", "item", "case", "yuan", "percent",
    "minute", "batch", "region", "session", "other",
)
LEVELS = ("province", "prefecture", "county", "district")
QUALIFIERS = ("exact", "more_than", "about", "at_least")
# A `before` may be stated as a bound the other way too: 从不足80%跃升至92% (less_than).
BEFORE_QUALIFIERS = (*QUALIFIERS, "less_than")
# How the extractor computed a value the article does not state as a number (Figure.derived_rule):
# 翻了一番 / 翻了两番 -> before = value / 2 or / 4; a level and its multiple (是2020年的3倍) -> before =
# value / 3; a level and its change in points -> before = value -/+ points; 增长1.3倍 -> +130%.
DERIVED_RULES = (
    "before_from_doubling", "before_from_quadrupling", "before_from_multiple", "before_from_points",
    "value_from_multiple",
)
STATUSES = ("machine", "reviewed", "rejected", "added")


# --------------------------------------------------------------------------- ingest



def first_translation(translations: Mapping[str, Mapping[str, str]], langs: str | Sequence[str], key: str) -> str | None:
    """Field `key` of a `translations` map (language code -> field -> text) in the first of `langs` that has it."""
    for lang in [langs] if isinstance(langs, str) else langs:
        text = (translations.get(lang) or {}).get(key)
        if text:
            return text
    return None


# How a hospital's (or health centre's) name ends: an outlet or account so named speaks as 我院.
HOSPITAL_ENDINGS = ("医院", "卫生院", "保健院")


@dataclass(frozen=True)
class Caption:
    """A photo caption found in the page, kept apart from the body text."""

    text: str
    offset: int  # offset of the caption line in Article.raw_text


@dataclass(frozen=True)
class Article:
    """One source article after ingest: cleaned body text plus what the page states about itself.

    `text` is the cleaned body (boilerplate removed, captions removed); every
    quote offset elsewhere in the pipeline is an index into this string.
    """

    id: str  # file stem, e.g. "000_a5d283d4a5cc16de"
    source: str  # file name, e.g. "000_a5d283d4a5cc16de.txt"
    sha256: str  # of the raw bytes, for incremental work and provenance
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    url: str | None = None
    captions: tuple[Caption, ...] = ()
    encoding: str = "utf-8"
    raw_text: str = ""  # decoded text before cleaning (not stored in data/)
    # The hospital whose account posts another outlet's story in its own voice ("《解放日报》关注我院", its stamp
    # above, 来源：解放日报 below): whom 我院 in the text means. Not stored in data/; None on most pages.
    voice: str | None = None


# ------------------------------------------------------------------------ gazetteer


@dataclass(frozen=True)
class Place:
    """An administrative division from the gazetteer (coordinates in WGS-84)."""

    adcode: str  # 6 digits
    name: str  # full official Chinese name, e.g. 黔南布依族苗族自治州
    level: Level
    parent: str | None  # adcode of the parent division, None for provinces
    lat: float
    lon: float
    name_en: str  # official-style English, e.g. "Qiannan Buyei and Miao Autonomous Prefecture"
    short: str = ""  # short form used in running text, e.g. 黔南


@dataclass(frozen=True)
class PlaceRef:
    """A place as stored in data/ (name, adcode, level), the public contract's shape."""

    name: str
    adcode: str | None
    level: Level | None


# -------------------------------------------------------------------------- extract


@dataclass
class Institution:
    """A hospital-to-hospital (or agency-to-agency) pair named in an article."""

    donor: str
    recipient: str
    quote: str
    offset: int


@dataclass
class Pairing:
    """A donor -> recipient aid relationship, with the clause that states it."""

    id: str  # stable, e.g. "p-440100-522700"
    donor: PlaceRef
    recipient: PlaceRef
    quote: str
    offset: int
    institutions: list[Institution] = field(default_factory=list)
    status: Status = "machine"
    note: str | None = None  # reviewer's note
    needs_second_look: bool = False  # a person's decision the last extraction could not match (store.py)


@dataclass
class Figure:
    """One quantitative fact, normalized to base units, with its quote and offset."""

    id: str  # stable, e.g. "f-3fa2c1d0"
    indicator: str  # id from data/indicators.yaml
    value: float | int
    unit: str  # one of UNITS
    qualifier: Qualifier
    period: str | None  # "2024-", "2025", "2022-2024", "three years", "per year", ...
    subject: str | None  # for outcome_* indicators: what was measured (Chinese)
    before: float | int | None  # for outcome_change: the earlier value
    quote: str  # the shortest clause that states it, copied exactly from Article.text
    offset: int  # index of quote in Article.text
    pairing: str | None = None  # id of the Pairing this figure belongs to (its scope)
    scope_assumed: bool = False  # nothing in the article tied it: filed under the article's main pairing
    status: Status = "machine"
    # Curated text per language code, e.g. {"en": {"subject": "..."}} (data/README.md, "Languages").
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    note: str | None = None
    needs_second_look: bool = False  # a person's decision the last extraction could not match (store.py)
    machine_id: str | None = None  # the id extraction gives this fact now, when its sentence was re-edited
    # Meaning the number alone does not carry (written to data/ only when set):
    before_qualifier: str | None = None  # the bound of `before` (不足80% -> less_than), None = exact
    as_many_as: bool = False  # 多达/高达 867: exact, stressed as "as many as"
    reduced: bool = False  # a level stated as what a measure was brought down to (缩短至15分钟, 降至8.6%)
    change: str | None = None  # a change stated without its earlier value: "up" (增长35%) or "down" (降低600元)
    derived: bool = False  # a number here was computed by the extractor, not printed in the article
    derived_rule: str | None = None  # one of DERIVED_RULES: which number, and how
    part_of: str | None = None  # id of the total this figure is a part of (其中100万元…)
    # A reviewer's fact identity across articles ("<article id>#<figure id>"), see generator/sources.py.
    same_as: list[str] = field(default_factory=list)
    not_same_as: list[str] = field(default_factory=list)

    def translation(self, langs: str | Sequence[str], key: str) -> str | None:
        """The curated text of field `key` in language `langs` (or the first of several that has it), or None."""
        return first_translation(self.translations, langs, key)


@dataclass
class ArticleFacts:
    """Everything extracted from one article: the unit stored as data/articles/<id>.yaml."""

    article: Article
    pairings: list[Pairing] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    # Curated text per language code, never produced by extraction: {"en": {"title": …, "outlet": …,
    # "summary": …}, "zh": {"summary": …}} (data/README.md, "Languages").
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # The id of the article this one reposts (its facts are the original's), False when a reviewer
    # says it is no copy, None when nothing was found (generator/sources.py).
    copy_of: str | bool | None = None

    def translation(self, langs: str | Sequence[str], key: str) -> str | None:
        """The curated text of article field `key` (title, outlet, summary) in language `langs` (or the
        first of several that has it), or None."""
        return first_translation(self.translations, langs, key)

    @property
    def facts(self) -> list["Pairing | Figure"]:
        """Its pairings, then its figures: every fact a person reviews."""
        return [*self.pairings, *self.figures]
