"""The package's shape: a package per stage, imports that run one way, and no circle anywhere.

Imports are read from the source (every `import` statement, at any depth, `TYPE_CHECKING` ones
included), so a circle hidden behind a late import is caught too.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from assistant.settings import ROOT

PACKAGE = ROOT / "assistant"
TOP_LEVEL = {"__init__", "cli", "settings", "engine", "models"}
# What each package may import of the others (besides itself). `models`, `settings` and `languages`
# (which languages are written, their catalogues and formats) are the leaves every stage may use;
# `engine` wires the pipeline for the command line and the service.
MAY_IMPORT: dict[str, set[str]] = {
    "models": set(),
    "settings": set(),
    "languages": set(),
    "rules": {"models", "languages"},
    "terms": set(),
    "search": {"terms", "settings", "languages"},
    "conversation": {"search", "rules", "terms", "models", "settings", "languages"},
    "support": {"models", "search", "settings", "languages"},
    "engine": {"conversation", "search", "rules", "settings", "models", "terms", "languages"},
    "evaluation": {"conversation", "search", "terms", "models", "settings", "engine", "rules", "languages"},
    "service": {"engine", "conversation", "search", "rules", "terms", "support", "models", "settings",
                "languages"},
    "cli": {"engine", "conversation", "search", "rules", "terms", "support", "models", "settings", "service",
            "evaluation", "languages"},
}  # fmt: skip
HTTP_LIBRARIES = {"fastapi", "starlette", "uvicorn"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every module `name` imports: assistant modules by full name, libraries by top-level name."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules() else base)
    return {item if item.startswith("assistant") else item.split(".")[0] for item in found}


def stage(name: str) -> str:
    """`assistant.search.index` → `search`; a top-level module is its own stage."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "assistant"


def test_the_top_level_holds_at_most_eight_modules():
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top == TOP_LEVEL and len(top) <= 8


@pytest.mark.parametrize("package", sorted({p.parent for p in PACKAGE.rglob("__init__.py")}), ids=str)
def test_every_package_says_what_it_holds_and_may_import(package: Path):
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
    assert docstring and len(docstring) > 80, package
    if package != PACKAGE:
        assert "import" in docstring, f"{package} does not say what it may import"


def test_packages_import_only_the_stages_below_them():
    wrong = []
    for name in modules():
        here = stage(name)
        if here == "assistant":
            continue
        for imported in imports_of(name):
            there = stage(imported)
            if imported.startswith("assistant.") and there != here and there not in MAY_IMPORT[here]:
                wrong.append(f"{name} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_only_the_service_knows_http():
    knowing = [name for name in modules() if imports_of(name) & HTTP_LIBRARIES]
    # The command line starts the server: it imports uvicorn to run it, nothing else of HTTP.
    assert {stage(name) for name in knowing} <= {"service", "cli"}, knowing
    assert imports_of("assistant.cli") & HTTP_LIBRARIES <= {"uvicorn"}


def test_no_router_imports_another_router():
    routers = {name for name in modules() if name.startswith("assistant.service.routes.")}
    for name in routers:
        assert not imports_of(name) & routers, name


def test_no_module_circle_anywhere():
    graph = {name: {i for i in imports_of(name) if i in modules() and i != name} for name in modules()}
    # A package's __init__ that imports its own modules is no circle: Python loads it first.
    for name in graph:
        graph[name] = {
            i for i in graph[name] if not (name.startswith(i + ".") and modules()[i].name == "__init__.py")
        }
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "circle: " + " → ".join([*visiting[visiting.index(name) :], name])
        visiting.append(name)
        for imported in sorted(graph[name]):
            visit(imported)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_the_tests_mirror_the_packages():
    tests = ROOT / "tests"
    for package in ("terms", "search", "conversation", "rules", "service", "support", "evaluation"):
        assert (tests / package).is_dir(), package
    assert (tests / "e2e").is_dir() and (tests / "helpers").is_dir()
