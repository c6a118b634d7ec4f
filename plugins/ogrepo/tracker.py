"""Trackers: the spreadsheets in which governments follow their plans, in and out of the repository.

    ogrepo import FILE [--mapping MAPPING.yml] [--plan PLAN] [--dry-run]
    ogrepo export [--plan PLAN] [--format csv|xlsx] [-o OUT] [--mapping MAPPING.yml]

A tracker has one row per indicator (or milestone) and reporting period: the commitment's code and
title, the milestone's, the indicator's, its leads, its deadline, the period, a status (often a
code: 1 = not started … 4 = complete), what was done, the challenges, a link to the evidence. Texts
may be in several languages, a column each ("Progress EN", "Progress FR").

In format 2 (see the authors' guide):
- a commitment code (C01) is a commitment file, found by its code, aliases or id, or created;
- a milestone code (C01.1) is a milestone, an indicator code (C01.1.1) an activity under it, each
  found by its id, code or aliases (C01.1.01 and C1.1.1 are the same code), or added;
- a reporting period (2024-Q1, "Q1 2024", "T1 2024") is one update `{period: 2024-Q1, items: …}`,
  and each row's status, progress, challenges and evidence are that update's record of its item;
- leads are the activity's `lead` (the milestone's `responsible` for a milestone row), and, for a
  new commitment, its `lead_agencies`;
- a deadline is kept as written ({date: 2024-Q4, text: By fall 2024}; {text: Ongoing} when it names
  no date), with the date it names so that the site can say when it is overdue;
- an evidence link becomes a link in the commitment's evidence.yml, cited by the record; a file name
  must be a file of the commitment's evidence folder.

Re-importing a newer tracker adds what is new (commitments, milestones, activities, periods, items
of a period) and fills in what a file leaves out (a missing translation, a missing deadline). It
never changes what a file already says and never removes anything: a file may have been corrected
by hand since, and an earlier report is a public record. Where the tracker says something else, the
file's value is kept and the difference is listed. Files are edited with ruamel.yaml's round trip:
comments, quoting and order stay as they were.

The import is all-or-nothing: every problem of the spreadsheet is reported at once, as
`file:row:column: message` with a hint, and nothing is written while there is an error. What it
would write is checked as `ogrepo check` checks content before anything is written.

`ogrepo export` writes the reports of a plan back out with the same columns (those of the mapping
file, else the common ones), statuses as the mapping's codes, periods in the mapping's format:
importing what it writes changes nothing.

The mapping file (YAML, schema MAPPING_SCHEMA) says which column is which, what the status codes
mean and how periods are written; common English and French column names need no mapping. Kept as
`tracker-mapping.yml` at the repository's root, both commands use it without being told.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from jsonschema import Draft202012Validator

from . import dates, schema, vocab, yamlfile
from .problems import ERROR, WARNING, Problem
from .spreadsheet import Sheet, column_letter
from .text import pick

DEFAULT_MAPPING = "tracker-mapping.yml"  # at the repository's root: used by import and export when present
SCHEMA_PATH = "data/schemas/tracker-mapping.schema.json"  # where the site may publish the mapping's schema
TODO = "TODO"  # starts every placeholder an official must replace (as `ogrepo new` writes them)

# --- the columns a tracker may have ------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    header: str  # the column's name when ogrepo writes it
    text: bool = False  # a text: one column per language, or one for the first language
    exported: bool = True  # written by `ogrepo export` when no mapping lists the columns
    names: tuple[str, ...] = ()  # headers recognised without a mapping (compared without case, accents, punctuation)


FIELDS = {f.name: f for f in (
    Field("commitment_code", "Commitment code", names=(
        "commitment code", "commitment no", "commitment number", "commitment id", "commitment ref", "code engagement",
        "code de l engagement", "engagement code", "no engagement", "numero de l engagement", "n engagement")),
    Field("commitment_title", "Commitment", text=True, names=(
        "commitment", "commitment title", "commitment name", "title of the commitment", "engagement",
        "titre de l engagement", "intitule de l engagement", "titre engagement", "nom de l engagement")),
    Field("commitment_problem", "Problem", text=True, exported=False, names=(
        "problem", "problem statement", "problem addressed", "probleme", "probleme vise")),
    Field("commitment_description", "Commitment description", text=True, exported=False, names=(
        "commitment description", "description of the commitment", "description de l engagement")),
    Field("values", "OGP values", exported=False, names=("ogp values", "values", "valeurs du pgo", "valeurs pgo")),
    Field("milestone_code", "Milestone code", names=(
        "milestone code", "milestone no", "milestone number", "milestone id", "milestone ref", "code jalon",
        "code du jalon", "jalon code", "no jalon", "numero du jalon", "n jalon")),
    Field("milestone_title", "Milestone", text=True, names=(
        "milestone", "milestone text", "milestone title", "milestone description", "jalon", "texte du jalon",
        "titre du jalon", "intitule du jalon", "description du jalon")),
    Field("activity_code", "Indicator code", names=(
        "indicator code", "indicator no", "indicator number", "indicator id", "activity code", "activity no",
        "activity number", "activity id", "performance indicator code", "code indicateur", "code de l indicateur",
        "code activite", "code de l activite", "no indicateur", "numero de l indicateur")),
    Field("activity_title", "Indicator", text=True, names=(
        "indicator", "indicator text", "indicator title", "indicator description", "performance indicator",
        "activity", "activity text", "activity title", "activity description", "indicateur", "texte de l indicateur",
        "intitule de l indicateur", "activite", "texte de l activite", "description de l activite")),
    Field("lead", "Lead", text=True, names=(
        "lead", "leads", "lead s", "lead department", "lead departments", "lead department s", "lead agency",
        "lead agencies", "lead agency ies", "lead organisation", "lead organization", "lead organisations",
        "lead organizations", "responsible", "responsible agency", "responsible department", "responsibility",
        "ministere responsable", "ministeres responsables", "ministere s responsable s", "responsable",
        "responsables", "organisme responsable", "organismes responsables", "direction responsable")),
    Field("deadline", "Deadline", text=True, names=(
        "deadline", "due", "due date", "target date", "target", "completion date", "end date", "timeline",
        "timeframe", "echeance", "date limite", "date d echeance", "echeancier", "date cible", "date de fin")),
    Field("period", "Reporting period", names=(
        "reporting period", "period", "quarter", "reporting quarter", "report period", "periode",
        "periode de rapport", "periode de declaration", "periode visee", "trimestre")),
    Field("published", "Report date", names=(
        "report date", "date of report", "reported on", "date reported", "date of the report", "date du rapport",
        "date de publication", "publication date")),
    Field("status", "Status", names=(
        "status", "status code", "progress status", "completion status", "implementation status", "statut",
        "code de statut", "code statut", "statut d avancement", "etat")),
    Field("progress", "Progress", text=True, names=(
        "progress", "progress update", "progress to date", "progress made", "description of progress",
        "results", "update", "progres", "progres realises", "avancement", "mise a jour", "description des progres",
        "resultats")),
    Field("challenges", "Challenges", text=True, names=(
        "challenges", "challenge", "challenges and delays", "issues", "obstacles", "delays", "risks",
        "difficultes", "defis", "retards", "obstacles et retards")),
    Field("next_steps", "Next steps", text=True, names=("next steps", "prochaines etapes", "etapes suivantes")),
    Field("evidence", "Evidence", names=(
        "evidence", "evidence link", "evidence links", "link to evidence", "links", "link", "supporting evidence",
        "source", "url", "preuve", "preuves", "lien", "liens", "lien vers les preuves", "piece justificative",
        "pieces justificatives", "justificatif", "justificatifs")),
)}
REQUIRED = ("commitment_code", "milestone_code")
RECORD_FIELDS = ("status", "progress", "challenges", "next_steps", "evidence")  # what a row reports for its period

# A language written in a header: a code the member uses, or a language's name.
LANGUAGE_NAMES = {"english": "en", "anglais": "en", "ingles": "en", "french": "fr", "francais": "fr",
                  "frances": "fr", "spanish": "es", "espagnol": "es", "espanol": "es", "portuguese": "pt",
                  "portugais": "pt", "portugues": "pt", "arabic": "ar", "arabe": "ar"}

# --- the mapping file ------------------------------------------------------------------------------

_HEADER = {"type": "string", "minLength": 1, "description": "A column's header, as the spreadsheet writes it."}
MAPPING_SCHEMA = {
    "$schema": schema.DIALECT,
    "$id": "ogrepo:tracker-mapping",
    "title": "ogrepo tracker mapping (tracker-mapping.yml)",
    "description": "How `ogrepo import` reads a tracker spreadsheet and `ogrepo export` writes it: which column "
                   "is which, what its status codes mean, how it writes periods.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "plan": {**schema.ID, "description": "The plan the tracker follows (a folder of content/plans/)."},
        "sheet": {"type": "string", "minLength": 1, "description": "The sheet to read in a workbook (default: the first)."},
        "header_row": {"type": "integer", "minimum": 1,
                       "description": "The row of column headers (default: the first row with two known headers)."},
        "columns": {
            "type": "object",
            "description": "Which column is which: a field, and the header of its column; for a text, one header "
                           "per language ({en: Progress EN, fr: Progress FR}). Written in this order by export.",
            "propertyNames": {"enum": list(FIELDS)},
            "additionalProperties": {"anyOf": [_HEADER, {"type": "object", "minProperties": 1,
                                                         "propertyNames": {"pattern": schema.LANGUAGE_CODE},
                                                         "additionalProperties": _HEADER}]},
        },
        "ignore": {"type": "array", "items": _HEADER, "uniqueItems": True,
                   "description": "Columns not to import, without a warning."},
        "statuses": {
            "type": "object",
            "description": "What each status code or word of the tracker means: {'1': not-started, '2': limited, "
                           "'3': substantial, '4': complete}. Export writes the first code of each status.",
            "propertyNames": {"minLength": 1},
            "additionalProperties": {"enum": list(vocab.MILESTONE_STATUSES)},
        },
        "periods": {
            "type": "object",
            "description": "Periods the tracker writes in its own way, and the period each is: "
                           "{'FY2024-25 Q1': 2024-Q2}.",
            "propertyNames": {"minLength": 1},
            "additionalProperties": {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$"},
        },
        "period_format": {
            "type": "object",
            "description": "How export writes periods, by precision: {quarter: 'Q{quarter} {year}', half: "
                           "'H{half} {year}', month: '{year}-{month:02}', year: '{year}'} (default 2024-Q1).",
            "additionalProperties": False,
            "properties": {k: {"type": "string", "minLength": 1} for k in ("quarter", "half", "month", "year", "day")},
        },
        "separator": {"type": "string", "minLength": 1, "maxLength": 3,
                      "description": "What separates several leads or evidence links in a cell (default ';')."},
        "date_order": {"enum": ["day-month-year", "month-day-year"],
                       "description": "How the tracker writes a day with slashes: 31/03/2024 or 03/31/2024 "
                                      "(without it such a deadline is kept as text, never judged overdue)."},
        "evidence_kind": {"type": "string", "minLength": 1,
                          "description": "The kind of the evidence links it adds (default: other)."},
    },
}


@dataclass
class Mapping:
    path: str | None = None  # the mapping file, for messages
    columns: dict[str, object] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)
    periods: dict[str, str] = field(default_factory=dict)
    period_format: dict[str, str] = field(default_factory=dict)
    separator: str = ";"
    date_order: str | None = None
    evidence_kind: str = "other"
    sheet: str | None = None
    header_row: int | None = None
    plan: str | None = None


def load_mapping(text: str, path: str, vocabularies: vocab.Vocabularies | None = None) -> tuple[Mapping | None, list[Problem]]:
    """The mapping file, checked against its schema: every problem as path:line:col with a hint."""
    doc, problems = yamlfile.load(text, path)
    if problems:  # a status code written as a number is the likely mistake: keys are text
        return None, [Problem(p.path, p.line, p.col, p.message, "write codes in quotes: '1': not-started", p.severity)
                      if "key must be plain text" in p.message else p for p in problems]
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        return None, [doc.problem((), "a mapping file holds 'key: value' lines", "see the example in the authors' guide")]
    for error in sorted(Draft202012Validator(MAPPING_SCHEMA).iter_errors(data), key=lambda e: list(map(str, e.path))):
        at = tuple(error.absolute_path)
        if "propertyNames" in error.absolute_schema_path:  # a wrong key: point at the key
            problems.append(doc.problem(at + (error.instance,), _mapping_message(error),
                                        "the fields are " + ", ".join(FIELDS) if at == ("columns",) else "", key=True))
            continue
        problems.append(doc.problem(at, _mapping_message(error), "see the mapping file's fields in the authors' guide"))
    for f, value in (data.get("columns") or {}).items():
        if f in FIELDS and isinstance(value, dict) and not FIELDS[f].text:
            problems.append(doc.problem(("columns", f), f"{f} is not a text: it is read from one column",
                                        f"give the header of its column: {f}: …"))
    kinds = (vocabularies or vocab.Vocabularies()).evidence_kinds
    if isinstance(data.get("evidence_kind"), str) and data["evidence_kind"] not in kinds:
        problems.append(doc.problem(("evidence_kind",), f"'{data['evidence_kind']}' is not a kind of evidence",
                                    "one of: " + ", ".join(kinds)))
    for precision, pattern in (data.get("period_format") or {}).items():
        if isinstance(pattern, str) and _format_period(pattern, "2024-01-31" if precision == "day" else
                                                       {"quarter": "2024-Q1", "half": "2024-H1", "month": "2024-01",
                                                        "year": "2024"}[precision]) is None:
            problems.append(doc.problem(("period_format", precision), f"'{pattern}' is not a period format",
                                        "use {year}, {quarter}, {half}, {month} or {day}, e.g. 'Q{quarter} {year}'"))
    if problems:
        return None, problems
    return Mapping(path=path, **{k: v for k, v in data.items()}), []


def _mapping_message(error) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "the file"
    if error.validator == "additionalProperties":
        return f"unknown field in {where}: {error.message}"
    if "propertyNames" in error.absolute_schema_path:
        return f"'{error.instance}' is not a field of {where}"
    if error.validator == "enum" and len(error.absolute_path) == 2 and error.absolute_path[0] == "statuses":
        return f"'{error.instance}' is not a status; the statuses are " + ", ".join(vocab.MILESTONE_STATUSES)
    return f"{where}: {error.message}"


# --- reading cells -------------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Lower case, without accents or punctuation: how headers, codes and words are compared."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _code(value) -> str:
    """A code or key as text: 1, 1.0 and '1' are all '1'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def same_code(a: str, b: str) -> bool:
    """C01.1.01, C1.1.1 and c1.1.1 are one code: trackers pad numbers with zeros, plans do not."""
    return _code_key(a) == _code_key(b)


