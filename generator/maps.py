"""Report -> maps of donor -> recipient links: a Folium (Leaflet) map and a static SVG per page.

For each language: docs/<lang>/report/maps/overview.{html,svg} (every link, for the home
page) and docs/<lang>/report/maps/<region slug>.{html,svg} (that region's links). Each HTML
file is a small self-contained Leaflet page shown in a lazy-loading iframe; the SVG is what
prints and what readers without JavaScript see (see generator/templates/partials/map.md.j2).

* No CDN: every script and stylesheet comes from docs/assets/ (vendored at pinned versions by
  scripts/vendor_assets.py); Folium's default jsDelivr/cdnjs/jQuery/Bootstrap links are replaced.
  The one remote resource is the tile layer, set in mkdocs.yml `extra.report.map.tiles`.
* Province fills and the boundaries *between* provinces come from docs/assets/maps/provinces.js
  (Natural Earth, simplified), loaded by every map and drawn under the links, so the map stays
  readable when tiles fail. No national boundary line is drawn.
* Stable output: Folium gives every element a random id; `stabilize_ids` replaces them with
  ids derived from the map's key and the element's position, so two builds are byte-identical.
* One class per map element (Folium's design): ProvinceLayer, LinkArrow, PlaceMarker, Legend.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence

from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template
from markupsafe import Markup

from .buildstate import input_key
from .config import Language, SiteSettings, read_mkdocs_yml
from .folium_import import folium  # noqa: I001  (folium without pandas: see folium_import.py)
from .i18n import LOCALE_DIR, N_, Localizer
from .io import write_atomic
from .parallel import fork_map
from .polyline import decode_nested
from .render import (
    link_pages,  # regions with many pairings hold them on sub-pages
)
from .report import Link, PlaceInfo, Region, Report

MAX_HTML_BYTES = 30_000  # budget of one map page (shared assets apart); tests/test_maps.py checks it
MAPS_DIR = "report/maps"  # under docs/<lang>/; the folder render_docs replaces whole, so maps go after it
OVERVIEW = "overview"
PROVINCES_JS = "maps/provinces.js"  # relative to docs/assets/
DEFAULT_TILES: dict[str, Any] = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    "max_zoom": 12,
}
DONOR_COLOUR, RECIPIENT_COLOUR, LINK_COLOUR = "#c05a00", "#00796b", "#37474f"
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')

# Interface strings (translated through generator/locale/, see its README).
T_DONOR = N_("Donor (gives aid)")
T_RECIPIENT = N_("Recipient (receives aid)")
T_ARROW = N_("Pairing: arrow points from donor to recipient")
T_REGION_PAGE = N_("Page of %(name)s")
T_TITLE_REGION = N_("Map of donor–recipient pairings: %(name)s")
T_TITLE_ALL = N_("Map of all donor–recipient pairings")
T_OUTLINES = N_("Province outlines: Natural Earth")


class CoordinateLookup(Protocol):
    """What the maps need from generator.gazetteer.Gazetteer: WGS-84 coordinates by adcode."""

    def get(self, adcode: str): ...  # -> Place | None (with .lat, .lon)


# ------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class MapSettings:
    """mkdocs.yml `extra.report.map`: the tile layer (the only remote resource) and page URL style."""

    tiles_url: str = DEFAULT_TILES["url"]
    attribution: str = DEFAULT_TILES["attribution"]
    max_zoom: int = DEFAULT_TILES["max_zoom"]
    directory_urls: bool = True  # mkdocs use_directory_urls: region pages live at regions/<slug>/

    @classmethod
    def from_mkdocs(cls, mkdocs_yml: Path) -> "MapSettings":
        raw = read_mkdocs_yml(mkdocs_yml)
        tiles = (((raw.get("extra") or {}).get("report") or {}).get("map") or {}).get("tiles") or {}
        return cls(
            tiles_url=tiles.get("url") or DEFAULT_TILES["url"],
            attribution=tiles.get("attribution") or DEFAULT_TILES["attribution"],
            max_zoom=int(tiles.get("max_zoom") or DEFAULT_TILES["max_zoom"]),
            directory_urls=bool(raw.get("use_directory_urls", True)),
        )


@dataclass
class MapsResult:
    """What write_maps wrote: every file, and the largest map HTML (the 30 KB budget)."""

    files: list[Path] = field(default_factory=list)
    reused: int = 0  # map pages (HTML + SVG) whose inputs were unchanged: left as they were
    html_sizes: dict[str, int] = field(default_factory=dict)  # path relative to docs/ -> bytes

    @property
    def largest(self) -> int:
        return max(self.html_sizes.values(), default=0)


# ------------------------------------------------------------------------------ provinces


@dataclass(frozen=True)
class Provinces:
    """Province fills (adcode -> polygons) and inter-provincial boundary lines, [lon, lat] pairs."""

    fills: dict[str, list]
    boundaries: list
    # The province layer of a static map, by its view: a region's maps in every language share it.
    drawn: dict[tuple, list[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, assets_dir: Path) -> "Provinces":
        text = (Path(assets_dir) / PROVINCES_JS).read_text(encoding="utf-8")
        data = json.loads(text[text.index("{"): text.rindex("}") + 1])
        fills, boundaries = {}, []
        for feature in data["features"]:  # each line of points is an encoded string (generator/polyline.py)
            coordinates = decode_nested(feature["geometry"]["coordinates"], data.get("digits", 2))
            if feature["properties"].get("boundary"):
                boundaries = coordinates
            else:
                fills[feature["properties"]["adcode"]] = coordinates
        return cls(fills, boundaries)


# ------------------------------------------------------------------------------ geometry


def _xy(lat: float, lon: float, lat0: float) -> tuple[float, float]:
    return lon * math.cos(math.radians(lat0)), lat


def curve(a: tuple[float, float], b: tuple[float, float], steps: int = 10, bend: float = 0.18) -> list[tuple[float, float]]:
    """(lat, lon) points of a quadratic Bézier from a to b, bent to the left of the direction of travel."""
    lat0 = (a[0] + b[0]) / 2
    k = math.cos(math.radians(lat0))
    (x1, y1), (x2, y2) = _xy(*a, lat0), _xy(*b, lat0)
    cx, cy = (x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend
    out = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t * t * x2
        y = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t * t * y2
        out.append((y, x / k))
    return out


def arrowhead(points: Sequence[tuple[float, float]], size: float) -> list[tuple[float, float]]:
    """A chevron (left, tip, right) at the end of `points`, `size` degrees long, pointing along the line."""
    (la, oa), (lb, ob) = points[-2], points[-1]
    k = math.cos(math.radians(lb))
    dx, dy = (ob - oa) * k, lb - la
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    back_x, back_y = -ux * size, -uy * size
    side_x, side_y = -uy * size * 0.55, ux * size * 0.55
    left = (lb + back_y + side_y, ob + (back_x + side_x) / k)
    right = (lb + back_y - side_y, ob + (back_x - side_x) / k)
    return [left, (lb, ob), right]


def _length(a: tuple[float, float], b: tuple[float, float]) -> float:
    k = math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot((b[1] - a[1]) * k, b[0] - a[0])


def _r(value: float, digits: int = 3) -> float:
    return round(value, digits)  # 0.001 degree is ~100 m: finer than a marker


def js(value) -> str:
    """JSON for a <script>: compact, non-ASCII kept as is (Chinese would triple in size as \\u escapes),
    and "</" / "<!--" escaped so no data can close or confuse the script element.

    Braces inside strings become \\u007b / \\u007d: branca renders each element's script output
    *again* as a Jinja template, so a quote holding "{{ 7*7 }}" or "{% raw %}" would otherwise be
    executed (or break the build) when the map page is rendered.
    """
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")
    elif isinstance(value, (list, tuple)):
        text = "[" + ",".join(js(item) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ",".join(f"{js(str(k))}:{js(v)}" for k, v in value.items()) + "}"
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("</", "<\\/"), ("<!--", "<\\!--"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# ------------------------------------------------------------------------------ map content


@dataclass(frozen=True)
class MapPlace:
    """One end of one or more links, with its coordinates and role on this map."""

    info: PlaceInfo
    lat: float
    lon: float
    role: str  # "donor" | "recipient" (a place that is both is drawn as a donor)


@dataclass(frozen=True)
class MapLink:
    link: Link
    donor: MapPlace
    recipient: MapPlace


class MapText:
    """Labels and popups for one language: place names, headline figures, region page URLs."""

    def __init__(self, report: Report, language: Language, fmt: Localizer, directory_urls: bool = True):
        self.report, self.language, self.fmt = report, language, fmt
        self.directory_urls = directory_urls
        self.region_of = {r.place.adcode: r for r in report.regions}
        self._link_pages: dict | None = None

    def tr(self, message: str, **values) -> str:
        text = self.fmt.gettext(message)
        return text % values if values else text

    def name(self, place: PlaceInfo) -> str:
        return place.label(self.language.text_languages)

    def link_label(self, link: Link) -> str:
        return f"{self.name(link.donor)} → {self.name(link.recipient)}"

    def region_url(self, region: Region, anchor: str = "") -> str:
        """URL of a region page from a map file in report/maps/ (a static file: no directory URL)."""
        if self._link_pages is None:
            self._link_pages = link_pages(self.report)
        sub = self._link_pages.get((region.slug, anchor)) if anchor else None
        stem = sub[len("report/regions/"):-len(".md")] if sub else region.slug
        page = f"../regions/{stem}/" if self.directory_urls else f"../regions/{stem}.html"
        return page + (f"#{anchor}" if anchor else "")

    def headline_figures(self, link: Link, limit: int = 3) -> list[str]:
        catalog = self.report.catalog
        inputs = link.inputs
        order = {ind: n for n, ind in enumerate(catalog.ids())}
        chosen = sorted(
            inputs,
            key=lambda sf: (not (sf.figure.indicator in catalog and catalog[sf.figure.indicator].headline),
                            not sf.reviewed, order.get(sf.figure.indicator, 999)),
        )
        lines = []
        for sf in chosen[:limit]:
            f = sf.figure
            label = catalog[f.indicator].label(self.language.text_languages) if f.indicator in catalog else f.indicator
            lines.append(f"{label}: {self.fmt.with_period(self.fmt.full_value(f), f.period)}")
        return lines

    def popup(self, link: Link, detail: bool = True) -> str:
        e = html.escape
        parts = [f"<b>{e(self.link_label(link))}</b>"]
        figures = self.headline_figures(link) if detail else []
        if figures:
            parts.append("<br>".join(e(line) for line in figures))
        n = len(link.figures)
        parts.append(e(self.fmt.ngettext("%(count)s figure", "%(count)s figures", n) % {"count": self.fmt.number(n)}))
        pages = []
        for place in (link.recipient, link.donor):
            region = self.region_of.get(place.province)
            if region is not None and region not in pages:
                pages.append(region)
        links = [
            f'<a href="{e(self.region_url(r, "" if link.id.startswith(AGGREGATE_PREFIX) else link.id))}" target="_top">{e(self.tr(T_REGION_PAGE, name=self.name(r.place)))}</a>'
            for r in pages
        ]
        if links:
            parts.append(" · ".join(links))
        return "<br>".join(parts)


# A map with more links than this draws one arrow per pair of cities (prefectures), and if that is
# still too many, per pair of provinces: at 1,000 articles a province has ~500 county-level links,
# a 2 MB map page and a minute of Folium per build (BENCHMARKS.md). The pages list every link.
MAX_MAP_LINKS = 60
AGGREGATE_PREFIX = "agg-"


def _coarser(info: PlaceInfo, level: str, coords: CoordinateLookup) -> PlaceInfo:
    code = info.province if level == "province" else (info.adcode[:4] + "00")
    if code == info.adcode:
        return info
    place = coords.get(code)
    if place is None or not getattr(place, "name", None):
        return info if level == "province" else _coarser(info, "province", coords)
    return PlaceInfo(adcode=code, name=place.name, name_en=getattr(place, "name_en", "") or place.name,
                     level=getattr(place, "level", level), province=info.province)


def aggregate_links(links: Sequence[Link], coords: CoordinateLookup, limit: int = MAX_MAP_LINKS) -> list[Link]:
    """The links as they are, or merged per city pair / province pair when there are more than `limit`."""
    links = list(links)
    if len(links) <= limit:
        return links
    for level in ("prefecture", "province"):
        merged: dict[tuple[str, str], Link] = {}
        for link in links:
            donor, recipient = _coarser(link.donor, level, coords), _coarser(link.recipient, level, coords)
            key = (donor.adcode, recipient.adcode)
            if key not in merged:
                merged[key] = Link(id=f"{AGGREGATE_PREFIX}{key[0]}-{key[1]}", donor=donor, recipient=recipient)
            merged[key].mentions.extend(link.mentions)
            merged[key].figures.extend(link.figures)
        out = [merged[k] for k in sorted(merged)]
        if len(out) <= limit:
            return out
    return out


def map_links(links: Iterable[Link], coords: CoordinateLookup) -> list[MapLink]:
    """Links whose two ends have coordinates (the stub gazetteer of the tests gives 0, 0: left out)."""
    out = []
    for link in links:
        ends = []
        for info, role in ((link.donor, "donor"), (link.recipient, "recipient")):
            place = coords.get(info.adcode)
            if place is None or (not place.lat and not place.lon):
                break
            ends.append(MapPlace(info, float(place.lat), float(place.lon), role))
        if len(ends) == 2:
            out.append(MapLink(link, ends[0], ends[1]))
    return out


def map_places(links: Sequence[MapLink]) -> list[MapPlace]:
    """Each place once; a place that gives on one link and receives on another is shown as a donor."""
    places: dict[str, MapPlace] = {}
    for ml in links:
        for place in (ml.donor, ml.recipient):
            if place.info.adcode not in places or place.role == "donor":
                places[place.info.adcode] = place
    return [places[code] for code in sorted(places)]


def bounds(links: Sequence[MapLink]) -> list[list[float]]:
    lats = [p.lat for ml in links for p in (ml.donor, ml.recipient)]
    lons = [p.lon for ml in links for p in (ml.donor, ml.recipient)]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def link_geometry(ml: MapLink) -> list[list[tuple[float, float]]]:
    """The curve and its arrowhead, as one multi-polyline. The chevron sits a little before the
    recipient so the recipient's marker does not hide it."""
    a, b = (ml.donor.lat, ml.donor.lon), (ml.recipient.lat, ml.recipient.lon)
    line = curve(a, b, steps=20)
    tip = line[: len(line) - 1]  # 95 % of the way
    size = min(max(_length(a, b) * 0.06, 0.05), 0.4)
    return [line[::2], arrowhead(tip, size)]


