"""`ogrepo migrate`: rewrite content files for the current format, saying what changed.

Format 1 to 2:
- every content file declares `format: 2` (first line, after any comment);
- a commitment's `lead_agency` becomes `lead_agencies` (a list of one), `lead_stakeholder` becomes
  `lead_stakeholders`.

Files are edited in place with ruamel.yaml's round trip: comments, quoting, key order and block
styles are kept; nothing else is touched. A file with YAML errors is left as it is and reported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .schema import FORMAT

RENAMED = {"lead_agency": "lead_agencies", "lead_stakeholder": "lead_stakeholders"}


@dataclass
class Change:
    path: str
    what: list[str] = field(default_factory=list)
    error: str | None = None


def content_files(root: Path, content: str, evidence: str) -> list[Path]:
    """The content files of a repository, in a stable order."""
    found = [root / content / "member.yml"]
    plans = root / content / "plans"
    if plans.is_dir():
        found += sorted(p for p in plans.rglob("*.yml") if not any(part.startswith(".") for part in p.parts))
    ev = root / evidence
    if ev.is_dir():
        found += sorted(p for p in ev.rglob("evidence.yml") if not any(part.startswith(".") for part in p.parts))
    return [p for p in found if p.is_file() and not p.is_symlink()]


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def migrate_file(path: Path, rel: str, write: bool, commitment: bool = False) -> Change:
    change = Change(rel)
    text = path.read_text(encoding="utf-8")
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        change.error = f"not valid YAML, left as it is ({str(exc).splitlines()[0]})"
        return change
    if not isinstance(data, CommentedMap):
        change.error = "not a 'key: value' file, left as it is"
        return change
    if data.get("format") != FORMAT:
        if "format" in data:
            data["format"] = FORMAT
        else:
            data.insert(0, "format", FORMAT)
        change.what.append(f"declares format: {FORMAT}")
    for old, new in RENAMED.items() if commitment else ():
        if old in data and new not in data:
            position = list(data).index(old)
            value = data.pop(old)
            listed = CommentedSeq([value])
            data.insert(position, new, listed)
            change.what.append(f"{old} is now {new} (a list of one)")
    if change.what and write:
        out = io.StringIO()
        yaml.dump(data, out)
        path.write_text(_keep_leading_comment(text, out.getvalue()), encoding="utf-8")
    return change


def _keep_leading_comment(before: str, after: str) -> str:
    """ruamel puts `format: 2` above a file's opening comment: put the comment back on top."""
    head = []
    for line in before.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            head.append(line)
        else:
            break
    opening = "".join(head)
    if opening and after.startswith(f"format: {FORMAT}\n" + opening):
        return opening + f"format: {FORMAT}\n" + after[len(f"format: {FORMAT}\n" + opening):]
    return after


def migrate(root: Path, content: str, evidence: str, write: bool = True) -> list[Change]:
    return [migrate_file(p, p.relative_to(root).as_posix(), write, commitment=p.parent.name == "commitments")
            for p in content_files(root, content, evidence)]
