"""ArticleFacts <-> data/articles/<id>.yaml, with a review-safe three-way merge.

Extraction writes two files per article:

* ``data/machine/<id>.yaml``: exactly what the machine found last time (overwritten);
* ``data/articles/<id>.yaml``: what the site shows, which reviewers edit.

A new extraction is merged into the reviewed file field by field: a field whose
reviewed value differs from the previous machine value was changed by a person and
is kept; facts a person marked reviewed, rejected or added are never touched;
facts a person deleted are not brought back. Every write is atomic.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml

from .model import Article, ArticleFacts, Figure, Institution, Pairing, PlaceRef
from .values import article_problems, dotted, number_problems

SCHEMA_VERSION = 1

# Key order of the YAML files: stable, readable diffs for reviewers.
ARTICLE_KEYS = (
    "schema", "id", "source", "sha256", "extractor", "title", "title_en", "outlet", "outlet_en",
    "author", "date", "url", "summary_zh", "summary_en", "pairings", "figures",
)
PAIRING_KEYS = ("id", "status", "donor", "recipient", "quote", "offset", "institutions", "note")
FIGURE_KEYS = (
    "id", "status", "indicator", "value", "unit", "qualifier", "period", "subject", "subject_en",
    "before", "pairing", "scope_assumed", "quote", "offset", "note",
)
# Fields only people write; extraction never sets or changes them.
CURATED_ARTICLE_FIELDS = ("title_en", "outlet_en", "summary_zh", "summary_en")
CURATED_FACT_FIELDS = ("status", "subject_en", "note")
# Statuses that freeze a fact against extraction.
PERSON_STATUSES = ("reviewed", "rejected", "added")


class DataError(Exception):
    """A data file that cannot be used, with the file, line and field a person should fix."""

    def __init__(self, path: Path, message: str, line: int | None = None, field_path: str = ""):
        self.path = Path(path)
        self.line = line
        self.field_path = field_path
        self.message = message
        where = f"{self.path}" + (f":{line}" if line else "")
        what = f" ({field_path})" if field_path else ""
        super().__init__(f"{where}{what}: {message}")


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
        "subject_en": figure.subject_en,
        "before": _clean_number(figure.before),
        "pairing": figure.pairing,
        "quote": figure.quote,
        "offset": figure.offset,
    }
    if figure.scope_assumed:
        # Written only when true: the extractor fell back to the article's main pairing.
        data = _ordered({**data, "scope_assumed": True}, FIGURE_KEYS)
    if figure.note:
        data["note"] = figure.note
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
        "title_en": facts.title_en,
        "outlet": a.outlet,
        "outlet_en": facts.outlet_en,
        "author": a.author,
        "date": a.date,
        "url": a.url,
        "summary_zh": facts.summary_zh,
        "summary_en": facts.summary_en,
        "pairings": [pairing_to_dict(p) for p in facts.pairings],
        "figures": [figure_to_dict(f) for f in facts.figures],
    }
    if extractor is None:
        del data["extractor"]
    return data


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
            quote=f.get("quote") or "",
            offset=f.get("offset", -1) if f.get("offset") is not None else -1,
            pairing=f.get("pairing"),
            scope_assumed=bool(f.get("scope_assumed", False)),
            status=f.get("status", "machine"),
            subject_en=f.get("subject_en"),
            note=f.get("note"),
        )
        for f in data.get("figures") or []
    ]
    return ArticleFacts(
        article=article,
        pairings=pairings,
        figures=figures,
        title_en=data.get("title_en"),
        outlet_en=data.get("outlet_en"),
        summary_zh=data.get("summary_zh"),
        summary_en=data.get("summary_en"),
    )


# ------------------------------------------------------------------------ YAML files


_FastBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _without_timestamps(loader: type) -> type:
    """A loader class that keeps dates as the strings people typed (2025-05-28 stays text)."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


def _construct_mapping_once(loader, node, deep=False):
    """A mapping whose keys are unique: YAML would silently keep the last of two equal keys."""
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        seen = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                continue  # unhashable key: the constructor reports it
            if first is not key_node:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key {key!r} (first at line {first.start_mark.line + 1}); each key may appear once",
                    key_node.start_mark,
                )
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader = _without_timestamps(type("_Loader", (_FastBase,), {"construct_mapping": _construct_mapping_once}))
_NodeLoader = _without_timestamps(type("_NodeLoader", (yaml.SafeLoader,), {}))  # for line numbers


class _Dumper(yaml.SafeDumper):
    """Block-style YAML, multi-line strings as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: Any) -> str:
    """Readable, deterministic YAML: Chinese as is, keys in the order given."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def write_atomic(path: Path, text: str) -> bool:
    """Write text to path via a temporary file and rename; return False when unchanged.

    Unchanged files are not rewritten so `mkdocs serve` and git see only real changes.
    """
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


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


