"""A government copies this repository and replaces the example's content with its own: the
repository's tests still pass on the new content (nothing in them is about Taprobane)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT, env
from factory import MKDOCS_YML, Repo, minimal_files


def test_the_repository_tests_pass_on_other_content(tmp_path):
    copy = Repo(tmp_path / "government")
    for name in ("tests", "plugins"):
        shutil.copytree(ROOT / name, copy.root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy.root / "pyproject.toml")
    files = minimal_files()  # another member, plan, commitment and evidence folder
    files["mkdocs.yml"] = MKDOCS_YML.replace("site_url: https://ogp.example/repo/",
                                             "site_url: https://opengov.testland.example/")
    copy.commit("Replace the example with our own repository", "2026-05-01T10:00:00+02:00", files)
    assert not (copy.root / "content/plans/2025-2027/commitments/open-contracting-health.yml").exists()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_repository.py"],
                         cwd=copy.root, env=env(now=None), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout
