"""`python -m generator diff`: facts added, changed and removed between two data folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.diff import diff_data_dirs, format_markdown, format_text

ROOT = Path(__file__).resolve().parent.parent


def article(article_id: str, **extra) -> dict:
    doc = {
        "schema": 1, "id": article_id, "source": f"{article_id}.txt", "sha256": "aa", "extractor": "x1",
        "title": "广州帮扶黔南", "date": "2025-05-28",
        "pairings": [{"id": "p-440100-522700", "status": "machine",
                      "donor": {"name": "广州市", "adcode": "440100", "level": "prefecture"},
                      "recipient": {"name": "黔南布依族苗族自治州", "adcode": "522700", "level": "prefecture"},
                      "quote": "广州与黔南", "offset": 1, "institutions": []}],
        "figures": [{"id": "f-1", "status": "machine", "indicator": "experts_sent", "value": 257, "unit": "person",
                     "period": "2024-", "pairing": "p-440100-522700", "quote": "派出专家257名", "offset": 5},
                    {"id": "f-2", "status": "machine", "indicator": "new_techniques", "value": 16, "unit": "item",
                     "period": None, "pairing": "p-440100-522700", "quote": "新技术16项", "offset": 9}],
    }
    doc.update(extra)
    return doc


def write(folder: Path, *docs: dict) -> Path:
    (folder / "articles").mkdir(parents=True)
    for doc in docs:
        (folder / "articles" / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def dirs(tmp_path):
    base = write(tmp_path / "base", article("a1"), article("gone"))
    head_doc = article("a1", translations={"en": {"title": "Guangzhou aids Qiannan"}}, extractor="x2", sha256="bb")
    head_doc["figures"][0]["value"] = 260
    head_doc["figures"][0]["status"] = "reviewed"
    del head_doc["figures"][1]
    head_doc["figures"].append({"id": "f-3", "status": "added", "indicator": "people_trained", "value": 1200,
                                "unit": "person", "period": "2024", "pairing": "p-440100-522700",
                                "quote": "培训1200人次", "offset": 20})
    head_doc["pairings"][0]["recipient"]["name"] = "黔南州"
    head = write(tmp_path / "head", head_doc, article("new"))
    return base, head


def test_added_changed_removed_by_fact_id(dirs):
    diff = diff_data_dirs(*dirs)
    got = {(c.article, c.kind, c.id, c.action) for c in diff.changes}
    assert ("a1", "figure", "f-1", "changed") in got
    assert ("a1", "figure", "f-2", "removed") in got
    assert ("a1", "figure", "f-3", "added") in got
    assert ("a1", "pairing", "p-440100-522700", "changed") in got
    assert ("a1", "article", "", "changed") in got  # translations.en.title
    assert ("new", "figure", "f-1", "added") in got and ("gone", "pairing", "p-440100-522700", "removed") in got
    f1 = next(c for c in diff.changes if c.id == "f-1" and c.article == "a1")
    assert {(f.field, f.old, f.new) for f in f1.fields} == {("value", 257, 260), ("status", "machine", "reviewed")}
    pairing = next(c for c in diff.changes if c.kind == "pairing" and c.article == "a1")
    assert [(f.field, f.new) for f in pairing.fields] == [("recipient.name", "黔南州")]
    art = next(c for c in diff.changes if c.kind == "article" and c.article == "a1")
    assert [f.field for f in art.fields] == ["translations.en.title"]  # sha256 and extractor are bookkeeping, not facts


def test_text_and_markdown(dirs):
    diff = diff_data_dirs(*dirs)
    text = format_text(diff)
    assert "figure f-1" in text and "value: 257 → 260" in text and "status: machine → reviewed" in text
    assert "+ figure f-3 added: people_trained 1200 person (2024) “培训1200人次”" in text
    assert "- figure f-2 removed" in text
    md = format_markdown(diff)
    assert md.startswith("### Data changes")
    assert "| changed | figure `f-1` | `status`: machine → reviewed<br>`value`: 257 → 260 |" in md
    assert "| added | figure `f-3` |" in md and "| removed | figure `f-2` |" in md
    assert "#### `gone`" in md and "#### `new`" in md


def test_no_changes_and_markdown_escaping(tmp_path):
    same = article("a1")
    assert not diff_data_dirs(write(tmp_path / "b", same), write(tmp_path / "h", same))
    assert "No fact added, changed or removed" in format_markdown(diff_data_dirs(tmp_path / "b", tmp_path / "h"))
    piped = article("a1")
    piped["figures"][0]["quote"] = "a | b *c*"
    md = format_markdown(diff_data_dirs(tmp_path / "b", write(tmp_path / "p", piped)))
    assert "a \\| b \\*c\\*" in md


def test_unreadable_file_is_listed_not_fatal(tmp_path):
    base = write(tmp_path / "b", article("a1"))
    head = write(tmp_path / "h", article("a1"))
    (head / "articles" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    diff = diff_data_dirs(base, head)
    assert diff.unreadable and "broken.yaml" in diff.unreadable[0]


def test_command_line(dirs, tmp_path):
    base, head = dirs
    run = subprocess.run([sys.executable, "-m", "generator", "diff", str(base), str(head)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and "Data changes: 4 added, 3 changed, 4 removed in 3 article file(s)" in run.stdout, run.stderr
    out = tmp_path / "diff.md"
    run = subprocess.run([sys.executable, "-m", "generator", "diff", str(base), str(head), "--format", "markdown",
                          "--output", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and out.read_text(encoding="utf-8").startswith("### Data changes")
    help_text = subprocess.run([sys.executable, "-m", "generator", "diff", "--help"], capture_output=True,
                               text=True, cwd=ROOT).stdout
    assert "Example:" in help_text and "BASE_DATA_DIR" in help_text
