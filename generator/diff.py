"""The data diff reviewers read on a pull request: facts added, changed and removed.

Compares the article files (`articles/*.yaml`) of two data folders, fact by fact:
pairings and figures are matched by their id within their article, article fields
(translations.en.title, date, url, ...) by name. Bookkeeping fields (sha256, extractor, schema, source)
are left out: they change on every re-extraction and say nothing about the facts.

    python -m generator diff base/data data                    # plain text
    python -m generator diff base/data data --format markdown  # for a PR comment

Files are read as plain YAML without schema validation, so a diff can still be shown
for a pull request whose data does not validate (the tests say that separately); a
file that is not YAML at all is listed as unreadable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .io import DataError, load_yaml_file

IGNORED_FIELDS = {"schema", "sha256", "extractor", "source"}
FACT_LISTS = (("pairings", "pairing"), ("figures", "figure"))


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class FactChange:
    """One fact (or an article's own fields: kind "article") added, changed or removed."""

    article: str
    kind: str  # "pairing", "figure", "article"
    id: str
    action: str  # "added", "changed", "removed"
    summary: str = ""  # what the fact says, for added and removed facts
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class DataDiff:
    changes: list[FactChange] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # article id -> title, for headings
    unreadable: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        # An article's own fields count as one changed fact; a whole added or removed article counts as its facts.
        return sum(1 for c in self.changes if c.action == action and (c.kind != "article" or action == "changed"))

    @property
    def articles(self) -> list[str]:
        return sorted({c.article for c in self.changes})

    def __bool__(self) -> bool:
        return bool(self.changes or self.unreadable)


# ------------------------------------------------------------------------------ reading


def _read_articles(data_dir: Path, unreadable: list[str]) -> dict[str, dict]:
    folder = Path(data_dir) / "articles"
    if not folder.is_dir():
        folder = Path(data_dir)  # accept the articles folder itself
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = load_yaml_file(path)  # no aliases: a pull request's file cannot hang the diff
        except DataError as exc:
            unreadable.append(str(exc).splitlines()[0])
            continue
        if not isinstance(data, dict):
            unreadable.append(f"{path}: not a mapping")
            continue
        out[str(data.get("id") or path.stem)] = data
    return out


def _facts(article: dict) -> dict[tuple[str, str], dict]:
    """(kind, id) -> fact; the article's own fields under ("article", "")."""
    facts: dict[tuple[str, str], dict] = {}
    own = {k: v for k, v in article.items() if k not in IGNORED_FIELDS and k not in dict(FACT_LISTS)}
    facts[("article", "")] = own
    for key, kind in FACT_LISTS:
        for n, fact in enumerate(article.get(key) or []):
            if isinstance(fact, dict):
                facts[(kind, str(fact.get("id") or f"#{n + 1}"))] = fact
    return facts


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted fields (donor.name); lists stay whole values."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def _summary(kind: str, fact: dict) -> str:
    if kind == "pairing":
        donor = (fact.get("donor") or {}).get("name") or "?"
        recipient = (fact.get("recipient") or {}).get("name") or "?"
        return f"{donor} → {recipient}"
    if kind == "figure":
        parts = [str(fact.get("indicator") or "?"), show(fact.get("value"))]
        if fact.get("unit"):
            parts.append(str(fact["unit"]))
        if fact.get("period"):
            parts.append(f"({fact['period']})")
        if fact.get("quote"):
            parts.append(f"“{fact['quote']}”")
        return " ".join(parts)
    return ""


def show(value: Any) -> str:
    """A value as one short line: null for missing, JSON for lists and mappings."""
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


# ------------------------------------------------------------------------------ diffing


def diff_data_dirs(base: Path, head: Path) -> DataDiff:
    """Facts added, changed and removed from `base` to `head` (two data/ folders)."""
    result = DataDiff()
    before = _read_articles(base, result.unreadable)
    after = _read_articles(head, result.unreadable)
    for article_id in sorted(set(before) | set(after)):
        old_article, new_article = before.get(article_id), after.get(article_id)
        title = (new_article or old_article or {}).get("title") or ""
        result.titles[article_id] = str(title)
        old_facts = _facts(old_article) if old_article else {}
        new_facts = _facts(new_article) if new_article else {}
        order = list(new_facts) + [k for k in old_facts if k not in new_facts]
        for kind, fact_id in order:
            old, new = old_facts.get((kind, fact_id)), new_facts.get((kind, fact_id))
            if kind == "article":
                if old is None or new is None:
                    action = "added" if old is None else "removed"
                    result.changes.append(FactChange(article_id, "article", "", action, str(title)))
                    continue
            elif old is None and new is not None:
                result.changes.append(FactChange(article_id, kind, fact_id, "added", _summary(kind, new)))
                continue
            elif new is None and old is not None:
                result.changes.append(FactChange(article_id, kind, fact_id, "removed", _summary(kind, old)))
                continue
            flat_old, flat_new = _flatten(old), _flatten(new)
            changed = [
                FieldChange(name, flat_old.get(name), flat_new.get(name))
                for name in list(flat_new) + [n for n in flat_old if n not in flat_new]
                if flat_old.get(name) != flat_new.get(name)
            ]
            if changed:
                result.changes.append(FactChange(article_id, kind, fact_id, "changed", fields=changed))
    return result


# ----------------------------------------------------------------------------- formats

SYMBOL = {"added": "+", "changed": "~", "removed": "-"}


def _headline(diff: DataDiff) -> str:
    return (f"{diff.count('added')} added, {diff.count('changed')} changed, {diff.count('removed')} removed "
            f"in {len(diff.articles)} article file(s)")


def _label(change: FactChange) -> str:
    return "article" if change.kind == "article" else f"{change.kind} {change.id}"


def format_text(diff: DataDiff) -> str:
    if not diff:
        return "Data changes: none (no fact added, changed or removed)\n"
    lines = [f"Data changes: {_headline(diff)}"]
    for article_id in diff.articles:
        lines.append("")
        lines.append(f"{article_id}  {diff.titles.get(article_id, '')}".rstrip())
        for change in (c for c in diff.changes if c.article == article_id):
            if change.action == "changed":
                lines.append(f"  ~ {_label(change)}")
                lines.extend(f"      {f.field}: {show(f.old)} → {show(f.new)}" for f in change.fields)
            else:
                lines.append(f"  {SYMBOL[change.action]} {_label(change)} {change.action}: {change.summary}".rstrip())
    for problem in diff.unreadable:
        lines.append(f"unreadable: {problem}")
    return "\n".join(lines) + "\n"


def _md(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    text = show(value) if not isinstance(value, str) else value
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for char in "*_`<>[]":
        text = text.replace(char, "\\" + char)
    return text


def _code(value: str) -> str:
    return f"`{value.replace('`', '')}`"


def format_markdown(diff: DataDiff, heading: str = "Data changes in this pull request") -> str:
    lines = [f"### {heading}", ""]
    if not diff:
        lines.append("No fact added, changed or removed in `data/articles/`.")
        return "\n".join(lines) + "\n"
    lines += [f"**{diff.count('added')} added · {diff.count('changed')} changed · {diff.count('removed')} removed** "
              f"in {len(diff.articles)} article file(s)", ""]
    for article_id in diff.articles:
        title = diff.titles.get(article_id, "")
        lines += [f"#### {_code(article_id)} {_md(title)}".rstrip(), "", "| | fact | details |", "|---|---|---|"]
        for change in (c for c in diff.changes if c.article == article_id):
            label = "article" if change.kind == "article" else f"{change.kind} {_code(change.id)}"
            if change.action == "changed":
                details = "<br>".join(f"{_code(f.field)}: {_md(f.old)} → {_md(f.new)}" for f in change.fields)
            else:
                details = _md(change.summary)
            lines.append(f"| {change.action} | {label} | {details} |")
        lines.append("")
    if diff.unreadable:
        lines.append("**Unreadable files:**")
        lines += [f"- {_md(p)}" for p in diff.unreadable]
    return "\n".join(lines).rstrip() + "\n"
