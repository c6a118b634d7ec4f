"""The compliance panel: per plan, the checks an IRM researcher or an OGP Local monitoring body
makes first, each with what was found and how to put it right.

A check is `{check, subject, result, detail, url, fix}`: `check` a stable slug, `subject` a
commitment id, `process` or the plan's id, `result` pass, warn or fail. The rules
(ogp-reference §1, §5):

- updated: each commitment and the process updated within the required period (the plugin's
  stale_after_months; freshness.py decides stale and final); a warning a month before it is due.
- dated-evidence: each commitment and the process has evidence ("No evidence available", the IRM's
  own term, when none), and some of it dated.
- finished-milestones-evidence: every milestone and activity marked finished has evidence naming it
  (its `milestone:` field, or a report's record for it that cites evidence).
- completion-reported: a current completion level is reported.
- forum-cadence: the multi-stakeholder forum met at the required cadence (national: every three
  months passes, every six warns; OGP Local: one meeting in co-creation, two a year after). The
  forum is the member's: its meetings recorded in any plan's co-creation record count, except for
  an OGP Local plan's co-creation, which only the meetings in its own record show.
- reasoned-response: the contributions received are listed, each with its response and the reason
  for it (the schema requires both); none listed is a warning.
- endorsements, monitoring-body (OGP Local): the plan lists who endorsed it and names its monitoring body.

Nothing is passed that the data cannot show: a date known to the month is judged on the safe side
(a meeting in "2026-03" may have been on the 1st or the 31st), and what cannot be told is a warning
that says why. A result is what the data says at the build's `now`; what changes with time alone
carries `fails_after`, the moment it becomes a failure, which the page applies in the browser.

The texts are ours, kept as messages (`Say`) and translated where they are shown (`Words`): the
page in its language, repository.json in every language of the member.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from babel.numbers import format_decimal

from . import dates, i18n, urls, vocab
from .dates import When
from .freshness import add_months, stale_after
from .model import NOT_REPORTED, Commitment, Item, Plan, Repository
from .text import pick
from .vocab import N_

PASS, WARN, FAIL = "pass", "warn", "fail"
RESULTS = (PASS, WARN, FAIL)
RESULT_LABELS = {PASS: N_("Pass"), WARN: N_("Warning"), FAIL: N_("Fail")}
CHECKS = {
    "endorsements": N_("Plan endorsed"),
    "monitoring-body": N_("Monitoring body named"),
    "updated": N_("Updated in time"),
    "dated-evidence": N_("Dated evidence"),
    "forum-cadence": N_("Forum meetings"),
    "reasoned-response": N_("Reasoned response"),
    "finished-milestones-evidence": N_("Evidence of finished milestones"),
    "completion-reported": N_("Completion reported"),
}
PLAN_CHECKS = ("endorsements", "monitoring-body")  # their subject is the plan
FORUM_MEETING = "forum-meeting"
WARN_BEFORE_DAYS = 31  # an update due within a month is a warning


# --- what a check says ------------------------------------------------------------------------

@dataclass(frozen=True)
class Say:
    """One of our messages, with its values: translated where it is shown."""

    message: str
    values: tuple = ()

    def __init__(self, message: str, **values):
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "values", tuple(values.items()))


@dataclass(frozen=True)
class Content:
    """A text of the content (a title, a name) inside a message: shown in the reader's language."""

    text: object


@dataclass(frozen=True)
class Label:
    """A vocabulary's label inside a message."""

    vocabulary: dict
    slug: str


@dataclass(frozen=True)
class Link:
    """Something a check names (a milestone), linked to where it is."""

    label: str
    title: object  # its title, a content text
    url: str  # site path, with an anchor