def _code_key(code: str) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group())), re.sub(r"\s+", "", str(code)).upper())


MONTHS = {name: i for i, names in enumerate((
    ("january", "jan", "janvier", "janv", "enero"), ("february", "feb", "fevrier", "fev", "fevr", "febrero"),
    ("march", "mar", "mars", "marzo"), ("april", "apr", "avril", "avr", "abril"), ("may", "mai", "mayo"),
    ("june", "jun", "juin", "junio"), ("july", "jul", "juillet", "juil", "julio"), ("august", "aug", "aout", "agosto"),
    ("september", "sep", "sept", "septembre", "septiembre"), ("october", "oct", "octobre", "octubre"),
    ("november", "nov", "novembre", "noviembre"), ("december", "dec", "decembre", "diciembre")), start=1)
    for name in names}
# a season names the quarter it mostly falls in (the authors' guide: "By fall 2022" is 2022-Q4);
# winter straddles two years and is left as words
SEASONS = {"spring": 2, "printemps": 2, "summer": 3, "ete": 3, "fall": 4, "autumn": 4, "automne": 4}
ORDINALS = {"1": 1, "1st": 1, "first": 1, "1er": 1, "premier": 1, "2": 2, "2nd": 2, "second": 2, "2e": 2,
            "deuxieme": 2, "3": 3, "3rd": 3, "third": 3, "3e": 3, "troisieme": 3, "4": 4, "4th": 4, "fourth": 4,
            "4e": 4, "quatrieme": 4}


def parse_period(written, mapping: Mapping | None = None) -> str | None:
    """A period as the repository writes it (2024-Q1, 2024-H2, 2024-03, 2024), from the way trackers
    write it: 'Q1 2024', '2024 Q1', 'T1 2024' (trimestre), 'H2 2024', 'S2 2024' (semestre),
    'March 2024', '1st quarter 2024'; None when it is not one."""
    if isinstance(written, date):
        return written.isoformat()
    text = str(written).strip()
    if mapping and mapping.periods:
        for label, period in mapping.periods.items():
            if _fold(label) == _fold(text):
                return period
    if dates.valid(text):
        return text
    folded = _fold(text)
    for pattern, build in _PERIOD_FORMS:
        found = re.fullmatch(pattern, folded)
        if found:
            value = build(found)
            return value if value and dates.valid(value) else None
    return None


def _month(m) -> str | None:
    return f"{m.group('y')}-{MONTHS[m.group('m')]:02d}" if m.group("m") in MONTHS else None


