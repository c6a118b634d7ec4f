"""Planned against actual: when each milestone and activity was reported finished, against its planned end.

What the reports tell is a window, not a day. A step's finish lies
- at the latest at the end of the report that first gave its current finished status (its period
  for a tracker's report, 2026-Q1 ends on 31 March; the {start, end} period of a dated update, else
  its date): the report says it was finished within what it reports on;
- at the earliest the day after the end of the report before it that named the step (it then
  said otherwise); with no report before it, nothing says how early it was finished.

Compared with the last day of its planned end (a milestone due in 2026-Q1 is due on 31 March):
- finished by then: on time;
- not finished when the planned end had passed: late by at least the days from the planned end to
  the window's first day (exactly that many when the window is one day);
- otherwise the window spans the planned end: on time, or late by at most the days to the window's
  last day. Nothing more is claimed than the reports say.

A step marked finished in its file without any report saying so, or due only "in words", has no
comparison. A step not finished after its planned end is overdue (freshness.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import Step, Update

ON_TIME, LATE, UNCERTAIN = "on-time", "late", "uncertain"


@dataclass(frozen=True)
class Finish:
    """When a finished step was reported finished, and how that compares with its planned end."""

    report: Update | None  # the report that first gave its current status; None when no report did
    after: date | None  # it was not finished at the end of this day (the report before said so)
    by: date | None  # it was finished by the end of this day
    due: date | None  # the last day of its planned end

    @property
    def first(self) -> date | None:
        """The first day it may have been finished on; None when no report says how early."""
        return self.after + timedelta(days=1) if self.after else None

    @property
    def verdict(self) -> str | None:
        """on-time, late, uncertain; None when there is nothing to compare."""
        if self.by is None or self.due is None:
            return None
        if self.by <= self.due:
            return ON_TIME
        if self.after is not None and self.after >= self.due:
            return LATE
        return UNCERTAIN

    @property
    def on_time(self) -> bool | None:
        """True or False when the reports say which; None when they do not."""
        return {ON_TIME: True, LATE: False}.get(self.verdict)

    @property
    def late_days(self) -> int | None:
        """For a step known to be late: it was late by at least this many days."""
        if self.verdict != LATE:
            return None
        return (self.after + timedelta(days=1) - self.due).days

    @property
    def late_days_at_most(self) -> int | None:
        """For a step finished after its planned end or perhaps so: late by at most this many days."""
        if self.verdict not in (LATE, UNCERTAIN):
            return None
        return (self.by - self.due).days

    @property
    def exact(self) -> bool:
        """The reports give the day (the window is one day): 'late by N days', not 'at least'."""
        return self.verdict == LATE and self.late_days == self.late_days_at_most


def finish(step: Step) -> Finish | None:
    """When a finished step was reported finished; None for a step not finished."""
    if not step.done:
        return None
    due = step.due.end
    since = step.since
    if since is None:  # finished as written in its file: no report says when
        return Finish(None, None, None, due)
    by = since.update.period.end
    i = next(i for i, event in enumerate(step.history) if event is since)
    after = step.history[i - 1].update.period.end if i > 0 else None
    if after is not None and by is not None and after >= by:  # reports that overlap: only the end is known
        after = None
    return Finish(since.update, after, by, due)


@dataclass(frozen=True)
class Share:
    """Of the finished milestones: how many were finished on time, late, or not known."""

    finished: int
    on_time: int
    late: int

    @property
    def unknown(self) -> int:
        return self.finished - self.on_time - self.late


def share(steps: list[Step]) -> Share:
    """How many of these milestones were finished, on time, late."""
    found = [finish(s) for s in steps if s.done]
    return Share(len(found), sum(f.on_time is True for f in found), sum(f.on_time is False for f in found))
