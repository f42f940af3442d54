"""What pyproject.toml ships and declares: every third-party package the code imports is
declared, and the installed packages hold no test or load harness.

All imports are read from the source (``ast``, imports inside functions too), so a
package that only arrives by chance through another one is caught: kamerzoek's
packages must import only what ``[project] dependencies`` declares; tests and
scripts may also use the extras (``dev``; ``splitters`` for a comparison script).
"""
from __future__ import annotations

import ast
import importlib.util
import sys
import tomllib
from collections.abc import Iterable, Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

pytestmark = pytest.mark.unit

PACKAGES = ("ingest", "index", "api", "eval")  # what pyproject ships
OWN = {*PACKAGES, "tests", "scripts"}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared(*, extras: bool = False) -> set[str]:
    """Canonical names of the distributions in ``dependencies`` (and in every extra)."""
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    if extras:
        requirements += [r for group in project["optional-dependencies"].values() for r in group]
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def imported_modules(files: Iterable[Path]) -> Iterator[tuple[str, Path, int]]:
    """(top-level module, file, line) of every absolute import in ``files``."""
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name.partition(".")[0], file, node.lineno
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield node.module.partition(".")[0], file, node.lineno


def undeclared(folders: Iterable[str], allowed: set[str]) -> list[str]:
    """One line per import of a third-party module that no allowed distribution provides."""
    providers = packages_distributions()
    problems = []
    files = sorted(f for folder in folders for f in (ROOT / folder).rglob("*.py"))
    for module, file, line in imported_modules(files):
        if module in sys.stdlib_module_names or module in OWN or module == "__future__":
            continue
        # a module not installed (an extra not asked for) is declared by its own name only
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        if not distributions & allowed and (distributions or canonicalize_name(module) not in allowed):
            where = f"{file.relative_to(ROOT)}:{line}"
            found = ", ".join(sorted(distributions)) or "not installed"
            problems.append(f"{where}: imports {module!r} (from {found}), not declared in pyproject.toml")
    return problems


def test_the_packages_import_only_declared_dependencies():
    problems = undeclared(PACKAGES, declared())
    assert not problems, "\n".join(problems)


def test_tests_and_scripts_import_only_declared_dependencies_or_extras():
    problems = undeclared(("tests", "scripts"), declared(extras=True))
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_undeclared_import():
    lines = undeclared(PACKAGES, declared() - {"numpy", "lxml"})
    assert any("imports 'numpy' (from numpy)" in line for line in lines)
    assert any(line.startswith("ingest/") and "imports 'lxml'" in line for line in lines)


def test_the_server_harness_is_not_part_of_the_installed_packages():
    assert importlib.util.find_spec("api.server_process") is None
    assert importlib.util.find_spec("scripts.server_process") is not None
