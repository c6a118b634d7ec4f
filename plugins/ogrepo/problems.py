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


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(p: Problem) -> str:
    """The problem as a GitHub Actions workflow command: shown on its file and line in a pull request."""
    kind = {ERROR: "error", WARNING: "warning"}.get(p.severity, "notice")
    where = f"file={_escape(p.path, True)}" + (f",line={p.line},col={p.col}" if p.line else "")
    message = p.message + (f"\nhint: {p.hint}" if p.hint else "")
    return f"::{kind} {where},title=ogrepo::{_escape(message)}"
