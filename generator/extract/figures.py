"""Extract quantitative figures (value, unit, qualifier, period, indicator, quote) from an article.

How it works, and why:
- Lines broken in the middle of a sentence ("…捐赠价值2145" / "万元的医疗设备") are
  joined in a *view* of the text with an index map back to `Article.text`, so
  numbers and clauses read whole while quotes are still copied verbatim.
- Every number followed by a measure word is a candidate. Candidates that are
  dates, ages, ordinals, ranks, names (“黄金4分钟”, 6S管理, 1+2+N) or idioms
  (一系列, 四个精准发力) are dropped: precision matters more than recall.
- Percentages and minutes are kept only as outcomes (a change verb, a level verb
  or a rate before them); counts and money are classified by ordered keyword
  rules from data/extraction.yaml, looked up in the figure's own clause.
- The same fact stated twice (lead, sub-heading and body) is kept once.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from ..config import ProjectFileMissing, ProjectPaths
from ..io import load_yaml_file
from ..model import Article, Figure, Qualifier
from .numbers import (
    ARABIC,
    CHINESE,
    CHINESE_DECIMAL,
    CLAUSE_COMMA,
    FRACTION,
    MULTIPLIER,
    PERCENT_WORDS,
    apply_multiplier,
    parse_fraction,
    parse_numeral,
)
from .periods import LEAD_FILLER_RE, PeriodFinder, resolve_period
from .tables import TableCell, TableRules, table_cells


def project_rules() -> Path:
    """The extraction rules of the project found from the working directory (data/extraction.yaml)."""
    paths = ProjectPaths.discover()
    return paths.require(paths.extraction_rules, "extraction rules (data/extraction.yaml)")

# A line ending without one of these, and long enough to be prose, continues on the next line.
_TERMINAL = tuple("。！？!?；;：:…”’」』)）】>|")
_HEADING_MAX = 40
# Lines longer than a heading that stop without punctuation were broken mid-sentence.
_SOFT_BREAK_MIN_LINE = _HEADING_MAX + 1
# The lookahead names every delimiter's first character, so the scan skips other text in C.
# A space between Chinese words separates the parts of a headline ("共建特色专科 引入新技术30项").
_CLAUSE_DELIM_RE = re.compile(
    rf"(?=[。；;！!？?：:\n，,—… \u3000])(?:[。；;！!？?：:\n]|{CLAUSE_COMMA}|——|……|…"
    r"|(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff]))"
)
_SENTENCE_DELIM_RE = re.compile(r"[。！!？?\n]")
_DIGIT_RE = re.compile(r"[0-9０-９]")
# A list item that names what it counts: four Chinese characters or more, not opening with a word that
# carries the item before on (共计168名, 其中, 累计).
_OWN_ITEM = re.compile(r"(?!共|合计|总计|累计|其中|计|达|有)[\u4e00-\u9fff]{4,}$")
# A year a value is stated for (由2022年的11.3%提高到2024年前三季度的26.8%).
_YEAR_OF = r"(?:(?:19|20)\d{2}年|今年|去年|前年)(?:底|末|初|度|上半年|下半年|前[一二三]季度|第?[一二三四]季度|前(?:[1-9]\d?|[一二三四五六七八九十]{1,2})个月|[1-9]\d?月(?:底|末|份)?)?的?"
# A subject that is a count of visits ("门急诊人次", "年住院人次"): its values need no measure word.
_COUNTED_SUBJECT_RE = re.compile(r"人次$")
# The time of the value an aid brought a measure to: "提高到如今的91%", "提升到现在的70%以上".
_NOW_OF = r"(?:现在|如今|目前|当前|眼下|今天)的?"
_BEFORE_AID_RE = re.compile(r"^(?:帮扶|托管|援助|协作|支援|组团帮扶)?(?:前|以前|之前|最初|初期)的?$")
_ENUM_TAIL_RE = re.compile(r"(?:分别|均|都|也)*(?:[由从]?(?:[0-9０-９.．]+[%‰万亿]?[^\d、，,]{0,3}、)+)?(?:分别|均|都|也)*$")
_NEWLINES_RE = re.compile(r"\n+")
# A line opening a numbered point (一、 （二） 3. 第四，) starts a paragraph: never the rest of the line above.
_NEW_PARAGRAPH_RE = re.compile(r"[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．.](?!\d)|第[一二三四五六七八九十]{1,3}[，、,]|[【■●◆▲]")
# A line whose parts are set apart by spaces is a headline ("山海携手 共筑健康防线"), not prose broken mid-sentence.
_HEADLINE_GAP_RE = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]")


# ------------------------------------------------------------------------ the rules


@dataclass(frozen=True)
class UnitWord:
    """A measure word and the base unit it gives (factor converts, e.g. 小时 -> 60 minutes)."""

    word: str
    unit: str
    factor: int = 1
    outcome_only: bool = False  # kept only as an outcome (a change or a level), like percentages
    requires: re.Pattern | None = None  # the clause must match this for the word to count as a unit
    multiple: bool = False  # 倍: the number is a multiple, stated as a percent change


@dataclass(frozen=True)
class Rule:
    """One indicator rule: the first rule whose units and patterns all match decides the indicator."""

    indicator: str
    units: frozenset[str]
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    clause: re.Pattern | None = None
    not_: re.Pattern | None = None
    sentence: re.Pattern | None = None  # the sentence up to the number
    final: bool = False  # the indicator stands: not inherited from the figure before (其中…的42人 stays other)

    def matches(self, unit: str, before: str, after: str, clause: str, sentence: str = "") -> bool:
        if unit not in self.units:
            return False
        if self.sentence and not self.sentence.search(sentence):
            return False
        if self.before and not self.before.search(before):
            return False
        if self.after and not self.after.search(after):
            return False
        if self.clause and not self.clause.search(clause):
            return False
        return not (self.not_ and self.not_.search(clause))


def _c(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern) if pattern else None


@dataclass(frozen=True)
class ExtractionRules:
    """data/extraction.yaml compiled: measure words, skip patterns, outcome patterns and indicator rules."""

    units: dict[str, UnitWord]
    number_re: re.Pattern
    unit_not_followed_by: dict[str, re.Pattern]
    counted_institution: re.Pattern
    counted_region: re.Pattern
    surgery_context: re.Pattern
    bare_person: re.Pattern
    bare_person_time_before: re.Pattern
    qualifiers: dict[str, re.Pattern]
    skip_before: re.Pattern
    skip_after: re.Pattern
    quoted_re: re.Pattern
    name_quote_re: re.Pattern
    locative_before: re.Pattern
    chinese_units: re.Pattern
    decrease_anywhere: re.Pattern
    change_before: re.Pattern
    level_before: re.Pattern
    count_level_before: re.Pattern
    share_before: re.Pattern
    doubling: re.Pattern
    quadrupling: re.Pattern
    subject_drop: re.Pattern
    from_to_after: re.Pattern
    from_to_before_suffix: re.Pattern
    chinese_round_before: re.Pattern
    future_before: re.Pattern | None
    future_done: re.Pattern | None
    unitless_before: re.Pattern | None
    unitless_after: re.Pattern
    rules: tuple[Rule, ...]
    counted_region_first: re.Pattern | None = None
    long_term_duration: re.Pattern | None = None
    zero_before: re.Pattern | None = None
    now_after: re.Pattern | None = None
    topic_noun: re.Pattern = re.compile(r"(?!)")
    multiple_of: re.Pattern | None = None
    medical_paragraph: re.Pattern | None = None
    other_field_paragraph: re.Pattern | None = None
    aid_article: re.Pattern | None = None
    department_names: re.Pattern | None = None
    as_many_as_before: re.Pattern | None = None
    annual_title: re.Pattern | None = None
    reduced_to: re.Pattern | None = None
    change_verbs: re.Pattern | None = None
    tables: TableRules | None = None

    def planned(self, text: str, start: int, pos: int) -> bool:
        """Is a number at `pos` in a plan or target: a `future` word between `start` (its sentence) and
        it, with no `future_done` after the last such word (计划…，截至6月底已拨付…)?"""
        if self.future_before is None:
            return False
        last = None
        for match in self.future_before.finditer(text, start, pos):
            last = match
        if last is None:
            return False
        return not (self.future_done and self.future_done.search(text, last.end(), pos))

    @cached_property
    def rules_by_unit(self) -> dict[str, tuple[Rule, ...]]:
        """The rules that can apply to each unit, in file order: a number tries only those."""
        units = {u for r in self.rules for u in r.units}
        return {u: tuple(r for r in self.rules if u in r.units) for u in units}

    @classmethod
    def load(cls, path: Path) -> "ExtractionRules":
        raw = load_yaml_file(Path(path)) or {}
        units = {}
        for spec in raw["units"]:
            units[spec["word"]] = UnitWord(
                spec["word"], spec["unit"], int(spec.get("factor", 1)),
                outcome_only=bool(spec.get("outcome_only", spec["unit"] in ("percent", "minute"))),
                requires=_c(spec.get("requires")),
                multiple=bool(spec.get("multiple", False)),
            )
        unit_alt = "|".join(re.escape(w) for w in sorted(units, key=len, reverse=True))
        number_re = re.compile(
            # The lookahead (every numeral's first character) lets the scan skip other text in C.
            rf"(?=[0-9０-９零〇一二两三四五六七八九十百千万半])"
            rf"(?P<pct>{PERCENT_WORDS})?(?<![0-9０-９.．])(?P<num>(?P<frac>{FRACTION})|{ARABIC}|{CHINESE}|半(?=个?小时))"
            rf"(?:(?P<rsep>[-－~～—–至到])(?P<num2>{ARABIC}|{CHINESE}))?"
            rf"(?P<q1>余|多)?(?P<mult>{MULTIPLIER})?(?P<q2>余|多)?(?P<unit>{unit_alt})?"
        )
        skip = raw.get("skip") or {}
        qmax = int(skip.get("quoted_max_len", 16))
        outcomes = raw.get("outcomes") or {}
        verbs = outcomes["change_verbs"]
        q = raw.get("qualifiers") or {}
        counted = raw.get("counted_nouns") or {}
        bare = raw.get("bare_count_nouns") or {}
        rules = tuple(
            Rule(
                indicator=r["indicator"],
                units=frozenset(r["units"]),
                before=_c(r.get("before")),
                after=_c(r.get("after")),
                clause=_c(r.get("clause")),
                not_=_c(r.get("not")),
                sentence=_c(r.get("sentence")),
                final=bool(r.get("final", False)),
            )
            for r in raw.get("rules") or ()
        )
        # A year stated with a value ("由2022年的11.3%提高到2024年的26.8%"), or now ("提升到现在的70%").
        year_of = rf"(?:{_YEAR_OF}|{_NOW_OF})?"
        unitless = raw.get("unitless") or {}
        name_suffixes = raw.get("name_suffixes") or "平台|系统|中心|工程|品牌|工作室|体系|模式|计划|行动|机制|项目|工作站|联盟|基地"
        return cls(
            units=units,
            number_re=number_re,
            unit_not_followed_by={k: re.compile(rf"^(?:{v})") for k, v in (raw.get("unit_not_followed_by") or {}).items()},
            counted_institution=re.compile(counted["institution"]),
            counted_region=re.compile(counted["region"]),
            surgery_context=re.compile(raw["surgery_context"]),
            bare_person=re.compile(bare["person"]),
            bare_person_time_before=re.compile(bare["person_time_before"]),
            qualifiers={k: re.compile(v) for k, v in q.items()},
            skip_before=re.compile(skip["before"]),
            skip_after=re.compile(skip["after"]),
            quoted_re=re.compile(
                rf"“[^“”\n]{{1,{qmax}}}”|\"[^\"\n]{{1,{qmax}}}\"|「[^」\n]{{1,{qmax}}}」|‘[^‘’\n]{{1,{qmax}}}’|《[^》\n]{{1,60}}》"
            ),
            name_quote_re=re.compile(rf"“[^“”\n]{{1,30}}(?:{name_suffixes})”|《[^》\n]{{1,60}}》"),
            locative_before=re.compile(skip["locative_before"]),
            chinese_units=re.compile(rf"^(?:{raw['chinese_numeral_units']})$"),
            decrease_anywhere=re.compile(rf"(?:{outcomes['decrease_verbs']})"),
            change_verbs=_c(outcomes.get("change_verbs")),
            change_before=re.compile(outcomes["change_before"]),
            level_before=re.compile(outcomes["level_before"]),
            count_level_before=re.compile(rf"(?:{verbs})(?:至|到)(?:了|约|近|超过|超)*$"),
            share_before=re.compile(outcomes["share_before"]),
            multiple_of=_c(outcomes.get("multiple_of")),
            medical_paragraph=_c(raw.get("medical_paragraph")),
            other_field_paragraph=_c(raw.get("other_field_paragraph")),
            aid_article=_c(raw.get("aid_article")),
            department_names=_c(raw.get("department_names")),
            as_many_as_before=_c(q.get("as_many_as_before")),
            reduced_to=_c(outcomes.get("reduced_to")),
            doubling=re.compile(outcomes["doubling"]),
            quadrupling=re.compile(outcomes["quadrupling"]),
            subject_drop=re.compile(outcomes["subject_drop"]),
            from_to_after=re.compile(
                rf"[从由](?P<mid>[^，,。；;从由]{{0,20}}?)(?<![0-9０-９.．/])(?P<bnum>{PERCENT_WORDS}(?:{ARABIC}|{CHINESE})|{ARABIC}|{CHINESE_DECIMAL})(?P<bmult>{MULTIPLIER})?(?:/(?:10)?万|‰)?[^0-9，,。；;]{{0,10}}?"
                rf"(?:{verbs})(?:到|至)(?:了|约|近|超过|超)*{year_of}$"
            ),
            from_to_before_suffix=re.compile(rf"^[^0-9，,。；;]{{0,8}}?(?:{verbs})(?:到|至)"),
            chinese_round_before=re.compile(rf"(?:{raw.get('chinese_round_before') or '近|约'})$"),
            future_before=_c(skip.get("future")),
            future_done=_c(skip.get("future_done")),
            unitless_before=_c(unitless.get("subject")),
            unitless_after=re.compile(unitless.get("followed_by") or r"^(?:[，,。；;、）)\s]|$)"),
            rules=rules,
            counted_region_first=_c(counted.get("region_first")),
            long_term_duration=_c(raw.get("long_term_duration")),
            annual_title=_c(raw.get("annual_title")),
            zero_before=_c(outcomes.get("zero_before")),
            now_after=_c(outcomes.get("now_after")),
            topic_noun=re.compile(raw.get("topic_noun") or r"(?!)"),
            tables=TableRules.load(raw.get("tables")),
        )


def load_rules(path: Path | None = None) -> ExtractionRules:
    """Compile the rules file once per path (it is read-only during a run); default: the project's."""
    path = Path(path) if path is not None else project_rules()
    if not path.is_file():
        raise ProjectFileMissing(f"{path}: extraction rules not found")
    stat = path.stat()
    return _load_rules(path, (stat.st_mtime_ns, stat.st_size))  # an edited file is read again