@dataclass
class Check:
    check: str
    subject: str  # a commitment id, "process" or the plan's id
    result: str
    detail: list[Say]
    url: str  # site path of what was judged, with an anchor when it is a part of a page
    fix: list[Say] = field(default_factory=list)  # how to put it right; for a pass that fails later, what to do before
    fails_after: datetime | None = None  # the moment a pass or a warning becomes a failure, time alone passing
    then: list[Say] = field(default_factory=list)  # what the detail adds from that moment
    links: list[Link] = field(default_factory=list)


# --- the checks of a plan ---------------------------------------------------------------------

def repository_checks(repo: Repository, now: datetime, months: int) -> dict[str, list[Check]]:
    """Every plan's checks, by plan id."""
    return {plan.id: plan_checks(plan, repo, now, months) for plan in repo.plans}


def plan_checks(plan: Plan, repo: Repository, now: datetime, months: int) -> list[Check]:
    """The plan's own checks first, then its process's, then each commitment's."""
    today = now.date()
    out = [endorsements(plan), monitoring_body(plan)] if repo.local else []
    process = plan.process
    out += [updated(plan, process, now, months), dated_evidence(plan, process, today),
            forum_cadence(plan, repo, today), reasoned_response(plan)]
    for c in plan.commitments:
        out += [updated(plan, c, now, months), dated_evidence(plan, c, today), finished_evidence(plan, c),
                completion_reported(plan, c, now, months)]
    return out


def rules(repo: Repository) -> dict[str, str]:
    """What each check asks, for the page's readers (`%(months)s`: the required period)."""
    forum = N_("The forum met at least once during the plan's co-creation (a meeting in its own record) and twice "
               "a year during implementation (its meetings recorded for any plan count).") if repo.local else \
        N_("The multi-stakeholder forum met at least every three months, a warning up to six (its meetings "
           "recorded for any plan count).")
    return {
        "endorsements": N_("The non-governmental stakeholders who endorsed the plan are listed."),
        "monitoring-body": N_("An independent monitoring body is named."),
        "updated": N_("Each commitment and the co-creation record was updated in the last %(months)s months."),
        "dated-evidence": N_("Each commitment and the co-creation record has evidence, and dated: without it the "
                             "IRM may rate a commitment “No evidence available”."),
        "forum-cadence": forum,
        "reasoned-response": N_("Every contribution received has the government's response and the reason for it."),
        "finished-milestones-evidence": N_("Every milestone and activity marked finished has evidence naming it."),
        "completion-reported": N_("Each commitment's current completion level is given in a progress update."),
    }


def failures_first(checks: list[Check]) -> list[Check]:
    """Failures, then warnings, then passes, each in the plan's order."""
    return sorted(checks, key=lambda c: (FAIL, WARN, PASS).index(c.result))


def summary(checks: list[Check]) -> dict[str, int]:
    return {result: sum(c.result == result for c in checks) for result in RESULTS}


def item_file(plan: Plan, item: Item) -> str:
    """The YAML file an item is written in (a process may have none yet)."""
    if item.doc:
        return item.doc.path
    return posixpath.join(posixpath.dirname(plan.doc.path) if plan.doc else f"content/plans/{plan.id}", "process.yml")


def plan_file(plan: Plan) -> str:
    return plan.doc.path if plan.doc else f"content/plans/{plan.id}/plan.yml"


def add_evidence(plan: Plan, item: Item) -> str:
    return f"ogrepo add-evidence {plan.id}/{item.key}"


