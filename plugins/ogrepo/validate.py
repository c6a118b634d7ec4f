"""Checks of content: each file against its JSON Schema, then the rules that span files.

Every problem names the file, line and column, says what is wrong and how to fix it.
"""

from __future__ import annotations

import ast
import copy
import difflib
import re
from datetime import date

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from . import dates, schema, vocab
from .dates import When
from .model import Commitment, Item, Plan, Repository
from .problems import NOTICE, WARNING, Problem
from .yamlfile import YamlFile


_VALIDATORS: dict[tuple[str, str], Draft202012Validator] = {}


def validator(kind: str, vocabularies: vocab.Vocabularies | None = None) -> Draft202012Validator:
    vocabularies = vocabularies or DEFAULT
    key = (kind, vocabularies.key())
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(schema.input_schema(kind, vocabularies),
                                                format_checker=Draft202012Validator.FORMAT_CHECKER)
    return _VALIDATORS[key]


DEFAULT = vocab.Vocabularies()


def check_schema(doc: YamlFile, kind: str, vocabularies: vocab.Vocabularies | None = None) -> list[Problem]:
    """Every place where `doc` breaks the schema of its kind.

    The values found wrong are then taken out of `doc.data` (set to None, unknown keys dropped;
    the text as written stays in `doc.raw`), so that the rules across files still run on the rest
    and an author sees every mistake in one run, not one layer at a time.
    """
    errors = list(validator(kind, vocabularies).iter_errors(doc.data))
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
        allowed = [k for k, s in sub.get("properties", {}).items()
                   if not str(s.get("description", "")).startswith("Format 1:")]  # not offered any more
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
        return [doc.problem(at, f"'{value}' is not a valid date for '{name}'", "write the day as YYYY-MM-DD, e.g. 2025-03-31")]
    if kind == "anyOf" and _is_text(sub):
        return [_explain_text(doc, at, name, value)]
    if kind == "anyOf" and isinstance(sub, dict) and sub.get("title") == "date":
        return [doc.problem(at, f"'{_show(value)}' is not a valid date for '{name}'", f"write {schema.DATE_FORMS}")]
    if kind == "anyOf" and error.context:
        # several forms are allowed: explain the mistake in the form the author was writing
        same_type = [e for e in error.context if e.validator != "type"]
        return _explain(doc, best_match(same_type or error.context))
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


def _show(value) -> str:
    return value if isinstance(value, str) else str(value)[:60]


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
        problems += _check_plan(plan, repo)
        problems += _check_refs(plan.process, _process_refs(plan))
        for commitment in plan.commitments:
            problems += _check_commitment(commitment, plan, today, repo)
            problems += _check_refs(commitment, _update_refs(commitment))
        for item in [plan.process, *plan.commitments]:
            problems += _check_evidence_milestones(item)
            problems += _check_evidence_dates(item, today)
        problems += _check_numbers(plan)
        if repo.local:
            problems += _check_local_plan(plan, repo)
    return problems


