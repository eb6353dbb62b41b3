"""Shared fixtures: the real gazetteer and the fixture data converted from the gold annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(ROOT / "data")


@pytest.fixture(scope="session")
def fixture_data_dir() -> Path:
    return FIXTURES / "data"


# ------------------------------------------------------------ the seeds' site in a browser (session-wide)
# Built once per test session and shared, read-only, by every browser test (tests/test_browser.py,
# test_reader.py, test_review_browser.py): one build and one Chromium instead of one per module.


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The seeds' site, freshly extracted and built, served on 127.0.0.1 (a test-only server)."""
    import functools
    import io
    import threading
    from http.server import ThreadingHTTPServer

    from test_browser import Site, SiteHandler, _require_browser
    from test_e2e import fresh_checkout

    from generator.pipeline import build_all
    from generator.progress import Reporter

    _require_browser()
    paths = fresh_checkout(tmp_path_factory.mktemp("browser-checkout"))
    paths.site.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(paths.site)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False), site_url=base) == 0, log.getvalue()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(paths.site, base)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's; skipped without it, failed under CI=true)."""
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots():
    from test_browser import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
