"""The layering DESIGN.md promises, read from the source: imports point down, never round in a circle.

Every import counts, including the ones inside functions that load a module lazily: a lazy import
hides a cycle from Python at start-up, not from the next engineer who moves the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LAYERS = ("splashdown", "components", "views")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path) -> set[str]:
    """Absolute names of every module `path` imports; `from a import b` counts as `a.b` when b is a module."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _graph(folder: str) -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in (ROOT / folder).rglob("*.py")}
    return {name: {other for other in _imported(path) if other in modules and other != name}
            for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path (first module repeated at the end), or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str]:
        state[name] = "open"
        stack.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                return [*stack[stack.index(other):], other]
            if other not in state and (found := visit(other)):
                return found
        stack.pop()
        state[name] = "done"
        return []

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return []


def test_the_domain_package_has_no_import_cycle() -> None:
    cycle = _cycle(_graph("splashdown"))
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_domain_package_never_imports_streamlit() -> None:
    offenders = sorted(
        _module_name(path)
        for path in (ROOT / "splashdown").rglob("*.py")
        if any(name == "streamlit" or name.startswith("streamlit.") for name in _imported(path))
    )
    assert not offenders, f"splashdown/ must stay plain Python; these import streamlit: {offenders}"


def test_imports_point_down_the_layers_only() -> None:
    upward = []
    for rank, layer in enumerate(_LAYERS):
        above = _LAYERS[rank + 1 :]
        for path in (ROOT / layer).rglob("*.py"):
            upward += [f"{_module_name(path)} imports {name}" for name in sorted(_imported(path))
                       if name.split(".")[0] in above]
    assert not upward, upward
