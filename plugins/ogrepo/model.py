"""The repository as plain data: what loading produces and every output reads.

Rich, free-form fields stay in `data` (the validated YAML mapping); what logic needs is lifted
into typed attributes. Dates are `dates.When`: as precise as the source, never more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from . import dates
from .dates import When
from .text import Text
from .yamlfile import YamlFile

NOT_REPORTED = "not-reported"  # no report ever gave a status: never shown as "not started"


@dataclass
class EvidenceFile:
    source_path: str  # relative to the repository root, forward slashes
    bytes: int
    sha256: str
    media_type: str | None
    published_path: str = ""  # the same path, or with .txt added for a file a browser would run

    @property
    def inert(self) -> bool:
        """Published as plain text, since a browser would run it as a page of the site."""
        return self.published_path != self.source_path


@dataclass
class Evidence:
    id: str  # path inside its folder for a file, the link id for a link
    folder: str  # evidence/<plan>/<commitment or process>
    data: dict  # its metadata entry, {} when the file is undescribed
    file: EvidenceFile | None = None
    url: str | None = None  # an external link's address
    added: datetime | None = None  # when the file first appeared in git history

    @property
    def title(self) -> Text:
        return self.data.get("title") or self.id

    @property
    def date(self) -> When:
        return dates.parse(self.data.get("date"))

    @property
    def kind(self) -> str | None:
        return self.data.get("kind")

    @property
    def milestone(self) -> str | None:
        return self.data.get("milestone")

    @property
    def languages(self) -> list[str]:
        value = self.data.get("language")
        return [value] if isinstance(value, str) else list(value or [])

    @property
    def described(self) -> bool:
        return bool(self.data)

    @property
    def anchor(self) -> str:
        return "evidence-" + anchor_name(self.id)


@dataclass
class Update:
    """A progress update (dated) or a tracker's report for a reporting period."""

    data: dict
    published: date | None = None  # the day it was published: from the record, else from git
    published_from: str | None = None  # "record" or "git"

    @property
    def key(self) -> str | None:
        """What identifies it in its commitment: its period label, else its date."""
        period = self.data.get("period")
        return period if isinstance(period, str) else self.data.get("date")

    @property
    def period(self) -> When:
        """The period it reports on: its label, its {start, end}, or the day it was published."""
        period = self.data.get("period")
        if isinstance(period, dict) and period.get("start") and period.get("end"):
            start, end = dates.parse(period["start"]), dates.parse(period["end"])
            return When(f"{period['start']}/{period['end']}", None, dates.DAY, start.start, end.end)
        return dates.parse(period if isinstance(period, str) else self.data.get("date"))

    @property
    def labelled(self) -> bool:
        """A tracker report: identified by its period label rather than its date."""
        return isinstance(self.data.get("period"), str)

    @property
    def date(self) -> str | None:
        return self.data.get("date")

    @property
    def sort_key(self) -> tuple:
        return (self.period.sort_key, self.published or date.min, self.key or "")

    evidence = property(lambda self: self.data.get("evidence") or [])
    milestones = property(lambda self: self.data.get("milestones") or {})
    items = property(lambda self: self.data.get("items") or {})

    @property
    def anchor(self) -> str:
        return "update-" + anchor_name(self.key or "")


@dataclass
class Event:
    """A status an update gives a milestone or an activity."""

    update: Update
    status: str
    record: dict  # what the update says of the item (status, progress, challenges, evidence)


@dataclass
class Step:
    """A milestone or an activity: something with a due date and a status history."""

    data: dict
    status: str = NOT_REPORTED  # the latest report's, else the declared one
    history: list[Event] = field(default_factory=list)  # oldest first
    overdue: bool = False  # its planned end has passed and it is not finished
    overdue_after: str | None = None  # when it will be overdue if still not finished (ISO moment)
    index: int | None = None  # its place in the file's list

    id = property(lambda self: self.data.get("id"))
    title = property(lambda self: self.data.get("title"))
    code = property(lambda self: self.data.get("code"))

    @property
    def label(self) -> str:
        """What the page shows for it: its code, else its id."""
        return self.code or self.id or ""

    @property
    def names(self) -> list[str]:
        """Every way a report may name it: id, code, aliases."""
        return [n for n in (self.id, self.code, *(self.data.get("aliases") or [])) if n]

    @property
    def start(self) -> When:
        return dates.parse(self.data.get("start"))

    @property
    def due(self) -> When:
        return dates.parse(self.data.get("end") if "end" in self.data else self.data.get("due"))

    @property
    def since(self) -> Event | None:
        """The report from which its current status holds (the first of the latest run)."""
        since = None
        for event in reversed(self.history):
            if event.status != self.status:
                break
            since = event
        return since

    @property
    def done(self) -> bool:
        from .vocab import DONE
        return self.status in DONE


