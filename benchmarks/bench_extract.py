"""Extraction speed as a ratio to jieba's segmentation and to one regex pass over the same text.

Absolute speeds differ from machine to machine and from minute to minute on a shared one, so
each round times, back to back on the same text (the articles as ingest reads them, the seeds
and the held-out test articles), three things in CPU time:

  A. the whole of extraction per article as the build runs it (ingest, figures, pairings, scopes);
  B. `jieba.lcut` of each article's text (a common Chinese NLP baseline);
  C. one compiled number+unit regex over each article's text (a floor: reading the text once).

The verdict is on the median over rounds of A's speed / B's speed (target ≥ 1.5×, issue 20);
A / C is shown for scale. Absolute MB/s are printed too, for this machine and moment only.

    .venv/bin/python benchmarks/bench_extract.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import jieba

from generator.extract import extract_article, load_rules
from generator.gazetteer import Gazetteer
from generator.indicators import IndicatorCatalog
from generator.ingest import load_outlets, read_article

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO_TO_JIEBA = 1.5
NUMBER_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|人次|名|人|项|例|台|家|个|次|%)")


def _cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def measure(seconds: float = 20.0) -> dict:
    """Interleaved rounds (A B C, A B C, …) of CPU time on the same texts; medians of the ratios."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(ROOT.glob("tests/fixtures/heldout*/articles/*.txt"))
    gazetteer = Gazetteer.load(ROOT / "data")
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    rules = load_rules(ROOT / "data" / "extraction.yaml")
    outlets = load_outlets(ROOT / "data" / "outlets.yaml")
    texts = [read_article(p, outlets).text for p in files]
    extract_article(read_article(files[0], outlets), gazetteer, catalog, rules)  # warm-up: lazy loads
    jieba.lcut(texts[0])
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def extraction() -> None:
        for path in files:
            extract_article(read_article(path, outlets), gazetteer, catalog, rules)

    def segmentation() -> None:
        for text in texts:
            jieba.lcut(text)

    def regex() -> None:
        for text in texts:
            NUMBER_UNIT.findall(text)

    to_jieba: list[float] = []
    to_regex: list[float] = []
    speeds: list[float] = []
    start = time.process_time()
    while time.process_time() - start < seconds or len(to_jieba) < 5:
        a, b, c = _cpu(extraction), _cpu(segmentation), _cpu(regex)
        to_jieba.append(b / a)  # speed ratio = time ratio inverted
        to_regex.append(c / a)
        speeds.append(size_mb / a)
    return {"articles": len(files), "mb": size_mb, "rounds": len(to_jieba),
            "to_jieba": statistics.median(to_jieba), "to_jieba_range": (min(to_jieba), max(to_jieba)),
            "to_regex": statistics.median(to_regex), "mb_s": statistics.median(speeds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="CPU seconds to spend (at least 5 rounds)")
    args = parser.parse_args()
    m = measure(args.seconds)
    ratio = m["to_jieba"]
    verdict = "PASS" if ratio >= TARGET_RATIO_TO_JIEBA else "MISS"
    low, high = m["to_jieba_range"]
    print(f"{m['articles']} articles ({m['mb']:.2f} MB of text) x {m['rounds']} rounds, CPU time, interleaved:")
    print(f"  extraction speed / jieba.lcut speed: median {ratio:.2f}x "
          f"(rounds {low:.2f}-{high:.2f}; target {TARGET_RATIO_TO_JIEBA:g}x: {verdict})")
    print(f"  extraction speed / one regex pass:   median {m['to_regex']:.3f}x")
    print(f"  (this machine, this moment: extraction {m['mb_s']:.2f} MB/s of CPU)")


if __name__ == "__main__":
    main()
