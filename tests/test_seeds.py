"""The cheap questions a build asks first (generator/seeds.py): which articles there are, and
whether the extractor or an article changed since its facts were extracted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.config import ProjectPaths
from generator.seeds import extractor_fingerprint

ROOT = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path) -> ProjectPaths:
    (tmp_path / "data").mkdir()
    for name in ("extraction.yaml", "outlets.yaml", "indicators.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    shutil.copytree(ROOT / "data" / "gazetteer", tmp_path / "data" / "gazetteer")
    return ProjectPaths(tmp_path)


def test_the_extractor_fingerprint_counts_data_not_comments_and_survives_its_cache(tmp_path):
    paths = _project(tmp_path)
    first = extractor_fingerprint(paths)
    cache = paths.build / "state" / "extractor.json"
    assert json.loads(cache.read_text(encoding="utf-8"))["fingerprint"] == first
    rules = paths.data / "outlets.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text("# a reviewer's note: nothing the extractor reads\n" + text, encoding="utf-8")
    assert extractor_fingerprint(paths) == first  # parsed again (new bytes), same data
    cache.write_text("{not json", encoding="utf-8")
    assert extractor_fingerprint(paths) == first  # a broken cache is computed again, never trusted
    rules.write_text(text + "\n", encoding="utf-8")
    assert extractor_fingerprint(paths) == first
    data = paths.data / "indicators.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "\n# a comment at the end\n", encoding="utf-8")
    assert extractor_fingerprint(paths) == first


def test_a_changed_rule_changes_the_fingerprint_even_with_a_cache_of_the_old_one(tmp_path):
    paths = _project(tmp_path)
    first = extractor_fingerprint(paths)
    assert (paths.build / "state" / "extractor.json").exists()
    gazetteer_file = sorted((paths.data / "gazetteer").rglob("*.yaml"))[0]
    gazetteer_file.write_text(gazetteer_file.read_text(encoding="utf-8") + "\nmade_up_key_for_a_test: 1\n",
                              encoding="utf-8")
    assert extractor_fingerprint(paths) != first
