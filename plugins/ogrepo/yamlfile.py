"""Read a YAML file into plain data plus the line and column of every value.

Stricter than PyYAML's safe loader, for content written by many hands:
- a duplicate key is an error (PyYAML silently keeps the last value);
- scalars follow YAML 1.2: only `true`/`false` are booleans (`no`, `on`, `NO` for Norway stay
  text) and dates stay text (`2024-09-01`), checked later by the schema;
- anchors, aliases and tags beyond the core ones are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problem

try:
    from yaml.cyaml import CParser as _Parser  # libyaml: ten times faster
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner
else:
    _Reader = _Scanner = None

from yaml.composer import Composer
from yaml.resolver import BaseResolver

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"


class _Resolver(BaseResolver):
    """The YAML 1.2 core schema: no yes/no booleans, no sexagesimals, no timestamps."""


_Resolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), list("-+.0123456789")
)

if _Reader is None:

    class _Loader(_Parser, _Resolver):  # libyaml composes the nodes itself
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover

    class _Loader(_Reader, _Scanner, _Parser, Composer, _Resolver):
        def __init__(self, stream):
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _Parser.__init__(self)
            Composer.__init__(self)
            _Resolver.__init__(self)


Path_ = tuple  # a path into the data: keys and list indexes


@dataclass
class YamlFile:
    path: str  # relative to the repository root
    data: object = None  # what the build uses: values the schema refused are taken out
    text: str = ""
    raw: object = None  # the data as written, when it differs from `data`
    # Positions are needed only to report a problem: they are found again from the text then,
    # rather than kept for every value of every file through the whole build.
    _marks: tuple[dict, dict] | None = field(default=None, repr=False)

    @property
    def marks(self) -> dict[Path_, tuple[int, int]]:
        """Value path -> (line, col)."""
        return self._positions()[0]

    @property
    def key_marks(self) -> dict[Path_, tuple[int, int]]:
        """Key path -> (line, col) where the key is written."""
        return self._positions()[1]

    def _positions(self) -> tuple[dict, dict]:
        if self._marks is None:
            self._marks = ({}, {})
            node = _compose(self.text)
            if node is not None:
                _positions(node, (), *self._marks)
        return self._marks

    def written(self):
        """The data as the author wrote it (before values the schema refused were taken out)."""
        return self.data if self.raw is None else self.raw

    def where(self, at: Path_ = ()) -> tuple[int, int]:
        """Line and column of the value at `at`, or of its nearest parent that has one."""
        at = tuple(at)
        while at not in self.marks and at:
            at = at[:-1]
        return self.marks.get(at, (1, 1))

    def where_key(self, at: Path_) -> tuple[int, int]:
        return self.key_marks.get(tuple(at)) or self.where(at)

    def problem(self, at: Path_, message: str, hint: str = "", severity: str = "error", key=False) -> Problem:
        line, col = self.where_key(at) if key else self.where(at)
        return Problem(self.path, line, col, message, hint, severity)


def _compose(text: str):
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str, path: str) -> tuple[YamlFile, list[Problem]]:
    """Parse `text`; return the file and the problems found (never raises on bad YAML)."""
    doc = YamlFile(path, text=text)
    problems: list[Problem] = []
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "not valid YAML"
        return doc, [
            Problem(path, line, col, f"this is not valid YAML: {what}",
                    "check the indentation and that text containing ': ' or starting with a quote is quoted")
        ]
    except yaml.YAMLError as exc:
        return doc, [Problem(path, 1, 1, f"this is not valid YAML: {exc}", "")]
    if node is None:
        doc.data = {}
        return doc, problems
    doc.data = _build(node, doc, problems)
    return doc, problems


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node, doc: YamlFile, problems: list[Problem]):
    if isinstance(node, yaml.MappingNode):
        result, seen = {}, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.path, *_mark(key_node), "a key must be plain text", ""))
                continue
            key = key_node.value
            if key in seen:
                problems.append(Problem(
                    doc.path, *_mark(key_node), f"duplicate key '{key}' (first written on line {seen[key]})",
                    "keep one of them: YAML would silently use only the last one"))
                continue
            seen[key] = key_node.start_mark.line + 1
            result[key] = _build(value_node, doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, doc, problems) for item in node.value]
    return _scalar(node, doc, problems)


def _positions(node, at: Path_, marks: dict, key_marks: dict):
    marks[at] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and at + (key_node.value,) not in key_marks:
                key_marks[at + (key_node.value,)] = _mark(key_node)
                _positions(value_node, at + (key_node.value,), marks, key_marks)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, at + (i,), marks, key_marks)
def _scalar(node, doc: YamlFile, problems: list[Problem]):
    tag, value = node.tag, node.value
    if tag == STR:
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        return int(value)
    if tag == FLOAT:
        return float(value)
    problems.append(Problem(doc.path, *_mark(node), f"unsupported YAML tag {tag}", "remove the tag: write plain values"))
    return value
