"""Acceptance in a real browser: what a reader does, checked in headless Chromium.

The site is built from the seeds into a throwaway checkout (as tests/test_e2e.py does) for
http://127.0.0.1:<port>/, served by a small http.server thread on that port, and driven with
Playwright's Python package through Debian's Chromium (/usr/bin/chromium, installed by .ci/run;
no browser download). Every request that leaves 127.0.0.1 is blocked; map tiles (the one remote
resource, mkdocs.yml `extra.report.map.tiles`) get a blank stand-in tile, as if they failed quietly.

Screenshots of every page visited go to test-output/screenshots/ (gitignored) for review.
Accessibility: axe-core from tests/vendor/axe-core/ (fetched from npm by scripts/fetch_axe.py).

Without Chromium or Playwright these tests are skipped, except under CI=true, where they fail.
Set CHROMIUM=/path/to/chromium to use another build.
"""

from __future__ import annotations

import os
import re
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.config import read_mkdocs_yml

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
AXE_JS = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
# A 1x1 transparent PNG served for every map tile: offline and deterministic (Leaflet stretches it).
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
# Material's search status line before the index is ready (its partials/languages/{zh,en}.html).
SEARCH_INITIALIZING = ("正在初始化搜索引擎", "Initializing search")


# ------------------------------------------------------------------------------ availability


def _require_browser():
    """The Playwright module, or skip (fail under CI=true) with the reason."""
    problems = []
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        problems.append("the Python package 'playwright' is not installed (pip install -e '.[test]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; .ci/run does it; "
                        "or set CHROMIUM=/path/to/chromium)")
    if problems:
        message = "browser tests need Chromium and Playwright: " + "; ".join(problems)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)


# ------------------------------------------------------------------------------ site and server


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files; a missing path gets its language's 404 page with status 404 (like a static host)."""

    def log_message(self, *args):  # keep pytest output clean
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404:
            lang_root = Path(self.directory) / ("en" if self.path.startswith("/en/") else "")
            page = lang_root / "404.html"
            if page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
        super().send_error(code, message, explain)


class Site:
    def __init__(self, root: Path, base: str):
        self.root, self.base = root, base  # base: "http://127.0.0.1:<port>/"

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def pages(self) -> list[str]:
        """Every page's URL path, both languages (index.html files), sorted."""
        rels = (p.parent.relative_to(self.root).as_posix() for p in self.root.rglob("index.html"))
        return sorted("" if rel == "." else rel + "/" for rel in rels)

    def html(self, path: str) -> str:
        return (self.root / path.strip("/") / "index.html").read_text(encoding="utf-8")

    def regions(self) -> list[str]:
        return sorted(p.name for p in (self.root / "report" / "regions").iterdir() if p.is_dir())


# ------------------------------------------------------------------------------ browser


class Watch:
    """What one browser context did: blocked remote requests, failed local ones, console errors."""

    def __init__(self, site: Site):
        self.site = site
        self.tile_host = urlsplit(
            (((read_mkdocs_yml(ROOT / "mkdocs.yml").get("extra") or {}).get("report") or {}).get("map") or {})
            .get("tiles", {}).get("url", "https://tile.openstreetmap.org/")).hostname
        self.blocked: list[str] = []
        self.tiles = 0
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.expected_status: dict[str, int] = {}  # URL -> HTTP status a test asked for (the 404 page)

    def route(self, route):
        url = route.request.url
        if url.startswith(self.site.base):
            route.continue_()  # not routed here (see reader()), kept for safety
        elif urlsplit(url).hostname and urlsplit(url).hostname.endswith(self.tile_host or "\0"):
            self.tiles += 1
            route.fulfill(status=200, body=BLANK_TILE, content_type="image/png")
        else:
            self.blocked.append(url)
            route.abort()

    def attach(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(
            f"console: {msg.text} ({msg.location.get('url')})"))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        # A request the browser itself cancelled (net::ERR_ABORTED: the next page.goto began while the
        # search worker was still loading) is no failure of the site; a missing file answers 404 below.
        page.on("requestfailed", lambda req: req.url.startswith(self.site.base)
                and "ERR_ABORTED" not in (req.failure or "") and self.failed.append(f"{req.url}: {req.failure}"))
        page.on("response", self.on_response)

    def on_response(self, response):
        url = response.url
        if url.startswith(self.site.base) and response.status >= 400 and self.expected_status.get(url) != response.status:
            self.failed.append(f"{url}: HTTP {response.status}")

    def take(self) -> dict[str, list[str]]:
        out = {"blocked": self.blocked, "failed": self.failed, "errors": self.errors}
        self.blocked, self.failed, self.errors = [], [], []
        return {k: v for k, v in out.items() if v}