_PERIOD_FORMS = [
    (r"(?:q|t|tr|trim)(?P<q>[1-4])\s*(?P<y>\d{4})", lambda m: f"{m.group('y')}-Q{m.group('q')}"),
    (r"(?P<y>\d{4})\s*(?:q|t|tr|trim)(?P<q>[1-4])", lambda m: f"{m.group('y')}-Q{m.group('q')}"),
    (r"(?:h|s)(?P<h>[12])\s*(?P<y>\d{4})", lambda m: f"{m.group('y')}-H{m.group('h')}"),
    (r"(?P<y>\d{4})\s*(?:h|s)(?P<h>[12])", lambda m: f"{m.group('y')}-H{m.group('h')}"),
    (r"(?P<o>\w+) (?:quarter|trimestre)(?: of| de| du)? (?P<y>\d{4})",
     lambda m: f"{m.group('y')}-Q{ORDINALS[m.group('o')]}" if ORDINALS.get(m.group("o"), 9) <= 4 else None),
    (r"(?:quarter|trimestre) (?P<q>[1-4]) (?:of |de )?(?P<y>\d{4})", lambda m: f"{m.group('y')}-Q{m.group('q')}"),
    (r"(?P<o>\w+) (?:half|semestre)(?: of| de| du)? (?P<y>\d{4})",
     lambda m: f"{m.group('y')}-H{ORDINALS[m.group('o')]}" if ORDINALS.get(m.group("o"), 9) <= 2 else None),
    (r"(?P<m>[a-z]+) (?:of |de )?(?P<y>\d{4})", _month),
    (r"(?P<mm>\d{1,2}) (?P<y>\d{4})", lambda m: f"{m.group('y')}-{int(m.group('mm')):02d}"
     if 1 <= int(m.group("mm")) <= 12 else None),
]

# words before a deadline that do not change the date it names: "By March 2024", "D'ici fin 2024"
_DEADLINE_LEAD = re.compile(r"^(?:by(?: the)?(?: end of)?(?: the)?|before(?: the end of)?|no later than|end of(?: the)?|"
                            r"until|d ici(?: la)?(?: fin)?(?: de| du| d)?|avant(?: la fin)?(?: de| du)?|"
                            r"au plus tard(?: en| le)?|fin(?: de| du)?|en|in) ")


def parse_deadline(written, mapping: Mapping | None = None) -> str | None:
    """The date a deadline names, at the precision it is written, or None: 'March 2024' is 2024-03,
    'By fall 2024' 2024-Q4, 'Q1 2024' 2024-Q1, '31 March 2024' a day; 'Ongoing' names none."""
    if isinstance(written, date):
        return written.isoformat()
    text = str(written).strip()
    if dates.valid(text):
        return text
    folded = _DEADLINE_LEAD.sub("", _fold(text))
    found = parse_period(folded) or _season(folded) or _day(text, folded, mapping)
    return found if found and dates.valid(found) else None


def _season(folded: str) -> str | None:
    found = re.fullmatch(r"(?:(?:the )?end of |fin de l |fin )?(?:the |l )?(?P<s>[a-z]+) (?:of |de )?(?P<y>\d{4})",
                         folded)
    if found and found.group("s") in SEASONS:
        return f"{found.group('y')}-Q{SEASONS[found.group('s')]}"
    return None


def _day(text: str, folded: str, mapping: Mapping | None) -> str | None:
    """A day written with its month's name (31 March 2024, March 31, 2024), or with slashes when the
    mapping says in which order (31/03/2024 is ambiguous otherwise)."""
    found = re.fullmatch(r"(?:le )?(?P<d>\d{1,2})(?:er|st|nd|rd|th)? (?P<m>[a-z]+) (?P<y>\d{4})", folded) or \
        re.fullmatch(r"(?P<m>[a-z]+) (?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<y>\d{4})", folded)
    if found and found.group("m") in MONTHS:
        return _iso_day(int(found.group("y")), MONTHS[found.group("m")], int(found.group("d")))
    order = mapping.date_order if mapping else None
    found = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text.strip())
    if found and order:
        a, b, year = (int(g) for g in found.groups())
        day, month = (a, b) if order == "day-month-year" else (b, a)
        return _iso_day(year, month, day)
    return None


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def status_words(languages: list[str]) -> dict[str, str]:
    """Status words a tracker may write, folded, and the status each is: the slugs, their labels in
    English and in each language the site speaks, and common synonyms."""
    from . import i18n

    words = {}
    for slug, label in vocab.MILESTONE_STATUSES.items():
        words[_fold(slug)] = slug
        words[_fold(label)] = slug
        for language in languages:
            words.setdefault(_fold(i18n.translations(language).gettext(label)), slug)
    for word, slug in {"completed": "complete", "done": "complete", "achieved": "complete", "acheve": "complete",
                       "termine": "complete", "realise": "complete", "complet": "complete",
                       "not yet started": "not-started", "non commence": "not-started", "non demarre": "not-started",
                       "pas demarre": "not-started", "limited": "limited", "limite": "limited",
                       "substantial": "substantial", "substantiel": "substantial", "ongoing": "in-progress",
                       "en cours": "in-progress", "delayed": "stuck", "inconnu": "unknown",
                       "not known": "unknown"}.items():
        words.setdefault(word, slug)
    return words


def status_label(slug: str, language: str) -> str:
    from . import i18n

    return i18n.translations(language).gettext(vocab.MILESTONE_STATUSES[slug])


# --- which column is which ------------------------------------------------------------------------

@dataclass
class Columns:
    """Where each field is: {field: {language or None: 0-based column}}."""

    header_row: int  # the spreadsheet's row number of the headers
    headers: list
    at: dict[str, dict[str | None, int]] = field(default_factory=dict)


def recognise(header: str, languages: list[str]) -> tuple[str, str | None] | None:
    """The field a header names without a mapping, and its language: 'Progress (FR)' is progress in
    French, 'Code de l'engagement' the commitment code."""
    folded = _fold(header)
    base, language = _split_language(folded, languages)
    for name, f in FIELDS.items():
        if base in f.names and (language is None or f.text):  # 'Status EN': a language on a field that has none
            return name, language
    return None


def _split_language(folded: str, languages: list[str]) -> tuple[str, str | None]:
    words = folded.split()
    if len(words) < 2:
        return folded, None
    for at in (-1, 0):  # 'Progress EN' or 'EN Progress'
        word = words[at]
        code = LANGUAGE_NAMES.get(word) or (word if word in [lang.lower() for lang in languages] else None)
        if code:
            rest = words[:-1] if at == -1 else words[1:]
            if word in LANGUAGE_NAMES and rest and rest[-1] in ("in", "en"):  # 'Progress in English'
                rest = rest[:-1]
            if rest:
                return " ".join(rest), code
    return folded, None


def find_header(sheet: Sheet, mapping: Mapping, languages: list[str]) -> tuple[int, list] | None:
    """The header row: the mapping's, else the first of the first 20 rows naming two known columns
    (trackers often start with a title row), else the first row."""
    if not sheet.rows:
        return None
    if mapping.header_row:
        return next(((n, cells) for n, cells in sheet.rows if n == mapping.header_row), None)
    mapped = {_fold(h) for h in _mapped_headers(mapping)}
    for number, cells in sheet.rows[:20]:
        known = sum(1 for c in cells if isinstance(c, str) and (recognise(c, languages) or _fold(c) in mapped))
        if known >= 2:
            return number, cells
    return sheet.rows[0]


def _mapped_headers(mapping: Mapping) -> list[str]:
    out = []
    for value in mapping.columns.values():
        out += list(value.values()) if isinstance(value, dict) else [value]
    return out


def resolve_columns(name: str, number: int, headers: list, mapping: Mapping,
                    languages: list[str]) -> tuple[Columns, list[Problem]]:
    """Which column is which: the mapping's first, then the headers recognised; every column left
    over is reported (a warning: it is not imported)."""
    problems: list[Problem] = []
    columns = Columns(number, headers)
    folded = {i: _fold(h) for i, h in enumerate(headers) if isinstance(h, str) and h.strip()}
    taken: dict[int, str] = {}

    def claim(f: str, language: str | None, i: int):
        if language in columns.at.get(f, {}):
            other = columns.at[f][language]
            what = f"{f}" + (f" ({language})" if language else "")
            problems.append(Problem(name, number, i + 1, f"two columns give the {what}: {column_letter(other)} "
                                    f"('{headers[other]}') and {column_letter(i)} ('{headers[i]}')",
                                    "say which one in a mapping file (columns:) and list the other under ignore:"))
            return
        columns.at.setdefault(f, {})[language] = i
        taken[i] = f

    for f, value in mapping.columns.items():
        for language, header in (value.items() if isinstance(value, dict) else [(None, value)]):
            i = next((i for i, h in folded.items() if h == _fold(header)), None)
            if i is None:
                close = difflib.get_close_matches(str(header), [str(h) for h in headers if h], n=1)
                problems.append(Problem(name, number, 0, f"the mapping names the column '{header}' for {f}, but "
                                        f"the header row has no such column: {f} is not imported",
                                        f"did you mean '{close[0]}'?" if close else
                                        "check the header (and header_row: in the mapping file)",
                                        ERROR if f in REQUIRED else WARNING))
                continue
            claim(f, language if isinstance(value, dict) else None, i)
    ignored = {_fold(h) for h in mapping.ignore}
    for i, header in folded.items():
        if i in taken or header in ignored:
            continue
        found = recognise(headers[i], languages)
        if found and found[0] not in mapping.columns:
            claim(found[0], found[1], i)
        elif found:
            problems.append(Problem(name, number, i + 1, f"the column '{headers[i]}' is not imported: the mapping "
                                    f"reads the {found[0]} from another column", "list it under ignore: in the "
                                    "mapping file", WARNING))
        else:
            problems.append(Problem(name, number, i + 1, f"the column '{headers[i]}' is not imported: it is "
                                    "not a column ogrepo knows", "name it in the mapping file under columns: "
                                    "(the fields are " + ", ".join(FIELDS) + "), or list it under ignore:",
                                    WARNING))
    for f, at in columns.at.items():  # one column for the first language and one with no language: same text
        if None in at and FIELDS[f].text and languages[0] in at:
            problems.append(Problem(name, number, at[None] + 1, f"two columns give the {f} in {languages[0]}: "
                                    f"{column_letter(at[None])} and {column_letter(at[languages[0]])}",
                                    "say which is which in a mapping file (columns:)"))
    for f in REQUIRED:
        if f not in columns.at:
            problems.append(Problem(name, number, 0, f"no column gives the {f.replace('_', ' ')}",
                                    f"name a column '{FIELDS[f].header}', or map one in a mapping file "
                                    f"(columns: {{{f}: …}})"))
    if "activity_title" in columns.at and "activity_code" not in columns.at:
        problems.append(Problem(name, number, columns.at["activity_title"].get(None, 0) + 1,
                                "there are indicators but no column gives their codes",
                                f"add a column '{FIELDS['activity_code'].header}': the code names the indicator"))
    return columns, problems


