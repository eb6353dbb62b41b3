"""One fact, many sources (generator/sources.py): reposts, restatements and conflicts.

The corpus in tests/fixtures/sources/articles/ is made up for these tests: an original report
(a), the same text under a portal's page furniture (b) and in traditional characters (c), and a
later article (d) that restates two of its totals, one of them with another value.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.chartplan import pairings_chart
from generator.config import ProjectPaths
from generator.indicators import IndicatorCatalog
from generator.model import Figure
from generator.pipeline import build_all, extract_files
from generator.progress import Reporter
from generator.report import build_report
from generator.sources import ArticleIndex, Statement, identify_facts, resemblance, same_value, shingles
from generator.store import load_articles

pytestmark = pytest.mark.slow  # builds a site or drives a browser: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "fixtures" / "sources" / "articles"
DATA_INPUTS = ("indicators.yaml", "extraction.yaml", "outlets.yaml", "regions.yaml", "gazetteer")
ORIGINAL, PORTAL, TRADITIONAL, RESTATED = (
    "a_suzhou_tongren_original", "b_suzhou_tongren_portal_repost",
    "c_suzhou_tongren_traditional_repost", "d_suzhou_tongren_restated",
)


def checkout(tmp: Path, seeds: Path = CORPUS) -> ProjectPaths:
    """mkdocs.yml, hand-written docs, the hand-made data and the given articles as seeds/."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    shutil.copytree(seeds, tmp / "seeds")
    (tmp / "data").mkdir()
    for name in DATA_INPUTS:
        source = ROOT / "data" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp / "data" / name)
    return ProjectPaths(tmp)


def figure(value, qualifier="exact", indicator="experts_sent", unit="person", period="2023-", fid="f-1", before=None):
    return Figure(fid, indicator, value, unit, qualifier, period, None, before, "", 0)


# ----------------------------------------------------------------------- values and texts


@pytest.mark.parametrize("a, b, same", [
    (figure(257), figure(257), True),
    (figure(257), figure(260), False),  # two exact numbers that differ disagree, however close
    (figure(260, "about"), figure(263), True),  # "约260" covers what rounds to it
    (figure(260, "more_than"), figure(263), True),  # "260余"
    (figure(260, "more_than"), figure(260), True),  # the same number, one article rounding it: no conflict
    (figure(260, "more_than"), figure(275), False),
    (figure(20_000_000, "more_than", unit="yuan"), figure(23_460_000, unit="yuan"), False),  # 2000余万 is not 2346万
    (figure(35.5, unit="percent"), figure(35.50, unit="percent"), True),
    (figure(80, before=60), figure(80, before=65), False),  # a change needs the same "before"
])
def test_values_agree_within_the_rounding_their_wording_allows(a, b, same):
    assert same_value(a, b) is same
    assert same_value(b, a) is same


def test_reposts_resemble_their_original_and_unrelated_articles_do_not():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    fp = {k: shingles(v) for k, v in texts.items()}
    assert resemblance(fp[ORIGINAL], fp[PORTAL]).is_copy
    assert resemblance(fp[ORIGINAL], fp[TRADITIONAL]).is_copy  # read through the simplified view
    assert not resemblance(fp[ORIGINAL], fp[RESTATED]).is_copy  # restates figures, not the text
    index = ArticleIndex()
    index.add(ORIGINAL, texts[ORIGINAL])
    assert index.copy_of(PORTAL, texts[PORTAL])[0] == ORIGINAL
    assert index.copy_of(RESTATED, texts[RESTATED]) is None


_TEMPLATE = ("某某县人民医院在对口帮扶医院的支持下，{a}月份共完成门急诊{b}人次，开展三四级手术{c}台，"
             "新开展技术{d}项。帮扶专家开展教学查房{e}次、专题讲座{f}场，带教本院骨干{g}名。"
             "医院远程会诊平台本月完成会诊{h}例，其中疑难病例{i}例。下一步，医院将继续深化合作，"
             "推动更多适宜技术在县域落地，让群众在家门口就能看好病。医院将围绕胸痛、卒中、创伤等急危重症救治能力建设，"
             "持续完善分级诊疗和双向转诊机制，加强与帮扶医院的远程协作，做好人才培养和学科建设各项工作。")


