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
from urllib.parse import urlsplit

import pytest
from projects import make_project

from generator.config import ProjectPaths, load_site_settings
from generator.edition import published_base
from generator.pdf import briefing_name, handout_links, local_fetcher, write_briefings, write_pdf
from generator.pipeline import render_and_build

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
# A published address (a placeholder such as example.org is never printed or linked: see
# test_placeholder_site_url_prints_no_address).
PREVIEW = "https://owner.github.io/repo/pr-preview/pr-7/"
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
    assert re.search(r'<div class="print-header">.*?2025年5月28日版.*?' + re.escape(PREVIEW + "report/regions/guizhou/"), zh, re.S)
    assert re.search(r'<div class="print-header">.*?Edition of May 28, 2025.*?' + re.escape(PREVIEW + "en/report/regions/guizhou/"), en, re.S)
    # A plain build has no PDF, so no link to one: only the hidden placeholder `pdf` turns into the link.
    assert 'data-briefing="briefing-guizhou-zh.pdf" hidden>下载简报（PDF）</p>' in zh and 'href="briefing-' not in zh
    assert 'data-briefing="briefing-guizhou-en.pdf" hidden>Download briefing (PDF)</p>' in en and 'href="briefing-' not in en
    css = (site / "assets" / "extra.css").read_text(encoding="utf-8")
    assert re.search(r"@page \{\s*size: A4", css) and "@top-right" in css and "counter(pages)" in css and ".report-map__static" in css


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
        assert ("2025年5月28日版" if briefing.lang == "zh" else "Edition of May 28, 2025") in text  # the print header
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
    write_pdf(briefing.page, again, local_fetcher(site), PREVIEW)
    assert again.read_bytes() == briefing.pdf.read_bytes()


# ------------------------------------------------------------ handouts fit for a meeting


