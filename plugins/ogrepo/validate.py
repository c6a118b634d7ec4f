"""Checks of content: each file against its JSON Schema, then the rules that span files.

Every problem names the file, line and column, says what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from datetime import date
from functools import cache

from jsonschema import Draft202012Validator

from . import schema
from .model import Commitment, Item, Plan, Repository
from .problems import WARNING, Problem
from .yamlfile import YamlFile


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema.input_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def check_schema(doc: YamlFile, kind: str) -> list[Problem]:
    """Every place where `doc` breaks the schema of its kind, at most one problem per place."""
    problems, seen = [], set()
    for error in validator(kind).iter_errors(doc.data):
        problem = _explain(doc, error)
        if problem is None:
            continue
        key = (problem.line, problem.col, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems


def _field(path) -> str:
    names = [str(p) for p in path if isinstance(p, str)]
    return names[-1] if names else "this file"


def _explain(doc: YamlFile, error) -> Problem | None:
    at = tuple(error.absolute_path)
    kind, value, sub = error.validator, error.instance, error.schema
    name = _field(at)
    if kind == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        field_name = missing[0] if missing else "?"
        allowed = sub.get("properties", {})
        if difflib.get_close_matches(field_name, [k for k in (value or {}) if k not in allowed], n=1):
            return None  # a misspelt field: the 'unknown field' problem says it all
        where = f"'{name}'" if at else "this file"
        hint = _describe(sub.get("properties", {}).get(field_name, {}))
        return doc.problem(at, f"'{field_name}' is missing from {where}", hint or f"add '{field_name}: …'")
    if kind == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        bad = extra[0] if extra else "?"
        close = difflib.get_close_matches(bad, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(allowed)
        return doc.problem(at + (bad,), f"unknown field '{bad}'", hint, key=True)
    if kind == "enum":
        close = difflib.get_close_matches(str(value), [str(v) for v in error.validator_value], n=1)
        hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed: " + ", ".join(map(str, error.validator_value))
        return doc.problem(at, f"'{value}' is not an allowed value for '{name}'", hint)
    if kind in ("format", "pattern") and sub.get("format") == "date":
        return doc.problem(at, f"'{value}' is not a valid date for '{name}'", "write dates as YYYY-MM-DD, e.g. 2025-03-31")
    if kind == "anyOf" and "minLength" in str(sub) and "propertyNames" in str(sub):
        return doc.problem(at, f"'{name}' must be text", "write a plain string, or one string per language: {en: …, fr: …}")
    if kind == "type":
        expected = error.validator_value
        return doc.problem(at, f"'{name}' should be {_type_name(expected)}, not {_type_name(_json_type(value))}",
                           _describe(sub))
    if kind == "pattern":
        return doc.problem(at, f"'{value}' is not a valid value for '{name}'", _describe(sub) or f"it must match {error.validator_value}")
    if kind in ("minItems", "minProperties", "minLength"):
        return doc.problem(at, f"'{name}' is empty", _describe(sub) or "fill it in or remove it")
    if kind == "maxItems":
        return doc.problem(at, f"'{name}' has too many entries (at most {error.validator_value})", _describe(sub))
    if kind == "uniqueItems":
        return doc.problem(at, f"'{name}' lists the same value twice", "remove the repeated entry")
    if kind == "format":
        return doc.problem(at, f"'{value}' is not a valid {error.validator_value} for '{name}'", _describe(sub))
    if kind == "minimum":
        return doc.problem(at, f"'{name}' must be at least {error.validator_value}", "")
    return doc.problem(at, f"'{name}': {error.message}", _describe(sub))


def _describe(sub: dict) -> str:
    return sub.get("description", "") if isinstance(sub, dict) else ""


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _type_name(name) -> str:
    if isinstance(name, list):
        return " or ".join(_type_name(n) for n in name)
    return {"object": "a mapping (key: value lines)", "array": "a list (lines starting with '- ')",
            "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
            "null": "empty"}.get(name, name)


# --- rules across files -------------------------------------------------------------------------

def check_repository(repo: Repository, today: date) -> list[Problem]:
    problems: list[Problem] = []
    for plan in repo.plans:
        problems += _check_plan(plan)
        problems += _check_refs(plan.process, _process_refs(plan))
        for commitment in plan.commitments:
            problems += _check_commitment(commitment, plan, today)
            problems += _check_refs(commitment, _update_refs(commitment))
        for item in [plan.process, *plan.commitments]:
            problems += _check_evidence_milestones(item)
    return problems


def _order(doc: YamlFile, at: tuple, start: str | None, end: str | None, what: str) -> list[Problem]:
    if start and end and end < start:
        return [doc.problem(at + ("end",), f"{what} ends ({end}) before it starts ({start})",
                            "check the two dates: 'end' must be on or after 'start'")]
    return []


def _within(doc: YamlFile, at: tuple, start: str, end: str, outer: tuple[str, str], what: str, outer_name: str):
    lo, hi = outer
    if start < lo or end > hi:
        return [doc.problem(at + ("start",), f"{what} ({start} to {end}) falls outside the {outer_name} ({lo} to {hi})",
                            f"move its dates inside the {outer_name}, or change the {outer_name}'s dates",
                            severity=WARNING)]
    return []


def _check_plan(plan: Plan) -> list[Problem]:
    doc = plan.doc
    problems = _order(doc, (), plan.start, plan.end, f"plan {plan.id}")
    for i, stage in enumerate(plan.process.data.get("stages", [])):
        problems += _order(plan.process.doc, ("stages", i), stage["start"], stage.get("end"), "this stage")
    seen: dict[str, int] = {}
    for kind in ("meetings", "contributions"):
        for i, entry in enumerate(plan.process.data.get(kind, [])):
            if entry["id"] in seen:
                problems.append(plan.process.doc.problem(
                    (kind, i, "id"), f"id '{entry['id']}' is used twice in this file (first on line {seen[entry['id']]})",
                    "give each meeting and contribution its own id: it makes its permanent link"))
            else:
                seen[entry["id"]] = plan.process.doc.where((kind, i, "id"))[0]
    for i, entry in enumerate(plan.process.data.get("contributions", [])):
        if entry.get("commitment") and not plan.has_commitment(entry["commitment"]):
            problems.append(plan.process.doc.problem(
                ("contributions", i, "commitment"), f"no commitment '{entry['commitment']}' in plan {plan.id}",
                _choices([c.id for c in plan.commitments], entry["commitment"])))
    for i, entry in enumerate(plan.process.data.get("irm_recommendations", [])):
        for j, cid in enumerate(entry.get("commitments", [])):
            if not plan.has_commitment(cid):
                problems.append(plan.process.doc.problem(
                    ("irm_recommendations", i, "commitments", j), f"no commitment '{cid}' in plan {plan.id}",
                    _choices([c.id for c in plan.commitments], cid)))
    return problems


def _check_commitment(c: Commitment, plan: Plan, today: date) -> list[Problem]:
    doc = c.doc
    problems = _order(doc, (), c.start, c.end, f"commitment {c.id}")
    if not problems:
        problems += _within(doc, (), c.start, c.end, (plan.start, plan.end), "the commitment", "plan")
    seen: dict[str, int] = {}
    for i, m in enumerate(doc.data["milestones"]):
        at = ("milestones", i)
        if m["id"] in seen:
            problems.append(doc.problem(at + ("id",), f"milestone id '{m['id']}' is used twice (first on line {seen[m['id']]})",
                                        "give each milestone its own id, e.g. 1.1, 1.2"))
        seen.setdefault(m["id"], doc.where(at + ("id",))[0])
        order = _order(doc, at, m["start"], m["end"], f"milestone {m['id']}")
        problems += order or _within(doc, at, m["start"], m["end"], (c.start, c.end), f"milestone {m['id']}", "commitment")
    dates: dict[str, int] = {}
    for i, u in enumerate(doc.data.get("updates", [])):
        at = ("updates", i)
        if u["date"] > today.isoformat():
            problems.append(doc.problem(at + ("date",), f"this update is dated {u['date']}, after today ({today})",
                                        "date an update on or before the day it is published"))
        if u["date"] in dates:
            problems.append(doc.problem(at + ("date",), f"two updates are dated {u['date']} (the other on line {dates[u['date']]})",
                                        "merge them into one update: its date makes its permanent link"))
        dates.setdefault(u["date"], doc.where(at + ("date",))[0])
        if "period" in u:
            problems += _order(doc, at + ("period",), u["period"]["start"], u["period"]["end"], "the period")
        for mid in u.get("milestones", {}):
            if not c.milestone(mid):
                problems.append(doc.problem(at + ("milestones", mid), f"no milestone '{mid}' in this commitment",
                                            _choices([m.id for m in c.milestones], mid), key=True))
    for i, m in enumerate(c.milestones):
        declared = m.data.get("status")
        if declared and m.status_date and declared != m.status:
            problems.append(doc.problem(
                ("milestones", i, "status"),
                f"milestone {m.id} says '{declared}' but the latest update ({m.status_date}) says '{m.status}'",
                "record the change in a new progress update and remove 'status' here, or make them agree"))
    return problems


def _process_refs(plan: Plan):
    doc = plan.process.doc
    for kind in ("meetings", "contributions"):
        for i, entry in enumerate(plan.process.data.get(kind, [])):
            for j, ref in enumerate(entry.get("evidence", [])):
                yield doc, (kind, i, "evidence", j), ref
    for i, entry in enumerate(plan.data.get("documents", [])):
        yield plan.doc, ("documents", i, "evidence"), entry["evidence"]


def _update_refs(c: Commitment):
    for i, u in enumerate(c.doc.data.get("updates", [])):
        for j, ref in enumerate(u.get("evidence", [])):
            yield c.doc, ("updates", i, "evidence", j), ref


def _check_refs(item: Item, refs) -> list[Problem]:
    problems = []
    ids = [e.id for e in item.evidence]
    for doc, at, ref in refs:
        if doc is not None and not item.find_evidence(ref):
            problems.append(doc.problem(
                at, f"no evidence '{ref}' in {item.evidence_folder}/",
                _choices(ids, ref, "add the file to that folder (or a link to its evidence.yml), or correct the name")))
    return problems


def _check_evidence_milestones(item: Item) -> list[Problem]:
    problems = []
    for e in item.evidence:
        if not e.milestone:
            continue
        doc = item.evidence_doc
        at = ("files", e.id, "milestone") if e.file else ("links", item.link_index(e.id), "milestone")
        if not isinstance(item, Commitment):
            problems.append(doc.problem(at, "process evidence does not support a milestone", "remove 'milestone'"))
        elif not item.milestone(e.milestone):
            problems.append(doc.problem(at, f"no milestone '{e.milestone}' in commitment {item.id}",
                                        _choices([m.id for m in item.milestones], e.milestone)))
    return problems


def _choices(options: list[str], wrong: str, fallback: str = "") -> str:
    close = difflib.get_close_matches(wrong, options, n=1, cutoff=0.75)
    parts = [f"did you mean '{close[0]}'?"] if close else ([fallback] if fallback else [])
    if options:
        shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
        parts.append(f"known: {shown}")
    return "; ".join(parts)
