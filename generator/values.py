"""Plausible values: the checks a JSON schema cannot state, applied where values enter.

YAML reads `.nan`, `.inf` and numbers of any length as numbers, and a mistyped year is still a
date. Such a value would be published as "NaN家", as invalid JSON in the downloads, crash number
formatting (30 digits) or become the build's clock (a date in 2205). Every data file, every
article file and every fresh extraction is checked with these rules: `check` and `build` refuse
the same values, naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Iterator

# Larger than any figure a news article reports in base units (10^15 yuan is ten times China's GDP).
MAX_MAGNITUDE = 10**15
# The People's Republic's administrative divisions and its aid programmes start after this.
EARLIEST_YEAR = 1949
# Periods may name the end of a plan ("2021-2025", "到2030年"): a few years ahead, not centuries.
PERIOD_YEARS_AHEAD = 15
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def number_problem(value: Any) -> str | None:
    """Why a number is not a plausible value, or None (non-numbers are the schema's business)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a number a report can show; write the value the article states"
    if abs(value) > MAX_MAGNITUDE:
        return f"{value!r} is too large to be a reported figure (more than 10^15); check the digits"
    return None


def date_problem(text: Any, today: dt.date | None = None) -> str | None:
    """Why an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) is not plausible, or None."""
    if text is None:
        return None
    text = str(text)
    parts = text.split("-")
    try:
        year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        date = dt.date(year, month, day)
    except (ValueError, IndexError):
        return f"{text!r} is not a date (YYYY-MM-DD)"
    today = today or dt.datetime.now(dt.timezone.utc).date()
    if year < EARLIEST_YEAR:
        return f"{text!r} is before {EARLIEST_YEAR}; check the year"
    if date > today + dt.timedelta(days=1):
        return f"{text!r} is in the future; check the year (a future date would become the site's date)"
    return None


def period_problem(text: Any, today: dt.date | None = None) -> str | None:
    """Why a period's years are implausible ("2205-", "1066"), or None."""
    if not isinstance(text, str):
        return None
    today = today or dt.datetime.now(dt.timezone.utc).date()
    for match in _YEAR_RE.finditer(text):
        year = int(match.group(1))
        if year < EARLIEST_YEAR or year > today.year + PERIOD_YEARS_AHEAD:
            return f"the year {year} in period {text!r} is not plausible; check the digits"
    return None


def walk_numbers(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) for every number inside nested mappings and lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk_numbers(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_numbers(value, (*path, index))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        yield path, data


def number_problems(data: Any) -> list[tuple[tuple, str]]:
    """Every implausible number in a parsed data file, with its path."""
    return [(path, problem) for path, value in walk_numbers(data) if (problem := number_problem(value))]


def article_problems(data: dict, today: dt.date | None = None) -> list[tuple[tuple, str]]:
    """Implausible numbers, article date and figure periods of one article file."""
    problems = number_problems(data)
    if problem := date_problem(data.get("date"), today):
        problems.append((("date",), problem))
    for index, figure in enumerate(data.get("figures") or []):
        if isinstance(figure, dict) and (problem := period_problem(figure.get("period"), today)):
            problems.append((("figures", index, "period"), problem))
    return problems


def dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)
