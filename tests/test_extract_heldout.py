"""Extraction on articles written and annotated blind to the extractor's rules.

tests/fixtures/heldout*/ hold articles about pairings the seeds do not cover, from other
(imitated) outlets, annotated by someone who never read the extraction rules; HELDOUT.md
records each set's numbers from its first, blind run. The bar is the issue's target for real
unseen articles, so a rule tuned to the seeds that breaks elsewhere fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ProjectPaths
from generator.evaluate import evaluate, format_report
from generator.pipeline import collect_article_files, extract_files

HERE = Path(__file__).parent
# Sets whose blind first run is below the bar and whose categories are not fixed yet (HELDOUT.md
# says which). Strict: once the extractor meets the bar the test fails until the entry is removed.
# Sets below the bar, marked as strict xfails until the categories they reveal are fixed
# (heldout11's own-account county pairings were fixed on 2026-12-05: none left).
BELOW_THE_BAR: dict[str, str] = {
    "heldout69": "first run: pairings recall 0.69",
    "heldout73": "first run: pairings recall 0.74 (city and province hospitals beside a district at one county)",
    "heldout83": "first run: indicator accuracy 0.75 (mentor pairs, a stay in months, what a surgery is)",
    "heldout90": "first run: pairings recall 0.73 (a donor province's five programmes; coverage lists)",
    "heldout138": "first run: pairings recall 0.63 (a donor province or municipality at counties of its 援疆/援藏 region)",
    "heldout165": "first run: pairings recall 0.76 (a donor province or municipality at several counties of its 援藏/援疆 region)",
    "heldout174": "first run: pairings P 0.71 R 0.71 (city hospitals at four counties of one prefecture, in a table: the city-hospital convention)",
    "heldout171": "first run: pairings recall 0.61 (a donor municipality's hospitals at several counties of one prefecture)",
    "heldout180": "first run: pairings recall 0.71",
    "heldout185": "first run: pairings recall 0.79 (a donor province's summary over four recipient provinces)",
    "heldout189": "first run: pairings recall 0.75 (a city's hospitals at counties of its prefectures)",
    "heldout195": "first run: pairings P 0.78 R 0.72 (a recipient province's notice over six donors)",
}
SETS = sorted(p for p in (HERE / "fixtures").glob("heldout*") if (p / "gold").is_dir())
PARAMS = [pytest.param(p, id=p.name, marks=[pytest.mark.xfail(reason=BELOW_THE_BAR[p.name], strict=True)]
                       if p.name in BELOW_THE_BAR else []) for p in SETS]


@pytest.mark.parametrize("heldout", PARAMS)
def test_unseen_articles_meet_the_targets(heldout: Path, capsys):
    paths = ProjectPaths(HERE.parent)
    run = extract_files(collect_article_files([heldout / "articles"]), paths, save=False)
    assert not run.failures
    report = evaluate(heldout / "gold", run.facts)
    with capsys.disabled():
        print(f"\n{heldout.name}\n{format_report(report)}")
    total = report.total
    assert total.pairings.recall >= 0.8 and total.pairings.precision >= 0.7
    assert total.figures.recall >= 0.85 and total.figures.precision >= 0.9
    assert total.indicator_accuracy >= 0.8
