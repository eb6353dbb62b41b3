"""The review workbench in a real browser: a reviewer works through one article from the keyboard.

On a throwaway copy of the project (seeds, hand-made data and the committed article files), the
workbench runs in a thread on 127.0.0.1 and Debian's Chromium (Playwright, as tests/test_browser.py)
accepts two figures (the second with exactly two keys, j and a), corrects a value, moves a figure to
another pairing, rejects one and adds one by selecting its words in the text. The article file must
then hold exactly those changes (and the reviewer's comment written in it before, once the store
keeps comments), and a site built from that project must show them.

Screenshots of both interface languages go to test-output/screenshots/review-*.png.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import threading
from html import unescape
from pathlib import Path

import pytest
import yaml
from test_browser import SHOTS, VIEWPORT, _require_browser
from test_e2e import fresh_checkout

from generator.config import ProjectPaths, load_site_settings
from generator.i18n import Localizer
from generator.ingest import load_outlets, read_article
from generator.model import Figure
from generator.pipeline import build_all
from generator.progress import Reporter
from generator.review import edits
from generator.review.server import make_workbench_server

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
COMMENT = "# 审核备注：这一篇的数字请与原网页再核对一次"


def pick_article(paths: ProjectPaths) -> tuple[str, tuple[int, int]]:
    """The first committed article with two pairings, five figures scoped to one, and a number
    no figure quotes (a figure to add); with that number's place in the cleaned text."""
    for path in sorted((paths.data / "articles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        figures = data.get("figures") or []
        scoped = [f for f in figures if f.get("pairing") and f.get("status", "machine") == "machine"]
        if len(data.get("pairings") or []) < 2 or len(scoped) < 5:
            continue
        found = uncovered_number(read_article(paths.seeds / data["source"], load_outlets(paths.outlets)).text, figures)
        if found:
            return path.stem, found
    pytest.skip("no committed article with two pairings, five figures and a number to add")


@pytest.fixture(scope="module")
def workbench(tmp_path_factory):
    _require_browser()
    paths = fresh_checkout(tmp_path_factory.mktemp("review-checkout"))
    for folder in ("articles", "machine"):
        shutil.copytree(ROOT / "data" / folder, paths.data / folder)
    server, app = make_workbench_server(paths, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield paths, f"http://127.0.0.1:{app.port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def reviewer(browser, workbench):
    _, base = workbench
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    leaving = []
    context.route(re.compile(rf"^(?!{re.escape(base)})"), lambda route: (leaving.append(route.request.url), route.abort()))
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    yield page, leaving, errors
    context.close()


def selected(page) -> str:
    return page.locator(".fact.is-selected").get_attribute("data-fact")


def go_to(page, fact_id: str) -> int:
    """Press j or k until fact_id is selected; the number of keys pressed."""
    order = page.locator(".fact").evaluate_all("els => els.map(e => e.dataset.fact)")
    presses = order.index(fact_id) - order.index(selected(page))
    for _ in range(abs(presses)):
        page.keyboard.press("j" if presses > 0 else "k")
    assert selected(page) == fact_id
    return abs(presses)


def card(page, fact_id: str):
    return page.locator(f'.fact[data-fact="{fact_id}"]')


def wait_status(page, fact_id: str, status: str) -> None:
    page.wait_for_selector(f'.fact[data-fact="{fact_id}"].status-{status}')


def select_text(page, start: int, end: int) -> None:
    """Select the article text from offset start to end, as a reviewer does with the mouse."""
    page.evaluate("""([start, end]) => {
        const root = document.getElementById('article-text');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let seen = 0, node;
        while ((node = walker.nextNode())) {
            const len = node.textContent.length;
            if (start >= seen && start <= seen + len && !range._started) { range.setStart(node, start - seen); range._started = true; }
            if (end >= seen && end <= seen + len) { range.setEnd(node, end - seen); break; }
            seen += len;
        }
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
    }""", [start, end])


def uncovered_number(text: str, figures: list[dict]) -> tuple[int, int] | None:
    """A count (digits and the measure word after them, not a date) that no figure's quote covers."""
    covered = set()
    for f in figures:
        if f.get("quote") and f.get("offset") is not None:
            covered.update(range(f["offset"], f["offset"] + len(f["quote"])))
    for match in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?(?:[\u4e00-\u9fff%])", text):
        if match.group()[-1] in "年月日号时点" or covered & set(range(match.start(), match.end())):
            continue
        return match.start(), match.end()
    return None


def test_a_reviewer_reviews_an_article_end_to_end(workbench, reviewer):
    paths, base = workbench
    page, leaving, errors = reviewer
    article_id, (start, end) = pick_article(paths)
    path = paths.data / "articles" / f"{article_id}.yaml"
    # The reviewer had written a comment in the file before.
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    path.write_text("\n".join([*lines[:at], COMMENT, *lines[at:]]), encoding="utf-8")
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = read_article(paths.seeds / before["source"], load_outlets(paths.outlets)).text
    pairing_ids = [p["id"] for p in before["pairings"]]

    page.goto(f"{base}/article/{article_id}?lang=zh")
    page.wait_for_selector(".fact.is-selected")
    order = page.locator(".fact--figure").evaluate_all("els => els.map(e => e.dataset.fact)")
    scoped = [fid for fid in order if next(f for f in before["figures"] if f["id"] == fid).get("pairing")]
    accept1, accept2, corrected, moved, rejected = scoped[:5]
    assert order.index(accept2) == order.index(accept1) + 1

    # Accept two: the second costs exactly two keys (j, a).
    go_to(page, accept1)
    page.keyboard.press("a")
    wait_status(page, accept1, "reviewed")
    page.keyboard.press("j")
    page.keyboard.press("a")
    wait_status(page, accept2, "reviewed")
    assert "已保存" in page.locator("#wb-status").inner_text()

    # An invalid value is refused with a message, and nothing is written.
    bytes_before = path.read_bytes()
    go_to(page, corrected)
    page.keyboard.press("e")
    page.keyboard.type("七十二个")
    page.keyboard.press("Enter")
    page.wait_for_selector("#wb-status.wb-error")
    assert "expected number" in page.locator("#wb-status").inner_text()
    assert path.read_bytes() == bytes_before
    # Correct the value.
    old_value = next(f for f in before["figures"] if f["id"] == corrected)["value"]
    new_value = old_value + 1 if isinstance(old_value, int) else round(old_value + 1, 2)
    page.locator(f'.fact[data-fact="{corrected}"] input[name="value"]').fill(str(new_value))
    page.keyboard.press("Enter")
    wait_status(page, corrected, "reviewed")
    page.keyboard.press("Escape")

    # Move a figure to another pairing: p, choose, Enter.
    go_to(page, moved)
    old_pairing = next(f for f in before["figures"] if f["id"] == moved)["pairing"]
    new_pairing = next(p for p in pairing_ids if p != old_pairing)
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.name") == "pairing"
    page.locator(f'.fact[data-fact="{moved}"] select[name="pairing"]').select_option(new_pairing)
    page.keyboard.press("Enter")
    wait_status(page, moved, "reviewed")
    assert new_pairing in card(page, moved).locator("select[name=pairing]").input_value()
    page.keyboard.press("Escape")

    # Reject one.
    go_to(page, rejected)
    page.keyboard.press("r")
    wait_status(page, rejected, "rejected")

    # Add one by selecting its words in the text.
    select_text(page, start, end)
    page.keyboard.press("n")
    form = page.locator("#add-form")
    form.wait_for(state="visible")
    assert form.locator("input[name=quote]").input_value() == text[start:end]
    page.wait_for_function("() => document.querySelector('#add-form input[name=value]').value !== ''")
    form.locator("select[name=indicator]").select_option("other")
    unit = "percent" if text[end - 1] == "%" else "other"
    form.locator("select[name=unit]").select_option(unit)
    form.locator("select[name=pairing]").select_option(pairing_ids[-1])
    form.locator("input[name=subject]").fill("新增的数字")
    form.locator("input[name='translations.en.subject']").fill("A figure a reviewer added")
    form.locator("input[name='translations.en.subject']").press("Enter")
    page.wait_for_selector(".fact--figure.status-added")
    added_id = page.locator(".fact--figure.status-added").get_attribute("data-fact")
    shot_both_languages(page, base, article_id, added_id)

    # The file holds exactly those changes.
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = copy.deepcopy(before)
    figures = {f["id"]: f for f in expected["figures"]}
    figures[accept1]["status"] = figures[accept2]["status"] = "reviewed"
    figures[corrected].update(status="reviewed", value=new_value)
    figures[moved].update(status="reviewed", pairing=new_pairing)
    figures[moved].pop("scope_assumed", None)  # a person chose it
    figures[rejected]["status"] = "rejected"
    added = after["figures"][-1]
    assert added["id"] == added_id and added_id not in figures
    number = float(re.match(r"[\d.]+", text[start:end]).group())
    assert added == {
        "id": added_id, "status": "added", "indicator": "other", "value": int(number) if number.is_integer() else number,
        "unit": unit, "qualifier": "exact", "period": None, "subject": "新增的数字",
        "translations": {"en": {"subject": "A figure a reviewer added"}},
        "before": None, "pairing": pairing_ids[-1], "quote": text[start:end], "offset": start,
    }
    expected["figures"].append(added)
    assert after == expected
    if edits.PRESERVES_COMMENTS:
        assert COMMENT in path.read_text(encoding="utf-8").split("\n")
    assert not leaving, f"requests left 127.0.0.1: {leaving}"
    # The refused value answered 422 (Chromium logs every 4xx response); nothing else went wrong.
    assert [e for e in errors if "status of 422" not in e] == [], errors
    assert len(errors) == 1

    # A site built from this project shows the review.
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False)) == 0, log.getvalue()
    records = {r["figure_id"]: r for r in json.loads((paths.site / "report" / "downloads" / "facts-all.json").read_text("utf-8"))}
    assert records[corrected]["value"] == new_value and records[corrected]["status"] == "reviewed"
    assert records[moved]["pairing_id"] == new_pairing
    assert records[accept1]["status"] == records[accept2]["status"] == "reviewed"
    assert records[added_id]["status"] == "added" and records[added_id]["quote"] == text[start:end]
    assert rejected not in records  # a rejected figure is not published
    settings = load_site_settings(paths)
    for language in settings.languages:
        html = (paths.site / language.prefix / "report" / "sources" / article_id / "index.html").read_text("utf-8")
        fmt = Localizer.for_language(language)
        for fid, status in ((accept1, "reviewed"), (accept2, "reviewed"), (corrected, "reviewed"), (added_id, "added")):
            paragraph = fact_paragraph(html, fid)
            assert fmt.status_label(status) in paragraph, (language.code, fid, paragraph)
        assert fmt.full_value(as_figure(after, corrected)) in fact_paragraph(html, corrected)
        assert f'id="{rejected}"' not in html
        names = ("donor_zh", "recipient_zh") if language.source else ("donor_en", "recipient_en")
        assert " → ".join(records[moved][n] for n in names) in fact_paragraph(html, moved)  # the new pairing


def fact_paragraph(html: str, fact_id: str) -> str:
    match = re.search(rf'<p[^>]*id="{re.escape(fact_id)}"[^>]*>(.*?)</p>', html, re.S)
    assert match, f"{fact_id} is not on the page"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def as_figure(document: dict, fact_id: str) -> Figure:
    f = next(f for f in document["figures"] if f["id"] == fact_id)
    return Figure(f["id"], f["indicator"], f["value"], f["unit"], f.get("qualifier") or "exact", f.get("period"),
                  f.get("subject"), f.get("before"), f.get("quote") or "", f.get("offset") or 0, f.get("pairing"))


def shot_both_languages(page, base: str, article_id: str, fact_id: str) -> None:
    """1280 px screenshots of the index and the article page in each interface language."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        page.goto(f"{base}/?lang={lang}")
        page.wait_for_selector(".wb-articles")
        page.screenshot(path=str(SHOTS / f"review-index-{lang}.png"))
        page.goto(f"{base}/article/{article_id}?lang={lang}&fact={fact_id}")
        page.wait_for_selector(f'.fact.is-selected[data-fact="{fact_id}"]')
        page.screenshot(path=str(SHOTS / f"review-article-{lang}.png"))
    page.goto(f"{base}/article/{article_id}?lang=zh")  # the page the reviewer came from
