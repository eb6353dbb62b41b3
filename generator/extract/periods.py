"""Find the period a figure covers ("2024-", "2025", "2022-2024", "three years", "per month").

Period phrases are found once per article. A figure takes, in order:
1. a period stated in its own clause (2024年以来已有120余名…, 每月为200余名…, 600元/月);
2. the last period stated earlier in its sentence (carries across commas and
   semicolons; 目前/如今/至今 reset it; a relative span such as 三年间 does not
   override an explicit year; 每月/年均 never carry, they describe one clause);
3. a period that opens its paragraph ("2025年,彭水…" covers the paragraph; a short
   topic sentence without numbers may come first; "五年来，…" in a quoted speech leads too);
4. a period stated over its section: in the sub-heading above it, or opening the section's
   first paragraph (the section runs to the next sub-heading).
Before -> after changes (从65%提升至92%) only use step 1: their span is implicit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from .numbers import parse_numeral

_YEAR = r"(?:19|20)\d{2}"
_CN_COUNT = r"[一二两三四五六七八九十\d]{1,3}"

# Every alternative below starts with one of these characters. Stated up front as a
# lookahead, it lets the regex engine skip the rest of the text quickly (~6× faster
# over an article than trying all sixteen alternatives at every position).
_PERIOD_FIRST = r"[自从“\"十截全目如现至当眼同过近这实开启携协帮运一二两三四五六七八九今去前上\d]"

PERIOD_RE = re.compile(
    rf"(?={_PERIOD_FIRST})"
    rf"(?:(?P<range>(?P<r1>{_YEAR})\s*年?\s*(?:至|到|—|–|-|~|～)\s*(?P<r2>{_YEAR})\s*年)"
    rf"|(?P<since_long>(?:自|从)(?P<s1>{_YEAR})\s*年[^，,。；;！？]{{0,30}}?(?:以来|开始|至今|起))"
    rf"|(?P<since>(?P<s2>{_YEAR})\s*年(?:\d{{1,2}}月)?份?(?:以来|起|开始|至今))"
    rf"|(?P<since_short>(?:自|从)(?P<s3>{_YEAR})\s*年)"
    r"|(?P<plan>[“\"]?(?P<plan_n>十三五|十四五|十五五)[”\"]?(?:规划)?(?P<plan_kind>以来|期间|时期|末|开局以来)?)"
    rf"|(?P<until>(?:截至|截止到?)(?P<u>{_YEAR})\s*年)"
    # Years named relative to the article's date (去年, 今年以来): resolved when it is known.
    r"|(?P<relsince>(?P<rs>今年|去年)(?:以来|起|至今))"
    r"|(?<![较比与])(?P<rely>今年|去年|前年|上一?年度?)(?![内底末初前后])"
    rf"|(?P<date>(?P<dy>{_YEAR})\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
    # A year after 较/比/与 is what a change is measured against (较2021年提高), not a period.
    rf"|(?<![较比与])(?P<year>(?P<y>{_YEAR})\s*年(?:度)?)"
    rf"|(?P<past>(?:过去|近)的?(?:一|1)年(?:来|内|间|中)?)"
    rf"|(?P<rel>(?:近|这)?(?P<n1>{_CN_COUNT})\s*年多?(?:来|间|以来))"
    rf"|(?P<rel3>(?:近|过去的?)(?P<n3>{_CN_COUNT})\s*年(?![内后前级度底末初]))"
    rf"|(?P<relm>(?:近|这|过去的?)?(?P<m1>{_CN_COUNT})\s*个多?月(?:来|间|以来))"
    rf"|(?P<rel2>(?:实施|开展|启动|携手|协作|帮扶|运行)了?(?P<n2>{_CN_COUNT})\s*年(?![内后前级度]))"
    r"|(?P<annual>全年度?(?![以前内]))"
    r"|(?P<reset>目前|如今|现在|至今|当前|眼下)"
    r"|(?P<same>同年)"
    # "同期，我区选派620名…" after "2021年以来，福建省累计选派…": the period just stated. Not a base
    # (较去年同期, 与同期相比).
    r"|(?P<sameperiod>(?<![年月度较比与])同期(?![相内比])))"
)
# Rates that describe one clause only.
PER_RE = re.compile(
    r"(?P<day>每天|每日|日均)|(?P<week>每周|周均)|(?P<month>每月|月均|每个月)|(?P<yr>每年|年均|年平均|年增长率|年增幅|年度增长)"
)
PER_AFTER_RE = re.compile(r"^/(?P<u>天|日|周|月|年)")
_PER_WORDS = {"天": "per day", "日": "per day", "周": "per week", "月": "per month", "年": "per year"}
# Paragraph openers that introduce, rather than state, a period.
LEAD_FILLER_RE = re.compile(r"^(数据显示|据统计|据了解|据介绍|统计显示|记者了解到|资料显示)$")

# Five-year plans: “十四五”以来 = 2021-, “十四五”期间 = 2021-2025.
_PLANS = {"十三五": 2016, "十四五": 2021, "十五五": 2026}

_MONTH_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 11: "eleven"}

NUMBER_WORDS = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years",
                6: "six years", 7: "seven years", 8: "eight years", 9: "nine years", 10: "ten years"}


@dataclass(frozen=True)
class Mention:
    """One period phrase in the text: where it is and what it says."""

    start: int
    end: int
    kind: str  # absolute | until | relative | reset | same
    value: str | None


def _relative(count: str) -> str | None:
    n = parse_numeral(count)
    if n is None:
        return None
    return NUMBER_WORDS.get(int(n), f"{int(n)} years")


class PeriodFinder:
    """All period phrases of one (joined) article text, queried by position."""

    def __init__(self, text: str, article_year: int | None = None):  # noqa: C901 (compiles the period patterns of the data file; to be one builder per pattern family)
        """`article_year`: the year of the article's date, for 去年 / 今年 (without it they state no period)."""
        self.text = text
        self.mentions: list[Mention] = []
        first_start: int | None = None
        last_year: str | None = None
        last: Mention | None = None  # the last period stated, for 同期
        for m in PERIOD_RE.finditer(text):
            kind, value = "absolute", None
            if m.group("range"):
                value = f"{m.group('r1')}-{m.group('r2')}"
            elif m.group("since_long") or m.group("since") or m.group("since_short"):
                year = m.group("s1") or m.group("s2") or m.group("s3")
                value = f"{year}-"
                first_start = first_start or int(year)
            elif m.group("plan"):
                start = _PLANS[m.group("plan_n")]
                if m.group("plan_kind") in ("期间", "时期"):
                    value = f"{start}-{start + 4}"
                elif m.group("plan_kind") == "末":
                    value = str(start + 4)
                else:
                    value = f"{start}-"
                    first_start = first_start or start
            elif m.group("relsince") or m.group("rely"):
                if article_year is None:
                    continue
                word = m.group("rs") or m.group("rely")
                y = article_year - {"今年": 0, "前年": 2}.get(word, 1)
                value = f"{y}-" if m.group("relsince") else str(y)
                if m.group("rely"):
                    last_year = value
            elif m.group("annual"):
                # 全年 in a report about one year: the last single year stated before it.
                value = last_year
                if value is None:
                    continue
            elif m.group("until"):
                kind = "until"
                u = int(m.group("u"))
                value = f"{first_start}-{u}" if first_start and first_start <= u else f"-{u}"
            elif m.group("date"):
                value = m.group("dy")
            elif m.group("year"):
                value = m.group("y")
            elif m.group("past"):
                kind, value = "relative", "past year"
            elif m.group("rel") or m.group("rel2") or m.group("rel3"):
                kind, value = "relative", _relative(m.group("n1") or m.group("n2") or m.group("n3"))
            elif m.group("relm"):
                n = parse_numeral(m.group("m1"))
                kind, value = "relative", (f"{_MONTH_WORDS.get(int(n), int(n))} months" if n else None)
            elif m.group("reset"):
                kind = "reset"
            elif m.group("same"):
                kind = "same"
            elif m.group("sameperiod"):
                if last is None:
                    continue
                kind, value = last.kind, last.value
            if m.group("year") or m.group("date"):
                last_year = value
            mention = Mention(m.start(), m.end(), kind, value)
            if value is not None and kind in ("absolute", "relative", "until"):
                last = mention
            self.mentions.append(mention)
        self._starts = [mn.start for mn in self.mentions]

    def between(self, a: int, b: int) -> list[Mention]:
        """Mentions that end at or before b and start at or after a."""
        lo = bisect.bisect_left(self._starts, a)
        hi = bisect.bisect_left(self._starts, b)
        return [mn for mn in self.mentions[lo:hi] if mn.end <= b]


