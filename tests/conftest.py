"""Shared fixtures: real repositories with real git history, built with the real `mkdocs`."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from factory import Repo, minimal_files, minimal_repo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# 2026-06-01T00:00:00Z: a month after the fixture's commit
NOW = 1780272000


@dataclass
class Run:
    code: int
    out: str
    err: str
    site: Path

    @property
    def output(self) -> str:
        return self.out + self.err


def env(now: int | None = NOW, **extra) -> dict:
    """The environment of a build at `now` (SOURCE_DATE_EPOCH); now=None builds at the real time."""
    out = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    out.pop("SOURCE_DATE_EPOCH", None)
    out.pop("GITHUB_ACTIONS", None)  # the tests run in GitHub Actions too: annotations only when a test asks
    if now is not None:
        out["SOURCE_DATE_EPOCH"] = str(now)
    return {**out, **extra}


def mkdocs_build(root: Path, now: int | None = NOW, strict: bool = True, site: str = "site",
                 python: str = sys.executable, timeout: float = 300, **extra) -> Run:
    args = [python, "-m", "mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    p = subprocess.run(args, cwd=root, env=env(now, **extra), capture_output=True, text=True, timeout=timeout)
    return Run(p.returncode, p.stdout, p.stderr, Path(root) / site)


def ogrepo(root: Path, *args: str, now: int | None = NOW, timeout: float = 300, **extra) -> Run:
    p = subprocess.run([sys.executable, "-m", "ogrepo", *args], cwd=root, env=env(now, **extra),
                       capture_output=True, text=True, timeout=timeout)
    return Run(p.returncode, p.stdout, p.stderr, Path(root) / "site")


@pytest.fixture
def repo(tmp_path) -> Repo:
    """A valid repository committed on 2026-05-01."""
    return minimal_repo(tmp_path / "repo")


@pytest.fixture
def fresh(tmp_path):
    """A repository not yet committed, to be given a history by the test."""
    return Repo(tmp_path / "repo")


__all__ = ["Repo", "minimal_files", "mkdocs_build", "ogrepo", "ROOT", "NOW"]


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser test; a missing Chromium fails them, never skips them."""
    import browser

    problem = browser.chromium_problem()
    if problem:
        pytest.fail(f"the browser tests need Chromium: {problem} (to leave them out knowingly: "
                    f"pytest -m 'not browser')")
    with browser.chromium() as b:
        yield b
