"""Link integrity of a built site: every internal href and src, in both languages, resolves to a
file, and every #anchor to an id on the target page.

Used by tests/test_hostile.py (default site_url) and tests/test_publishing.py (a PR-preview
sub-path). Internal means: relative, root-relative, or absolute under the site's base URL.
External http(s) links (other hosts, the map tile URL template) are skipped. Map pages are
included: their popups hold region-page links inside JavaScript strings (`href=\\"…\\"`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_JS_HREF = re.compile(r'href=\\"([^"\\]+)\\"')


class _Page(HTMLParser):
    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if a.get(name):
                self.ids.add(a[name])
        for name in ("href", "src"):
            value = a.get(name)
            if value and not (tag == "link" and a.get("rel") in ("canonical", "alternate") and name == "href" and value.startswith("http")):
                self.refs.append(value)

    handle_startendtag = handle_starttag


@lru_cache(maxsize=4096)
def _parse(path: Path) -> _Page:
    page = _Page()
    text = path.read_text(encoding="utf-8")
    page.feed(text)
    if "/report/maps/" in path.as_posix():
        page.refs += [unquote_js(h) for h in _JS_HREF.findall(text)]
    return page


def unquote_js(href: str) -> str:
    return href.replace("\\/", "/").replace("&amp;", "&")


def broken_links(site: Path, base_url: str, *, not_built: tuple[str, ...] = ()) -> tuple[list[str], int, int]:
    """(problems, links checked, anchors checked) for every HTML page of the built site.

    `not_built`: suffixes of files a later command writes (".pdf": briefings come from `pdf`).
    """
    _parse.cache_clear()
    site = Path(site)
    base = urlsplit(base_url)
    broken: list[str] = []
    checked = anchors = 0
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        page_url = base_url + rel
        for ref in _parse(page).refs:
            if ref.startswith(("mailto:", "data:", "tel:")):
                continue
            target = urlsplit(urljoin(page_url, ref))
            if target.scheme not in ("http", "https") or target.netloc != base.netloc:
                continue  # other sites, tiles
            if not target.path.startswith(base.path):
                broken.append(f"{rel}: {ref} leaves the site's path {base.path}")
                continue
            path = unquote(target.path[len(base.path):])
            local = site / path
            if path == "" or path.endswith("/"):
                local = local / "index.html"
            checked += 1
            if not local.is_file():
                if local.suffix in not_built:
                    continue
                broken.append(f"{rel}: {ref} -> no file {local.relative_to(site)}")
                continue
            fragment = unquote(target.fragment)
            if fragment and local.suffix == ".html":
                anchors += 1
                if fragment not in _parse(local).ids:
                    broken.append(f"{rel}: {ref} -> no id {fragment!r} on {local.relative_to(site)}")
    return broken, checked, anchors