def updated(plan: Plan, item: Item, now: datetime, months: int) -> Check:
    """Updated within the required period: final items pass; stale fails; due within a month warns."""
    def check(result, *detail, **extra):
        return Check("updated", item.key, result, list(detail), urls.item(item), **extra)

    fix = _update_fix(plan, item)
    last = item.last_updated
    if item.final:
        why = Say(N_("Final: the plan has ended.")) if plan.phase == "ended" else \
            Say(N_("Final: the commitment is complete."))
        return check(PASS, why, *([Say(N_("Last updated %(when)s."), when=last)] if last else []))
    if last is None:
        return check(WARN, Say(N_("Not yet in the repository's history: its date comes from the commit that adds it.")),
                     fix=[Say(N_("Commit `%(file)s`: every page is dated from git history."),
                              file=item_file(plan, item))])
    due = stale_after(last, months)
    if item.stale:
        return check(FAIL, Say(N_("Last updated %(when)s: more than %(months)s months ago (an update was due by "
                                  "%(due)s)."), when=last, months=months, due=due), fix=fix)
    then = [Say(N_("Not updated since %(when)s: more than %(months)s months."), when=last, months=months)]
    if due - now <= timedelta(days=WARN_BEFORE_DAYS):
        return check(WARN, Say(N_("Last updated %(when)s: an update is due by %(due)s."), when=last, due=due),
                     fix=fix, fails_after=due, then=then)
    return check(PASS, Say(N_("Last updated %(when)s; the next update is due by %(due)s."), when=last, due=due),
                 fix=fix, fails_after=due, then=then)


def _update_fix(plan: Plan, item: Item) -> list[Say]:
    if isinstance(item, Commitment):
        return [Say(N_("Publish a progress update: run `ogrepo update %(ref)s`, write the progress and each "
                       "milestone's status in `%(file)s`, add the new documents with `%(command)s FILE`, and commit."),
                    ref=f"{plan.id}/{item.id}", file=item_file(plan, item), command=add_evidence(plan, item))]
    return [Say(N_("Record the latest forum meetings and consultations in `%(file)s`, add their minutes, agendas "
                   "and lists of participants with `%(command)s FILE`, and commit."),
                file=item_file(plan, item), command=add_evidence(plan, item))]


def dated_evidence(plan: Plan, item: Item, today: date) -> Check:
    """Evidence in its folder, some of it dated. None is the IRM's "No evidence available"."""
    url = urls.item(item) + "#evidence"
    found = item.evidence
    meta = item.evidence_folder + "/evidence.yml"
    if not found:
        detail = [Say(N_("%(term)s: `%(folder)s` holds no file and lists no link."),
                      term=Label(vocab.COMPLETION_LEVELS, "no-evidence"), folder=item.evidence_folder + "/")]
        fix = [Say(N_("Add the documents that prove what was done (decrees, reports, datasets, minutes, photos) with "
                      "`%(command)s FILE --date YYYY-MM-DD`, or list links in `%(file)s`."),
                   command=add_evidence(plan, item), file=meta)]
        why = _not_started(plan, item, today) if isinstance(item, Commitment) else None
        if why:
            detail.append(why)
            return Check("dated-evidence", item.key, WARN, detail, url, fix)
        return Check("dated-evidence", item.key, FAIL, detail, url, fix)
    dated = [e for e in found if e.date]
    if not dated:
        return Check("dated-evidence", item.key, WARN,
                     [Say(N_("Evidence items: %(n)s, none of them dated."), n=len(found))], url,
                     [Say(N_("Give each item the date of the document in `%(file)s` (`date: 2026-03-20`, or the month "
                             "`2026-03` when the day is not known)."), file=meta)])
    latest = max((e.date for e in dated if e.date.end), key=lambda when: when.sort_key, default=None)
    detail = [Say(N_("Evidence items: %(n)s, of which %(dated)s dated."), n=len(found), dated=len(dated))]
    if latest:
        detail.append(Say(N_("The latest is dated %(when)s."), when=latest))
    return Check("dated-evidence", item.key, PASS, detail, url)


def _not_started(plan: Plan, c: Commitment, today: date) -> Say | None:
    """Why nothing is due from the commitment yet (its plan still co-created, or its start, else the
    plan's, to come); None when it has started."""
    if plan.phase == "co-creation":
        return Say(N_("The plan is still being co-created."))
    start = c.start if c.start.start else plan.start
    if start.start is not None and start.start > today:
        return Say(N_("The commitment starts on %(start)s."), start=start)
    return None