@dataclass
class Activity(Step):
    pass


@dataclass
class Milestone(Step):
    activities: list[Activity] = field(default_factory=list)

    end = property(lambda self: self.due)


@dataclass
class Item:
    """What has an evidence folder and a freshness: a commitment or a plan's process."""

    plan_id: str
    doc: YamlFile | None  # its YAML file (a process may have none)
    evidence_folder: str = ""  # <evidence dir>/<plan>/<commitment id or process>
    evidence: list[Evidence] = field(default_factory=list)
    evidence_doc: YamlFile | None = None  # the folder's evidence.yml
    last_updated: datetime | None = None
    last_commit: str | None = None
    stale: bool = False
    final: bool = False
    evidence_unknown: bool = False  # its evidence.yml could not be read: its links are unknown
    refused: set[str] = field(default_factory=set)  # files of its folder refused (each reported)
    left_out: dict[str, str] = field(default_factory=dict)  # hidden or git-ignored files: why not published

    @property
    def key(self) -> str:
        """The item's name in its plan: the commitment id, or 'process'."""
        raise NotImplementedError

    def find_evidence(self, ref: str) -> Evidence | None:
        return next((e for e in self.evidence if e.id == ref), None)

    def link_index(self, link_id: str) -> int:
        links = self.evidence_doc.data.get("links", []) if self.evidence_doc else []
        return next((i for i, link in enumerate(links) if isinstance(link, dict) and link.get("id") == link_id), 0)


@dataclass
class Commitment(Item):
    id: str = ""
    data: dict = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)  # newest first
    status: str = NOT_REPORTED  # completion level of the latest update that gives one

    title = property(lambda self: self.data.get("title"))
    code = property(lambda self: self.data.get("code"))

    @property
    def start(self) -> When:
        return dates.parse(self.data.get("start"))

    @property
    def end(self) -> When:
        return dates.parse(self.data.get("end"))

    @property
    def key(self) -> str:
        return self.id

    @property
    def leads(self) -> list[dict]:
        """The lead implementing agencies (format 1 wrote one, as lead_agency)."""
        return _organisations(self.data, "lead_agencies", "lead_agency")

    @property
    def stakeholders(self) -> list[dict]:
        """The lead non-governmental stakeholders."""
        return _organisations(self.data, "lead_stakeholders", "lead_stakeholder")

    @property
    def steps(self) -> list[Step]:
        """Every milestone and activity, in the file's order."""
        return [s for m in self.milestones for s in (m, *m.activities)]

    def evidence_of(self, step: Step) -> list[Evidence]:
        """The evidence of a milestone or activity: what names it in its `milestone:` field (for a
        milestone, also what names one of its activities), and what its reports' records cite."""
        steps = [step, *getattr(step, "activities", [])]
        names = {n for s in steps for n in s.names}
        found = [e for e in self.evidence if e.milestone is not None and str(e.milestone) in names]
        for s in steps:
            for event in s.history:
                for ref in event.record.get("evidence") or []:
                    e = self.find_evidence(ref)
                    if e is not None and e not in found:
                        found.append(e)
        return found

    def set_updates(self, updates: list[Update]):
        """Order the updates (newest period first) and give each milestone and activity its history
        and current status: the latest report's, else the one declared on it, else not reported."""
        updates.sort(key=lambda u: u.sort_key, reverse=True)
        self.updates = updates
        for step in self.steps:
            step.history = []
        for u in reversed(updates):  # oldest first
            for mid, status in u.milestones.items():
                step = self.milestone(mid)
                if step and status:
                    step.history.append(Event(u, status, {"status": status}))
            for name, record in u.items.items():
                step = self.step(name)
                if step and isinstance(record, dict) and record.get("status"):
                    step.history.append(Event(u, record["status"], record))
        for step in self.steps:
            step.status = step.history[-1].status if step.history else (step.data.get("status") or NOT_REPORTED)
        self.status = next((u.data["completion"] for u in updates if u.data.get("completion")), NOT_REPORTED)

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def step(self, name) -> Step | None:
        """The milestone or activity a report or an evidence file names by its id, code or alias."""
        name = str(name)
        return next((s for s in self.steps if name in s.names), None)

    def milestone_ids(self) -> list[str]:
        return list(dict.fromkeys(m.id for m in self.milestones if m.id is not None))

    def step_names(self) -> list[str]:
        return list(dict.fromkeys(n for s in self.steps for n in s.names))

    def knows_milestone(self, name) -> bool:
        """True for a milestone or activity written in the file even if its entry has errors
        (reported on their own): a reference to it is not reported again."""
        written = self.doc.written().get("milestones") if self.doc else None
        names: set[str] = set()
        for m in written if isinstance(written, list) else []:
            if isinstance(m, dict):
                names |= _written_names(m)
                for a in m.get("activities") or [] if isinstance(m.get("activities"), list) else []:
                    if isinstance(a, dict):
                        names |= _written_names(a)
        return str(name) in names or self.step(name) is not None


