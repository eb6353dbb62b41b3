"""Review files as data people own: comments kept, decisions kept across re-edited articles,
anchors refused, errors at the right line, file modes kept, and the review API.

Every article here is made up for the case (a district sending experts to a county).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import ProjectPaths
from generator.io import load_yaml, write_atomic
from generator.pipeline import extract_files, generate_docs
from generator.progress import Reporter
from generator.store import (
    DataError,
    ReviewError,
    add_fact,
    load_article_file,
    load_articles,
    load_review,
    update_article,
    update_fact,
)

ROOT = Path(__file__).resolve().parent.parent
DATA_INPUTS = ("indicators.yaml", "extraction.yaml", "outlets.yaml", "gazetteer")

ARTICLE = """沪滇协作：上海医生走进山村
2025-03-02 来源：示例日报
记者 张三
2023年以来，上海市徐汇区与云南省昭通市盐津县深化东西部协作。{experts}
专家团队为当地群众{surgeries}，{trained}。
在专家帮助下，盐津县人民医院新开展技术项目18项，填补了县域空白。
"""
EXPERTS = "徐汇区累计选派61名医疗专家赴盐津县人民医院开展帮扶工作。"
SURGERIES = "开展免费手术120台"
TRAINED = "带教本地医生45人"


def write_article(paths: ProjectPaths, experts: str = EXPERTS, surgeries: str = SURGERIES,
                  trained: str = TRAINED) -> Path:
    seed = paths.seeds / "demo.txt"
    seed.write_text(ARTICLE.format(experts=experts, surgeries=surgeries, trained=trained), encoding="utf-8")
    return seed


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    paths = ProjectPaths(tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    (tmp_path / "seeds").mkdir()
    (tmp_path / "data").mkdir()
    for name in DATA_INPUTS:
        source = ROOT / "data" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / "data" / name)
    write_article(paths)
    return paths


def extract(paths: ProjectPaths, *extra: str) -> tuple[int, str]:
    """`python -m generator extract seeds/ [--force]`, its status and what it printed."""
    log = io.StringIO()
    run = extract_files([paths.seeds / "demo.txt"], paths, incremental="--force" not in extra,
                        reporter=Reporter(stream=log, progress_bars=False))
    for warning in run.warnings:
        log.write(f"⚠ {warning}\n")
    return (1 if run.failures else 0), log.getvalue()


def review_file(paths: ProjectPaths) -> Path:
    return paths.data / "articles" / "demo.yaml"


def figure(paths: ProjectPaths, indicator: str) -> list[dict]:
    data = load_yaml(review_file(paths).read_text(encoding="utf-8"), review_file(paths))
    return [f for f in data["figures"] if f["indicator"] == indicator]


def edit_review_text(paths: ProjectPaths, old: str, new: str) -> None:
    path = review_file(paths)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------------- comments


def test_comments_survive_a_forced_extraction_where_they_were(project):
    extract(project)
    path = review_file(project)
    (experts,) = figure(project, "experts_sent")
    text = path.read_text(encoding="utf-8")
    # A reviewer: a comment above the fact, one after a value, status reviewed, a corrected value.
    text = text.replace(f"- id: {experts['id']}\n  status: machine\n",
                        f"# checked against the county's own report\n- id: {experts['id']}\n  status: reviewed\n", 1)
    text = text.replace("  value: 61\n", "  value: 62  # the county's report says 62\n", 1)
    text = text.replace("url: null\n", "url: null\n# titles: ask the desk\n", 1)
    path.write_text(text, encoding="utf-8")

    status, log = extract(project, "--force")
    assert status == 0
    after = path.read_text(encoding="utf-8")
    assert after == text  # every comment where it was, nothing else moved
    assert f"{experts['id']}: kept as reviewed" in log


def test_machine_changes_merge_around_comments(project):
    extract(project)
    path = review_file(project)
    text = path.read_text(encoding="utf-8").replace("  value: 45\n", "  value: 45  # trainees, not staff\n", 1)
    path.write_text(text, encoding="utf-8")
    write_article(project, experts=EXPERTS.replace("61名", "64名"))  # the machine's figure changes
    status, log = extract(project)
    after = path.read_text(encoding="utf-8")
    assert "  value: 45  # trainees, not staff\n" in after
    assert [f["value"] for f in figure(project, "experts_sent")] == [64]
    assert "added (new machine fact)" in log and "removed: the machine no longer finds it" in log


def test_a_comment_in_a_shared_data_file_keeps_review_comments_and_reports_truly(project):
    extract(project)
    edit_review_text(project, "  value: 45\n", "  value: 45  # a reviewer's comment\n")
    before = review_file(project).read_text(encoding="utf-8")
    outlets = project.data / "outlets.yaml"
    outlets.write_text(outlets.read_text(encoding="utf-8") + "\n# a comment added by someone\n", encoding="utf-8")
    status, log = extract(project)
    assert status == 0 and log == ""  # a comment changes no data: nothing is extracted again
    assert review_file(project).read_text(encoding="utf-8") == before
    status, log = extract(project, "--force")
    assert review_file(project).read_text(encoding="utf-8") == before
    assert "0 added, 0 changed, 0 removed, 0 kept as reviewed, 6 unchanged" in log  # 沪滇协作 in the headline: a pair too


def test_rewritten_files_keep_their_mode(project):
    extract(project)
    os.chmod(review_file(project), 0o640)
    machine = project.data / "machine" / "demo.yaml"
    os.chmod(machine, 0o604)
    write_article(project, experts=EXPERTS.replace("61名", "63名"))
    extract(project)
    assert stat.S_IMODE(review_file(project).stat().st_mode) == 0o640
    assert stat.S_IMODE(machine.stat().st_mode) == 0o604


def test_new_files_get_the_usual_mode_not_a_private_one(tmp_path: Path):
    mask = os.umask(0o022)
    try:
        assert write_atomic(tmp_path / "new.yaml", "a: 1\n")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]  # no temporary file left


# ---------------------------------------------------- decisions across re-edited articles


def test_a_reviewed_figure_stays_the_fact_after_its_sentence_is_re_edited(project):
    extract(project)
    (surgery,) = figure(project, "surgeries")
    edit_review_text(project, f"- id: {surgery['id']}\n  status: machine\n", f"- id: {surgery['id']}\n  status: reviewed\n")
    edit_review_text(project, "  value: 120\n", "  value: 121\n")  # corrected by the reviewer
    write_article(project, surgeries="实施了免费手术120台")  # lightly re-edited

    status, log = extract(project)
    assert status == 0
    surgeries = figure(project, "surgeries")
    assert len(surgeries) == 1, surgeries
    (kept,) = surgeries
    assert kept["id"] == surgery["id"] and kept["status"] == "reviewed" and kept["value"] == 121
    assert kept["quote"] == "专家团队为当地群众实施了免费手术120台"  # provenance follows the article
    assert kept.get("machine_id") and kept["machine_id"] != surgery["id"]
    assert not kept.get("needs_second_look")
    # Stable: a second run changes nothing.
    before = review_file(project).read_text(encoding="utf-8")
    extract(project, "--force")
    assert review_file(project).read_text(encoding="utf-8") == before

    # The page shows one fact for it: the reviewed one.
    generate_docs(project, _settings(project), strict=True)
    source_page = (project.docs / "en" / "report" / "sources" / "demo.md").read_text(encoding="utf-8")
    headings = re.findall(r"^\*\*([^*]+)\*\*", source_page, re.M)  # one bold line per figure
    assert [h for h in headings if h.endswith(": 121")] and not [h for h in headings if h.endswith(": 120")], headings


def _settings(paths: ProjectPaths):
    from generator.config import load_site_settings

    return load_site_settings(paths, None)


def test_a_rejected_figure_stays_rejected_after_its_sentence_is_re_edited(project):
    extract(project)
    (experts,) = figure(project, "experts_sent")
    edit_review_text(project, f"- id: {experts['id']}\n  status: machine\n", f"- id: {experts['id']}\n  status: rejected\n")
    write_article(project, experts="徐汇区先后累计选派了61名医疗专家赴盐津县人民医院开展帮扶。")
    extract(project)
    (only,) = figure(project, "experts_sent")
    assert only["id"] == experts["id"] and only["status"] == "rejected"


def test_a_deleted_figure_is_not_brought_back_after_its_sentence_is_re_edited(project):
    extract(project)
    (trained,) = figure(project, "staff_trained")
    path = review_file(project)
    data = load_yaml(path.read_text(encoding="utf-8"), path)
    text = path.read_text(encoding="utf-8")
    # Delete the fact's block (from its "- id:" to the next one).
    start = text.index(f"- id: {trained['id']}\n")
    end = text.index("- id: ", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert len(data["figures"]) == 4
    write_article(project, trained="并手把手带教了本地医生45人")
    status, log = extract(project)
    assert figure(project, "staff_trained") == []
    assert "which a reviewer deleted" in log


def test_a_reviewed_figure_whose_number_changed_in_the_article_needs_a_second_look(project):
    extract(project)
    (experts,) = figure(project, "experts_sent")
    edit_review_text(project, f"- id: {experts['id']}\n  status: machine\n", f"- id: {experts['id']}\n  status: reviewed\n")
    write_article(project, experts=EXPERTS.replace("61名", "66名"))
    status, log = extract(project)
    (only,) = figure(project, "experts_sent")  # the machine's 66 is not published beside it
    assert only["id"] == experts["id"] and only["value"] == 61 and only["needs_second_look"] is True
    assert "needs a second look" in log
    # A person looks again and accepts: the flag goes.
    update_fact(project.data, "demo", experts["id"], {"status": "reviewed", "value": 66})
    (only,) = figure(project, "experts_sent")
    assert only["value"] == 66 and "needs_second_look" not in only


def test_a_deleted_review_file_is_extracted_again(project):
    extract(project)
    review_file(project).unlink()
    status, log = extract(project)  # not --force: the machine snapshot is unchanged
    assert review_file(project).exists() and "(new review file)" in log


def test_build_without_extract_says_which_seeds_have_no_review_file(project, capsys):
    status = main(["--root", str(project.root), "build", "--no-extract", "--out", str(project.root / "out")])
    err = capsys.readouterr().err
    assert "seeds/demo.txt has no review file data/articles/demo.yaml" in err
    assert "python -m generator extract seeds/demo.txt" in err


# ------------------------------------------------------------ review files are data


ALIAS_BOMB = "".join(
    ["id: bomb\npairings:\n- id: p-1\n  donor: {name: 甲}\n  recipient: {name: 乙}\n  institutions:\n"]
    + [f"  - &a{i} [{', '.join([f'*a{i - 1}'] * 9) if i else 'x, x, x, x, x, x, x, x, x'}]\n" for i in range(40)]
    + ["figures: []\n"]
)


def test_an_alias_bomb_is_refused_with_file_and_line(project):
    path = project.data / "articles" / "bomb.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    # A separate process, so an unrefused bomb could not take the test run's memory with it.
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 1
    assert f"{path}:7: YAML anchors and aliases" in done.stdout
    with pytest.raises(DataError) as info:
        load_article_file(path)
    assert info.value.line == 7


def test_a_broken_string_is_reported_at_its_line(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    lines = ["id: broken", "title: 标题", "pairings: []", "figures:", "- id: f-1", "  indicator: other",
             "  value: 1", "  unit: item", '  quote: "专家团队开展手术', "  offset: 3", "  note: 好", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_article_file(path)
    assert info.value.line == 9 and "never closed" in str(info.value)


def test_every_unknown_field_is_named_at_its_own_line(tmp_path: Path):
    path = tmp_path / "unknown.yaml"
    lines = ["id: unknown", "pairings: []", "figures:", "- id: f-1", "  indicator: other", "  value: 1",
             "  unit: item", "  quote: 开展手术", "  offset: 3", "  valeu: 2", "  status: machine",
             "  comment: 好", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_article_file(path)
    error = info.value
    assert (error.line, error.field_path) == (10, "figures.0.valeu")
    assert [(p.line, p.field_path) for p in error.problems] == [(12, "figures.0.comment")]
    assert "unknown field 'valeu'" in str(error) and "unknown field 'comment'" in str(error)


# ------------------------------------------------------------------------ review API


def test_the_review_api_writes_one_checked_change_and_keeps_comments(project):
    extract(project)
    edit_review_text(project, "url: null\n", "url: null  # to do\n")
    (experts,) = figure(project, "experts_sent")
    pairing_id = load_review(project.data, "demo")["pairings"][0]["id"]

    fact = update_fact(project.data, "demo", experts["id"], {"status": "reviewed", "value": 62.0})
    assert fact["status"] == "reviewed" and fact["value"] == 62
    update_article(project.data, "demo", {"translations.en.title": "Shanghai doctors in the hills"})
    text = (project.seeds / "demo.txt").read_text(encoding="utf-8")
    from generator.ingest import read_article

    cleaned = read_article(project.seeds / "demo.txt").text
    added = add_fact(project.data, "demo", "figures",
                     {"indicator": "other", "value": 3, "unit": "item", "quote": "填补了县域空白", "pairing": pairing_id},
                     article_text=cleaned)
    assert added["status"] == "added" and cleaned[added["offset"]:].startswith("填补了县域空白")
    assert text  # the seed is never written

    after = review_file(project).read_text(encoding="utf-8")
    assert "url: null  # to do\n" in after
    assert "translations:\n  en:\n    title: Shanghai doctors in the hills\n" in after
    reloaded = load_review(project.data, "demo")
    assert [f["id"] for f in reloaded["figures"]][-1] == added["id"]

    # Invalid values: a clear error, and the file is left as it was.
    for fact_id, change, words in [
        (experts["id"], {"value": "sixty"}, "expected number"),
        (experts["id"], {"status": "maybe"}, "expected one of"),
        (experts["id"], {"pairing": "p-nowhere"}, "does not define"),
        (experts["id"], {"valeu": 1}, "cannot set 'valeu'"),
        ("f-none", {"status": "reviewed"}, "no fact with id"),
    ]:
        with pytest.raises(ReviewError) as info:
            update_fact(project.data, "demo", fact_id, change)
        assert words in str(info.value)
        assert review_file(project).read_text(encoding="utf-8") == after
    with pytest.raises(ReviewError):
        add_fact(project.data, "demo", "figures", {"indicator": "other", "value": 1, "unit": "item",
                                                   "quote": "不在文中的句子"}, article_text=cleaned)


def test_load_articles_reports_the_bomb_and_loads_the_rest(project):
    extract(project)
    (project.data / "articles" / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    result = load_articles(project.data)
    assert [a.article.id for a in result.articles] == ["demo"]
    assert result.errors[0].line == 7


def test_plain_and_round_trip_writes_are_the_same_text():
    """Review files without comments are merged as plain data (fast), others as round-trip
    documents: both must write a file the same way, or the first comment would reformat it."""
    from generator.io import dump_yaml, load_yaml_roundtrip

    for path in sorted((ROOT / "data").glob("*/*.yaml")):
        if path.parent.name not in ("articles", "machine"):
            continue
        text = path.read_text(encoding="utf-8")
        assert dump_yaml(load_yaml(text, path)) == text == dump_yaml(load_yaml_roundtrip(text, path)), path


def test_a_workbench_edit_keeps_the_reviewers_comments(project):
    from generator.review.edits import ArticleFiles, Change

    extract(project)
    edit_review_text(project, "  value: 45\n", "  value: 45  # trainees, not staff\n")
    (experts,) = figure(project, "experts_sent")
    files = ArticleFiles(project.data, ["experts_sent", "surgeries", "staff_trained", "new_techniques", "other"])
    files.apply(Change("demo", {"status": "reviewed", "value": 62}, kind="figures", fact_id=experts["id"]))
    text = review_file(project).read_text(encoding="utf-8")
    assert "  value: 45  # trainees, not staff\n" in text and "  value: 62\n" in text