def finished_evidence(plan: Plan, c: Commitment) -> Check:
    """Every milestone and activity marked finished has evidence naming it."""
    finished = [s for s in c.steps if s.done]
    url = urls.commitment(c) + "#milestones"
    if not finished:
        return Check("finished-milestones-evidence", c.id, PASS,
                     [Say(N_("No milestone or activity is marked finished yet."))], url)
    missing = [s for s in finished if not c.evidence_of(s)]
    if not missing:
        return Check("finished-milestones-evidence", c.id, PASS,
                     [Say(N_("Milestones and activities marked finished: %(n)s, each with evidence naming it."),
                          n=len(finished))], url)
    from .pages import step_anchor  # pages imports this module: imported here, once both are loaded

    links = [Link(s.label, s.title, urls.commitment(c) + "#" + step_anchor(s)) for s in missing]
    return Check("finished-milestones-evidence", c.id, FAIL,
                 [Say(N_("Marked finished, without evidence naming them: %(missing)s (%(n)s of %(total)s marked "
                         "finished)."),
                      missing=[s.label for s in missing], n=len(missing), total=len(finished))],
                 links[0].url,
                 [Say(N_("For each, add the document that proves it with `%(command)s FILE --milestone %(id)s`, or "
                         "name it in the `milestone:` field of an item already in `%(file)s`."),
                      command=add_evidence(plan, c), id=missing[0].label if len(missing) == 1 else "ID",
                      file=c.evidence_folder + "/evidence.yml")],
                 links=links)


def completion_reported(plan: Plan, c: Commitment, now: datetime, months: int) -> Check:
    """A current completion level: given by an update, not "unknown", and not older than an update may be."""
    url = urls.commitment(c) + "#updates"
    fix = [Say(N_("Run `ogrepo update %(ref)s` and give the completion level in the update it writes "
                  "(`completion:` not-started, limited, substantial or complete), then commit."),
               ref=f"{plan.id}/{c.id}")]
    source = next((u for u in c.updates if u.data.get("completion")), None)
    if c.status == NOT_REPORTED or source is None:
        why = _not_started(plan, c, now.date())
        if why:
            return Check("completion-reported", c.id, PASS, [Say(N_("None is due yet.")), why], url)
        return Check("completion-reported", c.id, FAIL,
                     [Say(N_("No update gives the commitment's completion level."))], urls.commitment(c), fix)
    url = urls.commitment(c) + "#" + source.anchor
    when = source.published
    level = Label(vocab.COMPLETION_STATES, c.status)
    if c.status == "unknown":
        return Check("completion-reported", c.id, WARN,
                     [Say(N_("The latest update that gives a completion level (%(when)s) says it is unknown."),
                          when=when)], url, fix)
    said = Say(N_("%(level)s, reported on %(when)s."), level=level, when=when)
    if when and not c.final:
        moment = datetime.combine(when, time(), timezone.utc)
        if stale_after(moment, months) <= now:
            return Check("completion-reported", c.id, WARN,
                         [said, Say(N_("That is more than %(months)s months ago."), months=months)], url, fix)
    return Check("completion-reported", c.id, PASS, [said], url)


def reasoned_response(plan: Plan) -> Check:
    """The contributions received, each with the government's response and the reason for it (the
    schema requires both of every contribution listed: what is listed is answered)."""
    contributions = [x for x in plan.process.data.get("contributions") or [] if isinstance(x, dict)]
    if not contributions:
        return Check("reasoned-response", "process", WARN, [Say(N_("No contribution is recorded."))],
                     urls.process(plan.id),
                     [Say(N_("List the contributions received in `%(file)s` under `contributions:`, each with its "
                             "`response` (included, amended or not-included) and the `reason` for it."),
                          file=item_file(plan, plan.process))])
    counts = [Say(N_("%(label)s: %(n)s"), label=Label(vocab.CONTRIBUTION_RESPONSES, slug), n=n)
              for slug in vocab.CONTRIBUTION_RESPONSES
              if (n := sum(x.get("response") == slug for x in contributions))]
    return Check("reasoned-response", "process", PASS,
                 [Say(N_("Contributions: %(n)s, each with a response and its reason (%(counts)s)."),
                      n=len(contributions), counts=counts)], urls.process(plan.id) + "#contributions")


