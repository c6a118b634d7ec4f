"""When each item was last updated, and what follows: stale items, final items, overdue milestones.

OGP asks for an update at least every six months (OGP Local members may choose quarterly). An
item that can no longer change (a complete commitment, anything in an ended plan) is final,
never stale.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone

from .history import Change, History, record_dates
from . import dates
from .dates import When
from .model import Commitment, Item, Plan, Repository, Step
from .problems import WARNING, Problem


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
                for step in item.steps:
                    _lateness(step, plan, now)
        date_reports(plan, history, now)
        _date(plan, _latest([history.last_change(plan.doc.path)] + [_change(i) for i in [plan.process, *plan.commitments]]))
        plan.final = is_final(plan)
        plan.stale = _stale(plan.last_updated, plan.final, now, months)
    _date(repo, history.last_change(*folders))


def overdue_from(due: When) -> datetime | None:
    """The moment something due in the period `due` names is overdue: the start of the day after
    the period ends (UTC). A month is due at its end, a quarter at the end of the quarter; a due
    date known only in words has no such moment."""
    if due.end is None:
        return None
    return datetime.combine(due.end + timedelta(days=1), time(), timezone.utc)


def _lateness(step: Step, plan: Plan, now: datetime):
    """A milestone or activity not finished by its planned end stays flagged, also after its plan
    ended ("not finished when the plan ended"); one not due yet carries the moment it will be."""
    step.overdue, step.overdue_after = False, None
    if step.done:
        return
    moment = overdue_from(step.due)
    if plan.phase == "ended":
        step.overdue = True
    elif moment is not None and moment <= now:
        step.overdue = True
    elif moment is not None:
        step.overdue_after = moment.isoformat()


def date_reports(plan: Plan, history: History, now: datetime):
    """A report written without its publication date is dated from git: the commit in which it first
    appeared (what no commit holds yet counts from now). Never from the period it reports on."""
    undated = [c for c in plan.commitments if c.doc and any(u.published is None for u in c.updates)]
    if not undated:
        return
    found = record_dates(history, {c.doc.path: _report_keys for c in undated})
    for c in undated:
        for u in c.updates:
            if u.published is None:
                change = found.get(c.doc.path, {}).get(u.key)
                u.published = (change.when if change else now).date()
                u.published_from = "git"
        c.set_updates(c.updates)


def recorded_meetings(repo: Repository, history: History | None, now: datetime) -> dict[str, dict[str, datetime]]:
    """When each meeting dated only to the month (or year) was first recorded, by plan: what a feed
    can date its entry by without inventing a day."""
    wanted = {plan.process.doc.path: _meeting_keys for plan in repo.plans if plan.process.doc and any(
        dates.parse(m.get("date")).precision != dates.DAY for m in plan.process.data.get("meetings") or [])}
    if not wanted or history is None:
        return {}
    found = record_dates(history, wanted)
    out = {}
    for plan in repo.plans:
        if plan.process.doc and plan.process.doc.path in wanted:
            seen = found.get(plan.process.doc.path, {})
            out[plan.id] = {m["id"]: (seen[m["id"]].when if m["id"] in seen else now)
                            for m in plan.process.data.get("meetings") or [] if m.get("id")}
    return out


def _meeting_keys(data) -> set[str]:
    meetings = data.get("meetings") if isinstance(data, dict) else None
    return {m.get("id") for m in meetings or [] if isinstance(m, dict) and m.get("id")}


def _report_keys(data) -> set[str]:
    updates = data.get("updates") if isinstance(data, dict) else None
    return {u.get("period") if isinstance(u.get("period"), str) else u.get("date")
            for u in updates or [] if isinstance(u, dict)}


def stale_translations(repo: Repository, history: History) -> list[Problem]:
    """A translation of a hand-written page (about.fr.md) last changed before its source (about.md):
    readers of that language may read something the source no longer says."""
    problems = []
    pages = set(repo.pages)
    for path in repo.pages:
        stem, dot, rest = path.rpartition("/")[2].partition(".")
        language = rest[:-3] if rest.endswith(".md") and rest != "md" else None
        if language not in repo.languages[1:]:
            continue
        source = path[:len(path) - len(rest) - 1] + ".md"
        if source not in pages:
            continue
        translated, original = history.last_change(path), history.last_change(source)
        if translated and original and translated.when < original.when:
            problems.append(Problem(path, 0, 0, f"this translation was last changed on {translated.when.date()}, "
                                                f"before {source} ({original.when.date()})",
                                    f"bring it up to date with {source}", WARNING))
    return problems


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
            for m in c.steps:
                if m.overdue:
                    yield plan, c, m