@pytest.fixture
def reader(browser, site):
    """A fresh browser context (one reader) with the network rules; yields (page, watch)."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", service_workers="block")
    watch = Watch(site)
    # Only requests leaving the test server reach Python (a regex is matched inside the driver).
    context.route(re.compile(rf"^(?!{re.escape(site.base)})"), watch.route)
    page = context.new_page()
    page.set_default_timeout(60_000)  # the longest wait for a state on a loaded machine, not a delay
    watch.attach(page)
    yield page, watch
    context.close()


def shot(page, screenshots: Path, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=full_page)


def shot_name(path: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", ("en" if path.startswith("en/") else "zh") + "-" + (path.removeprefix("en/") or "home")).strip("-")


def load_map(page, scroll: bool = True):
    """Press "Open the interactive map" under the map's picture, as a reader does, and wait until Leaflet
    drew its links in the map that took the picture's place; the map's frame."""
    button = page.locator("figure.report-map a.report-map__open")
    if scroll:
        button.scroll_into_view_if_needed()
    button.click()
    iframe = page.locator("figure.report-map iframe.report-map__live")
    iframe.wait_for(state="visible")
    assert not page.locator("figure.report-map img.report-map__static").is_visible(), "the picture stays beside the live map"
    assert not button.is_visible(), "the button that opened the map is still offered"
    frame = iframe.element_handle().content_frame()
    frame.wait_for_selector(".leaflet-overlay-pane path.report-link", state="attached")
    return frame


# ------------------------------------------------------------------------------ language switch


def test_language_selector_leads_to_the_same_region_and_back(site, reader, screenshots, region="guizhou"):
    page, watch = reader
    zh_url, en_url = site.url(f"report/regions/{region}/"), site.url(f"en/report/regions/{region}/")
    page.goto(zh_url)
    zh_title = page.locator("article h1").inner_text()

    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(en_url)
    assert page.locator("html").get_attribute("lang") == "en"
    en_title = page.locator("article h1").inner_text()
    assert en_title != zh_title and not re.search(r"[\u3400-\u9fff]", en_title), en_title
    shot(page, screenshots, f"switch-{region}-en")

    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh-Hans"]').click()
    page.wait_for_url(zh_url)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("article h1").inner_text() == zh_title
    assert not watch.take()


# ------------------------------------------------------------------------------ search


def pages_containing(site: Site, word: str, lang: str) -> set[str]:
    """URL paths of the pages whose article text contains `word` (case-insensitive), in one language."""
    found = set()
    for path in site.pages():
        if path.startswith("en/") != (lang == "en") or path.startswith(("search/", "en/search/")):
            continue
        article = re.search(r"<article[^>]*>(.*)</article>", site.html(path), re.S)
        text = re.sub(r"<[^>]+>", "", article.group(1)) if article else ""
        if word.lower() in text.lower():
            found.add("/" + path)
    return found


def search(page, site: Site, home: str, query: str) -> tuple[set[str], str]:
    """Type `query` in Material's search box; (URL paths of the pages found, the status line)."""
    page.goto(site.url(home))
    box = page.locator("input.md-search__input")
    if box.is_visible():  # wide screens: the box is in the header
        box.click()
    else:  # narrow screens: the magnifier opens it
        page.locator('label.md-header__button[for="__search"]').click()
    meta = page.locator(".md-search-result__meta")
    # Queries typed before the search worker has loaded its index are dropped: wait for it.
    page.wait_for_function("([sel, init]) => { const m = document.querySelector(sel);"
                           " return m && m.textContent.trim() && !init.includes(m.textContent.trim()); }",
                           arg=[".md-search-result__meta", list(SEARCH_INITIALIZING)])
    before = meta.inner_text()
    # Material searches on keyup; Chinese typed through an input method arrives as text, then a key
    # is released: fill() inserts the text (no key events for non-ASCII), End stands for that keyup.
    box.fill(query)
    box.press("End")
    page.wait_for_function("([sel, before]) => document.querySelector(sel).textContent.trim() !== before",
                           arg=[".md-search-result__meta", before.strip()])
    # Results render after the status line: wait until the list holds them (or says there are none).
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0"
                           " || /\\b0\\b|没有|No matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    hrefs = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all("els => els.map(a => a.href)")
    return {urlsplit(h).path for h in hrefs}, meta.inner_text()


