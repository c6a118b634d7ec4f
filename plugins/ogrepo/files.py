"""Which files of the repository may reach the site, and in what form.

A repository is written by many agencies and its site is public, so a file is published only when
it is a regular file whose real location is inside the repository and outside `.git/`, with a name
that holds no control character. Everything else stops the build, naming the file. Hidden files
and files git ignores are left out, and each is named with the reason.

Evidence is always published as the file, byte for byte. A file a browser would run as a page
(HTML, SVG, XML…) gets `.txt` added to its published name: served as plain text it shows its
source instead of running scripts on the site's own origin.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ERROR, NOTICE, Problem

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Served by GitHub Pages (and most hosts) with a type a browser renders as a document that may
# run scripts: HTML, XHTML, SVG and every XML type (an XML document can hold XHTML scripts).
ACTIVE_EXTENSIONS = frozenset({
    ".htm", ".html", ".shtml", ".xht", ".xhtml", ".mht", ".mhtml", ".hta",
    ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".rss", ".atom", ".rdf", ".mml", ".xul", ".smil",
})
INERT_SUFFIX = ".txt"
LFS_POINTER = b"version https://git-lfs.github.com/spec/"


@dataclass
class Found:
    """The files under a folder that may be published, and the problems found walking it."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_active(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in ACTIVE_EXTENSIONS


def published_name(source_path: str) -> str:
    """Where a file of the repository is published: its own path, with .txt after it when a
    browser would otherwise run it."""
    return source_path + INERT_SUFFIX if is_active(source_path) else source_path


def walk(root: Path, folder: Path, ignored: frozenset[str] = frozenset()) -> Found:
    """Every file under `folder` that may be published, in a stable order."""
    found = Found()
    real_root = os.path.realpath(root)
    rel = _rel(root, folder)
    if folder.is_symlink() or not _inside(os.path.realpath(folder), real_root):
        target = os.path.realpath(folder)
        if not _inside(target, real_root) or _in_git(target, real_root):
            found.problems.append(_problem(rel, f"this folder is a link to {target}, outside the repository; "
                                                "nothing in it is published", "make it a real folder of the repository"))
            return found
    if not folder.is_dir():
        return found
    for current, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        base = Path(current)
        for name in list(dirnames):
            path = base / name
            why = _refuse_name(name)
            if why or path.is_symlink() or name.startswith(".") or _rel(root, path) in ignored:
                dirnames.remove(name)
                if why:
                    found.problems.append(_problem(_rel(root, path), why, "rename the folder"))
                elif path.is_symlink():
                    found.problems.append(_problem(_rel(root, path), "this is a link to a folder; it is not followed "
                                                   "and nothing in it is published",
                                                   "copy the files into the repository instead of linking to them"))
                else:
                    found.problems.append(_left_out(root, path, ignored, folder=True))
        for name in sorted(filenames):
            path = base / name
            problem = _check(root, real_root, path, name, ignored)
            if problem is None:
                found.files.append(path)
            else:
                found.problems.append(problem)
    return found


def _check(root: Path, real_root: str, path: Path, name: str, ignored) -> Problem | None:
    rel = _rel(root, path)
    why = _refuse_name(name)
    if why:
        return _problem(rel, why, "rename the file")
    if name.startswith(".") or rel in ignored:
        return _left_out(root, path, ignored)
    if path.is_symlink():
        target = os.path.realpath(path)
        if not _inside(target, real_root):
            return _problem(rel, "this is a link to a file outside the repository; it is refused, not followed",
                            "copy the file into the repository instead of linking to it")
        if _in_git(target, real_root):
            return _problem(rel, "this is a link into .git/, git's own files (they can hold credentials); "
                                 "it is refused", "remove the link")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return _problem(rel, "this link points to nothing", "remove it, or copy in the file it meant")
    if not stat.S_ISREG(mode):
        kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else \
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
        return _problem(rel, f"this is {kind}, not a regular file: it cannot be published", "remove it")
    return None


def _refuse_name(name: str) -> str | None:
    bad = CONTROL.search(name)
    if bad:
        return f"the name holds an invisible control character (U+{ord(bad.group()):04X})"
    return None


def _left_out(root: Path, path: Path, ignored, folder: bool = False) -> Problem:
    what = "folder" if folder else "file"
    if _rel(root, path) in ignored:
        return Problem(_rel(root, path), 0, 0, f"this {what} is ignored by git (.gitignore): it is not published, "
                       "since the site is built from what is committed", "commit it if it should be published",
                       NOTICE)
    return Problem(_rel(root, path), 0, 0, f"this is a hidden {what} (its name starts with '.'): it is not published",
                   "rename it without the dot if it should be published", NOTICE)


def lfs_pointer(path: Path, size: int) -> bool:
    """True when the file is a Git LFS pointer (the real file was not checked out)."""
    if size > 1024:
        return False
    with open(path, "rb") as fh:
        return fh.read(len(LFS_POINTER)) == LFS_POINTER


def _problem(rel: str, message: str, hint: str) -> Problem:
    return Problem(rel, 0, 0, message, hint, ERROR)


def _rel(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _in_git(path: str, real_root: str) -> bool:
    return ".git" in Path(os.path.relpath(path, real_root)).parts