@lru_cache(maxsize=4)
def _load_rules(path: Path, stamp: tuple[int, int]) -> ExtractionRules:
    return ExtractionRules.load(path)


# ------------------------------------------------------------------ the text view


class TextView:
    """Article text with mid-sentence line breaks removed, and a map back to the original indexes."""

    def __init__(self, text: str):
        self.original = text
        pieces: list[str] = []
        self._joined_starts: list[int] = [0]
        self._orig_starts: list[int] = [0]
        cursor, joined_len = 0, 0
        for m in _NEWLINES_RE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            prev = text[line_start:m.start()].rstrip()
            nxt = text[m.end():m.end() + 1]
            if (len(prev) >= _SOFT_BREAK_MIN_LINE and not prev.endswith(_TERMINAL) and nxt and not nxt.isspace()
                    and not _NEW_PARAGRAPH_RE.match(text, m.end()) and not _HEADLINE_GAP_RE.search(prev)):
                pieces.append(text[cursor:m.start()])
                joined_len += m.start() - cursor
                cursor = m.end()
                self._joined_starts.append(joined_len)
                self._orig_starts.append(cursor)
        pieces.append(text[cursor:])
        self.text = "".join(pieces)

    def to_orig(self, j: int) -> int:
        k = bisect.bisect_right(self._joined_starts, j) - 1
        return self._orig_starts[k] + (j - self._joined_starts[k])

    def span_to_orig(self, a: int, b: int) -> tuple[int, int]:
        if b <= a:
            o = self.to_orig(a)
            return o, o
        return self.to_orig(a), self.to_orig(b - 1) + 1


class _Bounds:
    """Sorted delimiter positions, to find the clause / sentence / paragraph around an index."""

    def __init__(self, text: str, pattern: re.Pattern):
        spans = [m.span() for m in pattern.finditer(text)]
        self.starts: list[int] = [a for a, _ in spans]
        self.ends: list[int] = [b for _, b in spans]
        self.length = len(text)

    def around(self, a: int, b: int | None = None) -> tuple[int, int]:
        """Span between the last delimiter ending at or before a and the first starting at or after b."""
        b = a if b is None else b
        k = bisect.bisect_right(self.ends, a) - 1
        start = self.ends[k] if k >= 0 else 0
        k2 = bisect.bisect_left(self.starts, b)
        end = self.starts[k2] if k2 < len(self.starts) else self.length
        return start, end