# --- rows -> the tracker --------------------------------------------------------------------------

@dataclass
class Step:
    """A milestone or an activity as the tracker gives it."""

    code: str
    row: int  # where it first appears
    title: object = None  # a text
    lead: list | None = None  # texts
    deadline: object = None  # as the content writes it: 2024-03, {date: …, text: …}, {text: …}
    activities: dict[str, "Step"] = field(default_factory=dict)


@dataclass
class Report:
    """One period of one commitment: {step code: record}."""

    period: str
    row: int
    published: str | None = None
    items: dict[str, dict] = field(default_factory=dict)
    links: dict[str, list] = field(default_factory=dict)  # step code -> [(row, col, url or file name)]


@dataclass
class TrackedCommitment:
    code: str
    row: int
    title: object = None
    problem: object = None
    description: object = None
    values: list | None = None
    milestones: dict[str, Step] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)

    def leads(self) -> list:
        """Every lead its rows name, in order, once."""
        found: list = []
        for m in self.milestones.values():
            for step in (m, *m.activities.values()):
                for lead in step.lead or []:
                    if lead not in found:
                        found.append(lead)
        return found


@dataclass
class Tracker:
    name: str
    commitments: dict[str, TrackedCommitment] = field(default_factory=dict)
    rows: int = 0


