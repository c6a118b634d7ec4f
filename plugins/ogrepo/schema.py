"""The JSON Schemas (2020-12) of every kind of content file and of the published repository.json.

They are built here from shared pieces and the vocabularies, published with the site under
`data/schemas/`, and used by `validate` to check content with `file:line:col` messages.
"""

from __future__ import annotations

from . import vocab

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


DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A date, YYYY-MM-DD."}
ID = {"type": "string", "pattern": ID_PATTERN, "description": "An identifier: letters, digits, '.', '_' and '-'."}
URL = {"type": "string", "pattern": r"^https?://\S+$", "description": "A web address starting with https:// or http://."}
EMAIL = {"type": "string", "format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
EVIDENCE_REFS = {
    "type": "array",
    "description": "Evidence: file names in this item's evidence folder, or ids of links listed in its evidence.yml.",
    "items": {"type": "string", "minLength": 1},
    "uniqueItems": True,
}


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


CONTACT = obj(
    {
        "name": {"type": "string", "minLength": 1},
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

MEMBER = obj(
    {
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

PLAN = obj(
    {
        "title": TEXT,
        "start": DATE,
        "end": DATE,
        "phase": enum(vocab.PLAN_PHASES, "co-creation, implementation or ended."),
        "introduction": TEXT,
        "efforts_to_date": TEXT,
        "development": TEXT,
        "documents": array(obj({"title": TEXT, "evidence": {"type": "string", "minLength": 1}},
                               required=("title", "evidence")),
                           description="Plan documents: files in evidence/<plan>/process/ or link ids."),
        "strategic_vision": TEXT,
        "monitoring_body": obj({"name": TEXT, "description": TEXT, "url": URL}, required=("name",)),
        "endorsements": array(obj({"organisation": TEXT, "name": {"type": "string"}, "date": DATE},
                                  required=("organisation",))),
    },
    required=("title", "start", "end", "phase"),
    description="content/plans/<plan>/plan.yml: one action plan.",
)

PARTICIPANTS = obj(
    {
        "government": {"type": "integer", "minimum": 0},
        "civil_society": {"type": "integer", "minimum": 0},
        "private_sector": {"type": "integer", "minimum": 0},
        "academia": {"type": "integer", "minimum": 0},
        "other": {"type": "integer", "minimum": 0},
        "affiliations": array(TEXT),
    },
    description="Participants as counts per group and/or a list of affiliations.",
)

PROCESS = obj(
    {
        "decision_making": TEXT,
        "stages": array(obj({"title": TEXT, "start": DATE, "end": DATE, "description": TEXT},
                            required=("title", "start"))),
        "meetings": array(obj(
            {
                "id": ID,
                "date": DATE,
                "kind": enum(vocab.MEETING_KINDS, "The kind of meeting or consultation."),
                "title": TEXT,
                "description": TEXT,
                "location": TEXT,
                "participants": PARTICIPANTS,
                "evidence": EVIDENCE_REFS,
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

MILESTONE = obj(
    {
        "id": ID,
        "title": TEXT,
        "start": DATE,
        "end": DATE,
        "responsible": TEXT,
        "contact": CONTACT,
        "status": enum(vocab.MILESTONE_STATUSES, "The current status, if no progress update records it."),
    },
    required=("id", "title", "start", "end"),
    description="A milestone: a verifiable output with planned dates.",
)

UPDATE = obj(
    {
        "date": DATE,
        "period": obj({"start": DATE, "end": DATE}, required=("start", "end")),
        "progress": TEXT,
        "delays": TEXT,
        "next_steps": TEXT,
        "milestones": {
            "type": "object",
            "description": "Milestone status changes in this period: {milestone id: status}.",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": enum(vocab.MILESTONE_STATUSES, "A milestone status."),
        },
        "completion": enum(vocab.COMPLETION_LEVELS, "The commitment's completion level after this update."),
        "evidence": EVIDENCE_REFS,
        "author": TEXT,
    },
    required=("date", "progress"),
    description="A dated progress update.",
)

COMMITMENT = obj(
    {
        "ogp_id": {"type": "string", "pattern": r"^[A-Z]{2,4}[0-9]{2,5}$", "description": "OGP's id, e.g. TP0012."},
        "number": {"type": "integer", "minimum": 1, "description": "Order in the plan."},
        "title": text("The commitment's title."),
        "start": {**DATE, "description": "When the commitment starts, YYYY-MM-DD."},
        "end": {**DATE, "description": "When the commitment ends, YYYY-MM-DD."},
        "challenge": {"type": "boolean", "description": "true for a challenge commitment added mid-plan."},
        "lead_agency": obj({"organisation": text("The lead implementing agency."), "branch": TEXT, "contact": CONTACT},
                           required=("organisation",), description="The lead implementing agency: organisation, branch, contact."),
        "lead_stakeholder": obj({"organisation": TEXT, "contact": CONTACT}, required=("organisation",)),
        "other_actors": obj({k: array(TEXT) for k in (
            "government", "civil_society", "private_sector", "multilaterals", "working_groups")}),
        "problem": text("The public problem the commitment addresses."),
        "status_quo": text("The situation at the start (the baseline)."),
        "description": text("What the commitment is: the action, its expected results and objective."),
        "expected_results": text("The results expected at the end of the commitment."),
        "how_it_helps": text("How the commitment will help solve the problem."),
        "strategic_vision_link": text("How it relates to the local open government strategic vision (OGP Local)."),
        "values": array(enum(vocab.OGP_VALUES, "An OGP value."), minItems=1, uniqueItems=True,
                        description="The OGP values it is relevant to, as a list: "
                                    "[" + ", ".join(vocab.OGP_VALUES) + "]."),
        "policy_areas": array(enum(vocab.POLICY_AREAS, "A policy area."), maxItems=2, uniqueItems=True),
        "sectors": array(enum(vocab.SECTORS, "A sector."), maxItems=2, uniqueItems=True),
        "resources": obj({
            "budget": obj({"amount": {"type": "number", "minimum": 0},
                           "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}, required=("amount", "currency")),
            "staff": {"type": "number", "minimum": 0},
            "months": {"type": "number", "minimum": 0},
            "other": TEXT,
            "secured": enum(vocab.RESOURCES_SECURED, "yes, no or partially."),
        }),
        "additional_information": TEXT,
        "amendments": array(obj({"date": DATE, "description": TEXT, "agreed_with": TEXT},
                                required=("date", "description"))),
        "end_of_term": obj({"results": TEXT, "next_steps": TEXT}),
        "milestones": array(MILESTONE, minItems=1, description="The milestones: verifiable outputs with planned dates."),
        "updates": array(UPDATE, description="Progress updates, each dated the day it is published."),
    },
    required=("title", "start", "end", "lead_agency", "problem", "description", "values", "milestones"),
    description="content/plans/<plan>/commitments/<commitment>.yml: one commitment and its progress.",
)

EVIDENCE_ITEM = {
    "title": TEXT,
    "date": DATE,
    "kind": enum(vocab.EVIDENCE_KINDS, "What kind of evidence this is."),
    "milestone": ID,
    "description": TEXT,
    "language": {"type": "string", "pattern": LANGUAGE_CODE},
    "source": TEXT,
}

EVIDENCE = obj(
    {
        "files": {
            "type": "object",
            "description": "Metadata per file of this folder, keyed by file name.",
            "additionalProperties": obj(EVIDENCE_ITEM, required=("title", "kind")),
        },
        "links": array(obj({"id": ID, "url": URL, "archived_url": URL, **EVIDENCE_ITEM},
                           required=("id", "title", "url", "kind"))),
    },
    description="evidence/<plan>/<commitment or process>/evidence.yml: what each file is.",
)

INPUTS = {
    "member": MEMBER,
    "plan": PLAN,
    "process": PROCESS,
    "commitment": COMMITMENT,
    "evidence": EVIDENCE,
}


def input_schema(kind: str) -> dict:
    return {"$schema": DIALECT, "title": f"ogrepo {kind} file", **INPUTS[kind]}


# --- the published data -------------------------------------------------------------------------

TIMESTAMP = {"type": "string", "format": "date-time", "description": "ISO 8601 with a time zone."}
OUT_TEXT = {"type": "string"}
FEEDS = obj({"atom": {"type": "string"}, "rss": {"type": "string"}}, required=("atom", "rss"))
OPT_DATE = {"anyOf": [DATE, {"type": "null"}]}
OPT_TIMESTAMP = {"anyOf": [TIMESTAMP, {"type": "null"}]}


def _open(properties: dict, required: tuple) -> dict:
    return {"type": "object", "properties": properties, "required": list(required)}


OUT_EVIDENCE = _open(
    {
        "id": {"type": "string"},
        "title": OUT_TEXT,
        "date": OPT_DATE,
        "kind": {"type": ["string", "null"]},
        "milestone": {"type": ["string", "null"]},
        "url": {"type": "string"},
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
OUT_MILESTONE = _open(
    {"id": {"type": "string"}, "title": OUT_TEXT, "status": enum(vocab.MILESTONE_STATES, "The status of the latest update that gives one; not-reported when none does."),
     "start": DATE, "end": DATE, "overdue": {"type": "boolean"}},
    ("id", "title", "status", "start", "end"),
)
OUT_UPDATE = _open({"date": DATE, "progress": OUT_TEXT}, ("date", "progress"))
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
        "status": enum(vocab.COMPLETION_STATES, "The completion level of the latest update that gives one; not-reported when none does."),
        "feeds": FEEDS,
        "milestones": array(OUT_MILESTONE),
        "updates": array(OUT_UPDATE),
    },
    ("last_updated", "stale", "url", "evidence", "id", "title", "status", "feeds", "milestones", "updates"),
)
OUT_PLAN = _open(
    {
        "id": {"type": "string"}, "title": OUT_TEXT, "url": {"type": "string"}, "start": DATE, "end": DATE,
        "phase": enum(vocab.PLAN_PHASES, ""), "last_updated": OPT_TIMESTAMP, "stale": {"type": "boolean"},
        "feeds": FEEDS, "process": OUT_PROCESS, "commitments": array(OUT_COMMITMENT),
    },
    ("id", "title", "url", "start", "end", "last_updated", "stale", "process", "commitments"),
)
REPOSITORY = {
    "$schema": DIALECT,
    "title": "OGP repository data (data/repository.json)",
    **_open(
        {
            "generated_at": TIMESTAMP,
            "last_updated": OPT_TIMESTAMP,
            "site_url": {"type": ["string", "null"]},
            "feeds": FEEDS,
            "member": {"type": "object"},
            "plans": array(OUT_PLAN),
        },
        ("generated_at", "last_updated", "feeds", "plans"),
    ),
}
