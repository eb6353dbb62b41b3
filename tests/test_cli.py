"""The command line: the public JSON contract, bad input, and help that documents every command."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import COMMANDS, EXAMPLES, build_parser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_a5d283d4a5cc16de.txt"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_extract_json_follows_the_public_contract():
    result = run("extract", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(result.stdout)
    assert list(article) == ["source", "title", "outlet", "date", "pairings", "institutions", "figures"]
    assert article["source"] == SEED.name and article["outlet"] == "新快报"
    pairing = next(p for p in article["pairings"] if p["recipient"]["adcode"] == "522700")
    assert pairing["donor"] == {"name": "广州市", "adcode": "440100", "level": "prefecture"}
    assert set(article["institutions"][0]) == {"donor", "recipient", "quote"}
    experts = next(f for f in article["figures"] if f["indicator"] == "experts_sent")
    assert set(experts) == {"indicator", "value", "unit", "qualifier", "period", "subject", "before", "quote", "scope"}
    assert (experts["value"], experts["unit"], experts["period"]) == (257, "person", "2024-")
    # Every figure names the pairing it reports, as adcodes of one of the article's pairings (or null).
    assert experts["scope"] == {"donor": "440100", "recipient": "522700"}
    stated = [{"donor": p["donor"]["adcode"], "recipient": p["recipient"]["adcode"]} for p in article["pairings"]]
    assert all(f["scope"] is None or f["scope"] in stated for f in article["figures"])
    assert experts["quote"] in SEED.read_text(encoding="utf-8")


def test_bad_files_are_named_the_rest_goes_on_and_the_exit_status_says_so(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inputs / "english.txt").write_text("Only English here.", encoding="utf-8")
    (inputs / "good.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "data"
    result = run("extract", str(inputs), "--out", str(out))
    assert result.returncode == 1
    for name, why in (("empty.txt", "empty"), ("binary.txt", "binary"), ("english.txt", "no Chinese")):
        assert f"{inputs / name}: " in result.stderr and why in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in (out / "articles").iterdir()] == ["good.yaml"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: str):
    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions if a.dest == "command")
    help_text = sub.choices[command].format_help()
    assert "Example:" in help_text and f"python -m generator {command}" in help_text
    assert f"generator {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[str, str]]:
    """(command, example line) for every example the help shows, comments dropped."""
    lines = []
    for name, text in EXAMPLES.items():
        for line in text.splitlines():
            lines.append((name, line.split("#")[0].strip()))
    return lines


def _wait_for_http(url: str, proc: subprocess.Popen, deadline: float) -> bool:
    """Poll until the server answers (a state), it exits, or the deadline passes."""
    import urllib.request

    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.1)  # not up yet: poll again
    return False


@pytest.mark.slow
def test_every_example_in_the_help_runs(tmp_path: Path):
    """Each example of `python -m generator --help`, run as written in a copy of the project: commands
    that finish exit 0; the two servers answer on the address their example names, then are stopped."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "seeds", "data", "docs", "generator", "tests/fixtures/gold"):
        source, target = ROOT / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "report", ".report*"))
        else:
            shutil.copy(source, target)
    shutil.copytree(root / "data", root / "base" / "data")  # the diff example compares a base checkout's data
    servers = {"serve": "http://127.0.0.1:8000/en/", "review": "http://127.0.0.1:8001/"}
    order = ["build", "extract", "check", "evaluate", "migrate-data", "pdf", "diff", "serve", "review"]
    examples = sorted(_examples(), key=lambda e: order.index(e[0]))
    assert {name for name, _ in examples} == set(COMMANDS)
    for name, line in examples:
        argv = [sys.executable, *shlex.split(line)[1:]]
        if name in servers:
            proc = subprocess.Popen(argv, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            try:
                assert _wait_for_http(servers[name], proc, time.monotonic() + 120), (line, proc.poll())
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            continue
        run = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, (line, run.stderr[-2000:])
        assert "Traceback" not in run.stderr, line
