"""Rewrite data files from the old per-language shape (`title_en`, `definition_zh`, bare `zh:`/`en:`
labels) into the `translations: {<language code>: {<field>: text}}` shape, losing nothing.

Why a module of its own: review files are people's work. The rewrite works on the round-trip
document (ruamel.yaml), moves each old field's value *and its comments* to its new place, and
refuses to write when the result would lose a value or a comment (checked after the rewrite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, MutableMapping

from ruamel.yaml.comments import CommentedMap

from .io import DataError, dump_yaml, load_yaml, load_yaml_roundtrip, read_text, write_atomic

LANGUAGE_CODE = r"[a-z]{2,3}"
# Old article fields: <field>_<language code>; figures had subject_<code>.
_ARTICLE_OLD = re.compile(rf"^(title|outlet|summary)_({LANGUAGE_CODE})$")
_FIGURE_OLD = re.compile(rf"^(subject)_({LANGUAGE_CODE})$")
# Old indicator fields: definition_<code>, sentence_<code>, and a bare <code> holding the label.
_INDICATOR_OLD = re.compile(rf"^(definition|sentence)_({LANGUAGE_CODE})$")
_INDICATOR_LABEL = re.compile(rf"^({LANGUAGE_CODE})$")
_INDICATOR_FIELDS = {"units", "headline", "translations"}
# Where `translations` stands in an article file (store.ARTICLE_KEYS): after these keys.
_ARTICLE_KEYS_BEFORE = ("schema", "id", "source", "sha256", "extractor", "copy_of", "title", "outlet", "author", "date", "url")


@dataclass
class MigrationReport:
    """What a run changed, per file."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def old_fields(kind: str, mapping: Any) -> list[str]:
    """The old per-language keys of one mapping of `kind` ("article", "figure", "indicator")."""
    if not isinstance(mapping, dict):
        return []
    found = []
    for key, value in mapping.items():
        key = str(key)
        if kind == "article" and _ARTICLE_OLD.match(key):
            found.append(key)
        elif kind == "figure" and _FIGURE_OLD.match(key):
            found.append(key)
        elif kind == "indicator" and (_INDICATOR_OLD.match(key) or (
                _INDICATOR_LABEL.match(key) and key not in _INDICATOR_FIELDS and isinstance(value, str))):
            found.append(key)
    return found


def _split(kind: str, key: str) -> tuple[str, str]:
    """(language code, field) of an old key."""
    if kind == "indicator" and _INDICATOR_LABEL.match(key):
        return key, "label"
    name, _, lang = key.rpartition("_")
    return lang, name


def _move_fields(kind: str, mapping: MutableMapping[str, Any]) -> bool:
    """Move the old keys of one mapping into its `translations`, in place; True if anything moved.

    An old key with a null value and no comment said nothing and goes; one with a comment is
    kept (as null) so its comment stays. The translations map stands where the first old key stood.
    """
    keys = old_fields(kind, mapping)
    if not keys:
        return False
    comments = getattr(mapping, "ca", None)
    existing = mapping.get("translations")
    translations: MutableMapping[str, Any] = existing if isinstance(existing, dict) else CommentedMap()
    position = list(mapping).index(keys[0])
    for key in keys:
        lang, name = _split(kind, key)
        value = mapping[key]
        token = comments.items.pop(key, None) if comments is not None else None
        if value is None and not token:
            del mapping[key]
            continue
        inner = translations.get(lang)
        if not isinstance(inner, dict):
            inner = CommentedMap()
            translations[lang] = inner
        if name in inner and inner[name] not in (None, value):
            raise ValueError(f"{key}: both the old field and translations.{lang}.{name} are set, to different text")
        inner[name] = value
        if token is not None and hasattr(inner, "ca"):
            inner.ca.items[name] = token
        del mapping[key]
    if translations and existing is None:
        if kind == "article":  # where extraction writes it: after the article's own fields
            before = [i for i, k in enumerate(mapping) if k in _ARTICLE_KEYS_BEFORE]
            position = before[-1] + 1 if before else len(mapping)
        else:
            position = min(position, len(mapping))
        _insert(mapping, position, "translations", translations)
    return True


def _insert(mapping: MutableMapping[str, Any], position: int, key: str, value: Any) -> None:
    if hasattr(mapping, "insert"):
        mapping.insert(position, key, value)
        return
    items = list(mapping.items())
    items.insert(position, (key, value))
    mapping.clear()
    mapping.update(items)


def migrate_document(kind: str, document: Any) -> bool:
    """Rewrite one loaded data file in place: kind "article" (with its figures) or "indicators"."""
    if not isinstance(document, dict):
        return False
    changed = False
    if kind == "article":
        changed |= _move_fields("article", document)
        for figure in document.get("figures") or []:
            changed |= _move_fields("figure", figure)
    elif kind == "indicators":
        for spec in (document.get("indicators") or {}).values():
            changed |= _move_fields("indicator", spec)
    return changed


def _comments(text: str) -> list[str]:
    """Every comment of a YAML text, as written (order-free check that none was lost)."""
    return sorted(m.group(0).strip() for m in re.finditer(r"(?m)(?<![^\s])#.*$", text))


def _leaves(data: Any) -> list[str]:
    """Every scalar value of a document (order-free check that none was lost)."""
    if isinstance(data, dict):
        return [v for value in data.values() for v in _leaves(value)]
    if isinstance(data, list):
        return [v for value in data for v in _leaves(value)]
    return [] if data is None else [repr(data)]


def migrate_file(path: Path, kind: str) -> bool:
    """Migrate one file if it has old fields; True when rewritten. Refuses (DataError, file left
    as it was) when the rewrite would drop a value or a comment."""
    text = read_text(path)
    plain = load_yaml(text, path)
    document = load_yaml_roundtrip(text, path)
    try:
        if not migrate_document(kind, document):
            return False
    except ValueError as exc:
        raise DataError(path, f"cannot migrate: {exc}") from exc
    new_text = dump_yaml(document)
    lost_comments = set(_comments(text)) - set(_comments(new_text))
    before, after = sorted(_leaves(plain)), sorted(_leaves(load_yaml(new_text, path)))
    if lost_comments or before != after:
        what = f"comments {sorted(lost_comments)}" if lost_comments else "values"
        raise DataError(path, f"migration would lose {what}; the file was not changed")
    write_atomic(path, new_text)
    return True


def migrate_data(data_dir: Path) -> MigrationReport:
    """Migrate every data file that may hold translations: articles/, machine/ and indicators.yaml."""
    data_dir = Path(data_dir)
    report = MigrationReport()
    targets = [(p, "article") for folder in ("articles", "machine") for p in sorted((data_dir / folder).glob("*.yaml"))]
    if (data_dir / "indicators.yaml").exists():
        targets.append((data_dir / "indicators.yaml", "indicators"))
    for path, kind in targets:
        (report.changed if migrate_file(path, kind) else report.unchanged).append(path)
    return report
