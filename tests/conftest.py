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


def env(now: int = NOW, **extra) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
            "SOURCE_DATE_EPOCH": str(now), **extra}


def mkdocs_build(root: Path, now: int = NOW, strict: bool = True, site: str = "site", **extra) -> Run:
    args = [sys.executable, "-m", "mkdocs", "build", "-d", site] + (["--strict"] if strict else [])
    p = subprocess.run(args, cwd=root, env=env(now, **extra), capture_output=True, text=True)
    return Run(p.returncode, p.stdout, p.stderr, Path(root) / site)


def ogrepo(root: Path, *args: str, now: int = NOW, **extra) -> Run:
    p = subprocess.run([sys.executable, "-m", "ogrepo", *args], cwd=root, env=env(now, **extra),
                       capture_output=True, text=True)
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
