"""Score extracted facts against gold annotations (shared/gold/FORMAT.md).

A gold figure is found when an extracted figure has the same value (relative
tolerance 1e-9) and a quote that overlaps the gold quote in the article text
(or contains it / is contained in it, ignoring whitespace). Matching is
one-to-one and greedy. A gold pairing is found when both adcodes match.
Indicator accuracy is the share of found figures whose indicator is right. Scope
accuracy is the share of found figures with a gold `scope` key whose pairing (donor and
recipient adcodes) equals it; gold without `scope` keys (older sets) is not counted.
Scores are per article and micro-averaged over all articles.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .ids import article_id
from .model import ArticleFacts, Figure

_WS_RE = re.compile(r"\s+")


@dataclass
class Score:
    """True positives, false positives and false negatives, with precision and recall."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class FigureIssue:
    """One figure worth a look: a miss, a false positive, or a wrong indicator."""

    article: str
    value: float | int | None
    unit: str
    indicator: str
    quote: str
    expected_indicator: str | None = None  # for wrong indicators: the gold one
    scope: str | None = None  # for wrong scopes: "donor->recipient" extracted
    expected_scope: str | None = None  # for wrong scopes: the gold one


@dataclass
class ArticleScore:
    """Scores of one article and the figures behind them."""

    article: str
    pairings: Score = field(default_factory=Score)
    figures: Score = field(default_factory=Score)
    indicator_correct: int = 0
    missed: list[FigureIssue] = field(default_factory=list)
    false_positives: list[FigureIssue] = field(default_factory=list)
    wrong_indicator: list[FigureIssue] = field(default_factory=list)
    missed_pairings: list[str] = field(default_factory=list)
    extra_pairings: list[str] = field(default_factory=list)
    scope_scored: int = 0  # found figures whose gold states a scope
    scope_correct: int = 0
    wrong_scope: list[FigureIssue] = field(default_factory=list)

    @property
    def indicator_accuracy(self) -> float:
        return self.indicator_correct / self.figures.tp if self.figures.tp else 1.0

    @property
    def scope_accuracy(self) -> float | None:
        """None when the gold states no scope for any found figure (nothing to score)."""
        return self.scope_correct / self.scope_scored if self.scope_scored else None


@dataclass
class EvaluationReport:
    """Per-article scores, their micro-averaged total, and articles that could not be scored."""

    articles: list[ArticleScore]
    total: ArticleScore
    no_gold: list[str] = field(default_factory=list)  # extracted, but no gold file
    not_extracted: list[str] = field(default_factory=list)  # gold file, but the article was not extracted


