"""The open data: data/repository.json (with its schema) and the spreadsheet trackers.

repository.json carries everything the content holds, as written: every field of every file, every
text in every language given ({language: text}; a text written once counts as the member's first
language), every date at its own precision with the period it names, plus what the build adds
(statuses and their history, dates from git, staleness, addresses, checksums).

The CSV trackers open in a spreadsheet as they are (UTF-8 with a byte-order mark, CRLF), one set
per language (data/*.csv in the first language's site, <language>/data/*.csv in the others); a text
missing in a language is given in another. A cell a spreadsheet would run as a formula starts with '.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from functools import cached_property

from . import compliance, dates, schedule, schema, tracker, urls
from .model import Activity, Commitment, Evidence, Item, Plan, Repository, Step, Update
from .text import pick
from .vocab import Vocabularies


def iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


class Exporter:
    def __init__(self, repo: Repository, site_url: str | None, generated_at: datetime,
                 vocabularies: Vocabularies | None = None, language: str | None = None, bags: dict | None = None,
                 compliance: dict | None = None):
        """`language`: the language of the trackers' texts and of the pages they link to (the
        first language's site is at site_url, the others' at site_url/<language>/). `bags`: each
        plan's evidence bag (bag.Bag), by plan id. `compliance`: each plan's checks (compliance.py)."""
        self.repo, self.site_url, self.generated_at = repo, site_url, generated_at
        self.bags = bags or {}
        self.checks = compliance or {}
        self.languages = repo.languages
        self.language = language or self.languages[0]
        self.order = [self.language] + [lang for lang in self.languages if lang != self.language]
        self.pages_url = site_url if self.language == self.languages[0] or not site_url else \
            site_url.rstrip("/") + f"/{self.language}/"
        self.schemas = schema.schemas(vocabularies or Vocabularies())

    def url(self, path: str) -> str:
        """Shared files (evidence, repository.json, feeds of the first site) are at the site's root."""
        return urls.absolute(path, self.site_url)

    def in_language(self, path: str, language: str) -> str:
        """A page or file of the given language's site (the first at the root, the others under /<language>/)."""
        return self.url(path if language == self.languages[0] else f"{language}/{path}")

    def page_url(self, path: str) -> str:
        """A page in this exporter's language."""
        return urls.absolute(path, self.pages_url)

    def t(self, text) -> str:
        return pick(text, self.order)

    def feeds(self, page: str) -> dict:
        return {k: self.url(v) for k, v in urls.feeds(page).items()}

    # --- the content as written, in the data's own shapes -----------------------------------

    def text(self, value) -> dict | None:
        """Every language of a text: {language: text}."""
        if isinstance(value, str):
            return {self.languages[0]: value}
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if isinstance(v, str)}
        return None

    def convert(self, value, node: dict):
        """A value of the content, shaped by its schema: texts as {language: text}, dates with the
        period they name, lists of one or more as lists."""
        if value is None or not isinstance(node, dict):
            return value
        if node.get("title") == "date":
            return dates.parse(value).value
        if _is_text(node):
            return self.text(value)
        if "anyOf" in node and any(n.get("type") == "array" for n in node["anyOf"] if isinstance(n, dict)):
            items = next(n["items"] for n in node["anyOf"] if isinstance(n, dict) and n.get("type") == "array")
            return [self.convert(v, items) for v in (value if isinstance(value, list) else [value])]
        if isinstance(value, list):
            return [self.convert(v, node.get("items", {})) for v in value]
        if isinstance(value, dict):
            properties = node.get("properties", {})
            extra = node.get("additionalProperties") if isinstance(node.get("additionalProperties"), dict) else {}
            out = {}
            for key, inner in value.items():
                sub = properties.get(key, extra)
                out[key] = self.convert(inner, sub)
                if isinstance(sub, dict) and sub.get("title") == "date":
                    out[f"{key}_period"] = period(inner, self)
            return out
        return value

    def as_written(self, data: dict, kind: str) -> dict:
        out = self.convert(data or {}, self.schemas[kind])
        out.pop("format", None)
        return out

    # --- repository.json -----------------------------------------------------------------

    def repository(self) -> dict:
        return {
            "format": schema.FORMAT,
            "generated_at": iso(self.generated_at),
            "last_updated": iso(self.repo.last_updated),
            "site_url": self.site_url,
            "languages": self.languages,
            "feeds": {k: self.url(v) for k, v in urls.SITE_FEEDS.items()},
            "schema": self.url(urls.DATA_SCHEMA),
            "member": self.as_written(self.repo.member, "member"),
            "plans": [self.plan(p) for p in self.repo.plans],
        }

    def plan(self, p: Plan) -> dict:
        return {
            **self.as_written(p.data, "plan"),
            "id": p.id,
            "url": self.url(urls.plan(p)),
            "last_updated": iso(p.last_updated),
            "stale": p.stale,
            "final": p.final,
            "feeds": self.feeds(urls.plan(p)),
            "evidence_bag": self.evidence_bag(p),
            "compliance_url": self.url(urls.compliance(p)),
            "self_assessment": {"url": self.url(urls.self_assessment(p)),
                                "files": {lang: self.in_language(urls.self_assessment_file(p, lang), lang)
                                          for lang in self.languages}},
            "compliance": [self.check(x) for x in self.checks.get(p.id, [])],
            "process": {**self.as_written(p.process.data, "process"), **self.item(p.process)},
            "commitments": [self.commitment(c) for c in p.commitments],
        }

    def evidence_bag(self, p: Plan) -> dict | None:
        """The plan's evidence as one BagIt ZIP (bag.py); None when there is none (no evidence files,
        bags turned off, or larger than the host publishes)."""
        found = self.bags.get(p.id)
        if found is None or not found.publishable:
            return None
        return {"url": self.url(found.path), "bytes": found.bytes, "files": found.files,
                "payload_bytes": found.payload_bytes}

    def check(self, x: compliance.Check) -> dict:
        """A compliance check (compliance.py), its texts in every language of the member."""
        words = self.words
        return {"check": x.check, "subject": x.subject, "result": x.result,
                "detail": {lang: w.text(x.detail) for lang, w in words.items()},
                "fix": {lang: w.text(x.fix) for lang, w in words.items()} if x.fix else None,
                "url": self.url(x.url), "fails_after": iso(x.fails_after)}

    @cached_property
    def words(self) -> dict[str, compliance.Words]:
        """Our texts in each language of the member."""
        return {lang: compliance.Words(lang, self.languages) for lang in self.languages}

    def item(self, i: Item) -> dict:
        return {
            "url": self.url(urls.item(i)),
            "last_updated": iso(i.last_updated),
            "last_commit": i.last_commit,
            "stale": i.stale,
            "final": i.final,
            "evidence": [self.evidence(e, i) for e in i.evidence],
        }

    def commitment(self, c: Commitment) -> dict:
        written = self.as_written(c.data, "commitment")
        written.pop("lead_agency", None), written.pop("lead_stakeholder", None)  # format 1: given as lists below
        return {
            **written,
            "id": c.id,
            "status": c.status,
            "lead_agencies": [self.convert(o, schema.ORGANISATION) for o in c.leads],
            "lead_stakeholders": [self.convert(o, schema.ORGANISATION) for o in c.stakeholders],
            **self.item(c),
            "feeds": self.feeds(urls.commitment(c)),
            "milestones": [self.step(m, "milestones") for m in c.milestones],
            "updates": [self.update(c, u) for u in c.updates],
        }

    def step(self, s: Step, kind: str) -> dict:
        node = self.schemas["commitment"]["properties"]["milestones"]["items"]
        if isinstance(s, Activity):
            node = node["properties"]["activities"]["items"]
        out = {
            **self.convert(s.data, node),
            "status": s.status,
            "status_since": s.since.update.key if s.since else None,
            "overdue": s.overdue,
            "history": [{"period": e.update.key, "status": e.status,
                         "published": e.update.published.isoformat() if e.update.published else None,
                         "published_from": e.update.published_from} for e in s.history],
            **self.planned_against_actual(s),
        }
        out.setdefault("start", None)
        if kind == "milestones":
            out["activities"] = [self.step(a, "activities") for a in s.activities]
        return out

    def planned_against_actual(self, s: Step) -> dict:
        """Planned against actual (schedule.py): when it was reported finished, and how late."""
        found = schedule.finish(s)
        finished = None
        if found and found.report:
            u = found.report
            finished = {"report": u.key, "period": u.period.value,
                        "published": u.published.isoformat() if u.published else None,
                        "after": found.after.isoformat() if found.after else None,
                        "by": found.by.isoformat() if found.by else None}
        return {"finished": finished, "on_time": found.on_time if found else None,
                "late_days": found.late_days if found else None,
                "late_days_at_most": found.late_days_at_most if found else None}

    def update(self, c: Commitment, u: Update) -> dict:
        node = self.schemas["commitment"]["properties"]["updates"]["items"]
        out = self.convert(u.data, node)
        out.update({
            "key": u.key,
            "url": self.url(urls.commitment(c)) + "#" + u.anchor,
            "date": u.published.isoformat() if u.published else None,
            "published_from": u.published_from,
            "period": u.data.get("period"),
            "progress": self.text(u.data.get("progress")),
        })
        return out

    def evidence(self, e: Evidence, i: Item) -> dict:
        f = e.file
        node = self.schemas["evidence"]["properties"]["files"]["additionalProperties"]
        return {
            **self.convert(e.data, node),
            "id": e.id,
            "title": self.text(e.title),
            "date": e.date.value,
            "kind": e.kind,
            "milestone": e.milestone,
            "language": e.languages,
            "url": self.url(urls.evidence(e)),
            "page": self.url(urls.evidence_page(i, e)),
            "archived_url": e.data.get("archived_url"),
            "sha256": f.sha256 if f else None,
            "bytes": f.bytes if f else None,
            "media_type": f.media_type if f else None,
            "source_path": f.source_path if f else None,
            "published_as_text": f.inert if f else False,
            "added": iso(e.added),
            "described": e.described,
        }

    # --- spreadsheets ----------------------------------------------------------------------

    def commitments_csv(self) -> str:
        rows = [["plan", "commitment", "code", "ogp_id", "title", "lead_agencies", "lead_stakeholders", "start",
                 "end", "status", "irm_completion", "milestones", "milestones_finished", "evidence", "last_updated",
                 "stale", "url", "milestones_on_time", "milestones_late", "milestones_timing_unknown",
                 "milestones_overdue", "last_planned_end", "last_progress_update", "last_progress_update_published",
                 "overdue"]]
        for p in self.repo.plans:
            for c in p.commitments:
                irm = c.data.get("irm") or {}
                share = schedule.share(c.milestones)
                ends = [m.due for m in c.milestones if m.due.end]
                last_end = max(ends, key=lambda when: when.sort_key).value if ends else ""
                latest = c.updates[0] if c.updates else None
                rows.append([p.id, c.id, c.code or "", c.data.get("ogp_id", ""), self.t(c.title),
                             "; ".join(self.t(o.get("organisation")) for o in c.leads),
                             "; ".join(self.t(o.get("organisation")) for o in c.stakeholders),
                             c.start.value or "", c.end.value or "", c.status, irm.get("completion") or "",
                             len(c.milestones), sum(m.done for m in c.milestones), len(c.evidence),
                             iso(c.last_updated) or "", _bool(c.stale), self.page_url(urls.commitment(c)),
                             share.on_time, share.late, share.unknown, sum(m.overdue for m in c.milestones), last_end,
                             latest.key or "" if latest else "",
                             latest.published.isoformat() if latest and latest.published else "",
                             _bool(any(s.overdue for s in c.steps))])
        return _csv(rows)

    def milestones_csv(self) -> str:
        rows = [["plan", "commitment", "milestone", "code", "title", "responsible", "start", "end", "status",
                 "overdue", "status_since", *SCHEDULE_COLUMNS]]
        for p in self.repo.plans:
            for c in p.commitments:
                for m in c.milestones:
                    rows.append([p.id, c.id, m.id, m.code or "", self.t(m.title), self.responsible(m.data.get("responsible")),
                                 m.start.value or "", m.due.value or self.t(m.due.text), m.status, _bool(m.overdue),
                                 m.since.update.key if m.since else "", *_schedule_cells(m)])
        return _csv(rows)

    def activities_csv(self) -> str:
        rows = [["plan", "commitment", "milestone", "activity", "code", "title", "lead", "due", "status", "overdue",
                 "status_since", *SCHEDULE_COLUMNS]]
        for p in self.repo.plans:
            for c in p.commitments:
                for m in c.milestones:
                    for a in m.activities:
                        rows.append([p.id, c.id, m.id, a.id, a.code or "", self.t(a.title),
                                     self.responsible(a.data.get("lead")), a.due.value or self.t(a.due.text), a.status,
                                     _bool(a.overdue), a.since.update.key if a.since else "", *_schedule_cells(a)])
        return _csv(rows)

    def updates_csv(self) -> str:
        """One row per update, and one per milestone or activity a report speaks of."""
        rows = [["plan", "commitment", "update", "period", "published", "published_from", "item", "status",
                 "completion", "progress", "challenges", "url"]]
        for p in self.repo.plans:
            for c in p.commitments:
                for u in c.updates:
                    base = [p.id, c.id, u.key or "", _period(u), u.published.isoformat() if u.published else "",
                            u.published_from or ""]
                    url = self.page_url(urls.commitment(c)) + "#" + u.anchor
                    rows.append(base + ["", "", u.data.get("completion") or "", self.t(u.data.get("progress")),
                                        self.t(u.data.get("challenges") or u.data.get("delays")), url])
                    for mid, status in u.milestones.items():
                        rows.append(base + [mid, status, "", "", "", url])
                    for name, record in u.items.items():
                        rows.append(base + [name, record.get("status") or "", "", self.t(record.get("progress")),
                                            self.t(record.get("challenges")), url])
        return _csv(rows)

    def contributions_csv(self) -> str:
        rows = [["plan", "contribution", "date", "from", "summary", "response", "reason", "commitment", "url"]]
        for p in self.repo.plans:
            for x in p.process.data.get("contributions") or []:
                rows.append([p.id, x.get("id"), dates.parse(x.get("date")).value or "", self.t(x.get("from")),
                             self.t(x.get("summary")), x.get("response"), self.t(x.get("reason")),
                             x.get("commitment") or "", self.page_url(urls.process(p.id)) + "#contribution-" + x.get("id")])
        return _csv(rows)

    def evidence_csv(self) -> str:
        rows = [["plan", "item", "evidence", "title", "date", "kind", "milestone", "language", "bytes", "sha256",
                 "added", "url", "source_path"]]
        for p in self.repo.plans:
            for i in [p.process, *p.commitments]:
                for e in i.evidence:
                    f = e.file
                    rows.append([p.id, i.key, e.id, self.t(e.title), e.date.value or self.t(e.date.text),
                                 e.kind or "", e.milestone or "", " ".join(e.languages), f.bytes if f else "",
                                 f.sha256 if f else "", iso(e.added) or "", self.url(urls.evidence(e)),
                                 f.source_path if f else ""])
        return _csv(rows)

    def responsible(self, value) -> str:
        values = value if isinstance(value, list) else [value] if value else []
        return "; ".join(self.t(v) for v in values)

    def trackers(self) -> dict[str, str]:
        """The CSV trackers, their texts in this exporter's language."""
        return {f"data/{name}.csv": getattr(self, f"{name}_csv")() for name in CSV_FILES}

    def files(self) -> dict[str, str | bytes]:
        """Every data file of the site, by path."""
        return {
            urls.DATA: dump_json(self.repository()),
            urls.DATA_SCHEMA: dump_json(schema.REPOSITORY),
            **self.trackers(),
            **{path: dump_json({"$schema": schema.DIALECT, **self.schemas[kind]}) for kind, path in schema_paths()},
            tracker.SCHEMA_PATH: dump_json(tracker.MAPPING_SCHEMA),  # for `ogrepo import --mapping`
        }


