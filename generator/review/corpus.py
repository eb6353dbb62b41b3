"""What the workbench shows: articles with their cleaned text, facts located in it, and progress.

Read-only. The text is the seed read by the same ingest stage as extraction, so quote offsets
index into exactly the string shown. A fact whose quote no longer stands at its offset (the
article was re-edited) is found by its quote where possible and flagged for a second look.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ..config import ProjectFileMissing, ProjectPaths
from ..ingest import IngestError, load_outlets, read_article
from ..store import PERSON_STATUSES, DataError, translation_of
from .edits import TRANSLATION_LANGUAGE, ArticleFiles


@dataclass(frozen=True)
class Span:
    """Where a fact's quote stands in the cleaned text (start inclusive, end exclusive)."""

    start: int
    end: int
    moved: bool = False  # found by its quote, not at its recorded offset


@dataclass
class FactView:
    """One pairing or figure as the workbench lists it."""

    kind: str  # "pairings" | "figures"
    data: dict
    span: Span | None
    extra_spans: list[Span] = field(default_factory=list)  # a pairing's institution quotes

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def status(self) -> str:
        return self.data.get("status") or "machine"

    @property
    def decided(self) -> bool:
        return self.status in PERSON_STATUSES

    @property
    def second_look(self) -> bool:
        """A person's decision on a quote that moved or vanished, or one the store flagged."""
        flagged = bool(self.data.get("needs_second_look"))
        lost = self.span is None or self.span.moved
        return flagged or (self.decided and lost and bool(self.data.get("quote")))


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same facts (none for plain text)."""

    text: str
    start: int
    facts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass
class Progress:
    decided: int = 0
    total: int = 0
    covered: int = 0  # not decided here, but a person reviewed the same fact in another article

    def add(self, other: "Progress") -> None:
        self.decided += other.decided
        self.total += other.total
        self.covered += other.covered

    @property
    def done(self) -> int:
        """Facts that need no more review: decided here, or reviewed as the same fact elsewhere."""
        return self.decided + self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass
class ArticleView:
    """One article page: its document, text (or why there is none) and facts in reading order."""

    id: str
    document: dict
    text: str | None
    text_problem: str | None
    seed_changed: bool
    pairings: list[FactView]
    figures: list[FactView]

    @property
    def facts(self) -> list[FactView]:
        return [*self.pairings, *self.figures]

    @property
    def progress(self) -> Progress:
        return self.progress_given({})

    def progress_given(self, reviewed_elsewhere: Container[str]) -> Progress:
        """Progress, counting as covered an open figure whose fact a person reviewed in another
        article (`reviewed_elsewhere`: figure ids; generator/review/identity.py)."""
        facts = self.facts
        covered = sum(1 for f in self.figures if not f.decided and f.id in reviewed_elsewhere)
        return Progress(sum(f.decided for f in facts), len(facts), covered)

    @property
    def second_look(self) -> list[FactView]:
        return [f for f in self.facts if f.second_look]

    def segments(self) -> list[Segment]:
        """The text cut where a highlight begins or ends; each piece knows the facts over it."""
        if self.text is None:
            return []
        covering: list[tuple[Span, str, str]] = []
        for fact in self.facts:
            for span in ([fact.span] if fact.span else []) + fact.extra_spans:
                covering.append((span, fact.id, fact.kind))
        cuts = sorted({0, len(self.text), *(s.start for s, _, _ in covering), *(s.end for s, _, _ in covering)})
        out = []
        for start, end in pairwise(cuts):
            over = [(fid, kind) for span, fid, kind in covering if span.start <= start and end <= span.end]
            out.append(Segment(
                self.text[start:end], start,
                tuple(dict.fromkeys(fid for fid, _ in over)), tuple(sorted({kind for _, kind in over})),
            ))
        return out


@dataclass
class ArticleRow:
    """One line of the index."""

    id: str
    title: str | None
    title_translated: str | None  # the curated title in the workbench's translation language
    progress: Progress
    seed_changed: bool = False
    second_look: int = 0
    problem: str | None = None  # the file cannot be read: what is wrong
    copy_of: str | None = None  # a repost: the article whose facts it adds a source to


def locate(text: str, quote: str | None, offset: int | None) -> Span | None:
    """The quote at its offset, else its first occurrence (moved), else None."""
    if not quote:
        return None
    if offset is not None and offset >= 0 and text[offset:offset + len(quote)] == quote:
        return Span(offset, offset + len(quote))
    found = text.find(quote)
    return Span(found, found + len(quote), moved=True) if found >= 0 else None


class Corpus:
    """The project's articles as the workbench sees them (cleaned texts cached by file state)."""

    def __init__(self, paths: ProjectPaths, files: ArticleFiles):
        self.paths = paths
        self.files = files
        self._texts: dict[Path, tuple[tuple[float, int], str, str]] = {}
        # Article pages by the state of their two files: every page shows the corpus total, and
        # re-reading every YAML file on every keystroke would not scale to a large corpus.
        self._views: dict[str, tuple[tuple, "ArticleView"]] = {}

    def ids(self) -> list[str]:
        return self.files.ids()

    def neighbours(self, article_id: str) -> tuple[str | None, str | None]:
        ids = self.ids()
        if article_id not in ids:
            return None, None
        i = ids.index(article_id)
        return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)

    def _seed(self, document: dict) -> Path:
        return self.paths.seeds / (document.get("source") or f"{document['id']}.txt")

    def _text(self, seed: Path) -> tuple[str, str]:
        """(cleaned text, sha256 of the seed's bytes); IngestError/OSError when unreadable."""
        stat = seed.stat()
        key = (stat.st_mtime, stat.st_size)
        cached = self._texts.get(seed)
        if cached and cached[0] == key:
            return cached[1], cached[2]
        # The same outlet table as extraction (the project's data/outlets.yaml): the same cleaned text.
        article = read_article(seed, load_outlets(self.paths.outlets))
        self._texts[seed] = (key, article.text, article.sha256)
        return article.text, article.sha256

    def article(self, article_id: str) -> ArticleView:
        """The article's page model; store.DataError when its file is broken."""
        key = _file_state(self.files.path(article_id))
        cached = self._views.get(article_id)
        if cached and key is not None and cached[0] == key + (_file_state(self._seed(cached[1].document)),):
            return cached[1]
        view = self._read(article_id)
        if key is not None:
            self._views[article_id] = (key + (_file_state(self._seed(view.document)),), view)
        return view

    def _read(self, article_id: str) -> ArticleView:
        document = self.files.load(article_id)
        seed = self._seed(document)
        text, problem, seed_changed = None, None, False
        try:
            text, sha = self._text(seed)
            seed_changed = bool(document.get("sha256")) and sha != document.get("sha256")
        except ProjectFileMissing as exc:  # data/outlets.yaml
            problem = str(exc)
        except FileNotFoundError:
            problem = f"{seed}: the article's source file is missing"
        except (IngestError, OSError, DataError) as exc:
            problem = str(exc)

        def view(kind: str, fact: dict) -> FactView:
            span = locate(text, fact.get("quote"), fact.get("offset")) if text is not None else None
            extra = []
            for inst in fact.get("institutions") or [] if text is not None else []:
                found = locate(text or "", inst.get("quote"), inst.get("offset"))  # text is set: see the loop
                if found:
                    extra.append(found)
            return FactView(kind, fact, span, extra)

        def reading_order(v: FactView) -> tuple:
            return (v.span is None, v.span.start if v.span else 0)

        pairings = sorted((view("pairings", p) for p in document.get("pairings") or []), key=reading_order)
        figures = sorted((view("figures", f) for f in document.get("figures") or []), key=reading_order)
        return ArticleView(article_id, document, text, problem, seed_changed, pairings, figures)

    def rows(self, reviewed_elsewhere: Callable[[str], Container[str]] | None = None) -> tuple[list[ArticleRow], Progress]:
        """Every article with its progress, and the corpus total. `reviewed_elsewhere(article id)`:
        the ids of its figures whose fact a person reviewed in another article."""
        rows, total = [], Progress()
        for article_id in self.ids():
            try:
                view = self.article(article_id)
            except DataError as exc:
                rows.append(ArticleRow(article_id, None, None, Progress(), problem=str(exc)))
                continue
            progress = view.progress_given(reviewed_elsewhere(article_id) if reviewed_elsewhere else ())
            total.add(progress)
            rows.append(ArticleRow(
                article_id, view.document.get("title"), translation_of(view.document, TRANSLATION_LANGUAGE, "title"), progress,
                seed_changed=view.seed_changed, second_look=len(view.second_look), problem=view.text_problem,
                copy_of=view.document.get("copy_of"),
            ))
        return rows, total


def _file_state(path: Path) -> tuple | None:
    """What tells a changed file from an unchanged one without reading it."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
