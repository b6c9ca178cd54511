"""The package's layout: imports run one way, never in a circle, and run time never reaches
training or scikit-learn.

The graph is built from the source with ``ast``: every ``import`` and ``from ... import``
anywhere in a module counts, inside functions and ``if TYPE_CHECKING:`` blocks too, so a circle
cannot hide in a function body.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scorer"

# Run-time stages in the order data passes through them: a module may import its own stage
# and the stages before it, never one after it. The base holds what every stage shares.
STAGES = ("base", "reading", "analysis", "classify", "pipeline", "writing")
BASE = frozenset({"scorer.errors", "scorer.version"})
# The command line and the package root sit on top: they may import any stage (the CLI's
# train and evaluate commands call training).
TOP = frozenset({"scorer", "scorer.__main__", "scorer.cli"})
# Libraries that only fitting and measuring need (scikit-learn imports scipy).
TRAINING_ONLY_LIBRARIES = ("sklearn", "scipy")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> tuple[set[str], set[str]]:
    """The package modules and the outside top-level packages that module ``name`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    inside: set[str] = set()
    outside: set[str] = set()

    def add(target: str) -> None:
        if target == "scorer" or target.startswith("scorer."):
            # The longest prefix that is a module: "scorer.analysis.features.X" is features.
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            inside.add(target)
        else:
            outside.add(target.split(".")[0])

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # A relative import: resolved against this module's package.
                base = name if is_package else name.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    base = base.rsplit(".", 1)[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                # "from scorer.analysis import features" imports the module features.
                candidate = f"{source}.{alias.name}"
                add(candidate if candidate in modules else source)
    inside.discard(name)
    return inside, outside


@functools.cache
def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    modules = _modules()
    edges: dict[str, set[str]] = {}
    libraries: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges[name], libraries[name] = _imports(name, path, modules)
    return edges, libraries


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle of the graph, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _stage(module: str) -> str | None:
    """The run-time stage of a module; None for the top and for training."""
    if module in BASE or module in ("scorer.lexicons", "scorer.resources", "scorer.models"):
        return "base"
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return parts[1]
    return None


def _run_time(edges: dict[str, set[str]]) -> list[str]:
    return [m for m in edges if _stage(m) is not None]


def test_the_graph_sees_every_kind_of_import() -> None:
    edges, libraries = _graph()
    # A function-level import (the CLI's lazy ones), TYPE_CHECKING ones and a module-level one.
    assert "scorer.writing.files" in edges["scorer.cli"]
    assert "scorer.classify.logistic" in edges["scorer.training.evaluate"]
    assert "nltk" in libraries["scorer.analysis.text"]
    assert "scorer.analysis.lexicon" in edges["scorer.classify.logistic"]
    assert "sklearn" in libraries["scorer.training.fit"]
    assert len(_run_time(edges)) >= 15


def test_a_circle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_circle() -> None:
    edges, _ = _graph()
    assert _cycle(edges) is None


@pytest.mark.parametrize("module", _run_time(_graph()[0]))
def test_run_time_never_reaches_training_or_scikit_learn(module: str) -> None:
    edges, libraries = _graph()
    reached = _reachable(edges, module)
    assert not [m for m in reached if m.startswith("scorer.training")]
    used = set().union(*(libraries[m] for m in reached))
    assert not used & set(TRAINING_ONLY_LIBRARIES)


@pytest.mark.parametrize("module", _run_time(_graph()[0]))
def test_run_time_imports_run_one_way(module: str) -> None:
    """A stage imports its own modules and earlier stages', never a later stage's."""
    edges, _ = _graph()
    own = STAGES.index(_stage(module))  # type: ignore[arg-type]
    later = {m for m in edges[module] if (s := _stage(m)) is None or STAGES.index(s) > own}
    assert not later, f"{module} imports {sorted(later)}"


def test_only_the_cli_knows_click() -> None:
    _, libraries = _graph()
    assert sorted(m for m, used in libraries.items() if "click" in used) == ["scorer.cli"]
