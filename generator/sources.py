"""Report-time identity: reposts and restated facts become one fact with several sources; conflicts are kept.

Chinese news is syndicated: one report is reposted by portals and official accounts (other page
furniture, sometimes in traditional characters), and later articles restate a programme's totals.
Two questions are answered here, both from content and never from file names:

- **Article identity** (`ArticleIndex`): is this text a copy of an article already held? Texts are
  compared as sets of hashed character shingles of the cleaned *simplified* text (so a traditional
  repost matches its original). Extraction records the answer as `copy_of` in the copy's review file.
- **Fact identity** (`identify_facts`): statements of the same indicator, unit, scope (pairing),
  period and subject whose values agree within the precision they are stated with are one fact;
  the same key with values that disagree, from different articles, is a conflict. A reviewer's
  `same_as` / `not_same_as` on a figure overrides the rule.

Everything is deterministic (stable hashes, sorted inputs), so identity is the same on every build.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, Mapping, Sequence

from .model import Figure
from .script import simplified_view

# ------------------------------------------------------------------------ article identity

SHINGLE_CHARS = 6  # characters per shingle: long enough that unrelated articles on one topic share few
SAMPLE_MODULUS = 4  # the candidate index keeps one shingle hash in four (the comparison uses all)
# Share of the shorter text's shingles found in the longer one. Measured on the seeds and held-out articles
# (tests/test_sources.py): a repost cut and lightly rewritten by an account (医院 → 我院) keeps 0.67–0.78 of them,
# unrelated articles on one programme never more than 0.5.
COPY_CONTAINMENT = 0.65
COPY_SIZE_RATIO = 0.5  # the shorter text is at least half as long: a round-up quoting a report is no copy
CANDIDATE_SHARE = 0.5  # sampled shingles in common, of the shorter text's, before an exact comparison
# Share of the shorter text's numbers found in the longer one. A repost keeps its figures (0.9 or more in every
# repost of the held-out sets, a rewrite dropping a 3 or a 26); an article written from the same template with
# other figures (a county's report for another month, another county's) keeps few of them: it is no copy.
COPY_NUMBERS = 0.8
MIN_SHINGLES = 30  # texts shorter than this are never called copies (too little to tell)

# Only letters, digits and CJK characters count: spacing, punctuation and line breaks differ between outlets.
_NOT_CONTENT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def content_text(text: str) -> str:
    """The text reduced to what a repost keeps: simplified characters, letters and digits only."""
    text = text or ""
    return _NOT_CONTENT.sub("", simplified_view(text) or text).lower()


@functools.lru_cache(maxsize=64)  # an article is looked up, then added: its shingles are made once
def shingles(text: str) -> frozenset[int]:
    """Stable hashes (CRC-32, not Python's salted hash) of every run of SHINGLE_CHARS content characters."""
    core = content_text(text)
    if len(core) < SHINGLE_CHARS:
        return frozenset()
    return frozenset(zlib.crc32(core[i : i + SHINGLE_CHARS].encode("utf-8")) for i in range(len(core) - SHINGLE_CHARS + 1))


_DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=64)
def numbers(text: str) -> frozenset[str]:
    """The runs of digits of the text's content (4.1万 reads 41万: a repost keeps them as they are)."""
    return frozenset(_DIGITS.findall(content_text(text)))


@dataclass(frozen=True)
class Resemblance:
    """How much of the shorter text the longer one holds, how their lengths compare, and how much of the
    shorter text's numbers the longer one holds."""

    containment: float
    size_ratio: float
    numbers: float = 1.0

    @property
    def is_copy(self) -> bool:
        return (self.containment >= COPY_CONTAINMENT and self.size_ratio >= COPY_SIZE_RATIO
                and self.numbers >= COPY_NUMBERS)


def resemblance(a: frozenset[int], b: frozenset[int], numbers_a: frozenset[str] = frozenset(),
                numbers_b: frozenset[str] = frozenset()) -> Resemblance:
    """`a`, `b`: the two texts' shingles; `numbers_a`, `numbers_b`: their numbers (none given: not compared)."""
    (small, small_numbers), (large, large_numbers) = sorted(((a, numbers_a), (b, numbers_b)), key=lambda x: len(x[0]))
    if len(small) < MIN_SHINGLES:
        return Resemblance(0.0, 0.0)
    kept = len(small_numbers & large_numbers) / len(small_numbers) if small_numbers else 1.0
    return Resemblance(len(small & large) / len(small), len(small) / len(large), kept)