def read_yaml_document(path: Path, schema: str | None = None, *, empty_ok: bool = False) -> dict:
    """Parse and validate a YAML data file; raise DataError naming the file, line and field.

    With `empty_ok`, an empty file (or one holding only comments) reads as {} and is then
    validated like any other.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise DataError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        kind = "" if problem.startswith("duplicate key") else "YAML syntax error: "
        raise DataError(path, f"{kind}{problem}", line=mark.line + 1 if mark else None) from exc
    if data is None and empty_ok:
        data = {}
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise DataError(path, f"expected a mapping of fields at the top level, found {found} (see data/README.md)", line=1)
    if schema is not None:
        validator = _validator(schema)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            err = errors[0]
            root = yaml.compose(text, Loader=_NodeLoader)
            field_path = ".".join(str(p) for p in err.absolute_path)
            more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
            raise DataError(path, _explain(err) + more, line=_line_of(root, err.absolute_path), field_path=field_path)
    return data


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
        import re

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


def check_article_document(path: Path, data: dict, indicator_ids: Iterable[str] | None = None) -> None:
    """Checks a schema cannot express: unique ids, known indicators, pairing references, plausible values."""
    _raise_value_problems(path, article_problems(data))
    seen: set[str] = set()
    for kind in ("pairings", "figures"):
        for index, fact in enumerate(data.get(kind) or []):
            fid = fact["id"]
            if fid in seen:
                raise DataError(path, f"duplicate fact id {fid!r}; give each fact its own id", field_path=f"{kind}.{index}.id")
            seen.add(fid)
    pairing_ids = {p["id"] for p in data.get("pairings") or []}
    known = set(indicator_ids) if indicator_ids is not None else None
    for index, fact in enumerate(data.get("figures") or []):
        if known is not None and fact["indicator"] not in known:
            raise DataError(
                path,
                f"unknown indicator {fact['indicator']!r}; use one of the ids in data/indicators.yaml",
                field_path=f"figures.{index}.indicator",
            )
        if fact.get("pairing") and fact["pairing"] not in pairing_ids:
            raise DataError(
                path,
                f"figure refers to pairing {fact['pairing']!r}, which this file does not define",
                field_path=f"figures.{index}.pairing",
            )


def load_article_file(path: Path, indicator_ids: Iterable[str] | None = None) -> ArticleFacts:
    data = read_yaml_document(path, "article")
    check_article_document(path, data, indicator_ids)
    return dict_to_facts(data)


# Every hand-made data file (relative to data/), its schema, and whether the build needs it.
DATA_FILES: tuple[tuple[str, str, bool], ...] = (
    ("indicators.yaml", "indicators", True),
    ("translations.yaml", "translations", False),
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
        return _line_of(yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=_NodeLoader), pointer)
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


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete `.<name>.<pid>-*.tmp` files left by write_atomic in a process that no longer runs."""
    removed = []
    for tmp in Path(folder).glob(".*.tmp"):
        pid = _pid_in_name(tmp.name)
        if pid is not None and pid != os.getpid() and pid_alive(pid):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def _pid_in_name(name: str) -> int | None:
    import re

    match = re.search(r"\.(\d+)-[^.]*\.tmp$|-(\d+)(?:-|$)", name)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (leftovers of a live build are not removed)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@dataclass
class LoadResult:
    """Articles that loaded, and the problems with those that did not."""

    articles: list[ArticleFacts] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)


def load_articles(data_dir: Path, indicator_ids: Iterable[str] | None = None) -> LoadResult:
    """Every data/articles/*.yaml, sorted by id; a bad file is reported, the others still load."""
    result = LoadResult()
    ids = list(indicator_ids) if indicator_ids is not None else None
    for path in sorted((Path(data_dir) / "articles").glob("*.yaml")):
        try:
            result.articles.append(load_article_file(path, ids))
        except DataError as exc:
            result.errors.append(exc)
    return result


# ---------------------------------------------------------------------------- merge


