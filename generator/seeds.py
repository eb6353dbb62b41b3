"""The article files a project holds, and whether each must be extracted again.

Cheap on purpose: `build` asks these questions first, and when every article's facts in data/
were extracted from the same bytes by the same extractor, nothing heavier is loaded at all
(a build with nothing to do must not pay for importing the extractor). The extractor itself is
in generator/extract/; pipeline.extract_files runs it on the files named here.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from pathlib import Path
from typing import Sequence

from .config import ProjectPaths
from .ids import article_id
from .io import DataError, load_yaml, write_atomic

# Files whose content decides what extraction produces: when none changed and the
# article's bytes did not change, the article is not extracted again.
EXTRACTOR_SOURCES = ("ingest.py", "gazetteer.py", "extract")
EXTRACTOR_DATA = ("extraction.yaml", "outlets.yaml", "indicators.yaml", "gazetteer")
# Code that decides how those files are read into the fingerprint (part of the cache key only).
_FINGERPRINT_READERS = ("io.py", "seeds.py")

# A news article is a few KB (the largest seed is 12 KB); extraction time grows faster than the
# text, and a 10 MB file would hold the build for many minutes. Larger files are refused.
MAX_ARTICLE_BYTES = 1_000_000

PACKAGE_DIR = Path(__file__).resolve().parent


def _files_under(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files += [f for f in found if f.suffix != ".pyc" and f.exists()]
    return files


def _content_bytes(file: Path, raw: bytes) -> bytes:
    """What a file means to extraction: a YAML data file's data (a comment or re-indent changes
    nothing, so it re-extracts nothing), any other file's bytes."""
    if file.suffix not in (".yaml", ".yml"):
        return raw
    try:
        data = load_yaml(raw.decode("utf-8"), file)
    except (DataError, UnicodeDecodeError):
        return raw
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def extractor_fingerprint(paths: ProjectPaths) -> str:
    """A short hash of the extraction code and its data, stored with each machine snapshot.

    The YAML files count by their data, which takes parsing the gazetteer (most of the time a
    build with nothing to do would spend). The last result is kept in build/state/ under a hash of
    the raw bytes, so it is parsed again only when a byte changed.
    """
    files = _files_under([PACKAGE_DIR / n for n in EXTRACTOR_SOURCES] + [paths.data / n for n in EXTRACTOR_DATA])
    raws = [(file, file.read_bytes()) for file in files]
    key = hashlib.sha256()
    for file, raw in raws + [(PACKAGE_DIR / n, (PACKAGE_DIR / n).read_bytes()) for n in _FINGERPRINT_READERS]:
        key.update(file.name.encode() + b"\0" + hashlib.sha256(raw).digest())
    cache = paths.build / "state" / "extractor.json"
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept.get("raw") == key.hexdigest() and isinstance(kept.get("fingerprint"), str):
            return kept["fingerprint"]
    except (OSError, ValueError, AttributeError):
        pass
    digest = hashlib.sha256()
    for file, raw in raws:
        digest.update(file.name.encode())
        digest.update(_content_bytes(file, raw))
    fingerprint = digest.hexdigest()[:16]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, json.dumps({"raw": key.hexdigest(), "fingerprint": fingerprint}) + "\n")
    except OSError:
        pass  # a read-only checkout: computed again next time
    return fingerprint


def collect_article_files(inputs: Sequence[Path]) -> list[Path]:
    """Expand files and folders into the .txt article files they hold, sorted.

    Everything named `*.txt` in a folder is listed, folders and links included, so that
    `extract_files` can say why it refuses one (a folder named `x.txt` is reported, not skipped).
    """
    files: list[Path] = []
    for item in inputs:
        item = Path(item)
        if item.is_dir() and not item.name.lower().endswith(".txt"):
            files.extend(sorted(item.glob("*.txt")))
        else:
            files.append(item)
    return files