@dataclass
class ArticleIndex:
    """Originals held so far, found again by a sample of their shingles (an inverted index).

    Each query touches only the articles that share a sampled shingle with it, so adding the
    thousandth article compares it with a handful, not with every article held.
    """

    fingerprints: dict[str, frozenset[int]] = field(default_factory=dict)
    _numbers: dict[str, frozenset[str]] = field(default_factory=dict)
    _postings: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    _sampled: dict[str, int] = field(default_factory=dict)  # sampled shingles per article

    def add(self, article_id: str, text: str) -> None:
        fp = shingles(text)
        self.fingerprints[article_id] = fp
        self._numbers[article_id] = numbers(text)
        self._sampled[article_id] = 0
        for h in fp:
            if h % SAMPLE_MODULUS == 0:
                self._postings[h].append(article_id)
                self._sampled[article_id] += 1

    def discard(self, article_id: str) -> None:
        """Forget an article (it turned out to be a copy): later ones are compared with its original."""
        fp = self.fingerprints.pop(article_id, frozenset())
        self._numbers.pop(article_id, None)
        self._sampled.pop(article_id, None)
        for h in fp:
            if h % SAMPLE_MODULUS == 0 and article_id in self._postings.get(h, ()):
                self._postings[h].remove(article_id)

    def copy_of(self, article_id: str, text: str, below: str | None = None) -> tuple[str, Resemblance] | None:
        """The held original this text copies (most resembling, then lowest id), or None.

        With `below`, only originals whose id sorts before it are considered.
        """
        fp = shingles(text)
        sampled = [h for h in fp if h % SAMPLE_MODULUS == 0]
        postings = self._postings
        # Counted in C (Counter over the chained postings): a corpus of one programme's articles
        # shares many shingles, and a Python loop over them was most of a cold extraction's time.
        counts = Counter(chain.from_iterable(postings[h] for h in sampled if h in postings))
        best: tuple[float, str, Resemblance] | None = None
        for other in sorted(counts):
            if other == article_id or (below is not None and other >= below):
                continue
            # A copy shares two thirds or more of the shorter text's sampled shingles; articles on the same
            # programme share a few stock phrases. Only the former are compared in full.
            if counts[other] < CANDIDATE_SHARE * min(len(sampled), self._sampled[other]):
                continue
            r = resemblance(fp, self.fingerprints[other], numbers(text), self._numbers[other])
            if r.is_copy and (best is None or r.containment > best[0]):
                best = (r.containment, other, r)
        return (best[1], best[2]) if best else None


# --------------------------------------------------------------------------- fact identity


@dataclass(frozen=True)
class Statement:
    """One article's statement of a figure, as fact identity sees it."""

    article_id: str
    figure: Figure
    scope: str | None  # the link (pairing) id the figure is scoped to; None: unknown, never merged
    scope_stated: bool = True  # False when the scope was assumed from the article's first pairing
    reviewed: bool = False

    @property
    def ref(self) -> str:
        """How a reviewer names this statement in `same_as` / `not_same_as`: <article id>#<figure id>."""
        return f"{self.article_id}#{self.figure.id}"

    @property
    def key(self) -> tuple | None:
        f = self.figure
        if self.scope is None:
            return None
        return (f.indicator, f.unit, self.scope, f.period, f.subject or None)


@dataclass
class FactGroup:
    """Statements that are one fact (indices into the input, representative first), and the facts
    (indices into the list of groups) that give the same indicator, scope and period another value."""

    members: list[int]
    conflicts: list[int] = field(default_factory=list)


def _precision(value: float) -> float:
    """The step a stated number is rounded to: 260 -> 10, 2000万 -> 100万 (two digits at least), 3.5 -> 0.1."""
    if value == 0:
        return 1.0
    if float(value).is_integer():
        n = int(abs(value))
        step = 1
        while n % 10 == 0 and n >= 10:
            n //= 10
            step *= 10
        # "2000余万" is read as two significant digits, not as "anywhere up to 3000万".
        return float(min(step, max(1, 10 ** (int(math.log10(abs(value))) - 1))))
    decimals = len(repr(float(value)).split(".")[1].rstrip("0")) if "." in repr(float(value)) else 0
    return 10.0 ** -decimals


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    step = _precision(value)
    if qualifier == "about":
        return value - step / 2, value + step / 2
    if qualifier in ("more_than", "at_least"):
        return value, value + step
    return value, value


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def same_value(a: Figure, b: Figure) -> bool:
    """Do two figures state the same number, within the rounding their wording allows?

    Exact numbers must be equal (257 and 260 disagree); "about 260" or "260余" covers what
    rounds to it (263), and two approximate numbers agree when their ranges overlap.
    """
    if (a.before is None) != (b.before is None):
        return False
    if a.before is not None and b.before is not None and not _close(float(a.before), float(b.before)):
        return False
    va, vb = float(a.value), float(b.value)
    if _close(va, vb):
        return True
    lo_a, hi_a = _interval(va, a.qualifier)
    lo_b, hi_b = _interval(vb, b.qualifier)
    if a.qualifier == "exact":
        return lo_b <= va <= hi_b and (b.qualifier != "more_than" or va > lo_b)
    if b.qualifier == "exact":
        return lo_a <= vb <= hi_a and (a.qualifier != "more_than" or vb > lo_a)
    return max(lo_a, lo_b) < min(hi_a, hi_b)


