"""The JSON Schemas (2020-12) of every kind of content file and of the published repository.json.

They are built here from shared pieces and the repository's vocabularies (OGP's, plus what a member
adds in mkdocs.yml), published with the site under `data/schemas/<format>/`, and used by `validate`
to check content with `file:line:col` messages. The same schemas give editors completion.

Format 2 (this one) holds what real plans publish: dates as precise as the source, several lead
organisations, activities under milestones, a status history by reporting period, the IRM's
assessment. Files written for format 1 (no `format:` key) are still read: the few fields that
changed are accepted and read as their format-2 equivalent; `ogrepo migrate` rewrites them.
"""

from __future__ import annotations

from . import dates, vocab

FORMAT = 2
DIALECT = "https://json-schema.org/draft/2020-12/schema"
LANGUAGE_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

TEXT = {
    "description": "Text: a plain string, or a map of language codes to strings ({en: ..., fr: ...}).",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": LANGUAGE_CODE},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ],
}


def text(description: str) -> dict:
    """A text field, described for authors (in error hints and in editors)."""
    return {**TEXT, "description": description + " A plain string, or one string per language: {en: …, fr: …}."}


DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A day, YYYY-MM-DD."}
_PARTIAL = [
    {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$"},
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
]
DATE_FORMS = ("a day 2025-03-31, a month 2025-03, a quarter 2025-Q1, a half-year 2025-H1 or a year 2025; "
              "to keep the source's words, {date: 2022-Q4, text: By fall 2022}, or {text: …} alone when the "
              "source gives no date")


def date_field(description: str) -> dict:
    """A date as precise as the source, with its words when it gives them."""
    return {
        "title": "date",
        "description": f"{description} Written as {DATE_FORMS}.",
        "anyOf": [*_PARTIAL, {"type": "object", "properties": {"date": {"anyOf": _PARTIAL}, "text": TEXT},
                              "required": ["text"], "additionalProperties": False}],
    }


DATE = date_field("A date.")
ID = {"type": "string", "pattern": ID_PATTERN, "description": "An identifier: letters, digits, '.', '_' and '-'."}
CODE = {"type": "string", "minLength": 1, "maxLength": 40,
        "description": "The code shown for it, as the plan writes it (e.g. C01.1.1)."}
ALIASES = {"type": "array", "items": CODE, "uniqueItems": True,
           "description": "Other ways the code is written (C05.2.01 and C05.2.1): trackers are matched on any."}
URL = {"type": "string", "pattern": r"^https?://\S+$", "description": "A web address starting with https:// or http://."}
EMAIL = {"type": "string", "format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
EVIDENCE_REFS = {
    "type": "array",
    "description": "Evidence: file names in this item's evidence folder, or ids of links listed in its evidence.yml.",
    "items": {"type": "string", "minLength": 1},
    "uniqueItems": True,
}
FORMAT_FIELD = {"const": FORMAT, "description": f"The version of the content format this file is written for ({FORMAT})."}


def enum(vocabulary: dict[str, str], description: str) -> dict:
    return {"enum": list(vocabulary), "description": description}


def obj(properties: dict, required: tuple = (), description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


def one_or_list(item: dict, description: str) -> dict:
    return {"description": description, "anyOf": [item, array(item, minItems=1)]}


CONTACT = obj(
    {
        "name": text("The person's name."),
        "title": TEXT,
        "department": TEXT,
        "organisation": TEXT,
        "email": EMAIL,
        "phone": {"type": "string", "minLength": 3},
        "role": TEXT,
    },
    required=("name",),
    description="A person to contact.",
)

ORGANISATION = obj(
    {
        "organisation": text("The organisation's name."),
        "code": {"type": "string", "minLength": 1, "description": "Its code or acronym in the plan, e.g. MoF."},
        "branch": TEXT,
        "contact": CONTACT,
        "role": TEXT,
    },
    required=("organisation",),
    description="An organisation responsible for the work, and who to contact there.",
)

RESPONSIBLE = {
    "description": "Who is responsible: an organisation's name, or a list of them.",
    "anyOf": [TEXT, array(TEXT, minItems=1)],
}


def schemas(v: vocab.Vocabularies) -> dict[str, dict]:
    """The schema of each kind of content file, for these vocabularies."""
    return _schemas(v.key(), v)


_CACHE: dict[str, dict] = {}


def _schemas(key: str, v: vocab.Vocabularies) -> dict[str, dict]:
    if key not in _CACHE:
        _CACHE[key] = _build(v)
    return _CACHE[key]


def _build(v: vocab.Vocabularies) -> dict[str, dict]:
    member = obj(
        {
            "format": FORMAT_FIELD,
            "name": TEXT,
            "level": enum(vocab.LEVELS, "national, local or joint-local (OGP Local)."),
            "languages": array({"type": "string", "pattern": LANGUAGE_CODE}, minItems=1, uniqueItems=True,
                               description="Official languages, first one shown first; e.g. [en, si, ta]."),
            "ogp_url": URL,
            "lead_agency": TEXT,
            "contacts": array(CONTACT, minItems=1, description="The point(s) of contact."),
            "forum": obj({"name": TEXT, "description": TEXT, "url": URL}, required=("name",)),
            "feedback": obj({"email": EMAIL, "url": URL}, description="How the public comments on progress."),
            "introduction": TEXT,
        },
        required=("name", "level", "languages", "lead_agency", "contacts"),
        description="content/member.yml: the OGP member that keeps this repository.",
    )
    plan = obj(
        {
            "format": FORMAT_FIELD,
            "title": text("The plan's title."),
            "start": date_field("When the plan starts (OGP's dates)."),
            "end": date_field("When the plan ends (OGP's dates)."),
            "local_end": date_field("When the plan ends locally, if that differs from OGP's end (OGP Local)."),
            "period_as_submitted": text("The plan's period in the words of the plan as submitted."),
            "phase": enum(vocab.PLAN_PHASES, "co-creation, implementation or ended."),
            "introduction": TEXT,
            "efforts_to_date": TEXT,
            "development": TEXT,
            "documents": array(obj({"title": TEXT, "evidence": {"type": "string", "minLength": 1}},
                                   required=("title", "evidence")),
                               description="Plan documents: files in evidence/<plan>/process/ or link ids."),
            "strategic_vision": TEXT,
            "monitoring_body": obj({"name": TEXT, "description": TEXT, "url": URL}, required=("name",)),
            "endorsements": array(obj({"organisation": TEXT, "name": TEXT, "date": DATE},
                                      required=("organisation",))),
        },
        required=("title", "start", "end", "phase"),
        description="content/plans/<plan>/plan.yml: one action plan.",
    )
    participants = obj(
        {**{k: {"type": "integer", "minimum": 0} for k in vocab.PARTICIPANT_GROUPS},
         "affiliations": array(TEXT)},
        description="Participants as counts per group and/or a list of affiliations.",
    )
    process = obj(
        {
            "format": FORMAT_FIELD,
            "decision_making": TEXT,
            "stages": array(obj({"title": TEXT, "start": DATE, "end": DATE, "description": TEXT,
                                 "commitment": {**ID, "description": "The commitment this stage concerns, if one."}},
                                required=("title", "start"))),
            "meetings": array(obj(
                {
                    "id": ID,
                    "date": date_field("When it took place (a month when the day is not known)."),
                    "kind": enum(v.meeting_kinds, "The kind of meeting or consultation."),
                    "title": TEXT,
                    "description": TEXT,
                    "location": TEXT,
                    "participants": participants,
                    "evidence": EVIDENCE_REFS,
                    "commitment": {**ID, "description": "The commitment this meeting concerns, if one."},
                },
                required=("id", "date", "kind", "title"),
            )),
            "contributions": array(obj(
                {
                    "id": ID,
                    "date": DATE,
                    "from": TEXT,
                    "summary": TEXT,
                    "response": enum(vocab.CONTRIBUTION_RESPONSES, "included, amended or not-included."),
                    "reason": TEXT,
                    "commitment": ID,
                    "evidence": EVIDENCE_REFS,
                },
                required=("id", "from", "summary", "response", "reason"),
            )),
            "irm_recommendations": array(obj(
                {"recommendation": TEXT, "response": TEXT, "commitments": array(ID)},
                required=("recommendation", "response"),
            )),
        },
        description="content/plans/<plan>/process.yml: how the plan was co-created.",
    )
    status = enum(vocab.MILESTONE_STATUSES, "A status: " + ", ".join(vocab.MILESTONE_STATUSES) + ".")
    activity = obj(
        {
            "id": ID,
            "code": CODE,
            "aliases": ALIASES,
            "title": text("What will be done or measured: the activity or indicator."),
            "start": date_field("When it starts."),
            "due": date_field("When it is due."),
            "lead": RESPONSIBLE,
            "status": {**status, "description": "Its status, if no report gives one."},
        },
        required=("id", "title"),
        description="An activity or indicator under a milestone.",
    )
    milestone = obj(
        {
            "id": ID,
            "code": CODE,
            "aliases": ALIASES,
            "title": text("The milestone: a verifiable output."),
            "start": date_field("When it starts (leave out when the plan does not say)."),
            "end": date_field("When it is due."),
            "responsible": RESPONSIBLE,
            "contact": CONTACT,
            "status": {**status, "description": "Its status, if no report gives one."},
            "activities": array(activity, description="Activities or indicators of this milestone."),
        },
        required=("id", "title", "end"),
        description="A milestone: a verifiable output with planned dates.",
    )
    record = obj(
        {
            "status": status,
            "progress": TEXT,
            "challenges": TEXT,
            "next_steps": TEXT,
            "evidence": EVIDENCE_REFS,
        },
        description="What a report says of one milestone or activity in its period.",
    )
    update = obj(
        {
            "date": {**DAY, "description": "The day it was published (leave out for a tracker period when "
                                           "unknown: the site then dates it from git)."},
            "period": {
                "description": "The reporting period: a label (2024-Q1, 2024-H2, 2024-05) that identifies the "
                               "report, or {start: …, end: …}.",
                "anyOf": [*_PARTIAL, obj({"start": DAY, "end": DAY}, required=("start", "end"))],
            },
            "progress": TEXT,
            "delays": text("Reasons for delays."),
            "challenges": text("Challenges met."),
            "next_steps": TEXT,
            "milestones": {
                "type": "object",
                "description": "Milestone status changes in this period: {milestone id: status}.",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": status,
            },
            "items": {
                "type": "object",
                "description": "What the report says of each milestone or activity: {id or code: {status, progress, "
                               "challenges, evidence}}.",
                "propertyNames": {"minLength": 1},
                "additionalProperties": record,
            },
            "completion": enum(vocab.COMPLETION_LEVELS, "The commitment's completion level after this update."),
            "evidence": EVIDENCE_REFS,
            "author": TEXT,
        },
        description="A progress update: dated, or a tracker's report for a reporting period.",
    )
    irm = obj(
        {
            "verifiable": enum(vocab.YES_NO, "Whether the IRM found it verifiable."),
            "relevant": one_or_list(enum({**vocab.OGP_VALUES, **vocab.YES_NO}, "An OGP value, or yes/no."),
                                    "Its relevance to OGP values, as the IRM assessed it."),
            "potential": enum(vocab.IRM_POTENTIAL, "Potential for results (or potential impact, in older reports)."),
            "promising": {"type": "boolean", "description": "true when the IRM named it a promising commitment."},
            "completion": enum(vocab.IRM_COMPLETION, "Completion as the IRM assessed it."),
            "early_results": enum(vocab.IRM_RESULTS, "Early results (or 'did it open government?', in older reports)."),
            "summary": TEXT,
            "reports": array(obj({"title": TEXT, "url": URL, "date": DATE}, required=("title", "url")),
                             description="The IRM products that assess it."),
        },
        description="The IRM's assessment of the commitment, beside what the government reports.",
    )
    commitment = obj(
        {
            "format": FORMAT_FIELD,
            "ogp_id": {"type": "string", "pattern": r"^[A-Z]{2,4}[0-9]{2,5}$", "description": "OGP's id, e.g. TP0012."},
            "code": CODE,
            "aliases": ALIASES,
            "number": {"type": "integer", "minimum": 1, "description": "Order in the plan."},
            "title": text("The commitment's title."),
            "start": date_field("When the commitment starts."),
            "end": date_field("When the commitment ends."),
            "carried_over": {"description": "true (or the id of the earlier plan) for a commitment carried over "
                                            "from an earlier plan.", "anyOf": [{"type": "boolean"}, ID]},
            "challenge": {"type": "boolean", "description": "true for a challenge commitment added mid-plan."},
            "lead_agencies": array(ORGANISATION, minItems=1, description="The lead implementing agencies."),
            "lead_stakeholders": array(ORGANISATION, minItems=1, description="The lead non-governmental stakeholders."),
            "lead_agency": {**ORGANISATION, "description": "Format 1: one lead agency (now lead_agencies)."},
            "lead_stakeholder": {**ORGANISATION, "description": "Format 1: one lead stakeholder (now lead_stakeholders)."},
            "other_actors": obj({k: array(TEXT) for k in vocab.ACTOR_GROUPS}),
            "problem": text("The public problem the commitment addresses."),
            "status_quo": text("The situation at the start (the baseline)."),
            "description": text("What the commitment is: the action, its expected results and objective."),
            "expected_results": text("The results expected at the end of the commitment."),
            "how_it_helps": text("How the commitment will help solve the problem."),
            "strategic_vision_link": text("How it relates to the local open government strategic vision (OGP Local)."),
            "values": array(enum(vocab.OGP_VALUES, "An OGP value."), minItems=1, uniqueItems=True,
                            description="The OGP values it is relevant to, as a list: "
                                        "[" + ", ".join(vocab.OGP_VALUES) + "]."),
            "policy_areas": array(enum(v.policy_areas, "A policy area."), uniqueItems=True,
                                  description="Policy areas (OGP Local members: at most two)."),
            "sectors": array(enum(v.sectors, "A sector."), uniqueItems=True,
                             description="Sectors (OGP Local members: at most two)."),
            "tags": array({"type": "string", "minLength": 1, "maxLength": 80}, uniqueItems=True,
                          description="Free labels, e.g. Summit for Democracy."),
            "resources": obj({
                "budget": obj({"amount": {"type": "number", "minimum": 0},
                               "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}},
                              required=("amount", "currency")),
                "staff": {"type": "number", "minimum": 0},
                "months": {"type": "number", "minimum": 0},
                "other": TEXT,
                "secured": enum(vocab.RESOURCES_SECURED, "yes, no or partially."),
            }),
            "additional_information": TEXT,
            "amendments": array(obj({"date": DATE, "description": TEXT, "agreed_with": TEXT},
                                    required=("date", "description"))),
            "end_of_term": obj({"results": TEXT, "next_steps": TEXT}),
            "irm": irm,
            "milestones": array(milestone, minItems=1, description="The milestones: verifiable outputs with planned dates."),
            "updates": array(update, description="Progress updates and tracker reports."),
        },
        required=("title", "start", "end", "problem", "description", "values", "milestones"),
        description="content/plans/<plan>/commitments/<commitment>.yml: one commitment and its progress.",
    )
    evidence_item = {
        "title": TEXT,
        "date": date_field("The date of the document."),
        "kind": enum(v.evidence_kinds, "What kind of evidence this is."),
        "milestone": {"type": "string", "minLength": 1,
                      "description": "The milestone or activity it proves: its id or code."},
        "description": TEXT,
        "language": one_or_list({"type": "string", "pattern": LANGUAGE_CODE}, "Its language, or languages."),
        "source": TEXT,
    }
    evidence = obj(
        {
            "format": FORMAT_FIELD,
            "files": {
                "type": "object",
                "description": "Metadata per file of this folder, keyed by file name.",
                "additionalProperties": obj(evidence_item, required=("title", "kind")),
            },
            "links": array(obj({"id": ID, "url": URL, "archived_url": URL, **evidence_item},
                               required=("id", "title", "url", "kind"))),
        },
        description="evidence/<plan>/<commitment or process>/evidence.yml: what each file is.",
    )
    return {"member": member, "plan": plan, "process": process, "commitment": commitment, "evidence": evidence}


KINDS = ("member", "plan", "process", "commitment", "evidence")


def input_schema(kind: str, v: vocab.Vocabularies | None = None) -> dict:
    return {"$schema": DIALECT, "$id": f"ogrepo:format:{FORMAT}:{kind}", "title": f"ogrepo {kind} file "
            f"(format {FORMAT})", **schemas(v or vocab.Vocabularies())[kind]}


# --- the published data -------------------------------------------------------------------------

TIMESTAMP = {"type": "string", "format": "date-time", "description": "ISO 8601 with a time zone."}
OUT_TEXT = {
    "description": "A text in every language it was written in: {language code: text}. A text written once, "
                   "without a language, is given in the member's first language.",
    "type": "object", "additionalProperties": {"type": "string"},
}
OPT_TEXT = {"anyOf": [OUT_TEXT, {"type": "null"}]}
FEEDS = obj({"atom": {"type": "string"}, "rss": {"type": "string"}}, required=("atom", "rss"))
OUT_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
OPT_DAY = {"anyOf": [OUT_DAY, {"type": "null"}]}
OPT_TIMESTAMP = {"anyOf": [TIMESTAMP, {"type": "null"}]}
OUT_DATE = {
    "description": "A date at the precision the source gives: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY; null "
                   "when the source gives only words (see the matching *_period).",
    "anyOf": [{"type": "string", "pattern": dates.PATTERN}, {"type": "null"}],
}
OUT_PERIOD = {
    "description": "A date as written: its precision, the first and last day of the period it names, and the "
                   "source's own words when it gives them.",
    "anyOf": [{"type": "null"}, {
        "type": "object",
        "properties": {"value": OUT_DATE, "precision": {"enum": [dates.DAY, dates.MONTH, dates.QUARTER, dates.HALF,
                                                                  dates.YEAR, None]},
                       "first_day": OPT_DAY, "last_day": OPT_DAY, "text": OPT_TEXT},
        "required": ["value", "precision", "first_day", "last_day", "text"],
    }],
}


def _open(properties: dict, required: tuple) -> dict:
    return {"type": "object", "properties": properties, "required": list(required)}


OUT_EVIDENCE = _open(
    {
        "id": {"type": "string"},
        "title": OUT_TEXT,
        "date": OUT_DATE,
        "kind": {"type": ["string", "null"]},
        "milestone": {"type": ["string", "null"]},
        "url": {"type": "string"},
        "page": {"type": "string", "description": "The item's own page: what it is, its checksum, how to cite it."},
        "archived_url": {"type": ["string", "null"]},
        "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
        "bytes": {"type": ["integer", "null"], "minimum": 0},
        "media_type": {"type": ["string", "null"]},
        "source_path": {"type": ["string", "null"]},
        "added": OPT_TIMESTAMP,
        "described": {"type": "boolean"},
    },
    ("title", "date", "url", "sha256", "bytes", "source_path"),
)
OUT_HISTORY = array(_open({"period": {"type": "string"}, "status": {"type": "string"}, "published": OPT_DAY,
                           "published_from": {"enum": ["record", "git", None]}},
                          ("period", "status", "published")),
                    description="The item's status in each report, oldest first.")
# planned against actual (schedule.py): what the reports say of when it was finished
OUT_SCHEDULE = {
    "finished": {
        "description": "For a finished item, the report that first gave its current status: its key, the period it "
                       "reports on (its label, start/end, or its date) and when it was published; the item was "
                       "finished after the day `after` (the report before said otherwise; null when none did) and by "
                       "the day `by`. null when not finished, or marked finished without a report.",
        "anyOf": [{"type": "null"}, _open({"report": {"type": ["string", "null"]},
                                           "period": {"type": ["string", "null"]}, "published": OPT_DAY,
                                           "after": OPT_DAY, "by": OPT_DAY},
                                          ("report", "period", "published", "after", "by"))],
    },
    "on_time": {"type": ["boolean", "null"],
                "description": "Finished by its planned end (true), known to be finished after it (false); null when "
                               "not finished or when the reports do not say."},
    "late_days": {"type": ["integer", "null"], "minimum": 1,
                  "description": "When known to be late: late by at least this many days (exactly, when "
                                 "late_days_at_most is the same)."},
    "late_days_at_most": {"type": ["integer", "null"], "minimum": 1,
                          "description": "When finished late or perhaps late: late by at most this many days."},
}
OUT_ACTIVITY = _open(
    {"id": {"type": "string"}, "code": {"type": ["string", "null"]}, "title": OUT_TEXT,
     "status": enum(vocab.MILESTONE_STATES, "The status of the latest report that gives one."),
     "due": OUT_DATE, "overdue": {"type": "boolean"}, "history": OUT_HISTORY, **OUT_SCHEDULE},
    ("id", "title", "status", "due"),
)
OUT_MILESTONE = _open(
    {"id": {"type": "string"}, "code": {"type": ["string", "null"]}, "title": OUT_TEXT,
     "status": enum(vocab.MILESTONE_STATES, "The status of the latest report that gives one; not-reported when none does."),
     "start": OUT_DATE, "end": OUT_DATE, "overdue": {"type": "boolean"}, "history": OUT_HISTORY,
     "activities": array(OUT_ACTIVITY), **OUT_SCHEDULE},
    ("id", "title", "status", "start", "end", "finished", "on_time", "late_days", "late_days_at_most"),
)
OUT_UPDATE = _open({"date": OPT_DAY, "period": {"type": ["string", "object", "null"]}, "progress": OPT_TEXT},
                   ("date", "progress"))
ITEM = {
    "last_updated": OPT_TIMESTAMP,
    "stale": {"type": "boolean"},
    "final": {"type": "boolean"},
    "url": {"type": "string"},
    "evidence": array(OUT_EVIDENCE),
}
OUT_PROCESS = _open(ITEM, ("last_updated", "stale", "url", "evidence"))
OUT_COMMITMENT = _open(
    {
        **ITEM,
        "id": {"type": "string"},
        "title": OUT_TEXT,
        "status": enum(vocab.COMPLETION_STATES, "The completion level of the latest update that gives one; "
                                                "not-reported when none does."),
        "feeds": FEEDS,
        "milestones": array(OUT_MILESTONE),
        "updates": array(OUT_UPDATE),
    },
    ("last_updated", "stale", "url", "evidence", "id", "title", "status", "feeds", "milestones", "updates"),
)
OUT_CHECK = _open(
    {
        "check": {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$",
                  "description": "What is checked, a stable name: updated, dated-evidence, "
                                 "finished-milestones-evidence, completion-reported, forum-cadence, reasoned-response, "
                                 "and for OGP Local endorsements, monitoring-body."},
        "subject": {"type": "string", "description": "What was judged: a commitment's id, process, or the plan's id."},
        "result": {"enum": ["pass", "warn", "fail"], "description": "The result when the site was built (generated_at)."},
        "detail": {**OUT_TEXT, "description": "What was found, in every language of the member: {language: text}."},
        "fix": {"description": "How to fix a failure or a warning (for a pass that fails later, what to do before), "
                               "in every language of the member; null when there is nothing to do.",
                "anyOf": [OUT_TEXT, {"type": "null"}]},
        "url": {"type": "string", "description": "The page, or the part of a page, that was judged."},
        "fails_after": {"description": "The moment a pass or a warning becomes a failure with time alone (an update "
                                       "falling due), unless the repository changes; null when none.",
                        "anyOf": [TIMESTAMP, {"type": "null"}]},
    },
    ("check", "subject", "result", "detail", "fix", "url", "fails_after"),
)
OUT_PLAN = _open(
    {
        "id": {"type": "string"}, "title": OUT_TEXT, "url": {"type": "string"}, "start": OUT_DATE, "end": OUT_DATE,
        "phase": enum(vocab.PLAN_PHASES, ""), "last_updated": OPT_TIMESTAMP, "stale": {"type": "boolean"},
        "feeds": FEEDS, "process": OUT_PROCESS, "commitments": array(OUT_COMMITMENT),
        "compliance": array(OUT_CHECK, description="The compliance panel: what an IRM researcher or a monitoring body "
                                                   "checks first, each check with its result (compliance.py)."),
        "compliance_url": {"type": "string", "description": "The plan's compliance panel, as a page."},
        "self_assessment": _open({
            "url": {"type": "string", "description": "The self-assessment draft, as a page."},
            "files": {"type": "object", "additionalProperties": {"type": "string"},
                      "description": "The draft as Markdown, by language."}}, ("url", "files")),
        "evidence_bag": {
            "description": "All the plan's evidence files in one ZIP holding a BagIt bag (RFC 8527): the files under "
                           "data/, their SHA-256 manifest, bag-info.txt and evidence.json. null when there is none "
                           "(no evidence files, turned off, or larger than the host publishes).",
            "anyOf": [{"type": "null"}, _open({"url": {"type": "string"}, "bytes": {"type": "integer", "minimum": 1},
                                               "files": {"type": "integer", "minimum": 1},
                                               "payload_bytes": {"type": "integer", "minimum": 0}},
                                              ("url", "bytes", "files", "payload_bytes"))],
        },
    },
    ("id", "title", "url", "start", "end", "last_updated", "stale", "process", "commitments", "compliance"),
)
REPOSITORY = {
    "$schema": DIALECT,
    "title": f"OGP repository data (data/repository.json), format {FORMAT}",
    **_open(
        {
            "format": {"const": FORMAT},
            "generated_at": TIMESTAMP,
            "last_updated": OPT_TIMESTAMP,
            "site_url": {"type": ["string", "null"]},
            "languages": array({"type": "string"}),
            "feeds": FEEDS,
            "member": {"type": "object"},
            "plans": array(OUT_PLAN),
        },
        ("format", "generated_at", "last_updated", "feeds", "plans"),
    ),
}
