"""Report -> the facts as CSV and JSON files, whole and per region, for readers who analyse them.

One row per fact (a figure stated by several articles is one row), with the pairing it belongs
to (both sides' adcodes, and names in every language of the site), its provenance (article, outlet, quote,
offset), every article that states it (`sources`), the facts whose values disagree with it
(`conflicts_with`) and its review status. The same files go into every language's build so that
links stay relative.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import Language
from .edition import Edition, edition_of
from .io import write_atomic
from .model import QUALIFIERS, STATUSES, UNITS
from .render import DOWNLOADS_DIR, download_path
from .report import Citation, Region, Report, ScopedFigure


def columns(languages: Sequence[Language]) -> tuple[str, ...]:
    """Column order of the CSV (and key order of the JSON records): a stable public format. Names are
    given once per language of the site (indicator_zh, indicator_en, …); a subject, as extracted, is in
    the source language, and each other language has its curated translation (subject_en)."""
    def every(base: str) -> tuple[str, ...]:
        return tuple(f"{base}_{lang.code}" for lang in languages)

    translated = tuple(f"subject_{lang.code}" for lang in languages if not lang.source)
    return (
        "figure_id", "indicator", *every("indicator"), "value", "unit", "qualifier", "period",
        "subject", *translated, "before", "before_qualifier", "as_many_as", "reduced", "change", "derived",
        "derived_rule", "part_of", "status", "scope_assumed",
        "pairing_id", "donor_adcode", *every("donor"), "donor_level",
        "recipient_adcode", *every("recipient"), "recipient_level",
        "article_id", "article_title", "outlet", "article_date", "article_url", "quote", "quote_offset",
        "source_count", "sources", "conflicts_with",
    )


@dataclass
class DownloadsResult:
    """Files written per language folder (relative to docs/<lang>/)."""

    files: list[str] = field(default_factory=list)


def figure_record(report: Report, sf: ScopedFigure, languages: Sequence[Language]) -> dict:
    """One figure as a flat record with its scope and provenance (names in each of `languages`)."""
    f = sf.figure
    article = report.source(sf.source_id).facts.article
    indicator = report.catalog[f.indicator] if f.indicator in report.catalog else None
    link = sf.link

    def names(side: str) -> dict:
        place = getattr(link, side) if link else None
        return {f"{side}_{lang.code}": (place.name if lang.source else place.translated_name(lang.code)) if place else None
                for lang in languages}

    record = {
        "figure_id": f.id,
        "indicator": f.indicator,
        **{f"indicator_{lang.code}": indicator.text(lang.code, "label") if indicator else "" for lang in languages},
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "period": f.period,
        "subject": f.subject,
        **{f"subject_{lang.code}": f.translation(lang.code, "subject") for lang in languages if not lang.source},
        "before": f.before,
        # A bound on the earlier value (less_than for 不足80%), 多达/高达 (exact, "as many as"), a number
        # the extractor computed and how (never a reported one), and the total a part belongs to.
        "before_qualifier": f.before_qualifier if f.before is not None else None,
        "as_many_as": f.as_many_as,
        "reduced": f.reduced,
        "change": f.change,
        "derived": f.derived,
        "derived_rule": f.derived_rule,
        "part_of": f.part_of,
        "status": f.status,
        "scope_assumed": sf.scope_assumed,
        "pairing_id": link.id if link else None,
        "donor_adcode": link.donor.adcode if link else None,
        **names("donor"),
        "donor_level": link.donor.level if link else None,
        "recipient_adcode": link.recipient.adcode if link else None,
        **names("recipient"),
        "recipient_level": link.recipient.level if link else None,
        "article_id": article.id,
        "article_title": article.title,
        "outlet": article.outlet,
        "article_date": article.date,
        "article_url": article.url,
        "quote": f.quote,
        "quote_offset": f.offset,
        "source_count": len(sf.citations),
        "sources": [source_record(report, c) for c in sf.citations],
        "conflicts_with": [other.id for other in sf.conflicts],
    }
    return {column: record[column] for column in columns(languages)}


def source_record(report: Report, citation: Citation) -> dict:
    """One article that states a fact: where to read it, and how it words it."""
    article = report.source(citation.source_id).facts.article
    return {
        "article_id": article.id,
        "figure_id": citation.anchor,
        "outlet": article.outlet,
        "article_date": article.date,
        "article_url": article.url,
        "repost_of": citation.repost_of,
        "value": citation.statement.figure.value,
        "qualifier": citation.statement.figure.qualifier,
        "quote": citation.statement.figure.quote,
        "quote_offset": citation.statement.figure.offset if not citation.repost_of else None,
    }


def _csv_text(records: list[dict], fieldnames: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _csv_cell(v) for k, v in record.items()})
    # A BOM so that spreadsheet programs open the Chinese text as UTF-8.
    return "\ufeff" + buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """A CSV cell; text that a spreadsheet would run as a formula ("=HYPERLINK(…)") gets a leading
    apostrophe, the usual guard (OWASP "CSV injection"). Numbers and the JSON files are unchanged."""
    if value is None:
        return ""
    if isinstance(value, list):  # sources and conflicts: "<article id>#<figure id>; …", ids only
        value = "; ".join(f"{v['article_id']}#{v['figure_id']}" if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _json_text(records: list[dict]) -> str:
    """A JSON array with one record per line: as easy to read, grep and diff as an indented file, and
    written by json's C encoder (an indented dump runs its pure-Python one: ~10× slower, 0.9 s of
    a 100-article build)."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n]\n"