class _Rows:
    """Reads every row of a sheet into a Tracker, collecting every problem with its row and column."""

    def __init__(self, name: str, columns: Columns, mapping: Mapping, languages: list[str], today: date):
        self.name, self.columns, self.mapping, self.languages, self.today = name, columns, mapping, languages, today
        self.problems: list[Problem] = []
        self.words = status_words(languages)
        self.codes = {_fold(k): v for k, v in mapping.statuses.items()}
        self.tracker = Tracker(name)
        self.seen: dict[tuple, int] = {}  # (commitment, step, period) -> row
        self.where_code: dict[str, tuple[str, str]] = {}  # folded activity code -> (commitment, milestone)

    def error(self, row: int, f: str | None, message: str, hint: str = "", severity: str = ERROR, language=None):
        col = self.col(f, language) if f else 0
        self.problems.append(Problem(self.name, row, col + 1 if col is not None else 0, message, hint, severity))

    def col(self, f: str, language=None) -> int | None:
        at = self.columns.at.get(f, {})
        if language in at:
            return at[language]
        return next(iter(at.values()), None)

    def cell(self, cells: list, f: str, language=None):
        i = self.columns.at.get(f, {}).get(language)
        return cells[i] if i is not None and i < len(cells) else None

    def text(self, row: int, cells: list, f: str):
        """A text from its columns: a string from one column, {language: string} from several."""
        found = {}
        for language in self.columns.at.get(f, {}):
            value = self.cell(cells, f, language)
            if value is None:
                continue
            if isinstance(value, date):
                value = value.isoformat()
            if _excel_error(value):
                self.error(row, f, f"the cell holds the spreadsheet error {value}", "correct the formula or the "
                           "value in the spreadsheet", language=language)
                continue
            found[language] = value
        if not found:
            return None
        if list(found) == [None]:
            return found[None]
        text = {(language or self.languages[0]): value for language, value in found.items()}
        order = {language: i for i, language in enumerate(self.languages)}  # the site's languages first, in order
        return dict(sorted(text.items(), key=lambda kv: order.get(kv[0], len(order))))

    def plain(self, row: int, cells: list, f: str):
        value = self.cell(cells, f)
        if value is not None and _excel_error(value):
            self.error(row, f, f"the cell holds the spreadsheet error {value}", "correct it in the spreadsheet")
            return None
        return value

    def read(self, rows: list[tuple[int, list]], progress=None) -> Tracker:
        for n, (row, cells) in enumerate(rows, start=1):
            self.row(row, cells)
            if progress and n % 500 == 0:
                progress(f"{self.name}: {n} of {len(rows)} rows read")
        self.tracker.rows = len(rows)
        return self.tracker

    def row(self, row: int, cells: list):
        code = self.plain(row, cells, "commitment_code")
        m_code = self.plain(row, cells, "milestone_code")
        a_code = self.plain(row, cells, "activity_code")
        if code is None:
            self.error(row, "commitment_code", "this row has no commitment code",
                       "give the commitment's code (e.g. C01), or delete the row")
            return
        c = self.commitment(row, cells, _code(code))
        if m_code is None:
            self.error(row, "milestone_code", "this row has no milestone code", "give the milestone's code (e.g. C01.1)")
            return
        m = self.step(row, cells, c.milestones, _code(m_code), "milestone")
        step = m
        if a_code is not None:
            step = self.activity(row, cells, c, m, _code(a_code))
            if step is None:
                return
        elif any(self.cell(cells, f, lang) is not None for f in ("activity_title",)
                 for lang in self.columns.at.get(f, {})):
            self.error(row, "activity_code", "this row names an indicator but gives no indicator code",
                       "give the indicator's code (e.g. C01.1.1)")
        self.details(row, cells, step)
        self.record(row, cells, c, step)

    def commitment(self, row: int, cells: list, code: str) -> TrackedCommitment:
        key = _code_key(code)
        c = self.tracker.commitments.get(key)
        if c is None:
            c = self.tracker.commitments[key] = TrackedCommitment(code, row)
        for attr, f in (("title", "commitment_title"), ("problem", "commitment_problem"),
                        ("description", "commitment_description")):
            self.once(row, c, attr, self.text(row, cells, f), f, f"the {attr} of commitment {code}")
        self.once(row, c, "values", self.values(row, cells), "values", f"the OGP values of commitment {code}")
        return c

    def values(self, row: int, cells: list) -> list | None:
        value = self.plain(row, cells, "values")
        if value is None:
            return None
        labels = {_fold(label): slug for slug, label in vocab.OGP_VALUES.items()} | {_fold(s): s for s in vocab.OGP_VALUES}
        out = []
        for part in re.split(r"[;\n,]", str(value)):
            if not part.strip():
                continue
            slug = labels.get(_fold(part)) or next((s for f, s in labels.items() if _fold(part) in f.split(" ")), None)
            if slug is None:
                self.error(row, "values", f"'{part.strip()}' is not an OGP value",
                           "write " + ", ".join(vocab.OGP_VALUES) + " (or their names), separated by ';'")
            elif slug not in out:
                out.append(slug)
        return out or None

    def step(self, row: int, cells: list, steps: dict, code: str, what: str) -> Step:
        key = _code_key(code)
        s = steps.get(key)
        if s is None:
            s = steps[key] = Step(code, row)
        self.once(row, s, "title", self.text(row, cells, f"{what}_title"), f"{what}_title",
                  f"the title of {what} {code}")
        return s

    def activity(self, row: int, cells: list, c: TrackedCommitment, m: Step, code: str) -> Step | None:
        key = _code_key(code)
        if key == _code_key(m.code):
            self.error(row, "activity_code", f"the indicator's code {code} is its milestone's",
                       "give the indicator its own code (e.g. C01.1.1 under C01.1)")
            return None
        where = (c.code, m.code)
        if self.where_code.setdefault(key, where) != where:
            first = self.where_code[key]
            self.error(row, "activity_code", f"the indicator {code} is under {first[1]} (commitment {first[0]}) in "
                       f"an earlier row, and under {m.code} (commitment {c.code}) here",
                       "an indicator belongs to one milestone: correct its code or its milestone's")
            return None
        return self.step(row, cells, m.activities, code, "activity")

    def details(self, row: int, cells: list, step: Step):
        self.once(row, step, "lead", self.leads(row, cells), "lead", f"the leads of {step.code}")
        self.once(row, step, "deadline", self.deadline(row, cells), "deadline", f"the deadline of {step.code}")

    def leads(self, row: int, cells: list) -> list | None:
        """The leads a cell names, separated by ';'. With a column per language, the n-th lead of each
        language is one organisation; a lead not named in a language leaves its place empty
        ('Ministère de la Santé; ' when the second lead has no French name)."""
        text = self.text(row, cells, "lead")
        if text is None:
            return None
        sep = self.mapping.separator
        if isinstance(text, str):
            return [p.strip() for p in text.split(sep) if p.strip()] or None
        parts = {language: [p.strip() for p in value.split(sep)] for language, value in text.items()}
        counts = {len(p) for p in parts.values()}
        if len(counts) > 1:
            self.error(row, "lead", "the languages name different numbers of leads: " +
                       ", ".join(f"{len(p)} in {language}" for language, p in parts.items()),
                       f"write the leads in the same order in every language, separated by '{sep}'; leave a "
                       f"lead's place empty in a language that has no name for it ('A{sep} ')")
            return None
        leads = []
        for i in range(counts.pop()):
            names = {language: p[i] for language, p in parts.items() if p[i]}
            if names:  # a lead named in the first language only is written once, as the content does
                leads.append(names[self.languages[0]] if list(names) == [self.languages[0]] else names)
        return leads or None

    def deadline(self, row: int, cells: list):
        """A deadline as the content writes it: a date when the cell is one, else the words with the date
        they name ({date: 2024-Q4, text: By fall 2024}), or the words alone ({text: Ongoing}). A date
        in square brackets after the words is the date they mean: 'By mid-2027 [2027-Q2]'."""
        text = self.text(row, cells, "deadline")
        if text is None:
            return None
        versions = [text] if isinstance(text, str) else list(text.values())
        if len(set(versions)) == 1 and dates.valid(versions[0]):
            return versions[0]
        words, named = {}, set()
        for language, version in (text.items() if isinstance(text, dict) else [(None, text)]):
            words[language], given = _bracketed(version)
            named.add(given or parse_deadline(words[language], self.mapping))
        named.discard(None)
        if len(named) > 1:
            self.error(row, "deadline", "the languages give different deadlines: " + ", ".join(sorted(named)),
                       "make them name the same date (or give it in square brackets: By mid-2027 [2027-Q2])")
            return None
        text = words[None] if None in words else words
        return {"date": named.pop(), "text": text} if named else {"text": text}

    def once(self, row: int, target, attr: str, value, f: str, what: str):
        """Fields repeated on every row of a commitment or a step: the first row that gives one sets it;
        a later row giving another is an error (one of them is a mistake)."""
        if value is None:
            return
        before = getattr(target, attr)
        if before is None:
            setattr(target, attr, value)
        elif not same_value(before, value, self.languages):
            old, new = _canonical(before, self.languages), _canonical(value, self.languages)
            langs = [k for k in new if isinstance(old, dict) and k in old and old[k] != new[k] and "text" not in new]
            if langs:  # a text: say which language differs, and only that
                language = langs[0]
                self.error(row, f, f"{what} ({language}) here ('{new[language]}') differs from an earlier row's "
                           f"('{old[language]}')", "make the rows agree: each row repeats the same value",
                           language=language if language in self.columns.at.get(f, {}) else None)
            else:
                self.error(row, f, f"{what} here ({_show(value)}) differs from an earlier row's ({_show(before)})",
                           "make the rows agree: each row repeats the same value")

    def record(self, row: int, cells: list, c: TrackedCommitment, step: Step):
        label = self.plain(row, cells, "period")
        record = {}
        status = self.plain(row, cells, "status")
        if status is not None:
            slug = self.codes.get(_fold(status)) or self.words.get(_fold(status))
            if slug is None:
                self.error(row, "status", f"'{status}' is not a status " + ("the mapping file gives" if self.codes
                           else "ogrepo knows"), self.status_hint(status))
            else:
                record["status"] = slug
        for f in ("progress", "challenges", "next_steps"):
            value = self.text(row, cells, f)
            if value is not None:
                record[f] = value
        links = self.evidence(row, cells)
        published = self.published(row, cells)
        if label is None:
            if record or links or published:
                self.error(row, "period", "this row reports a status or progress but gives no reporting period",
                           "give the period it reports on (e.g. 2024-Q1)")
            return
        period = parse_period(label, self.mapping)
        if period is None:
            self.error(row, "period", f"'{label}' is not a reporting period ogrepo reads",
                       "write it as 2024-Q1, Q1 2024, T1 2024, H1 2024, S1 2024, 2024-03 or March 2024; a tracker's own "
                       "periods (fiscal years) go in the mapping file: periods: {'FY2024-25 Q1': 2024-Q2}")
            return
        key = (_code_key(c.code), _code_key(step.code), period)
        if key in self.seen:
            self.error(row, "period", f"{step.code} is reported for {period} in row {self.seen[key]} already",
                       "one row per indicator and period: merge the two rows")
            return
        self.seen[key] = row
        report = c.reports.get(period)
        if report is None:
            report = c.reports[period] = Report(period, row)
        if published:
            if report.published and report.published != published:
                self.error(row, "published", f"the report of {c.code} for {period} is dated {report.published} in "
                           f"an earlier row, and {published} here", "a report has one date: make the rows agree")
            report.published = report.published or published
        report.items[_code_key(step.code)] = record
        if links:
            report.links[_code_key(step.code)] = links

    def status_hint(self, status) -> str:
        if self.mapping.statuses:
            return "the mapping's codes are " + ", ".join(f"{k} ({v})" for k, v in self.mapping.statuses.items())
        if re.fullmatch(r"\w{1,2}", str(status)):
            return ("say what each code means in the mapping file, e.g. statuses: {'1': not-started, '2': limited, "
                    "'3': substantial, '4': complete}")
        return "write one of " + ", ".join(vocab.MILESTONE_STATUSES) + ", or map the tracker's words in the mapping file"

    def evidence(self, row: int, cells: list) -> list:
        value = self.plain(row, cells, "evidence")
        if value is None:
            return []
        col = self.col("evidence")
        parts = [p for p in re.split(rf"\s*(?:{re.escape(self.mapping.separator)}|\n)\s*|\s+(?=https?://)", str(value))
                 if p.strip()]
        out = []
        for part in parts:
            if re.match(r"^[a-z][a-z0-9+.-]*://", part, re.I) and not re.match(schema.URL["pattern"], part):
                self.error(row, "evidence", f"'{part}' is not a web address ogrepo can link to",
                           "give an address starting with https:// or http://")
                continue
            out.append((row, col, part))
        return out

    def published(self, row: int, cells: list) -> str | None:
        value = self.plain(row, cells, "published")
        if value is None:
            return None
        day = value.isoformat() if isinstance(value, date) else parse_deadline(value, self.mapping)
        if not day or dates.parse(day).precision != dates.DAY:
            self.error(row, "published", f"'{value}' is not a day", "write the day the report was published: "
                       "2024-04-15 (or a date cell)")
            return None
        if day > self.today.isoformat():
            self.error(row, "published", f"the report is dated {day}, after today ({self.today})",
                       "date a report on or before the day it is published")
            return None
        return day


def _bracketed(written: str) -> tuple[str, str | None]:
    """'By mid-2027 [2027-Q2]' -> ('By mid-2027', '2027-Q2'): the date the words mean, when given."""
    found = re.fullmatch(r"(.*?)\s*\[\s*(\d{4}(?:-[0-9QH]{1,2}(?:-\d{2})?)?)\s*\]", written.strip(), re.S)
    if found and dates.valid(found.group(2)) and found.group(1):
        return found.group(1), found.group(2)
    return written, None


def _excel_error(value) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)", value))


def _show(value) -> str:
    if isinstance(value, dict) and "text" in value:
        value = value["text"]
    if isinstance(value, dict) and len(value) == 1:
        value = next(iter(value.values()))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value)
    return f"'{value}'"


def same_value(a, b, languages: list[str]) -> bool:
    """Two values as the content means them: a text written once is in the first language."""
    return _canonical(a, languages) == _canonical(b, languages)


def _canonical(value, languages: list[str]):
    """Texts as {language: text}, dates as their text, lists item by item."""
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return {languages[0]: str(value).strip()}
    if isinstance(value, dict):
        if set(value) <= {"date", "text"} and "text" in value:
            day = value.get("date")
            return {"date": day.isoformat() if isinstance(day, date) else day,
                    "text": _canonical(value["text"], languages)}
        return {str(k): str(v).strip() for k, v in value.items() if v not in (None, "")}
    if isinstance(value, list):
        return [_canonical(v, languages) for v in value]
    return value


