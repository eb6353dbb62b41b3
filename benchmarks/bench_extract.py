"""Extraction throughput: MB of article text per second of CPU on one core.

Times the whole of extraction per article as the build runs it (ingest, figures,
pairings and scopes) over real article-sized inputs: the seeds and the held-out test
articles, repeated until --seconds of CPU have been spent. Run:

    .venv/bin/python benchmarks/bench_extract.py [--seconds 10]
"""

from __future__ import annotations

import argparse
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
    rounds, start = 0, time.process_time()
    while time.process_time() - start < args.seconds:
        for path in files:
            extract_article(read_article(path), gazetteer, catalog)
        rounds += 1
    seconds = time.process_time() - start
    mb = size * rounds / 1e6
    rate = mb / seconds
    verdict = "PASS" if rate >= TARGET_MB_S else "MISS"
    print(f"{len(files)} articles x {rounds}: {mb:.2f} MB in {seconds:.1f} s CPU = {rate:.2f} MB/s "
          f"(target {TARGET_MB_S:g} MB/s: {verdict})")


if __name__ == "__main__":
    main()
