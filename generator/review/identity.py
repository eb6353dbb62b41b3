"""What other articles say about each figure, for the reviewer: the same fact told again, or another value.

The site joins statements of one fact across articles when it builds the report (generator/sources.py);
a reviewer must see those joins where they review, so one fact is reviewed once and a wrong join or a
missed one can be undone (`same_as` / `not_same_as` on the figure, kept by every later extraction).
Computed as the report computes them, and cached by the state of each article file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..indicators import IndicatorCatalog
from ..model import ArticleFacts, Figure
from ..report import figure_scopes, is_reviewed, kept, link_id
from ..sources import Statement, identify_statements
from ..store import DataError, load_article_file


@dataclass(frozen=True)
class OtherStatement:
    """A figure of another article, as the workbench links to it."""

    article_id: str
    figure: Figure
    title: str | None
    outlet: str | None

    @property
    def ref(self) -> str:
        """How `same_as` / `not_same_as` name it: <article id>#<figure id>."""
        return f"{self.article_id}#{self.figure.id}"


@dataclass
class Relations:
    """One figure's relations to other articles' figures."""

    same: list[OtherStatement] = field(default_factory=list)  # statements of the same fact elsewhere
    disagree: list[OtherStatement] = field(default_factory=list)  # other values for the same indicator, scope, period
    different: list[OtherStatement] = field(default_factory=list)  # declared another fact (not_same_as, either side)

    @property
    def reviewed_in(self) -> list[OtherStatement]:
        """Other articles' statements of the same fact that a person reviewed: the fact is reviewed
        (the site counts a review of any statement for the fact)."""
        return [o for o in self.same if is_reviewed(o.figure)]

    def __bool__(self) -> bool:
        return bool(self.same or self.disagree or self.different)


def figure_relations(articles: Iterable[ArticleFacts]) -> dict[str, dict[str, Relations]]:
    """Relations of every kept figure, by article id, then figure id: the statements are
    scoped and joined exactly as the report does (report.figure_scopes, sources.identify_statements),
    without building the rest of the report."""
    articles = sorted(articles, key=lambda a: a.article.id)
    statements: list[Statement] = []
    for facts in articles:
        pairings = [p for p in facts.pairings if kept(p.status)]
        for f, key, assumed in figure_scopes(facts.figures, pairings):
            statements.append(Statement(facts.article.id, f, link_id(key) if key else None, not assumed, is_reviewed(f)))
    groups = identify_statements(statements)
    about = {a.article.id: (a.article.title, a.article.outlet) for a in articles}

    def other(st: Statement) -> OtherStatement:
        title, outlet = about.get(st.article_id, (None, None))
        return OtherStatement(st.article_id, st.figure, title, outlet)

    by_ref = {st.ref: st for st in statements}
    apart: dict[str, set[str]] = {}
    for ref, st in by_ref.items():  # a decision written on either figure holds for both
        for other_ref in st.figure.not_same_as:
            if other_ref in by_ref:
                apart.setdefault(ref, set()).add(other_ref)
                apart.setdefault(other_ref, set()).add(ref)
    out: dict[str, dict[str, Relations]] = {}
    for group in groups:
        disagree = [statements[groups[n].members[0]] for n in group.conflicts]
        for m in group.members:
            st = statements[m]
            relations = Relations(
                same=[other(statements[k]) for k in group.members if statements[k].article_id != st.article_id],
                disagree=[other(d) for d in disagree if d.article_id != st.article_id],
                different=[other(by_ref[r]) for r in sorted(apart.get(st.ref, ()))],
            )
            if relations:
                out.setdefault(st.article_id, {})[st.figure.id] = relations
    return out


class RelationsCache:
    """`figure_relations` of one project. Each article file is read again only when it changed
    (a reviewer's action changes one file: one file is read, not the corpus)."""

    def __init__(self, data_dir: Path, catalog: IndicatorCatalog):
        self.data_dir = Path(data_dir)
        self.catalog = catalog
        self._files: dict[Path, tuple[tuple, ArticleFacts | None]] = {}
        self._key: tuple | None = None
        self._relations: dict[str, dict[str, Relations]] = {}

    def _article(self, path: Path, state: tuple) -> ArticleFacts | None:
        cached = self._files.get(path)
        if cached and cached[0] == state:
            return cached[1]
        try:
            facts: ArticleFacts | None = load_article_file(path, self.catalog.ids())
        except DataError:
            facts = None  # the workbench shows the file as broken
        self._files[path] = (state, facts)
        return facts

    def of_article(self, article_id: str) -> dict[str, Relations]:
        """The relations of one article's figures, by figure id."""
        return self._current().get(article_id, {})

    def _current(self) -> dict[str, dict[str, Relations]]:
        states = []
        for path in sorted((self.data_dir / "articles").glob("*.yaml")):
            try:
                stat = path.stat()
            except OSError:
                continue
            states.append((path, (stat.st_mtime_ns, stat.st_size, stat.st_ino)))
        key = tuple(states)
        if key != self._key:
            articles = [a for path, state in states if (a := self._article(path, state)) is not None]
            self._files = {path: self._files[path] for path, _ in states}
            self._relations = figure_relations(articles)
            self._key = key
        return self._relations