# ----------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    """A figure under construction, with joined-view spans used for dedupe and inheritance."""

    figure: Figure
    start: int  # number start in the joined view
    end: int  # end of number + unit
    clause: tuple[int, int]
    sentence: tuple[int, int]
    heading: bool
    chinese: bool
    before_ctx: str = ""
    after_ctx: str = ""
    multiple: float | None = None  # 倍: what the level before it was multiplied by
    parent: "_Candidate | None" = None  # the total this one is a part of (其中…)


@dataclass(frozen=True)
class _Views:
    """One article as the figure steps read it: the text (joined view), its masked copy, quoted
    spans and its clause, sentence and paragraph bounds, and the periods stated in it."""

    article: Article
    view: TextView
    text: str
    masked: str
    quoted: list[tuple[int, int]]
    quoted_starts: list[int]
    clauses: "_Bounds"
    sentences: "_Bounds"
    paragraphs: "_Bounds"
    periods: PeriodFinder


@dataclass
class _Reading:
    """One number on its way to a figure: what each step has found out about it so far."""

    s: int  # the number and its unit in the joined view
    e: int
    unit_word: str | None
    mult: str | None
    frac: bool  # 三分之一, 一半: a share
    chinese: bool  # written in Chinese numerals (二十三项)
    counts_list: bool  # a numeral counting the list before it (骨科、儿科两个重点专科)
    value: float
    closes_count: bool = False  # 个 after the noun it counts, closing its clause (重点专科二十七个。)
    cs: int = 0  # its comma clause
    ce: int = 0
    prefix: str = ""  # the clause before and after the number
    suffix: str = ""
    sentence: tuple[int, int] = (0, 0)
    unit: str = "other"
    outcome_only: bool = False  # a percent or a time: kept only as an outcome
    from_to: re.Match | None = None  # 由…提高到 before the number
    multiple: float | None = None  # 倍: what the level before it was multiplied by
    qualifier: Qualifier = "exact"
    qs: int = 0  # the quote
    qe: int = 0
    indicator: str | None = None
    before: float | None = None
    subject: str | None = None
    local_only: bool = False  # its period only from its own clause (a before -> after change)
    before_qualifier: str | None = None
    derived_rule: str | None = None
    from_to_period: str | None = None


