"""Extraction throughput: MB of article text per second on one core.

Concatenates the seed articles into a few MB (one big file, so ingest is
measured too) and times ingest + figure extraction. Run:

    .venv/bin/python benchmarks/bench_extract.py [--mb 4]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from generator.extract.figures import extract_figures, load_rules
from generator.ingest import read_article

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of the concatenated text in MB")
    args = parser.parse_args()

    # Cleaned seed bodies: raw pages end in boilerplate, which would (rightly) end the big article early.
    seeds = [read_article(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    unit = "\n\n".join(seeds)
    copies = max(1, int(args.mb * 1e6 / len(unit.encode("utf-8"))))
    big = "\n\n".join([unit] * copies)
    rules = load_rules()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.txt"
        path.write_text(big, encoding="utf-8")
        size_mb = path.stat().st_size / 1e6

        t0 = time.perf_counter()
        article = read_article(path)
        t1 = time.perf_counter()
        figures = extract_figures(article, rules)
        t2 = time.perf_counter()

    # Many ordinary-sized articles: the per-article overhead matters too.
    t3 = time.perf_counter()
    n_small = 0
    small_bytes = 0
    for _ in range(max(1, copies // 5)):
        for p in sorted((ROOT / "seeds").glob("*.txt")):
            a = read_article(p)
            extract_figures(a, rules)
            n_small += 1
            small_bytes += p.stat().st_size
    t4 = time.perf_counter()

    body_mb = len(article.text.encode("utf-8")) / 1e6
    print(f"one file of {size_mb:.2f} MB ({body_mb:.2f} MB body after cleaning), {len(figures)} figures")
    print(f"  ingest   {t1 - t0:6.2f} s  {size_mb / (t1 - t0):6.2f} MB/s")
    print(f"  figures  {t2 - t1:6.2f} s  {body_mb / (t2 - t1):6.2f} MB/s")
    print(f"  total    {t2 - t0:6.2f} s  {size_mb / (t2 - t0):6.2f} MB/s")
    print(f"{n_small} seed-sized articles ({small_bytes / 1e6:.2f} MB): {t4 - t3:.2f} s, "
          f"{small_bytes / 1e6 / (t4 - t3):.2f} MB/s")


if __name__ == "__main__":
    main()