def _check_evidence_dates(item: Item, today: date) -> list[Problem]:
    problems = []
    for e in item.evidence:
        if e.date.start and e.date.start > today:
            at = ("files", e.id, "date") if e.file else ("links", item.link_index(e.id), "date")
            problems.append(item.evidence_doc.problem(at, f"this evidence is dated {e.date.value}, after today ({today})",
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


def _check_local_plan(plan: Plan, repo: Repository) -> list[Problem]:
    """OGP Local's own rules (the OGP Local handbook), for local members only."""
    limit = 12 if repo.member.get("level") == "joint-local" else 5
    if len(plan.commitments) > limit and plan.doc:
        return [plan.doc.problem((), f"this plan has {len(plan.commitments)} commitments; OGP Local plans hold at "
                                     f"most {limit} at a time", "move some to the next plan", severity=WARNING)]
    return []


def _entries(data: dict, key: str):
    """(index, entry) for the entries of a list field that are mappings."""
    values = data.get(key) if isinstance(data, dict) else None
    return [(i, v) for i, v in enumerate(values)] if isinstance(values, list) else []


def _entries_ok(data: dict, key: str):
    return [(i, v) for i, v in _entries(data, key) if isinstance(v, dict)]


def _order(doc: YamlFile, at: tuple, start, end, what: str) -> list[Problem]:
    start, end = dates.parse(start), dates.parse(end)
    if start.start and end.end and end.end < start.start:
        return [doc.problem(at + ("end",), f"{what} ends ({end.value}) before it starts ({start.value})",
                            "check the two dates: 'end' must be on or after 'start'")]
    return []


def _outside(inner: tuple[When, When], outer: tuple[When, When]) -> bool:
    (start, end), (lo, hi) = inner, outer
    return bool((start.start and lo.start and start.start < lo.start) or (end.end and hi.end and end.end > hi.end))


def _within(doc: YamlFile, at: tuple, start, end, outer: tuple, what: str, outer_name: str):
    start, end = dates.parse(start), dates.parse(end)
    if not _outside((start, end), outer):
        return []
    shown = f"{start.value or '…'} to {end.value or '…'}"
    return [doc.problem(at + ("start",), f"{what} ({shown}) falls outside the {outer_name} "
                                         f"({outer[0].value or '…'} to {outer[1].value or '…'})",
                        f"move its dates inside the {outer_name}, or change the {outer_name}'s dates",
                        severity=WARNING)]


def _check_plan(plan: Plan, repo: Repository) -> list[Problem]:
    problems = _order(plan.doc, (), plan.data.get("start"), plan.data.get("end"), f"plan {plan.id}") if plan.doc else []
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
    for kind in ("stages", "meetings", "contributions"):
        for i, entry in _entries_ok(process, kind):
            if entry.get("commitment") and not plan.has_commitment(entry["commitment"]):
                problems.append(doc.problem(
                    (kind, i, "commitment"), f"no commitment '{entry['commitment']}' in plan {plan.id}",
                    _choices([c.id for c in plan.commitments], entry["commitment"])))
    for i, entry in _entries_ok(process, "irm_recommendations"):
        for j, cid in _entries(entry, "commitments"):
            if cid is not None and not plan.has_commitment(cid):
                problems.append(doc.problem(
                    ("irm_recommendations", i, "commitments", j), f"no commitment '{cid}' in plan {plan.id}",
                    _choices([c.id for c in plan.commitments], cid)))
    return problems


def _check_commitment(c: Commitment, plan: Plan, today: date, repo: Repository) -> list[Problem]:
    doc = c.doc
    problems = _order(doc, (), c.data.get("start"), c.data.get("end"), f"commitment {c.id}")
    if not c.leads and "lead_agencies" not in (doc.written() or {}) and "lead_agency" not in (doc.written() or {}):
        problems.append(doc.problem((), "no lead agency: who implements this commitment?",
                                    "add lead_agencies: [{organisation: …}] (one or more)"))
    problems += _check_carried_over(c, plan)
    for key in ("policy_areas", "sectors"):
        if repo.local and len(c.data.get(key) or []) > 2:
            problems.append(doc.problem((key,), f"'{key}' has {len(c.data[key])} entries; OGP Local commitments "
                                                "name at most two", "keep the two that fit best"))
    problems += _check_steps(c, doc)
    problems += _check_updates(c, doc, today)
    problems += _check_translations(doc)
    return problems


def _check_carried_over(c: Commitment, plan: Plan) -> list[Problem]:
    if not _outside((c.start, c.end), (plan.start, plan.end)):
        return []
    starts_before = c.start.start and plan.start.start and c.start.start < plan.start.start
    ends_inside = not (c.end.end and plan.end.end and c.end.end > plan.end.end)
    if c.data.get("carried_over") and starts_before and ends_inside:
        return [c.doc.problem(("start",), f"carried over: it started ({c.start.value}) before this plan "
                                          f"({plan.start.value})", "", severity=NOTICE)]
    hint = ("if it was carried over from an earlier plan, say so: carried_over: true"
            if starts_before else "move its dates inside the plan, or change the plan's dates")
    return [c.doc.problem(("start",), f"the commitment ({c.start.value or '…'} to {c.end.value or '…'}) falls "
                                      f"outside the plan ({plan.start.value or '…'} to {plan.end.value or '…'})",
                          hint, severity=WARNING)]


def _check_steps(c: Commitment, doc: YamlFile) -> list[Problem]:
    problems = []
    seen: dict[str, tuple] = {}  # every id, code and alias of a milestone or activity: where first written
    for m in c.milestones:
        at = ("milestones", m.index)
        problems += _names(doc, at, m, seen, "milestone")
        order = _order(doc, at, m.data.get("start"), m.data.get("end"), f"milestone {m.label}")
        problems += order or _within(doc, at, m.data.get("start"), m.data.get("end"), (c.start, c.end),
                                     f"milestone {m.label}", "commitment")
        for a in m.activities:
            a_at = at + ("activities", a.index)
            problems += _names(doc, a_at, a, seen, "activity")
            problems += _order(doc, a_at, a.data.get("start"), a.data.get("due"), f"activity {a.label}")
        for step in (m, *m.activities):
            declared = step.data.get("status")
            if declared and step.history and declared != step.status:
                latest = step.history[-1].update
                where = at if step is m else at + ("activities", step.index)
                problems.append(doc.problem(
                    where + ("status",),
                    f"{step.label} says '{declared}' but the latest report ({latest.key}) says '{step.status}'",
                    "record the change in a new report and remove 'status' here, or make them agree"))
    return problems


def _names(doc: YamlFile, at: tuple, step, seen: dict, what: str) -> list[Problem]:
    """Ids, codes and aliases name one milestone or activity each: reports are matched on them."""
    problems = []
    for field, name in [("id", step.id), ("code", step.code)] + [("aliases", a) for a in step.data.get("aliases") or []]:
        if name is None:
            continue
        if name in seen and seen[name][0] is not step:
            line = doc.where(seen[name][1])[0]
            problems.append(doc.problem(at + (field,), f"'{name}' already names another milestone or activity "
                                                       f"(line {line})",
                                        f"give each {what} its own id, e.g. 1.1, 1.2, and codes that differ"))
        else:
            seen.setdefault(name, (step, at + (field,)))
    return problems


def _check_updates(c: Commitment, doc: YamlFile, today: date) -> list[Problem]:
    problems = []
    keys: dict[str, tuple] = {}  # period or date -> where the first is (its line only when reported)
    for i, u in _entries_ok(c.data, "updates"):
        at = ("updates", i)
        when, period = u.get("date"), u.get("period")
        if not when and not isinstance(period, str):
            problems.append(doc.problem(at, "this update has no date and no reporting period",
                                        "add date: YYYY-MM-DD (the day it is published), or period: 2024-Q1"))
            continue
        if when and when > today.isoformat():
            problems.append(doc.problem(at + ("date",), f"this update is dated {when}, after today ({today})",
                                        "date an update on or before the day it is published"))
        key = period if isinstance(period, str) else when
        if key in keys:
            what = f"two reports are for the period {key}" if isinstance(period, str) else f"two updates are dated {key}"
            problems.append(doc.problem(at + ("period" if isinstance(period, str) else "date",),
                                        f"{what} (the other on line {doc.where(keys[key])[0]})",
                                        "merge them into one: the period (or date) makes its permanent link"))
        keys.setdefault(key, at)
        if isinstance(period, dict):
            problems += _order(doc, at + ("period",), period.get("start"), period.get("end"), "the period")
        for field in ("milestones", "items"):
            for name in (u.get(field) or {}):
                if not c.knows_milestone(name):
                    problems.append(doc.problem(at + (field, name), f"no milestone or activity '{name}' in this commitment",
                                                _choices(c.step_names(), name), key=True))
    return problems


# a number as either language writes it: thousands grouped by one separator (1,146 / 1 146 / 1.146),
# or a decimal (3.5 / 3,5); "2025. 52" and "2024, 71" are two numbers each
NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")


def _check_translations(doc: YamlFile) -> list[Problem]:
    """A text given in several languages whose versions disagree in their numbers (years, amounts,
    dates): one of them is wrong, and a reader of the other language would not know."""
    problems = []
    for at, text in _texts(doc.data, ()):
        versions = {lang: _numbers(value) for lang, value in text.items() if isinstance(value, str)}
        if len(versions) < 2:
            continue
        (first, numbers), *others = versions.items()
        for lang, other in others:
            if numbers != other:
                only_first = sorted(numbers - other)
                only_other = sorted(other - numbers)
                said = "; ".join(part for part in (
                    f"{first} has {', '.join(only_first)}" if only_first else "",
                    f"{lang} has {', '.join(only_other)}" if only_other else "") if part)
                problems.append(doc.problem(at, f"the {first} and {lang} versions of '{_field(at)}' differ in their "
                                                f"numbers ({said})", "check both versions say the same",
                                            severity=WARNING))
    return problems


def _numbers(text: str) -> set[str]:
    """The numbers of two digits or more in a text, whatever its separators (1,146 and 1 146 agree)."""
    found = set()
    for token in NUMBER.findall(text):
        digits = re.sub(r"\D", "", token)
        if len(digits) >= 2:
            found.add(digits)
    return found


def _texts(value, at: tuple):
    """Every text given in several languages: (path, {language: text})."""
    if isinstance(value, dict):
        if value and all(isinstance(k, str) and re.match(schema.LANGUAGE_CODE, k) and isinstance(v, str)
                         for k, v in value.items()):
            if len(value) > 1:
                yield at, value
            return
        for key, inner in value.items():
            yield from _texts(inner, at + (key,))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _texts(inner, at + (i,))


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
        for name, record in (u.get("items") or {}).items():
            for j, ref in _entries(record if isinstance(record, dict) else {}, "evidence"):
                yield c.doc, ("updates", i, "items", name, "evidence", j), ref


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
            problems.append(doc.problem(at, f"no milestone or activity '{e.milestone}' in commitment {item.id}",
                                        _choices(item.step_names(), e.milestone)))
    return problems


def _choices(options: list[str], wrong: str, fallback: str = "") -> str:
    close = difflib.get_close_matches(str(wrong), options, n=1, cutoff=0.75)
    parts = [f"did you mean '{close[0]}'?"] if close else ([fallback] if fallback else [])
    if options:
        shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
        parts.append(f"known: {shown}")
    return "; ".join(parts) or "check the spelling"
