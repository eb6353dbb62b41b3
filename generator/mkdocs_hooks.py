"""MkDocs hooks for both language builds (listed in the per-language configs).

* on_files: add docs/assets/* (shared CSS) to each build, so the one file in
  docs/assets/ serves docs/zh/ and docs/en/ without copies in git.
* on_page_content: turn the paragraph `Caption {: .table-caption }` that precedes a
  table into that table's <caption> (Markdown tables have no caption syntax).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import File, Files

_CAPTION = re.compile(r'<p class="table-caption">(.*?)</p>\s*<table>', re.S)


def _shared_dir(config) -> Path | None:
    path = (config.extra or {}).get("shared_assets")
    return Path(path) if path else None


def on_files(files: Files, config) -> Files:
    shared = _shared_dir(config)
    if shared is None or not shared.is_dir():
        return files
    root = shared.parent  # docs/: files keep their "assets/..." path
    for path in sorted(p for p in shared.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if files.get_file_from_path(rel) is None:
            files.append(File(rel, str(root), config.site_dir, config.use_directory_urls))
    return files


def on_page_content(html: str, page, config, files) -> str:
    return _CAPTION.sub(lambda m: f"<table>\n<caption>{m.group(1)}</caption>", html)