def _fold(mentions: list[Mention]) -> tuple[bool, str | None]:
    """Apply mentions left to right; returns (anything stated, resulting period)."""
    stated, state = False, None
    for mn in mentions:
        if mn.kind == "same":
            continue
        stated = True
        if mn.kind == "reset":
            state = None
        elif mn.kind == "relative" and state and state[0].isdigit():
            continue  # "2022年以来，在…的三年间": the explicit year is the more precise statement
        else:
            state = mn.value
    return stated, state


def local_period(clause: str, num_start: int, num_end: int, mentions: list[Mention], clause_start: int) -> tuple[bool, str | None]:
    """The period stated inside the figure's own clause, if any."""
    before = [mn for mn in mentions if mn.end <= clause_start + num_start]
    stated, state = _fold(before)
    if stated and state:
        return True, state
    per = PER_RE.search(clause)
    after = PER_AFTER_RE.match(clause[num_end:])
    if after:
        return True, _PER_WORDS[after.group("u")]
    if per:
        kind = next(k for k in ("day", "week", "month", "yr") if per.group(k))
        return True, {"day": "per day", "week": "per week", "month": "per month", "yr": "per year"}[kind]
    return stated, state


def resolve_period(
    finder: PeriodFinder,
    clause_span: tuple[int, int],
    num_span: tuple[int, int],
    sentence_span: tuple[int, int],
    paragraph_span: tuple[int, int],
    paragraph_lead: Callable[[], tuple[int, int] | None],
    local_only: bool = False,
    section_leads: Callable[[], list[tuple[int, int]]] | None = None,
) -> str | None:
    """The period of the number at num_span (all spans are indexes into finder.text).

    `paragraph_lead` finds the clause opening the paragraph, asked only when the clause and the
    sentence state no period."""
    cs, ce = clause_span
    clause = finder.text[cs:ce]
    stated, state = local_period(clause, num_span[0] - cs, num_span[1] - cs, finder.between(cs, ce), cs)
    if stated or local_only:
        return state
    stated, state = _fold(finder.between(sentence_span[0], cs))
    if stated:
        return state
    lead = paragraph_lead()
    if lead and lead[1] <= cs:
        # "截至2025年" sums up its own sentence; only opening years and spans cover a paragraph.
        stated, state = _fold([mn for mn in finder.between(*lead) if mn.kind != "until"])
        if stated:
            return state
    # A period in years stated over a section ("2024年", "2021年以来", in its sub-heading or opening
    # its first paragraph) covers the paragraphs under it that state no period of their own. A
    # relative span there ("三年来") more often tells the story so far than bounds the figures.
    for lead in section_leads() if section_leads else ():
        stated, state = _fold([mn for mn in finder.between(*lead) if mn.kind == "absolute"])
        if stated and state:
            return state
    return None
