"""Publishing: reproducible builds, a site that works under a sub-path (PR previews),
noindex previews, the print header, and the briefing PDFs.

Two throwaway checkouts with the same inputs are built for a preview sub-path; every file
of the two sites must be byte-identical, and every relative link of the first (both
languages, PDFs included) must lead to a file that exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projects import make_project

from generator.config import ProjectPaths, load_site_settings
from generator.pdf import briefing_name, write_briefings, write_pdf, local_fetcher
from generator.pipeline import render_and_build

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = "https://example.org/repo/pr-preview/pr-7/"
HAN = re.compile(r"[\u4e00-\u9fff]")
CJK_FONT = re.compile(r"CJK|SourceHan|Source-Han|PingFang|YaHei|WenQuanYi|Hei|Song|Ming", re.I)




@pytest.fixture(scope="module")
def sites(tmp_path_factory, gazetteer, fixture_data_dir):
    """Two builds of the same inputs for a PR preview sub-path, as the preview workflow builds them."""
    out = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_NOINDEX", "1")
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        for name in ("a", "b"):
            paths = make_project(tmp_path_factory.mktemp(f"project-{name}"), fixture_data_dir)
            run = render_and_build(paths, site_url=PREVIEW, gazetteer=gazetteer)
            out.append((paths, run.site.out_dir))
    return out


@pytest.fixture(scope="module")
def briefings(sites):
    """PDFs of the first build; skipped where WeasyPrint's system libraries or a CJK font are
    missing (a fresh machine with only Python), but a failure under CI=true, which installs them."""
    from generator.pdf import PdfError

    paths, site = sites[0]
    try:
        run = write_briefings(paths, site_dir=site)
    except PdfError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true: {exc}", pytrace=False)
        pytest.skip(str(exc))
    return paths, site, run


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at byte {n}: {a[max(0, n - 60):n + 60]!r}\n   vs {b[max(0, n - 60):n + 60]!r}"


def test_same_inputs_build_byte_identical_sites(sites):
    (_, a), (_, b) = sites
    fa, fb = files(a), files(b)
    assert sorted(fa) == sorted(fb), f"different files: {sorted(set(fa) ^ set(fb))[:10]}"
    differ = [name for name in fa if fa[name].read_bytes() != fb[name].read_bytes()]
    report = "\n".join(f"{name} {first_difference(fa[name].read_bytes(), fb[name].read_bytes())}" for name in differ[:5])
    assert not differ, f"{len(differ)} file(s) differ between two builds of the same inputs:\n{report}"


def test_sitemap_uses_the_sub_path_and_the_data_date(sites):
    _, site = sites[0]
    for prefix in ("", "en/"):
        sitemap = (site / prefix / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert locs and all(loc.startswith(PREVIEW + prefix) for loc in locs), locs[:3]
        dates = set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap))
        assert dates == {"2025-05-28"}, dates  # the newest article's date, not today


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.canonical = None
        self.robots = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name) and not (tag == "link" and a.get("rel") == "canonical"):
                self.refs.append(a[name])
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "meta" and a.get("name") == "robots":
            self.robots = a.get("content")


def parse(page: Path) -> Refs:
    p = Refs()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def test_briefing_links_appear_once_the_pdfs_exist(briefings):
    _, site, _ = briefings
    zh = (site / "report" / "regions" / "guizhou" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "report" / "regions" / "guizhou" / "index.html").read_text(encoding="utf-8")
    assert '<a href="briefing-guizhou-zh.pdf" type="application/pdf">下载简报（PDF）</a>' in zh
    assert '<a href="briefing-guizhou-en.pdf" type="application/pdf">Download briefing (PDF)</a>' in en


def test_every_relative_link_resolves_under_the_sub_path(briefings):
    """Every internal link and #anchor (both languages, map pages and PDFs included) resolves
    under the preview's sub-path (tests/sitelinks.py, shared with tests/test_hostile.py)."""
    from sitelinks import broken_links

    _, site, _ = briefings
    broken, checked, anchors = broken_links(site, PREVIEW)
    assert checked > 500 and anchors > 100, (checked, anchors)
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:20])


def test_language_switch_canonical_and_noindex_under_the_sub_path(sites):
    _, site = sites[0]
    zh = parse(site / "report" / "regions" / "guizhou" / "index.html")
    en = parse(site / "en" / "report" / "regions" / "guizhou" / "index.html")
    assert zh.canonical == PREVIEW + "report/regions/guizhou/"
    assert en.canonical == PREVIEW + "en/report/regions/guizhou/"
    assert zh.robots == en.robots == "noindex, nofollow"
    assert "../../../en/report/regions/guizhou/" in zh.refs