@pytest.mark.parametrize("lang, home, query", [
    ("zh", "", "血液透析"),  # jieba splits it into 血液 | 透析 in the index; Material segments the query alike
    # No English page says "dialysis" yet (血液透析 appears only inside quoted Chinese): expected is
    # computed from the built pages, so this checks that search agrees, and follows the content.
    ("en", "en/", "dialysis"),
    ("en", "en/", "Qiannan"),
])
def test_search_finds_the_pages_that_contain_the_words(site, reader, screenshots, lang, home, query):
    page, watch = reader
    expected = pages_containing(site, query, lang)
    found, status = search(page, site, home, query)
    shot(page, screenshots, f"search-{lang}-{'hemodialysis' if query == '血液透析' else query.lower()}")
    assert found == expected, f"search {query!r}: {status!r}\nfound {sorted(found)}\nexpected {sorted(expected)}"
    if lang == "zh":
        assert {"/report/regions/guizhou/", "/report/regions/guangdong/"} <= found
    assert not watch.take()


# ------------------------------------------------------------------------------ maps


def pairings(site: Site, path: str) -> list[str]:
    """The pairing ids of a region page: its <h4 id="p-<donor adcode>-<recipient adcode>"> headings."""
    return sorted(set(re.findall(r'<h4 id="(p-\d{6}-\d{6})"', site.html(path))))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_maps_draw_every_pairing_offline(site, reader, screenshots, lang):
    page, watch = reader
    for region in site.regions():
        path = ("en/" if lang == "en" else "") + f"report/regions/{region}/"
        expected = pairings(site, path)
        assert expected, f"{path} lists no pairing"
        page.goto(site.url(path))
        frame = load_map(page)
        drawn = frame.locator(".leaflet-overlay-pane path.report-link").evaluate_all(
            "els => els.map(e => [...e.classList].find(c => c.startsWith('link-')).slice(5))")
        markers = frame.locator(".leaflet-marker-pane .leaflet-marker-icon.report-place").count()
        provinces = frame.locator(".leaflet-overlay-pane path:not(.report-link)").count()
        places = {code for p in expected for code in p.split("-")[1:]}
        assert sorted(drawn) == expected, f"{path}: links drawn {sorted(drawn)}, pairings {expected}"
        assert markers == len(places), f"{path}: {markers} markers for {len(places)} places"
        assert provinces > 0, f"{path}: province outlines missing (the map's fallback when tiles fail)"
        if region == "guizhou":
            page.locator("figure.report-map").scroll_into_view_if_needed()
            page.locator("figure.report-map").screenshot(path=str(screenshots / f"map-{lang}-{region}.png"))
    problems = watch.take()
    assert not problems, problems
    assert watch.tiles > 0  # the map asked for tiles (answered with blank ones: no network needed)


