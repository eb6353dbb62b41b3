"""An article's id from its file name: safe in file names and URLs, stable, never a page's name.

People name article files as they like (`来凤帮扶 2025.txt`, `a b.txt`, `index.txt`, `.draft.txt`),
but the id becomes `data/articles/<id>.yaml` and the page `report/sources/<id>/`. A file stem that
is already a plain ASCII name keeps it as the id (the seeds' ids never change); any other stem
gets a readable romanized slug plus a short hash of the whole stem, so two names that romanize
alike (`来凤.txt`, `來鳳.txt`, `laifeng.txt`) still get different ids. The id depends on the file
name only, never on the content, so editing an article keeps its id and its reviewed data.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# A stem kept as it is: ASCII letters, digits, `_` and `-`, not starting with a separator.
PLAIN_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
# Names of pages next to the source pages (sources/index.md; README.md is also an index to MkDocs)
# and of the site's own pages: an article may not take them.
RESERVED_IDS = frozenset({"index", "readme", "404", "search", "sitemap", "assets"})
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SLUG_MAX = 40


def article_id(name: str | Path) -> str:
    """The id of an article file named `name` (a file name or its stem; the suffix is dropped).

    >>> article_id("001_d0010fbb54b3bdc0.txt")
    '001_d0010fbb54b3bdc0'
    >>> article_id("来凤帮扶 2025.txt")  # doctest: +ELLIPSIS
    'laifengbangfu-2025-...'
    """
    stem = unicodedata.normalize("NFC", Path(str(name)).stem if str(name).lower().endswith((".txt", ".html", ".htm")) else str(name))
    if PLAIN_ID_RE.match(stem) and stem.lower() not in RESERVED_IDS:
        return stem
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    slug = _slug(stem)
    return f"{slug}-{digest}" if slug else f"article-{digest}"


def _slug(stem: str) -> str:
    """Lower-case ASCII words: Chinese romanized (one word per run of characters), the rest transliterated."""
    parts: list[str] = []
    position = 0
    for run in _HAN_RE.finditer(stem):
        parts.append(_ascii(stem[position:run.start()]))
        parts.append(" " + "".join(_pinyin(run.group())) + " ")
        position = run.end()
    parts.append(_ascii(stem[position:]))
    words = re.findall(r"[a-z0-9]+", "".join(parts).lower())
    slug = "-".join(words)
    return slug[:_SLUG_MAX].rstrip("-")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=1)
def _pinyin_function():
    from pypinyin import (  # slow import (~0.25 s): only for names that need it
        Style,
        lazy_pinyin,
    )

    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def _pinyin(text: str) -> list[str]:
    return [_ascii(syllable) for syllable in _pinyin_function()(text)]


def id_collisions(names: list[str | Path]) -> dict[str, list[str]]:
    """Ids that more than one of `names` would take (compared without case: `A.txt`, `a.txt`)."""
    seen: dict[str, list[str]] = {}
    for name in names:
        seen.setdefault(article_id(Path(str(name)).name).lower(), []).append(Path(str(name)).name)
    return {key: found for key, found in seen.items() if len(found) > 1}