def test_a_cut_rewritten_repost_is_a_copy_and_the_same_template_with_other_figures_is_not():
    """An account's repost cut short and lightly rewritten (医院 → 我院) keeps its figures: a copy. Another month's
    report on the same template shares most of the wording but not the figures: no copy, its facts are its own."""
    original = _TEMPLATE.format(a=6, b=12840, c=316, d=7, e=42, f=9, g=23, h=186, i=27)
    repost = (original.replace("某某县人民医院在对口帮扶医院的支持下，", "在帮扶团队助力下，我院")
              .replace("帮扶专家开展", "专家们开展").replace("医院远程会诊平台本月", "我院远程会诊平台")
              .split("医院将围绕")[0])
    next_month = _TEMPLATE.format(a=7, b=13517, c=298, d=5, e=38, f=11, g=19, h=203, i=31)
    index = ArticleIndex()
    index.add("june", original)
    found = index.copy_of("june-repost", repost)
    assert found is not None and found[0] == "june" and found[1].containment < 0.8
    assert index.copy_of("july", next_month) is None
    assert resemblance(shingles(original), shingles(next_month)).containment >= 0.65  # the wording alone would say copy


# Reposts the held-out sets hold on purpose (heldout12: a city paper's report and its repost on a health
# portal, with another headline, furniture and half-width punctuation; heldout14: 新华社 wire copy and its
# repost on a portal, a day later, with another headline and light edits; heldout18: 中新网 wire copy and its
# repost on 北方新闻网 with a new headline, edits and related links; heldout21: 新华社 wire copy and its
# repost on 浙江在线, cut mid-sentence): found, and nothing else.
KNOWN_REPOSTS = {"b12_08": "b12_07", "b14_03": "b14_02", "b18_05": "b18_03", "b21_05": "b21_03", "b29_05": "b29_03",
                 "b34_05": "b34_02", "b36_05": "b36_01", "b39_05": "b39_03",
                 "b40_05": "b40_01", "b41_05": "b41_04", "b43_04": "b43_03",
                 "b45_04": "b45_01", "b46_04": "b46_03", "b47_05": "b47_04", "b48_04": "b48_02",
                 "b52_05": "b52_01", "b54_05": "b54_02", "b58_02": "b58_01", "b69_02": "b69_01", "b70_04": "b70_02", "b73_05": "b73_01",
                 "b95_03": "b95_02", "b116_03": "b116_02", "b123_04": "b123_03", "b147_04": "b147_03",
                 "b154_03": "b154_01", "b157_05": "b157_01", "b176_04": "b176_01",
                 "b181_02": "b181_01", "b181_03": "b181_01",
                 # cut and lightly rewritten reposts (0.67–0.78 of their shingles in the original)
                 "b30_05": "b30_02", "b37_05": "b37_01", "b38_05": "b38_01"}


def test_no_two_seeds_or_held_out_articles_are_taken_for_copies():
    from generator.ingest import read_article

    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("heldout*/articles/*"))
    index = ArticleIndex()
    found = []
    for path in files:
        article = read_article(path)
        match = index.copy_of(article.id, article.text)
        if match:
            found.append((article.id, match[0]))
        index.add(article.id, article.text)
    assert len(files) > 50 and sorted(found) == sorted(KNOWN_REPOSTS.items())


# ------------------------------------------------------------------------- fact identity


def statement(article, value, fid, period="2023-", scope="p-1-2", reviewed=False, **kw):
    return Statement(article, figure(value, fid=fid, period=period, **kw), scope, True, reviewed)


def test_equal_statements_of_different_articles_are_one_fact_and_different_values_conflict():
    st = [statement("a", 120, "f-a1"), statement("a", 85, "f-a2", indicator="new_techniques", unit="item"),
          statement("d", 120, "f-d1"), statement("d", 92, "f-d2", indicator="new_techniques", unit="item")]
    groups = identify_facts(st)
    assert [g.members for g in groups] == [[0, 2], [1], [3]]
    assert groups[1].conflicts == [2] and groups[2].conflicts == [1] and groups[0].conflicts == []


def test_one_article_stating_a_number_twice_states_two_facts_and_never_conflicts_with_itself():
    st = [statement("a", 5, "f-1"), statement("a", 5, "f-2"), statement("a", 7, "f-3")]
    groups = identify_facts(st)
    assert [g.members for g in groups] == [[0], [1], [2]] and all(not g.conflicts for g in groups)


def test_without_a_period_or_a_scope_nothing_conflicts_and_unknown_scopes_never_merge():
    st = [statement("a", 5, "f-1", period=None), statement("b", 7, "f-2", period=None),
          statement("c", 5, "f-3", scope=None), statement("d", 5, "f-4", scope=None)]
    groups = identify_facts(st)
    assert [g.members for g in groups] == [[0], [1], [2], [3]] and all(not g.conflicts for g in groups)


def test_a_reviewers_same_as_and_not_same_as_are_kept():
    st = [statement("a", 257, "f-1"), statement("b", 260, "f-2"), statement("c", 257, "f-3")]
    assert [g.members for g in identify_facts(st)] == [[0, 2], [1]]
    # "b's 260 is the same fact as a's 257" (a rounded restatement), "c's 257 is something else".
    groups = identify_facts(st, same_as={"b#f-2": ["a#f-1"]}, not_same_as={"c#f-3": ["a#f-1"]})
    assert [g.members for g in groups] == [[0, 1], [2]]
    assert not any(g.conflicts for g in groups)


