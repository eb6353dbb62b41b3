"""The indicator catalog (data/indicators.yaml): what each figure measures, in both languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Indicator:
    """One catalog entry: id, labels, allowed units and sentence templates."""

    id: str
    zh: str
    en: str
    units: tuple[str, ...]
    definition_zh: str = ""
    definition_en: str = ""
    sentence_zh: str = "{value}"
    sentence_en: str = "{value}"
    headline: bool = False

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class IndicatorCatalog:
    """All indicators, in the catalog's order (which is also the order of table rows)."""

    indicators: dict[str, Indicator] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "IndicatorCatalog":
        from .store import load_data_file  # validated: a bad file raises DataError (file, line, field)

        raw = load_data_file(Path(path), "indicators")
        entries = {}
        for key, spec in (raw.get("indicators") or {}).items():
            spec = dict(spec)
            spec["units"] = tuple(spec.get("units") or ())
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