@dataclass
class MergeLog:
    """What one merge did, for the extract command's report."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # machine facts updated by the new extraction
    kept: list[str] = field(default_factory=list)  # facts or fields a person changed, left alone
    removed: list[str] = field(default_factory=list)  # machine facts no longer found
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.kept)} kept as reviewed, {self.unchanged} unchanged"
        )


def _merge_fact(current: dict, previous: dict | None, new: dict, log: MergeLog) -> dict:
    """Merge one fact: person-owned facts and fields win, the rest follows the machine."""
    fid = current["id"]
    if current.get("status") in PERSON_STATUSES:
        log.kept.append(fid)
        return current
    merged = {}
    edited = []
    for key in dict.fromkeys([*new, *current]):
        if key in CURATED_FACT_FIELDS:
            merged[key] = current.get(key, new.get(key))
            continue
        if key not in new:
            if previous is not None and key in previous and current[key] == previous[key]:
                continue  # a field the machine wrote last time and no longer writes (scope_assumed)
            merged[key] = current[key]
            continue
        if key not in current and previous is not None and key in previous:
            edited.append(key)  # the reviewer deleted a field the machine wrote (scope_assumed)
            continue
        if key in current:
            before = previous.get(key) if previous is not None else new.get(key)
            person_changed = previous is None and current[key] != new[key] or (
                previous is not None and current[key] != before
            )
            if person_changed:
                merged[key] = current[key]
                edited.append(key)
                continue
        merged[key] = new[key]
    if "pairing" in edited:
        merged.pop("scope_assumed", None)  # the reviewer chose the pairing: it is no longer assumed
    if edited:
        log.kept.append(f"{fid} ({', '.join(edited)})")
    elif merged != current:
        log.changed.append(fid)
    else:
        log.unchanged += 1
    return merged


def _merge_facts(current: list[dict], previous: list[dict], new: list[dict], log: MergeLog) -> list[dict]:
    cur = {f["id"]: f for f in current}
    prev = {f["id"]: f for f in previous}
    out: list[dict] = []
    new_ids = set()
    for fact in new:
        fid = fact["id"]
        new_ids.add(fid)
        if fid in cur:
            out.append(_merge_fact(cur[fid], prev.get(fid), fact, log))
        elif fid in prev:
            # The machine found it before and a person deleted it: respect that.
            log.kept.append(f"{fid} (deleted by a reviewer)")
        else:
            out.append(fact)
            log.added.append(fid)
    for fact in current:
        fid = fact["id"]
        if fid in new_ids:
            continue
        person_owned = fact.get("status") in PERSON_STATUSES
        untouched = fid in prev and all(fact.get(k) == prev[fid].get(k) for k in fact if k not in CURATED_FACT_FIELDS)
        if person_owned or not untouched:
            out.append(fact)
            log.kept.append(fid)
        else:
            log.removed.append(fid)
    return out


def merge_documents(current: dict | None, previous: dict | None, new: dict) -> tuple[dict, MergeLog]:
    """Three-way merge of one article: reviewed file, last machine output, new machine output."""
    log = MergeLog()
    if current is None:
        log.added.extend(f["id"] for f in [*new.get("pairings", []), *new.get("figures", [])])
        return _ordered(new, ARTICLE_KEYS), log
    previous = previous or {}
    merged: dict = {}
    for key in ARTICLE_KEYS:
        if key in ("pairings", "figures"):
            merged[key] = _merge_facts(current.get(key) or [], previous.get(key) or [], new.get(key) or [], log)
        elif key in CURATED_ARTICLE_FIELDS:
            merged[key] = current.get(key)
        elif key in new:
            person_changed = key in current and key in previous and current[key] != previous[key]
            no_baseline = key in current and key not in previous and current[key] != new[key]
            if (person_changed or no_baseline) and key not in ("schema", "sha256", "extractor"):
                merged[key] = current[key]
                log.kept.append(key)
            else:
                merged[key] = new[key]
        elif key in current:
            merged[key] = current[key]
    for key, value in current.items():
        merged.setdefault(key, value)
    return merged, log


@dataclass
class SaveResult:
    """Outcome of saving one article's extraction."""

    article_id: str
    log: MergeLog
    written: bool


def save_extraction(data_dir: Path, facts: ArticleFacts, extractor: str) -> SaveResult:
    """Merge a fresh extraction into data/articles/<id>.yaml and record it in data/machine/<id>.yaml.

    A reviewed file that no longer parses is never overwritten: the DataError propagates.
    """
    data_dir = Path(data_dir)
    article_path = data_dir / "articles" / f"{facts.article.id}.yaml"
    machine_path = data_dir / "machine" / f"{facts.article.id}.yaml"
    new = facts_to_dict(facts, extractor=extractor)
    current = None
    if article_path.exists():
        # Validated before merging: a reviewed file with a duplicate fact id or a wrong type would
        # otherwise be merged by id and one of the two facts silently dropped. It is left untouched.
        current = read_yaml_document(article_path, "article")
        check_article_document(article_path, current)
    previous = read_yaml_document(machine_path) if machine_path.exists() else None
    merged, log = merge_documents(current, previous, new)
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
