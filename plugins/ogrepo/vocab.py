"""The controlled vocabularies of OGP action plans, as slugs (what authors write) and labels.

Slugs are what YAML files hold and what the JSON Schemas enumerate; labels are what pages show.
Sources: the OGP National and Local handbooks and the IRM completion scale.
"""

import json


def N_(label: str) -> str:
    """Marks a label for the message catalogues (locale/); it is translated where it is shown."""
    return label


LEVELS = {
    "national": N_("National"),
    "local": N_("Local (OGP Local)"),
    "joint-local": N_("Joint local (OGP Local)"),
}

PLAN_PHASES = {
    "co-creation": N_("Co-creation"),
    "implementation": N_("Implementation"),
    "ended": N_("Ended"),
}

# The status of a milestone or activity in a report: OGP Local's tracker statuses, and the steps of
# national trackers (limited and substantial progress are two steps, never merged), and "unknown"
# for a report that says it does not know.
MILESTONE_STATUSES = {
    "not-started": N_("Not started"),
    "limited": N_("Limited progress"),
    "in-progress": N_("In progress"),
    "substantial": N_("Substantial progress"),
    "stuck": N_("Stuck"),
    "finished": N_("Finished"),
    "complete": N_("Complete"),
    "incomplete": N_("Incomplete"),
    "unknown": N_("Unknown"),
}
DONE = {"finished", "complete"}  # the statuses that count as finished

# The IRM completion scale, as a self-assessment gives it; "unknown" when the report says so.
COMPLETION_LEVELS = {
    "no-evidence": N_("No evidence available"),
    "not-started": N_("Not started"),
    "limited": N_("Limited"),
    "substantial": N_("Substantial"),
    "complete": N_("Complete"),
    "unknown": N_("Unknown"),
}

# What is shown when nobody reported a status: unknown is its own state, never "not started".
NOT_REPORTED = {"not-reported": N_("Not reported yet")}
MILESTONE_STATES = {**NOT_REPORTED, **MILESTONE_STATUSES}
COMPLETION_STATES = {**NOT_REPORTED, **COMPLETION_LEVELS}

# The IRM's assessment of a commitment (Action Plan Review, Results Report; older reports used
# "potential impact" and "did it open government?"). "pending" until the IRM has assessed it.
IRM_COMPLETION = {**{k: v for k, v in COMPLETION_LEVELS.items() if k != "unknown"},
                  "pending": "Pending IRM review"}
IRM_POTENTIAL = {
    "unclear": N_("Unclear"),
    "modest": N_("Modest"),
    "substantial": N_("Substantial"),
    "none": N_("None"),
    "minor": N_("Minor"),
    "moderate": N_("Moderate"),
    "transformative": N_("Transformative"),
    "pending": N_("Pending IRM review"),
}
IRM_RESULTS = {
    "no-notable-results": N_("No notable results"),
    "moderate-results": N_("Moderate results"),
    "significant-results": N_("Significant results"),
    "worsened": N_("Worsened"),
    "did-not-change": N_("Did not change"),
    "marginal": N_("Marginal"),
    "major": N_("Major"),
    "outstanding": N_("Outstanding"),
    "pending": N_("Pending IRM review"),
}
YES_NO = {"yes": N_("Yes"), "no": N_("No")}
VERIFIABLE = {"yes": N_("Verifiable"), "no": N_("Not verifiable")}

OGP_VALUES = {
    "access-to-information": N_("Transparency / Access to information"),
    "civic-participation": N_("Civic participation"),
    "public-accountability": N_("Public accountability"),
    "technology-and-innovation": N_("Technology and innovation"),
}

# The OGP Local list of policy areas (OGP Local handbook); national commitments use OGP's longer
# list below. A commitment may name areas of either.
LOCAL_POLICY_AREAS = {
    "asset-disclosure": N_("Asset Disclosure"),
    "audits-and-controls": N_("Audits & Controls"),
    "beneficial-ownership": N_("Beneficial Ownership"),
    "civic-space": N_("Civic Space"),
    "conflict-of-interest": N_("Conflict of Interest"),
    "crisis-response": N_("Crisis Response"),
    "digital-governance": N_("Digital Governance"),
    "e-petitions": N_("E-petitions"),
    "elections-and-political-finance": N_("Elections & Political Finance"),
    "fiscal-openness": N_("Fiscal Openness"),
    "inclusion": N_("Inclusion"),
    "legislative-openness": N_("Legislative Openness"),
    "lobbying": N_("Lobbying"),
    "open-contracting": N_("Open Contracting"),
    "open-data": N_("Open Data"),
    "public-procurement": N_("Public Procurement"),
    "regulatory-governance": N_("Regulatory Governance"),
    "right-to-information": N_("Right to Information"),
    "safety-nets-and-economic-inclusion": N_("Safety Nets & Economic Inclusion"),
    "social-accountability": N_("Social Accountability"),
    "stimulus-and-economic-recovery": N_("Stimulus and Economic Recovery"),
    "tax": N_("Tax"),
    "whistleblower-protection": N_("Whistleblower Protection"),
    "other": N_("Other/NA"),
}