def identify_facts(  # noqa: C901 (groups, applies reviewer decisions, marks conflicts; one function each)
    statements: Sequence[Statement],
    same_as: Mapping[str, Iterable[str]] | None = None,
    not_same_as: Mapping[str, Iterable[str]] | None = None,
) -> list[FactGroup]:
    """Group statements into facts and mark conflicts; the input order decides representatives.

    A statement joins the first fact of its key whose every member it agrees with, that holds
    no statement of the same article (an article stating a number twice states two facts), and
    that a reviewer did not declare different (`not_same_as`). Then each reviewer's `same_as`
    joins two facts whatever the rule says. Two facts of one key conflict when their values
    differ, their period is stated, both scopes are stated, no article states both and no reviewer
    declared them different. The representative is the first reviewed statement, else the first.
    """
    refs = {s.ref: i for i, s in enumerate(statements)}
    apart: set[frozenset[int]] = set()
    for ref, others in (not_same_as or {}).items():
        for other in others:
            if ref in refs and other in refs:
                apart.add(frozenset((refs[ref], refs[other])))

    groups: list[list[int]] = []
    by_key: dict[tuple, list[int]] = defaultdict(list)  # key -> indices into groups
    group_of: dict[int, int] = {}
    for i, s in enumerate(statements):
        key = s.key
        target = None
        if key is not None:
            for g in by_key[key]:
                members = groups[g]
                if any(statements[m].article_id == s.article_id for m in members):
                    continue
                if any(frozenset((m, i)) in apart for m in members):
                    continue
                if all(same_value(statements[m].figure, s.figure) for m in members):
                    target = g
                    break
        if target is None:
            target = len(groups)
            groups.append([])
            if key is not None:
                by_key[key].append(target)
        groups[target].append(i)
        group_of[i] = target

    # A reviewer's "same as" joins two facts (union-find over groups, smallest index wins).
    parent = list(range(len(groups)))

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    for ref, others in (same_as or {}).items():
        for other in others:
            if ref in refs and other in refs:
                a, b = root(group_of[refs[ref]]), root(group_of[refs[other]])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    merged: dict[int, list[int]] = defaultdict(list)
    for g, members in enumerate(groups):
        merged[root(g)].extend(members)
    facts = []
    for g in sorted(merged):
        members = sorted(merged[g])
        reviewed = [m for m in members if statements[m].reviewed]
        if reviewed:
            members.remove(reviewed[0])
            members.insert(0, reviewed[0])
        facts.append(FactGroup(members))

    _mark_conflicts(facts, statements, apart)
    return facts


def identify_statements(statements: Sequence[Statement]) -> list[FactGroup]:
    """`identify_facts` with the decisions reviewers wrote on the figures themselves (same_as / not_same_as)."""
    same_as = {st.ref: st.figure.same_as for st in statements if st.figure.same_as}
    not_same_as = {st.ref: st.figure.not_same_as for st in statements if st.figure.not_same_as}
    return identify_facts(statements, same_as, not_same_as)


def _mark_conflicts(facts: list[FactGroup], statements: Sequence[Statement], apart: set[frozenset[int]]) -> None:
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for n, fact in enumerate(facts):
        rep = statements[fact.members[0]]
        if rep.key is not None and rep.figure.period and all(statements[m].scope_stated for m in fact.members):
            by_key[rep.key].append(n)
    for indices in by_key.values():
        for a in indices:
            for b in indices:
                if a >= b:
                    continue
                fa, fb = facts[a], facts[b]
                if {statements[m].article_id for m in fa.members} & {statements[m].article_id for m in fb.members}:
                    continue  # one article states both: two facts of that article, not a disagreement
                if any(frozenset((x, y)) in apart for x in fa.members for y in fb.members):
                    continue
                if same_value(statements[fa.members[0]].figure, statements[fb.members[0]].figure):
                    continue
                fa.conflicts.append(b)
                fb.conflicts.append(a)
