"""Progress reporting for every command: one line per stage with its count and time, and a bar over
articles on a terminal; silent in tests (SILENT)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from tqdm import tqdm


@dataclass
class Reporter:
    """Where progress goes: stage lines and bars on stderr, or nowhere in tests."""

    stream: TextIO | None = sys.stderr
    progress_bars: bool = True

    def line(self, text: str) -> None:
        if self.stream is not None:
            print(text, file=self.stream, flush=True)

    def bar(self, items: Sequence, label: str):
        show = self.stream is not None and self.progress_bars and len(items) > 1
        return tqdm(items, desc=label, unit="article", file=self.stream, disable=not show, leave=False)

    def chunks(self, items: Sequence, label: str, size: int) -> Iterator[Sequence]:
        """`items` in slices of `size`, with a bar that advances by each slice's length."""
        show = self.stream is not None and self.progress_bars and len(items) > 1
        with tqdm(total=len(items), desc=label, unit="article", file=self.stream, disable=not show, leave=False) as bar:
            for start in range(0, len(items), size):
                chunk = items[start:start + size]
                yield chunk
                bar.update(len(chunk))

    @contextmanager
    def stage(self, name: str) -> Iterator[dict]:
        """Time a stage; the caller fills `info['count']` and `info['what']`."""
        info: dict = {"count": None, "what": ""}
        start = time.perf_counter()
        self.line(f"▸ {name} …")
        yield info
        seconds = time.perf_counter() - start
        count = f"{info['count']} {info['what']}".strip() if info["count"] is not None else "done"
        self.line(f"✓ {name}: {count} in {seconds:.2f} s")


SILENT = Reporter(stream=None)