CSV_FILES = ("commitments", "milestones", "activities", "updates", "contributions", "evidence")


def data_paths() -> list[str]:
    """Every data file the site publishes."""
    return [urls.DATA, urls.DATA_SCHEMA] + [f"data/{name}.csv" for name in CSV_FILES] + \
        [p for _, p in schema_paths()] + [tracker.SCHEMA_PATH]


def schema_paths():
    """Where each input schema is published: per format version, and the current one unversioned."""
    for kind in schema.KINDS:
        yield kind, f"data/schemas/{schema.FORMAT}/{kind}.schema.json"
        yield kind, f"data/schemas/{kind}.schema.json"


def period(written, exporter: Exporter) -> dict | None:
    when = dates.parse(written)
    if not when:
        return None
    return {"value": when.value, "precision": when.precision,
            "first_day": when.start.isoformat() if when.start else None,
            "last_day": when.end.isoformat() if when.end else None,
            "text": exporter.text(when.text)}


# planned against actual (schedule.py): the report that says it was finished, the days between
# which it was, and how late (at least, at most); on_time is empty when the reports do not say
SCHEDULE_COLUMNS = ("finished_report", "finished_after", "finished_by", "on_time", "late_days", "late_days_at_most")


def _schedule_cells(s: Step) -> list:
    found = schedule.finish(s)
    if found is None:
        return [""] * len(SCHEDULE_COLUMNS)
    return [found.report.key or "" if found.report else "", found.after.isoformat() if found.after else "",
            found.by.isoformat() if found.by else "", "" if found.on_time is None else _bool(found.on_time),
            "" if found.late_days is None else found.late_days,
            "" if found.late_days_at_most is None else found.late_days_at_most]


def _period(u: Update) -> str:
    period_ = u.data.get("period")
    if isinstance(period_, dict):
        return f"{period_.get('start')}/{period_.get('end')}"
    return period_ or ""


def _is_text(node: dict) -> bool:
    return any(isinstance(n, dict) and "propertyNames" in n for n in node.get("anyOf", []))


_JSON = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=False)


def dump_json(data) -> bytes:
    """Indented JSON in UTF-8. Encoded in batches: json.dumps(indent=...) first lists every piece
    of the text (millions for repository.json, 70 MB more at the build's peak)."""
    out, batch = [], []
    for piece in _JSON.iterencode(data):
        batch.append(piece)
        if len(batch) == 50_000:
            out.append("".join(batch).encode())
            batch.clear()
    batch.append("\n")
    out.append("".join(batch).encode())
    return b"".join(out)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv(rows: list[list]) -> str:
    """UTF-8 with a byte-order mark: spreadsheets then read accented text right."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, lineterminator="\r\n").writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _cell(value):
    """Text that a spreadsheet would run as a formula is prefixed with ' (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
