"""Dates from git history: one walk, first-parent, merges, renames, non-ASCII paths, time zones,
shallow clones and folders that are not git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timezone

from conftest import mkdocs_build, ogrepo
from factory import minimal_files

from ogrepo import history

C = "content/plans/2025-2027/commitments/open-budget.yml"
EVID = "evidence/2025-2027/open-budget"


def data(site):
    return json.loads((site / "data/repository.json").read_text(encoding="utf-8"))


def commitment(doc):
    return doc["plans"][0]["commitments"][0]


def test_a_change_merged_later_is_dated_at_the_merge(fresh):
    fresh.commit("start", "2025-10-01T09:00:00+00:00", minimal_files())
    fresh.git("checkout", "-q", "-b", "feature")
    fresh.commit("edit on a branch", "2025-11-01T09:00:00+00:00",
                 {C: minimal_files()[C].replace("scanned PDFs", "scanned PDF files")})
    fresh.git("checkout", "-q", "main")
    fresh.commit("other work", "2025-12-01T09:00:00+00:00", {"content/about.md": "# About\n\nChanged.\n"})
    fresh.git("merge", "-q", "--no-ff", "feature", "-m", "Merge the edit", date="2026-02-15T16:30:00+01:00")
    merge = fresh.git("rev-parse", "HEAD").strip()

    h = history.read(fresh.root, datetime.now(timezone.utc))
    assert h.files[C].when.isoformat() == "2026-02-15T16:30:00+01:00"
    assert h.files[C].commit == merge
    assert h.files["content/about.md"].when.isoformat() == "2025-12-01T09:00:00+00:00"

    run = mkdocs_build(fresh.root)
    assert run.code == 0, run.output
    c = commitment(data(run.site))
    assert c["last_updated"] == "2026-02-15T16:30:00+01:00"  # time zone kept
    page = (run.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    assert '<time datetime="2026-02-15T16:30:00+01:00">' in page
    assert f"https://github.com/example/repo/commit/{merge}" in page


def test_a_renamed_file_keeps_its_creation_date(fresh):
    fresh.commit("start", "2025-10-01T09:00:00+00:00", minimal_files())
    fresh.git("mv", f"{EVID}/decree.pdf", f"{EVID}/decree-2026.pdf")
    meta = minimal_files()[f"{EVID}/evidence.yml"].replace("decree.pdf:", "decree-2026.pdf:")
    update = minimal_files()[C].replace("[decree.pdf]", "[decree-2026.pdf]")
    fresh.commit("rename the decree", "2026-01-10T12:00:00+00:00", {f"{EVID}/evidence.yml": meta, C: update})

    run = mkdocs_build(fresh.root)
    assert run.code == 0, run.output
    c = commitment(data(run.site))
    decree = next(e for e in c["evidence"] if e["id"] == "decree-2026.pdf")
    assert decree["added"] == "2025-10-01T09:00:00+00:00"
    assert c["last_updated"] == "2026-01-10T12:00:00+00:00"


def test_non_ascii_and_spaces_in_paths(fresh):
    name = "Procès-verbal réunion 14 mars.pdf"
    files = minimal_files()
    files[f"{EVID}/{name}"] = b"%PDF-1.4 proces verbal"
    files[f"{EVID}/evidence.yml"] += f'  "{name}":\n    title: Procès-verbal\n    kind: minutes\n'
    fresh.commit("start", "2025-10-01T09:00:00+05:30", files)

    h = history.read(fresh.root, datetime.now(timezone.utc))
    assert h.files[f"{EVID}/{name}"].when.isoformat() == "2025-10-01T09:00:00+05:30"

    run = mkdocs_build(fresh.root)
    assert run.code == 0, run.output
    item = next(e for e in commitment(data(run.site))["evidence"] if e["id"] == name)
    assert item["added"] == "2025-10-01T09:00:00+05:30"
    assert item["url"] == "https://ogp.example/repo/evidence/2025-2027/open-budget/Proc%C3%A8s-verbal%20r%C3%A9union%2014%20mars.pdf"
    assert (run.site / EVID / name).read_bytes() == b"%PDF-1.4 proces verbal"


def test_a_deleted_evidence_file_still_dates_its_folder(fresh):
    files = minimal_files()
    files[f"{EVID}/old.csv"] = "a,b\n"
    files[f"{EVID}/evidence.yml"] += "  old.csv: {title: Old data, kind: dataset}\n"
    fresh.commit("start", "2025-10-01T09:00:00+00:00", files)
    os.remove(fresh.path(f"{EVID}/old.csv"))
    fresh.commit("withdraw old data", "2026-03-03T08:00:00+00:00",
                 {f"{EVID}/evidence.yml": minimal_files()[f"{EVID}/evidence.yml"]})
    h = history.read(fresh.root, datetime.now(timezone.utc))
    assert h.last_change(EVID).when.isoformat() == "2026-03-03T08:00:00+00:00"


def test_a_shallow_clone_stops_the_build_and_says_how_to_fix_it(repo, tmp_path):
    repo.commit("second", "2026-05-02T10:00:00+00:00", {"content/about.md": "# About\n\nMore.\n"})
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    run = mkdocs_build(clone)
    assert run.code == 1
    assert "shallow" in run.output and "fetch-depth: 0" in run.output
    assert "Traceback" not in run.output
    assert not run.site.exists()


def test_a_folder_that_is_not_a_git_repository(repo, tmp_path):
    download = tmp_path / "zip"
    shutil.copytree(repo.root, download, ignore=shutil.ignore_patterns(".git"))
    run = mkdocs_build(download)
    assert run.code == 1
    assert "not a git repository" in run.output and "dates_from_files" in run.output
    assert "Traceback" not in run.output

    check = ogrepo(download, "check")
    assert check.code == 2 and "not a git repository" in check.err and "Traceback" not in check.output

    stamp = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc).timestamp()
    for path in download.rglob("*"):
        os.utime(path, (stamp, stamp))
    allowed = mkdocs_build(download, OGREPO_DATES_FROM_FILES="1")
    assert allowed.code == 0, allowed.output
    assert commitment(data(allowed.site))["last_updated"] == "2026-03-04T05:06:07+00:00"


def test_one_git_process_for_the_whole_history(repo, monkeypatch):
    """Never one git process per file: count the processes GitPython starts."""
    import git.cmd

    calls = []
    original = git.cmd.Git.execute

    def counting(self, command, *args, **kwargs):
        calls.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(git.cmd.Git, "execute", counting)
    for i in range(30):
        repo.write({f"{EVID}/file-{i}.txt": f"{i}\n"})
    repo.commit("many files", "2026-05-03T10:00:00+00:00")
    h = history.read(repo.root, datetime.now(timezone.utc))
    assert len([f for f in h.files if f.startswith(EVID)]) >= 31
    logs = [c for c in calls if "log" in c]
    assert len(logs) == 1, calls
    assert len(calls) <= 4  # rev-parse (shallow?), log, status, and GitPython's own version probe


def test_a_file_name_holding_the_commit_marker_does_not_break_the_walk(fresh):
    """git log separates commits with \\x1e here; a path may hold any character but NUL."""
    fresh.commit("start", "2025-10-01T09:00:00+00:00", {**minimal_files(), "notes/a\x1eb\x01c.txt": "odd name\n"})
    fresh.commit("edit the commitment", "2026-01-02T09:00:00+00:00",
                 {C: minimal_files()[C].replace("scanned PDFs", "scanned PDF files"), "notes/a\x1eb\x01c.txt": "again\n"})
    h = history.read(fresh.root, datetime.now(timezone.utc))
    assert h.files[C].when.isoformat() == "2026-01-02T09:00:00+00:00"
    assert h.files["notes/a\x1eb\x01c.txt"].when.isoformat() == "2026-01-02T09:00:00+00:00"
    assert h.created["notes/a\x1eb\x01c.txt"].when.isoformat() == "2025-10-01T09:00:00+00:00"
    assert h.files[f"{EVID}/decree.pdf"].when.isoformat() == "2025-10-01T09:00:00+00:00"
    run = mkdocs_build(fresh.root)
    assert run.code == 0, run.output
