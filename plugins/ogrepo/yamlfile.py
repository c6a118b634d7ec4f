"""Read a YAML file into plain data, and find the line and column of any value when a problem needs it.

Stricter than PyYAML's safe loader, for content written by many hands:
- a duplicate key is an error (PyYAML silently keeps the last value);
- scalars follow YAML 1.2: only `true`/`false` are booleans (`no`, `on`, `NO` for Norway stay
  text) and dates stay text (`2024-09-01`), checked later by the schema;
- anchors, aliases and tags beyond the core ones are refused (an alias bomb expands no further
  than its first alias), so are control characters in text, numbers too long to be true, values
  that are not finite, and nesting deeper than any content file needs.

The data is built from libyaml's events with an explicit stack, never by recursion: libyaml's
own composer recurses in C and crashes the process on a file of 100,000 nested brackets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml
from yaml.resolver import BaseResolver

from .problems import Problem

try:
    from yaml.cyaml import CParser as _Parser  # libyaml: ten times faster
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)

        def dispose(self):
            pass

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"

MAX_DEPTH = 40  # content files nest about 6 levels deep
MAX_DIGITS = 18  # no count, amount or number in an action plan has more
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Resolver(BaseResolver):
    """The YAML 1.2 core schema: no yes/no booleans, no sexagesimals, no timestamps."""


_Resolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), list("-+.0123456789")
)
_RESOLVER = _Resolver()

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
            _read(self.text, self.path, [], self._marks)
        return self._marks

    def forget_positions(self) -> None:
        """Free the positions found for reporting problems (found again if one is reported later)."""
        self._marks = None

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


def load(text: str, path: str) -> tuple[YamlFile, list[Problem]]:
    """Parse `text`; return the file and the problems found (never raises on bad YAML)."""
    doc = YamlFile(path, text=text)
    problems: list[Problem] = []
    doc.data = _read(text, path, problems)
    if doc.data is None and not problems:
        doc.data = {}
    return doc, problems


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, or the problem with the line and column of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(path, line, col, f"this file is not UTF-8 text: byte 0x{data[exc.start]:02x} here "
                                               "is not a character", "save the file as UTF-8 (an option of "
                                               "'Save as' in most editors)")]


class _Frame:
    __slots__ = ("value", "at", "key", "seen", "skip", "as_key")

    def __init__(self, value, at: Path_, skip: bool = False):
        self.value, self.at, self.skip, self.as_key = value, at, skip, False
        self.key = _NO_KEY  # in a mapping: the key waiting for its value
        self.seen: dict[str, int] = {}  # in a mapping: key -> line first written


_NO_KEY = object()
_SKIP = object()  # a value that is already reported and left out
_COMPLEX = object()  # a mapping or list written where a key goes


def _read(text: str, path: str, problems: list[Problem], marks: tuple[dict, dict] | None = None):
    """The data of the single document in `text`, built from libyaml's events with a stack."""
    parser = _Parser(text)
    stack: list[_Frame] = []
    result = None
    documents = 0

    def report(mark, message, hint):
        problems.append(Problem(path, mark.line + 1, mark.column + 1, message, hint))

    def place(value, event):
        """Put a finished value where it belongs: the root, a list, a key or a value of a mapping."""
        nonlocal result
        if not stack:
            result = value
            return
        frame = stack[-1]
        if frame.skip:
            return
        if isinstance(frame.value, list):
            frame.value.append(None if value is _SKIP else value)
        elif frame.key is _NO_KEY:  # a key
            if value is _SKIP:
                frame.key = _SKIP
            elif not isinstance(value, str):
                report(event.start_mark if value is not _COMPLEX else frame_start[id(frame)],
                       "a key must be plain text", "write 'name: value'")
                frame.key = _SKIP
            elif value in frame.seen:
                report(event.start_mark, f"duplicate key '{value}' (first written on line {frame.seen[value]})",
                       "keep one of them: YAML would silently use only the last one")
                frame.key = _SKIP
            else:
                frame.seen[value] = event.start_mark.line + 1
                frame.key = value
                if marks is not None:
                    marks[1].setdefault(frame.at + (value,), _pos(event))
        else:  # the value of the pending key
            if frame.key is not _SKIP and value is not _SKIP:
                frame.value[frame.key] = value
            frame.key = _NO_KEY

    def expects_key() -> bool:
        return bool(stack) and isinstance(stack[-1].value, dict) and stack[-1].key is _NO_KEY

    def value_path() -> Path_:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.value, list):
            return frame.at + (len(frame.value),)
        return frame.at + (frame.key,) if isinstance(frame.key, str) else frame.at + ("",)

    frame_start: dict[int, object] = {}

    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report(event.start_mark, "this file holds more than one YAML document ('---')",
                           "keep one document per file: remove the second '---' and what follows, or merge them")
                    break
            elif kind is yaml.AliasEvent or getattr(event, "anchor", None):
                report(event.start_mark, "anchors and aliases (&name, *name) are not supported",
                       "write the value out in full where it is needed")
                place(_SKIP, event)
                if kind is not yaml.AliasEvent:
                    _skip_node(parser, event)
            elif kind is yaml.ScalarEvent:
                if marks is not None and not expects_key():
                    marks[0][value_path()] = _pos(event)
                place(_scalar(event, report), event)
            elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                is_map = kind is yaml.MappingStartEvent
                if event.tag not in (None, "!", MAP if is_map else SEQ):
                    report(event.start_mark, f"unsupported YAML tag {event.tag}", "remove the tag: write plain values")
                    place(_SKIP, event)
                    _skip_node(parser, event)
                    continue
                if len(stack) >= MAX_DEPTH:
                    report(event.start_mark, f"this value is nested more than {MAX_DEPTH} levels deep",
                           "no content file needs this: check the brackets and the indentation")
                    place(_SKIP, event)
                    _skip_node(parser, event)
                    continue
                as_key = expects_key()
                at = value_path()
                if marks is not None and not as_key:
                    marks[0][at] = _pos(event)
                parent = stack[-1] if stack else None
                skip = parent is not None and (parent.skip or as_key or parent.key is _SKIP)
                frame = _Frame({} if is_map else [], at, skip)
                frame.as_key = as_key
                if parent is not None:
                    frame_start[id(parent)] = event.start_mark
                stack.append(frame)
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                place(_COMPLEX if frame.as_key else _SKIP if frame.skip else frame.value, event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "not valid YAML"
        problems.append(Problem(path, line, col, f"this is not valid YAML: {what}",
                                "check the indentation and that text containing ': ' or starting with a quote is quoted"))
        return None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        problems.append(Problem(path, line, col, f"this file holds a character YAML does not allow "
                                                 f"(U+{exc.character:04X})" if isinstance(exc.character, int) else
                                "this file holds a character YAML does not allow",
                                "delete it: control characters are invisible in most editors"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(path, 1, 1, f"this is not valid YAML: {exc}", "check the file's syntax"))
        return None
    finally:
        parser.dispose()
    return result


def _skip_node(parser, start):
    """Consume the events of the node that `start` opened (a collection), without building it."""
    if type(start) not in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
        return
    depth = 1
    while depth:
        kind = type(parser.get_event())
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1


def _pos(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _scalar(event, report):
    value = event.value
    if event.tag in (None, "!"):
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit) if event.tag is None else STR
    else:
        tag = event.tag
    if tag == STR:
        control = CONTROL.search(value)
        if control:
            report(event.start_mark, f"this text holds an invisible control character (U+{ord(control.group()):04X})",
                   "delete it (it often comes from copying text out of another program)")
            return _SKIP
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        if len(value.lstrip("+-")) > MAX_DIGITS:
            report(event.start_mark, f"this number has {len(value.lstrip('+-'))} digits", "write the real figure; "
                   "put it in quotes if it is a code rather than a number")
            return _SKIP
        return int(value)
    if tag == FLOAT:
        number = float(value)
        if not math.isfinite(number) or len(value) > 40:
            report(event.start_mark, f"{value} is not a number that can be used", "write the real figure")
            return _SKIP
        return number
    report(event.start_mark, f"unsupported YAML tag {tag}", "remove the tag: write plain values")
    return _SKIP
