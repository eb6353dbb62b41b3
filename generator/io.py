"""Files on disk: the one place that writes them atomically and reads or writes YAML.

Why one module: every file the generator writes (review files, machine snapshots, pages,
charts, PDFs) must be replaced whole or not at all, keep the mode its owner gave it, and
never collide with another run's temporary file; every YAML file people edit must be read
the same safe way (no anchors or aliases, no duplicate keys, dates kept as typed) and report
problems at the line that is wrong.

Two YAML readers:

* `load_yaml`: fast (libyaml when present) plain data, for reading and validating;
* `load_yaml_roundtrip`: ruamel.yaml's round-trip document, which keeps a reviewer's comments,
  key order and quoting, for files the generator rewrites (data/articles/*.yaml).

`dump_yaml` writes both kinds the same way, so a file written from plain data and the same file
rewritten after a round trip are byte-identical.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase
from ruamel.yaml.composer import Composer as _RoundTripComposer
from ruamel.yaml.constructor import RoundTripConstructor as _RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError as _RuamelMarkedError
from ruamel.yaml.error import YAMLError as _RuamelError
from ruamel.yaml.events import AliasEvent as _RuamelAlias
from ruamel.yaml.representer import RoundTripRepresenter as _RoundTripRepresenter
from ruamel.yaml.scalarstring import PlainScalarString

from .config import ProjectError


class DataError(ProjectError):
    """A data file that cannot be used, with the file, line and field a person should fix.

    `problems` holds every further problem found in the same file (each a DataError), so a
    person fixes them all in one go; str() lists them one per line.
    """

    def __init__(self, path: Path, message: str, line: int | None = None, field_path: str = "",
                 problems: list["DataError"] | None = None):
        self.path = Path(path)
        self.line = line
        self.field_path = field_path
        self.message = message
        self.problems = list(problems or [])
        text = self._one()
        for more in self.problems:
            text += "\n" + more._one()
        super().__init__(text)

    def __reduce__(self):  # raised in a worker process (generator/parallel.py), re-raised whole here
        return (DataError, (self.path, self.message, self.line, self.field_path, self.problems))

    def _one(self) -> str:
        where = f"{self.path}" + (f":{self.line}" if self.line else "")
        what = f" ({self.field_path})" if self.field_path else ""
        return f"{where}{what}: {self.message}"


# ----------------------------------------------------------------------- atomic writes

_DEFAULT_MODE = 0o666


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The mode the file has now, or the one a plain open() would give a new file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return _DEFAULT_MODE & ~_current_umask()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a fresh temporary path beside `path`; when the block ends, it replaces `path`.

    For writers that want a file name (WeasyPrint). The temporary name is unique
    (`.<name>.<pid>-<random>.tmp`, so two runs never share one), the result keeps the mode of
    the file it replaces (a new file gets the usual 0666 less umask, not mkstemp's 0600), and
    on any error the temporary file is removed and `path` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str | bytes) -> bool:
    """Write text (UTF-8, LF) or bytes to path atomically; return False when it was unchanged.

    Unchanged files are not rewritten, so `mkdocs serve`, git and mtimes see only real changes.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
    return True


_TEMP_NAME = re.compile(r"\.(\d+)-[^.]*\.tmp$|-(\d+)(?:-|$)")


def pid_in_temp_name(name: str) -> int | None:
    """The process id in a temporary name made by atomic_path (or site.py's staging folders)."""
    match = _TEMP_NAME.search(name)
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


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete `.<name>.<pid>-*.tmp` files left by atomic_path in a process that no longer runs."""
    removed = []
    for tmp in Path(folder).glob(".*.tmp"):
        pid = pid_in_temp_name(tmp.name)
        if pid is not None and pid != os.getpid() and pid_alive(pid):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


# --------------------------------------------------------------------- reading YAML

_FastBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALIAS_REFUSED = ("YAML anchors and aliases (&name, *name) are not allowed in data files; "
                 "write the value out in full")


def _without_timestamps(loader: Any) -> Any:
    """A loader class that keeps dates as the strings people typed (2025-05-28 stays text)."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


def _construct_mapping_once(loader, node, deep=False):
    """A mapping whose keys are unique: YAML would silently keep the last of two equal keys."""
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
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
_NodeLoader = _without_timestamps(type("_NodeLoader", (yaml.SafeLoader,), {}))  # nodes, for line numbers


def _refuse_aliases(text: str, path: Path) -> None:
    """Stop at the first anchor or alias, before anything is built from the document.

    An alias bomb (each list holding the previous one many times) grows exponentially when
    constructed or validated; refusing the first `&`/`*` event costs one parse of the events.
    A file without '&' and '*' cannot hold either, so most files skip the scan.
    """
    if "&" not in text and "*" not in text:
        return
    try:
        for event in yaml.parse(text, Loader=_FastBase):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise DataError(path, ALIAS_REFUSED, line=event.start_mark.line + 1 if event.start_mark else None)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, path) from exc


