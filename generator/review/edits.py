"""The workbench's only way to change data/articles/<id>.yaml: one change, validated, written atomically.

A thin adapter over generator/store.py so the server never opens a data file itself. Each change is
applied to the file as it is on disk at that moment (read, change, validate with the article schema
and the store's cross-checks, atomic write), so nothing else in the file is lost, and an invalid
value leaves the file untouched and comes back as an EditError with a message a reviewer can act on.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

from .. import store
from ..glossary import GLOSSARY_LANGUAGE

FactKind = Literal["pairings", "figures"]
# Fields the workbench may set, per target; ids, quotes and offsets of existing facts are provenance.
FIGURE_FIELDS = (
    "status", "indicator", "value", "unit", "qualifier", "period", "subject", "before", "change",
    "pairing", "note", "same_as", "not_same_as",
)
# Written only when they say something (an empty list or null removes the key, as extraction writes it).
SPARSE_FIELDS = (*store.SPARSE_FIGURE_FIELDS, "same_as", "not_same_as")
# The language the workbench asks curated text in (the one data/glossary.yaml labels are in).
TRANSLATION_LANGUAGE = GLOSSARY_LANGUAGE
# Curated text in any language is set one field at a time: "translations.<code>.<field>" (store.py).
FIGURE_TRANSLATED = ("subject",)
PAIRING_FIELDS = ("status", "note")
ARTICLE_FIELDS: tuple[str, ...] = ()
ARTICLE_TRANSLATED = ("title", "outlet", "summary")
NEW_FIGURE_FIELDS = (*FIGURE_FIELDS, "quote", "offset")
# A reviewer's comments and formatting survive a write: a file that has any is changed as a
# round-trip document (store.load_yaml_roundtrip), one without as plain data (faster, same text).
PRESERVES_COMMENTS = True


class EditError(Exception):
    """A change that was not written, and why (file, field and what is wrong)."""

    def __init__(self, message: str, field_path: str = ""):
        super().__init__(message)
        self.message = message
        self.field_path = field_path


@dataclass(frozen=True)
class Change:
    """One reviewer action on one article.

    `kind` None targets the article's own fields; `fact_id` None with a kind adds a new fact
    (`article_text`: the cleaned text, so the quote is checked to stand at its offset).
    """

    article_id: str
    fields: dict[str, Any]
    kind: FactKind | None = None
    fact_id: str | None = None
    article_text: str | None = None  # for an added fact: its quote must stand at its offset here


@dataclass
class Applied:
    """What a change did: the fact it touched (its id, new for an added fact) and whether the file changed."""

    fact_id: str | None
    written: bool
    document: dict = field(default_factory=dict)


class ArticleFiles:
    """data/articles/<id>.yaml of one project, read and changed one change at a time."""

    def __init__(self, data_dir: Path, indicator_ids: Iterable[str]):
        self.data_dir = Path(data_dir)
        self.indicator_ids = list(indicator_ids)
        self._lock = threading.Lock()  # one write at a time per project (the server is threaded)

    def path(self, article_id: str) -> Path:
        return self.data_dir / "articles" / f"{article_id}.yaml"

    def ids(self) -> list[str]:
        return sorted(p.stem for p in (self.data_dir / "articles").glob("*.yaml"))

    def load(self, article_id: str) -> dict:
        """The validated document; store.DataError (file, line, field) when it is broken."""
        path = self.path(article_id)
        data = store.read_yaml_document(path, "article")
        store.check_article_document(path, data, self.indicator_ids)
        return data

    def apply(self, change: Change) -> Applied:
        """Apply one change and write the file; EditError (nothing written) when it is not valid."""
        if change.article_id not in self.ids():
            raise EditError(f"no article {change.article_id!r} in {self.data_dir / 'articles'}")
        with self._lock:
            path = self.path(change.article_id)
            try:
                current = self.load(change.article_id)
            except store.DataError as exc:
                raise EditError(f"{exc} — fix the file first; the file was not changed", exc.field_path) from exc
            text = store.read_text(path)
            document = copy.deepcopy(current) if store.is_canonical(text, current) else store.load_yaml_roundtrip(text, path)
            fact_id = _apply(document, change)
            self._validate(path, document)
            written = store.write_atomic(path, store.dump_yaml(document))
            return Applied(fact_id, written, document)

    def _validate(self, path: Path, document: dict) -> None:
        validator = store._validator("article")  # noqa: SLF001 - until the store offers one-change validation
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            field_path = ".".join(str(p) for p in first.absolute_path)
            raise EditError(f"{path.name} ({field_path}): {store._explain(first)}; the file was not changed", field_path)  # noqa: SLF001
        try:
            store.check_article_document(path, document, self.indicator_ids)
        except store.DataError as exc:
            raise EditError(f"{path.name} ({exc.field_path}): {exc.message}; the file was not changed", exc.field_path) from exc


def _apply(document: dict, change: Change) -> str | None:
    """Change `document` in place; the id of the fact touched."""
    if change.kind is None:
        _check_fields(change.fields, ARTICLE_FIELDS, "the article", ARTICLE_TRANSLATED)
        _update(document, change.fields, store.ARTICLE_KEYS)
        return None
    facts = document.get(change.kind)
    if facts is None:
        facts = document[change.kind] = []
    if change.fact_id is None:
        if change.kind != "figures":
            raise EditError("only figures can be added in the workbench")
        _check_fields(change.fields, NEW_FIGURE_FIELDS, "a new figure", FIGURE_TRANSLATED)
        quote, offset = change.fields.get("quote"), change.fields.get("offset")
        if change.article_text is not None and quote and (
                not isinstance(offset, int) or change.article_text[offset:offset + len(quote)] != quote):
            raise EditError(f"the quote {quote!r} does not stand at offset {offset} of the article's text; "
                            "the file was not changed", "figures.new.offset")
        new = {"id": new_figure_id(document, change.fields), "status": "added"}
        _update(new, change.fields, store.FIGURE_KEYS)
        facts.append(store._ordered(new, store.FIGURE_KEYS))  # noqa: SLF001
        return new["id"]
    allowed = FIGURE_FIELDS if change.kind == "figures" else PAIRING_FIELDS
    _check_fields(change.fields, allowed, f"a {change.kind[:-1]}",
                  FIGURE_TRANSLATED if change.kind == "figures" else ())
    for fact in facts:
        if fact.get("id") == change.fact_id:
            _update(fact, change.fields, store.FIGURE_KEYS if change.kind == "figures" else store.PAIRING_KEYS)
            if "pairing" in change.fields:
                fact.pop("scope_assumed", None)  # a person chose the pairing: no longer assumed (as the store's merge)
            if "status" in change.fields:
                fact.pop("needs_second_look", None)  # a person has looked again (store.py)
            return change.fact_id
    raise EditError(f"no {change.kind[:-1]} {change.fact_id!r} in this article (reload the page)")


def _update(target: dict, fields: dict, keys: tuple[str, ...]) -> None:
    """Set plain fields as given, curated text ("translations.<code>.<field>") into the translations map."""
    target.update({k: v for k, v in fields.items() if not store.translation_key(k)})
    for key in SPARSE_FIELDS:
        if key in fields and fields[key] in (None, []):
            target.pop(key, None)
    store.set_changes(target, {k: v for k, v in fields.items() if store.translation_key(k)}, keys)


def _check_fields(fields: dict, allowed: Iterable[str], what: str, translated: Iterable[str] = ()) -> None:
    """Known fields only; curated text as translations.<language code>.<one of `translated`>."""
    allowed, translated = tuple(allowed), tuple(translated)
    unknown = sorted(k for k in fields if k not in allowed
                     and not ((found := store.translation_key(k)) and found[1] in translated))
    if unknown:
        names = [*allowed, *(f"translations.<language>.{t}" for t in translated)]
        raise EditError(f"{', '.join(unknown)} cannot be set on {what} here; allowed: {', '.join(names)}")


def new_figure_id(document: dict, fields: dict) -> str:
    """An id not used in the file, derived from where the figure stands (stable for the same selection)."""
    used = {f.get("id") for kind in ("pairings", "figures") for f in document.get(kind) or []}
    seed = f"{document.get('id')}|{fields.get('quote')}|{fields.get('offset')}|reviewer"
    n = 0
    while True:
        candidate = "f-r" + hashlib.sha1(f"{seed}|{n}".encode("utf-8")).hexdigest()[:7]
        if candidate not in used:
            return candidate
        n += 1
