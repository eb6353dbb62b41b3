"""The review workbench's handlers, called without a socket, on a small made-up project.

The article and its facts are made up for these tests (sentences of the kind the seeds hold, not
copied from any); offsets are computed from the ingest stage's cleaned text, as extraction does.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen
from wsgiref.util import setup_testing_defaults

import pytest
import yaml

from generator.config import ProjectPaths
from generator.ingest import load_outlets, read_article
from generator.review.edits import ArticleFiles, Change, EditError
from generator.review.server import Request, Workbench, form_value, suggest_value
from generator.store import dump_yaml

ROOT = Path(__file__).resolve().parent.parent
PORT = 8001
HOST = f"127.0.0.1:{PORT}"
ORIGIN = f"http://{HOST}"
ARTICLE = "demo_aid"
SEED_TEXT = """苏州市援助铜仁市医疗工作又有新进展
来源：测试日报
2025年3月1日

2024年以来，苏州市向铜仁市选派医疗专家25名，开展新技术12项。
铜仁市人民医院的门诊人次比上年增长了两成，全年住院达到4000人次。
两地还共同投入帮扶资金300万元，用于添置设备。
"""
QUOTES = {
    "pairing": "苏州市向铜仁市选派医疗专家25名",
    "experts": "选派医疗专家25名",
    "techniques": "开展新技术12项",
    "funding": "共同投入帮扶资金300万元",
}


def make_project(tmp: Path) -> ProjectPaths:
    """mkdocs.yml (languages), the indicator catalog, one made-up seed and its article file."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    (tmp / "seeds").mkdir()
    (tmp / "data" / "articles").mkdir(parents=True)
    for name in ("indicators.yaml", "outlets.yaml"):
        shutil.copy(ROOT / "data" / name, tmp / "data" / name)
    seed = tmp / "seeds" / f"{ARTICLE}.txt"
    seed.write_text(SEED_TEXT, encoding="utf-8")
    article = read_article(seed, load_outlets(tmp / "data" / "outlets.yaml"))
    at = {name: article.text.index(quote) for name, quote in QUOTES.items()}
    place = lambda name, adcode, level: {"name": name, "adcode": adcode, "level": level}  # noqa: E731
    document = {
        "schema": 1, "id": ARTICLE, "source": seed.name, "sha256": article.sha256, "title": article.title,
        "outlet": article.outlet, "author": None, "date": article.date, "url": None,
        "pairings": [{
            "id": "p-320500-520600", "status": "machine", "donor": place("苏州市", "320500", "prefecture"),
            "recipient": place("铜仁市", "520600", "prefecture"), "quote": QUOTES["pairing"], "offset": at["pairing"],
            "institutions": [],
        }, {
            "id": "p-320000-520000", "status": "machine", "donor": place("江苏省", "320000", "province"),
            "recipient": place("贵州省", "520000", "province"), "quote": QUOTES["pairing"], "offset": at["pairing"],
            "institutions": [],
        }],
        "figures": [
            _figure("f-1", "experts_sent", 25, "person", "experts", at),
            _figure("f-2", "new_techniques", 12, "item", "techniques", at),
            _figure("f-3", "funding", 3000000, "yuan", "funding", at),
        ],
    }
    (tmp / "data" / "articles" / f"{ARTICLE}.yaml").write_text(dump_yaml(document), encoding="utf-8")
    return ProjectPaths(tmp)


def _figure(fid, indicator, value, unit, quote, at):
    return {"id": fid, "status": "machine", "indicator": indicator, "value": value, "unit": unit,
            "qualifier": "exact", "period": "2024-", "subject": None, "before": None,
            "pairing": "p-320500-520600", "quote": QUOTES[quote], "offset": at[quote]}


@pytest.fixture
def project(tmp_path) -> ProjectPaths:
    return make_project(tmp_path)


@pytest.fixture
def app(project) -> Workbench:
    return Workbench(project, PORT)


def article_file(project: ProjectPaths) -> Path:
    return project.data / "articles" / f"{ARTICLE}.yaml"


def load(project: ProjectPaths) -> dict:
    return yaml.safe_load(article_file(project).read_text(encoding="utf-8"))


def get(app, path, **headers):
    path, _, query = path.partition("?")
    return app.handle(Request("GET", path, dict(p.split("=", 1) for p in query.split("&") if p),
                              headers={"host": HOST, **headers}))


