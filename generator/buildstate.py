"""What the last build read: a content hash of every input, so a build with nothing changed does nothing.

The site is a pure function of its inputs (builds are reproducible byte for byte): data/, the
hand-written docs/ and mkdocs.yml, the generator's code, templates and catalogs, the versions of
the libraries that render it, and the settings of this build (base URL, noindex, out folder). When
their hash equals the one recorded after the last successful build of the same out folder, and
that folder and the generated pages are still there, every stage is up to date.
The record lives in build/state/ (scratch, gitignored), never in site/ (which is published).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .config import ProjectPaths, SiteSettings, load_site_settings
from .io import pid_alive, remove_stale_temp_files, write_atomic
from .seeds import all_extracted, unextracted_articles

# Libraries whose version changes the HTML, SVG or Markdown a build writes.
RENDERING_LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2", "babel",
                       "folium", "branca", "jieba", "pyyaml")
PACKAGE_DIR = Path(__file__).resolve().parent


def _hash_tree(digest, root: Path, skip: tuple[Path, ...] = ()) -> None:
    if not root.exists():
        digest.update(f"missing {root.name}\n".encode())
        return
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for file in files:
        if file.suffix == ".pyc" or any(file.is_relative_to(s) for s in skip):
            continue
        if any(part.startswith(".") for part in file.relative_to(root).parts):
            continue  # hidden: a killed write's temporary file, an editor's swap file — not an input
        digest.update(file.relative_to(root.parent).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())


def _hash_versions(digest, names: tuple[str, ...]) -> None:
    """Add the installed version of each library (a new version may render differently)."""
    for name in names:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\n".encode())


def _state_file(paths: ProjectPaths, out_dir: Path, kind: str) -> Path:
    """Where a record of kind `kind` about builds into out_dir is kept (one per out folder)."""
    key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
    return paths.build / "state" / f"{kind}-{key}.json"


def inputs_fingerprint(paths: ProjectPaths, settings: SiteSettings, out_dir: Path) -> str:
    """A hash of everything a build reads (see the module docstring)."""
    digest = hashlib.sha256()
    # What the build itself writes under docs/: the report pages, and each language's copy of
    # docs/assets/ (hashed as docs/assets/): a fresh clone's second build must find them unchanged.
    generated = tuple(paths.docs / lang.code / folder for lang in settings.languages for folder in ("report", "assets"))
    for root in (paths.data, paths.docs, paths.mkdocs_yml, PACKAGE_DIR):
        _hash_tree(digest, root, skip=generated)
    _hash_versions(digest, RENDERING_LIBRARIES)
    digest.update(json.dumps([settings.base_url, settings.noindex, [lang.code for lang in settings.languages],
                              os.environ.get("SOURCE_DATE_EPOCH", ""), str(Path(out_dir).resolve())]).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildState:
    """The fingerprint recorded for an out folder after its last successful build."""

    paths: ProjectPaths
    out_dir: Path

    @property
    def file(self) -> Path:
        return _state_file(self.paths, self.out_dir, "site")

    def up_to_date(self, fingerprint: str, settings: SiteSettings) -> bool:
        """True when the last build of out_dir read exactly these inputs and its outputs are all there."""
        try:
            recorded = json.loads(self.file.read_text(encoding="utf-8")).get("inputs")
        except (OSError, ValueError):
            return False
        outputs = [self.out_dir / lang.prefix / "index.html" for lang in settings.languages]
        outputs += [self.paths.docs / lang.code / "report" for lang in settings.languages]
        return recorded == fingerprint and all(p.exists() for p in outputs)

    def record(self, fingerprint: str) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, json.dumps({"inputs": fingerprint, "out_dir": str(self.out_dir.resolve())}) + "\n")

    def forget(self) -> None:
        self.file.unlink(missing_ok=True)


def recover_site(out_dir: Path) -> list[Path]:
    """Clean up after a build that was killed: put the previous site back if the kill came
    mid-swap, and delete the staging and previous folders of builds no longer running.

    Leftovers are `.<site>.building-<pid>-*` and `.<site>.previous-<pid>` next to site/.
    """

    out_dir = Path(out_dir)
    removed = []
    previous = sorted(out_dir.parent.glob(f".{out_dir.name}.previous-*"), key=lambda p: p.stat().st_mtime)
    if not out_dir.exists() and previous:
        previous.pop().rename(out_dir)  # killed between the two renames of the swap
    for leftover in [*previous, *out_dir.parent.glob(f".{out_dir.name}.building-*")]:
        match = re.search(r"\.(?:building|previous)-(\d+)", leftover.name)
        if match and int(match.group(1)) != os.getpid() and pid_alive(int(match.group(1))):
            continue  # another build is running right now
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    return removed


def remove_killed_writes(paths: ProjectPaths) -> None:
    """Delete the temporary files a killed run left in data/ and build/ (each write is atomic: a temporary
    file renamed into place, so one left over is never part of what a person wrote)."""
    for folder in (paths.data / "articles", paths.data / "machine", paths.build / "mkdocs"):
        if folder.is_dir():
            remove_stale_temp_files(folder)


UP_TO_DATE = ("✓ every stage up to date (report, render, maps, charts, downloads, mkdocs build): "
              "nothing {out}/ is built from changed since its last build")


def nothing_to_build(paths: ProjectPaths, *, site_url: str | None = None, out_dir: Path | None = None,
                     extract: bool = True) -> bool:
    """True when `build` would change nothing: no article to extract, and every input the same as
    when out_dir was last built (which validated the same data with the same code).

    Asked before anything heavy is imported or validated, so that a build with nothing to do
    takes a fraction of a second. Any doubt (a broken mkdocs.yml, an article that cannot be
    read, a seed without its review file) answers False: the full build does the work or says
    what is wrong.
    """
    out = Path(out_dir or paths.site)
    remove_killed_writes(paths)
    recover_site(out)  # a killed build's leftovers go even when nothing else is to do
    try:
        settings = load_site_settings(paths, site_url)
    except Exception:  # noqa: BLE001 — whatever it is, the full build reports it with its file
        return False
    if not (all_extracted(paths) if extract else not unextracted_articles(paths)):
        return False
    return BuildState(paths, out).up_to_date(inputs_fingerprint(paths, settings, out), settings)


# ------------------------------------------------------------------ one language's MkDocs build

MKDOCS_LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2", "babel", "jieba")


def language_fingerprint(paths: ProjectPaths, config_file: Path, docs_dir: Path) -> str:
    """A hash of everything one language's MkDocs build reads: its docs folder (pages, maps, charts,
    downloads), the shared assets and theme overrides, its config and the mkdocs.yml it inherits,
    the hooks and the versions of the libraries that turn them into HTML."""
    digest = hashlib.sha256()
    for root in (docs_dir, paths.docs / "assets", paths.docs / "overrides", config_file, paths.mkdocs_yml,
                 PACKAGE_DIR / "md_captions.py", PACKAGE_DIR / "mkdocs_cache.py"):
        _hash_tree(digest, Path(root))
    _hash_versions(digest, MKDOCS_LIBRARIES)
    return digest.hexdigest()


@dataclass(frozen=True)
class LanguageBuilds:
    """Per language, the fingerprint of the inputs its output in out_dir was last built from."""

    paths: ProjectPaths
    out_dir: Path

    @property
    def file(self) -> Path:
        return _state_file(self.paths, self.out_dir, "languages")

    def recorded(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def record(self, fingerprints: dict[str, str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, json.dumps(fingerprints, sort_keys=True) + "\n")

    def forget(self) -> None:
        self.file.unlink(missing_ok=True)


# ------------------------------------------------------------------ one output file of a stage


def rendering_context(paths: ProjectPaths) -> str:
    """What every chart and map reads besides the report: the generator's code, templates and
    catalogs, the hand-made data (names, glossary, gazetteer; not the articles, whose facts reach
    a picture through its own inputs), the shared assets, mkdocs.yml and library versions."""
    digest = hashlib.sha256()
    _hash_tree(digest, PACKAGE_DIR)
    _hash_tree(digest, paths.data, skip=(paths.data / "articles", paths.data / "machine"))
    for root in (paths.docs / "assets", paths.mkdocs_yml):
        _hash_tree(digest, root)
    _hash_versions(digest, RENDERING_LIBRARIES)
    return digest.hexdigest()


def input_key(context: str, *parts: str) -> str:
    """The hash a stage files an output under: the rendering context and the output's own inputs."""
    digest = hashlib.sha256(context.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class OutputRecord:
    """Per output file of one stage: the hash of the inputs it was made from and of its bytes.

    A file is up to date when this build's input hash is the recorded one and the file still
    holds the recorded bytes (an edited or deleted output is made again). The record keeps only
    what the last run noted, so outputs that are gone are forgotten.
    """

    def __init__(self, paths: ProjectPaths, stage: str):
        self.root = paths.root
        self.file = paths.build / "state" / f"outputs-{stage}.json"
        try:
            self.previous: dict = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, list[str]] = {}
        self.reused = 0

    def _name(self, path: Path) -> str:
        path = Path(path).resolve()
        return path.relative_to(self.root.resolve()).as_posix() if path.is_relative_to(self.root.resolve()) else str(path)

    def up_to_date(self, path: Path, key: str) -> bool:
        entry = self.previous.get(self._name(path))
        try:
            fresh = isinstance(entry, list) and len(entry) == 2 and entry[0] == key and hashlib.sha256(Path(path).read_bytes()).hexdigest() == entry[1]
        except OSError:
            fresh = False
        if fresh and entry is not None:
            self.current[self._name(path)] = entry
            self.reused += 1
        return fresh

    def note(self, path: Path, key: str, text: str) -> None:
        self.current[self._name(path)] = [key, hashlib.sha256(text.encode("utf-8")).hexdigest()]

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, json.dumps(self.current, sort_keys=True) + "\n")
