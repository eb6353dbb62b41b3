"""Layers the next engineer can rely on (issue 19): generator's modules import one another without a
cycle, and at the top of the module — inside a function only a library that is slow to import and
needed by few commands (and the one module that is such a library's wrapper)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"
# Imported where they are used: slow to import and needed by few commands.
SLOW_LIBRARIES = {"weasyprint", "playwright", "folium", "jieba", "opencc", "pypinyin", "mkdocs", "material"}
# Our own modules that are such a library's wrapper, imported only by the stage that needs them.
DEFERRED_MODULES = {("generator.pipeline", "generator.maps")}  # maps imports Folium at its top (0.4 s)
# The command line imports each command's stages inside that command: `build` with nothing to do
# asks generator.buildstate and loads none of them (tests/test_e2e.py checks which modules it loads).
DISPATCHERS = {"generator.cli"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _target(path: Path, node: ast.ImportFrom) -> str:
    package = _module(path).split(".") if path.name == "__init__.py" else _module(path).split(".")[:-1]
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join(base + ([node.module] if node.module else []))


def _imports():
    """(module, imported module, inside a function?) for every import in generator/."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _target(path, node) if node.level else node.module or ""
            elif isinstance(node, ast.Import):
                target = node.names[0].name
            else:
                continue
            while target.startswith("generator") and target not in modules and "." in target:
                target = target.rpartition(".")[0]
            found.append((name, target, id(node) in inner))
    return modules, found


def test_no_import_inside_a_function_but_slow_libraries():
    _, found = _imports()
    inside = [(m, t) for m, t, inner in found if inner
              and t.split(".")[0] not in SLOW_LIBRARIES and (m, t) not in DEFERRED_MODULES
              and not (m in DISPATCHERS and t.startswith("generator."))]
    assert not inside, f"move these imports to the top of their module: {inside}"


def test_generators_modules_import_one_another_without_a_cycle():
    modules, found = _imports()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for m, t, _ in found:
        if t in modules and t != m and t != "generator":
            graph[m].add(t)
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                return path[path.index(t):] + [t]
            if t not in state and (cycle := visit(t)):
                return cycle
        state[m] = 2
        path.pop()
        return None

    for m in sorted(graph):
        if m not in state:
            cycle = visit(m)
            assert cycle is None, " -> ".join(cycle)
