"""When each item was last updated, and what follows: stale items, final items, overdue milestones.

OGP asks for an update at least every six months (OGP Local members may choose quarterly). An
item that can no longer change (a complete commitment, anything in an ended plan) is final,
never stale.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone

from .history import Change, History
from .model import Commitment, Item, Milestone, Plan, Repository


def add_months(when: datetime, months: int) -> datetime:
    month0 = when.month - 1 + months
    year, month = when.year + month0 // 12, month0 % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def stale_after(when: datetime | None, months: int) -> datetime | None:
    """The moment an item last changed at `when` becomes stale."""
    return add_months(when, months) if when else None


def is_final(plan: Plan, item: Item | None = None) -> bool:
    if plan.phase == "ended":
        return True
    return isinstance(item, Commitment) and item.status == "complete"


def paths_of(item: Item) -> list[str]:
    """The files and folders an item is made of."""
    own = [item.doc.path] if item.doc else []
    return own + [item.evidence_folder]


def apply(repo: Repository, history: History, now: datetime, months: int, folders: tuple[str, ...] = ("content", "evidence")):
    """Set last_updated, stale, final on every item and plan, overdue on every milestone."""
    for plan in repo.plans:
        for item in [plan.process, *plan.commitments]:
            _date(item, history.last_change(*paths_of(item)))
            item.final = is_final(plan, item)
            item.stale = _stale(item.last_updated, item.final, now, months)
            for evidence in item.evidence:
                if evidence.file:
                    first = history.first_seen(evidence.file.source_path)
                    evidence.added = first.when if first else None
            if isinstance(item, Commitment):
                for m in item.milestones:
                    _lateness(m, plan, now)
        _date(plan, _latest([history.last_change(plan.doc.path)] + [_change(i) for i in [plan.process, *plan.commitments]]))
        plan.final = is_final(plan)
        plan.stale = _stale(plan.last_updated, plan.final, now, months)
    _date(repo, history.last_change(*folders))


def overdue_from(end: str) -> datetime:
    """The moment a milestone planned to end on `end` is overdue: the start of the next day (UTC)."""
    return datetime.combine(date.fromisoformat(end) + timedelta(days=1), time(), timezone.utc)


def _lateness(m: Milestone, plan: Plan, now: datetime):
    """A milestone not finished by its planned end stays flagged, also after its plan ended
    ("not finished when the plan ended"); one not due yet carries the moment it will be."""
    m.overdue, m.overdue_after = False, None
    if m.status == "finished" or not m.end:
        return
    due = overdue_from(m.end)
    if plan.phase == "ended" or due <= now:
        m.overdue = True
    else:
        m.overdue_after = due.isoformat()


def _stale(last: datetime | None, final: bool, now: datetime, months: int) -> bool:
    return not final and last is not None and stale_after(last, months) <= now


def _date(target, change: Change | None):
    target.last_updated = change.when if change else None
    target.last_commit = change.commit if change else None


def _change(item) -> Change | None:
    return Change(item.last_updated, item.last_commit) if item.last_updated else None


def _latest(changes: list[Change | None]) -> Change | None:
    return max((c for c in changes if c), key=lambda c: c.when, default=None)


def stale_items(repo: Repository):
    """(plan, item) for every stale process and commitment."""
    for plan in repo.plans:
        for item in [plan.process, *plan.commitments]:
            if item.stale:
                yield plan, item


def overdue_milestones(repo: Repository):
    for plan in repo.plans:
        for c in plan.commitments:
            for m in c.milestones:
                if m.overdue:
                    yield plan, c, m
