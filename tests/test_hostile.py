"""Reliability: hostile and broken input, clear errors, nothing lost, no injected markup.

* A fresh checkout gets hostile article files (HTML and <script>, Markdown, Jinja, snippet and
  admonition syntax, zero-width and bidi characters, 10 MB, GB18030, broken UTF-8, empty, binary)
  and a reviewed data file with hostile text in every field that reaches a page, a map, a chart or
  a download. It is built in-process with the network blocked (offline proof). The build either
  shows the input as text or stops with a clear message; no traceback; no executable markup.
* Broken data files (wrong types, missing keys, duplicate ids, unknown indicators, bad regexes,
  bad encodings) make `check` and `build` stop with file, line and field.
* A build killed half-way (SIGKILL) leaves the previous site/ and every reviewed field intact;
  the next build removes what the killed one left behind.
* Every internal link and anchor of the built site resolves (tests/sitelinks.py).

The messages a reader should judge are printed (run with -s or look at the captured output).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from sitelinks import broken_links
from test_e2e import fresh_checkout

from generator import cli
from generator.pipeline import build_all
from generator.progress import Reporter
from generator.store import load_articles

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/eastwest-health-report/"

# Every payload carries "alert" so that any of it turning into live script is found by one word.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    '--8<-- "mkdocs.yml"',
    '!!! note "injected-admonition"',
    "{{ 7*7 }} {% raw %} {# alert #}",
    "</title><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    '<a href="javascript:alert(4)">j</a>',
    "$\\frac{1}{2}$ $x^2$",
    "\u200b\u200d\u202e\u2066bidi\u2069\u202c",
    "| a | b |",
    "# heading",
    "`code` *em* _u_",
)
HOSTILE = " ".join(PAYLOADS)
FIGURE_CLAUSE = "2024年以来,广州已累计选派257名医疗专家赴黔南开展帮扶工作"


def checkout(tmp: Path):
    """A fresh checkout (tests/test_e2e.py) with the curated translations too."""
    paths = fresh_checkout(tmp)
    shutil.copy(ROOT / "data" / "translations.yaml", paths.data / "translations.yaml")
    return paths


def _seed_text(title: str, body: str) -> str:
    return f"{title}\n来源：新快报  作者：测试\n\n{body}\n"


def write_hostile_seeds(seeds: Path) -> dict[str, str]:
    """Article files; returns name -> what it tries."""
    files = {
        "900_html.txt": (_seed_text("黔南工作组<script>alert(1)</script>", f"{FIGURE_CLAUSE}。<script>alert(1)</script>"
                          f"<img src=x onerror=alert(1)> 推动广州42家医院与黔南67家医院建立结对帮扶关系。"), "HTML and <script>"),
        "901_markdown.txt": ("---\ntitle: injected\n---\n" + _seed_text(
            "# 广州帮扶黔南 [x](javascript:alert(1))",
            f"| 广州 | {FIGURE_CLAUSE} | 257名 |\n{{: onclick=\"alert(1)\" }}\n--8<-- \"mkdocs.yml\"\n"
            f"!!! note \"injected-admonition\"\n    广州选派专家30名赴黔南。\n# 标题 {HOSTILE}"), "Markdown, snippet, admonition"),
        "902_jinja.txt": (_seed_text("广州黔南{{ 7*7 }}{% raw %}", f"{FIGURE_CLAUSE}{{{{ 7*7 }}}}{{% raw %}}，"
                          "广州援建黔南，新增技术{{ config }}12项。"), "Jinja braces"),
        "903_bidi.txt": (_seed_text("广\u200b州\u202e帮扶黔南", f"广\u200d州已累计选派\u2066257\u2069名医疗专家赴黔南\u202e开展帮扶工作。"),
                         "zero-width and bidi controls"),
    }
    for name, (text, _) in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    (seeds / "904_gb18030.txt").write_bytes(_seed_text("广州帮扶黔南（GB18030）", FIGURE_CLAUSE + "。").encode("gb18030"))
    (seeds / "905_broken_utf8.txt").write_bytes(_seed_text("广州帮扶黔南", FIGURE_CLAUSE).encode() + b"\xff\xfe\xc3(\x80 \xe4\xb8")
    (seeds / "906_empty.txt").write_bytes(b"")
    (seeds / "907_binary.txt").write_bytes(bytes(range(256)) * 64)
    para = (FIGURE_CLAUSE + "。<script>alert(1)</script>\n").encode()
    (seeds / "908_ten_mb.txt").write_bytes("大文件\n".encode() + para * (10_000_000 // len(para)))
    return {n: w for n, (_, w) in files.items()} | {"904_gb18030.txt": "GB18030", "905_broken_utf8.txt": "broken UTF-8",
                                                    "906_empty.txt": "empty", "907_binary.txt": "binary", "908_ten_mb.txt": "10 MB"}


def hostile_article() -> dict:
    """A reviewed data file with hostile text in every field that reaches the site."""
    h = HOSTILE
    return {
        "schema": 1, "id": "990_hostile", "source": "990_hostile.txt", "sha256": None,
        "title": f"标题{h}", "outlet": f"新快报{h}", "author": h,
        "date": "2025-01-02", "url": "https://example.com/a?b=1&c=<script>\"'onclick=alert(1) x",
        "translations": {"en": {"title": f"Title {h}", "summary": f"Summary {h}"},
                         "zh": {"summary": f"---\ntitle: x\n---\n{h}\n--8<-- \"mkdocs.yml\"\n!!! note\n    injected"}},
        "pairings": [
            {"id": "p-440100-522700", "status": "reviewed",
             "donor": {"name": "广州市", "adcode": "440100", "level": "prefecture"},
             "recipient": {"name": "黔南布依族苗族自治州", "adcode": "522700", "level": "prefecture"},
             "quote": f"广州对口帮扶黔南{h}", "offset": 1, "note": h,
             "institutions": [{"donor": f"广州市第一人民医院{h}", "recipient": f"<b>独山县人民医院</b>{h}", "quote": h, "offset": 2}]},
            {"id": "p-unresolved", "status": "added",
             "donor": {"name": "<script>alert(5)</script>", "adcode": None, "level": None},
             "recipient": {"name": "{{ 7*7 }}", "adcode": None, "level": None}, "quote": None},
        ],
        "figures": [
            {"id": 'f-1" onmouseover="alert(1)', "status": "reviewed", "indicator": "experts_sent", "value": 257,
             "unit": "person", "qualifier": "exact", "period": f"2024- {h}", "subject": None,
             "before": None, "pairing": "p-440100-522700", "quote": f"{FIGURE_CLAUSE} {h}", "offset": 3},
            {"id": "f-2", "status": "reviewed", "indicator": "outcome_change", "value": 80, "unit": "percent",
             "qualifier": "exact", "period": "2025", "subject": f"门诊量$x^2${h}",
             "translations": {"en": {"subject": f"=HYPERLINK(\"x\") visits $x^2$ {h}"}},
             "before": 20, "pairing": "p-440100-522700", "quote": f"门诊量由20%提升到80% {h}", "offset": 4},
            {"id": "f-3", "status": "machine", "indicator": "other", "value": 5, "unit": "item", "qualifier": "about",
             "period": None, "subject": None, "before": None, "pairing": None, "quote": f"@SUM(1) {h}", "offset": 5},
        ],
    }


# ------------------------------------------------------------------------------ network


def block_network(mp: pytest.MonkeyPatch, attempts: list) -> None:
    """Refuse every connection and name lookup that is not loopback or a Unix socket, and record it."""
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
    loopback = ("localhost", "127.0.0.1", "::1", "0.0.0.0", None)

    def local(address) -> bool:
        return not isinstance(address, tuple) or address[0] in loopback or str(address[0]).startswith("127.")

    def connect(self, address):
        if not local(address):
            attempts.append(address)
            raise OSError(f"network blocked by the test: {address}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not local(address):
            attempts.append(address)
            raise OSError(f"network blocked by the test: {address}")
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in loopback and not str(host).startswith("127."):
            attempts.append(host)
            raise socket.gaierror(f"name lookup blocked by the test: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    mp.setattr(socket.socket, "connect", connect)
    mp.setattr(socket.socket, "connect_ex", connect_ex)
    mp.setattr(socket, "getaddrinfo", getaddrinfo)


# ------------------------------------------------------------------------------ the hostile build


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    paths = checkout(tmp_path_factory.mktemp("hostile"))
    tried = write_hostile_seeds(paths.seeds)
    (paths.data / "articles").mkdir(parents=True, exist_ok=True)
    (paths.data / "articles" / "990_hostile.yaml").write_text(
        yaml.safe_dump(hostile_article(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    attempts: list = []
    log = io.StringIO()
    started = time.perf_counter()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SITE_URL", raising=False)
        block_network(mp, attempts)
        status = build_all(paths, Reporter(stream=log, progress_bars=False))
    return paths, status, log.getvalue(), attempts, tried, time.perf_counter() - started


def test_hostile_build_finishes_and_says_what_it_refused(hostile, capsys):
    paths, status, log, _, tried, seconds = hostile
    with capsys.disabled():
        print(f"\n--- hostile build ({seconds:.0f} s), exit status {status}; its problem lines:")
        print("\n".join(line for line in log.splitlines() if "✗" in line or line.startswith("    ")))
    assert "Traceback" not in log
    assert (paths.site / "index.html").is_file() and (paths.site / "en/index.html").is_file(), log
    assert status == 1  # some files could not be read: said so, the rest is on the site
    reasons = {"906_empty.txt": "empty", "907_binary.txt": "binary", "908_ten_mb.txt": "MB"}
    for name, word in reasons.items():
        line = next((l for l in log.splitlines() if name in l), "")
        assert word in line, f"{name} ({tried[name]}): no clear message in\n{log}"
    # What could be read is on the site, as text
    for name in ("900_html", "902_jinja", "903_bidi", "904_gb18030"):
        assert (paths.site / f"report/sources/{name}/index.html").is_file(), name


class _Markup(HTMLParser):
    """Script elements, event-handler attributes and javascript: URLs of one page."""

    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")  # as browsers parse them

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if value and re.sub(r"[\s\x00-\x20]+", "", value).lower().startswith(("javascript:", "vbscript:")):
                self.js_urls.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
            self._in_script = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)


# The site's own scripts: Material's bundles and search worker, Leaflet and the map helpers, the phone table cards.
_OWN_SCRIPT_PATH = re.compile(r"^/eastwest-health-report/(?:en/)?(?:assets/javascripts/|assets/vendor/leaflet/|assets/maps/"
                              r"|assets/table-cards\.js$|search/)")
_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


def injected_markup(site: Path) -> list[str]:
    problems = []
    for page in sorted([*site.rglob("*.html"), *site.rglob("*.svg")]):
        rel = page.relative_to(site).as_posix()
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{rel}: {h}" for h in parser.handlers + parser.js_urls]
        for attrs, body in parser.scripts:
            src = attrs.get("src")
            if src is not None:
                url = urlsplit(urljoin(SITE_URL + rel, src))
                if url.netloc != urlsplit(SITE_URL).netloc or not _OWN_SCRIPT_PATH.match(url.path):
                    problems.append(f"{rel}: <script src={src!r}> is not one of the site's own scripts")
                continue
            if (attrs.get("type") or "").endswith("json"):
                try:
                    json.loads(body)
                except ValueError:
                    problems.append(f"{rel}: JSON script element that is not JSON: {body[:120]!r}")
                continue
            # Inline scripts are the site's own (Material's, the map's); data in them may only sit in strings.
            code = _JS_STRING.sub('""', body)
            if "alert" in code:
                problems.append(f"{rel}: inline script holds input as code: {code[:200]!r}")
    for index in site.rglob("search_index.json"):
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            for key in ("title", "text"):
                if re.search(r"<(script|img|svg|iframe)\b|\bon\w+=|javascript:alert\(\d\)\"", doc.get(key) or "", re.I) and \
                        re.search(r"<(script|img|svg|iframe)\b", doc.get(key) or "", re.I):
                    problems.append(f"{index.relative_to(site)}: {doc['location']} {key} holds raw markup")
    return problems


def test_no_executable_markup_from_input_anywhere_in_the_site(hostile):
    paths, *_ = hostile
    problems = injected_markup(paths.site)
    assert not problems, "\n".join(problems[:30])


def _text(path: Path) -> str:
    import html as _html

    return _html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_hostile_text_is_shown_as_written(hostile):
    paths, *_ = hostile
    for lang_root, title in ((paths.site, "标题"), (paths.site / "en", "Title ")):
        page = lang_root / "report/sources/990_hostile/index.html"
        html = page.read_text(encoding="utf-8")
        text = _text(page)
        for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                        "{{ 7*7 }} {% raw %}", '--8<-- "mkdocs.yml"', "</title><script>alert(2)</script>", "$x^2$", "| a | b |"):
            assert title + payload.split(" ")[0] in text or payload in text, (page, payload)
        assert "injected-admonition" not in re.findall(r'class="admonition-title">([^<]*)', html)
        assert "site_name:" not in text  # the snippet line was not executed
        assert re.search(r"<title>[^<]*&lt;/title&gt;&lt;script&gt;", html), "the <title> must keep the title escaped"
    # Map popups: braces reach the map as data (not evaluated by the map's template engine: no 49)
    popup_maps = list((paths.site / "report/maps").glob("*.html"))
    assert any("7*7" in p.read_text(encoding="utf-8") for p in popup_maps)
    assert not any("(2024- 49" in p.read_text(encoding="utf-8") for p in popup_maps)


def test_charts_keep_dollar_signs_as_text(hostile):
    paths, *_ = hostile
    svg = (paths.site / "en/report/charts/guizhou-changes.svg").read_text(encoding="utf-8")
    assert "$x^2$" in svg  # mathtext off: drawn as written, not as a formula
    assert "<script" not in svg


def test_downloads_hold_input_verbatim_and_csv_guards_formulas(hostile):
    paths, *_ = hostile
    records = json.loads((paths.site / "report/downloads/facts-all.json").read_text(encoding="utf-8"))
    mine = [r for r in records if r["article_id"] == "990_hostile"]
    assert mine and mine[0]["article_title"] == "标题" + HOSTILE
    csv_text = (paths.site / "report/downloads/facts-all.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1)" in csv_text
    assert not re.search(r'(^|,)"?[=@]', csv_text, re.M)


def test_build_needed_no_network(hostile, capsys):
    paths, status, log, attempts, *_ = hostile
    with capsys.disabled():
        print(f"\n--- connections tried during the offline build: {attempts or 'none'}")
    assert (paths.site / "en/index.html").is_file()
    assert attempts == []


def test_every_internal_link_and_anchor_resolves_in_both_languages(hostile):
    paths, *_ = hostile
    broken, checked, anchors = broken_links(paths.site, SITE_URL)  # a plain build: no PDF, and no link to one
    assert checked > 1000 and anchors > 500, (checked, anchors)
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:30])


# ------------------------------------------------------------------------------ broken data files


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


ARTICLE = "articles/000_a5d283d4a5cc16de.yaml"
BROKEN = {
    # data file -> (how it is broken, expected words in the message)
    "indicators: wrong type": ("indicators.yaml", lambda p: _edit(p, "units: [person, person_time]", "units: person"),
                               ["indicators.yaml:", "(indicators.experts_sent.units)", "expected array"]),
    "indicators: missing key": ("indicators.yaml", lambda p: _edit(p, "        label: Experts sent\n", ""),
                                ["indicators.yaml:", "missing field: 'label'"]),
    "indicators: duplicate id": ("indicators.yaml", lambda p: _append(p, "  experts_sent:\n    translations: {zh: {label: x}}\n    units: [person]\n"),
                                 ["indicators.yaml:", "duplicate key 'experts_sent'"]),
    "indicators: format injection": ("indicators.yaml", lambda p: _edit(p, '"{value} medical experts sent"', '"{value.__class__} sent"'),
                                     ["indicators.yaml:", "translations.en.sentence", "placeholders {value}, {before} and {subject} only"]),
    "indicators: GB18030": ("indicators.yaml", lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030")),
                            ["indicators.yaml", "not UTF-8"]),
    "indicators: empty": ("indicators.yaml", lambda p: p.write_text(""), ["indicators.yaml", "missing field: 'indicators'"]),
    "translations: bad regex": ("translations.yaml", lambda p: _edit(p, 'match: "人民医院$"', 'match: "人民医院($"'),
                                ["translations.yaml:", "institution_rules.", "not a valid regular expression"]),
    "overrides: wrong type": ("gazetteer/overrides.yaml", lambda p: _edit(p, "[33.5510, 119.0270]", '"north"'),
                              ["overrides.yaml:", "(coords.320812)", "expected array"]),
    "aliases: list for a mapping": ("gazetteer/aliases.yaml", lambda p: _edit(p, "aliases:\n  黔南州: \"522700\"", "aliases:\n  - 黔南州\n  - x\nold_aliases:\n  黔南州: \"522700\""),
                                    ["aliases.yaml:", "(aliases)", "expected object"]),
    "cooperation: short pair": ("gazetteer/cooperation.yaml", lambda p: _edit(p, '["110000", "150000"]', '["110000"]'),
                                ["cooperation.yaml:", "province_pairs.0"]),
    "pinyin: binary": ("gazetteer/pinyin.yaml", lambda p: p.write_bytes(b"\x00\x01\xff" * 50), ["pinyin.yaml", "UTF-8"]),
    "ethnic_groups: missing key": ("gazetteer/ethnic_groups.yaml", lambda p: p.write_text("groupz: {}\n"),
                                   ["ethnic_groups.yaml", "missing field: 'groups'"]),
    "extraction: unknown indicator": ("extraction.yaml", lambda p: _edit(p, "- {indicator: experts_long_term", "- {indicator: experts_lost_term")
                                      if "- {indicator: experts_long_term" in p.read_text(encoding="utf-8") else
                                      _edit(p, "indicator: experts_long_term", "indicator: experts_lost_term"),
                                      ["extraction.yaml:", "unknown indicator 'experts_lost_term'"]),
    "outlets: wrong type": ("outlets.yaml", lambda p: _edit(p, "bylines:\n", "bylines: 5\nold_bylines:\n"),
                            ["outlets.yaml:", "(bylines)", "expected object"]),
    "article: wrong type": (ARTICLE, lambda p: _edit(p, "value: 257", "value: many"),
                            ["000_a5d283d4a5cc16de.yaml:", "value)", "expected number"]),
    "article: missing key": (ARTICLE, lambda p: _edit(p, "  unit: person\n", "", 1),
                             ["000_a5d283d4a5cc16de.yaml:", "missing field: 'unit'"]),
    "article: duplicate fact id": (ARTICLE, lambda p: _dup_fact(p), ["000_a5d283d4a5cc16de.yaml", "duplicate fact id"]),
    "article: duplicate key": (ARTICLE, lambda p: _edit(p, "url: null", "url: null\nurl: again"),
                               ["000_a5d283d4a5cc16de.yaml:", "duplicate key 'url'"]),
    "article: old per-language field": (ARTICLE, lambda p: _edit(p, "\npairings:", "\ntitle_en: Old shape\npairings:"),
                                        ["000_a5d283d4a5cc16de.yaml:", "(title_en)", "migrate-data"]),
    "article: unknown indicator": (ARTICLE, lambda p: _edit(p, "indicator: experts_sent", "indicator: experts_snet"),
                                   ["000_a5d283d4a5cc16de.yaml", "unknown indicator 'experts_snet'"]),
    "article: YAML syntax": (ARTICLE, lambda p: _edit(p, "url: null", "url: [unclosed"),
                             ["000_a5d283d4a5cc16de.yaml:", "YAML syntax error"]),
    "article: javascript url": (ARTICLE, lambda p: _edit(p, "url: null", "url: javascript:alert(1)"),
                                ["000_a5d283d4a5cc16de.yaml:", "(url)", "javascript:alert(1)"]),
}


def _dup_fact(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["figures"].append(dict(data["figures"][0]))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def reviewed_checkout(tmp_path_factory):
    """A checkout with extracted data, built once: the template each broken-data case copies."""
    paths = checkout(tmp_path_factory.mktemp("template"))
    assert build_all(paths, Reporter(stream=None), extract=True) == 0
    return paths


def _run_cli(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        status = cli.main(["--root", str(root), *args])
    return status, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_data_file_stops_check_and_build_with_file_line_and_field(case, reviewed_checkout, tmp_path, capsys):
    rel, breaks, expected = BROKEN[case]
    root = tmp_path / "checkout"
    shutil.copytree(reviewed_checkout.root, root, symlinks=True)
    site_before = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*"))
    breaks(root / "data" / rel)
    status_check, said_check = _run_cli(root, "check")
    status_build, said_build = _run_cli(root, "build")
    messages = [line.strip() for line in (said_check + said_build).splitlines() if "✗" in line or "error:" in line]
    with capsys.disabled():
        print(f"\n--- {case}:\n    " + "\n    ".join(dict.fromkeys(messages)))
    assert status_check == 1 and status_build == 1, said_check + said_build
    for said in (said_check, said_build):
        assert "Traceback" not in said
        for word in expected:
            assert word in said, f"{case}: {word!r} not in\n{said}"
    # The previous site is untouched
    assert sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*")) == site_before


def test_a_broken_data_file_gives_no_traceback_from_the_command_line(reviewed_checkout, tmp_path, capsys):
    root = tmp_path / "checkout"
    shutil.copytree(reviewed_checkout.root, root, symlinks=True)
    _edit(root / "data/indicators.yaml", "units: [person, person_time]", "units: {person: 1}")
    run = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True, timeout=300)
    with capsys.disabled():
        print(f"\n--- python -m generator build (exit {run.returncode}):\n{run.stderr.strip()}")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert re.search(r"indicators\.yaml:\d+ \(indicators\.experts_sent\.units\): expected array", run.stderr)


# ------------------------------------------------------------------------------ killed builds


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build_and_kill(root: Path, *, after_line: str | None, when) -> tuple[str, bool]:
    """Start `python -m generator build`; SIGKILL it once `after_line` has appeared on stderr and the
    state `when(root)` holds (polled: a state, never a fixed time); returns (stderr so far, whether it
    was killed before finishing). A build that finishes first is simply not killed."""
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=root, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, start_new_session=True)
    seen = threading.Event()
    lines: list[str] = []

    def read():
        for line in proc.stderr:
            lines.append(line)
            if after_line and after_line in line:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if (not after_line or seen.is_set()) and when(root):
            break
        seen.wait(timeout=0.005)  # a short poll of the state, not a delay
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    reader.join(timeout=10)
    return "".join(lines), killed


def _processes_left_in(root: Path, deadline_s: float = 30.0) -> list[str]:
    """The processes still working in `root` (a killed build's forked children), once they have had the time
    to end: polled until there are none (a state, never a fixed wait) or the deadline passes."""
    def running() -> list[str]:
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if Path(os.readlink(proc / "cwd")).resolve() == root.resolve() and int(proc.name) != os.getpid():
                    command = (proc / "cmdline").read_bytes().replace(bytes(1), b" ").decode()
                    found.append(f"{proc.name}: {command}")
            except (OSError, ValueError):
                continue
        return found
    end = time.monotonic() + deadline_s
    while (left := running()) and time.monotonic() < end:
        time.sleep(0.05)  # polling the state above
    return left


REVIEWED_TITLE = "Reviewed: Qiannan, from transfusion to self-renewal"


def _reviewed_ok(root: Path) -> list[str]:
    loaded = load_articles(root / "data")
    problems = [str(e) for e in loaded.errors]
    facts = {f.article.id: f for f in loaded.articles}
    if facts.get("000_a5d283d4a5cc16de") is None or facts["000_a5d283d4a5cc16de"].translation("en", "title") != REVIEWED_TITLE:
        problems.append("the reviewed English title is gone")
    figure = next((f for f in facts["000_a5d283d4a5cc16de"].figures if f.status == "reviewed"), None) if facts.get("000_a5d283d4a5cc16de") else None
    if figure is None or figure.value != 258:
        problems.append("the reviewed figure (value 258) is gone")
    return problems


def test_a_killed_build_keeps_the_previous_site_and_every_reviewed_field(reviewed_checkout, tmp_path, capsys):
    root = tmp_path / "checkout"
    shutil.copytree(reviewed_checkout.root, root, symlinks=True)
    article = root / "data" / ARTICLE
    _edit(article, "\npairings:", f"\ntranslations:\n  en:\n    title: '{REVIEWED_TITLE}'\npairings:")
    _edit(article, "status: machine\n  indicator: experts_sent\n  value: 257", "status: reviewed\n  indicator: experts_sent\n  value: 258")
    status, said = _run_cli(root, "build")
    assert status == 0, said
    previous = _snapshot(root / "site")
    assert REVIEWED_TITLE.encode() in previous["en/report/sources/000_a5d283d4a5cc16de/index.html"]
    report = []
    def pages_in_new_site(lang: str = ""):  # MkDocs has written pages of the new site, not yet swapped in
        return lambda r: any(r.glob(f".site.building-*/{lang}**/*.html"))

    kill_points = [  # (stage line, state, what the state is)
        ("▸ mkdocs build --strict", lambda r: True, "MkDocs starts"),
        ("▸ mkdocs build --strict", pages_in_new_site(), "the new site has pages"),
        ("▸ mkdocs build --strict", pages_in_new_site("en/"), "the new site has English pages"),
        ("▸ extract", lambda r: any((r / "data" / "machine").glob("*.yaml")), "an article's facts are saved"),
    ]
    for after, when, state in kill_points:
        shutil.rmtree(root / "data" / "machine", ignore_errors=True)  # every run extracts and merges again
        shutil.rmtree(root / "build" / "state", ignore_errors=True)  # and builds (no record: not "up to date")
        stderr, killed = _build_and_kill(root, after_line=after, when=when)
        last = [l for l in stderr.splitlines() if l.startswith(("▸", "✓"))][-1:] or ["(before the first stage)"]
        report.append(f"kill when {state} ({after!r}): {'killed during ' + last[0] if killed else 'had finished'}")
        assert (root / "site").is_dir(), f"site/ is gone after {report[-1]}"
        now = _snapshot(root / "site")
        assert now == previous, f"site/ is neither the previous one nor a complete new one after {report[-1]}"
        problems = _reviewed_ok(root)
        assert not problems, f"{report[-1]}: {problems}"
        stray = _processes_left_in(root)
        assert not stray, f"{report[-1]}: the killed build's children are still running: {stray}"
    leftovers = sorted(p.name for p in root.glob(".site.*")) + sorted(
        p.name for p in (root / "data").rglob(".*.tmp"))
    # A dead build's leftovers (a pid that no longer runs) are removed by the next build
    dead = subprocess.Popen(["true"]); dead.wait()
    (root / f".site.building-{dead.pid}-x").mkdir()
    (root / f".site.building-{dead.pid}-x" / "index.html").write_text("half")
    (root / f".site.previous-{dead.pid}").mkdir()
    (root / "data/articles" / f".000_a5d283d4a5cc16de.yaml.{dead.pid}-x.tmp").write_text("half")
    shutil.rmtree(root / "data" / "machine", ignore_errors=True)
    status, said = _run_cli(root, "build")
    assert status == 0, said
    after = sorted(p.name for p in root.glob(".site.*")) + sorted(p.name for p in (root / "data").rglob(".*.tmp"))
    with capsys.disabled():
        print("\n--- killed builds:\n    " + "\n    ".join(report))
        print(f"    leftovers after the kills: {leftovers or 'none'}; after the next build: {after or 'none'}")
    assert after == []
    assert _snapshot(root / "site") == previous
    assert not _reviewed_ok(root)


def test_a_build_killed_mid_swap_gets_the_previous_site_back(tmp_path):
    from generator.site import recover_site

    dead = subprocess.Popen(["true"]); dead.wait()
    site = tmp_path / "site"
    previous = tmp_path / f".site.previous-{dead.pid}"
    previous.mkdir()
    (previous / "index.html").write_text("previous")
    (tmp_path / f".site.building-{dead.pid}-abc").mkdir()
    recover_site(site)
    assert (site / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_leaves_a_whole_site_in_place_at_every_moment(tmp_path):
    """The finished build is exchanged with the old site in one step: there is no moment without site/."""
    from generator.site import _exchange, _swap_in

    site, staging = tmp_path / "site", tmp_path / ".site.building-1-x"
    site.mkdir(); (site / "index.html").write_text("new")
    staging.mkdir(); (staging / "index.html").write_text("old")
    if not _exchange(staging, site):  # a system without the one-step exchange
        pytest.skip("no renameat2 RENAME_EXCHANGE here; the two-rename swap is covered by recover_site")
    assert (site / "index.html").read_text() == "old" and (staging / "index.html").read_text() == "new"
    assert not _exchange(tmp_path / "nothing-here", site)  # a failed exchange changes nothing
    assert (site / "index.html").read_text() == "old"
    _swap_in(staging, site)
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_scanner_finds_planted_markup(tmp_path):
    """The scan above would see an injection: plant each kind in a page and check it is reported."""
    planted = {
        "a.html": "<p><img src=x onerror=alert(1)></p>",
        "b.html": '<p><a href=" javascript:alert(1)">x</a></p>',
        "c.html": "<p><script>alert(1)</script></p>",
        "d.html": '<script src="https://evil.example/x.js"></script>',
        "e.svg": '<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>',
        "ok.html": '<title>&lt;script&gt;alert(1)</title><script>var s = "alert(1)";</script>',
    }
    for name, text in planted.items():
        (tmp_path / name).write_text(text)
    found = injected_markup(tmp_path)
    assert sorted({line.split(":")[0] for line in found}) == ["a.html", "b.html", "c.html", "d.html", "e.svg"], found


def test_an_extractor_bug_on_one_article_fails_that_article_only(tmp_path, monkeypatch):
    import generator.pipeline as pipeline

    paths = checkout(tmp_path)
    files = sorted(paths.seeds.glob("*.txt"))
    broken = files[1]
    real = pipeline.extract_article

    def extract(article, *args, **kwargs):
        if article.id == broken.stem:
            raise AssertionError("a rule's bug")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_article", extract)
    run = pipeline.extract_files(files, paths)
    assert [p for p, _ in run.failures] == [broken]
    assert "the extractor failed on this article (AssertionError" in run.failures[0][1]
    assert sorted(f.article.id for f in run.facts) == sorted(p.stem for p in files if p != broken)
    written = {p.stem for p in (paths.data / "articles").glob("*.yaml")}
    assert broken.stem not in written and len(written) == len(files) - 1
