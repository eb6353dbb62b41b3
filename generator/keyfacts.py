"""Key facts: the three to five figures a page opens with, chosen by stated rules, never summed.

The rules, in order (printed under the block and in the methodology):
1. figures a person reviewed (or added) before machine-extracted ones;
2. figures whose pairing the article states before those whose pairing is assumed;
3. the report's headline indicators (catalog order) before other indicators, and changes with a
   before-value before other outcomes; figures of the catch-all `other` indicator are not chosen;
4. the broadest scope (a province's pairing before a city's, a city's before a county's);
5. a figure with a stated period before one without;
6. one figure per indicator (per subject for outcomes) on a region page; one per recipient region on
   the home page. Ties go to the larger value, then the figure id, so the choice is stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .indicators import IndicatorCatalog
from .report import Region, Report, ScopedFigure

MIN_FACTS, MAX_FACTS = 3, 5
CATCH_ALL = "other"


@dataclass(frozen=True)
class KeyFact:
    figure: ScopedFigure
    region: Region | None  # the region the fact is about (home page), None on a region page
    partner: ScopedFigure | None = None  # the other side's count stated in the same clause (42 … 与 … 67)


def _partner(sf: ScopedFigure, pool: list[ScopedFigure]) -> ScopedFigure | None:
    """The figure of the same indicator, pairing and clause with another value: the other side of a count."""
    for other in pool:
        if (other.id != sf.id and other.link is sf.link and other.figure.indicator == sf.figure.indicator
                and other.figure.quote == sf.figure.quote and other.figure.unit == sf.figure.unit):
            return other
    return None


def _indicator_rank(catalog: IndicatorCatalog) -> dict[str, int]:
    headline = [i.id for i in catalog if i.headline]
    rest = ["outcome_change", "outcome_level"] + [i.id for i in catalog if not i.headline and not i.id.startswith("outcome")]
    return {ind: n for n, ind in enumerate(headline + rest)}


def rank(sf: ScopedFigure, order: dict[str, int]) -> tuple:
    """Sort key of the rules above (smaller is chosen first)."""
    f = sf.figure
    outcome_without_before = f.indicator == "outcome_change" and f.before is None
    return (
        not sf.reviewed,
        sf.scope_assumed,
        order.get(f.indicator, len(order)) + (0.5 if outcome_without_before else 0),
        sf.link.scope_rank if sf.link else 3,
        f.period is None,
        -float(f.value),
        f.id,
    )


def _group(sf: ScopedFigure) -> tuple[str, str]:
    return sf.figure.indicator, (sf.figure.subject or "") if sf.is_outcome else ""


def candidates(figures: Iterable[ScopedFigure]) -> list[ScopedFigure]:
    return [sf for sf in figures if sf.link is not None and sf.figure.indicator != CATCH_ALL]


def region_key_facts(region: Region, catalog: IndicatorCatalog, limit: int = MAX_FACTS) -> list[KeyFact]:
    """The region page's key facts: the best figure of each indicator, best first."""
    order = _indicator_rank(catalog)
    seen_ids, pool = set(), []
    for link in region.links:
        for sf in candidates(link.figures):
            if sf.id not in seen_ids:
                seen_ids.add(sf.id)
                pool.append(sf)
    chosen, groups = [], set()
    for sf in sorted(pool, key=lambda f: rank(f, order)):
        if _group(sf) in groups:
            continue
        groups.add(_group(sf))
        chosen.append(KeyFact(sf, None, _partner(sf, pool)))
        if len(chosen) == limit:
            break
    return chosen


def report_key_facts(report: Report, limit: int = MAX_FACTS) -> list[KeyFact]:
    """The home page's key facts: each recipient region's best figure, best first."""
    order = _indicator_rank(report.catalog)
    best = []
    for region in report.recipients:
        pool = candidates(f for g in region.received for link in g.links for f in link.figures)
        if pool:
            top = min(pool, key=lambda f: rank(f, order))
            best.append(KeyFact(top, region, _partner(top, pool)))
    best.sort(key=lambda kf: rank(kf.figure, order))
    return best[:limit]
