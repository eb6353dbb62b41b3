"""English labels of figures (data/glossary.yaml): what `check` counts and what English pages show."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.glossary import Glossary, has_english_label
from generator.model import Figure

ROOT = Path(__file__).resolve().parent.parent


def figure(quote: str, indicator: str = "other", subject: str | None = None, subject_en: str | None = None) -> Figure:
    translations = {"en": {"subject": subject_en}} if subject_en else {}
    return Figure(id="f-1", indicator=indicator, value=3, unit="item", qualifier="exact", period=None,
                  subject=subject, before=None, quote=quote, offset=0, translations=translations)


GLOSSARY = Glossary(subjects={"床位使用率": "bed occupancy rate"},
                    terms=dict(sorted({"论文": "papers published", "核心期刊论文": "papers in core journals"}.items(),
                                      key=lambda kv: -len(kv[0]))))


def test_the_longest_term_in_the_quote_names_an_other_figure():
    assert GLOSSARY.label(figure("去年共发表核心期刊论文3篇")) == "papers in core journals"
    assert GLOSSARY.label(figure("累计发表论文3篇")) == "papers published"
    assert GLOSSARY.label(figure("新建候诊区3个")) is None


def test_subjects_use_whole_entries_and_curated_english_wins():
    assert GLOSSARY.label(figure("床位使用率达到90%", "outcome_level", "床位使用率")) == "bed occupancy rate"
    # a subject is never labelled by a term inside it: half a translation would mislead
    assert GLOSSARY.label(figure("论文发表率达到90%", "outcome_level", "论文发表率")) is None
    assert has_english_label(figure("论文发表率达到90%", "outcome_level", "论文发表率", "publication rate"), GLOSSARY)
    assert has_english_label(figure("派出专家3名", "experts_sent"), GLOSSARY)  # the catalog names it
    assert not has_english_label(figure("新建候诊区3个"), GLOSSARY)


def test_project_glossary_loads_longest_first():
    glossary = Glossary.load(ROOT / "data")
    lengths = [len(term) for term in glossary.terms]
    assert lengths == sorted(lengths, reverse=True) and glossary.terms


def test_check_reports_english_label_coverage_of_the_seeds():
    out = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=ROOT, capture_output=True, text=True).stdout
    match = re.search(r"figures with an English label\s+(\d+) / (\d+)\s+(\d+)%", out)
    assert match, out
    assert match.group(1) == match.group(2) and match.group(3) == "100", out
