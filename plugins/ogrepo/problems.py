"""Problems found in a repository's content, reported as `path:line:col: message` with a hint.

Everything that reads content collects problems instead of raising, so that an author sees every
mistake at once.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
NOTICE = "notice"  # something the author should know that is not wrong (a file left out, and why)


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.path if not self.line else f"{self.path}:{self.line}:{self.col}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == WARNING]


def notices(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == NOTICE]


def report(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    n_err, n_warn, n_note = len(errors(problems)), len(warnings(problems)), len(notices(problems))
    lines.append(f"{n_err} error(s), {n_warn} warning(s)" + (f", {n_note} notice(s)" if n_note else ""))
    return "\n".join(lines)
