"""Every hand-written gold file follows shared/gold/FORMAT.md.

The held-out sets and the synthetic fixtures are the yardstick of the extractor, so a typo in
one of them (an indicator id that does not exist, a quote that is not in the article, a scope
naming a pairing the file does not list, a division's former code) would silently skew every measurement made with it.
These checks read each gold YAML beside its article, as an annotator would, and name the file,
the figure and what is wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from generator.ingest import read_article

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

INDICATORS = set(yaml.safe_load((ROOT / "data" / "indicators.yaml").read_text(encoding="utf-8"))["indicators"])
UNITS = {"person", "person_time", "institution", "item", "case", "yuan", "percent", "minute",
         "batch", "region", "session", "other"}
QUALIFIERS = {"exact", "more_than", "about", "at_least"}
LEVELS = {"province", "prefecture", "county", "district"}
# Today's divisions (FORMAT.md: use today's code of a division that was renamed or created since).
with (ROOT / "data" / "gazetteer" / "divisions.csv").open(encoding="utf-8") as _fh:
    DIVISIONS = {row["adcode"] for row in csv.DictReader(_fh)}


def _uses_scopes(gold_dir: Path) -> bool:
    """A set converted to FORMAT.md's scopes has one on every figure (sets are converted whole)."""
    return any(
        "scope" in fig
        for path in gold_dir.glob("*.yaml")
        for fig in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figures") or []
    )


def _gold_sets() -> list[tuple[Path, Path, bool]]:
    """(gold folder, article folder, scopes required) for every hand-written gold set."""
    sets = [(d / "gold", d / "articles") for d in sorted(FIXTURES.glob("heldout*")) if (d / "gold").is_dir()]
    sets.append((FIXTURES / "gold_synthetic", FIXTURES / "articles"))
    sets.append((FIXTURES / "gold", ROOT / "seeds"))  # the seeds' gold, synced from shared/gold/seeds
    return [(gold, articles, _uses_scopes(gold)) for gold, articles in sets]


CASES = [
    (gold_path, articles, required)
    for gold_dir, articles, required in _gold_sets()
    for gold_path in sorted(gold_dir.glob("*.yaml"))
]


def _problems(gold_path: Path, articles: Path, scope_required: bool) -> list[str]:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
    article_path = articles / str(gold.get("article") or "")
    if not gold.get("article") or not article_path.is_file():
        return [f"article {gold.get('article')!r} not found in {articles}"]
    article = read_article(article_path)
    texts = (article.raw_text, article.text)
    problems = []

    keys = set()
    for i, pairing in enumerate(gold.get("pairings") or []):
        for side in ("donor", "recipient"):
            place = pairing.get(side) or {}
            code = str(place.get("adcode") or "")
            if len(code) != 6 or not code.isdigit():
                problems.append(f"pairing {i}: {side} adcode {code!r} is not 6 digits")
            elif code not in DIVISIONS:
                problems.append(f"pairing {i}: {side} adcode {code} ({place.get('name')}) is not one of today's divisions")
            if place.get("level") not in LEVELS:
                problems.append(f"pairing {i}: {side} level {place.get('level')!r}")
        keys.add((str(pairing["donor"].get("adcode")), str(pairing["recipient"].get("adcode"))))

    for i, fig in enumerate(gold.get("figures") or []):
        where = f"figure {i} ({fig.get('value')} | {fig.get('quote')!r})"
        if fig.get("indicator") not in INDICATORS:
            problems.append(f"{where}: indicator {fig.get('indicator')!r} is not in the catalog")
        if fig.get("unit") not in UNITS:
            problems.append(f"{where}: unit {fig.get('unit')!r}")
        if fig.get("qualifier") not in QUALIFIERS:
            problems.append(f"{where}: qualifier {fig.get('qualifier')!r}")
        if not isinstance(fig.get("value"), (int, float)):
            problems.append(f"{where}: value is not a number")
        quote = fig.get("quote")
        if not quote or not any(quote in t for t in texts):
            problems.append(f"{where}: quote not found verbatim in {article_path.name}")
        if "scope" not in fig:
            if scope_required:
                problems.append(f"{where}: no scope")
            continue
        scope = fig["scope"]
        if scope is not None:
            key = (str(scope.get("donor")), str(scope.get("recipient")))
            if key not in keys:
                problems.append(f"{where}: scope {key} is not one of the file's pairings")
    return problems


@pytest.mark.parametrize(
    "gold_path,articles,scope_required",
    CASES,
    ids=[f"{g.parent.parent.name}/{g.stem}" if g.parent.name == "gold" else f"{g.parent.name}/{g.stem}" for g, _, _ in CASES],
)
def test_gold_file_is_well_formed(gold_path: Path, articles: Path, scope_required: bool):
    problems = _problems(gold_path, articles, scope_required)
    assert not problems, f"{gold_path.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


def test_every_gold_set_is_checked():
    """A new held-out set is picked up without editing this file."""
    names = {g.parent.parent.name for g, _, _ in CASES if g.parent.name == "gold"}
    assert {"heldout", "heldout9"} <= names
    assert any(g.parent.name == "gold_synthetic" for g, _, _ in CASES)


def test_a_broken_gold_file_is_reported(tmp_path):
    """Made-up article and gold: each kind of mistake is named."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.txt").write_text(
        "甲市对口帮扶乙县以来，累计选派专家12名赴乙县开展帮扶。\n", encoding="utf-8"
    )
    gold = {
        "article": "x.txt",
        "pairings": [{"donor": {"name": "甲市", "adcode": "110100", "level": "prefecture"},
                      "recipient": {"name": "乙县", "adcode": "520101", "level": "county"}}],
        "figures": [
            {"indicator": "experts_sent", "value": 12, "unit": "person", "qualifier": "exact",
             "quote": "累计选派专家12名", "scope": {"donor": "110100", "recipient": "520101"}},
            {"indicator": "doctors", "value": 12, "unit": "people", "qualifier": "up_to",
             "quote": "选派专家十二名", "scope": {"donor": "110100", "recipient": "520000"}},
            {"indicator": "experts_sent", "value": 12, "unit": "person", "qualifier": "exact",
             "quote": "累计选派专家12名"},
        ],
    }
    path = tmp_path / "gold" / "x.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    problems = _problems(path, tmp_path / "articles", scope_required=True)
    text = "\n".join(problems)
    assert not any(p.startswith("figure 0") for p in problems)
    for expected in ("indicator 'doctors'", "unit 'people'", "qualifier 'up_to'", "quote not found",
                     "is not one of the file's pairings", "figure 2 (12 | '累计选派专家12名'): no scope",
                     "520101 (乙县) is not one of today's divisions"):
        assert expected in text
