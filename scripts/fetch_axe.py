#!/usr/bin/env python3
"""Fetch axe-core (the accessibility engine of tests/test_browser.py) from the npm registry.

    python scripts/fetch_axe.py           # fetch the pinned version, verify the tarball's sha256, write the files
    python scripts/fetch_axe.py --check   # only verify the committed files against tests/vendor/axe-core/MANIFEST.json
    python scripts/fetch_axe.py --repin VERSION   # accept a new version and print its tarball sha256

Writes (committed, so CI needs no npm and no network for it):
  tests/vendor/axe-core/axe.min.js, LICENSE (MPL-2.0), LICENSE-3RD-PARTY.txt
  tests/vendor/axe-core/MANIFEST.json   package, version, tarball sha256, sha256 of every file written

Needs `npm` only for `npm pack` (downloads the tarball from the registry; nothing is installed). No CDN.
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
OUT = ROOT / "tests" / "vendor" / "axe-core"
PACKAGE, VERSION = "axe-core", "4.14.1"
TARBALL_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
FILES = ("axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check() -> int:
    manifest = json.loads((OUT / "MANIFEST.json").read_text(encoding="utf-8"))
    bad = [name for name, digest in manifest["files"].items() if sha256((OUT / name).read_bytes()) != digest]
    print(f"{manifest['package']}@{manifest['version']}: " + (f"MISMATCH {bad}" if bad else "all files match"))
    return 1 if bad else 0


def fetch(version: str, expected: str | None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", tmp, "--json"],
                             check=True, capture_output=True, text=True)
        data = (Path(tmp) / json.loads(out.stdout)[0]["filename"]).read_bytes()
    digest = sha256(data)
    if expected and digest != expected:
        print(f"{PACKAGE}@{version}: tarball sha256 {digest} != pinned {expected}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for name in FILES:
            content = tar.extractfile(f"package/{name}").read()
            (OUT / name).write_bytes(content)
            files[name] = sha256(content)
    manifest = {"package": PACKAGE, "version": version, "license": "MPL-2.0", "tarball_sha256": digest, "files": files}
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"{PACKAGE}@{version} (tarball sha256 {digest}) -> {OUT.relative_to(ROOT)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed files only")
    parser.add_argument("--repin", metavar="VERSION", help="fetch another version without a pinned sha256")
    args = parser.parse_args()
    if args.check:
        return check()
    if args.repin:
        return fetch(args.repin, None)
    return fetch(VERSION, TARBALL_SHA256)


if __name__ == "__main__":
    sys.exit(main())
