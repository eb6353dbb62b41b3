"""Report -> the facts as CSV and JSON files, whole and per region, for readers who analyse them.

One row per figure, with the pairing it belongs to (both sides' adcodes and names in both
languages), its provenance (article, outlet, quote, offset) and its review status. The
same files go into every language's build so that links stay relative.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .render import DOWNLOADS_DIR, download_path
from .report import Region, Report, ScopedFigure
from .io import write_atomic

# Column order of the CSV (and key order of the JSON records): a stable public format.
COLUMNS = (
    "figure_id", "indicator", "indicator_zh", "indicator_en", "value", "unit", "qualifier", "period",
    "subject", "subject_en", "before", "status", "scope_assumed",
    "pairing_id", "donor_adcode", "donor_zh", "donor_en", "donor_level",
    "recipient_adcode", "recipient_zh", "recipient_en", "recipient_level",
    "article_id", "article_title", "outlet", "article_date", "article_url", "quote", "quote_offset",
)


@dataclass
class DownloadsResult:
    """Files written per language folder (relative to docs/<lang>/)."""

    files: list[str] = field(default_factory=list)


def figure_record(report: Report, sf: ScopedFigure) -> dict:
    """One figure as a flat record with its scope and provenance."""
    f = sf.figure
    article = report.source(sf.source_id).facts.article
    indicator = report.catalog[f.indicator] if f.indicator in report.catalog else None
    link = sf.link
    return {
        "figure_id": f.id,
        "indicator": f.indicator,
        "indicator_zh": indicator.zh if indicator else "",
        "indicator_en": indicator.en if indicator else "",
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "period": f.period,
        "subject": f.subject,
        "subject_en": f.subject_en,
        "before": f.before,
        "status": f.status,
        "scope_assumed": sf.scope_assumed,
        "pairing_id": link.id if link else None,
        "donor_adcode": link.donor.adcode if link else None,
        "donor_zh": link.donor.name if link else None,
        "donor_en": link.donor.name_en if link else None,
        "donor_level": link.donor.level if link else None,
        "recipient_adcode": link.recipient.adcode if link else None,
        "recipient_zh": link.recipient.name if link else None,
        "recipient_en": link.recipient.name_en if link else None,
        "recipient_level": link.recipient.level if link else None,
        "article_id": article.id,
        "article_title": article.title,
        "outlet": article.outlet,
        "article_date": article.date,
        "article_url": article.url,
        "quote": f.quote,
        "quote_offset": f.offset,
    }


def _csv_text(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
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
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _json_text(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def region_records(report: Report, region: Region) -> list[dict]:
    seen: set[str] = set()
    records = []
    for link in region.links:
        for sf in link.figures:
            if sf.id not in seen:
                seen.add(sf.id)
                records.append(figure_record(report, sf))
    return records


def all_records(report: Report) -> list[dict]:
    return [figure_record(report, sf) for source in report.sources for sf in source.figures]


def write_downloads(report: Report, docs_dir: Path, language_codes: list[str]) -> DownloadsResult:
    """Write every download into docs/<lang>/report/downloads/ for each language."""
    result = DownloadsResult()
    bundles = [(None, all_records(report))] + [(r, region_records(report, r)) for r in report.regions]
    for region, records in bundles:
        for extension, text in (("csv", _csv_text(records)), ("json", _json_text(records))):
            name = download_path(region, extension)
            result.files.append(name)
            for code in language_codes:
                write_atomic(Path(docs_dir) / code / name, text)
    wanted = {Path(name).name for name in result.files}
    for code in language_codes:
        folder = Path(docs_dir) / code / DOWNLOADS_DIR
        for stale in [*folder.glob("facts-*.csv"), *folder.glob("facts-*.json")] if folder.exists() else ():
            if stale.name not in wanted:  # a region no longer in the report
                stale.unlink()
    return result
