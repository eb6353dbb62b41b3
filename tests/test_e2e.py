"""End to end from the real seeds: `build` in a throwaway checkout, then checks on the HTML."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.buildstate import nothing_to_build
from generator.config import ProjectPaths
from generator.pipeline import build_all
from generator.progress import Reporter

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
DATA_INPUTS = ("indicators.yaml", "extraction.yaml", "outlets.yaml", "regions.yaml", "gazetteer")


def _not_in_a_clone(folder: str, names: list[str]) -> list[str]:
    """What a build writes under docs/ and git ignores: report pages, each language's copy of assets."""
    language_folder = Path(folder).parent.name == "docs" and Path(folder).name != "assets"
    return [n for n in names if n == "report" or n.startswith(".report") or (language_folder and n == "assets")]


def fresh_checkout(tmp: Path) -> ProjectPaths:
    """mkdocs.yml, hand-written docs, seeds and the hand-made data — but no extracted articles."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=_not_in_a_clone)
    shutil.copytree(ROOT / "seeds", tmp / "seeds")
    (tmp / "data").mkdir()
    for name in DATA_INPUTS:
        source = ROOT / "data" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp / "data" / name)
    return ProjectPaths(tmp)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    paths = fresh_checkout(tmp_path_factory.mktemp("checkout"))
    assert not list(paths.docs.glob("*/assets")), "a clone holds no language's copy of docs/assets"
    log = io.StringIO()
    status = build_all(paths, Reporter(stream=log, progress_bars=False))
    second = io.StringIO()  # a fresh clone's second build, nothing changed: nothing to do
    assert build_all(paths, Reporter(stream=second, progress_bars=False)) == 0
    assert "every stage up to date" in second.getvalue(), second.getvalue()
    return paths, status, log.getvalue()


class PageLinks(HTMLParser):
    """The hrefs, ids and language-selector links of one page."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.switch = [], set(), {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            if "md-select__link" in (attrs.get("class") or ""):
                self.switch[attrs.get("hreflang")] = attrs["href"]