# ------------------------------------------------------------------------------ elements


class MapDocument(Figure):
    """The map's HTML page: a Figure with <html lang> and <title> (Folium's has neither)."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}">\n<head>\n<meta charset="utf-8">\n<title>{{ this.title|e }}</title>\n'
        "{{ this.header.render(**kwargs) }}\n</head>\n<body>\n{{ this.html.render(**kwargs) }}\n</body>\n"
        "<script>\n{{ this.script.render(**kwargs) }}\n</script>\n</html>\n"
    )

    def __init__(self, lang: str, title: str):
        super().__init__(height="100%")
        self._name = "Figure"
        self.lang, self.title = lang, title


class ReportMap(folium.Map):
    """folium.Map with every script and stylesheet served by the site (no CDN, no jQuery/Bootstrap)."""

    def __init__(self, assets: str, **kwargs):
        super().__init__(location=None, tiles=None, zoom_start=4, **kwargs)
        self.default_js = [("leaflet", f"{assets}vendor/leaflet/leaflet.js")]
        self.default_css = [("leaflet_css", f"{assets}vendor/leaflet/leaflet.css"),
                            ("report_map_css", f"{assets}maps/report-map.css")]


class _Rendered(Element):
    """A macro's output, put on the page as it is.

    branca puts it there as Element(output), which compiles the output as a Jinja template and renders
    it again: a compile for every link and place, a third of the maps stage's time. The text is the
    same (less the one trailing newline Jinja drops), so the pages are byte for byte the same.
    """

    def __init__(self, text: str):
        super().__init__()
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs) -> str:
        return self.text


def _render_macros(element: MacroElement, kwargs: dict) -> None:
    """MacroElement.render with _Rendered: the element's header, html and script macros, then its children."""
    figure = element.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    module = element._template.module
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = module.__dict__.get(part)
        if macro is not None:
            target.add_child(_Rendered(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class _Helpers(folium.elements.JSCSSMixin):
    """Elements drawn by assets/maps/report-map.js (loaded once per map, whatever uses it)."""

    def __init__(self, assets: str):
        super().__init__()
        self.default_js = [("report_map", f"{assets}maps/report-map.js")]

    def render(self, **kwargs):
        """JSCSSMixin.render: the scripts and stylesheets it needs, then its macros (see _Rendered)."""
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        _render_macros(self, kwargs)


class ProvinceLayer(_Helpers):
    """Province fills and inter-provincial boundaries from the shared provinces.js, under the links."""

    _template = Template("""
{% macro script(this, kwargs) %}
ReportMap.provinces({{ this._parent.get_name() }},{{ this.attribution }});
{% endmacro %}""")

    def __init__(self, assets: str, attribution: str):
        super().__init__(assets)
        self._name = "ProvinceLayer"
        self.attribution = js(attribution)
        self.default_js = [("provinces", f"{assets}{PROVINCES_JS}")] + self.default_js


class LinkArrow(_Helpers):
    """One donor -> recipient link: a curve with a chevron at the recipient end, tooltip and popup."""

    _template = Template("""
{% macro script(this, kwargs) %}
ReportMap.link({{ this._parent.get_name() }},{{ this.link_id }},{{ this.coords }},{{ this.tooltip }},{{ this.popup }});
{% endmacro %}""")

    def __init__(self, ml: MapLink, text: MapText, assets: str, detail: bool = True):
        super().__init__(assets)
        self._name = "LinkArrow"
        curve_points, head = link_geometry(ml)
        # The curve at 0.01 degree (~1 km, sub-pixel at the zooms a link is seen whole), the ends and arrowhead finer.
        coarse = [[_r(lat, 2), _r(lon, 2)] for lat, lon in curve_points[1:-1]]
        ends = [[_r(curve_points[0][0]), _r(curve_points[0][1])]], [[_r(curve_points[-1][0]), _r(curve_points[-1][1])]]
        self.link_id = js(ml.link.id)
        self.coords = js([ends[0] + coarse + ends[1], [[_r(lat), _r(lon)] for lat, lon in head]])
        self.tooltip = js(text.link_label(ml.link))
        self.popup = js(text.popup(ml.link, detail))


class PlaceMarker(_Helpers):
    """A donor (square) or recipient (circle) place: a CSS-styled div icon with a tooltip."""

    _template = Template("""
{% macro script(this, kwargs) %}
ReportMap.place({{ this._parent.get_name() }},{{ this.lat }},{{ this.lon }},"{{ this.role }}",{{ this.label }},{{ this.name }});
{% endmacro %}""")

    def __init__(self, place: MapPlace, text: MapText, assets: str):
        super().__init__(assets)
        self._name = "PlaceMarker"
        self.lat, self.lon, self.role = _r(place.lat), _r(place.lon), place.role
        role = text.tr(T_DONOR if place.role == "donor" else T_RECIPIENT)
        self.label = js(f"{text.name(place.info)} · {role}")
        self.name = js(text.name(place.info))  # the permanent label beside the marker


class LabelLayout(_Helpers):
    """Places the markers' name labels so none overlaps another or a marker, thinning where crowded:
    recipients first, each tried right, left, above and below; re-run on every zoom (report-map.js)."""

    _template = Template("""
{% macro script(this, kwargs) %}
ReportMap.declutter({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, assets: str):
        super().__init__(assets)
        self._name = "LabelLayout"


class Legend(MacroElement):
    """The key to the symbols: an HTML band under the map, never over it (styled in report-map.css)."""

    _template = Template("""
{% macro html(this, kwargs) %}
<div class="report-legend" role="note">
<span><i class="report-place report-donor"></i>{{ this.donor|e }}</span>
<span><i class="report-place report-recipient"></i>{{ this.recipient|e }}</span>
<span><i class="report-arrow">→</i>{{ this.arrow|e }}</span>
</div>
{% endmacro %}""")

    def __init__(self, text: MapText):
        super().__init__()
        self._name = "Legend"
        self.donor, self.recipient, self.arrow = (_html_text(text.tr(m)) for m in (T_DONOR, T_RECIPIENT, T_ARROW))

    def render(self, **kwargs):
        _render_macros(self, kwargs)


def _html_text(value: str) -> Markup:
    """HTML-escaped text with braces as entities: branca renders a macro's output again as a Jinja template."""
    return Markup(html.escape(value).replace("{", "&#123;").replace("}", "&#125;"))



def stabilize_ids(root: Element, seed: str) -> None:
    """Replace Folium's random element ids by ids derived from `seed` and the element's place in the tree."""

    def visit(element: Element, path: str) -> None:
        element._id = hashlib.sha1(f"{seed}/{path}".encode()).hexdigest()[:12]
        children = list(element._children.values())
        element._children.clear()
        for n, child in enumerate(children):
            visit(child, f"{path}/{n}:{type(child).__name__}")
            element._children[child.get_name()] = child

    visit(root, "root")


def build_map(links: Sequence[MapLink], text: MapText, settings: MapSettings, *, title: str, seed: str,
              assets: str = "../../assets/", detail: bool = True) -> MapDocument:
    """One Leaflet page: tiles, provinces, every link, every place, a legend, fitted to the links."""
    doc = MapDocument(text.language.html_lang, title)
    fmap = ReportMap(assets)
    doc.add_child(fmap)
    folium.TileLayer(tiles=settings.tiles_url, attr=settings.attribution, max_zoom=settings.max_zoom,
                     name="tiles").add_to(fmap)
    ProvinceLayer(assets, text.tr(T_OUTLINES)).add_to(fmap)
    for ml in links:
        LinkArrow(ml, text, assets, detail).add_to(fmap)
    for place in map_places(links):
        PlaceMarker(place, text, assets).add_to(fmap)
    Legend(text).add_to(fmap)
    if links:
        fit = folium.FitBounds(bounds(links), padding=(30, 30), max_zoom=8)
        # Not animated: the map opens at its fitted view at once, so the labels are laid out for the view a
        # reader sees (an animated zoom from the initial view left them laid out mid-animation until zoomend).
        fit.options["animate"] = False
        fit.add_to(fmap)
    LabelLayout(assets).add_to(fmap)  # after the view is fitted: labels are laid out for it
    stabilize_ids(doc, seed)
    return doc


# ------------------------------------------------------------------------------ static SVG


class SvgProjection:
    """Equirectangular, scaled by cos(mid-latitude), fitted to a box of lat/lon bounds."""

    def __init__(self, south: float, west: float, north: float, east: float, width: int = 800, max_height: int = 620):
        self.k = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * self.k, north - south
        self.scale = min(width / span_x, max_height / span_y)
        self.west, self.north = west, north
        self.width, self.height = width, int(math.ceil(span_y * self.scale))

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return round((lon - self.west) * self.k * self.scale, 1), round((self.north - lat) * self.scale, 1)


def _view(links: Sequence[MapLink]) -> tuple[float, float, float, float]:
    (s, w), (n, e) = bounds(links) if links else ([20.0, 100.0], [35.0, 120.0])
    pad_y, pad_x = max((n - s) * 0.18, 1.2), max((e - w) * 0.12, 1.5)
    return s - pad_y, w - pad_x, n + pad_y, e + pad_x


def simplify(points: Sequence[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: drop points closer than `tol` to the line through the points kept."""
    if len(points) < 3:
        return list(points)
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        norm = math.hypot(x2 - x1, y2 - y1)
        best, index = 0.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs((y2 - y1) * (px - x1) - (x2 - x1) * (py - y1)) / norm if norm else math.hypot(px - x1, py - y1)
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep.add(index)
            stack += [(a, index), (index, b)]
    return [points[i] for i in sorted(keep)]


def _path(rings: Iterable[Sequence[Sequence[float]]], proj: SvgProjection, close: bool, tol: float = 1.0) -> str:
    """SVG path data in whole pixels, simplified to the print scale (rings smaller than 2 px dropped)."""
    out = []
    for ring in rings:
        pts = simplify([proj(lat, lon) for lon, lat in ring], tol)
        pts = [(round(x), round(y)) for x, y in pts]
        pts = [p for n, p in enumerate(pts) if n == 0 or p != pts[n - 1]]
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        if len(pts) < 2 or (close and (len(pts) < 3 or max(xs) - min(xs) + max(ys) - min(ys) < 2)):
            continue
        out.append(_relative_path(pts) + ("Z" if close else ""))
    return "".join(out)


def _relative_path(pts: Sequence[tuple[float, float]]) -> str:
    """`M x y l dx dy …`: whole-pixel steps written relative to the point before, a minus sign doing a
    space's work. The province outlines are most of a map picture's bytes; this is 40% fewer of them."""
    (x0, y0), rest = pts[0], pts[1:]
    numbers = []
    px, py = x0, y0
    for x, y in rest:
        numbers += [x - px, y - py]
        px, py = x, y
    text = "".join(f"{n}" if n < 0 or not k else f" {n}" for k, n in enumerate(numbers))
    return f"M{x0} {y0}" + (f"l{text}" if rest else "")


def _inside(coords: Iterable[Sequence[float]], view: tuple[float, float, float, float]) -> bool:
    s, w, n, e = view
    return any(s <= lat <= n and w <= lon <= e for lon, lat in coords)


def _label_clusters(places: Sequence[MapPlace], proj: SvgProjection, radius: float = 16) -> list[tuple[float, float, list[MapPlace]]]:
    clusters: list[tuple[float, float, list[MapPlace]]] = []
    for place in sorted(places, key=lambda p: (p.info.level or "", p.info.adcode)):
        x, y = proj(place.lat, place.lon)
        for cx, cy, members in clusters:
            if math.hypot(cx - x, cy - y) < radius:
                members.append(place)
                break
        else:
            clusters.append((x, y, [place]))
    return clusters


LABEL_LINE = 14  # px between the lines of a stacked label (font-size 12)


@dataclass(frozen=True)
class LabelBox:
    """Where a cluster's label is drawn: the anchor point of its first line, and its box."""

    x: float  # text x (start or end, per anchor)
    y: float  # baseline of the first line
    anchor: str  # "start" | "end"
    box: tuple[float, float, float, float]  # left, top, right, bottom
    leader: tuple[float, float] | None = None  # marker point a line is drawn from, when moved away


def _text_width(text: str, size: float = 12) -> float:
    """Estimated width of a label: CJK glyphs are square, Latin ones about half as wide."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.56 for ch in text)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _SegmentGrid:
    """The links' straight pieces, bucketed by a coarse grid, so that asking whether a label's box is
    crossed by a line looks at the few pieces near it (hundreds of links at 1,000 articles)."""

    CELL = 24.0

    def __init__(self, lines: Sequence[Sequence[tuple[float, float]]]):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        for points in lines:
            for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
                segment = (x1, y1, x2, y2)
                for cell in self._cells(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)):
                    self.cells.setdefault(cell, []).append(segment)

    def _cells(self, left: float, top: float, right: float, bottom: float):
        c = self.CELL
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                yield i, j

    def crossings(self, box: tuple[float, float, float, float]) -> int:
        """How many pieces of line pass through the box."""
        seen = set()
        for cell in self._cells(*box):
            for segment in self.cells.get(cell, ()):
                if segment not in seen and _segment_meets_box(segment, box):
                    seen.add(segment)
        return len(seen)


def _segment_meets_box(segment: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    """Liang–Barsky clipping: does the segment pass through the rectangle?"""
    x1, y1, x2, y2 = segment
    left, top, right, bottom = box
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def place_labels(clusters: Sequence[tuple[float, float, Sequence[str]]], width: float, height: float,
                 lines: Sequence[Sequence[tuple[float, float]]] = ()) -> list[LabelBox]:
    """A position for each cluster's label (its lines stacked) that overlaps no other label
    and no marker, inside the map, and is crossed by as few of the map's lines as can be: beside
    the marker, right or left, then above or below, then moved further away with a leader line.
    Crowded clusters (Guangzhou's districts) would otherwise print on top of each other, and a
    line arriving at its place would strike its name through. Greedy, in the given order."""
    markers = [(x - 6, y - 6, x + 6, y + 6) for x, y, _ in clusters]
    grid = _SegmentGrid(lines)
    placed: list[tuple[float, float, float, float]] = []
    out: list[LabelBox] = []
    for x, y, lines_of_text in clusters:
        tw = max((_text_width(t) for t in lines_of_text), default=0)
        th = LABEL_LINE * len(lines_of_text)

        def box_at(tx: float, base: float, anchor: str, tw: float = tw, th: float = th) -> tuple[float, float, float, float]:
            left = tx if anchor == "start" else tx - tw
            return (left, base - 11, left + tw, base - 11 + th)

        prefer_left = x > width * 0.7
        sides = [("end", -9), ("start", 9)] if prefer_left else [("start", 9), ("end", -9)]
        candidates: list[tuple[float, float, str, tuple[float, float] | None]] = [
            (x + dx, y + 4, anchor, None) for anchor, dx in sides]
        candidates += [(x + (dx // 3), y - 10 - th + 11, anchor, None) for anchor, dx in sides]  # above
        candidates += [(x + (dx // 3), y + 20, anchor, None) for anchor, dx in sides]  # below
        for step in range(1, 12):  # further away, joined to the marker by a leader line
            for sign in (1, -1):
                for anchor, dx in sides:
                    candidates.append((x + dx * 2.5, y + 4 + sign * step * LABEL_LINE, anchor, (x, y)))
        own = (x - 6, y - 6, x + 6, y + 6)
        chosen, fewest = None, None
        for tx, base, anchor, leader in candidates:
            box = box_at(tx, base, anchor)
            if box[0] < 2 or box[1] < 2 or box[2] > width - 2 or box[3] > height - 2:
                continue
            if any(_overlaps(box, b) for b in placed) or any(_overlaps(box, m) for m in markers if m != own):
                continue
            crossed = grid.crossings(box)
            if fewest is None or crossed < fewest:
                chosen, fewest = LabelBox(tx, base, anchor, box, leader), crossed
            if crossed == 0:
                break
        if chosen is None:  # nowhere free: beside the marker, as before
            anchor, dx = sides[0]
            chosen = LabelBox(x + dx, y + 4, anchor, box_at(x + dx, y + 4, anchor))
        placed.append(chosen.box)
        out.append(chosen)
    return out


def _trim(points: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Stop the line `gap` px before its end, so the arrowhead shows beside the recipient's marker."""
    end = points[-1]
    while len(points) > 2 and math.dist(points[-2], end) < gap:
        points = points[:-1]
    (x1, y1), (x2, y2) = points[-2], end
    d = math.dist((x1, y1), (x2, y2))
    if d <= gap:
        return points
    t = (d - gap) / d
    return points[:-1] + [(round(x1 + (x2 - x1) * t, 1), round(y1 + (y2 - y1) * t, 1))]


def _province_layer(provinces: Provinces, view: tuple[float, float, float, float], proj: SvgProjection) -> list[str]:
    """The province fills and boundaries of a static map with this view (drawn once per view)."""
    if view not in provinces.drawn:
        out = []
        for code, polygons in sorted(provinces.fills.items()):
            if any(_inside(ring, view) for polygon in polygons for ring in polygon):
                d = "".join(_path(polygon, proj, True) for polygon in polygons)
                out.append(f'<path class="province" data-adcode="{code}" d="{d}"/>')
        out.append("</g>")
        lines = [line for line in provinces.boundaries if _inside(line, view)]
        out.append(f'<path class="boundaries" fill="none" stroke="#9e9e9e" stroke-width="0.8" d="{_path(lines, proj, False)}"/>')
        provinces.drawn[view] = out
    return provinces.drawn[view]


def svg_map(links: Sequence[MapLink], text: MapText, provinces: Provinces, *, title: str) -> str:
    """A print/no-JavaScript map: province fills and boundaries, the links with arrows, labelled places."""
    e = html.escape
    view = _view(links)
    proj = SvgProjection(*view)
    w, h = proj.width, proj.height
    # The legend has a band of its own under the map: drawn over the map, it hid places in its corner.
    band = 62
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h + band}" width="{w}" height="{h + band}" '
        f'role="img" aria-labelledby="t" lang="{e(text.language.html_lang)}" font-family=\'{FONT_STACK}\'>',
        f'<title id="t">{e(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{LINK_COLOUR}"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#f7f9fb"/>',
        '<g class="provinces" fill="#e9e4d8" stroke="none">',
    ]
    out += _province_layer(provinces, view, proj)
    out.append(f'<g class="links" fill="none" stroke="{LINK_COLOUR}" stroke-width="2" stroke-opacity="0.85">')
    drawn_lines = []
    for ml in links:
        points = _trim([proj(lat, lon) for lat, lon in curve((ml.donor.lat, ml.donor.lon), (ml.recipient.lat, ml.recipient.lon))], 8)
        drawn_lines.append(points)
        d = "M" + " ".join(f"{round(x, 1):g},{round(y, 1):g}" for x, y in points)  # a tenth of a pixel
        out.append(f'<path class="link" data-link="{e(ml.link.id)}" d="{d}" marker-end="url(#arrow)">'
                   f"<title>{e(text.link_label(ml.link))}</title></path>")
    out.append("</g>")
    places = map_places(links)
    out.append('<g class="places" stroke="#fff" stroke-width="1.5">')
    for place in places:
        x, y = proj(place.lat, place.lon)
        if place.role == "donor":
            out.append(f'<rect class="donor" x="{x - 5:g}" y="{y - 5:g}" width="10" height="10" fill="{DONOR_COLOUR}"/>')
        else:
            out.append(f'<circle class="recipient" cx="{x:g}" cy="{y:g}" r="5.5" fill="{RECIPIENT_COLOUR}"/>')
    out.append("</g>")
    # Labels with a white halo: the halo is its own layer under the text (not paint-order="stroke",
    # which WeasyPrint's SVG renderer ignores: the PDF handouts would print white labels).
    labels, leaders = [], []
    clusters = _label_clusters(places, proj)
    names = [(x, y, [text.name(p.info) for p in members]) for x, y, members in clusters]
    for lb, (_, _, lines) in zip(place_labels(names, w, h, drawn_lines), names, strict=False):
        spans = "".join(
            f'<tspan x="{lb.x:g}" dy="{0 if n == 0 else LABEL_LINE}">{e(line)}</tspan>' for n, line in enumerate(lines)
        )
        labels.append(f'<text class="label" x="{lb.x:g}" y="{lb.y:g}" text-anchor="{lb.anchor}">{spans}</text>')
        if lb.leader:
            lx = lb.box[0] if lb.anchor == "start" else lb.box[2]
            leaders.append(f'<path d="M{lb.leader[0]:g},{lb.leader[1]:g}L{lx:g},{lb.y - 4:g}"/>')
    if leaders:
        out.append('<g class="label-leaders" stroke="#757575" stroke-width="0.8" fill="none">')
        out.extend(leaders)
        out.append("</g>")
    out.append('<g class="labels-halo" font-size="12" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round" aria-hidden="true">')
    out.extend(labels)
    out.append("</g>")
    out.append('<g class="labels" font-size="12" fill="#212121">')
    out.extend(labels)
    out.append("</g>")
    ly = h + 6
    out.append(f'<rect class="legend-band" y="{h}" width="{w}" height="{band}" fill="#fff"/>')
    out.append(
        f'<g class="legend" font-size="12" fill="#212121"><rect x="8" y="{ly}" width="330" height="50" fill="#fff" stroke="#bbb"/>'
        f'<rect x="16" y="{ly + 8}" width="10" height="10" fill="{DONOR_COLOUR}"/><text x="32" y="{ly + 17}">{e(text.tr(T_DONOR))}</text>'
        f'<circle cx="176" cy="{ly + 13}" r="5.5" fill="{RECIPIENT_COLOUR}"/><text x="188" y="{ly + 17}">{e(text.tr(T_RECIPIENT))}</text>'
        f'<path d="M14,{ly + 36}H34" stroke="{LINK_COLOUR}" stroke-width="2" marker-end="url(#arrow)"/>'
        f'<text x="42" y="{ly + 40}">{e(text.tr(T_ARROW))}</text></g>'
    )
    out.append(f'<text x="{w - 6}" y="{h + band - 8}" font-size="9" fill="#757575" text-anchor="end">{e(text.tr(T_OUTLINES))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------ writing


def _write(path: Path, text: str) -> None:
    # Unchanged files keep their mtime, so `mkdocs serve` reloads only what changed.
    write_atomic(path, text)


def _page(doc: MapDocument) -> str:
    return "\n".join(line.rstrip() for line in doc.render().splitlines() if line.strip()) + "\n"


def map_inputs(drawn: Sequence[MapLink], text: MapText, map_settings: MapSettings, title: str) -> str:
    """Everything one map page (HTML and SVG) reads, as text: its key in the stage's record (with
    generator.buildstate.rendering_context for the code, catalogs and provinces.js)."""
    links = [[repr(ml.donor), repr(ml.recipient), ml.link.id, text.popup(ml.link, True), text.popup(ml.link, False)]
             for ml in drawn]
    return json.dumps([text.language.code, text.language.html_lang, title, repr(map_settings), links],
                      ensure_ascii=False)


def write_maps(report: Report, docs_dir: Path, settings: SiteSettings, *, places: CoordinateLookup,
               assets_dir: Path, map_settings: MapSettings | None = None,
               locale_dir: Path = LOCALE_DIR, record=None, context: str = "") -> MapsResult:
    """docs/<lang>/report/maps/{overview,<slug>}.{html,svg} for every language. Run after render_docs.

    With `record` (generator.buildstate.OutputRecord), a map whose inputs are those it was last
    made from is left as it is: a changed article redraws only the maps that show its pairings.
    """

    map_settings = map_settings or MapSettings()
    provinces = None
    result = MapsResult()
    pages: list[tuple[str, Sequence[Link], Region | None]] = [(OVERVIEW, report.links, None)]
    pages += [(r.slug, r.links, r) for r in report.regions]
    to_make: list[tuple[Path, Path, str, Callable[[], tuple[str, str]]]] = []  # (html, svg, key, make)
    for language in settings.languages:
        fmt = Localizer.for_language(language, locale_dir)
        text = MapText(report, language, fmt, map_settings.directory_urls)
        out_dir = Path(docs_dir) / language.code / MAPS_DIR
        for slug, links, region in pages:
            drawn = map_links(aggregate_links(links, places), places)
            title = text.tr(T_TITLE_REGION, name=text.name(region.place)) if region else text.tr(T_TITLE_ALL)
            html_path, svg_path = out_dir / f"{slug}.html", out_dir / f"{slug}.svg"
            result.files += [html_path, svg_path]
            key = input_key(context, slug, map_inputs(drawn, text, map_settings, title))
            if record is not None and record.up_to_date(html_path, key) and record.up_to_date(svg_path, key):
                result.reused += 1
                result.html_sizes[os.path.relpath(html_path, docs_dir)] = html_path.stat().st_size
                continue
            provinces = provinces or Provinces.load(assets_dir)
            make = partial(_map_files, drawn, text, map_settings, title, f"{language.code}/{slug}", provinces)
            to_make.append((html_path, svg_path, key, make))
        wanted = {f.name for f in result.files if f.parent == out_dir}
        for stale in [*out_dir.glob("*.html"), *out_dir.glob("*.svg")] if out_dir.exists() else ():
            if stale.name not in wanted:  # a region no longer in the report
                stale.unlink()
    # Folium's map and the static SVG of each page are independent of the others: on every core, a
    # region's languages in one process (their static maps share the province layer, drawn once).
    batches: dict[str, list[int]] = {}
    for i, (html_path, *_) in enumerate(to_make):
        batches.setdefault(html_path.stem, []).append(i)
    made: list[tuple[str, str]] = [("", "")] * len(to_make)
    for indices, pages_made in zip(batches.values(), fork_map([partial(_make_all, [to_make[i][3] for i in indices])
                                                                for indices in batches.values()]), strict=True):
        for i, files in zip(indices, pages_made, strict=True):
            made[i] = files
    for (html_path, svg_path, key, _), (page, svg) in zip(to_make, made, strict=True):
        _write(html_path, page)
        _write(svg_path, svg)
        if record is not None:
            record.note(html_path, key, page)
            record.note(svg_path, key, svg)
        result.html_sizes[os.path.relpath(html_path, docs_dir)] = len(page.encode("utf-8"))
    return result


def _make_all(makes: Sequence[Callable[[], tuple[str, str]]]) -> list[tuple[str, str]]:
    return [make() for make in makes]


def _map_files(drawn, text: MapText, map_settings: MapSettings, title: str, seed: str,
               provinces: Provinces) -> tuple[str, str]:
    """One page's interactive map (HTML) and its static SVG."""
    page = _page(build_map(drawn, text, map_settings, title=title, seed=seed))
    if len(page.encode("utf-8")) > MAX_HTML_BYTES:  # many links: popups name the pairing, figures stay on the pages
        page = _page(build_map(drawn, text, map_settings, title=title, seed=seed, detail=False))
    return page, svg_map(drawn, text, provinces, title=title)