@dataclass
class FigureExtractor:
    """Finds figures in one article with a given rule set (no state kept between articles)."""

    rules: ExtractionRules
    # Reset by extract() for each article: the lead clause of each paragraph, found once.
    _leads: dict[tuple[int, int], tuple[int, int] | None] = field(default_factory=dict, repr=False)
    _sections: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    # (value, measure word) of the numbers stated as plans in the article being read.
    _plans: set = field(default_factory=set, repr=False)

    def views(self, article: Article) -> _Views:
        """The article as the figure steps read it (built once per article)."""
        view = TextView(article.text)
        text = view.text
        rules = self.rules
        masked = rules.name_quote_re.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 2) + m.group(0)[-1], text)
        if rules.department_names is not None:
            masked = rules.department_names.sub(lambda m: "□" * len(m.group(0)), masked)
        quoted = [(m.start(), m.end()) for m in rules.quoted_re.finditer(text)]
        year = int(article.date[:4]) if article.date and article.date[:4].isdigit() else None
        return _Views(article, view, text, masked, quoted, [q[0] for q in quoted], _Bounds(text, _CLAUSE_DELIM_RE),
                      _Bounds(text, _SENTENCE_DELIM_RE), _Bounds(text, re.compile(r"\n")), PeriodFinder(text, year))

    def extract(self, article: Article) -> list[Figure]:
        self._leads, self._sections, self._plans = {}, {}, set()
        rules = self.rules
        doc = self.views(article)
        view, text, clauses, sentences, paragraphs = doc.view, doc.text, doc.clauses, doc.sentences, doc.paragraphs
        candidates: list[_Candidate] = []

        for m in rules.number_re.finditer(text):
            unit_word = _unit_word(m)
            mult = m.group("mult")
            if not unit_word and not mult and not m.group("frac"):
                # A bare number (an index: CMI 0.92 -> 1.13) ends its clause; most bare numbers are years and dates.
                if m.group("num2") or not rules.unitless_after.match(text[m.end():m.end() + 1]):
                    continue
            cand = self.read_number(m, doc, candidates)
            if cand is not None:
                candidates.append(cand)
        candidates += self._long_term_terms(article, view, text, clauses, sentences, candidates)
        candidates.sort(key=lambda c: c.start)
        candidates = self._about_health_care(text, paragraphs, candidates)
        if self._plans:
            candidates = [c for c in candidates if not (c.heading and self._planned(text, c))]
        candidates = [c for c in candidates if not _restated(text, c)]
        candidates = self._respective_values(article, view, candidates)
        candidates = _merge_multiples(candidates, article.text)
        candidates = _merge_points(candidates, article.text)
        _link_parts(text, candidates)
        return _dedupe(candidates, text)

    def _planned(self, text: str, cand: _Candidate) -> bool:
        """A headline's number that the body states as a plan ("再派40名专家" over "计划再选派40名专家")."""
        m = self.rules.number_re.match(text, cand.start)
        if m is None:
            return False
        value = parse_numeral(m.group("num"))
        value = apply_multiplier(value, m.group("mult")) if value is not None else None
        return (value, _unit_word(m)) in self._plans

    def _long_term_terms(self, article, view, text, clauses, sentences, candidates) -> list[_Candidate]:
        """"医疗队一行6人抵达…,开始为期一年的帮扶工作": a term of a year or more stated in a clause
        of its own after the headcount of a team makes that headcount long-term experts too.
        The clause must hold no figure of its own (服务期一年半的21名 is a figure by itself)."""
        rules = self.rules
        if rules.long_term_duration is None:
            return []
        out: list[_Candidate] = []
        for d in rules.long_term_duration.finditer(text):
            cs, ce = clauses.around(d.start(), d.end())
            sentence = sentences.around(d.start())
            if any(cs <= c.start < ce for c in candidates):
                continue
            if rules.planned(text, sentence[0], d.start()):
                continue
            earlier = [c for c in candidates if c.sentence == sentence and c.end <= cs]
            if not earlier or any(c.figure.indicator == "experts_long_term" for c in earlier + out):
                continue
            head = earlier[-1]
            if head.figure.indicator != "experts_sent" or head.figure.unit != "person":
                continue
            qs, qe = cs, ce
            while qs < qe and text[qs] in " \t\u3000”’":
                qs += 1
            os_, oe = view.span_to_orig(qs, qe)
            quote = article.text[os_:oe]
            f = head.figure
            fid = "f-" + hashlib.sha1((article.id + quote + d.group(0)).encode("utf-8")).hexdigest()[:8]
            figure = Figure(
                id=fid, indicator="experts_long_term", value=f.value, unit=f.unit, qualifier=f.qualifier,
                period=f.period, subject=None, before=None, quote=quote, offset=os_,
            )
            out.append(_Candidate(figure, d.start(), d.end(), (cs, ce), sentence, head.heading, head.chinese))
        return out

    def _about_health_care(self, text: str, paragraphs: _Bounds, candidates: list[_Candidate]) -> list[_Candidate]:
        """Candidates except those in paragraphs about another field and not about health
        care (a short heading is judged with the paragraph after it): sales, jobs, schools."""
        medical, other = self.rules.medical_paragraph, self.rules.other_field_paragraph
        if medical is None or other is None:
            return candidates
        verdict: dict[int, bool] = {}

        def about(p0: int) -> bool:
            if p0 not in verdict:
                a, b = paragraphs.around(p0)
                if b - a <= _HEADING_MAX:
                    nxt = b
                    while nxt < len(text) and text[nxt] == "\n":
                        nxt += 1
                    if nxt < len(text):
                        b = paragraphs.around(nxt)[1]
                verdict[p0] = bool(medical.search(text, a, b) or not other.search(text, a, b))
            return verdict[p0]

        def own_sentence(c: _Candidate) -> bool:
            # …and, in a paragraph that is about health care too, a sentence about another field only
            # (…带动当地4.3万人就业; 420余名支教教师分布在各中小学).
            a, b = c.sentence
            return bool(medical.search(text, a, b) or _EQUIPMENT_GIFT_RE.search(text, a, b) or not other.search(text, a, b))

        return [c for c in candidates if about(paragraphs.around(c.start)[0]) and own_sentence(c)]

    def _respective_values(self, article: Article, view: TextView, candidates: list[_Candidate]) -> list[_Candidate]:
        """"平均住院日分别降至7.9天、8.3天", "外转率分别由15.2%、13.8%降至6.1%、5.9%": after 分别,
        each value of an enumeration is a figure of its own, stated like the first one (and,
        for a change, from the matching value of the enumerated befores)."""
        text, rules = view.text, self.rules
        out: list[_Candidate] = []
        replaced: set[int] = set()  # starts of numbers the enumeration accounts for
        for c in candidates:
            if c.start in replaced:
                continue  # a later value of an enumeration handled with its first value
            out.append(c)
            cs, _ = c.clause
            head = rules.number_re.match(text, c.start)
            if "分别" not in text[cs:c.start] or head is None:
                continue
            items: list[tuple[int, int, float | int]] = []
            pos = c.end
            while pos < len(text) and text[pos] in "、和及与":
                m = rules.number_re.match(text, pos + 1)
                if m is None or _unit_word(m) != _unit_word(head):
                    break
                value = self._value(m)
                if value is None:
                    break
                items.append((m.start(), m.end(), value))
                pos = m.end()
            if not items:
                continue
            befores = self._enumerated_befores(text, cs, c.start) if c.figure.before is not None else []
            if len(befores) == len(items) + 1:
                c.figure.before = befores[0]
            for k, (a, b, value) in enumerate(items, start=1):
                _, oe = view.span_to_orig(c.start, b)
                quote = article.text[c.figure.offset : oe]
                f = c.figure
                fid = "f-" + hashlib.sha1((article.id + quote + text[a:b]).encode("utf-8")).hexdigest()[:8]
                before = befores[k] if len(befores) == len(items) + 1 else None
                figure = Figure(
                    id=fid, indicator=f.indicator, value=value, unit=f.unit, qualifier=f.qualifier, period=f.period,
                    subject=f.subject, before=before, quote=quote, offset=f.offset,
                )
                item = _Candidate(figure, a, b, c.clause, c.sentence, c.heading, c.chinese)
                out.append(item)
                replaced.add(a)
        return out

    def _enumerated_befores(self, text: str, cs: int, s: int) -> list[float | int]:
        """The values enumerated after the last 由/从 before s in its clause (由15.2%、13.8%降至…)."""
        k = max(text.rfind("由", cs, s), text.rfind("从", cs, s))
        if k < 0:
            return []
        values = (self._value(m) for m in self.rules.number_re.finditer(text, k + 1, s))
        return [v for v in values if v is not None]

    def _value(self, m: re.Match) -> float | int | None:
        """A numeral match in base units: 1.42亿元 -> 142000000, 2小时 -> 120 (minutes)."""
        value = parse_numeral(m.group("num"))
        if value is None:
            return None
        value = apply_multiplier(value, m.group("mult"))
        unit = self.rules.units.get(_unit_word(m) or "")
        return _tidy(value * unit.factor) if unit and unit.factor != 1 else value

    # -- one number ---------------------------------------------------------------

    def read_number(self, m: re.Match, doc: _Views, previous: list[_Candidate]) -> _Candidate | None:
        """One number read as a figure, in named steps; each step may find it is no figure (None)."""
        r = self._numeral(m, doc)
        if r is None or not self._in_context(r, doc) or not self._unit(r, doc):
            return None
        r.qualifier = "at_least" if m.group("num2") else self._qualifier(m, r.prefix, r.suffix)  # a range: its lower bound
        r.qs, r.qe = self._quote_span(doc.text, r.cs, r.ce, r.s, r.e)
        if not self._outcome(r, doc) or not self._indicator(r, doc, previous):
            return None
        return self._build(r, doc)

    def _numeral(self, m: re.Match, doc: "_Views") -> "_Reading | None":
        """The number itself: its value, and the guards a numeral must pass (idioms, quoted names)."""
        rules, text = self.rules, doc.text
        s, e = m.start(), m.end()
        num_text, unit_word, mult = m.group("num"), _unit_word(m), m.group("mult")
        # A numeral written out as a percentage or a decimal (百分之三十五, 零点五) is never an
        # idiom: only other Chinese numerals need a measure word of their own.
        frac = m.group("frac")  # 三分之一, 一半: a share, read as a percent
        chinese = not frac and not _DIGIT_RE.match(num_text) and not m.group("pct") and "点" not in num_text
        # "建成骨科、儿科两个重点专科": a numeral counting the names listed right before it is no
        # idiom. Counties listed so ("对口支援甲、乙、丙三县") name where the aid goes, not a count of it.
        counts_list = (chinese and unit_word is not None and rules.units[unit_word].unit != "region"
                       and _listed_before(text, s) == parse_numeral(num_text))
        # "市级重点专科二十七个。": a count after the noun it counts, closing its clause, is no idiom
        # (四个精准发力 puts its noun after 个).
        closes_count = chinese and unit_word == "个" and (e >= len(text) or text[e] in "，,。；;、)）")
        if chinese and not counts_list and not closes_count:
            if not unit_word or not rules.chinese_units.match(unit_word):
                return None
            # 千家万户, 百姓: a round 百/千/万 counts only when approximated (近千例, 近万人次).
            if num_text[0] in "百千万" and not rules.chinese_round_before.search(text[max(0, s - 3):s]):
                return None
        if rules.skip_before.search(text[max(0, s - 4):s]) or rules.skip_after.search(text[e:e + 3]):
            return None
        if (unit_word and not counts_list and unit_word in rules.unit_not_followed_by
                and rules.unit_not_followed_by[unit_word].match(text[e:e + 2])):
            return None
        k = bisect.bisect_right(doc.quoted_starts, s) - 1
        if k >= 0 and doc.quoted[k][0] < s < doc.quoted[k][1]:
            return None  # inside a short quoted name or slogan, or a 《title》
        if frac:
            value = parse_fraction(frac)
        elif num_text == "半":  # 半小时, 半个小时 (not the half of 一个半小时)
            if re.search(r"[0-9一二两三四五六七八九十]个$", text[max(0, s - 2):s]):
                return None
            value = 0.5
        else:
            value = parse_numeral(num_text)
        if value is None:
            return None
        return _Reading(s, e, unit_word, mult, bool(frac), chinese, counts_list, apply_multiplier(value, mult),
                        closes_count=closes_count)

    def _in_context(self, r: "_Reading", doc: "_Views") -> bool:
        """Its clause and sentence; a number in a plan or target (力争…, 还将…, 计划…) is no result."""
        text = doc.text
        r.cs, r.ce = doc.clauses.around(r.s, r.e)
        r.prefix, r.suffix = text[r.cs:r.s], text[r.e:r.ce]
        r.sentence = doc.sentences.around(r.s)
        if self.rules.planned(text, r.sentence[0], r.s):
            self._plans.add((r.value, r.unit_word))  # a headline repeating it is no result either
            return False
        return True

    def _unit(self, r: "_Reading", doc: "_Views") -> bool:
        """What the number counts (person, case, yuan, percent …), from its measure word and clause."""
        rules, text, prefix, suffix = self.rules, doc.text, r.prefix, r.suffix
        if r.frac:
            r.unit, r.outcome_only, r.unit_word = "percent", True, None
        elif r.unit_word:
            uw = rules.units[r.unit_word]
            if uw.requires and not uw.requires.search(text, r.cs, r.ce):
                return False
            r.unit, r.outcome_only = uw.unit, uw.outcome_only
            r.value = _tidy(r.value * uw.factor) if uw.factor != 1 else r.value
            if r.unit_word == "个":
                if rules.counted_region_first and rules.counted_region_first.search(suffix):
                    r.unit = "region"  # 4个县(市)的乡镇卫生院: counties, not health centres
                elif rules.counted_institution.search(suffix):
                    r.unit = "institution"
                elif rules.counted_region.search(suffix):
                    r.unit = "region"
            elif r.unit_word == "台" and rules.surgery_context.search(text[r.cs:r.ce]):
                r.unit = "case"
        elif not r.mult:
            # A bare number: only an index stated as a change (从0.92提高到1.13) or a level (指数达到1.13).
            r.from_to = rules.from_to_after.search(prefix)
            if r.from_to is None and not (rules.unitless_before and rules.unitless_before.search(prefix)):
                return False
            r.unit, r.outcome_only = "other", True
        elif rules.bare_person.search(suffix):
            r.unit = "person"
        elif rules.bare_person_time_before.search(prefix):
            r.unit = "person_time"
        elif (ft := rules.from_to_after.search(prefix)) and _COUNTED_SUBJECT_RE.search(prefix, 0, ft.start()):
            # "年住院人次由2020年的1.1万增至2023年的1.6万": the subject names what is counted.
            r.unit, r.from_to = "person_time", ft
        else:
            return False
        if r.unit_word and rules.units[r.unit_word].multiple:
            # 增长1.3倍 = +130%; 是2020年的3倍 = +200%. The level it multiplies, when stated
            # just before, becomes the figure (see _merge_multiples).
            if rules.change_before.search(prefix):
                r.multiple, r.value = 1 + r.value, _tidy(r.value * 100)
            elif rules.multiple_of and rules.multiple_of.search(prefix):
                r.multiple, r.value = r.value, _tidy((r.value - 1) * 100)
            else:
                return False
        if r.chinese and not r.counts_list and (r.value < 2 or (r.unit_word == "个" and r.unit == "item"
                                                               and not r.closes_count)):
            return False
        # "在5家受援单位举办培训": the setting, not a count of anything done
        return not (r.unit in ("institution", "region") and rules.locative_before.search(prefix))

    def _outcome(self, r: "_Reading", doc: "_Views") -> bool:
        """An outcome, when the clause states one: a change (before -> after, a doubling, a multiple,
        from nothing) or a level. Outcomes come first: they decide whether a percent or a time is kept."""
        rules, text, prefix = self.rules, doc.text, r.prefix
        next_clause = text[r.ce + 1: r.ce + 20] if r.ce < len(text) else ""
        ft = r.from_to or rules.from_to_after.search(prefix)
        if ft:
            r.indicator, r.local_only = "outcome_change", True
            bv = parse_numeral(ft.group("bnum"))
            r.before = apply_multiplier(bv, ft.group("bmult")) if bv is not None else None
            r.subject = self._subject(prefix[:ft.start()], ft.group("mid"))
            r.before_qualifier = _before_bound(ft.group("mid"), prefix[ft.end("bmult") if ft.group("bmult") else ft.end("bnum"):])
            years = _stated_years(ft.group(0), doc.article.date)
            if len(years) == 2 and years[0] < years[1]:
                # 由2022年的11.3%提高到2024年的26.8%; 从2015年的…增长到去年的… (in a 2025 article)
                r.from_to_period = f"{years[0]}-{years[1]}"
        elif ("从" in prefix or "由" in prefix) and rules.from_to_before_suffix.search(r.suffix):
            return False  # the "before" of a before -> after change, reported with the "after"
        elif (zero := self._zero_before(text, doc.clauses, r.sentence, r.cs, prefix)) is not None:
            # "以前…四级手术是零,现在…做了47台": a change from nothing.
            r.indicator, r.before, r.local_only = "outcome_change", 0, True
            r.subject = zero.group("subject").strip() or None
            if r.unit == "item" and r.unit_word == "台" and rules.surgery_context.search(zero.group(0)):
                r.unit = "case"
        elif rules.doubling.search(next_clause) or rules.quadrupling.search(next_clause):
            r.indicator = "outcome_change"
            four = rules.quadrupling.search(next_clause)
            r.before = _tidy(r.value / (4 if four else 2))
            r.derived_rule = "before_from_quadrupling" if four else "before_from_doubling"
            r.subject = self._subject(prefix)
            dm = four or rules.doubling.search(next_clause)
            if dm is not None:
                r.qe = max(r.qe, r.ce + 1 + dm.end())  # the quote includes "较帮扶前翻了一番"
        elif r.multiple is not None:
            r.indicator, r.derived_rule = "outcome_change", "value_from_multiple"
            of = rules.multiple_of.search(prefix) if rules.multiple_of else None
            r.subject = self._subject(prefix[: of.start()]) if of else self._subject(prefix, keep_verb=True)
        elif r.outcome_only:
            if rules.change_before.search(prefix):
                r.indicator, r.subject = "outcome_change", self._subject(prefix, keep_verb=True)
            elif rules.level_before.search(prefix):
                r.indicator, r.subject = "outcome_level", self._subject(prefix)
            elif r.unit == "percent" and rules.share_before.search(prefix):
                r.indicator = "other"
            else:
                return False  # a bare percentage or duration (an anecdote, a name): not a result
        elif rules.change_before.search(prefix) or rules.decrease_anywhere.search(prefix):
            r.indicator, r.subject = "outcome_change", self._subject(prefix, keep_verb=True)
        elif rules.count_level_before.search(prefix):
            r.indicator, r.subject = "outcome_level", self._subject(prefix)
        return True

    def _indicator(self, r: "_Reading", doc: "_Views", previous: list[_Candidate]) -> bool:
        """For a number that states no outcome, the first indicator rule that matches its clause, else
        what the figure before it counts (其中…), else the topic of the clause before; `drop` rules and
        idiomatic Chinese numerals with no aid keyword are no figure."""
        rules, text, masked, s, cs, ce = self.rules, doc.text, doc.masked, r.s, r.cs, r.ce
        # Indicator keywords are looked up in the whole comma clause: in "派出5批次、共计168名医疗人才"
        # the verb that makes 168 experts sits before the enumeration comma.
        before_ctx, after_ctx, clause_ctx = masked[cs:s], masked[r.e:ce], masked[cs:ce]
        # …but in a list of counted items ("重点科室32个、村卫生室标准化改造218个") an item that names its own
        # thing is read alone: the word that made the item before it a specialty says nothing of this one.
        item = masked.rfind("、", cs, s)
        own_item = item >= 0 and bool(_DIGIT_RE.search(text, cs, item)) and bool(_OWN_ITEM.match(masked, item + 1, s))
        if own_item:
            # Parallel items ("填补国内空白3项、州内空白58项") share a word: the item before still says what they count.
            words = masked[item + 1:s]
            own_item = not any(words[k:k + 2] in masked[cs:item] for k in range(len(words) - 1))
        if own_item:
            clause_ctx = masked[item + 1:ce]
        claimed = False  # a rule of its own says what it counts, even as `other`
        if r.indicator is None:
            sentence_ctx = masked[r.sentence[0]:s]
            rule = next(
                (x for x in rules.rules_by_unit.get(r.unit, ()) if x.matches(r.unit, before_ctx, after_ctx, clause_ctx, sentence_ctx)),
                None,
            )
            indicator = rule.indicator if rule else "other"
            final = claimed = rule is not None and rule.final
            if indicator == "drop":
                return False  # a rule for what is not a fact about the aid (one patient's bill, a headcount)
            if indicator == "other" and not final and not own_item:
                indicator = self._inherit(text, r.qs, r.unit, r.sentence, cs, previous) or "other"
            if indicator == "other" and not final and cs - 1 > r.sentence[0]:
                # "像这样的远程会诊,我们一年多做了近百例": the topic named by the clause before, when
                # that clause has no number of its own and this one no noun before the number.
                pcs, _ = doc.clauses.around(cs - 1)
                if pcs >= r.sentence[0] and not _DIGIT_RE.search(text, pcs, cs) and len(before_ctx) <= 10 and not rules.topic_noun.search(before_ctx):
                    topic = masked[pcs:ce]
                    indicator = next(
                        (x.indicator for x in rules.rules_by_unit.get(r.unit, ())
                         if x.clause is not None and x.before is None and x.after is None
                         and x.matches(r.unit, before_ctx, after_ctx, topic, sentence_ctx)),
                        "other",
                    )
                    if indicator in ("drop", "outcome_level"):
                        indicator = "other"
            r.indicator = indicator
            if indicator == "outcome_level":
                r.subject = self._subject(r.prefix)
        # An idiomatic numeral with no aid keyword around it; a share (占七成) or a measure word
        # that needs its noun (份 of 宣传资料, 张 of 床位) is no idiom.
        return not (r.chinese and r.indicator == "other" and not claimed and not r.counts_list and r.unit != "percent"
                    and not (r.unit_word and rules.units[r.unit_word].requires))

    def _build(self, r: "_Reading", doc: "_Views") -> _Candidate:
        """The figure, with its period, quote (in the article's own text) and the meaning the number
        alone does not carry (as many as, reduced to, which way a change went)."""
        rules, text, prefix, indicator = self.rules, doc.text, r.prefix, r.indicator or "other"
        paragraphs, clauses, sentences = doc.paragraphs, doc.clauses, doc.sentences
        paragraph = paragraphs.around(r.s)
        period = r.from_to_period or resolve_period(
            doc.periods, (r.cs, r.ce), (r.s, r.e), r.sentence, paragraph,
            lambda: self._lead_of(text, clauses, sentences, paragraph),
            section_leads=lambda: self._section_leads(text, clauses, sentences, paragraphs, paragraph),
            local_only=r.local_only,
        )
        if period is None and not r.local_only and rules.annual_title is not None:
            # An annual notice (关于2024年度…工作情况的通报): its year covers what states no period of its own.
            year = rules.annual_title.search(doc.article.title or "")
            period = year.group("year") if year else None
        os_, oe = doc.view.span_to_orig(r.qs, r.qe)
        quote = doc.article.text[os_:oe]
        surface = text[r.s:r.e]
        fid = "f-" + hashlib.sha1((doc.article.id + quote + surface).encode("utf-8")).hexdigest()[:8]
        change = indicator == "outcome_change"
        figure = Figure(
            id=fid, indicator=indicator, value=r.value, unit=r.unit, qualifier=r.qualifier, period=period,
            subject=r.subject if indicator.startswith("outcome") else None,
            before=r.before if change else None,
            quote=quote, offset=os_,
            before_qualifier=r.before_qualifier if change and r.before is not None else None,
            as_many_as=r.qualifier == "exact" and bool(rules.as_many_as_before and rules.as_many_as_before.search(prefix)),
            derived=r.derived_rule is not None, derived_rule=r.derived_rule,
            reduced=indicator == "outcome_level" and bool(rules.reduced_to and rules.reduced_to.search(prefix)),
            change=self._direction(prefix, r.derived_rule) if change and r.before is None else None,
        )
        p0, p1 = paragraph
        heading = (p1 - p0) <= _HEADING_MAX and not text[p0:p1].rstrip().endswith(_TERMINAL)
        return _Candidate(figure, r.s, r.e, (r.cs, r.ce), r.sentence, heading, r.chinese,
                          before_ctx=_core(doc.masked[r.qs:r.s], tail=True), after_ctx=_core(doc.masked[r.e:r.qe]),
                          multiple=r.multiple)

    def _direction(self, prefix: str, derived_rule: str | None) -> str | None:
        """Which way a change stated without its earlier value goes, from the last change verb before the
        number (门诊量同比增长35% -> up; 人均就医成本降低600元 -> down), so the page can say "up 35%"."""
        rules = self.rules
        verbs = list(rules.change_verbs.finditer(prefix)) if rules.change_verbs else []
        if verbs:
            return "down" if rules.decrease_anywhere.search(verbs[-1].group(0)) or verbs[-1].group(0) in ("降", "减") else "up"
        return "up" if derived_rule == "value_from_multiple" else None

    def _zero_before(self, text: str, clauses: _Bounds, sentence: tuple[int, int], cs: int, prefix: str):
        """The previous clause of the sentence saying there was none before, when this one opens with now."""
        rules = self.rules
        if rules.zero_before is None or rules.now_after is None or cs - 1 <= sentence[0]:
            return None
        if not rules.now_after.search(prefix):
            return None
        pcs, pce = clauses.around(cs - 1)
        if pcs < sentence[0] or _DIGIT_RE.search(text, pcs, pce):
            return None
        return rules.zero_before.search(text[pcs:pce])

    def _qualifier(self, m, prefix: str, suffix: str) -> Qualifier:
        q = self.rules.qualifiers
        if m.group("q1") or m.group("q2"):
            return "more_than"
        if q["at_least_after"].search(suffix) or q["at_least_before"].search(prefix):
            return "at_least"
        if q["more_than_before"].search(prefix) or q["more_than_after"].search(suffix):
            return "more_than"
        if q["about_before"].search(prefix) or q["about_after"].search(suffix):
            return "about"
        return "exact"

    @staticmethod
    def _quote_span(text: str, cs: int, ce: int, s: int, e: int) -> tuple[int, int]:
        """The shortest clause stating the number: the comma clause, cut at 、 only between enumerated
        figures, never at a 、 inside brackets (苏州市7个区(县、市)结对帮扶…)."""
        qs, qe = cs, ce
        prev = cs
        pos = _next_list_mark(text, cs, s)
        while pos != -1:
            if _DIGIT_RE.search(text, prev, pos):
                qs = pos + 1
            prev = pos + 1
            pos = _next_list_mark(text, pos + 1, s, cs)
        pos = _next_list_mark(text, e, ce, cs)
        if pos != -1:
            nxt = _next_list_mark(text, pos + 1, ce, cs)
            if _DIGIT_RE.search(text, pos + 1, nxt if nxt != -1 else ce):
                qe = pos
        # A trailing parenthetical after the figure is a gloss, not the statement.
        tail = text[e:qe].rstrip()
        if tail.endswith((")", "）")):
            open_pos = max(text.rfind("(", e, qe), text.rfind("（", e, qe))
            if open_pos != -1:
                qe = open_pos
        # Trim spaces and unbalanced quotation marks left by clause splitting.
        while qs < s and text[qs] in " \t\u3000”’」』":
            qs += 1
        while qe > e and text[qe - 1] in " \t\u3000“‘「『":
            qe -= 1
        span = text[qs:qe]
        if span.startswith("“") and "”" not in span:
            qs += 1
        if span.endswith("”") and "“" not in span:
            qe -= 1
        return qs, qe

    def _subject(self, prefix: str, mid: str = "", keep_verb: bool = False) -> str | None:
        """What an outcome measures: the clause before the number, minus causers, time phrases and level verbs."""
        rules = self.rules
        subject = rules.subject_drop.sub("", prefix)
        subject = rules.subject_drop.sub("", subject)
        mid = _YEAR_OF_RE.sub("", mid or "")
        mid = re.sub(r"^(仅|不足|不到|约|近|超过|超)|(仅|不足|不到|约|近|超过|超)$", "", mid)
        mid = _BEFORE_AID_RE.sub("", mid)  # 由帮扶前的82分: when, not what
        subject = subject + mid
        if not keep_verb:
            subject = _LEVEL_VERB_TAIL_RE.sub("", subject)
        else:
            subject = _QUALIFIER_TAIL_RE.sub("", subject)
            # "年均减少跨区域就医人次" reads better as "跨区域就医人次年均减少".
            m = _VERB_FIRST_RE.match(subject)
            if m:
                subject = m.group(2) + m.group(1)
        # "外转率分别由15.2%、" (an enumeration of befores) and "平均住院日分别" end in words
        # about the numbers, not about what is measured.
        subject = _ENUM_TAIL_RE.sub("", subject)
        subject = subject.strip(" ，,")
        if subject.count("“") != subject.count("”"):
            subject = subject.strip("“”")
        return subject or None

    def _lead_of(self, text: str, clauses: _Bounds, sentences: _Bounds, paragraph: tuple[int, int]) -> tuple[int, int] | None:
        """_paragraph_lead, once per paragraph of the article being read."""
        if paragraph not in self._leads:
            self._leads[paragraph] = self._paragraph_lead(text, clauses, sentences, paragraph)
        return self._leads[paragraph]

    def _section_leads(self, text: str, clauses: _Bounds, sentences: _Bounds, paragraphs: _Bounds,
                       paragraph: tuple[int, int]) -> list[tuple[int, int]]:
        """Where a period over the paragraph's whole section may be stated: the sub-heading above
        it, then the lead clause of the section's first paragraph (when that is another one).
        An article without sub-headings has no sections."""
        if paragraph in self._sections:
            return self._sections[paragraph]
        first: tuple[int, int] | None = None
        pos = paragraph[0] - 1
        leads: list[tuple[int, int]] = []
        while pos > 0:
            a, b = paragraphs.around(pos)
            if b > a:
                if b - a <= _HEADING_MAX and not text[a:b].rstrip().endswith(_TERMINAL):
                    leads.append((a, b))
                    if first is not None and (lead := self._lead_of(text, clauses, sentences, first)):
                        leads.append(lead)
                    break
                first = (a, b)
            pos = a - 1
        self._sections[paragraph] = leads
        return leads

    @staticmethod
    def _paragraph_lead(text: str, clauses: _Bounds, sentences: _Bounds, paragraph: tuple[int, int]) -> tuple[int, int] | None:
        """The clause opening the paragraph's first sentence with numbers, where a paragraph-wide period is stated.

        Topic sentences without digits ("人才培育是长效帮扶的关键。") are skipped, and so
        are openers like 数据显示/据统计.
        """
        p0, p1 = paragraph
        s0 = p0
        while s0 < p1:
            _, s1 = sentences.around(s0)
            # The first sentence with a number or a span of time ("五年来，…") leads the paragraph.
            if _DIGIT_RE.search(text, s0, s1) or _SPAN_WORDS_RE.search(text, s0, s1):
                break
            s0 = s1 + 1
        else:
            return None
        c0, c1 = clauses.around(s0)
        if c1 > p1:
            return None
        if LEAD_FILLER_RE.match(text[c0:c1].strip()):
            c0, c1 = clauses.around(c1 + 1)
            if c1 > p1:
                return None
        return c0, c1

    @staticmethod
    def _inherit(text: str, qs: int, unit: str, sentence: tuple[int, int], cs: int, previous: list[_Candidate]) -> str | None:
        """'其中100万元…' and '培养出科室副主任3人、医疗组长3人': take the indicator of the figure they continue."""
        starts_qiz = text.startswith("其中", qs)
        for cand in reversed(previous[-6:]):
            if cand.sentence != sentence or cand.figure.unit != unit:
                continue
            if cand.figure.indicator in ("other", "outcome_level", "outcome_change"):
                return None
            if starts_qiz or (cand.clause[0] == cs and "、" in text[cand.end:qs + 1]):
                return cand.figure.indicator
            return None
        return None