def endorsements(plan: Plan) -> Check:
    """OGP Local: the non-governmental stakeholders who endorsed the plan are listed."""
    found = [e for e in plan.data.get("endorsements") or [] if isinstance(e, dict)]
    if not found:
        return Check("endorsements", plan.id, FAIL, [Say(N_("No endorsing stakeholder is listed."))],
                     urls.plan(plan),
                     [Say(N_("List the non-governmental stakeholders who endorsed the plan in `%(file)s` under "
                             "`endorsements:` (the organisation, and the name and date when known)."),
                          file=plan_file(plan))])
    return Check("endorsements", plan.id, PASS,
                 [Say(N_("Endorsed by: %(names)s."), names=[Content(e.get("organisation")) for e in found])],
                 urls.plan(plan) + "#endorsements")


def monitoring_body(plan: Plan) -> Check:
    """OGP Local: an independent monitoring body is named."""
    body = plan.data.get("monitoring_body")
    if not isinstance(body, dict) or not body.get("name"):
        return Check("monitoring-body", plan.id, FAIL, [Say(N_("No monitoring body is named."))], urls.plan(plan),
                     [Say(N_("Name the independent monitoring body in `%(file)s`: `monitoring_body: {name: …, "
                             "description: …}`."), file=plan_file(plan))])
    return Check("monitoring-body", plan.id, PASS, [Say(N_("Monitoring body: %(name)s."), name=Content(body["name"]))],
                 urls.plan(plan) + "#monitoring-body")


# --- the forum's cadence ----------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    """A forum meeting, or an end of the period judged: the first and last day it may have been."""

    first: date
    last: date
    when: When | date  # as shown


@dataclass(frozen=True)
class Gap:
    start: Point
    end: Point

    @property
    def longest(self) -> int:
        """Days between them at the most (the earlier as early, the later as late as they may be)."""
        return (self.end.last - self.start.first).days

    def over(self, months: int, surely: bool) -> bool:
        """More than `months` months apart: surely (even at the least), or possibly (at the most)."""
        if surely:
            return self.end.first > add_months(self.start.last, months)
        return self.end.last > add_months(self.start.first, months)


def forum_meetings(plans: list[Plan]) -> tuple[list[Point], int]:
    """The forum's meetings recorded in these plans' co-creation records, each once; and how many
    have no date that can be placed (only words)."""
    seen, points, undated = set(), [], 0
    for plan in plans:
        for m in plan.process.data.get("meetings") or []:
            if not isinstance(m, dict) or m.get("kind") != FORUM_MEETING:
                continue
            when = dates.parse(m.get("date"))
            key = (m.get("id"), when.value)
            if key in seen:
                continue
            seen.add(key)
            if when.start is None or when.end is None:
                undated += 1
            else:
                points.append(Point(when.start, when.end, when))
    return sorted(points, key=lambda p: (p.first, p.last)), undated


