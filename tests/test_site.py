"""End to end: fixture data -> both language builds with MkDocs --strict -> checks on the HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from projects import make_project

from generator.pipeline import render_and_build
from generator.site import SiteBuildError, build_site

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://owner.github.io/preview/pr-7/"  # a published sub-path, like PR previews (example.org would be a placeholder)




@pytest.fixture(scope="module")
def built(tmp_path_factory, gazetteer, fixture_data_dir):
    tmp = tmp_path_factory.mktemp("project")
    paths = make_project(tmp, fixture_data_dir)
    result = render_and_build(paths, site_url=BASE, gazetteer=gazetteer)
    return paths, result


def pages(site: Path, lang_prefix: str) -> set[str]:
    root = site / lang_prefix if lang_prefix else site
    out = set()
    for page in root.rglob("index.html"):
        rel = page.relative_to(root).as_posix()
        if not lang_prefix and rel.startswith("en/"):
            continue
        out.add(rel)
    return out


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates, self.ids, self.html_lang, self.rows, self._row = [], set(), None, [], None
        self.tables = self.captions = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.alternates.append((a.get("hreflang"), a["href"]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(" | ".join(self._row))
            self._row = None

    def handle_data(self, data):
        if self._row is not None and data.strip():
            self._row.append(data.strip())


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_build_is_clean_and_counts_pages(built):
    paths, result = built
    site = result.site
    assert site.pages["zh"] == site.pages["en"] >= 16
    assert (site.out_dir / "index.html").is_file() and (site.out_dir / "en" / "index.html").is_file()
    assert (site.out_dir / "404.html").is_file() and (site.out_dir / "en" / "404.html").is_file()
    for lang in ("zh", "en"):
        config = (paths.build / "mkdocs" / f"{lang}.yml").read_text(encoding="utf-8")
        # Written whole, paths relative to build/mkdocs/, no engine hooks (issue 19: an engine you can change)
        assert "INHERIT" not in config and "hooks" not in config and str(paths.root) not in config.split("pymdownx")[0]
        assert f"docs_dir: ../../docs/{lang}" in config and "custom_dir: ../../docs/overrides" in config
        assert "- generator.md_captions" in config
    assert "site_url: https://owner.github.io/preview/pr-7/en/" in (paths.build / "mkdocs" / "en.yml").read_text()


def test_every_page_exists_in_both_languages(built):
    _, result = built
    zh, en = pages(result.site.out_dir, ""), pages(result.site.out_dir, "en")
    assert zh == en
    assert {"index.html", "methodology/index.html", "report/regions/guizhou/index.html",
            "report/sources/000_a5d283d4a5cc16de/index.html", "report/sources/index.html"} <= zh


def test_html_lang_and_shared_css(built):
    site = built[1].site.out_dir
    assert parse(site / "index.html").html_lang == "zh-Hans"
    assert parse(site / "en" / "index.html").html_lang == "en"
    assert (site / "assets" / "extra.css").is_file() and (site / "en" / "assets" / "extra.css").is_file()
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")


def test_guizhou_page_holds_real_figures(built):
    site = built[1].site.out_dir
    for path, words in [
        (site / "report/regions/guizhou/index.html", ("派出专家", "257名", "广州市 → 黔南布依族苗族自治州", "已人工审核")),
        (site / "en/report/regions/guizhou/index.html", ("Experts sent", "257", "Guangzhou → Qiannan", "reviewed by a person")),
    ]:
        page = parse(path)
        assert any(all(w in row for w in words) for row in page.rows), path
        assert page.tables and page.tables == page.captions  # every table has a caption
    html = (site / "en/report/regions/guizhou/index.html").read_text(encoding="utf-8")
    link = re.search(r'href="([^"]*000_a5d283d4a5cc16de/#(f-[0-9a-f]+))"[^>]*>New Express</a> · reviewed by a person', html)
    assert link, "the 257 row links to its quote"
    target = parse(site / "en/report/sources/000_a5d283d4a5cc16de/index.html")
    assert link.group(2) in target.ids
    assert "CNY 23.46 million" in html and "2,346万元" in (site / "report/regions/guizhou/index.html").read_text()


def test_language_switch_links_to_same_page(built):
    site = built[1].site.out_dir
    base_path = urlsplit(BASE).path
    for lang_prefix, other_prefix in (("", "en/"), ("en/", "")):
        for rel in pages(site, lang_prefix.rstrip("/")):
            page_url = base_path + lang_prefix + rel.removesuffix("index.html")
            alternates = dict(parse(site / lang_prefix / rel).alternates)
            assert set(alternates) == {"zh-Hans", "en"}
            for hreflang, href in alternates.items():
                assert not href.startswith("/") and "://" not in href  # relative: works under any sub-path
                resolved = urlsplit(urljoin("https://host" + page_url, href)).path
                expected_prefix = "en/" if hreflang == "en" else ""
                assert resolved == base_path + expected_prefix + rel.removesuffix("index.html"), (rel, href)
                assert (site / resolved.removeprefix(base_path) / "index.html").is_file()


def test_chinese_search_index_is_segmented(built):
    site = built[1].site.out_dir
    zh = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in zh["docs"])
    assert "\u200b" in text and re.search("[\u4e00-\u9fff]\u200b[\u4e00-\u9fff]", text)
    assert "\\u200b" in zh["config"]["separator"]
    assert any("Guangzhou" in d["text"] for d in en["docs"])


def test_failed_build_keeps_previous_site(built, tmp_path):
    paths, result = built
    out = tmp_path / "site"
    build_site(paths, out)  # a good build first
    marker = out / "index.html"
    before = marker.read_text(encoding="utf-8")
    page = paths.docs / "en" / "methodology.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    try:
        with pytest.raises(SiteBuildError) as err:
            build_site(paths, out)
        assert "no-such-page.md" in str(err.value)
    finally:
        page.write_text(original, encoding="utf-8")
    assert marker.read_text(encoding="utf-8") == before
    assert not list(tmp_path.glob(".site.building-*"))


def test_no_markdown_syntax_leaks_into_pages(built):
    site = built[1].site.out_dir
    for page in site.rglob("*.html"):
        text = re.sub(r"<(script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", "", text)
        assert "{: " not in text, page
        assert not re.search(r"\\[-.()\[\]*_|#!+]", text), page
        assert "--8&lt;--" not in text and "--8<--" not in text, page


def test_preloading_mkdocs_loads_its_plugins_and_never_fails_the_build(tmp_path):
    """The build loads MkDocs, its search plugin and the Markdown extensions mkdocs.yml names (pymdownx.snippets) while it waits for the
    maps, so the language builds forked later start with them; a config MkDocs rejects is left to the build."""
    import subprocess
    import sys as _sys

    script = ("import sys\nfrom pathlib import Path\nfrom generator.site import preload_mkdocs\n"
              f"preload_mkdocs(Path({str(tmp_path / 'missing.yml')!r}))\n"
              f"preload_mkdocs(Path({str(ROOT / 'mkdocs.yml')!r}))\n"
              "print('mkdocs.commands.build' in sys.modules, any(m.startswith('material.plugins.search') for m in sys.modules),"
              " 'pymdownx.snippets' in sys.modules)\n")
    out = subprocess.run([_sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "True", "True"]