def test_the_representative_is_the_reviewed_statement():
    st = [statement("a", 120, "f-a"), statement("b", 120, "f-b", reviewed=True)]
    assert identify_facts(st)[0].members == [1, 0]


# -------------------------------------------------------------------- extract and report


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    paths = checkout(tmp_path_factory.mktemp("sources"))
    log = io.StringIO()
    status = build_all(paths, Reporter(stream=log, progress_bars=False))
    assert status == 0, log.getvalue()
    return paths, log.getvalue()


def load_report(paths: ProjectPaths):
    from generator.gazetteer import Gazetteer

    catalog = IndicatorCatalog.load(paths.data / "indicators.yaml")
    loaded = load_articles(paths.data, catalog.ids())
    assert not loaded.errors
    return build_report(loaded.articles, catalog, Gazetteer.load(ROOT / "data"))


def test_extract_says_which_articles_are_reposts_and_their_files_hold_no_facts(built):
    paths, log = built
    assert re.search(rf"{PORTAL}\.txt: repost of {ORIGINAL}; adds a source", log)
    assert re.search(rf"{TRADITIONAL}\.txt: repost of {ORIGINAL}; adds a source", log)
    assert f"{RESTATED}.txt: repost" not in log
    for copy, outlet in ((PORTAL, "多彩健康网"), (TRADITIONAL, "港澳健康资讯")):
        data = yaml.safe_load((paths.data / "articles" / f"{copy}.yaml").read_text(encoding="utf-8"))
        assert data["copy_of"] == ORIGINAL and data["outlet"] == outlet
        assert data["pairings"] == [] and data["figures"] == []
    original = yaml.safe_load((paths.data / "articles" / f"{ORIGINAL}.yaml").read_text(encoding="utf-8"))
    assert "copy_of" not in original and len(original["figures"]) == 3


def test_the_report_shows_each_fact_once_with_its_sources_and_the_changed_total_as_a_conflict(built):
    paths, _ = built
    report = load_report(paths)
    assert len(report.sources) == 4 and report.distinct_reports == 2
    (link,) = report.links
    values = sorted((sf.figure.indicator, sf.figure.value) for sf in link.figures)
    assert values == [("experts_sent", 120), ("new_techniques", 85), ("new_techniques", 92), ("staff_trained", 3000)]
    by_value = {sf.figure.value: sf for sf in link.figures}
    assert [c.source_id for c in by_value[120].citations] == [ORIGINAL, PORTAL, TRADITIONAL, RESTATED]
    assert [c.repost_of for c in by_value[120].citations] == [None, ORIGINAL, ORIGINAL, None]
    assert by_value[85].conflicts == [by_value[92]] and by_value[92].conflicts == [by_value[85]]
    assert not by_value[120].conflicts
    assert report.figure_count == 4


def test_identity_is_the_same_on_every_build(built):
    paths, _ = built
    one, two = load_report(paths), load_report(paths)
    ids = lambda r: [(sf.id, [c.source_id for c in sf.citations], [o.id for o in sf.conflicts]) for sf in r.facts]
    assert ids(one) == ids(two)


def test_the_headline_prefers_a_reviewed_value_and_says_sources_disagree(tmp_path, built):
    paths, _ = built
    report = load_report(paths)
    (entry,) = report.headline["new_techniques"]
    assert entry.figure.figure.value == 92 and entry.disagree  # unreviewed: the larger (later) total
    # A reviewer checks the original's 85: the headline now shows 85, still saying sources disagree.
    shutil.copytree(paths.data, tmp_path / "data")
    path = tmp_path / "data" / "articles" / f"{ORIGINAL}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for f in data["figures"]:
        if f["value"] == 85:
            f["status"] = "reviewed"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reviewed = load_report(ProjectPaths(tmp_path))
    (entry,) = reviewed.headline["new_techniques"]
    assert entry.figure.figure.value == 85 and entry.disagree and entry.figure.reviewed


def test_a_review_of_a_restated_fact_counts_for_the_fact(tmp_path, built):
    paths, _ = built
    shutil.copytree(paths.data, tmp_path / "data")
    path = tmp_path / "data" / "articles" / f"{RESTATED}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for f in data["figures"]:
        if f["value"] == 120:
            f["status"] = "reviewed"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = load_report(ProjectPaths(tmp_path))
    (fact,) = [sf for sf in report.links[0].figures if sf.figure.value == 120]
    assert fact.reviewed and fact.status == "reviewed"
    original = [sf for sf in report.source(ORIGINAL).figures if sf.figure.value == 120][0]
    assert original.reviewed  # shown as reviewed on the original's page too


# ------------------------------------------------------------------------------- the site