def refusal(path: Path, project_root: Path) -> str | None:
    """Why `path` may not be read as an article, or None.

    A symbolic link is followed only when its target is inside the project: a link in seeds/
    to a file elsewhere on the machine (in a pull request preview, say) must never publish that
    file. Only regular files are read: a FIFO would block the read forever, a folder is a mistake.
    """
    path = Path(path)
    if path.is_symlink() or any(parent.is_symlink() for parent in path.parents if parent != parent.parent):
        root = Path(project_root).resolve()
        target = path.resolve()
        if target != root and root not in target.parents:
            return (f"{path}: is a symbolic link to {target}, outside the project; it was not read. "
                    f"Copy the article into seeds/ instead of linking to it")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"{path}: cannot read the file ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return f"{path}: is a folder, not an article file; save each article as a file named <anything>.txt"
    if not stat.S_ISREG(mode):
        return f"{path}: is not a regular file (a pipe, socket or device); only saved article files are read"
    return None


def too_big(path: Path) -> str | None:
    try:
        size = Path(path).stat().st_size
    except OSError:
        return None  # read_article reports it
    if size <= MAX_ARTICLE_BYTES:
        return None
    return (f"{path}: the file is {size / 1e6:.1f} MB, far larger than a news article (limit "
            f"{MAX_ARTICLE_BYTES / 1e6:g} MB); check it is the right file, or split it into articles")


_HEADER_FIELD = re.compile(r"^(sha256|extractor): ([0-9a-f]+)[ \t]*$", re.M)


def snapshot_header(data_dir: Path, article_id: str) -> dict | None:
    """sha256 and extractor of the last machine snapshot, read from its first lines only.

    Parsing and validating the whole YAML file cost as much as extracting the article again
    (BENCHMARKS.md); both fields are near the top (store.ARTICLE_KEYS). None when not found.
    """
    try:
        with open(Path(data_dir) / "machine" / f"{article_id}.yaml", encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    found = dict(_HEADER_FIELD.findall(head))
    return found if len(found) == 2 else None


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def extracted_already(path: Path, snapshot: dict | None, fingerprint: str) -> bool:
    """True when the machine snapshot was made from these bytes by this extractor."""
    return (snapshot is not None and snapshot.get("extractor") == fingerprint
            and snapshot.get("sha256") == file_sha256(path))


def all_extracted(paths: ProjectPaths) -> bool:
    """True when extracting seeds/ would do nothing: every file may be read, has its own id, a
    review file, and a machine snapshot of its bytes by this extractor; and no snapshot is left
    of a seed that is gone (the build would remove it). Anything else: the build's full path,
    which does the work or says what is wrong."""
    files = collect_article_files([paths.seeds]) if paths.seeds.is_dir() else []
    data_dir = paths.data
    fingerprint = extractor_fingerprint(paths)
    ids: set[str] = set()
    taken: set[str] = set()  # ids without case: two files with one id are an error the full path reports
    for path in files:
        aid = article_id(path.name)
        if refusal(path, paths.root) or aid.lower() in taken:
            return False
        ids.add(aid)
        taken.add(aid.lower())
        if not (data_dir / "articles" / f"{aid}.yaml").exists():
            return False
        if not extracted_already(path, snapshot_header(data_dir, aid), fingerprint):
            return False
    machine_dir = data_dir / "machine"
    held = {p.stem for p in machine_dir.glob("*.yaml") if not p.name.startswith(".")} if machine_dir.is_dir() else set()
    return held <= ids


def unextracted_articles(paths: ProjectPaths) -> list[str]:
    """Seeds without a review file: not on the site until extracted (said, never silent)."""
    review_dir = paths.data / "articles"
    if not paths.seeds.is_dir():
        return []

    missing = [p for p in collect_article_files([paths.seeds]) if not (review_dir / f"{article_id(p.name)}.yaml").exists()]
    return [f"{p.relative_to(paths.root) if p.is_relative_to(paths.root) else p} has no review file "
            f"data/articles/{article_id(p.name)}.yaml, so it is not on the site from committed data; "
            f"`python -m generator extract {p.relative_to(paths.root) if p.is_relative_to(paths.root) else p}` makes it"
            for p in missing]