def _translations_only(have, give) -> bool | None:
    """For two texts: True when `give` agrees with `have` and only adds languages, False when it
    only leaves languages out; None when they differ (or are not texts)."""
    if not (isinstance(have, dict) and isinstance(give, dict)) or "text" in have or "text" in give:
        return None
    if any(have[k] != give[k] for k in have.keys() & give.keys()) or not have.keys() & give.keys():
        return None
    return bool(give.keys() - have.keys())


def read_tracker(sheet: Sheet, mapping: Mapping, languages: list[str], today: date,
                 progress=None) -> tuple[Tracker | None, list[Problem]]:
    """Every row of a sheet, read into commitments, steps and reports; every problem found."""
    header = find_header(sheet, mapping, languages)
    if header is None:
        return None, [Problem(sheet.name, 0, 0, "the spreadsheet is empty", "give the tracker's file")]
    number, headers = header
    columns, problems = resolve_columns(sheet.name, number, headers, mapping, languages)
    if any(p.severity == ERROR for p in problems):
        return None, problems
    rows = _Rows(sheet.name, columns, mapping, languages, today)
    tracker = rows.read([(n, cells) for n, cells in sheet.rows if n > number], progress)
    return tracker, problems + rows.problems


# --- the tracker into the content ---------------------------------------------------------------------

@dataclass
class Content:
    """What the import needs of the repository (read by the caller), and what it changes."""

    plan_id: str
    plan: dict  # plan.yml, as data
    languages: list[str]
    commitments: dict[str, object]  # commitment id -> its file as ruamel.yaml's round-trip data (edited in place)
    evidence_docs: dict[str, object] = field(default_factory=dict)  # commitment id -> its evidence.yml (round trip)
    evidence_files: dict[str, set[str]] = field(default_factory=dict)  # commitment id -> its evidence files' names
    unreadable: dict[str, str] = field(default_factory=dict)  # commitment id -> why its file can't be read
    source: str = ""  # the tracker's file name, said in the files it writes
    today: date | None = None


@dataclass
class Outcome:
    changed: set[str] = field(default_factory=set)  # commitment ids whose file changed
    new: set[str] = field(default_factory=set)  # commitment ids whose file is new
    evidence_changed: set[str] = field(default_factory=set)  # commitment ids whose evidence.yml changed
    problems: list[Problem] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # where the file's value was kept over the tracker's
    summary: list[str] = field(default_factory=list)  # a line per commitment
    todo: list[str] = field(default_factory=list)  # placeholders to replace by hand, by commitment id


def merge(tracker: Tracker, content: Content, mapping: Mapping, progress=None) -> Outcome:
    """Add the tracker to the content (see the module's docstring for the rules); `content` is edited."""
    out = Outcome()
    ids = _Ids(content)
    for tc in tracker.commitments.values():
        cid = ids.find(tc.code)
        if cid in content.unreadable:
            out.problems.append(Problem(tracker.name, tc.row, 1, f"commitment {tc.code} is "
                                        f"{content.plan_id}/{cid}, whose file cannot be read: {content.unreadable[cid]}",
                                        "run `ogrepo check`, correct the file, and import again"))
            continue
        _Merge(tracker, tc, content, mapping, out, ids, cid).run()
        if progress:
            progress(out.summary[-1])
    return out


class _Ids:
    """The commitments of the plan by id, code and aliases; ids for new ones."""

    def __init__(self, content: Content):
        self.content = content
        self.taken = set(content.commitments) | set(content.unreadable)
        self.numbers = {d.get("number") for d in content.commitments.values() if isinstance(d, dict)}

    def find(self, code: str) -> str | None:
        for exact in (True, False):
            for cid, data in self.content.commitments.items():
                names = [cid, *_names(data)]
                if any((n == code) if exact else same_code(n, code) for n in names):
                    return cid
        return next((cid for cid in self.content.unreadable if same_code(cid, code)), None)

    def new(self, tc: TrackedCommitment) -> str:
        base = slug(pick(tc.title, self.content.languages)) or slug(tc.code) or "commitment"
        cid, n = base, 2
        if cid in self.taken or cid == "index":
            cid = f"{base}-{slug(tc.code)}"
        while cid in self.taken or cid == "index":
            cid, n = f"{base}-{n}", n + 1
        self.taken.add(cid)
        return cid


def _names(data) -> list[str]:
    if not isinstance(data, dict):
        return []
    aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
    return [str(n) for n in (data.get("id"), data.get("code"), *aliases) if n is not None]


def slug(text: str, length: int = 60) -> str:
    """An id from a title: ASCII letters, digits and dashes, cut at a word."""
    folded = _fold(text or "").replace(" ", "-")
    if len(folded) > length:
        folded = folded[:length].rsplit("-", 1)[0]
    return folded.strip("-")


def step_id(code: str) -> str:
    """An id for a milestone or activity from its code: C01.1.1 -> 1.1.1 (the code stays as its code)."""
    numbers = re.findall(r"\d+", code)
    if numbers and re.fullmatch(r"[A-Za-z]*[\s.-]*\d+(?:[.\-]\d+)*", code.strip()):
        return ".".join(str(int(n)) for n in numbers)
    return slug(code) or "1"