_LESS_THAN_TAIL_RE = re.compile(r"(不足|不到|低于|少于|未达到?|未满|仅|只有)$")
_ABOUT_TAIL_RE = re.compile(r"(约|近|大约|接近|将近)$")
_MORE_THAN_TAIL_RE = re.compile(r"(超过|超出|逾|高于)$")


_LIST_BEFORE_RE = re.compile(r"(?:[^、，,。；;：:\s\d“”\"‘’]{1,12}、)+[^、，,。；;：:\s\d“”\"‘’]{1,12}$")


def _listed_before(text: str, s: int) -> int:
    """How many names a list separated by 、 holds when it ends right at `s` (0: no list)."""
    m = _LIST_BEFORE_RE.search(text, max(0, s - 80), s)
    return m.group(0).count("、") + 1 if m else 0


def _before_bound(mid: str, after_number: str) -> str | None:
    """How a change's earlier value is bounded: 从不足80% -> less_than, 从约60% -> about,
    由300余种 -> more_than; None when it is stated exactly (仅 and 只有 say "as little as": exact)."""
    mid = (mid or "").rstrip("的")
    if after_number.startswith(("余", "多")):
        return "more_than"
    if m := _LESS_THAN_TAIL_RE.search(mid):
        return None if m.group(1) in ("仅", "只有") else "less_than"
    if _ABOUT_TAIL_RE.search(mid):
        return "about"
    if _MORE_THAN_TAIL_RE.search(mid):
        return "more_than"
    return None