def test_noindex_only_when_asked():
    paths = ProjectPaths(ROOT)
    assert load_site_settings(paths, environ={}).noindex is False
    assert load_site_settings(paths, environ={"SITE_NOINDEX": "1"}).noindex is True


def test_print_header_has_title_data_date_and_url(sites):
    _, site = sites[1]  # the second build never gets PDFs (the briefings fixture prints the first)
    zh = (site / "report" / "regions" / "guizhou" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "report" / "regions" / "guizhou" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="print-header">.*?数据截至2025年5月28日.*?' + re.escape(PREVIEW + "report/regions/guizhou/"), zh, re.S)
    assert re.search(r'<div class="print-header">.*?Data as of May 28, 2025.*?' + re.escape(PREVIEW + "en/report/regions/guizhou/"), en, re.S)
    # A plain build has no PDF, so no link to one: only the hidden placeholder `pdf` turns into the link.
    assert 'data-briefing="briefing-guizhou-zh.pdf" hidden>下载简报（PDF）</p>' in zh and 'href="briefing-' not in zh
    assert 'data-briefing="briefing-guizhou-en.pdf" hidden>Download briefing (PDF)</p>' in en and 'href="briefing-' not in en
    css = (site / "assets" / "extra.css").read_text(encoding="utf-8")
    assert "@page { size: A4" in css and ".report-map__print" in css


# ------------------------------------------------------------------------------- PDFs


def pdf_text_and_fonts(pdf: Path) -> tuple[str, list[tuple[str, bool]]]:
    """The PDF's text and its fonts as (name, embedded), read with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            for f in ([d.get_object() for d in descendants] if descendants else [font]):
                descriptor = (f.get("/FontDescriptor") or {})
                descriptor = descriptor.get_object() if descriptor else {}
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(f.get("/BaseFont"))] = embedded
    return text, sorted(fonts.items())


def test_pdf_command_writes_a_briefing_per_region_and_language(briefings):
    paths, site, run = briefings
    slugs = sorted(p.parent.name for p in (site / "report" / "regions").glob("*/index.html"))
    assert len(slugs) >= 3
    expected = {site / prefix / "report" / "regions" / s / briefing_name(s, lang)
                for s in slugs for prefix, lang in (("", "zh"), ("en", "en"))}
    assert {b.pdf for b in run.written} == expected
    assert all(p.is_file() and p.read_bytes().startswith(b"%PDF-") for p in expected)
    assert run.refused == [], f"the PDFs asked for remote or missing files: {run.refused}"


def _title(page: Path) -> str:
    return re.search(r"<h1[^>]*>(.*?)<", page.read_text(encoding="utf-8"), re.S).group(1).strip()


def test_pdfs_hold_the_region_title_and_embedded_cjk_fonts(briefings):
    _, site, run = briefings
    for briefing in run.written:
        text, fonts = pdf_text_and_fonts(briefing.pdf)
        title = _title(briefing.page)
        assert title and title in text.replace("\n", " "), f"{briefing.pdf.name}: title {title!r} not in its text"
        assert fonts and all(embedded for _, embedded in fonts), f"{briefing.pdf.name}: fonts not embedded: {fonts}"
        if briefing.lang == "zh" or HAN.search(text):
            assert any(CJK_FONT.search(name) for name, _ in fonts), f"{briefing.pdf.name}: no CJK font in {fonts}"
        assert ("数据截至" if briefing.lang == "zh" else "Data as of") in text  # the print header
    zh_text, _ = pdf_text_and_fonts(site / "report" / "regions" / "guizhou" / briefing_name("guizhou", "zh"))
    assert "贵州省" in zh_text and "派出专家" in zh_text


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_agrees_cjk_font_embedded(briefings):
    _, site, _ = briefings
    out = subprocess.run(["pdffonts", str(site / "report" / "regions" / "guizhou" / briefing_name("guizhou", "zh"))],
                         capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    cjk = [r for r in rows if CJK_FONT.search(r[0])]
    assert cjk and all("yes" in r[-5:-3] for r in cjk), out


def test_pdfs_are_reproducible(briefings, tmp_path):
    _, site, run = briefings
    briefing = run.written[0]
    again = tmp_path / "again.pdf"
    write_pdf(briefing.page, again, local_fetcher(site))
    assert again.read_bytes() == briefing.pdf.read_bytes()