def pdf_pages(pdf: Path) -> tuple[list[str], list[str]]:
    """(text of each page, every link URI) of a PDF, read with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = (annot.get_object().get("/A") or {})
            action = action.get_object() if action else {}
            if action.get("/URI"):
                uris.append(str(action["/URI"]))
    return [page.extract_text() or "" for page in reader.pages], uris


EDITION = {"zh": "2025年5月28日版", "en": "Edition of May 28, 2025"}
SOURCES_HEADING = {"zh": "出处", "en": "Sources"}


def test_every_handout_page_has_the_running_header_and_its_number(briefings):
    _, _, run = briefings
    for briefing in run.written:
        pages, _ = pdf_pages(briefing.pdf)
        title = _title(briefing.page)
        for n, text in enumerate(pages, 1):
            flat = " ".join(text.split())
            assert f"{n} / {len(pages)}" in flat, f"{briefing.pdf.name} page {n}: no page number"
            assert EDITION[briefing.lang] in flat, f"{briefing.pdf.name} page {n}: no edition date"
            assert title in flat, f"{briefing.pdf.name} page {n}: no region in the running header"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_reads_one_header_a_page_number_and_the_edition_date_on_every_handout_page(briefings):
    """What a reader's own tools see (poppler's pdftotext, pages split at form feeds), not only pypdf;
    page 1 has one header above the title: the running header stands for the print header."""
    _, _, run = briefings
    for briefing in run.written:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(briefing.pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        pages = [re.sub(r"\s+", "", p) for p in out.split("\f") if p.strip()]  # CJK faces lose the spaces
        edition, title = re.sub(r"\s+", "", EDITION[briefing.lang]), re.sub(r"\s+", "", _title(briefing.page))
        for n, text in enumerate(pages, 1):
            assert f"{n}/{len(pages)}" in text, f"{briefing.pdf.name} page {n}: no page number"
            assert edition in text, f"{briefing.pdf.name} page {n}: no edition date"
        header, _, rest = pages[0].partition(edition)  # the running header: report · region, then the date
        assert title in header and title in rest, f"{briefing.pdf.name}: page 1 starts {pages[0][:80]}"
        above_title = rest[: rest.index(title)]
        assert edition not in above_title, f"{briefing.pdf.name}: page 1 prints a second header {above_title!r}"


def test_handouts_end_with_their_sources_and_hold_no_screen_text(briefings):
    _, site, run = briefings
    for briefing in run.written:
        pages, _ = pdf_pages(briefing.pdf)
        text = " ".join(" ".join(pages).split())
        assert SOURCES_HEADING[briefing.lang] in text
        for screen_only in ("Select a line", "点击连线", "No figures are reported for this pairing alone",
                            "本结对没有单独报道的数字", "example.org", "Untitled", "无标题"):
            assert screen_only not in text, f"{briefing.pdf.name}: {screen_only!r}"
        assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b", text), f"{briefing.pdf.name}: an internal article id"
    en, _ = pdf_pages(site / "en" / "report" / "regions" / "guizhou" / briefing_name("guizhou", "en"))
    tail = " ".join(" ".join(en[-2:]).split())
    # the source list at the end: each source with its outlet and its date (or that it states none)
    assert "Sources" in tail and re.search(r"南方都市报|Southern Metropolis Daily", tail) and "date not stated" in tail, tail[-600:]
    assert "How to cite" in tail and "CC BY 4.0" in tail


def test_handout_links_lead_to_the_published_site_never_to_files(briefings):
    _, _, run = briefings
    internal = 0
    for briefing in run.written:
        _, uris = pdf_pages(briefing.pdf)
        for uri in uris:
            assert not uri.startswith("file:"), f"{briefing.pdf.name}: {uri}"
            assert urlsplit(uri).scheme in ("http", "https"), f"{briefing.pdf.name}: {uri}"
            internal += uri.startswith(PREVIEW)
    assert internal > 50, internal


@pytest.fixture(scope="module")
def briefings_b(sites, briefings):
    paths, site = sites[1]
    return paths, site, write_briefings(paths, site_dir=site)


def test_two_clones_make_byte_identical_handouts(briefings, briefings_b):
    _, _, run_a = briefings
    _, _, run_b = briefings_b
    assert len(run_a.written) == len(run_b.written)
    for a, b in zip(run_a.written, run_b.written):
        assert a.pdf.read_bytes() == b.pdf.read_bytes(), f"{a.pdf.name} differs between two clones"


def test_handout_links_without_a_published_address_are_text():
    page = ('<a href="#f-1">in page</a><a href="../../sources/a/#f-2">a fact</a>'
            '<a class="x" href="../guangxi/">region</a><a href="https://news.example.cn/1">article</a>')
    none = handout_links(page, "en/report/regions/guizhou/index.html", None)
    assert 'href="#f-1"' in none and 'href="https://news.example.cn/1"' in none
    assert none.count(" data-unlinked") == 2 and "../" not in none
    base = "https://owner.github.io/repo/"
    published = handout_links(page, "en/report/regions/guizhou/index.html", base)
    assert f'href="{base}en/report/sources/a/#f-2" data-site' in published
    assert f'href="{base}en/report/regions/guangxi/" data-site' in published
    # a link back to the page itself stays in the document
    assert handout_links('<a href="./#top">top</a>', "report/regions/x/index.html", base) == '<a href="#top">top</a>'


@pytest.mark.parametrize("url, published", [
    ("https://owner.github.io/repo", "https://owner.github.io/repo/"),
    ("https://example.org/eastwest-health-report/", None), ("https://www.example.com/", None),
    ("http://127.0.0.1:8000/", None), ("http://localhost:8000/", None), ("https://report.test/", None),
    ("/", None), ("", None), (None, None),
])
def test_published_base_refuses_placeholders(url, published):
    assert published_base(url) == published


def test_placeholder_site_url_prints_no_address(tmp_path, gazetteer, fixture_data_dir):
    (tmp_path / "project").mkdir()
    paths = make_project(tmp_path / "project", fixture_data_dir)
    run = render_and_build(paths, site_url="https://example.org/eastwest-health-report/", gazetteer=gazetteer)
    for page in (run.site.out_dir / "index.html", run.site.out_dir / "en" / "report" / "regions" / "guizhou" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "example.org" not in html and 'rel="canonical"' not in html, page
        assert "Edition of May 28, 2025" in html or "2025年5月28日版" in html
    for page in (run.site.out_dir / "en").rglob("*.html"):  # every figure has an English label
        assert "Other: “" not in page.read_text(encoding="utf-8"), page
