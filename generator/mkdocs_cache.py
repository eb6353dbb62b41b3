"""Reuse MkDocs' costly per-page work for pages whose inputs did not change.

Most of a MkDocs build of this site is two per-page steps (cProfile, 100 articles: 40 % Markdown
to HTML in `Page.render`, 45 % the search plugin's indexing: HTML parsing and jieba segmentation of
Chinese). Both are pure functions of what they read: the page's Markdown, the list of files (links
are resolved against it), the config and the library versions; the indexing reads the page's HTML,
title, metadata and table of contents. MkDocs has no hook to skip them, and its own `--dirty` build
is not the same site (pages it skips are missing from the search index, and their titles from
the navigation). So during one build both methods are wrapped: a result is looked up by a hash of
everything it reads and computed only when it is missing. Templates, hooks, link and anchor
validation, the sitemap and the search index file all run as in a full build, so the output is
byte-identical to a build without the cache (tests/test_build_cache.py builds both ways and
compares every file).

Results are kept in build/cache/mkdocs/<language>/ (scratch, gitignored) and take their place only
after the whole build succeeded (a page that warned must warn again next time); until then each new
result waits on disk in a `.pending-<pid>` folder beside them, not in memory (at 1,000 articles a
language's pages' HTML and search entries are ~100 MB, and two languages build side by side).
What the last build did not use is deleted, so the folder holds one site's worth. A page whose
Markdown pulls in other files (pymdownx.snippets `--8<--`) is never reused: what it reads is not in
its own text.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .io import pid_alive, pid_in_temp_name

LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jieba")
SNIPPET_MARK = "--8<--"


def _sha(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def library_versions() -> str:
    out = []
    for name in LIBRARIES:
        try:
            out.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ";".join(out)


def _toc_tokens(items) -> list[dict]:
    return [{"name": a.title, "id": a.id, "level": a.level, "children": _toc_tokens(a.children)} for a in items]


@dataclass
class PageWorkCache:
    """The reusable results of one language's build: Markdown → HTML and search entries, by input hash."""

    folder: Path
    context: str  # hash of the config file text and library versions: what every page's work reads
    hits: int = 0
    misses: int = 0
    _new: set[str] = field(default_factory=set)  # keys computed by this build, waiting in `pending`
    _used: set[str] = field(default_factory=set)
    _files_digest: dict[int, str] = field(default_factory=dict)

    @classmethod
    def for_config(cls, folder: Path, config_file: Path) -> "PageWorkCache":
        """A cache whose context is the per-language config (written whole: generator/site.py) and our
        own Markdown extension, besides the libraries' versions."""
        texts = [Path(config_file).read_text(encoding="utf-8"), (Path(__file__).parent / "md_captions.py").read_text(encoding="utf-8")]
        return cls(Path(folder), _sha(library_versions(), *texts))

    @property
    def pending(self) -> Path:
        """Where this process' new results wait until `commit` (its pid names it: a killed build's is
        recognised and removed by the next one)."""
        return self.folder / f".pending-{os.getpid()}"

    # ------------------------------------------------------------------ storage
    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _get(self, key: str) -> Any:
        try:
            path = self.pending / f"{key}.json" if key in self._new else self._path(key)
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        self._used.add(key)
        self.hits += 1
        return value

    def _put(self, key: str, value: Any) -> None:
        if not self._new:
            self.pending.mkdir(parents=True, exist_ok=True)
        (self.pending / f"{key}.json").write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        self._new.add(key)
        self._used.add(key)

    def commit(self) -> None:
        """After a successful build: store the new results, delete those this build did not use."""
        for key in sorted(self._new):
            target = self._path(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.pending / f"{key}.json", target)
        self.discard()
        if self.folder.is_dir():
            for old in self.folder.glob("??/*.json"):  # not .pending-*: another build may be running
                if old.stem not in self._used:
                    old.unlink(missing_ok=True)

    def discard(self) -> None:
        """Forget this build's new results (a failed build), and those a killed build left behind."""
        self._new.clear()
        shutil.rmtree(self.pending, ignore_errors=True)
        for leftover in self.folder.glob(".pending-*") if self.folder.is_dir() else ():
            pid = pid_in_temp_name(leftover.name)
            if pid is not None and pid != os.getpid() and not pid_alive(pid):
                shutil.rmtree(leftover, ignore_errors=True)

    # ------------------------------------------------------------------ keys
    def files_digest(self, files) -> str:
        """What link resolution reads: every file's source path and address (one hash per build)."""
        if id(files) not in self._files_digest:
            self._files_digest[id(files)] = _sha(*(f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in files))
        return self._files_digest[id(files)]

    def render_key(self, page, files) -> str | None:
        if page.markdown is None or SNIPPET_MARK in page.markdown:
            return None
        return _sha("render", self.context, self.files_digest(files), page.file.src_uri, page.markdown)

    def search_key(self, index, page) -> str:
        meta = json.dumps(page.meta, sort_keys=True, default=str, ensure_ascii=False)
        config = json.dumps(index.config, sort_keys=True, default=str)
        toc = json.dumps(_toc_tokens(page.toc), ensure_ascii=False)
        return _sha("search", self.context, config, page.url, str(page.title), meta, toc, page.content or "")

    # ------------------------------------------------------------------ the wrapped steps
    def render(self, original, page, config, files) -> None:
        key = self.render_key(page, files)
        cached = self._get(key) if key else None
        if cached is None:
            original(page, config, files)
            if key:
                links = getattr(page, "links_to_anchors", None)
                self._put(key, {
                    "content": page.content,
                    "toc": _toc_tokens(page.toc),
                    "title": page._title_from_render,
                    "anchors": sorted(page.present_anchor_ids or ()),
                    "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                })
            return
        from mkdocs.structure import pages as mkdocs_pages
        from mkdocs.structure.toc import get_toc

        page.content = cached["content"]
        page.toc = get_toc(cached["toc"])
        page._title_from_render = cached["title"]
        page.present_anchor_ids = set(cached["anchors"])
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG and cached["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(src): links for src, links in cached["links"].items()}

    def index(self, original, search_index, page) -> None:
        key = self.search_key(search_index, page)
        cached = self._get(key)
        if cached is None:
            before = len(search_index.entries)
            original(search_index, page)
            self._put(key, search_index.entries[before:])
            return
        search_index.entries.extend(cached)


@contextmanager
def reusing_page_work(cache: PageWorkCache) -> Iterator[PageWorkCache]:
    """Wrap Page.render and the search plugin's indexing with `cache` for the length of one build."""
    from mkdocs.structure.pages import Page

    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # another theme: only the Markdown conversion is reused
        SearchIndex = None
    original_render = Page.render
    original_index = SearchIndex.add_entry_from_context if SearchIndex else None

    def render(page, config, files):
        cache.render(original_render, page, config, files)

    def index(search_index, page):
        cache.index(original_index, search_index, page)

    # Patched for this build only and restored after (setattr: mypy would refuse assigning to a method).
    setattr(Page, "render", render)  # noqa: B010
    if SearchIndex:
        setattr(SearchIndex, "add_entry_from_context", index)  # noqa: B010
    try:
        yield cache
    finally:
        setattr(Page, "render", original_render)  # noqa: B010
        if SearchIndex:
            setattr(SearchIndex, "add_entry_from_context", original_index)  # noqa: B010