def parse(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> dict[str, set[str]]:
    zh = {p.relative_to(site).as_posix() for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("en/")}
    en = {p.relative_to(site / "en").as_posix() for p in (site / "en").rglob("index.html")}
    return {"zh": zh, "en": en}


def test_build_succeeds_and_reports_each_stage(built):
    paths, status, log = built
    assert status == 0, log
    for stage in ("extract", "load data", "report", "render", "mkdocs build --strict"):
        assert re.search(rf"✓ {re.escape(stage)}: .* in \d+\.\d+ s", log), f"stage {stage!r} not reported:\n{log}"
    assert (paths.site / "index.html").is_file() and (paths.site / "en" / "index.html").is_file()
    assert sorted(p.name for p in (paths.data / "articles").glob("*.yaml")) == sorted(
        p.stem + ".yaml" for p in paths.seeds.glob("*.txt")
    )


def test_every_page_has_its_counterpart_and_none_is_empty(built):
    paths, _, _ = built
    pages = html_pages(paths.site)
    assert pages["zh"] == pages["en"]
    assert len(pages["zh"]) >= 5 + 7 + 3  # sources, regions, home/methodology/indexes
    for lang_root in (paths.site, paths.site / "en"):
        for rel in pages["zh"]:
            html = (lang_root / rel).read_text(encoding="utf-8")
            article = re.search(r"<article[^>]*>(.*)</article>", html, re.S).group(1)
            text = re.sub(r"<[^>]+>", "", article)
            assert len(text.strip()) > 200, f"{lang_root / rel} is nearly empty"


def test_guizhou_page_shows_the_257_experts_from_guangzhou_to_qiannan(built):
    paths, _, _ = built
    for lang_root, words in ((paths.site, ("派出专家", "广州", "黔南", "257名")), (paths.site / "en", ("Experts sent", "Guangzhou", "Qiannan", "257"))):
        html = (lang_root / "report/regions/guizhou/index.html").read_text(encoding="utf-8")
        rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
        hits = [r for r in rows if words[0] in r and re.search(rf">\s*{words[3]}\s*<", r)]
        assert hits, f"no {words[0]} row with {words[3]} in {lang_root}"
        section = html[: html.find(hits[0])]
        assert words[1] in section[section.rfind("<h3") :] and words[2] in section[section.rfind("<h3") :]


def _gold_scopes(paths: ProjectPaths) -> dict[str, tuple[str, str]]:
    """Figure id of the built data -> the gold scope (donor, recipient adcodes) of the same figure."""
    import yaml

    out = {}
    for gold_file in sorted((ROOT / "tests" / "fixtures" / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        built = yaml.safe_load((paths.data / "articles" / gold_file.name).read_text(encoding="utf-8"))
        for g in gold["figures"]:
            if not g.get("scope"):
                continue
            for f in built["figures"]:
                if f["value"] == g["value"] and (g["quote"] in f["quote"] or f["quote"] in g["quote"]):
                    out[f["id"]] = (g["scope"]["donor"], g["scope"]["recipient"])
    return out


def test_no_narrower_figure_is_shown_under_a_province_pairing(built):
    """A county's, hospital's or prefecture's figure (by the gold's scope) never stands under a
    province -> province pairing on a region page: that would overstate its reach."""
    paths, status, _ = built
    assert status == 0
    gold = _gold_scopes(paths)
    assert len(gold) >= 100  # the seeds' figures are found in the built data
    is_province = re.compile(r"^\d{2}0000$")
    checked, wrong = 0, []
    for page in sorted((paths.site / "report" / "regions").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        # Each pairing section runs from its heading to the next heading of the same or a higher level.
        for m in re.finditer(r'<h4 id="p-(\d{6})-(\d{6})"(.*?)(?=<h[1-4][ >]|$)', html, re.S):
            donor, recipient, body = m.groups()
            province_pair = bool(is_province.match(donor) and is_province.match(recipient))
            for fid in dict.fromkeys(re.findall(r"#(f-[0-9a-f]+)", body)):
                if fid not in gold:
                    continue
                checked += 1
                d, r = gold[fid]
                if province_pair and not (is_province.match(d) and is_province.match(r)):
                    wrong.append(f"{page.relative_to(paths.site)}: {fid} under {donor}->{recipient}, gold {d}->{r}")
    assert checked >= 100
    assert not wrong, "\n".join(wrong)


def test_figure_links_reach_their_quote_on_the_source_page(built):
    paths, _, _ = built
    page = paths.site / "report/regions/guizhou/index.html"
    links = [h for h in parse(page).hrefs if "/sources/" in h and "#f-" in h]
    assert links
    for href in links:
        target = urlsplit(urljoin("http://x/report/regions/guizhou/", href))
        source = paths.site / target.path.lstrip("/") / "index.html"
        assert target.fragment in parse(source).ids, href


def test_language_switch_leads_to_the_same_page(built):
    paths, _, _ = built
    pages = html_pages(paths.site)["zh"]
    for rel in pages:
        url_zh = "http://x/" + rel.removesuffix("index.html")
        url_en = "http://x/en/" + rel.removesuffix("index.html")
        to_en = urljoin(url_zh, parse(paths.site / rel).switch["en"])
        to_zh = urljoin(url_en, parse(paths.site / "en" / rel).switch["zh-Hans"])
        assert to_en == url_en and to_zh == url_zh, rel


def test_second_build_reuses_extraction_and_keeps_review(built):
    paths, _, _ = built
    article = paths.data / "articles" / "000_a5d283d4a5cc16de.yaml"
    text = article.read_text(encoding="utf-8")
    edited = text.replace("\npairings:", "\ntranslations:\n  en:\n    title: 'Qiannan: from transfusion to self-renewal'\npairings:", 1)
    assert edited != text
    article.write_text(edited, encoding="utf-8")
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False)) == 0
    assert "0 extracted, 5 unchanged" in log.getvalue()
    assert "Qiannan: from transfusion to self-renewal" in article.read_text(encoding="utf-8")
    html = (paths.site / "en/report/sources/000_a5d283d4a5cc16de/index.html").read_text(encoding="utf-8")
    assert "Qiannan: from transfusion to self-renewal" in html


def test_a_build_with_nothing_changed_does_nothing_and_a_change_rebuilds(built):
    paths, _, _ = built
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False)) == 0  # settle after the edit above
    home = paths.site / "index.html"
    before = home.stat().st_mtime_ns
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False)) == 0
    assert "every stage up to date" in log.getvalue() and "mkdocs build --strict …" not in log.getvalue()
    assert home.stat().st_mtime_ns == before
    # A reviewer's edit is an input: the next build renders it.
    article = paths.data / "articles" / "001_d0010fbb54b3bdc0.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace("\npairings:", "\ntranslations:\n  en:\n    title: A retitled repost\npairings:", 1),
                       encoding="utf-8")
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False)) == 0
    assert "every stage up to date" not in log.getvalue()
    assert "A retitled repost" in (paths.site / "en/report/sources/001_d0010fbb54b3bdc0/index.html").read_text(encoding="utf-8")


