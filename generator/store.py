"""ArticleFacts <-> data/articles/<id>.yaml: validation, a review-safe merge, and the review API.

Extraction writes two files per article:

* ``data/machine/<id>.yaml``: exactly what the machine found last time (overwritten);
* ``data/articles/<id>.yaml``: what the site shows, which reviewers edit.

A new extraction is merged into the reviewed file field by field (`merge_documents`): a field
whose reviewed value differs from the previous machine value was changed by a person and is
kept; facts a person marked reviewed, rejected or added are never overwritten; facts a person
deleted are not brought back. The reviewed file is read as a round-trip document, so a
reviewer's comments, key order and quoting stay where they were.

Fact ids hash the quote, so a re-edited sentence gives a fact a new id. A person's decision
(reviewed, rejected, edited, deleted) is therefore matched to the new extraction by figure
(indicator, value, unit) and by a fuzzy match of the quote (`match_facts`); the matched machine
fact is superseded, never published beside it. A decision that cannot be matched is kept and
flagged ``needs_second_look: true``.

The review API (`load_review`, `update_fact`, `add_fact`, `update_article`) is how the review
workbench writes: one change, validated by the same schema, written atomically.
Files are read and written only through generator/io.py.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import jsonschema
import yaml
from rapidfuzz import fuzz

from .io import (  # noqa: F401  (re-exported: the store's public names since before generator/io.py)
    DataError,
    compose_yaml,
    dump_yaml,
    is_canonical,
    load_yaml,
    load_yaml_roundtrip,
    pid_alive,
    read_text,
    remove_stale_temp_files,
    write_atomic,
)
from .migrate import old_fields
from .model import Article, ArticleFacts, Figure, Institution, Pairing, PlaceRef
from .parallel import fork_map
from .values import article_problems, dotted, number_problems

SCHEMA_VERSION = 1

# Key order of the YAML files: stable, readable diffs for reviewers.
ARTICLE_KEYS = (
    "schema", "id", "source", "sha256", "extractor", "copy_of", "title", "outlet",
    "author", "date", "url", "translations", "pairings", "figures",
)
PAIRING_KEYS = ("id", "status", "donor", "recipient", "quote", "offset", "institutions", "note", "needs_second_look")
FIGURE_KEYS = (
    "id", "status", "indicator", "value", "unit", "qualifier", "period", "subject", "translations",
    "before", "before_qualifier", "as_many_as", "reduced", "change", "derived", "derived_rule", "part_of", "pairing", "scope_assumed",
    "quote", "offset", "note", "machine_id", "needs_second_look",
    "same_as", "not_same_as",
)
# Figure fields written only when they say something (most figures are reported numbers, exact,
# standing alone); a missing one means exact / not derived / no total.
SPARSE_FIGURE_FIELDS = ("before_qualifier", "as_many_as", "reduced", "change", "derived", "derived_rule", "part_of")
# Fields only people write; extraction never sets or changes them.
# Curated text in other languages is keyed by language code: translations: {en: {title: …}} (see
# data/README.md, "Languages"); a language is data, never a field of its own.
CURATED_ARTICLE_FIELDS = ("translations",)
CURATED_FACT_FIELDS = ("status", "translations", "note", "needs_second_look", "machine_id", "same_as", "not_same_as")
# Article fields extraction writes only when it finds something (a repost's original): when a later
# run no longer finds it and no person changed it, it goes.
MACHINE_OPTIONAL_FIELDS = ("copy_of",)
# Statuses that freeze a fact against extraction.
PERSON_STATUSES = ("reviewed", "rejected", "added")


# ----------------------------------------------------------------------------- dicts


def _clean_number(value: Any) -> Any:
    """Integral floats become ints so YAML shows 257, not 257.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _ordered(data: dict, keys: Iterable[str]) -> dict:
    keys = tuple(keys)
    out = {k: data[k] for k in keys if k in data}
    out.update({k: v for k, v in data.items() if k not in out})
    return out


def _place_dict(ref: PlaceRef) -> dict:
    return {"name": ref.name, "adcode": ref.adcode, "level": ref.level}


def pairing_to_dict(pairing: Pairing) -> dict:
    data = {
        "id": pairing.id,
        "status": pairing.status,
        "donor": _place_dict(pairing.donor),
        "recipient": _place_dict(pairing.recipient),
        "quote": pairing.quote,
        "offset": pairing.offset,
        "institutions": [
            {"donor": i.donor, "recipient": i.recipient, "quote": i.quote, "offset": i.offset}
            for i in pairing.institutions
        ],
    }
    if pairing.note:
        data["note"] = pairing.note
    if pairing.needs_second_look:
        data["needs_second_look"] = True
    return data


def figure_to_dict(figure: Figure) -> dict:
    data = {
        "id": figure.id,
        "status": figure.status,
        "indicator": figure.indicator,
        "value": _clean_number(figure.value),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "period": figure.period,
        "subject": figure.subject,
        "before": _clean_number(figure.before),
        "before_qualifier": figure.before_qualifier,
        "as_many_as": figure.as_many_as or None,
        "reduced": figure.reduced or None,
        "change": figure.change,
        "derived": figure.derived or None,
        "derived_rule": figure.derived_rule,
        "part_of": figure.part_of,
        "pairing": figure.pairing,
        "quote": figure.quote,
        "offset": figure.offset,
    }
    for key in SPARSE_FIGURE_FIELDS:
        if data[key] is None:
            del data[key]
    if figure.translations:  # a reviewer's; written only when set
        data = _ordered({**data, "translations": _plain_translations(figure.translations)}, FIGURE_KEYS)
    if figure.scope_assumed:
        # Written only when true: the extractor fell back to the article's main pairing.
        data = _ordered({**data, "scope_assumed": True}, FIGURE_KEYS)
    if figure.note:
        data["note"] = figure.note
    if figure.machine_id:
        data["machine_id"] = figure.machine_id
    if figure.needs_second_look:
        data["needs_second_look"] = True
    for key in ("same_as", "not_same_as"):  # a reviewer's; written only when set
        if getattr(figure, key):
            data[key] = list(getattr(figure, key))
    return data