def _next_list_mark(text: str, start: int, end: int, clause_start: int | None = None) -> int:
    """The next 、 in text[start:end] that is not inside brackets opened since clause_start (or start)."""
    lo = start if clause_start is None else clause_start
    pos = text.find("、", start, end)
    while pos != -1:
        span = text[lo:pos]
        if span.count("(") + span.count("（") <= span.count(")") + span.count("）"):
            return pos
        pos = text.find("、", pos + 1, end)
    return -1


def _unit_word(m: re.Match) -> str | None:
    """The measure word after a number; 百分之三十五 is a percentage with none after it."""
    return "%" if m.group("pct") else m.group("unit")


_YEAR_RE = re.compile(r"((?:19|20)\d{2})年|(今年|去年|前年)")
# A span of time written without digits (五年来, 近三年, 十四五以来), opening a paragraph.
_SPAN_WORDS_RE = re.compile(r"[一二两三四五六七八九十]年(?:多)?(?:来|间|以来)|近[一二两三四五六七八九十]年|十[三四五]五")
_YEARS_BACK = {"今年": 0, "去年": 1, "前年": 2}


def _stated_years(text: str, date: str | None) -> list[int]:
    """The years a phrase names, 去年/今年 counted from the article's date (left out without one)."""
    this_year = int(date[:4]) if date and date[:4].isdigit() else None
    years = []
    for number, word in _YEAR_RE.findall(text):
        if number:
            years.append(int(number))
        elif this_year is not None:
            years.append(this_year - _YEARS_BACK[word])
    return years
