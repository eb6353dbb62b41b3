"""The indicator catalog (data/indicators.yaml): what each figure measures, in every language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .model import first_translation
from .store import (
    load_data_file,  # validated: a bad file raises DataError (file, line, field)
)


@dataclass(frozen=True)
class Indicator:
    """One catalog entry: id, allowed units, and per language code its label, definition and
    sentence template (`translations`, as in data/indicators.yaml)."""

    id: str
    units: tuple[str, ...]
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    headline: bool = False

    def text(self, langs: str | Sequence[str], key: str, default: str = "") -> str:
        """Field `key` in language `langs` (or the first of several, e.g. a language and its
        fallbacks, that has it), else `default`."""
        return first_translation(self.translations, langs, key) or default

    def label(self, langs: str | Sequence[str]) -> str:
        return self.text(langs, "label", self.id)

    def definition(self, langs: str | Sequence[str]) -> str:
        return self.text(langs, "definition")

    def sentence(self, langs: str | Sequence[str]) -> str:
        return self.text(langs, "sentence", "{value}")


@dataclass(frozen=True)
class IndicatorCatalog:
    """All indicators, in the catalog's order (which is also the order of table rows)."""

    indicators: dict[str, Indicator] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "IndicatorCatalog":
        raw = load_data_file(Path(path), "indicators")
        entries = {}
        for key, spec in (raw.get("indicators") or {}).items():
            spec = dict(spec)
            spec["units"] = tuple(spec.get("units") or ())
            spec["translations"] = {str(lang): dict(fields) for lang, fields in (spec.get("translations") or {}).items()}
            entries[key] = Indicator(id=key, **spec)
        return cls(entries)

    def __contains__(self, indicator_id: str) -> bool:
        return indicator_id in self.indicators

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def __iter__(self):
        return iter(self.indicators.values())

    def ids(self) -> list[str]:
        return list(self.indicators)