def facts_to_dict(facts: ArticleFacts, extractor: str | None = None) -> dict:
    """The YAML document for one article (key order fixed)."""
    a = facts.article
    data = {
        "schema": SCHEMA_VERSION,
        "id": a.id,
        "source": a.source,
        "sha256": a.sha256,
        "extractor": extractor,
        "title": a.title,
        "outlet": a.outlet,
        "author": a.author,
        "date": a.date,
        "url": a.url,
        "translations": _plain_translations(facts.translations) or None,
        "pairings": [pairing_to_dict(p) for p in facts.pairings],
        "figures": [figure_to_dict(f) for f in facts.figures],
    }
    if extractor is None:
        del data["extractor"]
    if data["translations"] is None:  # written only when a person curated some text
        del data["translations"]
    if facts.copy_of is not None:  # only reposts (and a reviewer's "no copy") carry the field
        data = _ordered({**data, "copy_of": facts.copy_of}, ARTICLE_KEYS)
    return data


def _translations(data: Mapping | None) -> dict[str, dict[str, str]]:
    """The curated texts of a document's `translations` map, empty ones left out."""
    return {str(lang): {str(k): str(v) for k, v in (fields or {}).items() if v}
            for lang, fields in (data or {}).items() if any((fields or {}).values())}


def _plain_translations(translations: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    return {lang: dict(fields) for lang, fields in translations.items() if fields}


def _place_ref(data: dict) -> PlaceRef:
    return PlaceRef(name=data.get("name", ""), adcode=data.get("adcode"), level=data.get("level"))


def dict_to_facts(data: dict) -> ArticleFacts:
    """Inverse of facts_to_dict; expects a document that passed validation."""
    article = Article(
        id=data["id"],
        source=data.get("source") or f"{data['id']}.txt",
        sha256=data.get("sha256") or "",
        text="",
        title=data.get("title"),
        outlet=data.get("outlet"),
        author=data.get("author"),
        date=str(data["date"]) if data.get("date") else None,
        url=data.get("url"),
    )
    pairings = [
        Pairing(
            id=p["id"],
            donor=_place_ref(p["donor"]),
            recipient=_place_ref(p["recipient"]),
            quote=p.get("quote") or "",
            offset=p.get("offset", -1) if p.get("offset") is not None else -1,
            institutions=[
                Institution(i["donor"], i["recipient"], i.get("quote") or "", i.get("offset", -1) or -1)
                for i in p.get("institutions") or []
            ],
            status=p.get("status", "machine"),
            note=p.get("note"),
            needs_second_look=bool(p.get("needs_second_look")),
        )
        for p in data.get("pairings") or []
    ]
    figures = [
        Figure(
            id=f["id"],
            indicator=f["indicator"],
            value=f["value"],
            unit=f["unit"],
            qualifier=f.get("qualifier", "exact"),
            period=str(f["period"]) if f.get("period") is not None else None,
            subject=f.get("subject"),
            before=f.get("before"),
            before_qualifier=f.get("before_qualifier"),
            as_many_as=bool(f.get("as_many_as")),
            reduced=bool(f.get("reduced")),
            change=f.get("change"),
            derived=bool(f.get("derived")),
            derived_rule=f.get("derived_rule"),
            part_of=f.get("part_of"),
            quote=f.get("quote") or "",
            offset=f.get("offset", -1) if f.get("offset") is not None else -1,
            pairing=f.get("pairing"),
            scope_assumed=bool(f.get("scope_assumed", False)),
            status=f.get("status", "machine"),
            translations=_translations(f.get("translations")),
            note=f.get("note"),
            needs_second_look=bool(f.get("needs_second_look")),
            machine_id=f.get("machine_id"),
            same_as=list(f.get("same_as") or []),
            not_same_as=list(f.get("not_same_as") or []),
        )
        for f in data.get("figures") or []
    ]
    return ArticleFacts(
        article=article,
        pairings=pairings,
        figures=figures,
        translations=_translations(data.get("translations")),
        copy_of=data.get("copy_of"),
    )


# ------------------------------------------------------------------------ YAML files


def _line_of(root: yaml.Node | None, pointer: Iterable[Any]) -> int | None:
    """1-based line of the node at a JSON-schema error path, for messages people can act on."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for step in pointer:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == step:
                    node, line = value_node, key_node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    """One compiled validator per schema, reused for every file (validation is the hot path)."""
    return jsonschema.Draft202012Validator(load_schema(name), format_checker=_FORMATS)


_FORMATS = jsonschema.FormatChecker(["regex"])  # patterns in extraction.yaml and translations.yaml must compile


def load_schema(name: str) -> dict:
    text = resources.files("generator").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def read_yaml_document(path: Path, schema: str | None = None, *, empty_ok: bool = False,
                       text: str | None = None) -> dict:
    """Parse and validate a YAML data file; raise DataError naming the file, line and field.

    Every schema problem is reported, each at its own line (an unknown field at the line of
    that field); the first is the error's own line, the rest are in `DataError.problems`.
    With `empty_ok`, an empty file (or one holding only comments) reads as {} and is then
    validated like any other. `text`: the file's content when the caller has read it already.
    """
    path = Path(path)
    if text is None:
        text = read_text(path)
    data = load_yaml(text, path)
    if data is None and empty_ok:
        data = {}
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise DataError(path, f"expected a mapping of fields at the top level, found {found} (see data/README.md)", line=1)
    if schema in ("article", "indicators"):
        _refuse_old_shape(path, text, schema, data)
    if schema is not None:
        errors = list(_validator(schema).iter_errors(data))
        if errors:
            raise _combined(_schema_problems(path, text, errors))
    return data


def _refuse_old_shape(path: Path, text: str, schema: str, data: dict) -> None:
    """A file written before languages were data (title_en, sentence_zh, …): say how to migrate it."""
    if schema == "article":
        found = [([k], k) for k in old_fields("article", data)] + [
            (["figures", i, k], k) for i, f in enumerate(data.get("figures") or []) for k in old_fields("figure", f)]
    else:
        found = [(["indicators", iid, k], k) for iid, spec in (data.get("indicators") or {}).items()
                 for k in old_fields("indicator", spec)]
    if found:
        pointer, key = found[0]
        raise DataError(path, f"{key!r} is a per-language field of the old shape: curated text now goes under "
                              f"`translations: {{<language code>: {{<field>: …}}}}`; run `python -m generator "
                              f"migrate-data` to rewrite the file, keeping every value and comment (data/README.md)",
                        line=_line_of(compose_yaml(text), pointer), field_path=dotted(tuple(pointer)))


def _combined(problems: list[DataError]) -> DataError:
    """One DataError for several problems of one file, in line order."""
    problems = sorted(problems, key=lambda e: (e.line or 0, e.field_path))
    first, rest = problems[0], problems[1:]
    return DataError(first.path, first.message, line=first.line, field_path=first.field_path, problems=rest)


def _schema_problems(path: Path, text: str, errors: list[jsonschema.ValidationError]) -> list[DataError]:
    root = compose_yaml(text)
    problems = []
    for err in errors:
        pointer = list(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = list(err.schema.get("properties") or {})
            for key in [k for k in err.instance if k not in known]:
                problems.append(DataError(
                    path, f"unknown field {key!r}" + (f"; expected one of {', '.join(known)}" if known else ""),
                    line=_key_line(root, pointer, key), field_path=".".join(str(p) for p in [*pointer, key]),
                ))
            continue
        problems.append(DataError(path, _explain(err), line=_line_of(root, pointer),
                                  field_path=".".join(str(p) for p in pointer)))
    return problems


def _key_line(root: yaml.Node | None, pointer: list, key: Any) -> int | None:
    """Line of `key` inside the mapping at pointer (the mapping's own line when not found)."""
    node = _node_at(root, pointer)
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == str(key):
                return key_node.start_mark.line + 1
    return _line_of(root, pointer)


def _node_at(root: yaml.Node | None, pointer: list) -> yaml.Node | None:
    node = root
    for step in pointer:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


def _explain(error: jsonschema.ValidationError) -> str:
    """A schema error in words a reviewer can act on."""
    if error.validator == "required":
        return f"missing field: {error.message.split(' ')[0]}"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return f"{json.dumps(error.instance, ensure_ascii=False)} is not allowed here; expected one of {allowed}"
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {expected}, found {json.dumps(error.instance, ensure_ascii=False)}"
    if error.validator == "pattern":
        hint = error.schema.get("description")
        if hint:
            return f"{json.dumps(error.instance, ensure_ascii=False)} is not allowed here; expected {hint}"
        return f"{json.dumps(error.instance, ensure_ascii=False)} does not have the expected form ({error.validator_value})"
    if error.validator == "format" and error.validator_value == "regex":
        try:
            re.compile(error.instance)
            reason = ""
        except (re.error, TypeError) as exc:
            reason = f" ({exc})"
        return f"{json.dumps(error.instance, ensure_ascii=False)} is not a valid regular expression{reason}"
    if error.validator == "additionalProperties":
        known = ", ".join(error.schema.get("properties") or {})
        extra = sorted(set(error.instance) - set(error.schema.get("properties") or {}), key=str)
        return f"unknown field(s) {', '.join(map(str, extra))}" + (f"; expected one of {known}" if known else "")
    if error.validator in ("minItems", "maxItems", "minProperties", "minLength"):
        return f"{json.dumps(error.instance, ensure_ascii=False)} is too short or too long ({error.validator}: {error.validator_value})"
    if error.validator == "const":
        return f"expected {json.dumps(error.validator_value)}, found {json.dumps(error.instance, ensure_ascii=False)}"
    return error.message


def check_article_document(path: Path, data: dict, indicator_ids: Iterable[str] | None = None,
                           text: str | None = None) -> None:
    """Checks a schema cannot express: unique ids, known indicators, pairing references, plausible values.

    Every problem is reported; with the file's `text`, each at its line.
    """
    found: list[tuple[str, list]] = []

    def problem(message: str, pointer: list) -> None:
        found.append((message, pointer))

    for pointer, message in article_problems(data):  # generator/values.py
        problem(message, list(pointer))

    seen: set[str] = set()
    for kind in ("pairings", "figures"):
        for index, fact in enumerate(data.get(kind) or []):
            fid = fact["id"]
            if fid in seen:
                problem(f"duplicate fact id {fid!r}; give each fact its own id", [kind, index, "id"])
            seen.add(fid)
    pairing_ids = {p["id"] for p in data.get("pairings") or []}
    known = set(indicator_ids) if indicator_ids is not None else None
    for index, fact in enumerate(data.get("figures") or []):
        if known is not None and fact["indicator"] not in known:
            problem(f"unknown indicator {fact['indicator']!r}; use one of the ids in data/indicators.yaml",
                    ["figures", index, "indicator"])
        if fact.get("pairing") and fact["pairing"] not in pairing_ids:
            problem(f"figure refers to pairing {fact['pairing']!r}, which this file does not define",
                    ["figures", index, "pairing"])
    if found:
        root = compose_yaml(text) if text is not None else None  # only now: composing is slow
        raise _combined([
            DataError(path, message, line=_line_of(root, pointer) if root is not None else None,
                      field_path=".".join(map(str, pointer)))
            for message, pointer in found
        ])


def load_article_file(path: Path, indicator_ids: Iterable[str] | None = None) -> ArticleFacts:
    text = read_text(path)
    data = read_yaml_document(path, "article", text=text)
    check_article_document(path, data, indicator_ids, text=text)
    return dict_to_facts(data)


# Every hand-made data file (relative to data/), its schema, and whether the build needs it.
DATA_FILES: tuple[tuple[str, str, bool], ...] = (
    ("indicators.yaml", "indicators", True),
    ("translations.yaml", "translations", False),
    ("glossary.yaml", "glossary", False),
    ("extraction.yaml", "extraction", False),
    ("outlets.yaml", "outlets", False),
    ("gazetteer/overrides.yaml", "gazetteer-overrides", False),
    ("gazetteer/aliases.yaml", "gazetteer-aliases", False),
    ("gazetteer/ethnic_groups.yaml", "gazetteer-ethnic_groups", False),
    ("gazetteer/pinyin.yaml", "gazetteer-pinyin", False),
    ("gazetteer/cooperation.yaml", "gazetteer-cooperation", False),
    ("regions.yaml", "regions", False),
)


def load_data_file(path: Path, schema: str) -> dict:
    """A hand-made data file (indicators.yaml, translations.yaml, gazetteer/*.yaml, ...), parsed and
    validated against generator/schemas/<schema>.schema.json; DataError names file, line and field.

    The one way loaders read these files, so bad content stops with a message, never a traceback.
    """
    path = Path(path)
    data = read_yaml_document(path, schema, empty_ok=True)
    check_data_document(path, schema, data)
    return data


def _raise_value_problems(path: Path, problems: list[tuple[tuple, str]]) -> None:
    """A DataError at the first implausible value (generator/values.py), naming the others' fields."""
    if not problems:
        return
    (pointer, message), rest = problems[0], problems[1:]
    if rest:
        message += f" (also: {', '.join(dotted(p) for p, _ in rest[:5])}{' …' if len(rest) > 5 else ''})"
    raise DataError(path, message, line=_line_in(path, list(pointer)), field_path=dotted(pointer))


def check_data_document(path: Path, schema: str, data: dict, indicator_ids: Iterable[str] | None = None) -> None:
    """Checks a schema cannot express, per data file."""
    _raise_value_problems(path, number_problems(data))
    if schema == "indicators":
        required = ("outcome_level", "outcome_change", "other")  # the renderer and extraction rely on these
        missing = [i for i in required if i not in (data.get("indicators") or {})]
        if missing:
            raise DataError(path, f"missing indicator(s) {', '.join(missing)}: the report needs them", field_path="indicators")
    if schema == "extraction" and indicator_ids is not None:
        known = set(indicator_ids) | {"drop"}  # "drop": the rule discards the number
        for index, rule in enumerate(data.get("rules") or []):
            if rule["indicator"] not in known:
                raise DataError(
                    path, f"unknown indicator {rule['indicator']!r}; use one of the ids in data/indicators.yaml",
                    line=_line_in(path, ["rules", index, "indicator"]), field_path=f"rules.{index}.indicator",
                )


def _line_in(path: Path, pointer: list) -> int | None:
    try:
        return _line_of(compose_yaml(Path(path).read_text(encoding="utf-8")), pointer)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def validate_data_files(data_dir: Path) -> list[DataError]:
    """Every hand-made data file of data_dir against its schema (articles are checked when loaded).

    Returns the problems, one per file; a required file that is missing is a problem too.
    """
    data_dir = Path(data_dir)
    errors: list[DataError] = []
    indicator_ids = None
    for rel, schema, required in DATA_FILES:
        path = data_dir / rel
        if not path.exists():
            if required:
                errors.append(DataError(path, "the file is missing; the build needs it"))
            continue
        try:
            data = load_data_file(path, schema)
            if schema == "indicators":
                indicator_ids = list(data.get("indicators") or {})
            check_data_document(path, schema, data, indicator_ids)
        except DataError as exc:
            errors.append(exc)
    return errors


@dataclass
class LoadResult:
    """Articles that loaded, and the problems with those that did not."""

    articles: list[ArticleFacts] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)


def load_articles(data_dir: Path, indicator_ids: Iterable[str] | None = None) -> LoadResult:
    """Every data/articles/*.yaml, sorted by id; a bad file is reported, the others still load."""
    result = LoadResult()
    ids = list(indicator_ids) if indicator_ids is not None else None
    paths = sorted((Path(data_dir) / "articles").glob("*.yaml"))
    # Reading and validating YAML is the cost (~6 s at 1,000 articles): every file on its own, on every core.
    for loaded in fork_map([partial(_load_or_error, path, ids) for path in paths]):
        if isinstance(loaded, DataError):
            result.errors.append(loaded)
        else:
            result.articles.append(loaded)
    return result


def _load_or_error(path: Path, ids: list[str] | None) -> "ArticleFacts | DataError":
    try:
        return load_article_file(path, ids)
    except DataError as exc:
        return exc


# ---------------------------------------------------------------------------- merge


@dataclass
class MergeLog:
    """What one merge did, for the extract command's report: counts, and per fact what happened."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # machine facts updated by the new extraction
    kept: list[str] = field(default_factory=list)  # facts or fields a person changed, left alone
    removed: list[str] = field(default_factory=list)  # machine facts no longer found
    unchanged: int = 0
    events: list[str] = field(default_factory=list)  # "<id>: <what happened>", every fact not unchanged
    warnings: list[str] = field(default_factory=list)  # decisions that need a second look
    person_fields: dict[str, list[str]] = field(default_factory=dict)  # fact id -> fields a person changed

    def note(self, bucket: list[str], entry: str, what: str) -> None:
        bucket.append(entry)
        self.events.append(f"{entry.split(' ')[0]}: {what}")

    def summary(self) -> str:
        second = f", {len(self.warnings)} need a second look" if self.warnings else ""
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.kept)} kept as reviewed, {self.unchanged} unchanged{second}"
        )

    def details(self) -> list[str]:
        """One line per fact the merge touched or left alone on a person's behalf."""
        return list(self.events)


# How close a re-edited sentence must stay to count as the same place (see match_facts).
QUOTE_SIMILAR = 60  # rapidfuzz score 0-100: the quote re-edited lightly
QUOTE_SAME_SENTENCE = 85  # the same sentence, with a different number in it
NEAR_CHARS = 300  # offsets this close are the same part of the article


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _figure_key(fact: Mapping) -> tuple:
    return (fact.get("indicator"), _number(fact.get("value")), fact.get("unit"))


def _quote_similarity(a: str | None, b: str | None) -> float:
    """0-100. ratio for a light re-edit; partial_ratio when one quote now holds the other
    (a clause cut differently after the edit)."""
    a, b = a or "", b or ""
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= 6:
        score = max(score, fuzz.partial_ratio(a, b))
    return score


@dataclass(frozen=True)
class FactMatch:
    """A person's fact (or a deleted one) and the new machine fact that states the same figure."""

    decided_id: str
    machine_id: str
    confident: bool  # False: matched, but a person should look again
    similarity: float


def match_facts(decided: Sequence[Mapping], candidates: Sequence[Mapping]) -> list[FactMatch]:
    """Pair person-decided facts with new machine facts whose ids differ (a re-edited sentence).

    `decided` are the facts as the machine last stated them (the baseline, so a reviewer's
    corrected value still finds the machine's figure). A pair is *confident* when the figure
    (indicator, value, unit) is the same and the quote is similar or near; *weak* when only the
    figure is the same, or only the sentence (its number changed). Each fact is matched at most
    once, best pairs first.
    """
    pairs = []
    for d in decided:
        for c in candidates:
            same_figure = _figure_key(d) == _figure_key(c)
            similarity = _quote_similarity(d.get("quote"), c.get("quote"))
            distance = abs((d.get("offset") or 0) - (c.get("offset") or 0))
            near = d.get("offset") is not None and c.get("offset") is not None and distance <= NEAR_CHARS
            if same_figure and (similarity >= QUOTE_SIMILAR or near):
                confident = True
            elif same_figure or (similarity >= QUOTE_SAME_SENTENCE and near):
                confident = False
            else:
                continue
            pairs.append((confident, same_figure, similarity, -distance, d["id"], c["id"]))
    pairs.sort(key=lambda p: (p[0], p[1], p[2], p[3]), reverse=True)
    taken_d: set[str] = set()
    taken_c: set[str] = set()
    matches = []
    for confident, _, similarity, _, did, cid in pairs:
        if did in taken_d or cid in taken_c:
            continue
        taken_d.add(did)
        taken_c.add(cid)
        matches.append(FactMatch(did, cid, confident, similarity))
    return matches


def _set_key(target: dict, key: str, value: Any, order: Iterable[str]) -> None:
    """Set target[key] in place (a round-trip map keeps its comments); a new key goes where
    `order` puts it. Equal values are not reassigned, so their formatting stays."""
    if key in target:
        if target[key] != value:
            target[key] = value
        return
    order = list(order)
    if key not in order:
        target[key] = value
        return
    before = [k for k in order[: order.index(key)] if k in target]
    position = list(target).index(before[-1]) + 1 if before else 0
    if hasattr(target, "insert"):  # a round-trip map: comments stay with their keys
        target.insert(position, key, value)
        return
    items = list(target.items())
    items.insert(position, (key, value))
    target.clear()
    target.update(items)


def _person_changed(current: Mapping, baseline: Mapping | None, key: str, new: Mapping) -> bool:
    if key not in current:
        return False
    if baseline is None:
        return current[key] != new.get(key)
    return current[key] != baseline.get(key)


def _merge_fact(current: dict, previous: dict | None, new: dict, log: MergeLog, keys: Iterable[str],
                how: str = "") -> dict:
    """Merge one fact in place: person-owned facts and fields win, the rest follows the machine.

    A fact a person decided (reviewed, rejected, added) keeps every field; only its quote and
    offset follow the machine while the person has not changed them, so its provenance stays
    true when the sentence moves.
    """
    fid = current["id"]
    status = current.get("status")
    if status in PERSON_STATUSES:
        moved = []
        for key in ("quote", "offset"):
            if key in new and previous is not None and not _person_changed(current, previous, key, new) \
                    and current.get(key) != new[key]:
                _set_key(current, key, new[key], keys)
                moved.append(key)
        what = {"reviewed": "kept as reviewed", "rejected": "kept as rejected", "added": "kept as added by a person"}
        extra = f"; {', '.join(moved)} updated from the article" if moved else ""
        log.note(log.kept, fid, f"{what[status]}{how}{extra}")
        return current
    edited = []
    updated = []
    for key in new:
        if key == "id":
            continue  # which fact this is was settled by linking (id or machine_id)
        if key in CURATED_FACT_FIELDS:
            if key not in current and new.get(key) is not None:
                _set_key(current, key, new[key], keys)
            continue
        if key not in current and previous is not None and key in previous:
            edited.append(key)  # the reviewer deleted a field the machine wrote (scope_assumed)
            continue
        if _person_changed(current, previous, key, new):
            edited.append(key)
            continue
        if key not in current or current[key] != new[key]:
            _set_key(current, key, new[key], keys)
            updated.append(key)
    for key in [k for k in current if k not in new and k not in CURATED_FACT_FIELDS and k != "id"]:
        if previous is not None and key in previous and current[key] == previous[key]:
            del current[key]  # a field the machine wrote last time and no longer writes (scope_assumed)
            updated.append(key)
    if edited:
        log.person_fields[fid] = edited
    if "pairing" in edited and "scope_assumed" in current:
        del current["scope_assumed"]  # the reviewer chose the pairing: it is no longer assumed
    if edited:
        log.note(log.kept, f"{fid} ({', '.join(edited)})", f"kept the reviewer's {', '.join(edited)}{how}"
                 + (f"; updated from machine: {', '.join(updated)}" if updated else ""))
    elif updated:
        log.note(log.changed, fid, f"updated from machine: {', '.join(updated)}{how}")
    else:
        log.unchanged += 1
    return current


def _decided_by_person(fact: Mapping, baseline: Mapping | None) -> bool:
    """A person's decision: a reviewing status, or any machine field changed by hand."""
    if fact.get("status") in PERSON_STATUSES:
        return True
    if baseline is None:
        return True  # no machine snapshot to tell: a person may have written it, keep it
    return any(fact.get(k) != baseline.get(k) for k in fact if k not in CURATED_FACT_FIELDS)


def _merge_facts(kind: str, current: list[dict], previous: list[dict], new: list[dict], log: MergeLog,  # noqa: C901 (matches machine facts to reviewed ones in passes; one function per pass)
                 text: str | None = None) -> list[dict]:
    keys = FIGURE_KEYS if kind == "figures" else PAIRING_KEYS
    prev = {f["id"]: f for f in previous}
    new_by_id = {f["id"]: f for f in new}

    def link(fact: Mapping) -> str:
        return fact.get("machine_id") or fact["id"]

    cur_links = {link(f) for f in current}
    linked = {link(f): f for f in current if link(f) in new_by_id}
    # Machine facts a reviewer deleted from the file: their id is in the last snapshot only.
    deleted = [p for fid, p in prev.items() if fid not in cur_links]
    deleted_ids = {p["id"] for p in deleted}
    # Person decisions whose fact the new extraction no longer states under the same id.
    unlinked = [f for f in current if link(f) not in new_by_id]
    decided = [f for f in unlinked if _decided_by_person(f, prev.get(link(f)))]
    free = [n for n in new if n["id"] not in linked and n["id"] not in deleted_ids]

    superseded: dict[str, tuple[dict | None, FactMatch, dict | None]] = {}  # new id -> (current fact, match, baseline)
    matched_decided: set[int] = set()
    if kind == "figures" and free and (decided or deleted):
        baselines = {}
        for f in decided:
            baselines[f["id"]] = dict(prev.get(link(f)) or f, id=f["id"])
        for d in deleted:
            if d["id"] not in new_by_id:
                baselines.setdefault(d["id"], dict(d))
        by_decided = {f["id"]: f for f in decided}
        for match in match_facts(list(baselines.values()), free):
            fact = by_decided.get(match.decided_id)
            if fact is not None and fact.get("status") == "added" and not match.confident:
                continue  # a fact a person added elsewhere is not the machine's same figure
            superseded[match.machine_id] = (fact, match, baselines[match.decided_id])
            if fact is not None:
                matched_decided.add(id(fact))

    out: list[dict] = []
    for fact in current:
        lid = link(fact)
        if lid in new_by_id:
            out.append(_merge_fact(fact, prev.get(lid), new_by_id[lid], log, keys))
            continue
        if id(fact) in matched_decided:
            machine_id, (_, match, baseline) = next(
                (mid, entry) for mid, entry in superseded.items() if entry[0] is fact
            )
            if machine_id != fact["id"]:
                _set_key(fact, "machine_id", machine_id, keys)
            else:
                fact.pop("machine_id", None)
            if match.confident:
                # The quote of a fact a person added is theirs: it does not follow the machine's.
                _merge_fact(fact, None if fact.get("status") == "added" else baseline, new_by_id[machine_id], log, keys,
                            how=f" (its sentence was re-edited; the machine now calls it {machine_id})")
            else:
                _set_key(fact, "needs_second_look", True, keys)
                warning = (f"{fact['id']}: needs a second look: the article was re-edited and the machine's "
                           f"nearest fact {machine_id} differs (quote similarity {match.similarity:.0f}/100); "
                           f"kept the reviewer's fact, did not add the machine's")
                log.warnings.append(warning)
                log.note(log.kept, fact["id"], warning.split(": ", 1)[1])
            out.append(fact)
            continue
        if any(fact is d for d in decided):
            quote = fact.get("quote")
            if text is not None and quote and quote not in text and fact.get("status") != "rejected":
                _set_key(fact, "needs_second_look", True, keys)
                warning = (f"{fact['id']}: needs a second look: its quote is no longer in the article and no "
                           f"new fact matches it; kept as the reviewer left it")
                log.warnings.append(warning)
                log.note(log.kept, fact["id"], warning.split(": ", 1)[1])
            else:
                log.note(log.kept, fact["id"], "kept as the reviewer left it (the machine no longer states it)")
            out.append(fact)
            continue
        log.note(log.removed, fact["id"], "removed: the machine no longer finds it")

    # New machine facts: added after their neighbour in the new order, unless superseded or deleted.
    placed: dict[str, dict] = {link(f): f for f in out}
    for index, fact in enumerate(new):
        fid = fact["id"]
        if fid in linked:
            continue
        if fid in deleted_ids:
            log.note(log.kept, f"{fid} (deleted by a reviewer)", "not added: a reviewer deleted it")
            continue
        if fid in superseded:
            owner, match, _ = superseded[fid]
            if owner is None:
                what = (f"not added: the same figure as {match.decided_id}, which a reviewer deleted "
                        f"before its sentence was re-edited")
                if not match.confident:
                    log.warnings.append(f"{fid}: {what} (weak match, quote similarity {match.similarity:.0f}/100)")
                log.note(log.kept, f"{fid} (deleted by a reviewer)", what)
            continue
        item = dict(fact)
        after = next((placed[n["id"]] for n in reversed(new[:index]) if n["id"] in placed), None)
        at = next(i for i, f in enumerate(out) if f is after) + 1 if after is not None else 0
        out.insert(at, item)
        placed[fid] = item
        log.note(log.added, fid, "added (new machine fact)")
    return out


def _replace_items(target: list, items: list) -> list:
    """Make target hold items, in place when it is a round-trip sequence (its comments stay)."""
    if target is None:
        return items
    if [id(x) for x in target] != [id(x) for x in items]:
        target[:] = items
    return target


def merge_documents(current: dict | None, previous: dict | None, new: dict,
                    text: str | None = None) -> tuple[dict, MergeLog]:
    """Three-way merge of one article: reviewed file, last machine output, new machine output.

    `current` may be a round-trip document (load_yaml_roundtrip); the result is then the same
    kind, with the reviewer's comments where they were. `current` itself is not changed.
    `text`: the article's cleaned text, to tell a person's fact whose quote is gone.
    """
    log = MergeLog()
    if current is None:
        for fact in [*new.get("pairings", []), *new.get("figures", [])]:
            log.note(log.added, fact["id"], "added (new machine fact)")
        return _ordered(new, ARTICLE_KEYS), log
    merged = copy.deepcopy(current)
    previous = previous or {}
    for key in ARTICLE_KEYS:
        if key in ("pairings", "figures"):
            items = _merge_facts(key, list(merged.get(key) or []), previous.get(key) or [],
                                 new.get(key) or [], log, text)
            if merged.get(key) is None:
                _set_key(merged, key, items, ARTICLE_KEYS)
            else:
                _replace_items(merged[key], items)
        elif key in CURATED_ARTICLE_FIELDS:
            continue  # a person's: extraction never writes it
        elif key in new:
            person_changed = key in merged and key in previous and merged[key] != previous[key]
            no_baseline = key in merged and key not in previous and merged[key] != new[key]
            if (person_changed or no_baseline) and key not in ("schema", "sha256", "extractor"):
                log.note(log.kept, key, "kept the reviewer's value")
            elif key not in merged or merged[key] != new[key]:
                if key not in ("schema", "sha256", "extractor"):
                    log.events.append(f"{key}: updated from machine")
                _set_key(merged, key, new[key], ARTICLE_KEYS)
        elif key in MACHINE_OPTIONAL_FIELDS and key in merged and key in previous and merged[key] == previous[key]:
            # The machine wrote it last time and no longer finds it; no person changed it.
            del merged[key]
            log.events.append(f"{key}: removed (the machine no longer finds it)")
    _keep_referenced_pairings(merged, current, log)
    _drop_dangling_pairings(merged, log)
    return merged, log


def _keep_referenced_pairings(merged: dict, current: dict, log: MergeLog) -> None:
    """A pairing the machine no longer finds stays while a kept figure names it as its scope.

    (A repost's file loses its machine facts, but a figure a reviewer checked keeps its pairing.)
    A pairing a reviewer deleted is not in `current` and is never brought back.
    """
    have = {p["id"] for p in merged.get("pairings") or []}
    wanted = {f.get("pairing") for f in merged.get("figures") or []} - have - {None}
    for pairing in current.get("pairings") or []:
        if pairing["id"] in wanted:
            if merged.get("pairings") is None:
                _set_key(merged, "pairings", [], ARTICLE_KEYS)
            merged["pairings"].append(copy.deepcopy(pairing))
            log.removed = [r for r in log.removed if r != pairing["id"]]
            log.events = [e for e in log.events if not e.startswith(f"{pairing['id']}: removed")]
            log.note(log.kept, f"{pairing['id']} (scope of a kept figure)", "kept: the scope of a kept figure")


def _drop_dangling_pairings(document: dict, log: MergeLog) -> None:
    """A machine figure whose pairing a reviewer deleted keeps no reference to it."""
    pairing_ids = {p["id"] for p in document.get("pairings") or []}
    for fact in document.get("figures") or []:
        if fact.get("pairing") and fact["pairing"] not in pairing_ids and fact.get("status") not in PERSON_STATUSES \
                and "pairing" not in log.person_fields.get(fact["id"], ()):
            log.events.append(f"{fact['id']}: pairing {fact['pairing']} left out (a reviewer deleted that pairing)")
            fact["pairing"] = None


@dataclass
class SaveResult:
    """Outcome of saving one article's extraction."""

    article_id: str
    log: MergeLog
    written: bool


def save_extraction(data_dir: Path, facts: ArticleFacts, extractor: str) -> SaveResult:
    """Merge a fresh extraction into data/articles/<id>.yaml and record it in data/machine/<id>.yaml.

    The reviewed file is read as a round-trip document: comments, key order and quoting stay.
    A reviewed file that no longer parses or validates is never overwritten: the DataError
    propagates. Rewritten files keep their mode (generator/io.py).
    """
    data_dir = Path(data_dir)
    article_path = data_dir / "articles" / f"{facts.article.id}.yaml"
    machine_path = data_dir / "machine" / f"{facts.article.id}.yaml"
    new = facts_to_dict(facts, extractor=extractor)
    current = None
    if article_path.exists():
        # Validated before merging: a reviewed file with a duplicate fact id or a wrong type would
        # otherwise be merged by id and one of the two facts silently dropped. It is left untouched.
        text = read_text(article_path)
        plain = read_yaml_document(article_path, "article", text=text)
        check_article_document(article_path, plain, text=text)
        # A file as the generator writes it is merged as plain data (fast); one with a reviewer's
        # comments or formatting as a round-trip document, which keeps them.
        current = plain if is_canonical(text, plain) else load_yaml_roundtrip(text, article_path)
    previous = read_yaml_document(machine_path) if machine_path.exists() else None
    merged, log = merge_documents(current, previous, new, text=facts.article.text or None)
    written = write_atomic(article_path, dump_yaml(merged))
    write_atomic(machine_path, dump_yaml(new))
    return SaveResult(facts.article.id, log, written)


def machine_snapshot(data_dir: Path, article_id: str) -> dict | None:
    """The last machine output for an article, or None (used to skip unchanged articles)."""
    path = Path(data_dir) / "machine" / f"{article_id}.yaml"
    if not path.exists():
        return None
    try:
        return read_yaml_document(path)
    except DataError:
        return None


# ------------------------------------------------------------------------ review API
#
# How the review workbench (and any tool) changes a review file: one change at a time, checked
# against the same schema and cross-checks as `check`, written atomically with comments and
# formatting kept. An invalid value raises ReviewError and leaves the file as it was.

FACT_KINDS = ("pairings", "figures")
# Article fields a person may set through the API (the rest come from the article itself).
REVIEWABLE_ARTICLE_FIELDS = ("title", "outlet", "author", "date", "url", "translations")
_WRITE_LOCK = threading.Lock()  # one read-modify-write at a time within a process (a threaded server)


class ReviewError(DataError):
    """A change the review file cannot take: names the fact, the field and what is allowed."""


def review_path(data_dir: Path, article_id: str) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", article_id or "") or article_id.startswith("."):
        raise ReviewError(Path(data_dir) / "articles", f"not an article id: {article_id!r}")
    return Path(data_dir) / "articles" / f"{article_id}.yaml"


def load_review(data_dir: Path, article_id: str) -> dict:
    """An article's review file as plain, validated data (dicts and lists); DataError if it is broken."""
    path = review_path(data_dir, article_id)
    text = read_text(path)
    data = read_yaml_document(path, "article", text=text)
    check_article_document(path, data, _indicator_ids(data_dir), text=text)
    return data


def update_fact(data_dir: Path, article_id: str, fact_id: str, changes: Mapping[str, Any]) -> dict:
    """Change fields of one fact (e.g. {"status": "reviewed"}, {"value": 62}, {"pairing": "p-…"}).

    Any field of the figure or pairing schema may be set (None writes null). Setting `status`
    clears `needs_second_look` unless `changes` sets it: a person has looked. Returns the fact
    as written.
    """
    def change(document: dict) -> dict:
        kind, index, fact = _find_fact(document, fact_id, review_path(data_dir, article_id))
        allowed = _fact_fields(kind)
        unknown = [k for k in changes if (k not in allowed or k == "id") and not translation_key(k)]
        if unknown:
            raise ReviewError(review_path(data_dir, article_id),
                              f"{fact_id}: cannot set {', '.join(map(repr, unknown))}; "
                              f"fields of a {kind[:-1]}: {', '.join(k for k in allowed if k != 'id')}",
                              field_path=f"{kind}.{index}.{unknown[0]}")
        set_changes(fact, changes, FIGURE_KEYS if kind == "figures" else PAIRING_KEYS)
        if "status" in changes and "needs_second_look" not in changes:
            fact.pop("needs_second_look", None)
        return fact

    return _plain(_apply(data_dir, article_id, change))


def add_fact(data_dir: Path, article_id: str, kind: str, fields: Mapping[str, Any],
             article_text: str | None = None) -> dict:
    """Add a fact a person found (kind "figures" or "pairings"), status `added`.

    `fields` as in data/README.md (a figure needs indicator, value, unit; give quote and offset
    so the page can show where it stands). A new id is made when none is given. With the
    article's cleaned `article_text`, the quote must stand at the offset (the offset is found
    when omitted). Returns the fact as written.
    """
    if kind not in FACT_KINDS:
        raise ReviewError(review_path(data_dir, article_id), f"kind must be one of {', '.join(FACT_KINDS)}, not {kind!r}")
    fact = {k: _plain_value(v) for k, v in fields.items()}
    fact.setdefault("status", "added")
    path = review_path(data_dir, article_id)
    quote, offset = fact.get("quote"), fact.get("offset")
    if article_text is not None and quote:
        if offset is None:
            found = article_text.find(quote)
            if found < 0:
                raise ReviewError(path, f"the quote {quote!r} is not in the article's text", field_path=f"{kind}.new.quote")
            fact["offset"] = found
        elif not isinstance(offset, int) or article_text[offset:offset + len(quote)] != quote:
            raise ReviewError(path, f"the quote {quote!r} does not stand at offset {offset} of the article's text",
                              field_path=f"{kind}.new.offset")

    def change(document: dict) -> dict:
        facts = document.get(kind)
        if facts is None:
            _set_key(document, kind, [], ARTICLE_KEYS)
            facts = document[kind]
        taken = {f["id"] for k in FACT_KINDS for f in document.get(k) or []}
        if not fact.get("id"):
            fact["id"] = _new_fact_id(article_id, kind, fact, taken)
        elif fact["id"] in taken:
            raise ReviewError(path, f"a fact with id {fact['id']!r} exists already", field_path=f"{kind}.new.id")
        order = FIGURE_KEYS if kind == "figures" else PAIRING_KEYS
        facts.append(_ordered(fact, order))
        return facts[-1]

    return _plain(_apply(data_dir, article_id, change))


def update_article(data_dir: Path, article_id: str, changes: Mapping[str, Any]) -> dict:
    """Set article fields a person curates: curated text in a language ("translations.en.title",
    "translations.zh.summary"; see data/README.md, "Languages"), or a corrected title, outlet,
    author, date, url. Returns the changed fields as written."""
    path = review_path(data_dir, article_id)
    unknown = [k for k in changes if k not in REVIEWABLE_ARTICLE_FIELDS and not translation_key(k)]
    if unknown:
        raise ReviewError(path, f"cannot set {', '.join(map(repr, unknown))} of an article; "
                                f"allowed: {', '.join(REVIEWABLE_ARTICLE_FIELDS)}", field_path=unknown[0])

    def change(document: dict) -> dict:
        set_changes(document, changes, ARTICLE_KEYS)
        return {k: _get_dotted(document, k) for k in changes}

    return _plain(_apply(data_dir, article_id, change))


def translation_key(key: str) -> tuple[str, str] | None:
    """("en", "title") for a change key "translations.en.title": one curated text in one language."""
    match = re.fullmatch(r"translations\.([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.([a-z_]+)", key)
    return (match.group(1), match.group(2)) if match else None


def _get_dotted(document: Mapping, key: str) -> Any:
    found = translation_key(key)
    return translation_of(document, *found) if found else document.get(key)


def translation_of(document: Mapping, lang: str, name: str) -> Any:
    """A fact's or article's curated text of `name` in `lang` (a form's "translations.<lang>.<name>"
    value first, as the workbench shows what was typed), else None."""
    dotted = f"translations.{lang}.{name}"
    if dotted in document:
        return document[dotted]
    return ((document.get("translations") or {}).get(lang) or {}).get(name)


def set_changes(target: dict, changes: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    """Write changes into a fact or article; "translations.<lang>.<field>" sets one curated text
    (None or "" removes it, and an emptied language or map goes too)."""
    for key, value in changes.items():
        found = translation_key(key)
        if not found:
            _set_key(target, key, _plain_value(value), keys)
            continue
        lang, name = found
        translations = target.get("translations")
        if value in (None, ""):
            inner = (translations or {}).get(lang)
            if isinstance(inner, dict):
                inner.pop(name, None)
                if not inner and isinstance(translations, dict):
                    del translations[lang]
            if isinstance(translations, dict) and not translations:
                del target["translations"]
            continue
        if not isinstance(translations, dict):
            _set_key(target, "translations", {}, keys)
            translations = target["translations"]
        if not isinstance(translations.get(lang), dict):
            translations[lang] = {}
        translations[lang][name] = _plain_value(value)


def _apply(data_dir: Path, article_id: str, change) -> Any:
    """Read the review file as a round-trip document, change it, validate, write atomically."""
    path = review_path(data_dir, article_id)
    with _WRITE_LOCK:
        text = read_text(path)
        plain = read_yaml_document(path, "article", text=text)
        check_article_document(path, plain, text=text)  # a broken file is reported, not "fixed"
        document = plain if is_canonical(text, plain) else load_yaml_roundtrip(text, path)
        result = change(document)
        new_text = dump_yaml(document)
        try:
            data = read_yaml_document(path, "article", text=new_text)
            check_article_document(path, data, _indicator_ids(data_dir), text=new_text)
        except DataError as exc:
            raise ReviewError(exc.path, exc.message + "; the file was not changed", line=None,
                              field_path=exc.field_path, problems=[]) from exc
        write_atomic(path, new_text)
        return result


def _find_fact(document: dict, fact_id: str, path: Path) -> tuple[str, int, dict]:
    for kind in FACT_KINDS:
        for index, fact in enumerate(document.get(kind) or []):
            if fact.get("id") == fact_id:
                return kind, index, fact
    raise ReviewError(path, f"no fact with id {fact_id!r} in this file")


@lru_cache(maxsize=None)
def _schema_fields(kind: str) -> tuple[str, ...]:
    return tuple(load_schema("article")["$defs"][kind]["properties"])


def _fact_fields(kind: str) -> tuple[str, ...]:
    return _schema_fields("figure" if kind == "figures" else "pairing")


def _indicator_ids(data_dir: Path) -> list[str] | None:
    path = Path(data_dir) / "indicators.yaml"
    if not path.exists():
        return None
    return list((load_data_file(path, "indicators").get("indicators") or {}))


def _new_fact_id(article_id: str, kind: str, fact: Mapping, taken: set[str]) -> str:
    prefix = "f" if kind == "figures" else "p"
    if kind == "pairings":
        donor, recipient = (fact.get("donor") or {}).get("adcode"), (fact.get("recipient") or {}).get("adcode")
        if donor and recipient and f"p-{donor}-{recipient}" not in taken:
            return f"p-{donor}-{recipient}"
    seed = json.dumps([article_id, fact.get("quote"), fact.get("value"), fact.get("indicator"), "added"],
                      ensure_ascii=False, default=str)
    digest = hashlib.sha256(seed.encode()).hexdigest()
    for start in range(0, len(digest) - 8):
        candidate = f"{prefix}-added-{digest[start:start + 8]}"
        if candidate not in taken:
            return candidate
    raise ReviewError(Path(article_id), "could not make a new fact id")


def _plain_value(value: Any) -> Any:
    """Values from a client (JSON) as YAML should hold them: integral floats as ints."""
    if isinstance(value, Mapping):
        return {k: _plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_value(v) for v in value]
    return _clean_number(value)


def _plain(value: Any) -> Any:
    """A round-trip value as plain dicts, lists and scalars (for callers and JSON)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def review_counts(articles: Iterable[ArticleFacts]) -> dict[str, int]:
    """How many facts a person has decided, across articles: for the site's and workbench's counts.

    reviewed: checked and kept (status reviewed, or added by a person); rejected; machine: not
    yet reviewed; second_look: decisions the last extraction could not match.
    """
    counts = {"reviewed": 0, "rejected": 0, "machine": 0, "total": 0, "second_look": 0}
    for facts in articles:
        for fact in facts.facts:
            counts["total"] += 1
            status = "reviewed" if fact.status in ("reviewed", "added") else fact.status
            counts[status] = counts.get(status, 0) + 1
            counts["second_look"] += bool(fact.needs_second_look)
    return counts
