"""Every date the site needs, from one walk over the repository's git history.

`last changed` of a file is the committer date of the newest commit that touched it on the
first-parent history of the built branch: a change authored long ago counts from the day it was
merged, which is when it was published. Renames are followed, so a moved file keeps its creation
date. Time zones are kept as committed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import git

SHALLOW_HINT = (
    "the clone is shallow, so git cannot tell when each file last changed (every page would get "
    "the date of the last commit). Fetch the whole history: `git fetch --unshallow`, or in GitHub "
    "Actions give actions/checkout `fetch-depth: 0` (add `filter: blob:none` to keep it fast)."
)
NOT_GIT_HINT = (
    "this folder is not a git repository, so the site cannot say when each page last changed. "
    "Build from a git clone, or set `dates_from_files: true` under the ogrepo plugin in mkdocs.yml "
    "(or OGREPO_DATES_FROM_FILES=1) to date pages from file modification times instead."
)


class HistoryError(Exception):
    """The history cannot give true dates (a shallow clone, not a git repository)."""


@dataclass(frozen=True)
class Change:
    when: datetime
    commit: str | None  # None when the date comes from the file system or the working tree


@dataclass
class History:
    files: dict[str, Change] = field(default_factory=dict)  # path -> last change
    created: dict[str, Change] = field(default_factory=dict)  # path -> first appearance
    folders: dict[str, Change] = field(default_factory=dict)  # folder -> last change below it
    head: Change | None = None

    def last_change(self, *paths: str) -> Change | None:
        """The newest change among files and folders (a folder counts files since deleted)."""
        changes = [c for p in paths if (c := self.files.get(p) or self.folders.get(p.rstrip("/")))]
        return max(changes, key=lambda c: c.when, default=None)

    def first_seen(self, path: str) -> Change | None:
        return self.created.get(path)


def read(root: Path, now: datetime, allow_no_git: bool = False) -> History:
    """The history of the files under `root` (paths relative to it)."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        if allow_no_git:
            return from_files(root)
        raise HistoryError(NOT_GIT_HINT) from None
    if repo.git.rev_parse("--is-shallow-repository") == "true":
        raise HistoryError(SHALLOW_HINT)
    try:
        repo.head.commit
    except ValueError:  # no commit yet: everything is new
        return _with_worktree(History(), repo, root, now)
    out = git.Git(str(root)).execute(
        ["git", "-c", "core.quotePath=false", "log", "--first-parent", "--diff-merges=first-parent",
         "--format=%x1e%H %cI", "--name-status", "-M", "-z", "--relative", "HEAD", "--", "."],
        with_extended_output=False, strip_newline_in_stdout=False,
    )
    return _with_worktree(parse_log(out), repo, root, now)


def parse_log(out: str) -> History:
    """Parse `git log --format=%x1e%H %cI --name-status -M -z`, newest commit first.

    The output is read field by field (fields end with NUL): a status field is followed by its one
    or two paths, read as paths whatever they hold, so a file name with any character (even the
    \x1e that marks a commit) is never taken for the next commit.
    """
    history = History()
    renamed: dict[str, str] = {}  # an older name -> the file's current name
    fields = out.split("\0")
    change = None
    i = 0
    while i < len(fields):
        field = fields[i].lstrip("\n")
        i += 1
        if field.startswith("\x1e"):  # a commit: "<sha> <committer date>"
            sha, _, stamp = field[1:].partition(" ")
            change = Change(datetime.fromisoformat(stamp), sha)
            if history.head is None:
                history.head = change
            continue
        if not field or change is None:
            continue
        if field[0] in "RC":
            old, new = fields[i], fields[i + 1]
            i += 2
            current = renamed.get(new, new)
            _touch(history, current, change)
            _touch_folders(history, new, change)
            if field[0] == "R":
                renamed[old] = current
                _touch_folders(history, old, change)
        else:
            path = fields[i]
            i += 1
            _touch(history, renamed.get(path, path), change)
            _touch_folders(history, path, change)
    return history


def _touch(history: History, path: str, change: Change):
    history.files.setdefault(path, change)  # newest first: the first seen is the last change
    history.created[path] = change  # ... and the last seen is the creation


def _touch_folders(history: History, path: str, change: Change):
    folder = os.path.dirname(path)
    while folder and folder not in history.folders:  # an ancestor set earlier is already newer
        history.folders[folder] = change
        folder = os.path.dirname(folder)
    if "" not in history.folders:
        history.folders[""] = change


def ignored(root: Path, folders: list[str]) -> frozenset[str]:
    """The files under `folders` that git ignores (.gitignore): they are not published."""
    try:
        git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return frozenset()
    out = git.Git(str(root)).execute(
        ["git", "-c", "core.quotePath=false", "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
         "--", *folders], with_extended_output=False, strip_newline_in_stdout=False)
    return frozenset(p for p in out.split("\0") if p)


def _with_worktree(history: History, repo: git.Repo, root: Path, now: datetime) -> History:
    """Files changed but not committed yet (while writing with `mkdocs serve`) count as changed now."""
    out = git.Git(str(root)).execute(
        ["git", "-c", "core.quotePath=false", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."],
        with_extended_output=False, strip_newline_in_stdout=False,
    )
    prefix = os.path.relpath(root, repo.working_tree_dir).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    change = Change(now, None)
    entries = out.split("\0")
    i = 0
    while i < len(entries) and entries[i]:
        status, path = entries[i][:2], entries[i][3:]
        i += 2 if "R" in status or "C" in status else 1  # renames carry their old name next
        path = path[len(prefix):] if path.startswith(prefix) else path
        history.files[path] = change
        history.created.setdefault(path, change)
        folder = os.path.dirname(path)
        while folder:
            history.folders[folder] = change
            folder = os.path.dirname(folder)
        history.folders[""] = change
    return history


def from_files(root: Path) -> History:
    """The documented fallback outside git: modification times (a ZIP download keeps them)."""
    history = History()
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "site"]
        for name in filenames:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            change = Change(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc), None)
            history.files[rel] = history.created[rel] = change
            parent = os.path.dirname(rel)
            while True:
                if parent not in history.folders or history.folders[parent].when < change.when:
                    history.folders[parent] = change
                if not parent:
                    break
                parent = os.path.dirname(parent)
    history.head = history.folders.get("")
    return history
