"""The controlled vocabularies of OGP action plans, as slugs (what authors write) and labels.

Slugs are what YAML files hold and what the JSON Schemas enumerate; labels are what pages show.
Sources: the OGP National and Local handbooks and the IRM completion scale.
"""

import json

LEVELS = {
    "national": "National",
    "local": "Local (OGP Local)",
    "joint-local": "Joint local (OGP Local)",
}

PLAN_PHASES = {
    "co-creation": "Co-creation",
    "implementation": "Implementation",
    "ended": "Ended",
}

# The status of a milestone or activity in a report: OGP Local's tracker statuses, and the steps of
# national trackers (limited and substantial progress are two steps, never merged), and "unknown"
# for a report that says it does not know.
MILESTONE_STATUSES = {
    "not-started": "Not started",
    "limited": "Limited progress",
    "in-progress": "In progress",
    "substantial": "Substantial progress",
    "stuck": "Stuck",
    "finished": "Finished",
    "complete": "Complete",
    "incomplete": "Incomplete",
    "unknown": "Unknown",
}
DONE = {"finished", "complete"}  # the statuses that count as finished

# The IRM completion scale, as a self-assessment gives it; "unknown" when the report says so.
COMPLETION_LEVELS = {
    "no-evidence": "No evidence available",
    "not-started": "Not started",
    "limited": "Limited",
    "substantial": "Substantial",
    "complete": "Complete",
    "unknown": "Unknown",
}

# What is shown when nobody reported a status: unknown is its own state, never "not started".
NOT_REPORTED = {"not-reported": "Not reported yet"}
MILESTONE_STATES = {**NOT_REPORTED, **MILESTONE_STATUSES}
COMPLETION_STATES = {**NOT_REPORTED, **COMPLETION_LEVELS}

# The IRM's assessment of a commitment (Action Plan Review, Results Report; older reports used
# "potential impact" and "did it open government?"). "pending" until the IRM has assessed it.
IRM_COMPLETION = {**{k: v for k, v in COMPLETION_LEVELS.items() if k != "unknown"},
                  "pending": "Pending IRM review"}
IRM_POTENTIAL = {
    "unclear": "Unclear",
    "modest": "Modest",
    "substantial": "Substantial",
    "none": "None",
    "minor": "Minor",
    "moderate": "Moderate",
    "transformative": "Transformative",
    "pending": "Pending IRM review",
}
IRM_RESULTS = {
    "no-notable-results": "No notable results",
    "moderate-results": "Moderate results",
    "significant-results": "Significant results",
    "worsened": "Worsened",
    "did-not-change": "Did not change",
    "marginal": "Marginal",
    "major": "Major",
    "outstanding": "Outstanding",
    "pending": "Pending IRM review",
}
YES_NO = {"yes": "Yes", "no": "No"}
VERIFIABLE = {"yes": "Verifiable", "no": "Not verifiable"}

OGP_VALUES = {
    "access-to-information": "Transparency / Access to information",
    "civic-participation": "Civic participation",
    "public-accountability": "Public accountability",
    "technology-and-innovation": "Technology and innovation",
}

# The OGP Local list of policy areas (OGP Local handbook); national commitments use OGP's longer
# list below. A commitment may name areas of either.
LOCAL_POLICY_AREAS = {
    "asset-disclosure": "Asset Disclosure",
    "audits-and-controls": "Audits & Controls",
    "beneficial-ownership": "Beneficial Ownership",
    "civic-space": "Civic Space",
    "conflict-of-interest": "Conflict of Interest",
    "crisis-response": "Crisis Response",
    "digital-governance": "Digital Governance",
    "e-petitions": "E-petitions",
    "elections-and-political-finance": "Elections & Political Finance",
    "fiscal-openness": "Fiscal Openness",
    "inclusion": "Inclusion",
    "legislative-openness": "Legislative Openness",
    "lobbying": "Lobbying",
    "open-contracting": "Open Contracting",
    "open-data": "Open Data",
    "public-procurement": "Public Procurement",
    "regulatory-governance": "Regulatory Governance",
    "right-to-information": "Right to Information",
    "safety-nets-and-economic-inclusion": "Safety Nets & Economic Inclusion",
    "social-accountability": "Social Accountability",
    "stimulus-and-economic-recovery": "Stimulus and Economic Recovery",
    "tax": "Tax",
    "whistleblower-protection": "Whistleblower Protection",
    "other": "Other/NA",
}

# The policy areas OGP's Support Unit tags commitments with (OGP's glossary of policy areas and
# member pages; it revises the list every year, so a member may add areas in mkdocs.yml).
POLICY_AREAS = {
    "access-to-information": "Access to Information",
    "access-to-justice": "Access to Justice",
    "aid": "Aid",
    "anti-corruption": "Anti-Corruption and Integrity",
    "anti-corruption-institutions": "Anti-Corruption Institutions",
    "anti-corruption-strategies": "Anti-Corruption Strategies",
    "climate-finance": "Climate Finance",
    "climate-mitigation-and-adaptation": "Climate Mitigation and Adaptation",
    "conflicts-of-interest": "Conflicts of Interest",
    "data-stewardship-and-privacy": "Data Stewardship and Privacy",
    "digital-inclusion": "Digital Inclusion",
    "disinformation": "Disinformation/Misinformation",
    "education": "Education",
    "gender": "Gender",
    "health-and-nutrition": "Health and Nutrition",
    "human-rights": "Human Rights",
    "infrastructure-and-transport": "Infrastructure and Transport",
    "international-environmental-agreements": "International Environmental Agreements",
    "justice": "Justice",
    "lgbtqia": "LGBTQIA+",
    "mainstreaming-participation": "Mainstreaming Participation",
    "media-and-telecommunications": "Media and Telecommunications",
    "online-civic-space": "Online Civic Space",
    "open-justice": "Open Justice",
    "people-with-disabilities": "People with Disabilities",
    "policing-and-corrections": "Policing and Corrections",
    "political-finance": "Political Finance",
    "private-sector": "Private Sector",
    "public-participation": "Public Participation",
    "science-and-technology": "Science and Technology",
    "security-and-public-safety": "Security and Public Safety",
    "water-and-sanitation": "Water and Sanitation",
}