def _written_names(entry: dict) -> set[str]:
    aliases = entry.get("aliases") if isinstance(entry.get("aliases"), list) else []
    return {str(n) for n in (entry.get("id"), entry.get("code"), *aliases) if n is not None}


def _organisations(data: dict, many: str, one: str) -> list[dict]:
    found = data.get(many) if isinstance(data.get(many), list) else []
    if isinstance(data.get(one), dict):
        found = [data[one], *found]
    return [o for o in found if isinstance(o, dict)]


@dataclass
class Process(Item):
    data: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return "process"

    @property
    def meetings(self) -> list[dict]:
        """Newest first (a meeting dated to the month counts from the end of its month)."""
        return sorted(self.data.get("meetings") or [], key=lambda m: dates.parse(m.get("date")).sort_key, reverse=True)


@dataclass
class Plan:
    id: str
    doc: YamlFile | None  # None when plan.yml is missing or unreadable (its problem is reported)
    process: Process
    commitments: list[Commitment] = field(default_factory=list)
    last_updated: datetime | None = None
    last_commit: str | None = None
    stale: bool = False
    final: bool = False

    data = property(lambda self: self.doc.data if self.doc else {})
    title = property(lambda self: self.data.get("title"))
    phase = property(lambda self: self.data.get("phase"))

    @property
    def start(self) -> When:
        return dates.parse(self.data.get("start"))

    @property
    def end(self) -> When:
        return dates.parse(self.data.get("end"))

    broken: set[str] = field(default_factory=set)  # commitments whose files have errors
    _by_id: dict[str, Commitment] = field(default_factory=dict, repr=False)

    def commitment(self, commitment_id: str) -> Commitment | None:
        if len(self._by_id) != len(self.commitments):
            self._by_id = {c.id: c for c in self.commitments}
        return self._by_id.get(commitment_id)

    def has_commitment(self, commitment_id: str) -> bool:
        """True for broken commitments too: their own errors are reported, not echoes of them."""
        return commitment_id in self.broken or self.commitment(commitment_id) is not None


@dataclass
class Repository:
    root: str  # absolute path of the repository
    member: dict
    plans: list[Plan]  # newest first
    pages: list[str] = field(default_factory=list)  # hand-written Markdown, relative to the root
    last_updated: datetime | None = None
    last_commit: str | None = None

    @property
    def languages(self) -> list[str]:
        return self.member.get("languages") or ["en"]

    @property
    def local(self) -> bool:
        """An OGP Local member: the rules of the OGP Local handbook apply."""
        return self.member.get("level") in ("local", "joint-local")

    def items(self):
        for plan in self.plans:
            yield plan.process
            yield from plan.commitments


@cache  # the same ids and file names, on every page that links to them
def anchor_name(value: str) -> str:
    """An anchor for an id or file name: ASCII letters, digits, '-' and '.' as they are, any other
    character as _XX per UTF-8 byte. It depends on the value only (a permalink stays) and two names
    never share it ('Report.pdf' and 'report.pdf', 'a b' and 'a-b' differ)."""
    out = []
    for ch in value:
        if ch.isascii() and (ch.isalnum() or ch in "-."):
            out.append(ch)
        else:
            out.extend(f"_{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)
