"""The committed data/ was written by the extractor in this tree.

A build re-extracts every article whose snapshot names another extractor fingerprint and rewrites
data/, so a stale fingerprint leaves a fresh clone dirty after its first build, and the facts
committed may not be the ones the code now finds. Refresh with `python -m generator extract --force seeds/`.
"""
from pathlib import Path

import yaml

from generator.config import ProjectPaths
from generator.pipeline import extractor_fingerprint

ROOT = Path(__file__).resolve().parents[1]


def test_committed_data_names_the_current_extractor():
    current = extractor_fingerprint(ProjectPaths(ROOT))
    stale = []
    for folder in ("articles", "machine"):
        for path in sorted((ROOT / "data" / folder).glob("*.yaml")):
            recorded = yaml.safe_load(path.read_text(encoding="utf-8")).get("extractor")
            if recorded != current:
                stale.append(f"{folder}/{path.name}: {recorded}")
    assert not stale, (f"data/ was extracted by another extractor than this tree's ({current}); run "
                       f"`python -m generator extract --force seeds/` and commit: {stale}")
