"""Extraction stages: pairings, figures and other facts from cleaned article text.

`extract_article` is the one entry point the pipeline calls; `article_to_public_json`
turns its result into the public JSON contract (what `extract --format json` prints).
"""

from __future__ import annotations

from pathlib import Path

from ..indicators import IndicatorCatalog
from ..model import Article, ArticleFacts, Figure, Pairing
from .figures import DEFAULT_RULES, ExtractionRules, extract_figures, load_rules

__all__ = ["extract_article", "article_to_public_json", "ExtractionRules", "load_rules", "DEFAULT_RULES"]


def _check_catalog(figures: list[Figure], catalog: IndicatorCatalog | None) -> None:
    """A rule naming an indicator or unit the catalog does not allow would break the data contract: fall back to `other`."""
    if catalog is None or not catalog.ids():
        return
    for f in figures:
        if f.indicator not in catalog or f.unit not in catalog[f.indicator].units:
            f.indicator = "other"
            f.subject = None
            f.before = None


def extract_article(
    article: Article,
    gazetteer,
    catalog: IndicatorCatalog | None,
    rules: ExtractionRules | None = None,
) -> ArticleFacts:
    """Figures, pairings and their scopes for one article.

    `gazetteer` may be None (no place lookup available): figures are still
    extracted, pairings are left empty.
    """
    figures = extract_figures(article, rules or load_rules(DEFAULT_RULES))
    _check_catalog(figures, catalog)
    pairings: list[Pairing] = []
    if gazetteer is not None:
        try:
            from . import pairings as pairing_stage
        except ImportError:  # the pairing stage is developed separately; figures work without it
            pairing_stage = None
        if pairing_stage is not None:
            pairings = pairing_stage.extract_pairings(article, gazetteer)
            pairing_stage.assign_scopes(article, pairings, figures, gazetteer)
    return ArticleFacts(article=article, pairings=pairings, figures=figures)


def _place(ref) -> dict:
    return {"name": ref.name, "adcode": ref.adcode, "level": ref.level}


def article_to_public_json(facts: ArticleFacts) -> dict:
    """The public JSON contract for one article (rejected facts are left out)."""
    a = facts.article
    pairings = [p for p in facts.pairings if p.status != "rejected"]
    return {
        "source": a.source or Path(a.id).name,
        "title": a.title,
        "outlet": a.outlet,
        "date": a.date,
        "pairings": [
            {"donor": _place(p.donor), "recipient": _place(p.recipient), "quote": p.quote} for p in pairings
        ],
        "institutions": [
            {"donor": i.donor, "recipient": i.recipient, "quote": i.quote} for p in pairings for i in p.institutions
        ],
        "figures": [
            {
                "indicator": f.indicator,
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "period": f.period,
                "subject": f.subject,
                "before": f.before,
                "quote": f.quote,
            }
            for f in facts.figures
            if f.status != "rejected"
        ],
    }