def page(paths: ProjectPaths, lang: str, rel: str) -> str:
    site = paths.root / "site"
    return ((site / "en" if lang == "en" else site) / rel / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang, sources4, disagree", [
    ("en", "4 sources:", "Sources disagree"), ("zh", "4 个来源：", "来源之间数字不一致"),
])
def test_region_page_shows_each_fact_once_with_its_sources_and_the_conflict(built, lang, sources4, disagree):
    paths, _ = built
    html = page(paths, lang, "report/regions/guizhou")
    block = html[html.index('id="p-320500-520600"'):]
    table = block[: block.index("</table>")]  # the pairing's figure table (charts have their own)
    text = text_of(table)
    assert text.count(sources4) == 1  # 120 experts: the original, two reposts and the restatement
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    experts = [r for r in rows if re.search(r">\s*120名?\s*<", r)]
    assert len(experts) == 1, "the 120 experts are one fact, shown once"
    for sid in (ORIGINAL, PORTAL, TRADITIONAL, RESTATED):
        assert f"sources/{sid}/#" in experts[0]
    conflict_rows = [r for r in rows if "⚠" in r]
    assert len(conflict_rows) == 2  # 85 and 92, both shown and marked
    # Below the table: the disagreement, each value with its dated sources.
    note = block[block.index(disagree):]
    note = note[: note.index("</div>")]
    for value, sid in (("85", ORIGINAL), ("85", TRADITIONAL), ("92", RESTATED)):
        assert value in text_of(note) and f"sources/{sid}/#" in note
    assert len([r for r in rows if "3,000" in r]) == 1


@pytest.mark.parametrize("lang, phrase", [
    ("en", "4 news articles, 2 distinct reports"), ("zh", "4篇新闻报道，其中不同的报道2篇"),
])
def test_home_page_counts_articles_and_distinct_reports(built, lang, phrase):
    paths, _ = built
    assert phrase in text_of(page(paths, lang, ""))


@pytest.mark.parametrize("lang, banner, outlet", [("en", "Repost", "</a> (铜仁日报). It adds"),
                                                  ("zh", "转载", "</a>（铜仁日报）。它为")])
def test_a_reposts_page_names_its_original_and_holds_the_anchors_its_citations_use(built, lang, banner, outlet):
    paths, _ = built
    html = page(paths, lang, f"report/sources/{TRADITIONAL}")
    assert banner in html and f"../{ORIGINAL}/\"" in html
    assert outlet in html.replace('<span lang="zh-Hans">', "").replace("</span>", ""), "the original's outlet, in the page's punctuation"
    report = load_report(paths)
    for sf in report.source(ORIGINAL).figures:
        assert f'id="{sf.id}"' in html


def test_downloads_carry_every_source_of_each_fact(built):
    paths, _ = built
    folder = paths.docs / "en" / "report" / "downloads"
    records = json.loads((folder / "facts-all.json").read_text(encoding="utf-8"))
    assert len(records) == 4
    experts = [r for r in records if r["indicator"] == "experts_sent"][0]
    assert experts["source_count"] == 4
    assert [s["article_id"] for s in experts["sources"]] == [ORIGINAL, PORTAL, TRADITIONAL, RESTATED]
    assert [s["outlet"] for s in experts["sources"]][:2] == ["铜仁日报", "多彩健康网"]
    techniques = {r["value"]: r for r in records if r["indicator"] == "new_techniques"}
    assert techniques[85]["conflicts_with"] == [techniques[92]["figure_id"]]
    rows = list(csv.DictReader(io.StringIO((folder / "facts-all.csv").read_text(encoding="utf-8").lstrip("\ufeff"))))
    row = [r for r in rows if r["indicator"] == "experts_sent"][0]
    assert row["source_count"] == "4"
    assert row["sources"].split("; ")[1] == f"{PORTAL}#{experts['figure_id']}"


# ----------------------------------------------------------------------- review safety


