"""Every input safe (issue 22): file names, links, encodings, values, markup in hand-edited data.

* Any file name works: Chinese, spaces, `index.txt`, `.draft.txt` get safe, stable ids
  (generator/ids.py); a renamed or deleted seed takes its generated files with it, unless a
  person reviewed them (then the build names the file and leaves the article out).
* A link in seeds/ to a file outside the project is refused and its text is published nowhere.
* A plain build (no PDFs) links no missing file, in either language (tests/sitelinks.py).
* UTF-16, Big5, folders named `x.txt` and FIFOs are read or refused by name, never hang.
* Implausible numbers and dates are refused by `check` and `build` alike, naming file and field.
* Markup in every hand-edited data file (gazetteer, indicators, translations, review files)
  is shown as text on every page: checked by parsing and in Chromium.

All article texts here are made up for the case.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from sitelinks import broken_links
from test_e2e import fresh_checkout

from generator import cli
from generator.ids import RESERVED_IDS, article_id, id_collisions
from generator.ingest import IngestError, decode_bytes, read_article
from generator.pipeline import build_all, collect_article_files, refusal
from generator.progress import Reporter
from generator.values import date_problem, number_problem, period_problem

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

SITE_URL = "https://example.org/eastwest-health-report/"
OUTSIDE_TOKEN = "ZQXJ外部机密文件7731"


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def made_up_article(title: str, body: str) -> str:
    return f"{title}\n来源：测试晨报  2025-03-01\n\n{body}\n"


LAIFENG = made_up_article(
    "山海协作暖来凤：杭州医疗队扎根一线",
    "2024年以来，杭州市先后选派18名医疗骨干到来凤县人民医院开展帮扶，新开展技术9项，"
    "带教本地医务人员120人次。",
)
INDEX = made_up_article(
    "沪滇协作助力文山州医院提质",
    "上海市对口帮扶文山州以来，累计派出医疗专家35名，开展新技术新项目14项。",
)
DRAFT = made_up_article(
    "闽宁携手：福建专家在固原",
    "福建省向固原市选派医疗专家22名，帮助当地医院建成重点专科4个。",
)


# ------------------------------------------------------------------------------ ids


def test_plain_names_keep_their_id_and_others_get_a_safe_stable_one():
    assert article_id("001_d0010fbb54b3bdc0.txt") == "001_d0010fbb54b3bdc0"
    laifeng = article_id("来凤帮扶 2025.txt")
    assert re.fullmatch(r"laifengbangfu-2025-[0-9a-f]{8}", laifeng), laifeng
    assert article_id("来凤帮扶 2025.txt") == laifeng  # stable
    assert article_id("來鳳幫扶 2025.txt") != laifeng  # same romanization, other name, other id
    for name in ("index.txt", "INDEX.txt", "README.txt", "404.txt", ".draft.txt", "a b.txt", "!!!.txt", "x/../y.txt"):
        aid = article_id(Path(name).name)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", aid), (name, aid)
        assert aid.lower() not in RESERVED_IDS and not aid.startswith((".", "-"))
    assert id_collisions(["A.txt", "a.txt", "b.txt"]) == {"a": ["A.txt", "a.txt"]}


# ------------------------------------------------------------------------------ file names, links, removal


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    """A checkout with oddly named seeds, a link to a file outside, and a folder named x.txt;
    built, then renamed and deleted seeds, built again. Returns (paths, first, second)."""
    tmp = tmp_path_factory.mktemp("names")
    paths = fresh_checkout(_mkdir(tmp / "project"))
    outside = tmp / "outside.txt"
    outside.write_text(made_up_article("外部文件", f"{OUTSIDE_TOKEN}，上海市选派专家10名赴文山州。"), encoding="utf-8")
    (paths.seeds / "来凤帮扶 2025.txt").write_text(LAIFENG, encoding="utf-8")
    (paths.seeds / "index.txt").write_text(INDEX, encoding="utf-8")
    (paths.seeds / ".draft.txt").write_text(DRAFT, encoding="utf-8")
    (paths.seeds / "secret.txt").symlink_to(outside)
    (paths.seeds / "x.txt").mkdir()
    first_log = io.StringIO()
    first_status = build_all(paths, Reporter(stream=first_log, progress_bars=False), site_url=SITE_URL)
    first = {"status": first_status, "log": first_log.getvalue(),
             "sources": sorted(p.name for p in (paths.site / "report" / "sources").iterdir() if p.is_dir()),
             "links": broken_links(paths.site, SITE_URL),
             "laifeng": yaml.safe_load((paths.data / "articles" / f"{article_id('来凤帮扶 2025.txt')}.yaml").read_text(encoding="utf-8")),
             "site_text": {p.relative_to(paths.site).as_posix(): p.read_bytes() for p in paths.site.rglob("*") if p.is_file()}}

    # Rename one, delete one untouched, delete one a person reviewed; drop the link and the folder.
    (paths.seeds / "来凤帮扶 2025.txt").rename(paths.seeds / "来凤 帮扶（二）.txt")
    (paths.seeds / "index.txt").unlink()
    draft_file = paths.data / "articles" / f"{article_id('.draft.txt')}.yaml"
    draft = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    draft["translations"] = {"en": {"title": "Fujian experts in Guyuan"}}
    draft_file.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (paths.seeds / ".draft.txt").unlink()
    (paths.seeds / "secret.txt").unlink()
    (paths.seeds / "x.txt").rmdir()
    second_log = io.StringIO()
    second_status = build_all(paths, Reporter(stream=second_log, progress_bars=False), site_url=SITE_URL)
    second = {"status": second_status, "log": second_log.getvalue(),
              "sources": sorted(p.name for p in (paths.site / "report" / "sources").iterdir() if p.is_dir()),
              "links": broken_links(paths.site, SITE_URL)}
    return paths, first, second


def test_any_file_name_builds_and_shows_its_article(names):
    paths, first, _ = names
    print(first["log"])
    laifeng, index, draft = article_id("来凤帮扶 2025.txt"), article_id("index.txt"), article_id(".draft.txt")
    assert {laifeng, index, draft} <= set(first["sources"]), first["sources"]
    for lang in ("", "en/"):
        page = first["site_text"][f"{lang}report/sources/{laifeng}/index.html"].decode("utf-8")
        assert "山海协作暖来凤" in page
        listing = first["site_text"][f"{lang}report/sources/index.html"].decode("utf-8")
        assert all(f"{aid}/" in listing for aid in (laifeng, index, draft, "000_a5d283d4a5cc16de"))
    saved = first["laifeng"]
    assert saved["id"] == laifeng and saved["source"] == "来凤帮扶 2025.txt"


def test_a_link_outside_the_project_and_a_folder_are_refused_by_name(names):
    paths, first, _ = names
    assert first["status"] == 1  # the others are built; the refused files are reported
    assert "secret.txt: is a symbolic link to" in first["log"] and "outside the project" in first["log"]
    assert "x.txt: is a folder, not an article file" in first["log"]
    token = OUTSIDE_TOKEN.encode()
    assert not [p for p, data in first["site_text"].items() if token in data]
    assert not [p for p in paths.data.rglob("*.yaml") if token in p.read_bytes()]


def test_plain_build_has_no_dead_link_in_either_language(names):
    _, first, second = names
    for run in (first, second):
        broken, checked, anchors = run["links"]
        assert checked > 500 and anchors > 50, (checked, anchors)
        assert not broken, "\n".join(broken[:20])


def test_renamed_and_deleted_seeds_take_their_generated_files_along(names):
    paths, _, second = names
    print(second["log"])
    assert second["status"] == 0, second["log"]
    old, new = article_id("来凤帮扶 2025.txt"), article_id("来凤 帮扶（二）.txt")
    index, draft = article_id("index.txt"), article_id(".draft.txt")
    for gone in (old, index):
        assert not (paths.data / "articles" / f"{gone}.yaml").exists()
        assert not (paths.data / "machine" / f"{gone}.yaml").exists()
        assert gone not in second["sources"]
    assert new in second["sources"]
    # The reviewed file is kept, named, and left out of the site.
    assert (paths.data / "articles" / f"{draft}.yaml").exists()
    assert f"articles/{draft}.yaml: its article file is no longer in seeds/" in second["log"]
    assert draft not in second["sources"]


# ------------------------------------------------------------------------------ encodings, folders, FIFOs

SENTENCE = "杭州市选派医疗专家十二名赴来凤县人民医院开展帮扶工作，新开展技术九项。"
TRADITIONAL = "杭州市選派醫療專家十二名赴來鳳縣人民醫院開展幫扶工作，新開展技術九項。"


def test_utf16_with_a_bom_is_read():
    for data in (SENTENCE.encode("utf-16"), b"\xfe\xff" + SENTENCE.encode("utf-16-be")):
        text, encoding = decode_bytes(data, Path("a.txt"))
        assert text.lstrip("\ufeff") == SENTENCE and encoding == "utf-16"


def test_utf16_without_a_bom_is_named():
    with pytest.raises(IngestError, match="UTF-16"):
        decode_bytes("Hospital aid report, plain Latin text".encode("utf-16-le"), Path("a.txt"))


def test_big5_is_read_as_big5_not_as_garbled_gb18030():
    text, encoding = decode_bytes(TRADITIONAL.encode("big5"), Path("a.txt"))
    assert (text, encoding) == (TRADITIONAL, "big5")
    text, encoding = decode_bytes(SENTENCE.encode("gb18030"), Path("a.txt"))
    assert (text, encoding) == (SENTENCE, "gb18030")
    text, encoding = decode_bytes(TRADITIONAL.encode("gb18030"), Path("a.txt"))  # traditional saved as GB18030
    assert (text, encoding) == (TRADITIONAL, "gb18030")


def test_a_fifo_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in refusal(fifo, tmp_path)
    with pytest.raises(IngestError, match="not a regular file"):
        read_article(fifo)  # would block forever if it opened the pipe
    assert cli.main(["--root", str(Path(__file__).resolve().parent.parent), "extract", str(fifo), "--format", "json"]) == 1


def test_a_folder_named_like_an_article_is_listed_and_refused(tmp_path):
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    files = collect_article_files([tmp_path])
    assert [f.name for f in files] == ["a.txt", "x.txt"]
    assert "is a folder" in refusal(tmp_path / "x.txt", tmp_path)


# ------------------------------------------------------------------------------ values


def test_value_rules():
    assert number_problem(257) is None and number_problem(2.5e9) is None
    assert "too large" in number_problem(123456789012345678901234567890)
    assert number_problem(float("nan")) and number_problem(float("inf")) and number_problem(float("-inf"))
    assert date_problem("2025-03-01") is None and date_problem(None) is None
    assert "future" in date_problem("2205-03-01")
    assert "before 1949" in date_problem("1066-10-14")
    assert period_problem("2021-2025") is None and period_problem("三年") is None
    assert "2205" in period_problem("2205-")


@pytest.fixture()
def small_checkout(tmp_path):
    """A checkout that has been extracted once (data/articles filled)."""
    paths = fresh_checkout(_mkdir(tmp_path / "p"))
    for extra in list(paths.seeds.glob("*.txt"))[2:]:
        extra.unlink()
    assert cli.main(["--root", str(paths.root), "--quiet", "extract", str(paths.seeds)]) == 0
    return paths


def _set_first(path: Path, pattern: str, replacement: str, nth: int = 0) -> None:
    text = path.read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, text, re.M))
    m = matches[nth]
    path.write_text(text[:m.start()] + replacement + text[m.end():], encoding="utf-8")


@pytest.mark.parametrize("case", ["30 digits", ".nan", ".inf", "2205 date", "2205 period"])
def test_implausible_values_fail_check_and_build_naming_file_and_field(case, small_checkout, capsys):
    paths = small_checkout
    article = sorted((paths.data / "articles").glob("*.yaml"))[0]
    field = {"30 digits": "value", ".nan": "value", ".inf": "before", "2205 date": "date", "2205 period": "period"}[case]
    if case == "2205 date":
        _set_first(article, r"^date: .*$", "date: '2205-03-01'")
    elif case == "2205 period":
        _set_first(article, r"^  period: .*$", "  period: 2205-")
    elif case == ".inf":
        _set_first(article, r"^  before: .*$", "  before: .inf")
    else:
        _set_first(article, r"^  value: .*$", "  value: " + ("123456789012345678901234567890" if case == "30 digits" else ".nan"))
    capsys.readouterr()
    assert cli.main(["--root", str(paths.root), "check"]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"{re.escape(article.name)}:\d+ \((figures\.\d+\.)?{field}\)", out), out
    log = io.StringIO()
    assert build_all(paths, Reporter(stream=log, progress_bars=False), extract=False) == 1
    assert article.name in log.getvalue() and not (paths.site / "index.html").exists()


def test_implausible_numbers_in_a_hand_made_data_file_fail_check(small_checkout, capsys):
    paths = small_checkout
    overrides = paths.data / "gazetteer" / "overrides.yaml"
    overrides.write_text(overrides.read_text(encoding="utf-8").replace(
        "coords:\n", 'coords:\n  "520100": [.nan, 106.6]\n', 1), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--root", str(paths.root), "check"]) == 1
    assert re.search(r"overrides\.yaml:\d+ \(coords\.520100\.0\)", capsys.readouterr().out)
    assert build_all(paths, Reporter(stream=None), extract=False) == 1


def test_an_article_with_implausible_values_is_built_without_them(tmp_path):
    paths = fresh_checkout(_mkdir(tmp_path / "p"))
    for seed in paths.seeds.glob("*.txt"):
        seed.unlink()
    (paths.seeds / "odd.txt").write_text(
        "杭州专家在来凤\n来源：测试晨报  2099-03-01\n\n2024年以来，杭州市选派医疗专家18名赴来凤县开展帮扶。"
        "2025年，杭州市又选派医疗专家123456789012345678901234567890名赴来凤县。\n", encoding="utf-8")
    log = io.StringIO()
    status = build_all(paths, Reporter(stream=log, progress_bars=False))
    assert status == 0, log.getvalue()
    saved = yaml.safe_load((paths.data / "articles" / "odd.yaml").read_text(encoding="utf-8"))
    assert saved["date"] is None and "the page's date left out" in log.getvalue()
    assert saved["figures"] and all(abs(f["value"]) < 10**15 for f in saved["figures"])
    sitemap = (paths.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "2099" not in sitemap


def test_evaluate_refuses_a_missing_or_empty_gold_folder(tmp_path, capsys):
    root = str(Path(__file__).resolve().parent.parent)
    seeds = str(Path(root) / "seeds")
    assert cli.main(["--root", root, "evaluate", "--gold", str(tmp_path / "nonexistent"), seeds]) == 2
    (tmp_path / "empty").mkdir()
    assert cli.main(["--root", root, "evaluate", "--gold", str(tmp_path / "empty"), seeds]) == 2
    err = capsys.readouterr().err
    assert "is not a folder" in err and "holds no gold" in err


# ------------------------------------------------------------------------------ markup in hand-edited data

# Each payload runs by itself when parsed as HTML (no click needed); each has its own number.
MARKUP = {
    "gazetteer english (province)": "<img src=x onerror=alert(11)>",
    "gazetteer english (prefecture)": "<svg onload=alert(12)>",
    "gazetteer ethnic group": "<img src=x onerror=alert(13)>",
    "translations outlet": "</title><script>alert(14)</script>",
    "indicator label": "<img src=x onerror=alert(15)>",
    "indicator label zh": "<img src=x onerror=alert(16)>",
    "gazetteer Chinese name": "<img src=x onerror=alert(17)>",
    "review file title_en": "<img src=x onerror=alert(18)>",
}


def plant_markup(paths) -> None:
    data = paths.data
    overrides = data / "gazetteer" / "overrides.yaml"
    raw = yaml.safe_load(overrides.read_text(encoding="utf-8"))
    raw.setdefault("english", {})["520000"] = "Guizhou" + MARKUP["gazetteer english (province)"]
    raw["english"]["522700"] = "Qiannan" + MARKUP["gazetteer english (prefecture)"]
    overrides.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    divisions = data / "gazetteer" / "divisions.csv"  # the snapshot's Chinese names
    divisions.write_text(divisions.read_text(encoding="utf-8").replace(
        "\n450000,广西壮族自治区,", "\n450000,广西壮族自治区" + MARKUP["gazetteer Chinese name"] + ",", 1), encoding="utf-8")
    groups = data / "gazetteer" / "ethnic_groups.yaml"
    raw = yaml.safe_load(groups.read_text(encoding="utf-8"))
    raw["groups"]["苗族"] = "Miao" + MARKUP["gazetteer ethnic group"]
    groups.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    translations = data / "translations.yaml"
    raw = yaml.safe_load(translations.read_text(encoding="utf-8"))
    raw["outlets"] = {name: english + MARKUP["translations outlet"] for name, english in raw["outlets"].items()}
    translations.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    indicators = data / "indicators.yaml"
    raw = yaml.safe_load(indicators.read_text(encoding="utf-8"))
    translated = raw["indicators"]["experts_sent"]["translations"]
    translated["en"]["label"] += MARKUP["indicator label"]
    translated["zh"]["label"] += MARKUP["indicator label zh"]
    translated["en"]["definition"] += MARKUP["indicator label"]
    indicators.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for article in sorted((data / "articles").glob("*.yaml")):
        raw = yaml.safe_load(article.read_text(encoding="utf-8"))
        raw["translations"] = {"en": {"title": f"Title {MARKUP['review file title_en']}"}}
        article.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """Extracted from the seeds, then markup planted in every hand-edited file, then rendered from
    data/ under /eastwest-health-report/ (so tests/test_hostile.py's scanner applies)."""
    tmp = tmp_path_factory.mktemp("markup")
    paths = fresh_checkout(_mkdir(tmp / "project"))
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "translations.yaml", paths.data / "translations.yaml")
    assert cli.main(["--root", str(paths.root), "--quiet", "extract", str(paths.seeds)]) == 0
    plant_markup(paths)
    www = tmp / "www"
    out = www / "eastwest-health-report"
    log = io.StringIO()
    status = build_all(paths, Reporter(stream=log, progress_bars=False), site_url=SITE_URL, extract=False, out_dir=out)
    assert status == 0, log.getvalue()
    return paths, www, out


