"""The house rules a linter can check: ruff on generator/ (pyflakes, bugbear, import order,
complexity; configured in pyproject.toml). A test, so that every run of the suite holds to them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_in_generator():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "generator"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