def test_a_repost_found_later_keeps_its_reviewers_edits_and_a_reviewer_can_say_no_copy(tmp_path):
    (tmp_path / "p").mkdir()
    paths = checkout(tmp_path / "p", seeds=CORPUS)
    original, held = paths.seeds / f"{ORIGINAL}.txt", paths.seeds / f"{PORTAL}.txt"
    # Both articles were held, each as an original, before reposts were recognised (extracted apart),
    # and a reviewer checked a figure of the portal's page.
    extract_files([held], paths)
    extract_files([original], paths, data_dir=tmp_path / "elsewhere")
    for kind in ("articles", "machine"):
        shutil.copy(tmp_path / "elsewhere" / kind / f"{ORIGINAL}.yaml", paths.data / kind)
    path = paths.data / "articles" / f"{PORTAL}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["figures"][0]["status"] = "reviewed"
    data["figures"][0]["note"] = "checked against the portal page"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Extracting again finds the portal page repeats the original (the first held, by id).
    log = io.StringIO()
    extract_files([original, held], paths, incremental=False, reporter=Reporter(stream=log, progress_bars=False))
    assert f"{PORTAL}.txt: repost of {ORIGINAL}; adds a source" in log.getvalue()
    assert f"{ORIGINAL}.txt: repost" not in log.getvalue()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["copy_of"] == ORIGINAL
    # The reviewed fact stays (the machine's untouched ones go: they are the original's facts).
    assert [f["note"] for f in data["figures"]] == ["checked against the portal page"]
    report = load_report(paths)
    (fact,) = [sf for sf in report.links[0].figures if sf.figure.indicator == data["figures"][0]["indicator"]]
    assert fact.reviewed and {c.source_id for c in fact.citations} == {ORIGINAL, PORTAL}
    assert len(report.facts) == 3  # shown once: the review counts for the original's fact
    # A reviewer says it is no copy: the next extraction keeps that and extracts its facts again.
    data["copy_of"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    extract_files([original, held], paths, incremental=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["copy_of"] is False and len(data["figures"]) == 3
    assert data["figures"][0]["note"] == "checked against the portal page"


# ------------------------------------------------------------------------------ the seeds


def test_on_the_seeds_every_fact_keeps_its_page_and_id(fixture_data_dir, gazetteer):
    """No false merges: each kept figure of the seeds is its own fact, on its own link, with one source."""
    for data_dir in (ROOT / "data", fixture_data_dir):
        catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
        articles = load_articles(data_dir, catalog.ids()).articles
        report = build_report(articles, catalog, gazetteer)
        kept = [(a.article.id, f.id) for a in articles for f in a.figures if f.status != "rejected"]
        assert [(sf.source_id, sf.id) for sf in report.facts] == kept
        assert report.figure_count == len(kept) and report.distinct_reports == len(articles)
        for sf in report.facts:
            assert [c.source_id for c in sf.citations] == [sf.source_id] and not sf.conflicts
        on_links = [sf.id for link in report.links for sf in link.figures]
        assert len(on_links) == len(set(on_links))
        assert sorted(on_links) == sorted(sf.id for s in report.sources for sf in s.figures if sf.link)


def test_a_repost_of_a_seed_under_another_outlet_adds_a_source_and_no_fact(tmp_path, gazetteer):
    """The issue's case: seed 001 saved again from a portal (its own header and footer lines around
    the same text). The copy is made at test time from the seed file; no sentence is copied here."""
    (tmp_path / "p").mkdir()
    paths = checkout(tmp_path / "p", seeds=ROOT / "seeds")
    seed = next(paths.seeds.glob("001_*.txt"))
    body = seed.read_text(encoding="utf-8")
    repost = paths.seeds / "901_portal_copy.txt"
    repost.write_text("首页 > 资讯 > 转载\n来源：某某资讯网 2025-01-02\n分享到：微信 微博\n" + body
                      + "\n（本文转载自其他媒体，版权归原作者所有）\n相关阅读\n", encoding="utf-8")
    log = io.StringIO()
    extract_files(sorted(paths.seeds.glob("*.txt")), paths, reporter=Reporter(stream=log, progress_bars=False))
    assert f"901_portal_copy.txt: repost of {seed.stem}; adds a source" in log.getvalue()
    catalog = IndicatorCatalog.load(paths.data / "indicators.yaml")
    articles = load_articles(paths.data, catalog.ids()).articles
    report = build_report(articles, catalog, gazetteer)
    assert len(report.sources) == 6 and report.distinct_reports == 5
    original = [a for a in articles if a.article.id == seed.stem][0]
    assert report.figure_count == sum(len(a.figures) for a in articles)  # the copy added no fact
    for sf in report.source(seed.stem).figures:
        assert [c.source_id for c in sf.citations] == [seed.stem, "901_portal_copy"]
    on_links = [sf.id for link in report.links for sf in link.figures]
    assert len(on_links) == len(set(on_links)) and len(original.figures) > 0


@pytest.mark.parametrize("lang, disagree", [("en", "sources disagree, also:"), ("zh", "来源数字不一致，另有：")])
def test_the_who_gives_what_chart_draws_a_conflict_once_and_says_so(built, lang, disagree):
    """85 or 92 new techniques: one bar (none is reviewed: the larger, as the key facts and headline choose),
    labelled with the other value."""
    paths, _ = built
    report = load_report(paths)
    (region,) = [r for r in report.regions if r.slug == "guizhou"]
    panel = next(p for p in pairings_chart(report, region).panels if p.indicator == "new_techniques")
    assert [sf.figure.value for sf in panel.figures] == [92]
    svg = (paths.docs / lang / "report" / "charts" / f"{region.slug}-pairings.svg").read_text(encoding="utf-8")
    assert disagree in svg and "85" in svg[svg.index(disagree):]


@pytest.mark.parametrize("lang, disagree", [("en", "sources disagree, also:"), ("zh", "来源数字不一致，另有：")])
def test_a_key_fact_whose_sources_disagree_says_so(built, lang, disagree):
    paths, _ = built
    html = page(paths, lang, "report/regions/guizhou")
    block = html[html.index('class="key-facts"'):]
    facts = text_of(block[: block.index("</div>")])
    after = facts[facts.index("92"):]  # the key fact that states 92 new techniques
    assert disagree in after[:200]
    assert f"· ⚠ {disagree}" in after, "the warning is set apart from the review status before it"
    note = after[after.index(disagree):]
    assert "85" in note[: len(disagree) + 6]


def test_key_facts_stay_one_list_item_each(built):
    """Each key fact is its own list item (a template line must not swallow the newline before the next)."""
    paths, _ = built
    html = page(paths, "en", "report/regions/guizhou")
    block = html[html.index('class="key-facts"'):]
    block = block[: block.index("</div>")]
    assert block.count("<li>") == 3


def test_a_reviewers_same_as_is_kept_across_builds_and_the_page_shows_one_fact(tmp_path):
    """A reviewer says the restatement's 92 new techniques is the original's 85 (a corrected count of
    the same thing): after the next build the decision is still in the file, and the page shows one
    fact with both articles' sources and no disagreement."""
    paths = checkout(tmp_path)
    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    original = yaml.safe_load((paths.data / "articles" / f"{ORIGINAL}.yaml").read_text(encoding="utf-8"))
    (eighty_five,) = [f["id"] for f in original["figures"] if f["value"] == 85]
    restated = paths.data / "articles" / f"{RESTATED}.yaml"
    text = restated.read_text(encoding="utf-8")
    (ninety_two,) = [f["id"] for f in yaml.safe_load(text)["figures"] if f["value"] == 92]
    marker = f"- id: {ninety_two}\n"
    assert marker in text
    restated.write_text(text.replace(marker, f"{marker}  same_as: ['{ORIGINAL}#{eighty_five}']\n"), encoding="utf-8")

    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    kept = yaml.safe_load(restated.read_text(encoding="utf-8"))
    assert [f.get("same_as") for f in kept["figures"] if f["id"] == ninety_two] == [[f"{ORIGINAL}#{eighty_five}"]]
    report = load_report(paths)
    (link,) = report.links
    techniques = [sf for sf in link.figures if sf.figure.indicator == "new_techniques"]
    assert len(techniques) == 1 and not techniques[0].conflicts
    assert {c.source_id for c in techniques[0].citations} >= {ORIGINAL, RESTATED}
    for lang in ("en", "zh"):
        html = page(paths, lang, "report/regions/guizhou")
        assert "⚠" not in html


# ------------------------------------------------------------------- a reviewed-only edition


def mark_reviewed(data_dir: Path, article: str, value) -> None:
    """A reviewer accepts the article's figure(s) of `value`, and its pairings (a reviewed-only edition
    places a figure under a pairing a person has checked)."""
    path = data_dir / "articles" / f"{article}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for f in data["figures"]:
        if f["value"] == value:
            f["status"] = "reviewed"
    for p in data["pairings"]:
        p["status"] = "reviewed"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_reviewed_only_edition_counts_and_publishes_facts_not_statements(tmp_path, built):
    """publish: reviewed. The restatement's 120 experts is reviewed: the fact is published with all four
    sources (the original's unreviewed statement of it included), and what is left out is counted in
    facts — 85, 92 and 3,000 (three), not the four unreviewed statements. No disagreement with a value
    that is not published is shown."""
    from generator.gazetteer import Gazetteer

    paths, _ = built
    shutil.copytree(paths.data, tmp_path / "data")
    mark_reviewed(tmp_path / "data", RESTATED, 120)
    mark_reviewed(tmp_path / "data", ORIGINAL, None)  # the original's pairing only
    catalog = IndicatorCatalog.load(paths.data / "indicators.yaml")
    articles = load_articles(tmp_path / "data", catalog.ids()).articles
    report = build_report(articles, catalog, Gazetteer.load(ROOT / "data"), publish="reviewed")
    assert report.review.figures - report.review.figures_reviewed == 4  # statements: 3 + 2 - 1 reviewed
    assert report.review.figures_left_out == 3 and report.figure_count == 1
    (fact,) = report.links[0].figures
    assert fact.figure.value == 120 and fact.reviewed
    assert sorted(c.source_id for c in fact.citations) == [ORIGINAL, PORTAL, TRADITIONAL, RESTATED]
    assert [sf.figure.value for sf in report.source(ORIGINAL).figures] == [120]  # shown on the original's page
    # A reviewer checks the original's 85 too: it is published, and the unreviewed 92 is not shown as its rival.
    mark_reviewed(tmp_path / "data", ORIGINAL, 85)
    articles = load_articles(tmp_path / "data", catalog.ids()).articles
    report = build_report(articles, catalog, Gazetteer.load(ROOT / "data"), publish="reviewed")
    assert sorted(sf.figure.value for sf in report.links[0].figures) == [85, 120]
    assert all(not sf.conflicts for sf in report.links[0].figures)
    assert report.review.figures_left_out == 2


@pytest.mark.parametrize("lang, left", [
    ("en", "3 figures found by the program and not yet reviewed by anyone are left out"),
    ("zh", "程序提取但尚未审核的3项数字未列入"),
])
def test_a_reviewed_only_home_page_says_how_many_facts_are_left_out(tmp_path, lang, left):
    paths = checkout(tmp_path)
    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    mark_reviewed(paths.data, RESTATED, 120)
    mark_reviewed(paths.data, ORIGINAL, None)
    config = paths.mkdocs_yml.read_text(encoding="utf-8")
    assert "    publish: all\n" in config
    paths.mkdocs_yml.write_text(config.replace("    publish: all\n", "    publish: reviewed\n"), encoding="utf-8")
    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    home = text_of(page(paths, lang, ""))
    assert left in home
    region = page(paths, lang, "report/regions/guizhou")
    block = region[region.index('id="p-320500-520600"'):]
    table = block[: block.index("</table>")]
    for sid in (ORIGINAL, PORTAL, TRADITIONAL, RESTATED):
        assert f"sources/{sid}/#" in table
    assert "⚠" not in region


def test_a_reviewers_not_same_as_is_kept_across_builds_and_the_page_shows_two_facts(tmp_path):
    """A reviewer says the restatement's 120 experts is another group than the original's 120 (two
    dispatches of the same size), and that its 92 new techniques counts something else than the
    original's 85. After the next build the decisions are still in the file; the page shows 120 twice,
    each with its own sources, 85 and 92 without a disagreement, in both languages; a build after that
    gives the same pages byte for byte."""
    paths = checkout(tmp_path)
    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    original = yaml.safe_load((paths.data / "articles" / f"{ORIGINAL}.yaml").read_text(encoding="utf-8"))
    ids = {f["value"]: f["id"] for f in original["figures"]}
    restated = paths.data / "articles" / f"{RESTATED}.yaml"
    text = restated.read_text(encoding="utf-8")
    own = {f["value"]: f["id"] for f in yaml.safe_load(text)["figures"]}
    for value, other in ((120, 120), (92, 85)):
        marker = f"- id: {own[value]}\n"
        assert marker in text
        text = text.replace(marker, f"{marker}  not_same_as: ['{ORIGINAL}#{ids[other]}']\n")
    restated.write_text(text, encoding="utf-8")

    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    kept = {f["id"]: f.get("not_same_as") for f in yaml.safe_load(restated.read_text(encoding="utf-8"))["figures"]}
    assert kept[own[120]] == [f"{ORIGINAL}#{ids[120]}"] and kept[own[92]] == [f"{ORIGINAL}#{ids[85]}"]
    report = load_report(paths)
    (link,) = report.links
    experts = [sf for sf in link.figures if sf.figure.indicator == "experts_sent"]
    assert sorted(sorted(c.source_id for c in sf.citations) for sf in experts) == [
        [ORIGINAL, PORTAL, TRADITIONAL], [RESTATED]]
    assert not any(sf.conflicts for sf in link.figures)
    pages = {}
    for lang in ("en", "zh"):
        html = pages[lang] = page(paths, lang, "report/regions/guizhou")
        block = html[html.index('id="p-320500-520600"'):]
        rows = re.findall(r"<tr>(.*?)</tr>", block[: block.index("</table>")], re.S)
        experts_rows = [r for r in rows if re.search(r">\s*120名?\s*<", r)]
        assert len(experts_rows) == 2, "two facts of the same size, each shown"
        assert f"sources/{RESTATED}/#" in experts_rows[1] and f"sources/{ORIGINAL}/#" not in experts_rows[1]
        assert "⚠" not in html
    # Built again from scratch (no build record, no cache: every stage runs), the pages are the same.
    for kept_dir in (paths.build, paths.root / "site", paths.docs / "en" / "report", paths.docs / "zh" / "report"):
        shutil.rmtree(kept_dir, ignore_errors=True)
    assert build_all(paths, Reporter(stream=io.StringIO(), progress_bars=False)) == 0
    assert all(page(paths, lang, "report/regions/guizhou") == pages[lang] for lang in pages)


# ------------------------------------------------------------------- the reviewer's workbench


def test_the_workbench_shows_each_figures_other_sources_and_keeps_a_reviewers_identity_decisions(tmp_path, built):
    """A reviewer sees, beside a figure, the other articles that state the same fact and those that give
    another value, and can say "not the same fact", "same fact" or undo; each decision is written on the
    figure (same_as / not_same_as) without reviewing it, shown from both articles, and the report follows it."""
    from generator.review.server import Request, Workbench

    built_paths, _ = built
    paths = checkout(tmp_path)
    shutil.copytree(built_paths.data / "articles", paths.data / "articles")
    app = Workbench(paths, 8001)
    host = {"host": "127.0.0.1:8001"}

    def get(article: str, lang: str = "en") -> str:
        return app.handle(Request("GET", f"/article/{article}", {"lang": lang}, headers=host)).body.decode()

    def post(article: str, fid: str, action: str, other: str) -> None:
        headers = {**host, "origin": "http://127.0.0.1:8001", "content-type": "application/x-www-form-urlencoded"}
        form = {"action": action, "other": other, "fact_id": fid}
        assert app.handle(Request("POST", f"/article/{article}/figures/{fid}", {}, form, headers=headers)).status == 303

    def figures(article: str) -> dict:
        data = yaml.safe_load((paths.data / "articles" / f"{article}.yaml").read_text(encoding="utf-8"))
        return {f["value"]: f for f in data["figures"]}

    a, d = figures(ORIGINAL), figures(RESTATED)
    html = get(ORIGINAL)
    assert "Same fact, also stated by" in html and f"/article/{RESTATED}?lang=en&amp;fact={d[120]['id']}" in html
    assert "Another value for the same indicator, pairing and period in" in html and "92" in html
    assert "同一事实，另见于" in get(ORIGINAL, "zh")

    post(ORIGINAL, a[120]["id"], "different", f"{RESTATED}#{d[120]['id']}")
    assert figures(ORIGINAL)[120]["not_same_as"] == [f"{RESTATED}#{d[120]['id']}"]
    assert figures(ORIGINAL)[120]["status"] == "machine", "a decision on identity is no review of the value"
    assert "Marked as a different fact from" in get(RESTATED), "shown from the other article too"
    assert sum(sf.figure.value == 120 for sf in load_report(paths).facts) == 2

    post(RESTATED, d[120]["id"], "undecided", f"{ORIGINAL}#{a[120]['id']}")  # undone from the other side
    assert "not_same_as" not in figures(ORIGINAL)[120]
    assert "Marked as a different fact" not in get(ORIGINAL)

    # One fact is reviewed once: accepted in the original, the restatement's page says so, and its
    # progress (and the index's, and the corpus's) counts it as covered, not as open.
    def progress(html: str) -> tuple[str, str]:
        bar = re.search(r'<span id="article-progress">(.*?)</span>\s*<progress max="(\d+)" value="(\d+)"', html, re.S)
        return bar.group(1), bar.group(3)

    before_text, before_value = progress(get(RESTATED))
    assert "fact reviewed in" not in get(RESTATED) and "more reviewed" not in before_text
    post(ORIGINAL, a[120]["id"], "accept", "")
    html = get(RESTATED)
    assert "fact reviewed in 铜仁日报" in html and "该事实已在铜仁日报中审核" in get(RESTATED, "zh")
    text, value = progress(html)
    assert ", 1 more reviewed as the same fact in another article" in text and int(value) == int(before_value) + 1
    assert "另有1项作为同一事实已在其他文章中审核" in get(RESTATED, "zh")
    index = app.handle(Request("GET", "/", {"lang": "en"}, headers=host)).body.decode()
    # a repost has no facts of its own: the index and its page say whose facts they are
    repost_row = index[index.index(f"<code>{PORTAL}</code>"):]
    assert f"a repost: its facts are those of <a href=\"/article/{ORIGINAL}?lang=en\">" in repost_row[: repost_row.index("</tr>")]
    assert "A repost: the site shows its facts once" in get(PORTAL) and "转载文章" in get(PORTAL, "zh")
    assert "This article: 0 of 0" not in get(PORTAL)  # no empty progress bar on a repost's page
    assert "A repost" not in get(RESTATED)
    row = index[index.index(f"<code>{RESTATED}</code>"):]
    assert "+1 reviewed elsewhere" in row[: row.index("</tr>")]
    assert "1 more reviewed as the same fact" in index[index.index('id="corpus-progress"'):][:400]

    post(RESTATED, d[92]["id"], "same", f"{ORIGINAL}#{a[85]['id']}")
    assert figures(RESTATED)[92]["same_as"] == [f"{ORIGINAL}#{a[85]['id']}"]
    html = get(RESTATED)
    assert "Another value for the same indicator" not in html and html.count("Same fact, also stated by") == 2
    techniques = [sf for sf in load_report(paths).facts if sf.figure.indicator == "new_techniques"]
    assert len(techniques) == 1 and not techniques[0].conflicts