# What a build with nothing to do may not import: the extractor, renderer, report, MkDocs, Folium,
# the schema validator (the data it would validate is what the last build validated).
HEAVY_MODULES = ("generator.pipeline", "generator.extract", "generator.render", "generator.report",
                 "generator.site", "generator.store", "mkdocs", "folium", "jsonschema", "jinja2")


def test_a_build_with_nothing_to_do_loads_no_stage(built):
    paths, _, _ = built
    script = ("import sys; from generator.cli import main; code = main(['--root', sys.argv[1], 'build']); "
              "print(' '.join(sorted(sys.modules))); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, str(paths.root)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "every stage up to date" in done.stderr
    loaded = set(done.stdout.split())
    assert "generator.buildstate" in loaded
    assert not [m for m in HEAVY_MODULES if m in loaded]


def test_nothing_to_build_notices_a_changed_a_new_and_a_withdrawn_article(built):
    paths, _, _ = built
    assert nothing_to_build(paths)
    seed = sorted(paths.seeds.glob("*.txt"))[2]
    text = seed.read_bytes()
    seed.write_bytes(text + "\n另悉，当地新建远程会诊中心3个。\n".encode())
    try:
        assert not nothing_to_build(paths)
    finally:
        seed.write_bytes(text)
    assert nothing_to_build(paths)
    new = paths.seeds / "zz_new_article.txt"
    new.write_text("某县人民医院迎来新一批帮扶专家。", encoding="utf-8")
    try:
        assert not nothing_to_build(paths)
        assert not nothing_to_build(paths, extract=False)  # the full build says the seed has no review file
    finally:
        new.unlink()
    gone = paths.seeds.parent / seed.name
    seed.rename(gone)  # its data/machine/ snapshot is left: the build would remove it
    try:
        assert not nothing_to_build(paths)
    finally:
        gone.rename(seed)
    assert nothing_to_build(paths)


def test_each_language_has_its_own_404_page(built):
    paths, _, _ = built
    zh = (paths.site / "404.html").read_text(encoding="utf-8")
    en = (paths.site / "en" / "404.html").read_text(encoding="utf-8")
    assert "<h1>找不到该页面</h1>" in zh and 'lang="zh-Hans"' in zh
    assert "<h1>Page not found</h1>" in en and 'lang="en"' in en


class LanguageTextParser(HTMLParser):
    """Text of a page's body, leaving out what is tagged as another language and non-text elements."""

    SKIP_TAGS = {"script", "style", "title", "svg"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, other_lang_prefix: str):
        super().__init__()
        self.other = other_lang_prefix
        self.stack: list[bool] = []
        self.skipping = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        skip = (
            tag in self.SKIP_TAGS
            or (attrs.get("lang") or "").startswith(self.other)
            # the header repeats the page's H1 (tagged there) and the language selector names languages
            or "md-header__topic" in (attrs.get("class") or "")
            or "md-select" in (attrs.get("class") or "")
        )
        self.stack.append(skip)
        self.skipping += skip

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.skipping -= self.stack.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(data)


def page_text(path: Path, other_lang_prefix: str) -> str:
    parser = LanguageTextParser(other_lang_prefix)
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.text)


def test_no_chinese_on_english_pages_except_tagged_source_data(built):
    """Chinese data (quotes, untranslated titles, names) must carry lang="zh-Hans"; nothing else is Chinese."""
    paths, _, _ = built
    han = re.compile(r"[\u3400-\u9fff]+")
    offenders = {}
    for page in (paths.site / "en").rglob("*.html"):
        found = han.findall(page_text(page, "zh"))
        if found:
            offenders[str(page.relative_to(paths.site))] = found[:5]
    assert not offenders, offenders


def test_no_english_interface_string_on_chinese_pages(built):
    """Every interface string of the catalog (English msgids) is translated on the Chinese pages."""
    from babel.messages.pofile import read_po

    paths, _, _ = built
    with open(ROOT / "generator/locale/messages.pot", "rb") as handle:
        catalog = read_po(handle)
    phrases = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            if msgid and len(re.findall(r"[A-Za-z]+", msgid)) >= 2:
                phrases.add(re.split(r"%\(|\{", msgid)[0].strip())
    phrases = {p for p in phrases if len(p.split()) >= 2}
    assert len(phrases) > 50
    offenders = {}
    for page in paths.site.rglob("*.html"):
        rel = page.relative_to(paths.site).as_posix()
        if rel.startswith("en/"):
            continue
        text = " ".join(page_text(page, "en").split())
        found = sorted(p for p in phrases if p in text)
        if found:
            offenders[rel] = found
    assert not offenders, offenders


