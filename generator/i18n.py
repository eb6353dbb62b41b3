"""Locale-aware formatting (Babel) and interface strings (gettext catalogs).

Nothing here branches on the language: the differences live in Babel's locale
data (number patterns, 万/亿 versus million, dates), in the per-language settings
of mkdocs.yml (`extra.report.languages`) and in the gettext catalogs under
generator/locale/ (unit words, qualifiers, periods). The .po files are compiled
to .mo in memory when a build loads them, so there is no compiled file to forget.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from .config import Language
from .model import Figure

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


# Unit words. The context keeps "%(num)s" for people apart from "%(num)s" for items.
# English leaves countable units bare ("257"), since the indicator label names them.
UNIT_FORMS: dict[str, tuple[str, str]] = {
    "person": ("%(num)s", "%(num)s"),
    "person_time": ("%(num)s person-time", "%(num)s person-times"),
    "institution": ("%(num)s", "%(num)s"),
    "item": ("%(num)s", "%(num)s"),
    "case": ("%(num)s", "%(num)s"),
    "minute": ("%(num)s minute", "%(num)s minutes"),
    "batch": ("%(num)s batch", "%(num)s batches"),
    "region": ("%(num)s", "%(num)s"),
    "session": ("%(num)s session", "%(num)s sessions"),
    "other": ("%(num)s", "%(num)s"),
}

# Extraction markers for the unit words above (pybabel reads these calls, never runs them).
if False:  # pragma: no cover
    npgettext = gettext.npgettext
    npgettext("unit:person", "%(num)s", "%(num)s", 1)
    npgettext("unit:person_time", "%(num)s person-time", "%(num)s person-times", 1)
    npgettext("unit:institution", "%(num)s", "%(num)s", 1)
    npgettext("unit:item", "%(num)s", "%(num)s", 1)
    npgettext("unit:case", "%(num)s", "%(num)s", 1)
    npgettext("unit:minute", "%(num)s minute", "%(num)s minutes", 1)
    npgettext("unit:batch", "%(num)s batch", "%(num)s batches", 1)
    npgettext("unit:region", "%(num)s", "%(num)s", 1)
    npgettext("unit:session", "%(num)s session", "%(num)s sessions", 1)
    npgettext("unit:other", "%(num)s", "%(num)s", 1)
    ngettext = gettext.ngettext
    ngettext("over %(num)s year", "over %(num)s years", 1)
    ngettext("over %(num)s month", "over %(num)s months", 1)

QUALIFIERS = {
    "exact": N_("%(value)s"),
    "more_than": N_("more than %(value)s"),
    "about": N_("about %(value)s"),
    "at_least": N_("at least %(value)s"),
    "as_many_as": N_("as many as %(value)s"),  # 多达/高达: exact, stressed
    "less_than": N_("below %(value)s"),  # a before stated as 不足80%
}
QUALIFIER_LABELS = {
    "exact": N_("exact"),
    "more_than": N_("more than"),
    "about": N_("about"),
    "at_least": N_("at least"),
    "as_many_as": N_("as many as"),
    "less_than": N_("below"),
}
# A number the extractor computed, by Figure.derived_rule: the page says how, never "reported".
DERIVED_NOTES = {
    "before_from_doubling": N_("computed: the article says it doubled"),
    "before_from_quadrupling": N_("computed: the article says it quadrupled"),
    "before_from_multiple": N_("computed from the multiple the article states"),
    "before_from_points": N_("computed from the change in percentage points the article states"),
    "value_from_multiple": N_("computed from the multiple the article states"),
}
WITH_NOTE = N_("%(value)s (%(note)s)")
PART_OF = N_("of which %(value)s")
# A part with the total it belongs to (the total's value, linked to it where the page shows it).
PART_OF_TOTAL = N_("%(part)s, part of %(total)s")
# A level the article states as what a measure was brought down to (缩短至15分钟): Figure.reduced.
REDUCED_TO = N_("reduced to %(value)s")
# A change stated without its earlier value (Figure.change): "up 35%" / "down CNY 600". A language whose
# subjects keep the article's verb (人均就医成本降低) translates these as the value alone.
CHANGE_WORDS = {"up": N_("up %(value)s"), "down": N_("down %(value)s")}
# The earlier value beside the later one, in brackets; a computed earlier value says how inside
# the same brackets (never a bracket within a bracket).
# The space before the bracket is part of the message: Chinese puts none before （.
BEFORE_ASIDE = N_(" (before: %(value)s)")
BEFORE_ASIDE_NOTED = N_(" (before: %(value)s; %(note)s)")
STATUS_LABELS = {
    "machine": N_("machine-extracted, not yet reviewed"),
    "reviewed": N_("reviewed by a person"),
    "added": N_("added by a reviewer"),
    "rejected": N_("rejected"),
    # A reviewed fact whose article changed since, and which extraction could not match (store.py)
    "second_look": N_("machine-extracted, not yet reviewed (the article changed after review)"),
}
LEVEL_LABELS = {
    "province": N_("province level"),
    "prefecture": N_("city level"),
    "county": N_("county level"),
    "district": N_("district level"),
}
UNIT_LABELS = {
    "person": N_("people"),
    "person_time": N_("person-times"),
    "institution": N_("institutions"),
    "item": N_("items"),
    "case": N_("cases"),
    "yuan": N_("yuan"),
    "percent": N_("percent"),
    "minute": N_("minutes"),
    "batch": N_("batches"),
    "region": N_("areas"),
    "session": N_("sessions"),
    "other": N_("other"),
}
NUMBER_WORDS = {
    "one": (1, N_("one")), "two": (2, N_("two")), "three": (3, N_("three")), "four": (4, N_("four")),
    "five": (5, N_("five")), "six": (6, N_("six")), "seven": (7, N_("seven")), "eight": (8, N_("eight")),
    "nine": (9, N_("nine")), "ten": (10, N_("ten")),
}
PERIOD_WORDS = {
    "per year": N_("per year"),
    "per month": N_("per month"),
    "per day": N_("per day"),
    "per week": N_("per week"),
    "past year": N_("in the past year"),
    "this year": N_("this year"),
}
CURRENCY = N_("CNY %(amount)s")
WITH_PERIOD = N_("%(text)s (%(period)s)")

_SINCE = re.compile(r"^(\d{4})\s*-$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_SPAN = re.compile(r"^(\w+)\s+(year|month)s?$", re.IGNORECASE)


# ----------------------------------------------------------------------------- catalogs


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return Path(locale_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=16)
def _compiled(path: str, mtime: float) -> gettext.GNUTranslations:
    with open(path, "rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_translations(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.GNUTranslations:
    """The gettext catalog of one language, compiled from its .po file (cached until it changes)."""
    path = po_path(lang, locale_dir)
    if not path.is_file():
        raise FileNotFoundError(f"no message catalog for '{lang}': {path} (run pybabel init, see generator/locale/README.md)")
    return _compiled(str(path), path.stat().st_mtime)


def compile_catalogs(out_dir: Path, langs: list[str], locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write <out_dir>/<lang>/LC_MESSAGES/messages.mo for each language (for tools that want files)."""
    written = []
    for lang in langs:
        with open(po_path(lang, locale_dir), "rb") as fh:
            catalog = read_po(fh)
        target = Path(out_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(target)
    return written


# --------------------------------------------------------------------------- formatting


@dataclass
class Localizer:
    """Formats numbers, money, quantities, periods and dates for one language."""

    language: Language
    translations: gettext.GNUTranslations

    @classmethod
    def for_language(cls, language: Language, locale_dir: Path = LOCALE_DIR) -> "Localizer":
        return cls(language, load_translations(language.code, locale_dir))

    def __post_init__(self) -> None:
        self.locale = Locale.parse(self.language.locale)
        compact = self.locale.compact_decimal_formats[self.language.money_style]
        # magnitude -> (pattern for "one", pattern for "other")
        other = compact["other"]
        one = compact.get("one", other)
        self._compact = sorted(
            (int(mag), str(one.get(mag, other[mag]).pattern), str(other[mag].pattern)) for mag in other
        )

    # gettext -----------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: float) -> str:
        return self.translations.ngettext(singular, plural, _plural_n(n))

    def npgettext(self, context: str, singular: str, plural: str, n: float) -> str:
        return self.translations.npgettext(context, singular, plural, _plural_n(n))

    # numbers -----------------------------------------------------------------
    def number(self, value: float | int) -> str:
        """257 -> "257"; 20000 -> "20,000"; 37.86 -> "37.86"."""
        cache = self.__dict__.setdefault("_numbers", {})
        text = cache.get(value)
        if text is None:  # Babel is slow; the same numbers recur on many pages
            text = cache[value] = format_decimal(value, format="#,##0.##", locale=self.locale)
        return text

    def money(self, yuan: float | int) -> str:
        """23460000 -> "2,346万元" (zh) / "CNY 23.46 million" (en); 170000000 -> "1.7亿元"."""
        amount = self.number(yuan)
        if abs(yuan) >= self.language.money_min_magnitude:
            for magnitude, one, other in reversed(self._compact):
                if abs(yuan) >= magnitude:
                    zeros = other.count("0")
                    divisor = magnitude / 10 ** (zeros - 1)
                    scaled = round(yuan / divisor, 2)
                    pattern = one if scaled == 1 else other
                    if "0" in pattern:
                        amount = re.sub(r"0+", self.number(scaled).replace("\\", "\\\\"), pattern, count=1)
                    break
        return self.gettext(CURRENCY) % {"amount": amount}

    def list(self, items) -> str:
        """["广东省", "上海市"] -> "广东省和上海市" / "Guangdong and Shanghai" (Babel list patterns)."""
        items = [str(i) for i in items if i]
        return format_list(items, locale=self.locale) if items else ""

    def percent(self, value: float | int) -> str:
        """92 -> "92%"; 37.86 -> "37.86%" (value is in percent points)."""
        return format_percent(value / 100, format="#,##0.##%", locale=self.locale)

    def quantity(self, value: float | int, unit: str) -> str:
        """A number with its unit word: 257 person -> "257名" / "257"; 15 minute -> "15分钟"."""
        if unit == "yuan":
            return self.money(value)
        if unit == "percent":
            return self.percent(value)
        singular, plural = UNIT_FORMS.get(unit, UNIT_FORMS["other"])
        return self.npgettext(f"unit:{unit}", singular, plural, value) % {"num": self.number(value)}

    def qualified(self, text: str, qualifier: str) -> str:
        """"257名" + more_than -> "超过257名" / "more than 257"."""
        return self.gettext(QUALIFIERS.get(qualifier, QUALIFIERS["exact"])) % {"value": text}

    def qualifier_label(self, qualifier: "str | Figure") -> str:
        """A qualifier, or a figure's ("as many as" for 多达867项)."""
        if isinstance(qualifier, Figure):
            qualifier = _qualifier_of(qualifier)
        return self.gettext(QUALIFIER_LABELS.get(qualifier, QUALIFIER_LABELS["exact"]))

    def derived_note(self, figure: Figure, which: str) -> str:
        """How the extractor computed the figure's `which` ("value" or "before"), or "" when reported."""
        rule = figure.derived_rule or ""
        if not figure.derived or not rule.startswith(f"{which}_from_") or rule not in DERIVED_NOTES:
            return ""
        return self.gettext(DERIVED_NOTES[rule])

    def _noted(self, text: str, note: str) -> str:
        return self.gettext(WITH_NOTE) % {"value": text, "note": note} if note else text

    def status_label(self, fact) -> str:
        """A fact's review status in reader words; takes a Figure/Pairing or a status string."""
        status = getattr(fact, "status", fact)
        if getattr(fact, "needs_second_look", False):
            status = "second_look"
        return self.gettext(STATUS_LABELS.get(status, STATUS_LABELS["machine"]))

    def level_label(self, level: str | None) -> str:
        return self.gettext(LEVEL_LABELS[level]) if level in LEVEL_LABELS else ""

    # figures -----------------------------------------------------------------
    def value(self, figure: Figure) -> str:
        """The figure's value with unit, without qualifier (tables have a qualifier column);
        "of which …" for a part of a total, "reduced to …" for a level brought down, and how it was
        computed when the article does not print it."""
        text = self._noted(self._reduced(self.quantity(figure.value, figure.unit), figure), self.derived_note(figure, "value"))
        text = self._changed(text, figure)
        return self.gettext(PART_OF) % {"value": text} if figure.part_of else text

    def full_value(self, figure: Figure) -> str:
        """Value with unit and qualifier: "超过1,700万元" / "more than CNY 17 million" / "多达867项" /
        "降至约15分钟" / "reduced to about 15 minutes"."""
        text = self.qualified(self.quantity(figure.value, figure.unit), _qualifier_of(figure))
        text = self._changed(self._noted(self._reduced(text, figure), self.derived_note(figure, "value")), figure)
        return self.gettext(PART_OF) % {"value": text} if figure.part_of else text

    def _changed(self, text: str, figure: Figure) -> str:
        word = CHANGE_WORDS.get(figure.change or "") if figure.before is None else None
        return self.gettext(word) % {"value": text} if word else text

    def _reduced(self, text: str, figure: Figure) -> str:
        return self.gettext(REDUCED_TO) % {"value": text} if getattr(figure, "reduced", False) else text

    def part_of_total(self, part: str, total: str) -> str:
        """"of which CNY 1 million" + the total's value -> "…, part of CNY 23.46 million" / "…，属于总数2,346万元"."""
        return self.gettext(PART_OF_TOTAL) % {"part": part, "total": total}

    def before_aside(self, figure: Figure) -> str:
        """The earlier value in brackets after the later one: " (before: 15 minutes)" / "（此前：15分钟）";
        a computed one says how in the same brackets: " (before: 21%; computed: the article says it doubled)"."""
        if figure.before is None:
            return ""
        text = self.qualified(self.quantity(figure.before, figure.unit), figure.before_qualifier or "exact")
        note = self.derived_note(figure, "before")
        message = BEFORE_ASIDE_NOTED if note else BEFORE_ASIDE
        return self.gettext(message) % {"value": text, "note": note}

    def before(self, figure: Figure) -> str:
        """The earlier value with its bound ("不足80%" / "below 80%") and, when the extractor computed
        it (翻了一番), how."""
        if figure.before is None:
            return ""
        text = self.qualified(self.quantity(figure.before, figure.unit), figure.before_qualifier or "exact")
        return self._noted(text, self.derived_note(figure, "before"))

    def with_period(self, text: str, period: str | None) -> str:
        label = self.period(period)
        return self.gettext(WITH_PERIOD) % {"text": text, "period": label} if label else text

    # periods and dates -------------------------------------------------------
    def period(self, period: str | None) -> str:
        """"2024-" -> "2024年以来" / "since 2024"; "2022-2024" -> "2022至2024年" / "2022–2024"."""
        if not period:
            return ""
        text = str(period).strip()
        if m := _SINCE.match(text):
            return self.gettext(N_("since %(year)s")) % {"year": m.group(1)}
        if m := _YEAR.match(text):
            return self.gettext(N_("%(year)s")) % {"year": m.group(1)}
        if m := _RANGE.match(text):
            return self.gettext(N_("%(start)s–%(end)s")) % {"start": m.group(1), "end": m.group(2)}
        if text.lower() in PERIOD_WORDS:
            return self.gettext(PERIOD_WORDS[text.lower()])
        if m := _SPAN.match(text):
            word, unit = m.group(1).lower(), m.group(2).lower()
            if word.isdigit():
                n, shown = int(word), self.number(int(word))
            elif word in NUMBER_WORDS:
                n, msg = NUMBER_WORDS[word]
                shown = self.gettext(msg)
            else:
                return text
            if unit == "year":
                return self.ngettext("over %(num)s year", "over %(num)s years", n) % {"num": shown}
            return self.ngettext("over %(num)s month", "over %(num)s months", n) % {"num": shown}
        return text

    def date(self, iso: str | None) -> str:
        """"2025-05-28" -> "2025年5月28日" / "May 28, 2025"; partial dates as far as known."""
        if not iso:
            return ""
        parts = str(iso).split("-")
        try:
            if len(parts) == 3:
                return format_date(_dt.date(*map(int, parts)), format="long", locale=self.locale)
            if len(parts) == 2:
                return format_skeleton("yMMMM", _dt.date(int(parts[0]), int(parts[1]), 1), locale=self.locale)
        except ValueError:
            return str(iso)
        return self.gettext(N_("%(year)s")) % {"year": parts[0]}


def _qualifier_of(figure: Figure) -> str:
    """The qualifier a page states: 多达/高达 (exact) read "as many as"."""
    return "as_many_as" if figure.qualifier == "exact" and getattr(figure, "as_many_as", False) else figure.qualifier


def _plural_n(n: float) -> int:
    """gettext plural forms want an integer: 1 is singular, 1.5 is not."""
    if isinstance(n, float) and not n.is_integer():
        return 2
    return int(abs(n)) if not math.isinf(n) else 2