_YEAR_OF_RE = re.compile(_YEAR_OF)


def _tidy(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


_LEVEL_VERB_TAIL_RE = re.compile(
    r"(提升至|提高至|提升到|提高到|上升至|升至|增至|增长至|降至|降低至|下降至|缩短至|缩短到|减少至|"
    r"达到|高达|达|为|是|保持在|稳定在|中有|有)(了|约|近|超过|超)*$"
)
_QUALIFIER_TAIL_RE = re.compile(r"(了|约|近|超过|超|逾|达到|达|为)+$")
_VERB_FIRST_RE = re.compile(r"^((?:年均|每年|同比)?(?:减少|降低|下降|增加|增长|提升|提高|缩短|节省))(.{2,})$")
_QUALIFIER_TRIM_RE = re.compile(r"(累计|共|已|达到|达|为|有|超过|超|逾|近|约|多达|高达|了|仅)+$")


def _core(ctx: str, tail: bool = False) -> str:
    """Four characters of context next to the number, qualifier words removed: what the number counts."""
    if tail:
        ctx = _QUALIFIER_TRIM_RE.sub("", ctx)
        core = ctx[-4:]
    else:
        core = ctx[:4]
    return core if sum(1 for ch in core if ch.isalpha()) >= 2 else ""


_OF_WHICH_RE = re.compile(r"[\s“”]*其中")
# After a group named again: what each or all of them did ("三家医院分别派出…", "5名队员均来自…").
_EACH_OF_THEM_RE = re.compile(r"[^，,。；;\d]{0,8}?(分别|均|都|各自?|全部|全都)")


def _restated(text: str, cand: _Candidate) -> bool:
    """"我市三家医院帮扶…" then "三家医院均已通过…评审": the same group named again (number, measure
    word and noun as before) to say what each of them did is not a new count."""
    named = text[cand.start:cand.end + 2]
    return (cand.figure.unit in ("institution", "person", "region") and text.find(named, 0, cand.start) != -1
            and bool(_EACH_OF_THEM_RE.match(text, cand.end)))


# People named after a count that opens a clause (43名天津专家, 1200余人次福建医务人员, 28名余姚医生).
_PEOPLE_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:专家|医生|医务人员|医护人员|队员|人才|援友|医疗队员|医务工作者)")
_CLAUSE_OPENING = " \u3000“”\"'‘’「"


# Equipment and gifts (企业捐赠救护车, 资金用于购置设备): aid to health care whoever gives it.
_EQUIPMENT_GIFT_RE = re.compile(r"设备|器械|救护车|捐赠|捐献|购置|磁共振")


def _told_again_as_subject(text: str, cand: _Candidate, earlier: list[_Candidate]) -> bool:
    """"六年来，43名天津专家用脚步丈量了…" after "派出医疗队6批43名专家": a count of people that opens its
    clause, as the subject of what they did, with the value and unit of a figure stated before, is that
    figure told again (FORMAT.md, "Each fact once")."""
    f = cand.figure
    if cand.heading or f.unit not in ("person", "person_time") or f.before is not None:
        return False
    if text[cand.clause[0]:cand.start].strip(_CLAUSE_OPENING) or not _PEOPLE_AFTER_RE.match(text, cand.end):
        return False
    return any(o.figure.unit == f.unit and float(o.figure.value) == float(f.value) and o.sentence != cand.sentence
               for o in earlier)


def _link_parts(text: str, candidates: list[_Candidate]) -> None:
    """"累计投入资金500万元，其中120万元用于…": a figure whose clause opens with 其中 is a part of
    the last figure before it in the same or the previous sentence with the same unit."""
    for k, cand in enumerate(candidates):
        c0 = cand.clause[0]
        if not (_OF_WHICH_RE.match(text, c0) or text[max(0, c0 - 4):c0].rstrip("，, ").endswith("其中")):
            continue
        for prev in reversed(candidates[:k]):
            if prev.sentence[1] < cand.sentence[0] - 1:
                break  # more than a sentence away
            if prev.figure.unit == cand.figure.unit and prev.parent is None and prev.clause != cand.clause:
                cand.parent = prev
                break


def _restates_a_total(cand: _Candidate, kept: list[_Candidate]) -> bool:
    """A large total told again later ("累计选派…1286名" then "1286名天津医疗人才扎根陇原"): the same
    value and unit as a figure already kept, and no indicator of its own (two figures of one indicator
    may well share a value). Recorded once, at its first statement (FORMAT.md, "Each fact once")."""
    f = cand.figure
    if cand.heading or f.before is not None or abs(float(f.value)) < 100:
        return False

    def same_total(o: _Candidate) -> bool:
        # …or a cumulative total told again inside a noun phrase (累计选派…1.2万余人次, later 累计选派的1.2万余人次人才中)
        return f.indicator == "other" or (
            o.figure.indicator == f.indicator and cand.before_ctx.endswith("的") and "累计" in o.figure.quote)

    return any(
        o.figure.unit == f.unit and float(o.figure.value) == float(f.value) and o.sentence != cand.sentence
        and same_total(o) for o in kept
    )


_TOLD_TOGETHER = 160  # characters between two figures stated together (about two sentences)