def test_derived_values_and_bounded_befores_are_worded_as_such(built):
    """Every figure of the seeds whose `before` is a bound (不足80%), whose number the extractor
    computed (翻了一番: derived) or that is stressed as "as many as" (多达) reads so on its source
    page, in both languages: never as a plain reported number."""
    from generator.config import load_site_settings
    from generator.i18n import Localizer
    from generator.store import load_article_file

    paths, _, _ = built
    settings = load_site_settings(paths, site_url="https://example.org/")
    words = {  # what a bound, a computed number and 多达 read as, by language
        "zh": ("不足", "推算", "多达"),
        "en": ("below", "computed", "as many as"),
    }
    checked = {"less_than": 0, "derived": 0, "as_many_as": 0}
    for article_file in sorted((paths.data / "articles").glob("*.yaml")):
        facts = load_article_file(article_file)
        for lang, (below, computed, as_many_as) in words.items():
            fmt = Localizer.for_language(settings.language(lang))
            prefix = "" if lang == "zh" else "en/"
            page = paths.site / f"{prefix}report/sources/{facts.article.id}/index.html"
            text = " ".join(page_text(page, "en" if lang == "zh" else "zh").split())
            for f in facts.figures:
                if f.status == "rejected":
                    continue
                if f.before_qualifier == "less_than":
                    shown = fmt.before(f)
                    assert shown.startswith(below) and shown in text, (lang, f.id, shown)
                    checked["less_than"] += 1
                if f.derived:
                    # a computed before says how inside the brackets it stands in, never in a bracket of its own
                    shown = fmt.before_aside(f).strip() if f.derived_rule.startswith("before_") else fmt.full_value(f)
                    assert computed in shown and shown in text, (lang, f.id, shown)
                    checked["derived"] += 1
                if f.as_many_as:
                    shown = fmt.full_value(f)
                    assert shown.startswith(as_many_as) and shown in text, (lang, f.id, shown)
                    checked["as_many_as"] += 1
    # The seeds state each kind (002: 从不足80%…, 翻了一番; 001: 多达867项, 高达92%), in both languages.
    assert all(n >= 2 for n in checked.values()), checked


def test_brackets_nest_and_parts_name_their_total(built):
    """No bracket closes twice on a page ("…（推算…））", "…(computed …))"); a part names its total,
    linked to it; a level brought down reads "reduced to" / "降至" (issue 15)."""
    from generator.config import load_site_settings
    from generator.i18n import Localizer
    from generator.store import load_article_file

    paths, _, _ = built
    settings = load_site_settings(paths, site_url="https://example.org/")
    for page in paths.site.rglob("index.html"):
        text = page_text(page, "none")
        assert not re.search(r"[)）]\s*[)）]", text), (page, re.search(r".{40}[)）]\s*[)）]", text))
    parts = reduced = 0
    for article_file in sorted((paths.data / "articles").glob("*.yaml")):
        facts = load_article_file(article_file)
        ids = {f.id: f for f in facts.figures}
        for lang in ("zh", "en"):
            fmt = Localizer.for_language(settings.language(lang))
            prefix = "" if lang == "zh" else "en/"
            page = paths.site / f"{prefix}report/sources/{facts.article.id}/index.html"
            html_text = page.read_text(encoding="utf-8")
            text = " ".join(page_text(page, "en" if lang == "zh" else "zh").split())
            for f in facts.figures:
                if f.part_of and f.part_of in ids:
                    total = fmt.full_value(ids[f.part_of])
                    shown = fmt.part_of_total(fmt.full_value(f), total)
                    assert shown.replace(" ", "") in text.replace(" ", ""), (lang, f.id, shown)
                    assert f'<a href="#{f.part_of}">{total}</a>' in html_text, (lang, f.id)
                    parts += 1
                if f.reduced:
                    shown = fmt.full_value(f)
                    assert shown.startswith(("reduced to", "降至")) and shown in text, (lang, f.id, shown)
                    reduced += 1
    assert parts >= 4 and reduced >= 2, (parts, reduced)  # seeds 000, 003, 004: 其中…; 004: 缩短至15分钟