# ------------------------------------------------------------------------------ print


@pytest.mark.parametrize("path", ["report/regions/guizhou/", "en/report/regions/guizhou/", "", "en/"])
def test_print_hides_navigation_and_shows_the_static_map(site, reader, screenshots, path):
    page, watch = reader
    page.goto(site.url(path))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer"):
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{path}: {selector} is visible in print"
    image = page.locator("img.report-map__static")
    image.scroll_into_view_if_needed()
    assert image.is_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{path}: the print map did not load"
    assert image.bounding_box()["width"] > 300
    assert not page.locator("a.report-map__open").is_visible(), "paper cannot open a map"
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, screenshots, f"print-{shot_name(path)}")  # the first screen: no header, the static map
    # A reader who opened the interactive map and then prints gets the picture, not an empty frame.
    page.emulate_media(media="screen")
    load_map(page)
    page.emulate_media(media="print")
    assert not page.locator("iframe.report-map__live").is_visible() and image.is_visible()
    page.emulate_media(media="screen")
    assert page.locator("iframe.report-map__live").is_visible() and not image.is_visible()
    assert not watch.take()


# ------------------------------------------------------------------------------ every page


def test_every_page_loads_without_errors(site, reader, screenshots):
    page, watch = reader
    paths = site.pages()
    assert len(paths) >= 30
    missing = ["no-such-page/", "en/no-such-page/"]  # the 404 page of each language, served with status 404
    problems = {}
    for path in paths + missing:
        url = site.url(path)
        if path in missing:
            watch.expected_status[url] = 404
        response = page.goto(url)
        assert response.status == (404 if path in missing else 200), f"{path}: HTTP {response.status}"
        if page.locator("a.report-map__open").count():
            load_map(page)  # the interactive map's scripts and tiles load without error too
            page.evaluate("window.scrollTo(0, 0)")
            # Back at the top, Material shows the site's name again in the header (a state, not a delay).
            page.wait_for_selector(".md-header__title:not(.md-header__title--active)", state="attached")
        shot(page, screenshots, f"page-{shot_name(path)}")
        found = watch.take()
        # Chromium reports the 404 document itself as a failed resource; that one was asked for.
        found["errors"] = [e for e in found.get("errors", []) if not (path in missing and "404" in e and url in e)]
        found = {k: v for k, v in found.items() if v}
        if found:
            problems[path] = found
    assert not problems, problems


# ------------------------------------------------------------------------------ accessibility


@pytest.mark.parametrize("path", ["", "report/regions/guizhou/", "en/", "en/report/regions/guizhou/"])
def test_axe_finds_no_serious_or_critical_violation(site, reader, screenshots, path):
    page, watch = reader
    page.goto(site.url(path), wait_until="load")  # a state, not network idleness (tiles are stubbed)
    load_map(page)  # the map's own page is scanned too (axe runs in every frame)
    # Back to the top: Material hides the tabs while scrolled down and fades them in again (their
    # contrast mid-fade is not what a reader sees).
    page.evaluate("window.scrollTo(0, 0)")
    # The tabs fade in link by link (opacity and transform transitions): wait until none is running.
    page.wait_for_function("() => { const t = document.querySelector('.md-tabs'); if (!t) return true;"
                           " if (t.hasAttribute('hidden')) return false;"
                           " return [...t.querySelectorAll('.md-tabs__link')].every(a => a.getAnimations().length === 0); }")
    axe = AXE_JS.read_text(encoding="utf-8")
    for frame in page.frames:
        frame.evaluate(axe)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        + (f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else "")
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    shot(page, screenshots, f"axe-{shot_name(path)}")
    assert not bad, f"{path or 'home'}:\n" + "\n".join(bad)
    assert not watch.take()
