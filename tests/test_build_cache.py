"""A build that reuses earlier work writes the same bytes as a build from nothing.

The reuse under test: a language whose inputs did not change is copied from the last build
(generator/site.py), and a language that is built reuses the Markdown conversion and search
entries of its unchanged pages (generator/mkdocs_cache.py). Each step below changes one article
the way an editor does, builds with everything reusable, then builds the same project into a new
folder with no cache at all and compares every file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import make_project

from generator.pipeline import render_and_build

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def full_build(paths, out: Path, gazetteer) -> dict[str, bytes]:
    """A build that reuses nothing: no page cache, an out folder with no record of an earlier build."""
    shutil.rmtree(paths.build / "cache", ignore_errors=True)
    render_and_build(paths, out_dir=out, gazetteer=gazetteer)
    return tree(out)


def assert_same_site(reused: Path, full: dict[str, bytes]) -> None:
    got = tree(reused)
    assert sorted(got) == sorted(full), set(got) ^ set(full)
    differing = [name for name in full if got[name] != full[name]]
    assert not differing, f"{len(differing)} file(s) differ from a full build, e.g. {differing[:5]}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory, fixture_data_dir, gazetteer):
    paths = make_project(tmp_path_factory.mktemp("cache"), fixture_data_dir)
    render_and_build(paths, gazetteer=gazetteer)  # the last build, whose work the next one reuses
    return paths


def test_an_english_title_rebuilds_english_only_and_matches_a_full_build(project, gazetteer, tmp_path):
    edit(project.data / "articles" / "001_d0010fbb54b3bdc0.yaml", "\npairings:",
         "\ntranslations:\n  en:\n    title: A made-up English title\npairings:")
    run = render_and_build(project, gazetteer=gazetteer)
    assert run.site.unchanged == ["zh"], run.site.summary()  # the Chinese pages do not show an English title
    reused, done = run.site.page_work["en"]
    assert reused > 0 and done > 0, run.site.summary()
    assert "A made-up English title" in (project.site / "en/report/sources/001_d0010fbb54b3bdc0/index.html").read_text(
        encoding="utf-8")
    assert_same_site(project.site, full_build(project, tmp_path / "full", gazetteer))


def test_a_changed_figure_rebuilds_the_pages_that_show_it_and_matches_a_full_build(project, gazetteer, tmp_path):
    render_and_build(project, gazetteer=gazetteer)  # caches warm again (the full build above emptied them)
    edit(project.data / "articles" / "004_91a3af266363f564.yaml", "value: 109\n", "value: 113\n")
    run = render_and_build(project, gazetteer=gazetteer)
    assert run.site.unchanged == [], run.site.summary()
    for language in ("zh", "en"):
        reused, done = run.site.page_work[language]
        assert reused > done > 0, run.site.summary()  # most pages do not show that figure
    assert_same_site(project.site, full_build(project, tmp_path / "full", gazetteer))


def test_nothing_changed_copies_both_languages(project, gazetteer, tmp_path):
    render_and_build(project, gazetteer=gazetteer)
    before = tree(project.site)
    run = render_and_build(project, gazetteer=gazetteer)
    assert sorted(run.site.unchanged) == ["en", "zh"], run.site.summary()
    assert tree(project.site) == before
