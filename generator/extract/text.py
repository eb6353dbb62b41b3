"""The one sentence / clause / paragraph / section segmenter of the extraction stages.

Pairings, figures and scopes all ask "which sentence, clause, paragraph or section is this
position in"; they ask it here, so a change to what ends a sentence (a line cut mid-sentence
by a scraped page, a short heading line) changes every stage alike.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .numbers import CLAUSE_COMMA

SENTENCE_END = re.compile(r"[。！？；!?;\n]")
COMMA = re.compile(CLAUSE_COMMA)  # not the comma of 3,468
# A heading: a short paragraph of one line with no sentence punctuation ("都安：从…到…").
HEADING_MAX = 40
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;…]")

Span = tuple[int, int]


_QUOTED = re.compile(r"“([^“”]*)”")


def speech_spans(text: str, min_len: int = 12) -> list[Span]:
    """Spans of quoted speech: a quotation of `min_len` characters or more with sentence punctuation
    inside (a person talking), not a quoted term (“组团式”). Places said there are the speaker's story."""
    return [(m.start(1), m.end(1)) for m in _QUOTED.finditer(text)
            if len(m.group(1)) >= min_len and re.search(r"[，,。！？!?]", m.group(1))]


@functools.lru_cache(maxsize=4)
def sentences(text: str) -> tuple[Span, ...]:
    """Spans of sentences: text between 。！？；, line breaks (whitespace-trimmed).

    Cached for the last few texts: each stage of one article asks for the same spans."""
    spans, start = [], 0
    for m in list(SENTENCE_END.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = m.end() if m else len(text)
    return tuple(spans)


@functools.lru_cache(maxsize=256)
def clauses(text: str, s: int, e: int) -> tuple[Span, ...]:
    """Comma clauses of a sentence (ASCII and full-width commas); cached, stages ask again."""
    out, start = [], s
    for m in COMMA.finditer(text, s, e):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, e))
    return tuple(out)


def paragraph_break(text: str, prev_end: int, start: int) -> bool:
    """A line break between two sentences ends a paragraph unless the line was cut
    mid-sentence (…静脉\\n\\n溶栓技术…, common in scraped pages)."""
    gap = text[prev_end:start]
    if "\n" not in gap:
        return False
    if gap[0] != "\n" or text[prev_end - 1] in "。！？!?；;”\"'…)）:：":
        return True
    # Cut lines are long and the next line is not indented; captions and headings are short.
    line_start = text.rfind("\n", 0, prev_end) + 1
    last = SENTENCE_END.split(text[line_start:prev_end])[-1]
    indented = gap.rstrip("\n").endswith((" ", "\u3000", "\t")) or gap.split("\n")[-1] != ""
    return len(last) < 15 or indented


@functools.lru_cache(maxsize=4)
def paragraphs(text: str) -> tuple[Span, ...]:
    """Paragraph spans: runs of sentences not separated by a paragraph break."""
    spans = sentences(text)
    out: list[Span] = []
    for k, (s, e) in enumerate(spans):
        if not out or paragraph_break(text, spans[k - 1][1], s):
            out.append((s, e))
        else:
            out[-1] = (out[-1][0], e)
    return tuple(out)


def is_heading(text: str, span: Span) -> bool:
    """A paragraph that reads as a section heading: one short line, no sentence punctuation, not
    a note in brackets (（本文转载自…，原题为《…》）, 【解说】)."""
    a, b = span
    if b - a > HEADING_MAX or "\n" in text[a:b] or _SENTENCE_PUNCT.search(text, a, b + 1):
        return False
    return not (text[a] in "（(【[" and text[b - 1] in "）)】]")


def _start(span: Span) -> int:
    return span[0]


@dataclass(frozen=True)
class Segments:
    """Sentences, paragraphs and section headings of one text, with lookups by position."""

    text: str
    sentences: tuple[Span, ...]
    paragraphs: tuple[Span, ...]
    headings: tuple[int, ...]  # indexes into paragraphs

    @classmethod
    def of(cls, text: str) -> "Segments":
        paras = paragraphs(text)
        return cls(text, sentences(text), paras, tuple(k for k, p in enumerate(paras) if is_heading(text, p)))

    @staticmethod
    def _index(spans: tuple[Span, ...], pos: int) -> int | None:
        k = bisect.bisect_right(spans, pos, key=_start) - 1  # no list of starts built per call
        return k if k >= 0 and pos < spans[k][1] + 1 else None

    def sentence_before(self, pos: int) -> Span | None:
        """The sentence before the one at `pos`, within the same paragraph (None at a paragraph's start)."""
        k = self._index(self.sentences, pos)
        paragraph = self.paragraph_at(pos)
        if not k or paragraph is None or self.sentences[k - 1][0] < paragraph[0]:
            return None
        return self.sentences[k - 1]

    def sentence_at(self, pos: int) -> Span | None:
        k = self._index(self.sentences, pos)
        return self.sentences[k] if k is not None else None

    def clause_at(self, pos: int) -> Span | None:
        sentence = self.sentence_at(pos)
        if sentence is None:
            return None
        return next((c for c in clauses(self.text, *sentence) if c[0] <= pos <= c[1]), sentence)

    def paragraph_index(self, pos: int) -> int | None:
        return self._index(self.paragraphs, pos)

    def paragraph_at(self, pos: int) -> Span | None:
        k = self.paragraph_index(pos)
        return self.paragraphs[k] if k is not None else None

    def heading_of(self, pos: int) -> Span | None:
        """The heading of the section the position is in (None before the first heading),
        or None when the position is in a heading itself."""
        k = self.paragraph_index(pos)
        if k is None or k in self.headings:
            return None
        h = bisect.bisect_right(self.headings, k) - 1
        return self.paragraphs[self.headings[h]] if h >= 0 else None
