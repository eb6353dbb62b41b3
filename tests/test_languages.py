"""Adding a language is a catalog, a config entry and data: a stub third language (Tibetan, `bo`)
builds from the seeds' reviewed data with no code change, its pages carry its lang attribute and
every page's language switcher offers it. Untranslated text falls back to English (the stub's
`fallback`), then to the Chinese source; the stub's own strings are marked "[bo stub]"."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

STUB_CATALOG = '''\
# STUB Tibetan catalog: proves that a language is a catalog, a config entry and data.
# Not a translation: untranslated messages fall back to the English message ids.
msgid ""
msgstr ""
"Language: bo\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Home"
msgstr "[bo stub] Home"
'''

STUB_LANGUAGE = '''\
      - code: bo
        name: "བོད་ཡིག (stub)"
        html_lang: bo
        locale: bo
        prefix: bo/
        theme_language: en           # Material has no Tibetan interface strings
        fallback: [en]               # untranslated text: English, then the Chinese source
        site_name: "[bo stub] East–West Cooperation Medical Aid Report"
        search:
          lang: [en]
          separator: '[\\s\\-]+'
'''

BO_TITLE = "[bo stub] a made-up title for the first article"
BO_LABEL = "[bo stub] experts sent"


def _copy_project(target: Path) -> Path:
    for name in ("generator", "data", "docs", "seeds"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "report", ".report*", "*.mo"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def add_stub_language(project: Path) -> None:
    # 1. a catalog
    catalog = project / "generator" / "locale" / "bo" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(STUB_CATALOG, encoding="utf-8")
    # 2. a config entry (and its hand-written pages, here the English ones standing in)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "    # The licence of the report's data"
    assert anchor in text
    config.write_text(text.replace(anchor, STUB_LANGUAGE + anchor, 1), encoding="utf-8")
    shutil.copytree(project / "docs" / "en", project / "docs" / "bo")
    # 3. data: what a person has translated so far
    indicators = project / "data" / "indicators.yaml"
    raw = yaml.safe_load(indicators.read_text(encoding="utf-8"))
    raw["indicators"]["experts_sent"]["translations"]["bo"] = {"label": BO_LABEL}
    indicators.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    article = project / "data" / "articles" / "000_a5d283d4a5cc16de.yaml"
    raw = yaml.safe_load(article.read_text(encoding="utf-8"))
    raw.setdefault("translations", {})["bo"] = {"title": BO_TITLE}
    article.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.slow
def test_a_stub_third_language_builds_from_the_seeds(tmp_path):
    project = _copy_project(tmp_path / "project")
    add_stub_language(project)
    # The copy's own package runs (python -m from the project folder), catalog included.
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--no-extract"], cwd=project,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    site = project / "site"

    pages = {lang: sorted(p.relative_to(site / prefix).as_posix() for p in (site / prefix).rglob("index.html")
                          if not (prefix == "" and p.relative_to(site).parts[0] in ("en", "bo")))
             for lang, prefix in (("zh", ""), ("en", "en"), ("bo", "bo"))}
    assert pages["bo"] == pages["en"] == pages["zh"] and len(pages["bo"]) >= 15

    for rel in ("index.html", "report/sources/000_a5d283d4a5cc16de/index.html"):
        bo = (site / "bo" / rel).read_text(encoding="utf-8")
        assert re.search(r'<html lang="bo"', bo), rel
        for lang_page in (site / rel, site / "en" / rel, site / "bo" / rel):  # every switcher offers bo
            assert 'hreflang="bo"' in lang_page.read_text(encoding="utf-8"), lang_page
    source = (site / "bo" / "report/sources/000_a5d283d4a5cc16de/index.html").read_text(encoding="utf-8")
    assert BO_TITLE in source  # the language's own data
    home = (site / "bo" / "index.html").read_text(encoding="utf-8")
    assert "[bo stub] Home" in home  # its catalog
    assert BO_LABEL in home  # its indicator label (a headline figure)
    assert "Long-term experts" in "".join(p.read_text(encoding="utf-8") for p in (site / "bo").rglob("index.html")) \
        or "Hospitals paired" in home  # an untranslated label falls back to English
    english_home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert BO_LABEL not in english_home and BO_TITLE not in english_home