def _restated_together(candidates: list[_Candidate]) -> set[int]:
    """Figures told again as a group (a closing "三年来宝安区五批次87人次的医疗专家…" after "先后派出医疗
    专家五批次共87人次"): a sentence two of whose figures (value and unit) were both stated close
    together earlier (within `_TOLD_TOGETHER` characters: a sentence or the next) restates them; its
    matching figures are recorded once, at the first
    statement (FORMAT.md, "Each fact once"). One value alone may recur as another fact (每月200余名患者
    beside 累计200余名患者); two together do not. Returns the indexes of the restatements."""
    def key(c: _Candidate) -> tuple:
        return (c.figure.unit, float(c.figure.value), c.figure.before)

    by_sentence: dict[tuple[int, int], list[int]] = {}
    for k, c in enumerate(candidates):
        if not c.heading:
            by_sentence.setdefault(c.sentence, []).append(k)
    out: set[int] = set()
    for sentence, here in by_sentence.items():
        keys = {key(candidates[k]) for k in here}
        if len(keys) < 2:
            continue
        earlier = [j for j, c in enumerate(candidates)
                   if not c.heading and c.sentence[1] <= sentence[0] and key(c) in keys]
        # Two of them stated close together before (one sentence, or the next: a paragraph's totals).
        if any(key(candidates[a]) != key(candidates[b]) and abs(candidates[a].start - candidates[b].start) <= _TOLD_TOGETHER
               for a in earlier for b in earlier):
            told = {key(candidates[j]) for j in earlier}
            out.update(k for k in here if key(candidates[k]) in told)
    return out


def _dedupe(candidates: list[_Candidate], text: str) -> list[Figure]:
    """Keep each fact once: a sub-heading repeating a body figure, a lead repeated in the body, a total
    told again (_restates_a_total), a count of people told again as a clause's subject (_told_again_as_subject)."""
    body_keys = {(c.figure.indicator, c.figure.value, c.figure.unit) for c in candidates if not c.heading}
    kept: list[_Candidate] = []
    by_key: dict[tuple, list[_Candidate]] = {}  # same indicator, value, unit and qualifier
    restated = _restated_together(candidates)
    for k, cand in enumerate(candidates):
        f = cand.figure
        if k in restated:
            continue
        if cand.heading and (f.indicator, f.value, f.unit) in body_keys:
            continue
        if _restates_a_total(cand, kept) or _told_again_as_subject(text, cand, kept):
            continue
        key = (f.indicator, f.value, f.unit, f.qualifier)
        dup = next(
            (o for o in by_key.get(key, ())
             if (cand.before_ctx and cand.before_ctx == o.before_ctx) or (cand.after_ctx and cand.after_ctx == o.after_ctx)),
            None,
        )
        if dup is None:
            kept.append(cand)
            by_key.setdefault(key, []).append(cand)
        elif len(f.quote) < len(dup.figure.quote):
            # The shortest statement of a fact is the one to quote; keep the known period.
            if f.period is None:
                f.period = dup.figure.period
            kept[kept.index(dup)] = cand
            group = by_key[key]
            group[group.index(dup)] = cand
        elif dup.figure.period is None and f.period is not None:
            dup.figure.period = f.period
    # Ids must be unique within an article even when one clause repeats a number.
    seen: set[str] = set()
    out = []
    kept_ids = {id(c) for c in kept}
    for cand in kept:
        fid = cand.figure.id
        n = 2
        while fid in seen:
            fid = f"{cand.figure.id}-{n}"
            n += 1
        cand.figure.id = fid
        seen.add(fid)
        if cand.parent is not None and id(cand.parent) in kept_ids:
            cand.figure.part_of = cand.parent.figure.id  # assigned already: the total comes first
        out.append(cand.figure)
    return out


_POINTS = "个百分点"
# A clause that names its own measure before its verb or comparison ("外转率下降了…", "向上转诊率较…").
_OWN_SUBJECT_RE = re.compile(r"^[^较比同环，,]*?(率|占比|比例|比重)")
_DECREASE = re.compile(r"下降|降低|减少|缩短|回落|降")


def _merge_points(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """A change in percentage points stated with the level it reached ("就诊率提高了12个百分点，
    达到90.5%" or "达到90.3%，同比提高2.1个百分点") is one outcome_change: value = the level,
    before = the level minus (or plus, for a fall) the points."""
    removed: set[int] = set()
    for a, b in pairwise(candidates):
        fa, fb = a.figure, b.figure
        if fa.unit != "percent" or fb.unit != "percent" or id(a) in removed or id(b) in removed:
            continue
        points, level = (fa, fb) if fa.quote.endswith(_POINTS) else (fb, fa) if fb.quote.endswith(_POINTS) else (None, None)
        if points is None or level is None or level.quote.endswith(_POINTS) or level.before is not None:
            continue
        first, second = (fa, fb) if fa.offset <= fb.offset else (fb, fa)
        gap = text[first.offset + len(first.quote) : second.offset]
        if len(gap) > 1 or (gap and gap not in ",，"):
            continue
        if not re.search(r"(达到|达|至|为|升至|降至|提高到|提升到|增至)[约近]?[0-9]", level.quote):
            continue
        if _OWN_SUBJECT_RE.search(second.quote):
            continue  # "就诊率达到91%，外转率下降了5个百分点": the second clause measures something else
        sign = -1 if _DECREASE.search(points.quote) else 1
        level.before = round(level.value - sign * points.value, 4)
        if float(level.before).is_integer():
            level.before = int(level.before)
        level.indicator = "outcome_change"
        level.derived, level.derived_rule = True, "before_from_points"
        level.subject = level.subject or points.subject
        level.quote = text[first.offset : second.offset + len(second.quote)]
        level.offset = first.offset
        level.period = level.period or points.period
        removed.add(id(a if a.figure is points else b))
    return [c for c in candidates if id(c) not in removed] if removed else candidates


def _merge_multiples(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """A level followed in the next clause by the multiple it reached ("门急诊量达68.7万人次，
    较2016年增长1.4倍"; "CT检查量达4.2万人次，是2021年的2.1倍") is one outcome_change: the
    level, from the earlier level it implies. A multiple with no level before it stays a
    percent change (医院年门诊量较托管前增长1.3倍 = +130%)."""
    removed: set[int] = set()
    for a, b in pairwise(candidates):
        fa = a.figure
        if b.multiple is None or a.multiple is not None or fa.unit == "percent" or fa.before is not None:
            continue
        if a.sentence != b.sentence or a.clause[1] + 1 != b.clause[0]:
            continue
        fa.indicator = "outcome_change"
        fa.before = _tidy(round(fa.value / b.multiple, 4))
        fa.derived, fa.derived_rule = True, "before_from_multiple"
        fa.quote = text[fa.offset : b.figure.offset + len(b.figure.quote)]
        fa.subject = fa.subject or b.figure.subject
        fa.period = fa.period or b.figure.period
        removed.add(id(b))
    return [c for c in candidates if id(c) not in removed] if removed else candidates


def extract_figures(article: Article, rules: ExtractionRules | None = None) -> list[Figure]:
    """All figures of one article, in text order: its sentences', then its tables'."""
    extractor = FigureExtractor(rules or load_rules())
    figures = extractor.extract(article)
    tables = extractor.rules.tables
    if tables is None:
        return figures
    cells = table_cells(article.text, tables)
    # The table's lines read as prose make no figures (其他5家医院 in a row is no count of hospitals): its cells do.
    rows = [(c.quote_start, c.end) for c in cells]
    figures = [f for f in figures if not any(a <= f.offset < b for a, b in rows)]
    return sorted(figures + _table_figures(article, extractor, cells, figures), key=lambda f: f.offset)


def _table_figures(article: Article, extractor: "FigureExtractor", cells: list[TableCell], known: list[Figure]
                   ) -> list[Figure]:
    """The figures of the article's tables (tables.py): each cell read as the sentence it abbreviates, under the
    table's caption (which may give the year), and quoted from its row as printed. A cell restating a figure the
    text states already (a 合计 row) is that figure."""
    seen = {(f.indicator, f.value, f.unit) for f in known}
    out: list[Figure] = []
    for cell in cells:
        head = f"{cell.caption}\n\n" if cell.caption else ""
        read = extractor.extract(replace(article, text=head + cell.sentence))
        # The cell's value ends the sentence: the last figure quoting it (not 5家 of a label 其他5家医院).
        figure = next((f for f in reversed(read) if f.offset >= len(head) and cell.value in f.quote), None)
        if figure is None or (figure.indicator, figure.value, figure.unit) in seen:
            continue
        quote = article.text[cell.quote_start:cell.end]
        fid = "f-" + hashlib.sha1((article.id + quote + figure.indicator).encode("utf-8")).hexdigest()[:8]
        out.append(replace(figure, id=fid, quote=quote, offset=cell.quote_start, part_of=None))
    return out