def region_records(report: Report, region: Region, languages: Sequence[Language],
                   made: dict[str, dict] | None = None) -> list[dict]:
    """The records of a region's figures, each once; `made`: records already made, by figure id."""
    made = {} if made is None else made
    seen: set[str] = set()
    records = []
    for link in region.links:
        for sf in link.figures:
            if sf.id not in seen:
                seen.add(sf.id)
                if sf.id not in made:
                    made[sf.id] = figure_record(report, sf, languages)
                records.append(made[sf.id])
    return records


def all_records(report: Report, languages: Sequence[Language]) -> list[dict]:
    return [figure_record(report, sf, languages) for sf in report.facts]


# ------------------------------------------------------------------- datapackage.json
# The CSV files described for machines (Frictionless Data Package v1, Table Schema): field types,
# units, licence and sources, so a reader's tools load them without guessing. Validated in the tests
# with `frictionless`.

_STR, _NUM, _INT, _BOOL = "string", "number", "integer", "boolean"
FIELDS: dict[str, tuple[str, str, dict]] = {  # column -> (type, description, extra Table Schema properties)
    "figure_id": (_STR, "Stable id of the figure (the anchor of its quote on the source page).", {}),
    "indicator": (_STR, "Indicator id from data/indicators.yaml.", {}),
    "value": (_NUM, "The figure in base units: yuan for money (23.46 million yuan is 23460000), percent points for "
                    "percentages, minutes for times; the `unit` column names it.", {}),
    "unit": (_STR, "Unit of `value` and `before`.", {"constraints": {"enum": list(UNITS)}}),
    "qualifier": (_STR, "How the article bounds the value: exact, more_than, about, at_least.",
                  {"constraints": {"enum": list(QUALIFIERS)}}),
    "period": (_STR, "The period the figure covers as the article states it (2024-, 2025, 2022-2024, three years, per year); empty when not stated.", {}),
    "subject": (_STR, "For outcomes: what was measured, in Chinese as the article puts it.", {}),
    "before": (_NUM, "For changes: the earlier value, in the unit of `value`.", {}),
    "before_qualifier": (_STR, "How the article bounds `before`: less_than when it says \"below\" (不足); empty when exact.", {}),
    "as_many_as": (_BOOL, "True when the article stresses the number as \"as many as\" (多达, 高达); the value is exact.", {}),
    "reduced": (_BOOL, "True when the article states the value as the level a measure was brought down to (缩短至15分钟, \"reduced to 15 minutes\").", {}),
    "change": (_STR, "For a change stated without its earlier value: up (增长35%, \"up 35%\") or down (降低600元, \"down CNY 600\"); empty otherwise.", {}),
    "derived": (_BOOL, "True when a number of this row was computed by the extractor (e.g. a before value from \"doubled\"), never reported as such.", {}),
    "derived_rule": (_STR, "Which number was computed and how (see data/README.md); empty when nothing was computed.", {}),
    "part_of": (_STR, "The figure_id of the total this figure is a part of (其中, \"of which\"); empty otherwise.", {}),
    "status": (_STR, "Review status: machine (not yet reviewed by a person), reviewed, added (by a reviewer).",
               {"constraints": {"enum": [s for s in STATUSES if s != "rejected"]}}),
    "scope_assumed": (_BOOL, "True when the article does not say which pairing the figure belongs to and the article's first pairing is assumed.", {}),
    "pairing_id": (_STR, "The donor -> recipient pairing (its scope): p-<donor adcode>-<recipient adcode>.", {}),
    "donor_adcode": (_STR, "Donor's six-digit administrative division code (GB/T 2260).", {"constraints": {"pattern": "[0-9]{6}"}}),
    "donor_level": (_STR, "Donor's level: province, prefecture, county, district.", {}),
    "recipient_adcode": (_STR, "Recipient's six-digit administrative division code (GB/T 2260).", {"constraints": {"pattern": "[0-9]{6}"}}),
    "recipient_level": (_STR, "Recipient's level: province, prefecture, county, district.", {}),
    "article_id": (_STR, "The source article's file name in the project (seeds/<id>.txt, data/articles/<id>.yaml).", {}),
    "article_title": (_STR, "The article's headline as published; empty when the page has none.", {}),
    "outlet": (_STR, "The outlet that published the article.", {}),
    "article_date": (_STR, "Publication date (ISO 8601, as precise as the article states); empty when not stated.", {}),
    "article_url": (_STR, "The article's address, where known.", {"format": "uri"}),
    "quote": (_STR, "The clause of the article that states the figure, copied exactly.", {}),
    "quote_offset": (_INT, "Character offset of `quote` in the article's cleaned text.", {"constraints": {"minimum": 0}}),
    "source_count": (_INT, "How many articles state this fact (reposts included); the row's article is the first.",
                     {"constraints": {"minimum": 1}}),
    "sources": (_STR, "Every article that states the fact, as `<article id>#<figure id>` separated by `; ` "
                      "(the JSON files give each source's outlet, date, address, value and quote).", {}),
    "conflicts_with": (_STR, "Ids of facts of the same indicator, pairing and period whose values disagree with this "
                             "one, separated by `; `; empty when none.", {}),
}
# Columns given once per language (see columns()): "<base>_<code>" -> the description, given the language's name.
PER_LANGUAGE_FIELDS = {
    "indicator": "The indicator's label in {name}.",
    "subject": "Curated {name} for `subject`.",
    "donor": "Donor's name in {name}.",
    "recipient": "Recipient's name in {name}.",
}