def test_markup_in_data_files_is_shown_as_text(marked):
    from test_hostile import injected_markup

    _, _, site = marked
    problems = injected_markup(site)
    assert not problems, "\n".join(problems[:30])
    nav = (site / "en" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert "Guizhou&lt;img src=x onerror=alert(11)&gt;" in nav  # shown, as text, in the navigation
    zh = (site / "methodology" / "index.html").read_text(encoding="utf-8")
    assert "广西壮族自治区&lt;img src=x onerror=alert(17)&gt;" in zh  # the Chinese navigation


def test_markup_in_data_files_runs_nowhere_in_chromium(marked, browser):
    """Every page of the marked-up site in Chromium (the session's browser, tests/conftest.py)."""
    from test_browser import SiteHandler

    _, www, site = marked
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/eastwest-health-report/"
    pages = sorted({p.relative_to(site).as_posix() for p in site.rglob("*.html")})
    dialogs, live = [], []
    context = browser.new_context(service_workers="block")
    try:
        context.route(re.compile(rf"^(?!{re.escape(base)})"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for rel in pages:
            page.goto(base + rel, wait_until="load")
            found = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
                [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name + '=' + a.value))""")
            live += [f"{rel}: {x}" for x in found]
            for button in page.locator("a.report-map__open").all():  # the interactive maps, as a reader opens them
                button.click()
            for frame in page.frames[1:]:  # the map iframes
                frame.wait_for_load_state("load")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert len(pages) > 50
    assert not dialogs, dialogs[:10]
    assert not live, live[:10]


def test_a_review_file_cannot_point_its_source_outside_seeds(small_checkout, capsys):
    """`source` names a file in seeds/ (the workbench opens it): a path is refused by check and build."""
    paths = small_checkout
    article = sorted((paths.data / "articles").glob("*.yaml"))[0]
    _set_first(article, r"^source: .*$", "source: ../../outside.txt")
    capsys.readouterr()
    assert cli.main(["--root", str(paths.root), "check"]) == 1
    assert re.search(rf"{re.escape(article.name)}:\d+ \(source\)", capsys.readouterr().out)
    assert build_all(paths, Reporter(stream=None), extract=False) == 1