def post(app, path, form, **headers):
    base = {"host": HOST, "origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    return app.handle(Request("POST", path, {}, form, headers={**base, **headers}))


def figure(document, fid):
    return next(f for f in document["figures"] if f["id"] == fid)


# ---------------------------------------------------------------------------------- pages


def test_index_shows_progress_per_article_and_for_the_corpus(app, project):
    page = get(app, "/?lang=en")
    html = page.body.decode()
    assert page.status == 200
    assert "Whole corpus: 0 of 5 facts reviewed" in html
    assert "0 / 5" in html and f"/article/{ARTICLE}" in html
    post(app, f"/article/{ARTICLE}/figures/f-1", {"action": "accept"})
    assert "Whole corpus: 1 of 5 facts reviewed" in get(app, "/?lang=en").body.decode()


def test_index_says_which_articles_changed_since_extraction(app, project):
    seed = project.seeds / f"{ARTICLE}.txt"
    post(app, f"/article/{ARTICLE}/figures/f-3", {"action": "accept"})
    # The article is re-edited: the reviewed figure's clause changes, the recorded sha256 no longer matches.
    seed.write_text(SEED_TEXT.replace("共同投入帮扶资金300万元", "共同投入了帮扶资金300万元"), encoding="utf-8")
    html = get(app, "/?lang=en").body.decode()
    assert "the article&#39;s text changed since it was extracted" in html or "the article's text changed" in html
    assert "1 fact needs a second look" in html
    page = get(app, f"/article/{ARTICLE}?lang=en").body.decode()
    assert "(not found in the text)" in page


def test_article_page_shows_the_cleaned_text_with_every_fact_highlighted_where_it_stands(app, project):
    html = get(app, f"/article/{ARTICLE}").body.decode()
    text = read_article(project.seeds / f"{ARTICLE}.txt", load_outlets(project.outlets)).text
    body = re.search(r'<div id="article-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", body)) == text  # offsets of a selection index this text
    marks = re.findall(r'<span class="hl[^"]*" data-facts="([^"]+)" data-start="(\d+)">([^<]*)</span>', body)
    covered = {}
    for ids, start, piece in marks:
        for fid in ids.split():
            covered.setdefault(fid, []).append((int(start), unescape(piece)))
    document = load(project)
    for fact in document["pairings"] + document["figures"]:
        pieces = sorted(covered[fact["id"]])
        assert pieces[0][0] == fact["offset"] and "".join(p for _, p in pieces) == fact["quote"]
    for field in ("value", "unit", "qualifier", "indicator", "period", "subject", "translations.en.subject", "pairing"):
        assert f'name="{field}"' in html
    assert "审核工作台" in html and 'lang="zh-Hans"' in html  # the first language of mkdocs.yml


def test_interface_language_switches_and_is_remembered(app):
    page = get(app, f"/article/{ARTICLE}?lang=en")
    assert "Review workbench" in page.body.decode() and "审核工作台" not in page.body.decode()
    cookie = page.header("Set-Cookie")
    assert cookie.startswith("workbench_lang=en")
    again = app.handle(Request("GET", "/", headers={"host": HOST}, cookies={"workbench_lang": "en"}))
    assert "Articles to review" in again.body.decode()
    assert "待审核的文章" in get(app, "/?lang=zh").body.decode()


def test_keys_are_shown_on_the_page(app):
    html = get(app, f"/article/{ARTICLE}?lang=en").body.decode()
    for key, what in (("j / k", "next / previous fact"), ("a", "accept (reviewed)"), ("n", "add a fact from the selected text")):
        assert f"<kbd>{key}</kbd></dt><dd>{what}</dd>" in html


def test_static_files_come_from_the_package_and_nothing_else(app):
    js = get(app, "/static/workbench.js")
    assert js.status == 200 and js.header("Content-Type").startswith("text/javascript")
    assert get(app, "/static/..%2Fserver.py").status == 404
    assert get(app, "/static/nope.js").status == 404
    html = get(app, f"/article/{ARTICLE}").body.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no CDN, nothing remote


# ---------------------------------------------------------------------------------- writes


def test_accept_reject_and_back_each_write_the_file_at_once(app, project):
    before = load(project)
    response = post(app, f"/article/{ARTICLE}/figures/f-1", {"action": "accept", "fact_id": "f-1"})
    assert response.status == 303 and response.header("Location").endswith("fact=f-1")
    after = load(project)
    assert figure(after, "f-1")["status"] == "reviewed"
    expected = copy.deepcopy(before)
    figure(expected, "f-1")["status"] = "reviewed"
    assert after == expected  # nothing else changed
    post(app, f"/article/{ARTICLE}/pairings/p-320000-520000", {"action": "reject"})
    assert load(project)["pairings"][1]["status"] == "rejected"
    post(app, f"/article/{ARTICLE}/figures/f-1", {"action": "unreview"})
    assert figure(load(project), "f-1")["status"] == "machine"


def test_a_correction_is_written_typed_and_marks_the_fact_reviewed(app, project):
    form = {"fact_id": "f-3", "action": "save", "value": "350万", "unit": "yuan", "qualifier": "more_than",
            "indicator": "funding", "period": "2025", "before": "", "subject": "", "translations.en.subject": "Aid funds",
            "pairing": "p-320000-520000", "note": ""}
    assert post(app, f"/article/{ARTICLE}/figures/f-3", form).status == 303
    fact = figure(load(project), "f-3")
    assert (fact["value"], fact["qualifier"], fact["period"], fact["pairing"], fact["status"]) == (
        3500000, "more_than", "2025", "p-320000-520000", "reviewed")
    assert fact["translations"] == {"en": {"subject": "Aid funds"}} and fact["subject"] is None and fact["before"] is None
    assert fact["quote"] == QUOTES["funding"] and "note" not in fact  # provenance kept; nothing else added


def test_choosing_a_pairing_ends_an_assumed_scope(app, project):
    path = article_file(project)
    document = load(project)
    figure(document, "f-2")["scope_assumed"] = True
    path.write_text(dump_yaml(document), encoding="utf-8")
    post(app, f"/article/{ARTICLE}/figures/f-2", {"action": "save", "pairing": "p-320000-520000"})
    fact = figure(load(project), "f-2")
    assert fact["pairing"] == "p-320000-520000" and "scope_assumed" not in fact


@pytest.mark.parametrize("field, value, words", [
    ("value", "twelve", "expected number"),
    ("unit", "kilogram", "is not allowed here"),
    ("indicator", "experts_lost", "unknown indicator"),
    ("pairing", "p-000000-000000", "which this file does not define"),
])
def test_an_invalid_value_is_refused_with_a_message_and_the_file_is_untouched(app, project, field, value, words):
    before = article_file(project).read_bytes()
    page = post(app, f"/article/{ARTICLE}/figures/f-2", {"fact_id": "f-2", "action": "save", field: value})
    assert page.status == 422
    html = unescape(page.body.decode())
    assert words in html and "the file was not changed" in html and f"figures.1.{field}" in html
    assert 'role="status"' in page.body.decode()
    assert article_file(project).read_bytes() == before
    answer = post(app, f"/article/{ARTICLE}/figures/f-2", {"action": "save", field: value}, accept="application/json")
    data = json.loads(answer.body)
    assert answer.status == 422 and not data["ok"] and words in data["error"] and data["field"].endswith(field)


def test_a_figure_is_added_from_a_selection_with_its_quote_and_offset(app, project):
    text = read_article(project.seeds / f"{ARTICLE}.txt", load_outlets(project.outlets)).text
    quote = "全年住院达到4000人次"
    offset = text.index(quote)
    assert suggest_value(quote) == 4000
    form = {"quote": quote, "offset": str(offset), "indicator": "other", "value": "4000", "unit": "person_time",
            "qualifier": "exact", "period": "", "subject": "住院人次", "translations.en.subject": "Inpatient stays", "before": "",
            "pairing": "p-320500-520600", "note": ""}
    answer = post(app, f"/article/{ARTICLE}/figures", form, accept="application/json")
    data = json.loads(answer.body)
    assert answer.status == 200 and data["ok"] and data["fact"].startswith("f-r")
    added = figure(load(project), data["fact"])
    assert added["status"] == "added" and added["quote"] == quote and added["offset"] == offset
    assert added["value"] == 4000 and added["unit"] == "person_time" and added["translations"]["en"]["subject"] == "Inpatient stays"
    assert f'data-fact="{data["fact"]}"' in data["html"]  # the page as it now is
    assert len(load(project)["figures"]) == 4


def test_an_added_figure_must_quote_the_text_where_it_says(app, project):
    before = article_file(project).read_bytes()
    form = {"quote": "全年住院达到4000人次", "offset": "3", "indicator": "other", "value": "4000", "unit": "person_time"}
    page = post(app, f"/article/{ARTICLE}/figures", form)
    assert page.status == 422 and "does not stand at offset 3" in unescape(page.body.decode())
    assert article_file(project).read_bytes() == before


def test_english_title_is_saved(app, project):
    post(app, f"/article/{ARTICLE}/fields", {"translations.en.title": "Suzhou's aid to Tongren moves on",
                                              "translations.en.outlet": ""})
    document = load(project)
    assert document["translations"] == {"en": {"title": "Suzhou's aid to Tongren moves on"}}  # an empty outlet is no text


def test_only_known_fields_can_be_set(project):
    files = ArticleFiles(project.data, ["experts_sent", "new_techniques", "funding"])
    with pytest.raises(EditError, match="quote cannot be set"):
        files.apply(Change(ARTICLE, {"quote": "改写"}, "figures", "f-1"))
    with pytest.raises(EditError, match="no figure 'f-9'"):
        files.apply(Change(ARTICLE, {"status": "reviewed"}, "figures", "f-9"))


# ------------------------------------------------------------------------- who may write


@pytest.mark.parametrize("headers, status", [
    ({"origin": "http://evil.example"}, 403),
    ({"origin": "null"}, 403),
    ({"origin": None, "referer": "http://evil.example/page"}, 403),
    ({"origin": None}, 403),
    ({"host": "evil.example:8001"}, 403),  # DNS rebinding: a foreign name that resolves here
    ({"content-type": "text/plain"}, 415),
    ({"origin": None, "referer": f"{ORIGIN}/article/{ARTICLE}"}, 303),
    ({"origin": f"http://localhost:{PORT}", "host": f"localhost:{PORT}"}, 303),
])
def test_writes_come_only_from_the_workbench_itself(app, project, headers, status):
    before = article_file(project).read_bytes()
    base = {"host": HOST, "origin": ORIGIN, "content-type": "application/x-www-form-urlencoded", **headers}
    request = Request("POST", f"/article/{ARTICLE}/figures/f-1", {}, {"action": "accept"},
                      headers={k: v for k, v in base.items() if v is not None})
    assert app.handle(request).status == status
    assert (article_file(project).read_bytes() == before) == (status != 303)


def test_reads_need_the_servers_own_host_and_writes_need_post(app, project):
    assert get(app, "/", host="attacker.example").status == 403
    assert get(app, f"/article/{ARTICLE}/figures/f-1").status == 405
    assert get(app, "/no/such/page").status == 404


def test_the_wsgi_entry_reads_a_form_post(app, project):
    body = urlencode({"action": "reject"}).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": f"/article/{ARTICLE}/figures/f-2", "HTTP_HOST": HOST,
               "HTTP_ORIGIN": ORIGIN, "CONTENT_TYPE": "application/x-www-form-urlencoded",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": BytesIO(body)}
    setup_testing_defaults(environ)
    seen = {}
    result = app(environ, lambda status, headers: seen.update(status=status, headers=dict(headers)))
    assert seen["status"].startswith("303") and b"".join(result) == b""
    assert "frame-ancestors 'none'" in seen["headers"]["Content-Security-Policy"]
    assert figure(load(project), "f-2")["status"] == "rejected"


@pytest.mark.parametrize("raw, value", [
    ("62", 62), ("1,204", 1204), ("37.5", 37.5), ("2346万", 23460000), ("1.7亿", 170000000), ("三", 3),
    ("", None), ("twelve", "twelve"), ("3-6", "3-6"),
])
def test_form_values_become_numbers_where_they_are_numbers(raw, value):
    assert form_value("value", raw) == value


# ------------------------------------------------------------------------------ the command


def test_review_command_example_serves_the_workbench(project):
    """The CLI help's example, on a copy of a project: the server answers on 127.0.0.1 and stops."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "review", ARTICLE, "--port", "0"], cwd=project.root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/article/\S+", line)
        assert url, line + process.stderr.read()
        with urlopen(url.group(0), timeout=30) as response:
            assert response.status == 200 and ARTICLE in response.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)
    unknown = subprocess.run([sys.executable, "-m", "generator", "review", "no_such_article", "--port", "0"],
                             cwd=project.root, capture_output=True, text=True, env=env, timeout=60)
    assert unknown.returncode == 2 and "no article 'no_such_article'" in unknown.stderr


def test_a_reviewer_sets_and_clears_the_direction_of_a_change(app, project):
    """The workbench offers up/down for a change stated without its earlier value; cleared, the field goes."""
    page = get(app, f"/article/{ARTICLE}?lang=en").body.decode()
    assert 'name="change"' in page and "up ↑" in page
    post(app, f"/article/{ARTICLE}/figures/f-2", {"fact_id": "f-2", "action": "save", "change": "down"})
    assert figure(load(project), "f-2")["change"] == "down"
    assert "↓ " in get(app, f"/article/{ARTICLE}?lang=en").body.decode()
    post(app, f"/article/{ARTICLE}/figures/f-2", {"fact_id": "f-2", "action": "save", "change": ""})
    assert "change" not in figure(load(project), "f-2")
    assert post(app, f"/article/{ARTICLE}/figures/f-2", {"fact_id": "f-2", "action": "save", "change": "sideways"}).status == 422