def _norm(text: str) -> str:
    return _WS_RE.sub("", text or "")


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(quote) if quote else -1
    while start != -1:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _same_value(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def _overlap(gold_quote: str, gold_spans: list[tuple[int, int]], fig: Figure) -> int:
    """Characters shared by the figure's quote span and the gold quote (0 = no overlap)."""
    fs, fe = fig.offset, fig.offset + len(fig.quote)
    best = max((min(fe, ge) - max(fs, gs) for gs, ge in gold_spans), default=0)
    if best > 0:
        return best
    g, f = _norm(gold_quote), _norm(fig.quote)
    if g and f and (g in f or f in g):
        return min(len(g), len(f))
    return 0


def _issue(article: str, f: dict | Figure, expected: str | None = None) -> FigureIssue:
    if isinstance(f, Figure):
        return FigureIssue(article, f.value, f.unit, f.indicator, f.quote, expected)
    return FigureIssue(article, f.get("value"), f.get("unit", ""), f.get("indicator", ""), f.get("quote", ""), expected)


def _scope_key(scope) -> str | None:
    if not scope:
        return None
    return f"{scope.get('donor')}->{scope.get('recipient')}"


def _figure_scope(fig: Figure, facts: ArticleFacts) -> str | None:
    """The extracted figure's pairing as "donor->recipient" adcodes (None: no pairing)."""
    p = next((p for p in facts.pairings if p.id == fig.pairing), None)
    return f"{p.donor.adcode}->{p.recipient.adcode}" if p is not None else None


def score_article(gold: dict, facts: ArticleFacts) -> ArticleScore:
    """Match one article's extraction against its gold annotation."""
    text = facts.article.text
    name = facts.article.id
    result = ArticleScore(article=name)

    # Pairings: both adcodes equal, one-to-one.
    remaining = [p for p in facts.pairings if p.status != "rejected"]
    for gp in gold.get("pairings") or []:
        key = (str(gp["donor"].get("adcode")), str(gp["recipient"].get("adcode")))
        hit = next((p for p in remaining if (p.donor.adcode, p.recipient.adcode) == key), None)
        if hit is None:
            result.pairings.fn += 1
            result.missed_pairings.append(f"{gp['donor'].get('name')} -> {gp['recipient'].get('name')} {key}")
        else:
            result.pairings.tp += 1
            remaining.remove(hit)
    result.pairings.fp = len(remaining)
    result.extra_pairings = [f"{p.donor.name} -> {p.recipient.name} ({p.donor.adcode}, {p.recipient.adcode})" for p in remaining]

    # Figures: same value and overlapping quote; prefer the right indicator, then the largest overlap.
    pool = [f for f in facts.figures if f.status != "rejected"]
    for gf in gold.get("figures") or []:
        spans = _spans(text, gf.get("quote", ""))
        best: Figure | None = None
        best_key: tuple[bool, int] | None = None
        for fig in pool:
            if not _same_value(fig.value, gf.get("value")):
                continue
            ov = _overlap(gf.get("quote", ""), spans, fig)
            if ov <= 0:
                continue
            rank = (fig.indicator == gf.get("indicator"), ov)
            if best_key is None or rank > best_key:
                best, best_key = fig, rank
        if best is None:
            result.figures.fn += 1
            result.missed.append(_issue(name, gf))
            continue
        pool.remove(best)
        result.figures.tp += 1
        if best.indicator == gf.get("indicator"):
            result.indicator_correct += 1
        else:
            result.wrong_indicator.append(_issue(name, best, expected=gf.get("indicator")))
        if "scope" in gf:
            result.scope_scored += 1
            want, got = _scope_key(gf.get("scope")), _figure_scope(best, facts)
            if want == got:
                result.scope_correct += 1
            else:
                issue = _issue(name, best)
                issue.scope, issue.expected_scope = got, want
                result.wrong_scope.append(issue)
    result.figures.fp = len(pool)
    result.false_positives = [_issue(name, f) for f in pool]
    return result


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold annotations by article id (file stem of the `article` field, or of the YAML file)."""
    out = {}
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        article = article_id(str(data.get("article") or path.stem))
        out[article] = data
    return out


def evaluate(gold_dir: Path, facts: list[ArticleFacts]) -> EvaluationReport:
    """Score every extracted article that has a gold file; total scores are micro-averaged."""
    gold = load_gold(Path(gold_dir))
    total = ArticleScore(article="TOTAL")
    scores, no_gold = [], []
    seen = set()
    for f in facts:
        key = f.article.id
        if key not in gold:
            no_gold.append(key)
            continue
        seen.add(key)
        s = score_article(gold[key], f)
        scores.append(s)
        total.pairings.add(s.pairings)
        total.figures.add(s.figures)
        total.indicator_correct += s.indicator_correct
        total.scope_scored += s.scope_scored
        total.scope_correct += s.scope_correct
        total.wrong_scope += s.wrong_scope
        total.missed += s.missed
        total.false_positives += s.false_positives
        total.wrong_indicator += s.wrong_indicator
        total.missed_pairings += [f"{key}: {m}" for m in s.missed_pairings]
        total.extra_pairings += [f"{key}: {m}" for m in s.extra_pairings]
    return EvaluationReport(scores, total, no_gold, sorted(set(gold) - seen))


def _fmt(x) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x}"


def format_report(report: EvaluationReport, details: bool = False) -> str:
    """A readable table of per-article and total scores; with details, the misses and false positives."""
    head = f"{'article':<24} {'pairings P':>10} {'R':>5} {'figures P':>10} {'R':>5} {'tp/fp/fn':>10} {'indicator':>9} {'scope':>6}"
    lines = [head, "-" * len(head)]
    for s in [*report.articles, report.total]:
        if s is report.total:
            lines.append("-" * len(head))
        label = "TOTAL (micro)" if s is report.total else s.article
        f = s.figures
        lines.append(
            f"{label:<24} {s.pairings.precision:>10.2f} {s.pairings.recall:>5.2f} "
            f"{f.precision:>10.2f} {f.recall:>5.2f} {f'{f.tp}/{f.fp}/{f.fn}':>10} {s.indicator_accuracy:>9.2f} "
            f"{'—' if s.scope_accuracy is None else f'{s.scope_accuracy:.2f}':>6}"
        )
    if report.total.scope_scored:
        t = report.total
        lines.append(f"scope: {t.scope_correct} of {t.scope_scored} matched figures under the gold pairing"
                     " (— : the gold states no scope)")
    if report.not_extracted:
        lines.append(f"gold without extraction: {', '.join(report.not_extracted)}")
    if report.no_gold:
        lines.append(f"extracted without gold: {', '.join(report.no_gold)}")
    if details:
        t = report.total

        def block(title: str, issues: list[FigureIssue]) -> None:
            if not issues:
                return
            lines.append("")
            lines.append(f"{title} ({len(issues)}):")
            for i in issues:
                extra = f" expected {i.expected_indicator}" if i.expected_indicator else ""
                quote = i.quote.replace("\n", "⏎")
                lines.append(f"  {i.article[:3]} {i.indicator:<20} {_fmt(i.value):>12} {i.unit:<12}{extra}  «{quote}»")

        block("missed figures", t.missed)
        block("false positives", t.false_positives)
        block("wrong indicator", t.wrong_indicator)
        if t.wrong_scope:
            lines.append("")
            lines.append(f"wrong scope ({len(t.wrong_scope)}):")
            for i in t.wrong_scope:
                quote = i.quote.replace("\n", "⏎")
                lines.append(f"  {i.article[:3]} {i.indicator:<20} {_fmt(i.value):>12}  {i.scope} expected {i.expected_scope}  «{quote}»")
        for title, items in (("missed pairings", t.missed_pairings), ("extra pairings", t.extra_pairings)):
            if items:
                lines.append("")
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  {x}" for x in items)
    return "\n".join(lines)
