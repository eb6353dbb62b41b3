"""What other articles say about each figure, for the reviewer: the same fact told again, or another value.

The site joins statements of one fact across articles when it builds the report (generator/sources.py);
a reviewer must see those joins where they review, so one fact is reviewed once and a wrong join or a
missed one can be undone (`same_as` / `not_same_as` on the figure, kept by every later extraction).
Computed from the same report the site is built from, and cached by the state of the article files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..gazetteer import Gazetteer, GazetteerError
from ..indicators import IndicatorCatalog
from ..model import Figure
from ..report import ScopedFigure, build_report, is_reviewed
from ..store import load_articles


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

    @property
    def reviewed(self) -> bool:
        return is_reviewed(self.figure)


@dataclass
class Relations:
    """One figure's relations to other articles' figures."""

    same: list[OtherStatement] = field(default_factory=list)  # statements of the same fact elsewhere
    disagree: list[OtherStatement] = field(default_factory=list)  # other values for the same indicator, scope, period
    different: list[OtherStatement] = field(default_factory=list)  # declared another fact (not_same_as, either side)

    @property
    def reviewed_elsewhere(self) -> list[OtherStatement]:
        return [o for o in self.same if o.reviewed]

    def __bool__(self) -> bool:
        return bool(self.same or self.disagree or self.different)


def figure_relations(data_dir: Path, catalog: IndicatorCatalog, gazetteer: Gazetteer) -> dict[str, Relations]:
    """Relations of every kept figure, keyed by "<article id>#<figure id>" (broken files are skipped:
    the workbench shows them as broken)."""
    loaded = load_articles(data_dir, catalog.ids())
    titles = {a.article.id: (a.article.title, a.article.outlet) for a in loaded.articles}
    report = build_report(loaded.articles, catalog, gazetteer, region_slugs={})

    def other(sf: ScopedFigure) -> OtherStatement:
        title, outlet = titles.get(sf.source_id, (None, None))
        return OtherStatement(sf.source_id, sf.figure, title, outlet)

    statements = {f"{sf.source_id}#{sf.id}": sf for source in report.sources for sf in source.figures}
    apart: dict[str, set[str]] = {}
    for ref, sf in statements.items():  # a decision written on either figure holds for both
        for other_ref in sf.figure.not_same_as:
            if other_ref in statements:
                apart.setdefault(ref, set()).add(other_ref)
                apart.setdefault(other_ref, set()).add(ref)
    out: dict[str, Relations] = {}
    for ref, sf in statements.items():
        relations = Relations(
            same=[other(s) for s in (sf.fact.statements if sf.fact else []) if s.source_id != sf.source_id],
            disagree=[other(c) for c in sf.conflicts if c.source_id != sf.source_id],
            different=[other(statements[r]) for r in sorted(apart.get(ref, ()))],
        )
        if relations:
            out[ref] = relations
    return out


class RelationsCache:
    """`figure_relations` of one project, computed again only when an article file changed."""

    def __init__(self, data_dir: Path, catalog: IndicatorCatalog):
        self.data_dir = Path(data_dir)
        self.catalog = catalog
        self._gazetteer: Gazetteer | None = None
        self._key: tuple | None = None
        self._relations: dict[str, Relations] = {}

    def _state(self) -> tuple:
        out = []
        for path in sorted((self.data_dir / "articles").glob("*.yaml")):
            try:
                stat = path.stat()
            except OSError:
                continue
            out.append((path.name, stat.st_mtime_ns, stat.st_size))
        return tuple(out)

    def get(self) -> dict[str, Relations]:
        """Relations keyed by "<article id>#<figure id>"; none without a gazetteer (nothing is scoped then)."""
        key = self._state()
        if key != self._key:
            try:
                self._gazetteer = self._gazetteer or Gazetteer.load(self.data_dir)
            except GazetteerError:
                return {}
            self._relations = figure_relations(self.data_dir, self.catalog, self._gazetteer)
            self._key = key
        return self._relations