# The policy areas OGP's Support Unit tags commitments with (OGP's glossary of policy areas and
# member pages; it revises the list every year, so a member may add areas in mkdocs.yml).
POLICY_AREAS = {
    "access-to-information": N_("Access to Information"),
    "access-to-justice": N_("Access to Justice"),
    "aid": N_("Aid"),
    "anti-corruption": N_("Anti-Corruption and Integrity"),
    "anti-corruption-institutions": N_("Anti-Corruption Institutions"),
    "anti-corruption-strategies": N_("Anti-Corruption Strategies"),
    "climate-finance": N_("Climate Finance"),
    "climate-mitigation-and-adaptation": N_("Climate Mitigation and Adaptation"),
    "conflicts-of-interest": N_("Conflicts of Interest"),
    "data-stewardship-and-privacy": N_("Data Stewardship and Privacy"),
    "digital-inclusion": N_("Digital Inclusion"),
    "disinformation": N_("Disinformation/Misinformation"),
    "education": N_("Education"),
    "gender": N_("Gender"),
    "health-and-nutrition": N_("Health and Nutrition"),
    "human-rights": N_("Human Rights"),
    "infrastructure-and-transport": N_("Infrastructure and Transport"),
    "international-environmental-agreements": N_("International Environmental Agreements"),
    "justice": N_("Justice"),
    "lgbtqia": N_("LGBTQIA+"),
    "mainstreaming-participation": N_("Mainstreaming Participation"),
    "media-and-telecommunications": N_("Media and Telecommunications"),
    "online-civic-space": N_("Online Civic Space"),
    "open-justice": N_("Open Justice"),
    "people-with-disabilities": N_("People with Disabilities"),
    "policing-and-corrections": N_("Policing and Corrections"),
    "political-finance": N_("Political Finance"),
    "private-sector": N_("Private Sector"),
    "public-participation": N_("Public Participation"),
    "science-and-technology": N_("Science and Technology"),
    "security-and-public-safety": N_("Security and Public Safety"),
    "water-and-sanitation": N_("Water and Sanitation"),
}

SECTORS = {
    "aid": N_("Aid"),
    "citizenship-and-immigration": N_("Citizenship & Immigration"),
    "cross-sectoral": N_("Cross-sectoral"),
    "education": N_("Education"),
    "environment-and-climate": N_("Environment & Climate"),
    "extractive-industries": N_("Extractive Industries"),
    "health-and-nutrition": N_("Health & Nutrition"),
    "infrastructure-and-transport": N_("Infrastructure & Transport"),
    "justice": N_("Justice"),
    "land-and-spatial-planning": N_("Land & Spatial Planning"),
    "legislature": N_("Legislature"),
    "media-and-telecommunications": N_("Media and Telecommunications"),
    "policing-and-corrections": N_("Policing & Corrections"),
    "private-sector": N_("Private Sector"),
    "public-services": N_("Public Services (general)"),
    "science-and-technology": N_("Science & Technology"),
    "security-and-public-safety": N_("Security and Public Safety"),
    "water-sanitation-and-hygiene": N_("Water, Sanitation, and Hygiene"),
    "other": N_("Other/NA"),
}

IRM_RELEVANCE = {**OGP_VALUES, **YES_NO}

# Other actors involved in a commitment (the OGP template's groups).
ACTOR_GROUPS = {
    "government": N_("Other government bodies"),
    "civil_society": N_("Civil society organisations"),
    "private_sector": N_("Private sector"),
    "multilaterals": N_("Multilateral organisations"),
    "academia": N_("Academia"),
    "working_groups": N_("Working groups"),
}

# Who took part in a meeting, counted per group.
PARTICIPANT_GROUPS = {
    "government": N_("government"),
    "civil_society": N_("civil society"),
    "private_sector": N_("private sector"),
    "academia": N_("academia"),
    "other": N_("other"),
}

RESOURCES_SECURED = {"yes": N_("Yes"), "no": N_("No"), "partially": N_("Partially")}

MEETING_KINDS = {
    "forum-meeting": N_("Multi-stakeholder forum meeting"),
    "public-consultation": N_("Public consultation"),
    "written-consultation": N_("Written consultation"),
    "workshop": N_("Workshop"),
    "town-hall": N_("Town hall"),
    "inter-ministerial": N_("Inter-ministerial meeting"),
    "online-survey": N_("Online survey"),
    "other": N_("Other"),
}

CONTRIBUTION_RESPONSES = {
    "included": N_("Included"),
    "amended": N_("Included with amendments"),
    "not-included": N_("Not included"),
}

# From the handbooks' lists of evidence for co-creation and for implementation.
EVIDENCE_KINDS = {
    "consultation-plan": N_("Consultation plan or timeline"),
    "invitation": N_("Invitation or announcement"),
    "forum-terms-of-reference": N_("Forum terms of reference"),
    "forum-composition": N_("Forum composition or decision creating it"),
    "consultation-notice": N_("Notice of public consultation"),
    "agenda": N_("Agenda"),
    "minutes": N_("Minutes or notes of a meeting"),
    "participant-list": N_("List of participants"),
    "civil-society-proposal": N_("Written proposal from civil society"),
    "baseline-document": N_("Baseline document"),
    "consultation-output": N_("Output of a consultation"),
    "response-to-contributions": N_("Response to contributions"),
    "irm-response": N_("Response to IRM recommendations"),
    "action-plan": N_("Action plan document"),
    "draft-law": N_("Draft law or legislative record"),
    "decision-record": N_("Decision record"),
    "regulation": N_("Regulation or order"),
    "terms-of-reference": N_("Terms of reference or call for proposals"),
    "technical-document": N_("Technical document"),
    "dataset": N_("Dataset"),
    "strategy": N_("Strategy, concept paper or work plan"),
    "monitoring-report": N_("Monitoring or evaluation report"),
    "budget-decision": N_("Budget or staffing decision"),
    "third-party-analysis": N_("Third-party analysis"),
    "audit-report": N_("Audit report"),
    "photo": N_("Photograph"),
    "video": N_("Video or multimedia"),
    "user-statistics": N_("User statistics"),
    "other": N_("Other"),
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
