"""Downloads: every kept figure, with scope and provenance, as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator.config import Language, ProjectPaths, load_site_settings
from generator.downloads import columns, write_downloads
from generator.indicators import IndicatorCatalog
from generator.report import build_report
from generator.store import load_articles

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = load_site_settings(ProjectPaths(ROOT)).languages
COLUMNS = columns(LANGUAGES)


def make_report(fixture_data_dir, gazetteer):
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    loaded = load_articles(fixture_data_dir, catalog.ids())
    assert not loaded.errors
    return build_report(loaded.articles, catalog, gazetteer), loaded.articles


def read_csv(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), "spreadsheets need the BOM to read Chinese as UTF-8"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_whole_and_per_region_files_match_the_data(tmp_path, fixture_data_dir, gazetteer):
    report, articles = make_report(fixture_data_dir, gazetteer)
    result = write_downloads(report, tmp_path, LANGUAGES)
    assert len(result.files) == 2 * (1 + len(report.regions))

    kept = {f.id: f for a in articles for f in a.figures if f.status != "rejected"}
    rows = read_csv(tmp_path / "zh/report/downloads/facts-all.csv")
    assert list(rows[0]) == list(COLUMNS)
    assert {r["figure_id"] for r in rows} == set(kept)
    for row in rows:
        assert float(row["value"]) == kept[row["figure_id"]].value
        assert row["quote"] == kept[row["figure_id"]].quote

    text = (tmp_path / "en/report/downloads/facts-all.json").read_text(encoding="utf-8")
    records = json.loads(text)
    assert {r["figure_id"] for r in records} == set(kept)
    lines = text.splitlines()  # one record a line: a reader greps it, a diff shows the figure that changed
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(records) + 2
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == records
    guizhou_records = json.loads((tmp_path / "en/report/downloads/facts-guizhou.json").read_text(encoding="utf-8"))
    assert all(r == next(x for x in records if x["figure_id"] == r["figure_id"]) for r in guizhou_records)

    guizhou = report.region("guizhou")
    region_rows = read_csv(tmp_path / "zh/report/downloads/facts-guizhou.csv")
    expected = {sf.id for link in guizhou.links for sf in link.figures}
    assert {r["figure_id"] for r in region_rows} == expected
    experts = [r for r in region_rows if r["indicator"] == "experts_sent" and r["value"] == "257"]
    assert experts and experts[0]["donor_en"] == "Guangzhou" and experts[0]["recipient_zh"] == "黔南布依族苗族自治州"


def test_datapackage_describes_the_downloads_and_validates(tmp_path, fixture_data_dir, gazetteer, monkeypatch):
    """datapackage.json: every CSV a resource with typed fields, units, licence and sources; frictionless
    reads every row against it without an error."""
    frictionless = __import__("pytest").importorskip("frictionless")
    from generator.edition import Licence, edition_of

    report, _ = make_report(fixture_data_dir, gazetteer)
    licence = Licence.from_mkdocs(ROOT / "mkdocs.yml")
    edition = edition_of(report, licence, "https://owner.github.io/repo/")
    result = write_downloads(report, tmp_path, LANGUAGES, edition)
    folder = tmp_path / "zh/report/downloads"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": licence.spdx, "path": licence.url, "title": licence.name}]
    assert package["version"] == edition.date and "edition of" in package["citation"]
    assert len(package["sources"]) == len(report.sources)
    assert not any("Untitled" in s["title"] for s in package["sources"])
    assert {r["path"] for r in package["resources"]} == {Path(f).name for f in result.files if f.endswith(".csv")}
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert list(fields) == list(COLUMNS)
    assert fields["value"]["type"] == "number" and "yuan" in fields["value"]["description"]
    assert fields["quote_offset"]["type"] == "integer" and fields["scope_assumed"]["type"] == "boolean"
    monkeypatch.chdir(folder)  # frictionless reads resource paths relative to the descriptor, and only below cwd
    report_ = frictionless.validate("datapackage.json")
    errors = [e.message for task in report_.tasks for e in task.errors] + [e.message for e in report_.errors]
    assert report_.valid, errors[:5]
    assert report_.stats["tasks"] == len(package["resources"])
    assert (tmp_path / "en/report/downloads/datapackage.json").read_bytes() == (folder / "datapackage.json").read_bytes()


def test_columns_follow_the_sites_languages(tmp_path, fixture_data_dir, gazetteer):
    """Languages are data: a third language adds its own name columns, described in datapackage.json;
    a name the data has no translation for is empty, never another language's text."""
    report, _ = make_report(fixture_data_dir, gazetteer)
    tibetan = Language(code="bo", name="Tibetan", locale="bo", html_lang="bo", prefix="bo/", site_name="…")
    languages = (*LANGUAGES, tibetan)
    write_downloads(report, tmp_path, languages)
    rows = read_csv(tmp_path / "bo/report/downloads/facts-all.csv")
    assert {"indicator_bo", "subject_bo", "donor_bo", "recipient_bo"} <= set(rows[0])
    assert "subject_zh" not in rows[0]  # the subject itself is in the source language
    assert all(r["donor_bo"] == "" and r["indicator_bo"] == "" for r in rows)
    assert {r["donor_zh"] for r in rows} >= {"广州市"} and {r["donor_en"] for r in rows} >= {"Guangzhou"}
    package = json.loads((tmp_path / "bo/report/downloads/datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f["description"] for f in package["resources"][0]["schema"]["fields"]}
    assert fields["donor_bo"] == "Donor's name in Tibetan." and list(fields) == list(columns(languages))
