"""Every date the site needs, from one walk over the repository's git history.

`last changed` of a file is the committer date of the newest commit that touched it on the
first-parent history of the built branch: a change authored long ago counts from the day it was
merged, which is when it was published. Renames are followed, so a moved file keeps its creation
date. Time zones are kept as committed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import git

from . import yamlfile

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
    versions: dict[str, list[tuple[str, Change]]] = field(default_factory=dict)  # YAML file -> (blob, change), newest first
    head: Change | None = None
    root: Path | None = None  # the folder the paths are relative to, when it is a git repository
    now: datetime | None = None

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
         "--format=%x1e%H %cI", "--raw", "--no-abbrev", "-M", "-z", "--relative", "HEAD", "--", "."],
        with_extended_output=False, strip_newline_in_stdout=False,
    )
    history = parse_log(out)
    history.root, history.now = root, now
    return _with_worktree(history, repo, root, now)


def parse_log(out: str) -> History:
    """Parse `git log --format=%x1e%H %cI --raw --no-abbrev -M -z`, newest commit first.

    The output is read field by field (fields end with NUL): a change (":<modes> <blobs> <status>")
    is followed by its one or two paths, read as paths whatever they hold, so a file name with any
    character (even the \x1e that marks a commit) is never taken for the next commit. The blob of
    each version of a YAML file is kept: records inside a file are dated from them (record_dates).
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
        parts = field.split(" ")
        blob, status = (parts[3], parts[4]) if field.startswith(":") and len(parts) >= 5 else (None, field)
        if status[0] in "RC":
            old, new = fields[i], fields[i + 1]
            i += 2
            current = renamed.get(new, new)
            _touch(history, current, change, blob)
            _touch_folders(history, new, change)
            if status[0] == "R":
                renamed[old] = current
                _touch_folders(history, old, change)
        else:
            path = fields[i]
            i += 1
            _touch(history, renamed.get(path, path), change, None if status[0] == "D" else blob)
            _touch_folders(history, path, change)
    return history


def _touch(history: History, path: str, change: Change, blob: str | None = None):
    history.files.setdefault(path, change)  # newest first: the first seen is the last change
    history.created[path] = change  # ... and the last seen is the creation
    if blob and path.endswith(".yml") and not blob.strip("0") == "":
        history.versions.setdefault(path, []).append((blob, change))


def _touch_folders(history: History, path: str, change: Change):
    folder = os.path.dirname(path)
    while folder and folder not in history.folders:  # an ancestor set earlier is already newer
        history.folders[folder] = change
        folder = os.path.dirname(folder)
    if "" not in history.folders:
        history.folders[""] = change


def record_dates(history: History, wanted: dict[str, Callable[[object], set[str]]]) -> dict[str, dict[str, Change]]:
    """When each record of a YAML file first appeared: {path: {record key: change}}.

    `wanted` gives, per file, the keys of the records its data holds (e.g. the periods of a
    commitment's reports). Every committed version of those files is read once, oldest first, with
    one `git cat-file --batch` for all of them. A record no commit holds yet (an edit in progress)
    counts from now, as uncommitted files do.
    """
    found: dict[str, dict[str, Change]] = {path: {} for path in wanted}
    blobs = {blob for path in wanted for blob, _ in history.versions.get(path, [])}
    contents = _cat_files(history.root, sorted(blobs)) if blobs and history.root else {}
    for path, keys_of in wanted.items():
        for blob, change in reversed(history.versions.get(path, [])):  # oldest first
            text = contents.get(blob)
            if text is None:
                continue
            doc, problems = yamlfile.load(text, path)
            if problems:
                continue
            for key in keys_of(doc.data):
                found[path].setdefault(key, change)
    return found


def _cat_files(root: Path, blobs: list[str]) -> dict[str, str]:
    """The text of each blob, from one `git cat-file --batch` process."""
    process = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=("\n".join(blobs) + "\n").encode(),
                             capture_output=True, check=True)
    out, contents, i = process.stdout, {}, 0
    while i < len(out):
        end = out.index(b"\n", i)
        header = out[i:end].decode().split(" ")
        i = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        contents[header[0]] = out[i:i + size].decode("utf-8", errors="replace")
        i += size + 1
    return contents


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
