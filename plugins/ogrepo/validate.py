"""Checks of content: each file against its JSON Schema, then the rules that span files.

Every problem names the file, line and column, says what is wrong and how to fix it.
"""

from __future__ import annotations

import ast
import copy
import difflib
import re
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
    """Every place where `doc` breaks the schema of its kind.

    The values found wrong are then taken out of `doc.data` (set to None, unknown keys dropped;
    the text as written stays in `doc.raw`), so that the rules across files still run on the rest
    and an author sees every mistake in one run, not one layer at a time.
    """
    errors = list(validator(kind).iter_errors(doc.data))
    problems, seen = [], set()
    for error in errors:
        for problem in _explain(doc, error):
            key = (problem.line, problem.col, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    if errors:
        doc.raw = copy.deepcopy(doc.data)
        _clean(doc.data, errors)
    return problems


def _clean(data, errors):
    for error in sorted(errors, key=lambda e: len(e.absolute_path), reverse=True):
        at = tuple(error.absolute_path)
        parent, target = _locate(data, at[:-1]), _locate(data, at)
        if error.validator == "required":
            continue
        if error.validator == "additionalProperties" and isinstance(target, dict):
            for extra in _extras(error):
                target.pop(extra, None)
        elif "propertyNames" in error.schema_path and isinstance(target, dict):
            target.pop(error.instance, None)
        elif at and isinstance(parent, (dict, list)):
            try:
                parent[at[-1]] = None
            except (IndexError, KeyError):
                pass


def _locate(data, at: tuple):
    for step in at:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _extras(error) -> list[str]:
    allowed = error.schema.get("properties", {})
    return [k for k in error.instance if k not in allowed]


def _field(path) -> str:
    names = [str(p) for p in path if isinstance(p, str)]
    return names[-1] if names else "this file"


def _required_name(error) -> str:
    """jsonschema reports each missing property as "'name' is a required property"."""
    text = error.message.removesuffix(" is a required property")
    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _explain(doc: YamlFile, error) -> list[Problem]:
    at = tuple(error.absolute_path)
    kind, value, sub = error.validator, error.instance, error.schema
    name = _field(at)
    if kind == "required":
        field_name = _required_name(error)
        allowed = sub.get("properties", {})
        unknown = [k for k in (value or {}) if k not in allowed]
        if difflib.get_close_matches(field_name, unknown, n=1):
            return []  # a misspelt field: the 'unknown field' problem says it all
        where = f"'{name}'" if at else "this file"
        hint = _describe(allowed.get(field_name, {}))
        return [doc.problem(at, f"'{field_name}' is missing from {where}",
                            f"add '{field_name}: …'" + (f" ({hint.rstrip('.')})" if hint else ""))]
    if kind == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        problems = []
        for bad in _extras(error):
            close = difflib.get_close_matches(bad, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(allowed)
            problems.append(doc.problem(at + (bad,), f"unknown field '{bad}'", hint, key=True))
        return problems
    if "propertyNames" in error.schema_path:
        return [doc.problem(at + (value,), f"'{value}' cannot be used as a key of '{name}'",
                            _describe(sub) or "use only letters, digits, '.', '_' and '-'", key=True)]
    if kind == "enum":
        close = difflib.get_close_matches(str(value), [str(v) for v in error.validator_value], n=1)
        hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed: " + ", ".join(map(str, error.validator_value))
        return [doc.problem(at, f"'{value}' is not an allowed value for '{name}'", hint)]
    if kind in ("format", "pattern") and sub.get("format") == "date":
        return [doc.problem(at, f"'{value}' is not a valid date for '{name}'", "write dates as YYYY-MM-DD, e.g. 2025-03-31")]
    if kind == "anyOf" and _is_text(sub):
        return [_explain_text(doc, at, name, value)]
    if kind == "type":
        expected = error.validator_value
        return [doc.problem(at, f"'{name}' should be {_type_name(expected)}, not {_type_name(_json_type(value))}",
                            _describe(sub) or f"write {_type_name(expected)}")]
    if kind == "pattern":
        return [doc.problem(at, f"'{value}' is not a valid value for '{name}'",
                            _describe(sub) or f"it must match {error.validator_value}")]
    if kind in ("minItems", "minProperties", "minLength"):
        return [doc.problem(at, f"'{name}' is empty", _describe(sub) or "fill it in or remove it")]
    if kind == "maxItems":
        return [doc.problem(at, f"'{name}' has too many entries (at most {error.validator_value})",
                            _describe(sub) or "keep the most important ones")]
    if kind == "uniqueItems":
        return [doc.problem(at, f"'{name}' lists the same value twice", "remove the repeated entry")]
    if kind == "format":
        return [doc.problem(at, f"'{value}' is not a valid {error.validator_value} for '{name}'",
                            _describe(sub) or f"write a valid {error.validator_value}")]
    if kind in ("minimum", "maximum"):
        word = "at least" if kind == "minimum" else "at most"
        return [doc.problem(at, f"'{name}' must be {word} {error.validator_value}", _describe(sub) or "correct the number")]
    return [doc.problem(at, f"'{name}': {error.message}", _describe(sub) or "see the authors' guide for this field")]


def _is_text(sub) -> bool:
    return isinstance(sub, dict) and any(isinstance(s, dict) and "propertyNames" in s for s in sub.get("anyOf", []))


def _explain_text(doc: YamlFile, at: tuple, name: str, value) -> Problem:
    """A text field that is neither a string nor {language: string}: say exactly what went wrong."""
    texts = "write a plain string, or one string per language: {en: …, fr: …}"
    if isinstance(value, dict):
        entries = list(value.items())
        for i, (key, text) in enumerate(entries):
            if text is None and i > 0 and isinstance(entries[i - 1][1], str):
                # {en: Plan d'action, national, fr: …}: YAML ends the text at the comma
                prev_lang, prev_text = entries[i - 1]
                whole = f"{prev_text}, {key}".replace('"', '\\"')
                return doc.problem(at, f"'{name}' must be text: inside {{…}} a comma ends a text, so the "
                                       f"{prev_lang} text stopped at '{prev_text}' and '{key}' was read as another entry",
                                   f'put a text that contains a comma in double quotes: {prev_lang}: "{whole}"')
        for key, text in entries:
            if not re.match(schema.LANGUAGE_CODE, str(key)):
                return doc.problem(at, f"'{name}' must be text: '{key}' is not a language code",
                                   "write language codes such as en, fr, es or pt-BR as the keys: {en: …, fr: …}")
        for key, text in entries:
            if not isinstance(text, str) or not text:
                return doc.problem(at, f"'{name}' must be text: the {key} text is {'empty' if not text else 'not text'}",
                                   texts)
    if isinstance(value, str):
        return doc.problem(at, f"'{name}' is empty", texts)
    return doc.problem(at, f"'{name}' must be text, not {_type_name(_json_type(value))}", texts)


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
# They run on what the schema accepted (values it refused are None here), so they read every value
# with .get and skip what is missing: its own problem is already reported.

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
            problems += _check_evidence_dates(item, today)
        problems += _check_numbers(plan)
    return problems


def _check_evidence_dates(item: Item, today: date) -> list[Problem]:
    problems = []
    for e in item.evidence:
        if e.date and e.date > today.isoformat():
            at = ("files", e.id, "date") if e.file else ("links", item.link_index(e.id), "date")
            problems.append(item.evidence_doc.problem(at, f"this evidence is dated {e.date}, after today ({today})",
                                                      "give the date of the document, which exists already"))
    return problems


def _check_numbers(plan: Plan) -> list[Problem]:
    """Two commitments with the same number: the plan's order and its citations are ambiguous."""
    problems, seen = [], {}
    for c in plan.commitments:
        number = c.data.get("number")
        if number is None:
            continue
        if number in seen:
            problems.append(c.doc.problem(("number",), f"commitment {seen[number]} has number {number} too",
                                          "give each commitment of the plan its own number", severity=WARNING))
        else:
            seen[number] = c.id
    return problems


def _entries(data: dict, key: str):
    """(index, entry) for the entries of a list field that are mappings."""
    values = data.get(key) if isinstance(data, dict) else None
    return [(i, v) for i, v in enumerate(values)] if isinstance(values, list) else []


def _entries_ok(data: dict, key: str):
    return [(i, v) for i, v in _entries(data, key) if isinstance(v, dict)]


def _order(doc: YamlFile, at: tuple, start: str | None, end: str | None, what: str) -> list[Problem]:
    if start and end and end < start:
        return [doc.problem(at + ("end",), f"{what} ends ({end}) before it starts ({start})",
                            "check the two dates: 'end' must be on or after 'start'")]
    return []


def _within(doc: YamlFile, at: tuple, start, end, outer: tuple, what: str, outer_name: str):
    lo, hi = outer
    if not (start and end and lo and hi):
        return []
    if start < lo or end > hi:
        return [doc.problem(at + ("start",), f"{what} ({start} to {end}) falls outside the {outer_name} ({lo} to {hi})",
                            f"move its dates inside the {outer_name}, or change the {outer_name}'s dates",
                            severity=WARNING)]
    return []


def _check_plan(plan: Plan) -> list[Problem]:
    problems = _order(plan.doc, (), plan.start, plan.end, f"plan {plan.id}") if plan.doc else []
    process, doc = plan.process.data, plan.process.doc
    if doc is None:
        return problems
    for i, stage in _entries_ok(process, "stages"):
        problems += _order(doc, ("stages", i), stage.get("start"), stage.get("end"), "this stage")
    seen: dict[str, int] = {}
    for kind in ("meetings", "contributions"):
        for i, entry in _entries_ok(process, kind):
            entry_id = entry.get("id")
            if entry_id is None:
                continue
            if entry_id in seen:
                problems.append(doc.problem(
                    (kind, i, "id"), f"id '{entry_id}' is used twice in this file (first on line {seen[entry_id]})",
                    "give each meeting and contribution its own id: it makes its permanent link"))
            else:
                seen[entry_id] = doc.where((kind, i, "id"))[0]
    for i, entry in _entries_ok(process, "contributions"):
        if entry.get("commitment") and not plan.has_commitment(entry["commitment"]):
            problems.append(doc.problem(
                ("contributions", i, "commitment"), f"no commitment '{entry['commitment']}' in plan {plan.id}",
                _choices([c.id for c in plan.commitments], entry["commitment"])))
    for i, entry in _entries_ok(process, "irm_recommendations"):
        for j, cid in _entries(entry, "commitments"):
            if cid is not None and not plan.has_commitment(cid):
                problems.append(doc.problem(
                    ("irm_recommendations", i, "commitments", j), f"no commitment '{cid}' in plan {plan.id}",
                    _choices([c.id for c in plan.commitments], cid)))
    return problems


def _check_commitment(c: Commitment, plan: Plan, today: date) -> list[Problem]:
    doc = c.doc
    problems = _order(doc, (), c.start, c.end, f"commitment {c.id}")
    if not problems:
        problems += _within(doc, (), c.start, c.end, (plan.start, plan.end), "the commitment", "plan")
    seen: dict[str, int] = {}
    for i, m in _entries_ok(c.data, "milestones"):
        at = ("milestones", i)
        if m.get("id") is not None:
            if m["id"] in seen:
                problems.append(doc.problem(at + ("id",), f"milestone id '{m['id']}' is used twice (first on line {seen[m['id']]})",
                                            "give each milestone its own id, e.g. 1.1, 1.2"))
            seen.setdefault(m["id"], doc.where(at + ("id",))[0])
        order = _order(doc, at, m.get("start"), m.get("end"), f"milestone {m.get('id')}")
        problems += order or _within(doc, at, m.get("start"), m.get("end"), (c.start, c.end),
                                     f"milestone {m.get('id')}", "commitment")
    dates: dict[str, int] = {}
    for i, u in _entries_ok(c.data, "updates"):
        at = ("updates", i)
        when = u.get("date")
        if when and when > today.isoformat():
            problems.append(doc.problem(at + ("date",), f"this update is dated {when}, after today ({today})",
                                        "date an update on or before the day it is published"))
        if when and when in dates:
            problems.append(doc.problem(at + ("date",), f"two updates are dated {when} (the other on line {dates[when]})",
                                        "merge them into one update: its date makes its permanent link"))
        if when:
            dates.setdefault(when, doc.where(at + ("date",))[0])
        if isinstance(u.get("period"), dict):
            problems += _order(doc, at + ("period",), u["period"].get("start"), u["period"].get("end"), "the period")
        for mid in u.get("milestones") or {}:
            if not c.knows_milestone(mid):
                problems.append(doc.problem(at + ("milestones", mid), f"no milestone '{mid}' in this commitment",
                                            _choices(c.milestone_ids(), mid), key=True))
    for m in c.milestones:
        declared = m.data.get("status")
        if declared and m.status_date and declared != m.status:
            i = c.milestones.index(m)
            problems.append(doc.problem(
                ("milestones", m.index if m.index is not None else i, "status"),
                f"milestone {m.id} says '{declared}' but the latest update ({m.status_date}) says '{m.status}'",
                "record the change in a new progress update and remove 'status' here, or make them agree"))
    return problems


def _process_refs(plan: Plan):
    doc = plan.process.doc
    if doc is not None:
        for kind in ("meetings", "contributions"):
            for i, entry in _entries_ok(plan.process.data, kind):
                for j, ref in _entries(entry, "evidence"):
                    yield doc, (kind, i, "evidence", j), ref
    for i, entry in _entries_ok(plan.data, "documents"):
        if entry.get("evidence"):
            yield plan.doc, ("documents", i, "evidence"), entry["evidence"]


def _update_refs(c: Commitment):
    for i, u in _entries_ok(c.data, "updates"):
        for j, ref in _entries(u, "evidence"):
            yield c.doc, ("updates", i, "evidence", j), ref


def _check_refs(item: Item, refs) -> list[Problem]:
    problems = []
    ids = [e.id for e in item.evidence]
    for doc, at, ref in refs:
        if doc is None or not isinstance(ref, str) or item.find_evidence(ref) or item.evidence_unknown:
            continue
        if ref in item.refused:
            continue  # the file itself is reported
        if ref in item.left_out:
            problems.append(doc.problem(at, f"the evidence '{ref}' is not published: {item.left_out[ref]}",
                                        "rename or commit the file, or cite another one"))
            continue
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
        elif not item.knows_milestone(e.milestone):
            problems.append(doc.problem(at, f"no milestone '{e.milestone}' in commitment {item.id}",
                                        _choices(item.milestone_ids(), e.milestone)))
    return problems


def _choices(options: list[str], wrong: str, fallback: str = "") -> str:
    close = difflib.get_close_matches(str(wrong), options, n=1, cutoff=0.75)
    parts = [f"did you mean '{close[0]}'?"] if close else ([fallback] if fallback else [])
    if options:
        shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
        parts.append(f"known: {shown}")
    return "; ".join(parts) or "check the spelling"
