"""Languages are data: files in the old per-language shape are migrated without losing a value or a
comment a reviewer wrote, the old shape is refused with a way out, and no code branches on a language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.migrate import migrate_data, migrate_file
from generator.store import DataError, dict_to_facts, read_yaml_document

ROOT = Path(__file__).resolve().parent.parent

# A made-up review file in the old shape, with comments wherever a reviewer may put one.
OLD_ARTICLE = """\
# reviewed by the desk, second pass
schema: 1
id: a1
source: a1.txt
sha256: aa
title: 某县医院迎来帮扶专家
title_en: A county hospital welcomes aid doctors  # checked with the editor
outlet: 某某日报
outlet_en: null   # no English name known yet
author: null
date: '2025-03-01'
url: null
summary_zh: 某县医院的帮扶概况。
# the English summary is still a draft
summary_en: How aid reached a county hospital.
pairings:
- id: p-1
  status: reviewed
  donor: {name: 甲市, adcode: null, level: null}
  recipient: {name: 乙县, adcode: null, level: null}
  quote: 甲市帮扶乙县
  offset: 0
  institutions: []
figures:
- id: f-1
  status: reviewed
  indicator: outcome_level
  value: 90
  unit: percent
  qualifier: exact
  period: null
  subject: 县域就诊率
  subject_en: in-county treatment rate  # the county's own term
  before: null
  pairing: p-1
  quote: 县域就诊率达90%
  offset: 8
- id: f-2
  status: machine
  indicator: experts_sent
  value: 5
  unit: person
  qualifier: exact
  period: null
  subject: null
  subject_en: null
  before: null
  pairing: p-1
  quote: 派出专家5名
  offset: 20
"""

OLD_INDICATORS = """\
# catalog comment
indicators:
  experts_sent:
    zh: 派出专家   # short on purpose
    en: Experts sent
    units: [person]
    definition_zh: 选派的专家人数。
    definition_en: Experts sent.
    # the English sentence was reworded in review
    sentence_zh: "选派专家 {value}"
    sentence_en: "{value} experts sent"
"""


def _comments(text: str) -> set[str]:
    return {m.group(0).strip() for m in re.finditer(r"(?m)(?<![^\s])#.*$", text)}


def test_an_old_review_file_is_migrated_keeping_every_value_and_comment(tmp_path):
    (tmp_path / "articles").mkdir()
    path = tmp_path / "articles" / "a1.yaml"
    path.write_text(OLD_ARTICLE, encoding="utf-8")
    with pytest.raises(DataError, match="title_en.*migrate-data"):
        read_yaml_document(path, "article")

    assert migrate_file(path, "article")
    text = path.read_text(encoding="utf-8")
    assert _comments(text) == _comments(OLD_ARTICLE)  # every comment kept
    assert "# checked with the editor" in text.split("title: A county hospital welcomes aid doctors")[1].split("\n")[0]
    assert not re.search(r"(?m)^\s*\w+_(en|zh):", text)
    data = read_yaml_document(path, "article")  # valid in the new shape
    assert data["translations"]["en"] == {"title": "A county hospital welcomes aid doctors",
                                          "outlet": None,  # kept: its comment stands beside it
                                          "summary": "How aid reached a county hospital."}
    assert data["translations"]["zh"] == {"summary": "某县医院的帮扶概况。"}
    assert data["figures"][0]["translations"] == {"en": {"subject": "in-county treatment rate"}}
    assert "translations" not in data["figures"][1]  # a null without a comment said nothing
    facts = dict_to_facts(data)
    assert facts.translation("en", "title") == "A county hospital welcomes aid doctors"
    assert facts.translation("en", "outlet") is None
    assert facts.figures[0].translation("en", "subject") == "in-county treatment rate"
    # Every reviewer's value is still there (nothing but the null placeholders went).
    old = yaml.safe_load(OLD_ARTICLE)
    for key in ("title_en", "summary_zh", "summary_en"):
        assert old[key] in text
    assert not migrate_file(path, "article")  # a second run changes nothing


def test_the_indicator_catalog_is_migrated_and_reads_per_language(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(OLD_INDICATORS, encoding="utf-8")
    with pytest.raises(DataError, match="migrate-data"):
        read_yaml_document(path, "indicators")
    assert migrate_file(path, "indicators")
    text = path.read_text(encoding="utf-8")
    assert _comments(text) == _comments(OLD_INDICATORS)
    spec = read_yaml_document(path, "indicators")["indicators"]["experts_sent"]
    assert spec["translations"]["zh"] == {"label": "派出专家", "definition": "选派的专家人数。", "sentence": "选派专家 {value}"}
    assert spec["translations"]["en"]["sentence"] == "{value} experts sent"


def test_the_cli_migrates_a_data_folder_and_leaves_new_files_alone(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "a1.yaml").write_text(OLD_ARTICLE, encoding="utf-8")
    (data / "indicators.yaml").write_text(OLD_INDICATORS, encoding="utf-8")
    assert cli.main(["--root", str(ROOT), "migrate-data", "--data", str(data)]) == 0
    again = migrate_data(data)
    assert not again.changed and len(again.unchanged) == 2


def test_a_migration_that_would_lose_text_is_refused(tmp_path):
    path = tmp_path / "a1.yaml"
    clash = OLD_ARTICLE.replace("url: null\n", "url: null\ntranslations:\n  en:\n    title: Another title\n")
    path.write_text(clash, encoding="utf-8")
    with pytest.raises(DataError, match="cannot migrate"):
        migrate_file(path, "article")
    assert path.read_text(encoding="utf-8") == clash  # left as it was


def test_the_committed_data_is_in_the_new_shape():
    for path in [*sorted((ROOT / "data" / "articles").glob("*.yaml")), *sorted((ROOT / "data" / "machine").glob("*.yaml"))]:
        read_yaml_document(path, "article")
    read_yaml_document(ROOT / "data" / "indicators.yaml", "indicators")
    for schema in (ROOT / "generator" / "schemas").glob("*.json"):
        assert not re.search(r'"\w+_(en|zh)"', schema.read_text(encoding="utf-8")), schema


def test_no_code_branches_on_a_language():
    pattern = re.compile(r"""\b(lang|language|code|locale)(\.code)?\s*[!=]=\s*['"]""")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "generator").rglob("*"))
                 if p.suffix in (".py", ".j2", ".html", ".js") and p.is_file()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not offenders
