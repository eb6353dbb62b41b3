"""The store: YAML round trip, schema errors that name file/line/field, and review-safe merges."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from generator.model import Article, ArticleFacts, Figure, Pairing, PlaceRef
from generator.store import (
    DataError,
    dump_yaml,
    facts_to_dict,
    load_article_file,
    load_articles,
    merge_documents,
    save_extraction,
)


def make_facts(value=257, indicator="experts_sent", extra_figure=False) -> ArticleFacts:
    article = Article(id="a1", source="a1.txt", sha256="abc", text="", title="标题", outlet="新快报")
    pairing = Pairing(
        id="p-440100-522700",
        donor=PlaceRef("广州市", "440100", "prefecture"),
        recipient=PlaceRef("黔南布依族苗族自治州", "522700", "prefecture"),
        quote="推动广州42家医院与黔南67家医院建立结对帮扶关系",
        offset=10,
    )
    figures = [
        Figure("f-1", indicator, value, "person", "exact", "2024-", None, None, "选派257名医疗专家", 40, pairing.id)
    ]
    if extra_figure:
        figures.append(Figure("f-2", "funding", 23460000, "yuan", "exact", "2024", None, None, "投入2346万元", 90))
    return ArticleFacts(article=article, pairings=[pairing], figures=figures)


def test_round_trip_keeps_every_field(tmp_path: Path):
    facts = make_facts(extra_figure=True)
    path = tmp_path / "articles" / "a1.yaml"
    path.parent.mkdir()
    path.write_text(dump_yaml(facts_to_dict(facts)), encoding="utf-8")
    loaded = load_article_file(path)
    assert loaded.figures[1].value == 23460000
    assert loaded.figures[0].pairing == "p-440100-522700"
    assert loaded.pairings[0].recipient.adcode == "522700"
    assert "黔南布依族苗族自治州" in path.read_text(encoding="utf-8")  # readable Chinese, not escapes


def test_first_extraction_then_rerun_changes_nothing(tmp_path: Path):
    first = save_extraction(tmp_path, make_facts(), extractor="x1")
    assert first.written and first.log.added == ["p-440100-522700", "f-1"]
    again = save_extraction(tmp_path, make_facts(), extractor="x1")
    assert not again.written
    assert again.log.unchanged == 2 and not again.log.added and not again.log.changed


def test_reviewer_edit_survives_reextraction(tmp_path: Path):
    save_extraction(tmp_path, make_facts(), extractor="x1")
    path = tmp_path / "articles" / "a1.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["figures"][0]["value"] = 258  # a reviewer corrects the value
    doc["translations"] = {"en": {"title": "From transfusion to self-renewal"}}
    path.write_text(dump_yaml(doc), encoding="utf-8")

    # The extractor changes its mind about the indicator: that field follows the machine,
    # the reviewer's value stays.
    result = save_extraction(tmp_path, make_facts(indicator="experts_long_term"), extractor="x2")
    merged = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert merged["figures"][0]["value"] == 258
    assert merged["figures"][0]["indicator"] == "experts_long_term"
    assert merged["translations"] == {"en": {"title": "From transfusion to self-renewal"}}
    assert any(k.startswith("f-1 (value") for k in result.log.kept)


def test_reviewed_rejected_and_deleted_facts_are_left_alone(tmp_path: Path):
    save_extraction(tmp_path, make_facts(extra_figure=True), extractor="x1")
    path = tmp_path / "articles" / "a1.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["figures"][0]["status"] = "rejected"
    del doc["figures"][1]  # deleted by a reviewer
    doc["figures"].append(
        {"id": "f-mine", "status": "added", "indicator": "batches", "value": 4, "unit": "batch", "quote": "四批"}
    )
    path.write_text(dump_yaml(doc), encoding="utf-8")

    save_extraction(tmp_path, make_facts(value=999, extra_figure=True), extractor="x2")
    merged = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in merged["figures"]}
    assert by_id["f-1"]["status"] == "rejected" and by_id["f-1"]["value"] == 257
    assert "f-2" not in by_id  # not brought back
    assert by_id["f-mine"]["value"] == 4


def test_machine_facts_no_longer_found_are_removed_unless_edited():
    new = facts_to_dict(make_facts())
    previous = facts_to_dict(make_facts(extra_figure=True))
    current = copy.deepcopy(previous)
    merged, log = merge_documents(current, previous, new)
    assert [f["id"] for f in merged["figures"]] == ["f-1"]
    assert log.removed == ["f-2"]

    current["figures"][1]["value"] = 1  # edited by a person: keep it
    merged, log = merge_documents(current, previous, new)
    assert [f["id"] for f in merged["figures"]] == ["f-1", "f-2"]


def test_without_machine_snapshot_differences_are_kept_as_reviewed():
    current = facts_to_dict(make_facts(value=300))
    merged, log = merge_documents(current, None, facts_to_dict(make_facts(value=257)))
    assert merged["figures"][0]["value"] == 300


def test_schema_error_names_file_line_and_field(tmp_path: Path):
    (tmp_path / "articles").mkdir()
    bad = tmp_path / "articles" / "bad.yaml"
    bad.write_text(
        "id: bad\npairings: []\nfigures:\n  - id: f-1\n    indicator: funding\n    value: lots\n    unit: yuan\n",
        encoding="utf-8",
    )
    good = tmp_path / "articles" / "good.yaml"
    good.write_text(dump_yaml(facts_to_dict(make_facts())), encoding="utf-8")
    result = load_articles(tmp_path)
    assert [a.article.id for a in result.articles] == ["a1"]
    (error,) = result.errors
    assert error.path == bad and error.line == 6 and error.field_path == "figures.0.value"
    assert "expected number" in str(error)


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: x\npairings: []\nfigures: [\n", "YAML syntax error"),
        ("- just\n- a list\n", "expected a mapping"),
        ("id: x\npairings: []\nfigures:\n  - {id: f, indicator: nope, value: 1, unit: item}\n", "unknown indicator"),
        ("id: x\npairings: []\nfigures:\n  - {id: f, indicator: other, value: 1, unit: item}\n  - {id: f, indicator: other, value: 2, unit: item}\n", "duplicate fact id"),
        ("id: x\npairings: []\nfigures:\n  - {id: f, indicator: other, value: 1, unit: item, pairing: p-1}\n", "does not define"),
        ("id: x\ndate: 2025-13\npairings: []\nfigures: []\n", "does not have the expected form"),
    ],
)
def test_bad_documents_get_clear_messages(tmp_path: Path, text: str, message: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_article_file(path, indicator_ids=["other", "funding"])
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_unquoted_date_stays_a_string(tmp_path: Path):
    path = tmp_path / "d.yaml"
    path.write_text("id: d\ndate: 2025-05-28\npairings: []\nfigures: []\n", encoding="utf-8")
    assert load_article_file(path).article.date == "2025-05-28"


def _assumed(facts: ArticleFacts, assumed: bool = True) -> ArticleFacts:
    facts.figures[0].scope_assumed = assumed
    return facts


def test_scope_assumed_is_written_only_when_true_and_round_trips(tmp_path: Path):
    plain = facts_to_dict(make_facts())
    assert "scope_assumed" not in plain["figures"][0]
    doc = facts_to_dict(_assumed(make_facts()))
    keys = list(doc["figures"][0])
    assert doc["figures"][0]["scope_assumed"] is True and keys.index("scope_assumed") == keys.index("pairing") + 1
    path = tmp_path / "a1.yaml"
    path.write_text(dump_yaml(doc), encoding="utf-8")
    assert load_article_file(path).figures[0].scope_assumed is True


def test_scope_assumed_follows_the_machine_until_a_reviewer_sets_the_pairing():
    previous = facts_to_dict(_assumed(make_facts()))
    # The machine now finds what ties the figure: the flag goes.
    merged, _ = merge_documents(copy.deepcopy(previous), previous, facts_to_dict(make_facts()))
    assert "scope_assumed" not in merged["figures"][0]
    # A reviewer changed the pairing: it is theirs, and no longer assumed.
    current = copy.deepcopy(previous)
    current["figures"][0]["pairing"] = "p-440000-520000"
    merged, log = merge_documents(current, previous, facts_to_dict(_assumed(make_facts())))
    assert merged["figures"][0]["pairing"] == "p-440000-520000" and "scope_assumed" not in merged["figures"][0]
    # A reviewer deleted the flag (checked the pairing): the machine does not put it back.
    current = copy.deepcopy(previous)
    del current["figures"][0]["scope_assumed"]
    merged, _ = merge_documents(current, previous, facts_to_dict(_assumed(make_facts())))
    assert "scope_assumed" not in merged["figures"][0]


def test_copy_of_goes_when_the_machine_no_longer_finds_it_unless_a_person_set_it():
    """copy_of is written by extraction only when it finds a repost: an untouched one that a later
    run no longer finds is removed; one a person typed (or `false`) stays; same_as is a person's."""
    new = facts_to_dict(make_facts())
    previous = dict(facts_to_dict(make_facts()), copy_of="a0")
    current = copy.deepcopy(previous)
    current["figures"][0]["same_as"] = ["a0#f-9"]
    merged, _ = merge_documents(current, previous, new)
    assert "copy_of" not in merged and "copy_of" in current
    assert merged["figures"][0]["same_as"] == ["a0#f-9"]

    for typed in ("a7", False):  # a person's original, or "not a copy"
        current["copy_of"] = typed
        merged, _ = merge_documents(current, previous, new)
        assert merged["copy_of"] == typed
    merged, _ = merge_documents(dict(current, copy_of=False), facts_to_dict(make_facts()), new)
    assert merged["copy_of"] is False


def test_a_pairing_named_by_a_reviewed_figure_stays_when_the_machine_no_longer_finds_it():
    previous = facts_to_dict(make_facts())
    current = copy.deepcopy(previous)
    current["figures"][0]["status"] = "reviewed"
    new = dict(facts_to_dict(make_facts()), pairings=[], figures=[])
    merged, log = merge_documents(current, previous, new)
    assert [p["id"] for p in merged["pairings"]] == ["p-440100-522700"]
    assert merged["figures"][0]["pairing"] == "p-440100-522700"
    assert "p-440100-522700" not in log.removed

    del current["pairings"][0]  # a reviewer deleted it: never brought back
    current["figures"][0]["status"] = "machine"
    merged, _ = merge_documents(current, previous, dict(facts_to_dict(make_facts())))
    assert merged["pairings"] == [] and merged["figures"][0]["pairing"] is None