def forum_cadence(plan: Plan, repo: Repository, today: date) -> Check:
    url = urls.process(plan.id) + "#meetings"
    rule = Say(N_("OGP Local asks for at least one forum meeting during co-creation and two a year during "
                  "implementation.")) if repo.local else \
        Say(N_("OGP asks the forum to meet at least every three months, and never less than every six."))
    fix = [Say(N_("Record each forum meeting in `%(file)s` under `meetings:` with `kind: forum-meeting` and its date "
                  "(the day, or the month when the day is not known), add its minutes with `%(command)s FILE`, "
                  "and commit."), file=item_file(plan, plan.process), command=add_evidence(plan, plan.process)), rule]
    start, end = plan.start.start, plan.end.end
    if start is None or end is None:
        return Check("forum-cadence", "process", WARN,
                     [Say(N_("The plan's start and end are not given as dates: the forum's cadence cannot be "
                             "judged."))],
                     url, [Say(N_("Give the plan's `start` and `end` as dates in `%(file)s`."), file=plan_file(plan))])
    # the forum is the member's, and meets for one plan while the next is co-created: its meetings
    # recorded in any plan's record count; the co-creation of a plan, only those in its own record
    meetings, undated = forum_meetings(repo.plans)
    if repo.local:
        result, detail, fails_after, then = _local_cadence(meetings, forum_meetings([plan])[0], start, end, today)
    else:
        result, detail, fails_after, then = _national_cadence(meetings, start, end, today)
    if undated:
        detail.append(Say(N_("Forum meetings without a date that can be placed, not counted: %(n)s."), n=undated))
        if result == FAIL:
            result = WARN  # one of them may have been in the gap: nothing proves it was not
    return Check("forum-cadence", "process", result, detail, url, fix if result != PASS or fails_after else [],
                 fails_after, then)


def _national_cadence(meetings: list[Point], start: date, end: date, today: date):
    """Every three months passes, every six warns, a longer gap fails; from the plan's start to
    today or its end. A meeting known to the month is placed at the far end of its month for a pass,
    and at the near end for a failure: what the dates cannot settle is a warning."""
    if today < start:
        return PASS, [Say(N_("The plan starts on %(start)s: the forum's meetings are counted from then."),
                          start=start)], None, []
    until = min(today, end)
    inside = [p for p in meetings if p.last >= start and p.first <= until]
    points = [Point(start, start, start), *inside, Point(until, until, until)]
    gaps = [Gap(a, b) for a, b in zip(points, points[1:])]
    worst = max(gaps, key=lambda g: (g.over(6, True), g.over(6, False), g.over(3, True), g.over(3, False), g.longest))
    if worst.over(6, True):
        result = FAIL
    elif worst.over(3, False):
        result = WARN
    else:
        result = PASS
    detail = [Say(N_("Forum meetings between %(start)s and %(end)s: %(n)s."), start=start, end=until, n=len(inside))]
    longest = Say(N_("The longest gap: %(days)s days, from %(from)s to %(to)s."), days=worst.longest,
                  **{"from": worst.start.when, "to": worst.end.when})
    detail.append(longest)
    if result == FAIL:
        detail.append(Say(N_("That is more than six months.")))
    elif result == WARN and worst.over(3, True) and not worst.over(6, False):
        detail.append(Say(N_("That is more than three months, within six.")))
    elif result == WARN:
        detail.append(Say(N_("A meeting dated only to the month may have been on any of its days: that it was "
                             "within the required months cannot be shown.")))
    else:
        detail.append(Say(N_("The forum met at least every three months.")))
    fails_after, then = None, []
    last = inside[-1] if inside else points[0]
    if result != FAIL and today < end:
        moment = add_months(last.last, 6) + timedelta(days=1)
        if moment <= end:
            fails_after = datetime.combine(moment, time(), timezone.utc)
            then = [Say(N_("No forum meeting recorded since %(when)s: more than six months."), when=last.when)]
    return result, detail, fails_after, then