SECTORS = {
    "aid": "Aid",
    "citizenship-and-immigration": "Citizenship & Immigration",
    "cross-sectoral": "Cross-sectoral",
    "education": "Education",
    "environment-and-climate": "Environment & Climate",
    "extractive-industries": "Extractive Industries",
    "health-and-nutrition": "Health & Nutrition",
    "infrastructure-and-transport": "Infrastructure & Transport",
    "justice": "Justice",
    "land-and-spatial-planning": "Land & Spatial Planning",
    "legislature": "Legislature",
    "media-and-telecommunications": "Media and Telecommunications",
    "policing-and-corrections": "Policing & Corrections",
    "private-sector": "Private Sector",
    "public-services": "Public Services (general)",
    "science-and-technology": "Science & Technology",
    "security-and-public-safety": "Security and Public Safety",
    "water-sanitation-and-hygiene": "Water, Sanitation, and Hygiene",
    "other": "Other/NA",
}

IRM_RELEVANCE = {**OGP_VALUES, **YES_NO}

# Other actors involved in a commitment (the OGP template's groups).
ACTOR_GROUPS = {
    "government": "Other government bodies",
    "civil_society": "Civil society organisations",
    "private_sector": "Private sector",
    "multilaterals": "Multilateral organisations",
    "academia": "Academia",
    "working_groups": "Working groups",
}

# Who took part in a meeting, counted per group.
PARTICIPANT_GROUPS = {
    "government": "government",
    "civil_society": "civil society",
    "private_sector": "private sector",
    "academia": "academia",
    "other": "other",
}

RESOURCES_SECURED = {"yes": "Yes", "no": "No", "partially": "Partially"}

MEETING_KINDS = {
    "forum-meeting": "Multi-stakeholder forum meeting",
    "public-consultation": "Public consultation",
    "written-consultation": "Written consultation",
    "workshop": "Workshop",
    "town-hall": "Town hall",
    "inter-ministerial": "Inter-ministerial meeting",
    "online-survey": "Online survey",
    "other": "Other",
}

CONTRIBUTION_RESPONSES = {
    "included": "Included",
    "amended": "Included with amendments",
    "not-included": "Not included",
}

# From the handbooks' lists of evidence for co-creation and for implementation.
EVIDENCE_KINDS = {
    "consultation-plan": "Consultation plan or timeline",
    "invitation": "Invitation or announcement",
    "forum-terms-of-reference": "Forum terms of reference",
    "forum-composition": "Forum composition or decision creating it",
    "consultation-notice": "Notice of public consultation",
    "agenda": "Agenda",
    "minutes": "Minutes or notes of a meeting",
    "participant-list": "List of participants",
    "civil-society-proposal": "Written proposal from civil society",
    "baseline-document": "Baseline document",
    "consultation-output": "Output of a consultation",
    "response-to-contributions": "Response to contributions",
    "irm-response": "Response to IRM recommendations",
    "action-plan": "Action plan document",
    "draft-law": "Draft law or legislative record",
    "decision-record": "Decision record",
    "regulation": "Regulation or order",
    "terms-of-reference": "Terms of reference or call for proposals",
    "technical-document": "Technical document",
    "dataset": "Dataset",
    "strategy": "Strategy, concept paper or work plan",
    "monitoring-report": "Monitoring or evaluation report",
    "budget-decision": "Budget or staffing decision",
    "third-party-analysis": "Third-party analysis",
    "audit-report": "Audit report",
    "photo": "Photograph",
    "video": "Video or multimedia",
    "user-statistics": "User statistics",
    "other": "Other",
}


def label(vocabulary: dict[str, str], slug: str | None) -> str:
    """The display label of a slug, or the slug itself for values the vocabulary lacks."""
    if slug is None:
        return ""
    return vocabulary.get(slug, slug)


# Vocabularies a member may extend in mkdocs.yml (plugin option `vocabularies:`), with labels.
EXTENSIBLE = ("policy_areas", "sectors", "evidence_kinds", "meeting_kinds")


class Vocabularies:
    """The vocabularies of one repository: OGP's, plus what the member added."""

    def __init__(self, extra: dict[str, dict[str, str]] | None = None):
        self.policy_areas = {**POLICY_AREAS, **LOCAL_POLICY_AREAS}
        self.sectors = dict(SECTORS)
        self.evidence_kinds = dict(EVIDENCE_KINDS)
        self.meeting_kinds = dict(MEETING_KINDS)
        self.extra = {name: dict(labels) for name, labels in (extra or {}).items()}
        for name, labels in self.extra.items():
            getattr(self, name).update(labels)

    def key(self) -> str:
        """What tells two repositories' vocabularies apart (the schemas built from them are cached by it)."""
        return json.dumps(self.extra, sort_keys=True, ensure_ascii=False)
