"""Shared fixtures: the real gazetteer and the fixture data converted from the gold annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(ROOT / "data")


@pytest.fixture(scope="session")
def fixture_data_dir() -> Path:
    return FIXTURES / "data"