def _local_cadence(meetings: list[Point], own: list[Point], start: date, end: date, today: date):
    """OGP Local: at least one forum meeting during co-creation (before the plan's start) and two in
    each year of implementation (one in a last year of six months or less). A year not over yet is
    counted so far, and fails nothing."""
    results, detail = [], []
    before = [p for p in own if p.last < start]  # a meeting of an earlier plan co-created that plan
    maybe = [p for p in own if p.first < start <= p.last]
    if before:
        results.append(PASS)
        detail.append(Say(N_("Forum meetings during co-creation, before the plan's start (%(start)s): %(n)s."),
                          n=len(before), start=start))
    elif today < start:
        results.append(WARN)
        detail.append(Say(N_("Co-creation: no forum meeting yet; one is due before the plan starts on %(start)s."),
                          start=start))
    elif maybe:
        results.append(WARN)
        detail.append(Say(N_("Co-creation: a forum meeting is dated too coarsely to tell whether it was before the "
                             "plan's start (%(start)s).") , start=start))
    else:
        results.append(FAIL)
        detail.append(Say(N_("Co-creation: no forum meeting before the plan's start (%(start)s)."), start=start))
    year = 0
    while today >= start:
        first = add_months(start, 12 * year)
        if first > min(today, end):
            break
        last = min(add_months(start, 12 * (year + 1)) - timedelta(days=1), end)
        needed = 2 if (last - first).days > 183 else 1
        surely = sum(first <= p.first and p.last <= last for p in meetings)
        possibly = sum(p.first <= last and p.last >= first for p in meetings)
        over = last < today
        values = dict(year=year + 1, first=first, last=last, n=surely, needed=needed)
        if surely >= needed:
            results.append(PASS)
            detail.append(Say(N_("Forum meetings in year %(year)s of implementation (%(first)s to %(last)s): %(n)s, "
                                 "%(needed)s required."), **values))
        elif not over:
            results.append(PASS)
            detail.append(Say(N_("Forum meetings so far in year %(year)s of implementation (%(first)s to %(last)s): "
                                 "%(n)s, %(needed)s required by its end."), **values))
        elif possibly >= needed:
            results.append(WARN)
            detail.append(Say(N_("Forum meetings in year %(year)s of implementation (%(first)s to %(last)s): %(n)s "
                                 "surely in it, perhaps more (dated only to the month), %(needed)s required."),
                              **values))
        else:
            results.append(FAIL)
            detail.append(Say(N_("Forum meetings in year %(year)s of implementation (%(first)s to %(last)s): %(n)s, "
                                 "%(needed)s required."), **values))
        year += 1
    result = FAIL if FAIL in results else WARN if WARN in results else PASS
    return result, detail, None, []


# --- in words ---------------------------------------------------------------------------------

class Words:
    """The checks' texts in one language: our messages from its catalogue, the content's texts in it
    (or in another the member writes), dates at their own precision, numbers as it writes them."""

    def __init__(self, language: str, languages: list[str]):
        self.language = language
        self.order = [language] + [lang for lang in languages if lang != language]
        self.translations = i18n.translations(language)
        self.locale = dates.locale(language)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def value(self, value) -> str:
        if isinstance(value, Say):
            return self.say(value)
        if isinstance(value, Content):
            return pick(value.text, self.order)
        if isinstance(value, Label):
            label = vocab.label(value.vocabulary, value.slug)
            return self.gettext(label) if isinstance(label, str) else pick(label, self.order)
        if isinstance(value, (list, tuple)):
            return ", ".join(self.value(v) for v in value)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return format_decimal(value, locale=self.locale)
        if isinstance(value, datetime):
            return dates.long_moment(value, self.language)
        if isinstance(value, date):
            return dates.long_day(value.isoformat(), self.language)
        if isinstance(value, When):
            if value.value is None:
                return pick(value.text, self.order)
            return dates.shown(value.value, self.language, self.gettext("{half} half of {year}"))
        return "" if value is None else str(value)

    def say(self, message: Say) -> str:
        text = self.gettext(message.message)
        return text % {k: self.value(v) for k, v in message.values} if message.values else text

    def text(self, messages: list[Say]) -> str:
        return " ".join(self.say(m) for m in messages)

    def check_name(self, slug: str) -> str:
        return self.gettext(CHECKS.get(slug, slug))

    def result(self, slug: str) -> str:
        return self.gettext(RESULT_LABELS[slug])
