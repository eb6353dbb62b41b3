"""Extraction stages: pairings, figures and other facts from cleaned article text.

`extract_article` is the one entry point the pipeline calls; `article_to_public_json`
turns its result into the public JSON contract (what `extract --format json` prints).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..indicators import IndicatorCatalog
from ..model import Article, ArticleFacts, Figure, Pairing
from ..script import simplified_view, to_simplified
from . import pairings as pairing_stage
from .figures import ExtractionRules, extract_figures, load_rules
from .scope import assign_scopes

__all__ = ["extract_article", "article_to_public_json", "ExtractionRules", "load_rules"]


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
    extracted, pairings are left empty. An article in traditional characters is read
    through its simplified view; its quotes are then copied from the text as printed.
    """
    view = simplified_view(article.text)
    read = article if view is None else replace(article, text=view, title=to_simplified(article.title or "") or None)
    rules = rules or load_rules()  # the project's data/extraction.yaml
    figures = extract_figures(read, rules)
    _check_catalog(figures, catalog)
    pairings: list[Pairing] = []
    if gazetteer is not None:
        cues = pairing_stage.PairingCues.of(gazetteer)
        mentions = pairing_stage.article_mentions(read, gazetteer, cues)  # once: pairings and scopes read the same
        pairings = pairing_stage.extract_pairings(read, gazetteer, cues, mentions)
        assign_scopes(read, pairings, figures, gazetteer, mentions, cues.speech_min)
    if not pairings and gazetteer is not None and rules.aid_article and not rules.aid_article.search(read.text):
        figures = []  # not about aid at all: its numbers are not facts of the report
    if view is not None:
        _quote_as_printed(article, read, pairings, figures)
    return ArticleFacts(article=article, pairings=pairings, figures=figures)


def _quote_as_printed(article: Article, read: Article, pairings: list[Pairing], figures: list[Figure]) -> None:
    """Replace quotes taken from the simplified view by the same spans of the article as printed."""

    def printed(quote: str, offset: int) -> str:
        if offset < 0:  # stated by the headline, quoted whole
            return article.title or quote if quote == read.title else quote
        return article.text[offset : offset + len(quote)]

    for f in figures:
        f.quote = printed(f.quote, f.offset)
    for p in pairings:
        p.quote = printed(p.quote, p.offset)
        p.institutions = [replace(i, quote=printed(i.quote, i.offset)) for i in p.institutions]


def _place(ref) -> dict:
    return {"name": ref.name, "adcode": ref.adcode, "level": ref.level}


def article_to_public_json(facts: ArticleFacts) -> dict:
    """The public JSON contract for one article (rejected facts are left out)."""
    a = facts.article
    pairings = [p for p in facts.pairings if p.status != "rejected"]
    scopes = {p.id: {"donor": p.donor.adcode, "recipient": p.recipient.adcode} for p in pairings}
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
                # The pairing whose aid the figure reports (shared/gold/FORMAT.md, "Scope"), or null.
                "scope": scopes.get(f.pairing) if f.pairing else None,
                # Meaning beyond the number, only when there is some (see Figure in model.py).
                **{k: v for k, v in (
                    ("before_qualifier", f.before_qualifier), ("as_many_as", f.as_many_as or None),
                    ("reduced", f.reduced or None), ("change", f.change),
                    ("derived", f.derived or None), ("derived_rule", f.derived_rule), ("part_of", f.part_of),
                ) if v is not None},
            }
            for f in facts.figures
            if f.status != "rejected"
        ],
    }
