"""English labels for figures the indicator catalog cannot name (data/glossary.yaml).

An `other` figure counts something the catalog has no indicator for ("发表中文核心论文2篇");
an outcome has a subject ("门诊病历合格率"). English pages need a label for each, and a
curated article translation (subject_en) is not always there. The glossary holds curated
English for recurring subjects and for terms: the longest term found in a figure's quoted
clause names what it counts. Curated per-figure English always wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Figure
from .store import (
    load_data_file,  # validated: a bad file raises DataError (file, line, field)
)


@dataclass(frozen=True)
class Glossary:
    """Curated English: whole subjects, and terms matched inside a figure's quote."""

    subjects: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> "Glossary":
        path = Path(data_dir) / "glossary.yaml"
        if not path.exists():
            return cls()

        raw = load_data_file(path, "glossary")
        terms = {str(k): str(v) for k, v in (raw.get("terms") or {}).items()}
        return cls(
            subjects={str(k): str(v) for k, v in (raw.get("subjects") or {}).items()},
            terms=dict(sorted(terms.items(), key=lambda kv: (-len(kv[0]), kv[0]))),  # longest term first
        )

    def label(self, figure: Figure) -> str | None:
        """English naming what `figure` counts: its subject's entry, else (no subject) a term in its quote."""
        if figure.subject:
            return self.subjects.get(figure.subject)
        for term, english in self.terms.items():
            if term in (figure.quote or ""):
                return english
        return None


# The language this glossary (and data/translations.yaml) gives labels in; other languages use
# their own curated translations (translations.<code>.subject in data/articles/).
GLOSSARY_LANGUAGE = "en"
OUTCOMES = ("outcome_level", "outcome_change")  # their catalog label ("outcome") does not say what was measured


def has_english_label(figure: Figure, glossary: Glossary) -> bool:
    """Whether an English page can name what `figure` counts: its indicator's catalog label (a specific
    indicator without a subject), its curated English subject (translations.en.subject), or the glossary."""
    if figure.translation(GLOSSARY_LANGUAGE, "subject"):
        return True
    if figure.indicator not in OUTCOMES and figure.indicator != "other" and not figure.subject:
        return True
    return glossary.label(figure) is not None
