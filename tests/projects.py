"""Throwaway project checkouts for tests that build the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.config import ProjectPaths

ROOT = Path(__file__).resolve().parent.parent


def make_project(tmp: Path, data_dir: Path) -> ProjectPaths:
    """The real mkdocs.yml, hand-written docs and indicator catalog; the given data/articles."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    (tmp / "data").mkdir()
    shutil.copy(ROOT / "data" / "indicators.yaml", tmp / "data" / "indicators.yaml")
    shutil.copy(ROOT / "data" / "regions.yaml", tmp / "data" / "regions.yaml")  # region page addresses
    shutil.copy(ROOT / "data" / "glossary.yaml", tmp / "data" / "glossary.yaml")  # English labels of figures
    shutil.copytree(data_dir / "articles", tmp / "data" / "articles")
    return ProjectPaths(tmp)
