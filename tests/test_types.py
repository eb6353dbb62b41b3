"""The types a checker can hold us to: mypy on generator/ (configured in pyproject.toml), clean.
A test, so that every run of the suite (and CI) keeps it so (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_nothing_in_generator(monkeypatch):
    api = pytest.importorskip("mypy.api")
    monkeypatch.chdir(ROOT)  # pyproject.toml's [tool.mypy]: files, strictness, libraries without types
    out, err, status = api.run(["--no-error-summary", "--cache-dir", str(ROOT / "build" / "mypy-cache")])
    assert status == 0, out + err