def field_description(column: str, languages: Sequence[Language]) -> tuple[str, str, dict]:
    """A column's (type, description, extra properties), per-language columns included."""
    if column in FIELDS:
        return FIELDS[column]
    base, _, code = column.rpartition("_")
    language = next(lang for lang in languages if lang.code == code)
    return _STR, PER_LANGUAGE_FIELDS[base].format(name=language.name), {}


def table_schema(languages: Sequence[Language]) -> dict:
    fields = [(name, *field_description(name, languages)) for name in columns(languages)]
    return {
        "fields": [{"name": name, "type": kind, "description": text, **extra} for name, kind, text, extra in fields],
        "missingValues": [""],
        "primaryKey": ["figure_id"],
    }


def _source_entries(report: Report) -> list[dict]:
    out = []
    for source in report.sources:
        article = source.facts.article
        title = " · ".join(str(x) for x in (article.title or article.outlet or article.id, article.outlet if article.title else None,
                                             article.date) if x)
        entry = {"title": title}
        if article.url:
            entry["path"] = article.url
        out.append(entry)
    return out


def datapackage(report: Report, files: list[str], edition: Edition, languages: Sequence[Language],
                name: str = "eastwest-health-report") -> dict:
    """The Data Package descriptor of the downloads (CSV resources; the JSON files hold the same records)."""
    licence = edition.licence
    descriptor: dict = {
        "profile": "tabular-data-package",
        "name": name,
        "title": "East–West Cooperation Medical Aid Report: figures with their sources / 东西部协作医疗帮扶报告：数字及其出处",
        "description": ("Every figure the report shows, one row per figure, with the donor -> recipient pairing it "
                        "belongs to, its period, review status and the quoted clause of its source article. Figures "
                        "are as reported and must not be added together across pairings or periods."),
        "version": edition.date or "undated",
        "homepage": edition.site_url or "",
        "sources": _source_entries(report),
        "resources": [],
    }
    if not descriptor["homepage"]:
        del descriptor["homepage"]
    if licence:
        descriptor["licenses"] = [{"name": licence.spdx, "path": licence.url, "title": licence.name}]
    descriptor["citation"] = (f"East–West Cooperation Medical Aid Report, edition of {edition.date or 'undated'}"
                              + (f", {edition.site_url}" if edition.site_url else "") + ".")
    schema = table_schema(languages)
    for path in files:
        if not path.endswith(".csv"):
            continue
        stem = Path(path).stem
        descriptor["resources"].append({
            "name": stem, "path": Path(path).name, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": schema,
        })
    return descriptor


def write_downloads(report: Report, docs_dir: Path, languages: Sequence[Language],
                    edition: Edition | None = None) -> DownloadsResult:
    """Write every download, and datapackage.json describing them, into docs/<lang>/report/downloads/."""
    result = DownloadsResult()
    language_codes = [lang.code for lang in languages]
    fieldnames = columns(languages)
    everything = all_records(report, languages)
    made = {sf.id: record for sf, record in zip(report.facts, everything, strict=True)}
    bundles = [(None, everything)] + [(r, region_records(report, r, languages, made)) for r in report.regions]
    for region, records in bundles:
        for extension, text in (("csv", _csv_text(records, fieldnames)), ("json", _json_text(records))):
            name = download_path(region, extension)
            result.files.append(name)
            for code in language_codes:
                write_atomic(Path(docs_dir) / code / name, text)
    package = datapackage(report, result.files, edition or edition_of(report), languages)
    name = f"{DOWNLOADS_DIR}/datapackage.json"
    text = json.dumps(package, ensure_ascii=False, indent=1) + "\n"
    for code in language_codes:
        write_atomic(Path(docs_dir) / code / name, text)
    wanted = {Path(name).name for name in result.files}
    for code in language_codes:
        folder = Path(docs_dir) / code / DOWNLOADS_DIR
        for stale in [*folder.glob("facts-*.csv"), *folder.glob("facts-*.json")] if folder.exists() else ():
            if stale.name not in wanted:  # a region no longer in the report
                stale.unlink()
    return result