class _Merge:
    """One commitment of the tracker into its file: new, or added to."""

    def __init__(self, tracker: Tracker, tc: TrackedCommitment, content: Content, mapping: Mapping,
                 out: Outcome, ids: _Ids, cid: str | None):
        self.tracker, self.tc, self.content, self.mapping, self.out, self.ids = tracker, tc, content, mapping, out, ids
        self.languages = content.languages
        self.is_new = cid is None
        self.cid = cid or ids.new(tc)
        self.doc = content.commitments.get(self.cid)
        self.added: list[str] = []

    def run(self):
        before = None
        if self.is_new:
            self.doc = self.content.commitments[self.cid] = self.new_commitment()
        else:
            before = _snapshot(self.doc)
            self.fill(self.doc, "title", self.tc.title, f"the title of commitment {self.tc.code}")
        for m in self.tc.milestones.values():
            self.milestone(m)
        periods = self.reports()
        if self.is_new:
            self.out.new.add(self.cid)
        elif _snapshot(self.doc) != before or self.added:
            self.out.changed.add(self.cid)
        state = "new" if self.is_new else ("updated" if self.cid in self.out.changed else "unchanged")
        shown = f"{len(periods)} new period(s) ({', '.join(periods)})" if periods else "no new period"
        self.out.summary.append(f"{self.tc.code} -> {self.content.plan_id}/{self.cid}: {state}, {shown}")

    # --- a new commitment file ---

    def new_commitment(self):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        tc, plan = self.tc, self.content.plan
        doc = CommentedMap()
        doc["format"] = schema.FORMAT
        number = _number(tc.code)
        if number is not None and number not in self.ids.numbers:
            doc["number"] = number
            self.ids.numbers.add(number)
        doc["code"] = tc.code
        doc["title"] = _yaml_text(tc.title or tc.code)
        doc["start"] = _yaml_date(plan.get("start"))
        doc.yaml_add_eol_comment("the plan's dates: the tracker gives none", "start")
        doc["end"] = _yaml_date(plan.get("end"))
        leads = tc.leads()
        doc["lead_agencies"] = CommentedSeq([CommentedMap([("organisation", _yaml_text(lead))]) for lead in leads] or
                                            [CommentedMap([("organisation", f"{TODO}: the lead agency")])])
        if leads:
            doc.yaml_add_eol_comment("every lead its rows name", "lead_agencies")
        todo = [] if leads else ["lead_agencies"]
        doc["problem"] = _yaml_text(tc.problem) if tc.problem else f"{TODO}: the public problem the commitment addresses"
        doc["description"] = _yaml_text(tc.description) if tc.description else \
            f"{TODO}: what the commitment does: the action, its results and objective"
        doc["values"] = _flow(tc.values or [next(iter(vocab.OGP_VALUES))])
        if not tc.values:
            doc.yaml_add_eol_comment(f"{TODO}: keep those that apply: " + ", ".join(vocab.OGP_VALUES), "values")
        todo += [k for k, v in (("problem", tc.problem), ("description", tc.description), ("values", tc.values)) if not v]
        doc["milestones"] = CommentedSeq()
        doc["updates"] = CommentedSeq()
        when = f" on {self.content.today.isoformat()}" if self.content.today else ""
        doc.yaml_set_start_comment(
            f"Commitment {tc.code} of action plan {self.content.plan_id}, imported from {self.content.source}{when} by "
            "`ogrepo import`.\n" + (f"Write every text that starts with {TODO}: the tracker does not give it.\n"
                                    if todo else "") +
            "Importing a newer tracker adds its new periods here and keeps whatever you write.")
        if todo:
            self.out.todo.append(f"{self.cid}: " + ", ".join(todo))
        return doc

    # --- milestones and activities ---

    def milestone(self, m: Step):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        milestones = self.doc.setdefault("milestones", CommentedSeq())
        found = _find_step(milestones, m.code)
        if found is None:
            found = CommentedMap()
            found["id"] = self.free_id(step_id(m.code), m.code)
            if found["id"] != m.code:
                found["code"] = m.code
            found["title"] = _yaml_text(m.title or m.code)
            milestones.append(found)
            self.added.append(m.code)
            self.set_end(found, m)
            if m.lead:
                found["responsible"] = _yaml_leads(m.lead)
        else:
            self.fill(found, "title", m.title, f"the title of {m.code}")
            self.fill(found, "responsible", _plain_leads(m.lead), f"the leads of {m.code}")
            if m.deadline is not None:
                self.fill(found, "end", m.deadline, f"the deadline of {m.code}")
        for a in m.activities.values():
            self.activity(found, a)

    def activity(self, milestone, a: Step):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        found = None
        for other in self.doc.get("milestones") or []:  # an activity may have been moved by hand: found anywhere
            found = found or _find_step(other.get("activities") or [], a.code)
        if found is None:
            found = CommentedMap()
            found["id"] = self.free_id(step_id(a.code), a.code)
            if found["id"] != a.code:
                found["code"] = a.code
            found["title"] = _yaml_text(a.title or a.code)
            if a.deadline is not None:
                found["due"] = _yaml_date(a.deadline)
            if a.lead:
                found["lead"] = _yaml_leads(a.lead)
            milestone.setdefault("activities", CommentedSeq()).append(found)
            self.added.append(a.code)
        else:
            self.fill(found, "title", a.title, f"the title of {a.code}")
            self.fill(found, "due", a.deadline, f"the deadline of {a.code}")
            self.fill(found, "lead", _plain_leads(a.lead), f"the leads of {a.code}")

    def set_end(self, found, m: Step):
        """A new milestone's end: its deadline, else the latest deadline of its indicators, else the
        commitment's end (a milestone must have one)."""
        if m.deadline is not None:
            found["end"] = _yaml_date(m.deadline)
            return
        dated = [a.deadline for a in m.activities.values() if a.deadline is not None and dates.parse(a.deadline).end]
        worded = [a.deadline for a in m.activities.values() if a.deadline is not None]
        if dated:
            found["end"] = _yaml_date(max(dated, key=lambda d: dates.parse(d).end))
            found.yaml_add_eol_comment("the latest deadline of its indicators", "end")
        elif worded:
            found["end"] = _yaml_date(worded[0])
            found.yaml_add_eol_comment("its indicators' deadline", "end")
        else:
            found["end"] = _yaml_date(_plain(self.doc.get("end")))
            found.yaml_add_eol_comment("the commitment's end: the tracker gives no deadline", "end")

    def free_id(self, wanted: str, code: str) -> str:
        taken = {n for m in self.doc.get("milestones") or [] for s in (m, *(m.get("activities") or []))
                 for n in _names(s)}
        for candidate in (wanted, code, slug(code)):
            if candidate and re.match(schema.ID_PATTERN, candidate) and candidate not in taken:
                return candidate
        n = 2
        while f"{wanted}-{n}" in taken:
            n += 1
        return f"{wanted}-{n}"

    # --- reports ---

    def reports(self) -> list[str]:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if not self.tc.reports and "updates" not in self.doc:
            return []  # nothing reported: a file without updates keeps none, rather than `updates: []`
        updates = self.doc.setdefault("updates", CommentedSeq())
        self.steps = _steps_by_code(self.doc)  # every step of the tracker is in the file by now
        new_periods = []
        for period in sorted(self.tc.reports, key=lambda p: dates.parse(p).sort_key):
            report = self.tc.reports[period]
            found = next((u for u in updates if isinstance(u, dict) and str(u.get("period")) == period), None)
            if found is None:
                found = CommentedMap([("period", period)])
                if report.published:
                    found["date"] = _yaml_date(report.published)
                found["items"] = CommentedMap()
                updates.append(found)
                new_periods.append(period)
            elif report.published:
                self.fill(found, "date", report.published, f"the date of the report for {period}")
            for key, record in report.items.items():
                self.record(found, period, key, record, report.links.get(key, []))
        return new_periods

    def record(self, update, period: str, key: str, record: dict, links: list):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        step = self.steps[key]
        name = str(step.get("code") or step.get("id"))
        refs = self.evidence(links, name, period)
        if refs:
            record = {**record, "evidence": refs}
        items = update.get("items")
        existing = None
        if isinstance(items, dict):
            existing = next((items[k] for k in items if str(k) in _names(step)), None)
        milestones = update.get("milestones") if isinstance(update.get("milestones"), dict) else {}
        if existing is None and str(step.get("id")) in {str(k) for k in milestones}:  # said as a status change
            said = next(v for k, v in milestones.items() if str(k) == str(step.get("id")))
            if record.get("status") not in (None, said):
                self.out.kept.append(f"{name} in {period}: the file says '{said}', the tracker '{record['status']}'")
            record = {k: v for k, v in record.items() if k != "status"}
            if not record:
                return
        if existing is None:
            if not isinstance(items, dict):
                items = update["items"] = CommentedMap()
            entry = CommentedMap()
            for k in RECORD_FIELDS:
                if k in record:
                    entry[k] = _flow(record[k]) if k == "evidence" else _yaml_text(record[k]) \
                        if k != "status" else record[k]
            items[name] = entry
            return
        for k in RECORD_FIELDS:
            if k in record:
                self.fill(existing, k, record[k], f"the {k.replace('_', ' ')} of {name} in {period}")

    def evidence(self, links: list, name: str, period: str) -> list[str]:
        """The evidence a row cites, as the record cites it: a web address becomes a link of the
        commitment's evidence.yml (one per address), a file name must be a file of its folder."""
        refs = []
        folder = f"evidence/{self.content.plan_id}/{self.cid}/"
        files = self.content.evidence_files.get(self.cid, set())
        for row, col, ref in links:
            if not re.match(r"^https?://", ref):
                if ref not in files:
                    close = difflib.get_close_matches(ref, sorted(files), n=1)
                    self.out.problems.append(Problem(self.tracker.name, row, (col or 0) + 1,
                                                     f"there is no evidence file '{ref}' in {folder}",
                                                     f"did you mean '{close[0]}'?" if close else
                                                     f"put the file in {folder} first, or give its web address"))
                    continue
                refs.append(ref)
            else:
                refs.append(self.link(ref, name, period, files))
        return list(dict.fromkeys(refs))

    def link(self, url: str, name: str, period: str, files: set[str]) -> str:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        doc = self.content.evidence_docs.get(self.cid)
        if doc is None:
            doc = self.content.evidence_docs[self.cid] = CommentedMap([("format", schema.FORMAT)])
        links = doc.setdefault("links", CommentedSeq())
        for link in links:
            if isinstance(link, dict) and link.get("url") == url and link.get("id"):
                return str(link["id"])
        taken = {str(link.get("id")) for link in links if isinstance(link, dict)} | files
        base = slug(f"{name}-{period}", 80) or "link"
        link_id, n = base, 2
        while link_id in taken:
            link_id, n = f"{base}-{n}", n + 1
        links.append(CommentedMap([("id", link_id), ("title", f"{name}, {period}"), ("url", url),
                                   ("kind", self.mapping.evidence_kind), ("milestone", name)]))
        self.out.evidence_changed.add(self.cid)
        return link_id

    # --- values already in the file ---

    def fill(self, target, key: str, value, what: str):
        """Give the file the tracker's value where it has none, and translations it lacks; keep the
        file's value where the two differ, and say so."""
        if value is None:
            return
        current = target.get(key)
        if current is None:
            target[key] = _yaml_value(key, value)
            return
        if same_value(current, value, self.languages):
            return
        have, give = _canonical(_plain(current), self.languages), _canonical(value, self.languages)
        if isinstance(give, dict) and give.get("date") is None and "text" in give and \
                isinstance(have, dict) and have.get("text") == give["text"]:
            return  # the same words: the file also says which date they mean
        adds = _translations_only(have, give)
        if adds:
            target[key] = _yaml_text({**have, **{k: v for k, v in give.items() if k not in have}})
        elif adds is None:
            self.out.kept.append(_difference(what, have, give))


def _difference(what: str, have, give) -> str:
    """Where the file and the tracker differ: for texts, only the languages that differ."""
    if isinstance(have, dict) and isinstance(give, dict) and "text" not in have and "text" not in give:
        langs = [k for k in give if k in have and have[k] != give[k]]
        if langs:
            return "; ".join(f"{what} ({k}): the file says '{have[k]}', the tracker '{give[k]}'" for k in langs)
    return f"{what}: the file says {_show(have)}, the tracker {_show(give)}"


def _snapshot(doc) -> str:
    return json.dumps(_plain(doc), sort_keys=True, default=str)


def _number(code: str) -> int | None:
    found = re.findall(r"\d+", code)
    return int(found[0]) if len(found) == 1 else None


