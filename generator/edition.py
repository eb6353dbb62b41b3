"""What makes the report citable: its edition date, the date range of its sources, its licence.

The edition date is the newest date *stated in the data* (an article's publication date, a
date a fact's quote gives, the last year of a fact's period), never the build's clock, so
the same data gives the same edition on any day. The licence and the published address come
from configuration (mkdocs.yml `extra.report.licence`, the build's site URL), not from code.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from .config import read_mkdocs_yml

# 2025年7月15日 / 2025年07月 (a year with a month: a year alone in a quote is too often a plan or target)
_QUOTE_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_PERIOD_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

# Hosts that can never be a published address: RFC 2606 / RFC 6761 reserved names and loopback.
_RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local")
_RESERVED_HOSTS = {"example.org", "example.com", "example.net", "localhost"}


def published_base(base_url: str | None) -> str | None:
    """The site's public address if `base_url` is one, else None (a relative path or a placeholder).

    A placeholder (example.org, localhost, 127.0.0.1, *.test …) is never printed or linked:
    a handout then carries no address rather than a wrong one.
    """
    if not base_url:
        return None
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host in _RESERVED_HOSTS or host.endswith(_RESERVED_SUFFIXES) or any(
        host.endswith("." + h) for h in _RESERVED_HOSTS
    ):
        return None
    try:
        if ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_private:
            return None
    except ValueError:
        pass
    return base_url if base_url.endswith("/") else base_url + "/"


@dataclass(frozen=True)
class Licence:
    """The licence of the report's data (mkdocs.yml `extra.report.licence`)."""

    name: str  # "CC BY 4.0"
    spdx: str  # "CC-BY-4.0"
    url: str
    holder: dict  # language code -> who to credit

    @classmethod
    def from_mkdocs(cls, mkdocs_yml: Path) -> "Licence | None":
        raw = ((read_mkdocs_yml(mkdocs_yml).get("extra") or {}).get("report") or {}).get("licence")
        if not raw:
            return None
        return cls(name=str(raw["name"]), spdx=str(raw.get("spdx") or raw["name"]), url=str(raw.get("url") or ""),
                   holder=dict(raw.get("holder") or {}))


@dataclass(frozen=True)
class Edition:
    """The edition of a report: its date and what it is based on."""

    date: str | None  # ISO, as precise as stated: "2025-07-15", "2025-07" or "2025"
    date_basis: str  # "article" | "fact" | "period" | "none": where the newest date was stated
    first_source: str | None  # oldest publication date among the articles that state one
    last_source: str | None
    dated_sources: int
    sources: int
    licence: Licence | None = None
    site_url: str | None = None  # the published address, None for a local or placeholder build


def _key(iso: str) -> tuple[int, int, int]:
    parts = [int(p) for p in iso.split("-")] + [0, 0]
    return parts[0], parts[1], parts[2]


def _iso(year: str, month: str | None = None, day: str | None = None) -> str:
    out = year
    if month:
        out += f"-{int(month):02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def stated_dates(report) -> Iterable[tuple[str, str]]:
    """Every (date, basis) the report's kept data states: article dates, dates in quotes, period years."""
    for source in report.sources:
        article = source.facts.article
        if article.date:
            yield str(article.date), "article"
        quotes = [p.quote for p in source.pairings] + [sf.figure.quote for sf in source.figures]
        for quote in quotes:
            for m in _QUOTE_DATE.finditer(quote or ""):
                if 1 <= int(m.group(2)) <= 12:
                    yield _iso(m.group(1), m.group(2), m.group(3)), "fact"
        for sf in source.figures:
            for year in _PERIOD_YEARS.findall(str(sf.figure.period or "")):
                yield year, "period"


def edition_of(report, licence: Licence | None = None, site_url: str | None = None) -> Edition:
    """The edition date (newest date stated anywhere in the data) and the sources' date range."""
    dates = sorted(stated_dates(report), key=lambda d: (_key(d[0]), d[1] == "article"))
    newest, basis = dates[-1] if dates else (None, "none")
    published = sorted(str(s.facts.article.date) for s in report.sources if s.facts.article.date)
    return Edition(
        date=newest, date_basis=basis,
        first_source=published[0] if published else None, last_source=published[-1] if published else None,
        dated_sources=len(published), sources=len(report.sources),
        licence=licence, site_url=published_base(site_url),
    )
