"""The open data: data/repository.json (with its schema) and the spreadsheet trackers."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from . import schema, urls
from .model import Commitment, Evidence, Item, Plan, Repository
from .text import pick


def iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


class Exporter:
    def __init__(self, repo: Repository, site_url: str | None, generated_at: datetime):
        self.repo, self.site_url, self.generated_at = repo, site_url, generated_at
        self.languages = repo.languages

    def url(self, path: str) -> str:
        return urls.absolute(path, self.site_url)

    def t(self, text) -> str:
        return pick(text, self.languages)

    def feeds(self, page: str) -> dict:
        return {k: self.url(v) for k, v in urls.feeds(page).items()}

    # --- repository.json -----------------------------------------------------------------

    def repository(self) -> dict:
        return {
            "generated_at": iso(self.generated_at),
            "last_updated": iso(self.repo.last_updated),
            "site_url": self.site_url,
            "feeds": {k: self.url(v) for k, v in urls.SITE_FEEDS.items()},
            "schema": self.url(urls.DATA_SCHEMA),
            "member": self.repo.member,
            "plans": [self.plan(p) for p in self.repo.plans],
        }

    def plan(self, p: Plan) -> dict:
        return {
            "id": p.id,
            "title": self.t(p.title),
            "url": self.url(urls.plan(p)),
            "start": p.start,
            "end": p.end,
            "phase": p.phase,
            "last_updated": iso(p.last_updated),
            "stale": p.stale,
            "final": p.final,
            "feeds": self.feeds(urls.plan(p)),
            "process": self.item(p.process),
            "commitments": [self.commitment(c) for c in p.commitments],
        }

    def item(self, i: Item) -> dict:
        return {
            "url": self.url(urls.item(i)),
            "last_updated": iso(i.last_updated),
            "last_commit": i.last_commit,
            "stale": i.stale,
            "final": i.final,
            "evidence": [self.evidence(e) for e in i.evidence],
        }

    def commitment(self, c: Commitment) -> dict:
        d = c.data
        return {
            "id": c.id,
            "ogp_id": d.get("ogp_id"),
            "title": self.t(c.title),
            "status": c.status,
            "start": c.start,
            "end": c.end,
            "lead_agency": self.t(d["lead_agency"]["organisation"]),
            "values": d.get("values", []),
            "policy_areas": d.get("policy_areas", []),
            "sectors": d.get("sectors", []),
            **self.item(c),
            "feeds": self.feeds(urls.commitment(c)),
            "milestones": [
                {"id": m.id, "title": self.t(m.title), "status": m.status, "start": m.start, "end": m.end,
                 "overdue": m.overdue, "responsible": self.t(m.data.get("responsible"))}
                for m in c.milestones
            ],
            "updates": [
                {"date": u.date, "url": self.url(urls.commitment(c)) + "#" + u.anchor,
                 "period": u.data.get("period"),
                 "progress": self.t(u.data["progress"]), "delays": self.t(u.data.get("delays")),
                 "next_steps": self.t(u.data.get("next_steps")), "milestones": u.milestones,
                 "completion": u.data.get("completion"), "evidence": u.evidence}
                for u in c.updates
            ],
        }

    def evidence(self, e: Evidence) -> dict:
        f = e.file
        return {
            "id": e.id,
            "title": self.t(e.title),
            "date": e.date,
            "kind": e.kind,
            "milestone": e.milestone,
            "description": self.t(e.data.get("description")),
            "language": e.data.get("language"),
            "url": self.url(urls.evidence(e)),
            "archived_url": e.data.get("archived_url"),
            "sha256": f.sha256 if f else None,
            "bytes": f.bytes if f else None,
            "media_type": f.media_type if f else None,
            "source_path": f.source_path if f else None,
            "added": iso(e.added),
            "described": e.described,
        }

    # --- spreadsheets ----------------------------------------------------------------------

    def commitments_csv(self) -> str:
        rows = [["plan", "commitment", "ogp_id", "title", "lead_agency", "start", "end", "status",
                 "milestones", "milestones_finished", "evidence", "last_updated", "stale", "url"]]
        for p in self.repo.plans:
            for c in p.commitments:
                rows.append([p.id, c.id, c.data.get("ogp_id", ""), self.t(c.title),
                             self.t(c.data["lead_agency"]["organisation"]), c.start, c.end, c.status,
                             len(c.milestones), sum(m.status == "finished" for m in c.milestones),
                             len(c.evidence), iso(c.last_updated) or "", _bool(c.stale), self.url(urls.commitment(c))])
        return _csv(rows)

    def milestones_csv(self) -> str:
        rows = [["plan", "commitment", "milestone", "title", "responsible", "start", "end", "status", "overdue",
                 "status_since"]]
        for p in self.repo.plans:
            for c in p.commitments:
                for m in c.milestones:
                    rows.append([p.id, c.id, m.id, self.t(m.title), self.t(m.data.get("responsible")), m.start,
                                 m.end, m.status, _bool(m.overdue), m.status_date or ""])
        return _csv(rows)

    def evidence_csv(self) -> str:
        rows = [["plan", "item", "evidence", "title", "date", "kind", "milestone", "bytes", "sha256", "added",
                 "url", "source_path"]]
        for p in self.repo.plans:
            for i in [p.process, *p.commitments]:
                for e in i.evidence:
                    x = self.evidence(e)
                    rows.append([p.id, getattr(i, "id", "process"), e.id, x["title"], x["date"] or "",
                                 x["kind"] or "", x["milestone"] or "", x["bytes"] if x["bytes"] is not None else "",
                                 x["sha256"] or "", x["added"] or "", x["url"], x["source_path"] or ""])
        return _csv(rows)

    def files(self) -> dict[str, str]:
        """Every data file of the site, by path."""
        return {
            urls.DATA: dump_json(self.repository()),
            urls.DATA_SCHEMA: dump_json(schema.REPOSITORY),
            "data/commitments.csv": self.commitments_csv(),
            "data/milestones.csv": self.milestones_csv(),
            "data/evidence.csv": self.evidence_csv(),
            **{f"data/schemas/{kind}.schema.json": dump_json(schema.input_schema(kind)) for kind in schema.INPUTS},
        }


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _cell(value):
    """Text that a spreadsheet would run as a formula is prefixed with ' (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
