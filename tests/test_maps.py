"""Maps: each map draws exactly its pairings, loads nothing remote but tiles, is stable and small."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import ProjectPaths, load_site_settings
from generator.gazetteer import Gazetteer
from generator.indicators import IndicatorCatalog
from generator.maps import MAX_HTML_BYTES, MapSettings, write_maps
from generator.parallel import usable_cores
from generator.pipeline import render_and_build
from generator.report import build_report
from generator.store import load_articles

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SETTINGS = MapSettings.from_mkdocs(ROOT / "mkdocs.yml")
LINK_CALL = re.compile(r'ReportMap\.link\(\w+,"([^"]+)"')
SVG_LINK = re.compile(r'<path class="link" data-link="([^"]+)"')
RESOURCE = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', re.I)


@pytest.fixture(scope="module")
def gazetteer_real():
    return Gazetteer.load(ROOT / "data")


@pytest.fixture(scope="module")
def report(gazetteer_real, fixture_data_dir):
    catalog = IndicatorCatalog.load(ROOT / "data" / "indicators.yaml")
    loaded = load_articles(fixture_data_dir, catalog.ids())
    return build_report(loaded.articles, catalog, gazetteer_real)


@pytest.fixture(scope="module")
def written(tmp_path_factory, report, gazetteer_real):
    docs = tmp_path_factory.mktemp("docs")
    settings = load_site_settings(ProjectPaths(ROOT))
    result = write_maps(report, docs, settings, places=gazetteer_real, assets_dir=ROOT / 'docs' / 'assets', map_settings=SETTINGS)
    return docs, settings, result


def test_each_region_map_draws_exactly_its_pairings(written, report):
    docs, settings, _ = written
    for language in settings.languages:
        maps = docs / language.code / "report" / "maps"
        expected_all = sorted(link.id for link in report.links)
        assert sorted(LINK_CALL.findall((maps / "overview.html").read_text())) == expected_all
        assert sorted(SVG_LINK.findall((maps / "overview.svg").read_text())) == expected_all
        for region in report.regions:
            expected = sorted(link.id for link in region.links)
            assert expected, region.slug
            assert sorted(LINK_CALL.findall((maps / f"{region.slug}.html").read_text())) == expected, region.slug
            assert sorted(SVG_LINK.findall((maps / f"{region.slug}.svg").read_text())) == expected, region.slug


def test_map_pages_fit_the_budget(written):
    _, _, result = written
    assert result.html_sizes
    for path, size in result.html_sizes.items():
        assert size <= MAX_HTML_BYTES, (path, size)


def test_only_the_tile_url_is_remote(written):
    docs, _, _ = written
    for page in docs.rglob("*.html"):
        text = page.read_text()
        for url in RESOURCE.findall(text):
            assert not re.match(r"(?:https?:)?//", url), (page.name, url)
        remote = set(re.findall(r"https?://[^\s\"'<>)\\]+", text))
        # the tile template and the links in its attribution and the popups' text only
        allowed = {SETTINGS.tiles_url, "https://www.openstreetmap.org/copyright"}
        assert remote <= allowed, (page.name, remote - allowed)
        for cdn in ("jsdelivr", "cdnjs", "code.jquery.com", "bootstrapcdn", "unpkg"):
            assert cdn not in text, (page.name, cdn)


def test_map_files_are_byte_identical_across_runs(tmp_path, report, gazetteer_real, written):
    docs, settings, _ = written
    again = tmp_path / "again"
    write_maps(report, again, settings, places=gazetteer_real, assets_dir=ROOT / 'docs' / 'assets', map_settings=SETTINGS)
    first = {p.relative_to(docs): p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second
    # Folium's ids come from os.urandom: a fresh process must write the same bytes too.
    other = tmp_path / "process"
    script = (
        "import sys; from pathlib import Path\n"
        "from generator.config import ProjectPaths, load_site_settings\n"
        "from generator.gazetteer import Gazetteer\n"
        "from generator.indicators import IndicatorCatalog\n"
        "from generator.maps import MapSettings, write_maps\n"
        "from generator.report import build_report\n"
        "from generator.store import load_articles\n"
        "root, data, out = map(Path, sys.argv[1:])\n"
        "catalog = IndicatorCatalog.load(root / 'data' / 'indicators.yaml')\n"
        "g = Gazetteer.load(root / 'data')\n"
        "report = build_report(load_articles(data, catalog.ids()).articles, catalog, g)\n"
        "write_maps(report, out, load_site_settings(ProjectPaths(root)), places=g, assets_dir=root / 'docs' / 'assets',\n"
        "           map_settings=MapSettings.from_mkdocs(root / 'mkdocs.yml'))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(ROOT), str(FIXTURES / "data"), str(other)], check=True, cwd=ROOT)
    third = {p.relative_to(other): p.read_bytes() for p in other.rglob("*") if p.is_file()}
    assert first == third


def test_svg_has_outlines_and_labels_in_the_page_language(written, report):
    docs, _, _ = written
    guizhou = report.region("guizhou")
    zh = (docs / "zh" / "report" / "maps" / "guizhou.svg").read_text()
    en = (docs / "en" / "report" / "maps" / "guizhou.svg").read_text()
    for svg in (zh, en):
        assert 'class="province" data-adcode="520000"' in svg
        assert 'class="boundaries"' in svg and re.search(r'class="boundaries"[^>]* d="M\d', svg)
    names = {p for link in guizhou.links for p in (link.donor, link.recipient)}
    for place in names:
        assert f">{place.name}</tspan>" in zh
        assert f">{place.name_en}</tspan>" in en
    assert 'lang="zh-Hans"' in zh and "帮扶方" in zh
    assert 'lang="en"' in en and "Donor" in en


def test_built_site_embeds_the_maps(tmp_path, fixture_data_dir, gazetteer_real):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("report", ".report*"))
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "indicators.yaml", tmp_path / "data" / "indicators.yaml")
    shutil.copy(ROOT / "data" / "regions.yaml", tmp_path / "data" / "regions.yaml")  # region page addresses
    shutil.copytree(fixture_data_dir / "articles", tmp_path / "data" / "articles")
    run = render_and_build(ProjectPaths(tmp_path), gazetteer=gazetteer_real)
    site = run.site.out_dir
    for prefix in ("", "en/"):
        page = site / prefix / "report" / "regions" / "guizhou" / "index.html"
        text = page.read_text()
        # The page shows the map's picture and links the interactive map (a page of its own without
        # JavaScript; docs/assets/maps/map-loader.js puts it in the picture's place). Nothing loads a map frame.
        assert "<iframe" not in text, prefix
        svg = re.search(r'<img class="report-map__static" src="([^"]+)" alt="([^"]+)"', text)
        assert svg and svg.group(2), prefix
        assert (page.parent / svg.group(1)).resolve().is_file()
        live = re.search(r'<a class="report-map__open screen-only" href="([^"]+)">', text)
        assert live and live.group(1).endswith("/report/maps/guizhou.html"), prefix
        assert (page.parent / live.group(1)).resolve().is_file()
        assert re.search(r'<script src="[^"]*assets/maps/map-loader\.js"', text), prefix
        home = site / prefix / "index.html"
        src = re.search(r'<a class="report-map__open screen-only" href="([^"]+)"', home.read_text()).group(1)
        assert (home.parent / src).resolve().is_file()
        # every local resource of every built map exists; nothing remote but tiles
        for map_page in (site / prefix / "report" / "maps").glob("*.html"):
            for url in RESOURCE.findall(map_page.read_text()):
                assert not re.match(r"(?:https?:)?//", url)
                assert (map_page.parent / url).resolve().is_file(), (map_page, url)


def test_labels_of_crowded_places_do_not_overlap():
    from generator.maps import _overlaps, place_labels

    # Ten places within a few pixels of each other (a city's districts), and one far away.
    clusters = [(600 + 20 * (i % 3), 300 + 18 * (i // 3), [f"District {i}", "Guangzhou"]) for i in range(10)]
    clusters.append((100, 100, ["Weining Yi, Hui and Miao Autonomous County"]))
    boxes = [lb.box for lb in place_labels(clusters, 800, 560)]
    assert all(not _overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(0 <= l and 0 <= t and r <= 800 and b <= 560 for l, t, r, b in boxes)
    # A label moved away from its marker is joined to it by a leader line.
    assert any(lb.leader for lb in place_labels(clusters, 800, 560))


def test_encoded_outlines_decode_to_the_same_points():
    from generator.polyline import decode, decode_nested, encode, encode_nested

    line = [[103.01, 26.5], [102.99, 26.49], [-0.01, 0.0], [179.99, -89.99], [179.99, -89.99]]
    assert decode(encode(line)) == line
    nested = [[line, line[:2]], [line[1:]]]
    assert decode_nested(encode_nested(nested)) == nested
    assert decode_nested([[1.5, 2.5]]) == [[1.5, 2.5]]  # plain coordinates pass through


def test_the_shared_province_outlines_are_encoded_and_small():
    from generator.maps import Provinces

    text = (ROOT / "docs" / "assets" / "maps" / "provinces.js").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 40_000 and '"encoding":"polyline"' in text
    provinces = Provinces.load(ROOT / "docs" / "assets")
    assert len(provinces.fills) == 34 and provinces.boundaries
    lon, lat = provinces.fills["520000"][0][0][0]
    assert 103 < lon < 110 and 24 < lat < 30  # Guizhou's outline is where Guizhou is


def test_a_label_keeps_clear_of_the_line_arriving_at_its_place():
    """A line coming from the east ends beside a recipient: its name goes where no line strikes it through
    (it used to sit on the right, crossed by the line that reaches it)."""
    from generator.maps import _segment_meets_box, place_labels

    arriving = [(700.0, 200.0), (500.0, 203.0), (300.0, 204.0), (208.0, 204.0)]  # ends 8 px east of (200, 204)
    label = place_labels([(200.0, 204.0, ["Yanjin County"])], 800, 400, [arriving])[0]
    segments = [(*a, *b) for a, b in zip(arriving, arriving[1:])]
    assert not any(_segment_meets_box(s, label.box) for s in segments), label
    # With no line there, the label sits where it always did: to the right of its marker.
    alone = place_labels([(200.0, 204.0, ["Yanjin County"])], 800, 400)[0]
    assert alone.anchor == "start" and alone.box[0] > 200


def test_relative_path_data_draws_the_same_points():
    """The SVG maps' outlines are written as relative steps; read back, they are the points given."""
    from generator.maps import _relative_path

    points = [(138, 147), (146, 146), (146, 149), (144, 151), (9, -3), (10, 0)]
    d = _relative_path(points)
    assert d == "M138 147l8-1 0 3-2 2-135-154 1 3"
    head, steps = d[1:].split("l")
    x, y = map(int, head.split())
    numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
    drawn = [(x, y)]
    for dx, dy in zip(numbers[::2], numbers[1::2]):
        x, y = x + dx, y + dy
        drawn.append((x, y))
    assert drawn == points


@pytest.mark.skipif(usable_cores() < 2, reason="with one core the maps are drawn in the build's own process")
def test_the_build_process_itself_never_loads_folium(tmp_path):
    """The maps are drawn in a child beside render; what it sends back must not make the parent
    import generator.maps (and Folium with it, ~0.4 s on the build's critical path)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from projects import make_project\n"
        "from generator.config import load_site_settings\n"
        "from generator.pipeline import generate_docs\n"
        f"paths = make_project(Path({str(tmp_path)!r}), Path({str(ROOT / 'tests' / 'fixtures' / 'data')!r}))\n"
        "from generator.gazetteer import Gazetteer\n"
        f"generate_docs(paths, load_site_settings(paths), gazetteer=Gazetteer.load(Path({str(ROOT / 'data')!r})))\n"
        "maps = sorted(p.name for p in (paths.docs / 'en' / 'report' / 'maps').iterdir())\n"
        "print('overview.svg' in maps, 'folium' in sys.modules, 'generator.maps' in sys.modules)\n"
    )
    env = {"PYTHONPATH": f"{ROOT}{__import__('os').pathsep}{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "False", "False"]
