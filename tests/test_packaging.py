"""The package as a user installs it: a wheel (not an editable install) in a fresh virtual
environment builds the repository with every theme override in place; every import is a declared
dependency; one version number; a missing package file stops the build."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

import ogrepo
from ogrepo import resources

PACKAGE = Path(ogrepo.__file__).parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_list_of_package_files_is_the_source_tree():
    on_disk = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
                     if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts)
    assert on_disk == sorted(resources.FILES)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_every_import_is_a_declared_dependency_with_a_range():
    declared = {re.split(r"[<>=!~ \[]", d)[0].lower(): d for d in PYPROJECT["project"]["dependencies"]}
    assert all(re.search(r">=.*,<", d) for d in declared.values()), declared
    distributions = importlib.metadata.packages_distributions()
    third_party: dict[str, set[str]] = {}  # import name -> the distributions that provide it
    for path in PACKAGE.glob("*.py"):
        for name in _imports(path):
            if name in sys.stdlib_module_names or name in ("ogrepo", "__future__"):
                continue
            third_party[name] = {d.lower() for d in distributions.get(name, [name])}
    assert third_party, "the package imports something"
    missing = sorted(name for name, provided_by in third_party.items() if not provided_by & set(declared))
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_one_version_number_and_the_license_file():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "ogrepo.__version__"}
    assert importlib.metadata.version("ogrepo") == ogrepo.__version__
    assert PYPROJECT["project"]["license"] == {"file": "LICENSE"}
    assert "MIT License" in (ROOT / "LICENSE").read_text()


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """A wheel built from a copy of the source, installed with its dependencies in a fresh venv."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "site", ".ci", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "bench-out"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next((tmp / "dist").glob("ogrepo-*.whl"))
    venv.create(tmp / "venv", with_pip=True)
    python = tmp / "venv" / "bin" / "python"
    p = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True,
                       timeout=900)
    assert p.returncode == 0, p.stderr
    where = subprocess.run([str(python), "-c", "import ogrepo; print(ogrepo.__file__)"], capture_output=True,
                           text=True, check=True).stdout.strip()
    assert where.startswith(str(tmp / "venv")), f"the venv imports {where}, not its own install"
    return python, Path(where).parent


def test_a_wheel_builds_the_repository_with_every_override(wheel_env, tmp_path):
    python, installed = wheel_env
    assert not resources.missing(installed)
    run = mkdocs_build(ROOT, now=None, site=tmp_path / "site", python=str(python))
    assert run.code == 0, run.output
    home = (tmp_path / "site" / "index.html").read_text()
    assert "data-ogrepo-last-updated" in home  # the footer's date (partials/copyright.html)
    assert '<link rel="alternate" type="application/atom+xml"' in home  # feed autodiscovery (main.html)
    assert re.search(r'class="md-search"[^>]*role="dialog" aria-label="', home)  # partials/search.html
    assert 'data-md-component="source"' not in home  # Material's widget would call api.github.com


def test_a_missing_package_folder_stops_the_build(wheel_env, tmp_path):
    python, installed = wheel_env
    theme = installed / "theme"
    moved = tmp_path / "theme-moved"
    shutil.move(theme, moved)
    try:
        run = mkdocs_build(ROOT, now=None, site=tmp_path / "site", python=str(python))
    finally:
        shutil.move(moved, theme)
    assert run.code != 0
    assert "package installed in" in run.output and "is incomplete" in run.output
    assert "theme/main.html" in run.output and "package-data" in run.output
    assert "Traceback" not in run.output
    assert not (tmp_path / "site" / "index.html").exists()
