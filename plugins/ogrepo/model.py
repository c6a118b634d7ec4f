"""The repository as plain data: what loading produces and every output reads.

Rich, free-form fields stay in `data` (the validated YAML mapping); what logic needs is lifted
into typed attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .text import Text
from .yamlfile import YamlFile


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
    def date(self) -> str | None:
        return self.data.get("date")

    @property
    def kind(self) -> str | None:
        return self.data.get("kind")

    @property
    def milestone(self) -> str | None:
        return self.data.get("milestone")

    @property
    def described(self) -> bool:
        return bool(self.data)

    @property
    def anchor(self) -> str:
        return "evidence-" + anchor_name(self.id)


NOT_REPORTED = "not-reported"  # no update ever gave a status: never shown as "not started"


@dataclass
class Milestone:
    data: dict
    status: str = NOT_REPORTED  # effective status: the latest update's, else the declared one
    status_date: str | None = None  # the update that set it
    overdue: bool = False  # its planned end has passed and it is not finished
    overdue_after: str | None = None  # when it will be overdue if still not finished (ISO moment)
    index: int | None = None  # its place in the commitment file's list

    id = property(lambda self: self.data.get("id"))
    title = property(lambda self: self.data.get("title"))
    start = property(lambda self: self.data.get("start"))
    end = property(lambda self: self.data.get("end"))


@dataclass
class Update:
    data: dict

    date = property(lambda self: self.data.get("date"))
    evidence = property(lambda self: self.data.get("evidence", []))
    milestones = property(lambda self: self.data.get("milestones", {}))

    @property
    def anchor(self) -> str:
        return f"update-{self.date}"


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
        return next((i for i, link in enumerate(links) if link.get("id") == link_id), 0)


@dataclass
class Commitment(Item):
    id: str = ""
    data: dict = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)  # newest first
    status: str = NOT_REPORTED  # completion level of the latest update that gives one

    title = property(lambda self: self.data.get("title"))
    start = property(lambda self: self.data.get("start"))
    end = property(lambda self: self.data.get("end"))

    @property
    def key(self) -> str:
        return self.id

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def milestone_ids(self) -> list[str]:
        return list(dict.fromkeys(m.id for m in self.milestones if m.id is not None))

    def knows_milestone(self, milestone_id) -> bool:
        """True for a milestone written in the file even if its entry has errors (reported on
        their own): a reference to it is not reported again."""
        written = self.doc.written().get("milestones") if self.doc else None
        ids = {str(m.get("id")) for m in written if isinstance(m, dict)} if isinstance(written, list) else set()
        return str(milestone_id) in ids or self.milestone(milestone_id) is not None


@dataclass
class Process(Item):
    data: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return "process"

    @property
    def meetings(self) -> list[dict]:
        return sorted(self.data.get("meetings") or [], key=lambda m: m["date"], reverse=True)


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
    start = property(lambda self: self.data.get("start"))
    end = property(lambda self: self.data.get("end"))
    phase = property(lambda self: self.data.get("phase"))

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

    def items(self):
        for plan in self.plans:
            yield plan.process
            yield from plan.commitments


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
