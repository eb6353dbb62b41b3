"""The command line: the public JSON contract, bad input, and help that documents every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import COMMANDS, build_parser

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
