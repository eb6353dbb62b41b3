"""Extraction throughput: MB of article text per second of CPU on one core.

Times the whole of extraction per article as the build runs it (ingest, figures,
pairings and scopes) over real article-sized inputs: the seeds and the held-out test
articles, in rounds until --seconds of CPU have been spent; the verdict is on the median round. Run:

    .venv/bin/python benchmarks/bench_extract.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from generator.extract import extract_article
from generator.gazetteer import Gazetteer
from generator.indicators import IndicatorCatalog
from generator.ingest import read_article

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="CPU seconds to spend")
    args = parser.parse_args()

    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(ROOT.glob("tests/fixtures/heldout*/articles/*.txt"))
    gazetteer = Gazetteer.load(ROOT / "data")
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    extract_article(read_article(files[0]), gazetteer, catalog)  # warm-up: lazy loads (jieba, pypinyin)

    size = sum(path.stat().st_size for path in files)
    # Each round (all articles once) is timed on its own: on a shared machine a neighbour's
    # burst slows some rounds, so the verdict is on the median round, with the spread shown.
    rates: list[float] = []
    start = time.process_time()
    while time.process_time() - start < args.seconds or len(rates) < 3:
        t0 = time.process_time()
        for path in files:
            extract_article(read_article(path), gazetteer, catalog)
        rates.append(size / 1e6 / (time.process_time() - t0))
    rates.sort()
    median = statistics.median(rates)
    verdict = "PASS" if median >= TARGET_MB_S else "MISS"
    print(f"{len(files)} articles ({size / 1e6:.2f} MB) x {len(rates)} rounds: median {median:.2f} MB/s of CPU "
          f"(rounds {rates[0]:.2f}-{rates[-1]:.2f}; target {TARGET_MB_S:g} MB/s: {verdict})")


if __name__ == "__main__":
    main()
