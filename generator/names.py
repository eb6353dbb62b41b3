"""English names for outlets and institutions, so English pages read as English.

Curated entries in data/translations.yaml come first; institutions named "<place><kind>"
(独山县人民医院, 聊城市第二人民医院, 郁山镇中心卫生院) are translated by rule, with the place's
English from the gazetteer. A name neither covers has no English: the page shows the
Chinese, tagged as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .extract.numbers import parse_chinese
from .glossary import Glossary
from .model import Place
from .store import (
    load_data_file,  # validated: a bad file raises DataError (file, line, field)
)


class PlaceNames(Protocol):
    """What the translator needs from generator.gazetteer.Gazetteer."""

    def resolve(self, name: str, context=()) -> Place | None: ...
    def romanize(self, text: str) -> str: ...


@dataclass(frozen=True)
class InstitutionRule:
    """'<place><kind>' -> English: a pattern for the end of the name and an English template."""

    pattern: re.Pattern
    template: str


@dataclass
class NameTranslator:
    """Outlet and institution names in English, curated first, then by rule."""

    places: PlaceNames | None
    outlets: dict[str, str] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)
    rules: list[InstitutionRule] = field(default_factory=list)
    place_suffixes: dict[str, str] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)  # English labels of figures (data/glossary.yaml)

    @classmethod
    def load(cls, data_dir: Path, places: PlaceNames | None) -> "NameTranslator":
        path = Path(data_dir) / "translations.yaml"

        raw = load_data_file(path, "translations") if path.exists() else {}
        rules = [
            InstitutionRule(re.compile(rule["match"]), rule["en"]) for rule in raw.get("institution_rules") or []
        ]
        suffixes = {str(k): str(v) for k, v in (raw.get("place_suffixes") or {}).items()}
        return cls(
            places=places,
            outlets={str(k): str(v) for k, v in (raw.get("outlets") or {}).items()},
            institutions={str(k): str(v) for k, v in (raw.get("institutions") or {}).items()},
            rules=rules,
            # Longest first, so 自治州 is tried before 州.
            place_suffixes=dict(sorted(suffixes.items(), key=lambda kv: -len(kv[0]))),
            glossary=Glossary.load(data_dir),
        )

    def outlet(self, name: str | None) -> str | None:
        return self.outlets.get(name) if name else None

    def institution(self, name: str | None) -> str | None:
        """English of an institution's name, or None when neither data nor rules cover it."""
        if not name:
            return None
        if name in self.institutions:
            return self.institutions[name]
        for rule in self.rules:
            match = rule.pattern.search(name)
            if not match:
                continue
            place = self.place(name[: match.start()])
            if place is None:
                return None
            number = match.groupdict().get("n")
            return rule.template.format(place=place, n=parse_chinese(number) if number else "").strip()
        return None

    def place(self, text: str) -> str | None:
        """English of the place at the start of an institution's name (a division, a short form, a town)."""
        if not text or self.places is None:
            return None
        found = self.places.resolve(text)
        if found is not None:
            if text == found.name:
                # Full official name: the gazetteer's English, without the city that
                # disambiguates districts ("Haizhu District, Guangzhou" -> "Haizhu District").
                return found.name_en.split(",")[0]
            return self.places.romanize(self._strip_suffix(text)[0]) + self._suffix_en(text)
        base, suffix = self._strip_suffix(text)
        if suffix in ("镇", "乡", "街道") and base:
            return f"{self.places.romanize(base)} {self.place_suffixes[suffix]}"
        return None

    def _strip_suffix(self, text: str) -> tuple[str, str]:
        for suffix in self.place_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                return text[: -len(suffix)], suffix
        return text, ""

    def _suffix_en(self, text: str) -> str:
        _, suffix = self._strip_suffix(text)
        english = self.place_suffixes.get(suffix, "")
        return f" {english}" if english else ""