def _find_step(steps, code: str):
    for exact in (True, False):
        for s in steps or []:
            if isinstance(s, dict) and any((n == code) if exact else same_code(n, code) for n in _names(s)):
                return s
    return None


def _steps_by_code(doc) -> dict:
    """The milestones and activities of a file by every name, folded (C01.1.01 and C1.1.1 alike)."""
    found = {}
    for m in doc.get("milestones") or []:
        for s in (m, *(m.get("activities") or [])):
            for n in _names(s):
                found.setdefault(_code_key(n), s)
    return found


def _plain(value):
    """ruamel.yaml's round-trip data as plain data: dates as the text they were written as."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _plain_leads(leads: list | None):
    if not leads:
        return None
    return leads[0] if len(leads) == 1 else list(leads)


def _yaml_value(key: str, value):
    if key in ("end", "due"):
        return _yaml_date(value)
    if key in ("responsible", "lead"):
        return _yaml_leads(value if isinstance(value, list) else [value])
    if key == "evidence":
        return _flow(value)
    if key == "date":
        return _yaml_date(value)
    if key == "status":
        return value
    return _yaml_text(value)


def _yaml_text(value):
    """A text as YAML writes it: a string (a block |- when it has several lines), or {language: string}."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return CommentedMap([(k, _yaml_text(v)) for k, v in value.items()])
    value = str(value)
    return LiteralScalarString(value) if "\n" in value else value


def _yaml_date(value):
    """A date as the content writes it; a day unquoted, as people write it (the build reads it as text)."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, dict):
        out = CommentedMap()
        if value.get("date"):
            out["date"] = _yaml_date(value["date"])
        if value.get("text"):
            out["text"] = _yaml_text(value["text"])
        return out
    if isinstance(value, str) and dates.parse(value).precision == dates.DAY:
        return date.fromisoformat(value)
    return value


def _flow(values: list):
    """A short list on one line: [a, b]."""
    from ruamel.yaml.comments import CommentedSeq

    out = CommentedSeq(values)
    out.fa.set_flow_style()
    return out


def _yaml_leads(leads: list):
    from ruamel.yaml.comments import CommentedSeq

    if len(leads) == 1:
        return _yaml_text(leads[0])
    return CommentedSeq([_yaml_text(lead) for lead in leads])


# --- the content out as a tracker -----------------------------------------------------------------

@dataclass
class Layout:
    """The columns export writes: (field, language or None, header), in order."""

    columns: list[tuple[str, str | None, str]]


def layout(mapping: Mapping, languages: list[str]) -> Layout:
    """The mapping's columns in its order, else the common ones (a column per language for texts)."""
    cols = []
    if mapping.columns:
        for f, value in mapping.columns.items():
            for language, header in (value.items() if isinstance(value, dict) else [(None, value)]):
                cols.append((f, language, header))
        return Layout(cols)
    for f in FIELDS.values():
        if not f.exported:
            continue
        if f.text and len(languages) > 1:
            cols += [(f.name, language, f"{f.header} ({language.upper()})") for language in languages]
        else:
            cols.append((f.name, None, f.header))
    return Layout(cols)


def export_rows(commitments: list[tuple[str, dict]], links: dict[str, dict[str, str]], mapping: Mapping,
                languages: list[str]) -> tuple[list[str], list[list]]:
    """The plan's commitments (id, data: plain, in the plan's order) as a tracker: a row per activity (or
    milestone without activities) and reporting period, oldest period first; a step no report names
    yet gets a row without a period, at the top. `links`: commitment id -> {link id: url}."""
    lay = layout(mapping, languages)
    out = _Writer(mapping, languages)
    rows: list[tuple[tuple, int, list]] = []
    for cid, data in commitments:
        for step_row in _step_rows(cid, data):
            records = _records(data, step_row["step"])
            if not records:
                rows.append(((date.min, date.min), len(rows), out.row(lay, step_row, None, links.get(cid, {}))))
            for period, published, record in records:
                key = dates.parse(period).sort_key
                rows.append((key, len(rows), out.row(lay, {**step_row, "period": period, "published": published,
                                                           "record": record}, True, links.get(cid, {}))))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [h for _, _, h in lay.columns], [r for _, _, r in rows]


def _step_rows(cid: str, data: dict):
    for m in data.get("milestones") or []:
        if not isinstance(m, dict):
            continue
        activities = [a for a in m.get("activities") or [] if isinstance(a, dict)]
        for a in activities or [None]:
            yield {"commitment": data, "cid": cid, "milestone": m, "activity": a, "step": a or m}


def _records(data: dict, step: dict) -> list[tuple[str, str | None, dict]]:
    """What each tracker report (an update with a period label) says of a step, oldest first."""
    names = _names(step)
    found = []
    for u in data.get("updates") or []:
        if not isinstance(u, dict) or not isinstance(u.get("period"), str):
            continue
        items = u.get("items") if isinstance(u.get("items"), dict) else {}
        record = next((r for k, r in items.items() if str(k) in names and isinstance(r, dict)), None)
        said = next((s for k, s in (u.get("milestones") or {}).items() if str(k) == str(step.get("id"))), None)
        if record is None and said is not None:
            record = {"status": said}
        if record is not None:
            found.append((u["period"], u.get("date"), record))
    return sorted(found, key=lambda r: dates.parse(r[0]).sort_key)


class _Writer:
    def __init__(self, mapping: Mapping, languages: list[str]):
        self.mapping, self.languages = mapping, languages
        self.codes: dict[str, str] = {}
        for code, status in mapping.statuses.items():
            self.codes.setdefault(status, code)

    def row(self, lay: Layout, r: dict, reported, links: dict[str, str]) -> list:
        return [self.cell(f, language, r, links) for f, language, _ in lay.columns]

    def cell(self, f: str, language, r: dict, links: dict[str, str]):
        c, m, a, step = r["commitment"], r["milestone"], r["activity"], r["step"]
        record = r.get("record") or {}
        value = {
            "commitment_code": c.get("code") or r["cid"],
            "commitment_title": c.get("title"),
            "commitment_problem": c.get("problem"),
            "commitment_description": c.get("description"),
            "values": "; ".join(c.get("values") or []) or None,
            "milestone_code": m.get("code") or m.get("id"),
            "milestone_title": m.get("title"),
            "activity_code": (a.get("code") or a.get("id")) if a else None,
            "activity_title": a.get("title") if a else None,
            "lead": step.get("lead") if a else step.get("responsible"),
            "deadline": step.get("due") if a else step.get("end"),
            "period": self.period(r["period"]) if r.get("period") else None,
            "published": r.get("published"),
            "status": self.status(record.get("status")),
            "progress": record.get("progress"),
            "challenges": record.get("challenges"),
            "next_steps": record.get("next_steps"),
            "evidence": f"{self.mapping.separator} ".join(links.get(ref, ref) for ref in record.get("evidence") or [])
            or None,
        }[f]
        if f == "lead":
            return self.leads(value, language)
        if f == "deadline":
            return self.deadline(value, language)
        if f == "published":
            return date.fromisoformat(value) if value else None
        return self.text(value, language) if FIELDS[f].text else value

    def text(self, value, language):
        if value is None:
            return None
        if isinstance(value, dict):
            return (value.get(language) if language else pick(value, self.languages)) or None
        if language in (None, self.languages[0]):
            return value
        return None

    def leads(self, value, language):
        """One cell; with a column per language, a lead with no name in this one keeps its place, empty."""
        values = value if isinstance(value, list) else [value] if value else []
        texts = [self.text(v, language) or "" for v in values]
        if language is None or not any(texts):
            texts = [t for t in texts if t]
        return f"{self.mapping.separator} ".join(texts).strip() or None

    def deadline(self, value, language):
        if value is None:
            return None
        if isinstance(value, dict):  # the words, and the date they mean when they do not say it themselves
            words = self.text(value.get("text"), language)
            day = value.get("date")
            if words and day and parse_deadline(words, self.mapping) != str(day):
                words = f"{words} [{day}]"
            return words
        if dates.parse(value).precision == dates.DAY:
            return date.fromisoformat(value)  # a date cell in a workbook, 2024-03-31 in a CSV file
        return value

    def status(self, slug: str | None):
        if slug is None:
            return None
        return self.codes.get(slug) or status_label(slug, self.languages[0])

    def period(self, label: str) -> str:
        for written, period in self.mapping.periods.items():
            if period == label:
                return written
        pattern = self.mapping.period_format.get(dates.parse(label).precision or "")
        return (_format_period(pattern, label) if pattern else None) or label


def _format_period(pattern: str, label: str) -> str | None:
    when = dates.parse(label)
    if not when.start:
        return None
    try:
        return pattern.format(year=when.start.year, month=when.start.month, day=when.start.day,
                              quarter=(when.start.month - 1) // 3 + 1, half=1 if when.start.month <= 6 else 2)
    except (KeyError, IndexError, ValueError):
        return None