def _syntax_error(exc: yaml.YAMLError, text: str, path: Path) -> DataError:
    """A parse error at the line a person must fix.

    A string whose closing quote is missing is only noticed at the end of the file; the
    parser then reports where it *started* as the context, which is the line to fix.
    """
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if problem.startswith("duplicate key"):
        return DataError(path, problem, line=mark.line + 1 if mark else None)
    at_end = mark is not None and (mark.index >= len(text.rstrip()) or "end of stream" in problem)
    if context_mark is not None and mark is not None and at_end:
        what = re.sub(r"^while (scanning|parsing) ", "", context or "a value").replace("scalar", "string")
        return DataError(
            path,
            f"YAML syntax error: {what} starts here and is never closed (the parser {problem} at line {mark.line + 1})",
            line=context_mark.line + 1,
        )
    return DataError(path, f"YAML syntax error: {problem}", line=mark.line + 1 if mark else None)


def read_text(path: Path) -> str:
    """A data file's text; DataError (not a traceback) when it is missing or not UTF-8."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise DataError(path, f"cannot read the file ({exc.strerror or exc})") from exc


def load_yaml(text: str, path: Path) -> Any:
    """Plain data from YAML text (dicts, lists, scalars); DataError with file and line.

    No anchors or aliases, no duplicate keys, dates stay strings.
    """
    path = Path(path)
    _refuse_aliases(text, path)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, path) from exc


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree (with line marks) of text already read by load_yaml."""
    return yaml.compose(text, Loader=_NodeLoader)


def load_yaml_file(path: Path) -> Any:
    path = Path(path)
    return load_yaml(read_text(path), path)


# ------------------------------------------------------------- round-trip YAML (ruamel)


class _NoAliasComposer(_RoundTripComposer):
    """ruamel's composer, refusing anchors and aliases at their line (second line of defence:
    load_yaml refuses them first)."""

    def compose_node(self, parent, index):
        event = self.parser.peek_event()
        if isinstance(event, _RuamelAlias) or getattr(event, "anchor", None) is not None:
            raise _RuamelMarkedError(problem=ALIAS_REFUSED, problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def _represent_none(representer, _value):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _represent_str(representer, value: str):
    style = "|" if "\n" in value else None
    return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Representer(_RoundTripRepresenter):
    """`null` spelled out, multi-line strings as literal blocks (as the files always were)."""


_Representer.add_representer(type(None), _represent_none)
_Representer.add_representer(str, _represent_str)


class _Constructor(_RoundTripConstructor):
    """Dates stay the text a person typed (as in load_yaml)."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda c, node: PlainScalarString(c.construct_scalar(node))
)


def _yaml() -> YAML:
    """The one YAML configuration for files the generator writes: block style, Chinese as is,
    keys in the order given, lines never folded. A new instance per call: they are not
    thread-safe, and the review workbench serves requests in threads."""
    rt = YAML(typ="rt")
    rt.Composer = _NoAliasComposer
    rt.Representer = _Representer
    rt.Constructor = _Constructor
    rt.width = 4096
    rt.preserve_quotes = True
    rt.allow_unicode = True
    rt.indent(mapping=2, sequence=2, offset=0)
    return rt


def load_yaml_roundtrip(text: str, path: Path) -> Any:
    """A ruamel.yaml round-trip document (CommentedMap/CommentedSeq): comments, key order and
    quoting survive dump_yaml. Call load_yaml on the same text first to validate it."""
    path = Path(path)
    _refuse_aliases(text, path)
    try:
        return _yaml().load(text)
    except _RuamelMarkedError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DataError(path, f"YAML error: {exc.problem or exc}", line=mark.line + 1 if mark else None) from exc
    except _RuamelError as exc:
        raise DataError(path, f"YAML error: {exc}") from exc


_DumperBase: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when installed


class _FastDumper(_DumperBase):
    """PyYAML (libyaml) writing exactly what `_yaml()` writes for plain data, ~10x faster: machine
    snapshots and review files without comments or hand formatting take this path."""


def _represent_str_fast(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FastDumper.add_representer(str, _represent_str_fast)


def dump_yaml(data: Any) -> str:
    """Readable, deterministic YAML: Chinese as is, keys in the order given, `null` spelled out,
    multi-line strings as literal blocks; a round-trip document keeps its comments and quoting.

    Plain data and a round-trip document of the same content give the same text (tested), so
    which of the two wrote a file never shows in a diff.
    """
    if isinstance(data, CommentedBase):
        out = io.StringIO()
        _yaml().dump(data, out)
        return out.getvalue()
    return yaml.dump(data, Dumper=_FastDumper, allow_unicode=True, sort_keys=False, width=4096)


def is_canonical(text: str, data: Any) -> bool:
    """Whether text is exactly what dump_yaml writes for data: no comments, no hand formatting,
    so rewriting it from plain data loses nothing (and skips the slower round trip)."""
    return dump_yaml(data) == text
