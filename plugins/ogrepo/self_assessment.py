"""The end-of-term self-assessment, drafted from the repository: a page, and a Markdown file to edit.

A national member's draft follows the National Handbook's end-of-term template (§4.2.1):
introduction and context; the action plan process (participation in co-creation and during
implementation); how the IRM's key recommendations were addressed; the implementation of each
commitment (completion level, results, next steps, each milestone with its status, planned and
reported dates and evidence); eligibility criteria (optional); peer exchange and learning;
conclusion. An OGP Local member's is the end-of-commitment summary: per commitment what was done,
its completion, results, evidence and next steps.

What the data says is filled in, said where it comes from (results from a commitment's end of
term, next steps from it or from the latest update that gives them); what it cannot say is a
placeholder that starts with "To be written:", never invented text.

The Markdown file is for the point of contact to edit in any editor, so it is plain Markdown (no
HTML, no attribute lists). It is published as `self-assessment-<plan>.<language>.md.txt` and
downloaded under the name without `.txt`: any builder makes a page of a `.md` file (`ogrepo
generate`'s too) and some hosts convert them; a `.txt` file is served as it is. Every text from
the content is escaped in it (`escape`): a title written `<script>` or `[x](javascript:…)` stays
text wherever the file is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from . import dates, schedule, urls, vocab
from .model import Commitment, Evidence, Milestone, Plan, Repository, Update
from .text import Text, pick
from .vocab import N_

CO_CREATION, IMPLEMENTATION, EITHER = "co-creation", "implementation", "either"

# The parts of the template, in the National Handbook's order, and what each placeholder asks for:
# the page and the Markdown file say the same words.
SECTIONS = {
    "context": N_("Introduction and context"),
    "process": N_("The action plan process"),
    "recommendations": N_("The IRM's key recommendations"),
    "commitments": N_("Implementation of the commitments"),
    "eligibility": N_("Progress on eligibility criteria (optional)"),
    "peer-exchange": N_("Peer exchange and learning"),
    "conclusion": N_("Conclusion"),
}
TO_WRITE = {
    "context": N_("the context of the plan: the open government efforts it builds on and what it set out to "
                  "achieve."),
    "co-creation": N_("how the public and civil society took part in writing the plan (no meeting or contribution "
                      "of the co-creation is recorded)."),
    "implementation": N_("how the forum and the public followed the plan while it was carried out (no meeting after "
                         "the plan's start is recorded)."),
    "recommendations": N_("how the government addressed the five key recommendations of the IRM's last report (none "
                          "is recorded in the co-creation record)."),
    "eligibility": N_("optional: the member's progress on OGP's eligibility criteria."),
    "peer-exchange": N_("exchanges with other OGP members and what was learned from them."),
    "conclusion": N_("the lessons learned, other open government initiatives, and the next steps, such as the next "
                     "action plan."),
    "results": N_("the results of this commitment, with evidence of their use or effect where possible."),
    "next-steps": N_("what comes next for this commitment, and who will carry it on."),
    "evidence": N_("the evidence of what was done: none is published in the repository."),
    "commitments": N_("the plan's commitments: none is recorded yet."),
}


# --- what the draft says, from the data ------------------------------------------------------

@dataclass
class MilestoneLine:
    milestone: Milestone
    finish: schedule.Finish | None
    evidence: list[Evidence]


@dataclass
class CommitmentPart:
    commitment: Commitment
    milestones: list[MilestoneLine]
    results: Text | None  # the end of term's results, as written
    next_steps: Text | None  # the end of term's, else those of the latest update that gives them
    next_steps_from: Update | None  # that update (None: the end of term, or none)
    latest: Update | None  # the latest update that tells its progress

    @property
    def irm_completion(self) -> str | None:
        irm = self.commitment.data.get("irm") or {}
        return irm.get("completion") or ("pending" if irm else None)

    @property
    def missing(self) -> set[str]:
        """The placeholders it needs (TO_WRITE)."""
        found = {"results"} if not self.results else set()
        found |= {"next-steps"} if not self.next_steps else set()
        return found | ({"evidence"} if not self.commitment.evidence else set())


@dataclass
class Recommendation:
    """One of the IRM's key recommendations and how it was addressed (process.yml)."""

    recommendation: Text
    response: Text
    commitments: list[Commitment]  # those it names that the plan has


@dataclass
class Draft:
    plan: Plan
    local: bool  # OGP Local: the end-of-commitment summary
    context: list[Text]  # the plan's introduction and open government efforts to date
    meetings: dict[str, list[dict]]  # by phase: co-creation, implementation, either (oldest first)
    contributions: dict[str, int]  # by response, in the vocabulary's order
    recommendations: list[Recommendation]
    commitments: list[CommitmentPart]
    share: schedule.Share  # of the finished milestones, how many on time
    completion: dict[str, int] = field(default_factory=dict)  # commitments by completion level

    @property
    def contributions_total(self) -> int:
        return sum(self.contributions.values())

    @property
    def milestones(self) -> list[Milestone]:
        return [line.milestone for part in self.commitments for line in part.milestones]

    @property
    def missing(self) -> set[str]:
        """The placeholders the plan's parts need (TO_WRITE); commitments say their own."""
        found = {"eligibility", "peer-exchange", "conclusion"}
        found |= {"context"} if not self.context else set()
        if not (self.plan.data.get("development") or self.meetings[CO_CREATION] or self.contributions_total):
            found.add("co-creation")
        found |= {"implementation"} if not self.meetings[IMPLEMENTATION] else set()
        found |= {"recommendations"} if not self.recommendations else set()
        return found | ({"commitments"} if not self.commitments else set())


def draft(plan: Plan, repo: Repository) -> Draft:
    process = plan.process
    meetings: dict[str, list[dict]] = {CO_CREATION: [], IMPLEMENTATION: [], EITHER: []}
    for m in reversed(process.meetings):
        meetings[phase(dates.parse(m.get("date")), plan.start)].append(m)
    contributions = {slug: 0 for slug in vocab.CONTRIBUTION_RESPONSES}
    for x in process.data.get("contributions") or []:
        contributions[x.get("response")] = contributions.get(x.get("response"), 0) + 1
    completion = {slug: n for slug in vocab.COMPLETION_STATES
                  if (n := sum(c.status == slug for c in plan.commitments))}
    context = [plan.data[k] for k in ("introduction", "efforts_to_date") if plan.data.get(k)]
    recommendations = [Recommendation(r.get("recommendation"), r.get("response"),
                                      [c for c in map(plan.commitment, r.get("commitments") or []) if c])
                       for r in process.data.get("irm_recommendations") or []]
    return Draft(plan, repo.local, context, meetings, contributions, recommendations,
                 [commitment_part(c) for c in plan.commitments],
                 schedule.share([m for c in plan.commitments for m in c.milestones]), completion)


def phase(when: dates.When, plan_start: dates.When) -> str:
    """Whether a meeting was held while the plan was co-created or while it was carried out; a date
    too coarse to tell (a year that spans the plan's start) says neither."""
    if when.end is None or plan_start.start is None:
        return EITHER
    if when.end < plan_start.start:
        return CO_CREATION
    return IMPLEMENTATION if when.start >= plan_start.start else EITHER


def commitment_part(c: Commitment) -> CommitmentPart:
    end = c.data.get("end_of_term") or {}
    next_steps, source = end.get("next_steps"), None
    if not next_steps:
        source = next((u for u in c.updates if u.data.get("next_steps")), None)
        next_steps = source.data["next_steps"] if source else None
    latest = next((u for u in c.updates if u.data.get("progress")), None)
    lines = [MilestoneLine(m, schedule.finish(m), c.evidence_of(m)) for m in c.milestones]
    return CommitmentPart(c, lines, end.get("results"), next_steps, source, latest)


# --- the Markdown file -----------------------------------------------------------------------

# what Python-Markdown (MkDocs) and CommonMark both let a backslash escape, where it matters
_SPECIAL = re.compile(r"([\\`*_{}\[\]#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)([>+!-]|\d+(?=[.)]))")


def escape(text: str, line_start: bool = False) -> str:
    """Text from the content as Markdown that shows it as written: no HTML, no link, no emphasis, no
    heading or list from what an author typed (`line_start`: it starts a line). A paragraph is one line."""
    text = " ".join(text.split())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    found = _BLOCK_START.match(text) if line_start else None
    if found:  # "# 1", "- item", "1. item" at the start of a line would be a heading or a list
        at = found.end() if found.group(2)[0].isdigit() else found.start(2)
        text = text[:at] + "\\" + text[at:]
    return text


def paragraphs(text: str) -> list[str]:
    return [escape(b, line_start=True) for b in re.split(r"\n\s*\n", text) if b.strip()]


def link(title: str, url: str) -> str:
    """A Markdown link to one of our addresses or an evidence link (http or https: the schema says so)."""
    safe = re.sub(r"[\s()<>]", lambda m: "%{:02X}".format(ord(m.group(0))), url)
    return f"[{escape(title)}]({safe})"


class Writer:
    """The draft as Markdown, in a language: `words` gives our labels and dates in it (pages.Pages)."""

    def __init__(self, words, site_url: str | None, root_url: str | None, today: date):
        self.words, self.site_url, self.root_url, self.today = words, site_url, root_url, today
        self.lines: list[str] = []

    # --- small pieces

    def t(self, text) -> str:
        return escape(pick(text, self.words.languages))

    def _(self, message: str, **values) -> str:
        """Our label, escaped too (a translation may hold a Markdown special); `values` as plain text."""
        return escape(self.words.gettext(message, **values))

    def raw_label(self, vocabulary: dict, slug) -> str:
        return Markup(self.words.label(vocabulary, slug)).unescape()

    def label(self, vocabulary: dict, slug) -> str:
        return escape(self.raw_label(vocabulary, slug))

    def when(self, value) -> str:
        return escape(self.words.day_text(value)) if value else ""

    def page(self, path: str) -> str:
        return urls.absolute(path, self.site_url)

    def evidence_link(self, e: Evidence) -> str:
        url = urls.evidence(e)
        return link(pick(e.title, self.words.languages), url if "://" in url else urls.absolute(url, self.root_url))

    def say(self, *lines: str):
        self.lines += [*lines, ""]

    def text(self, value):
        for p in paragraphs(pick(value, self.words.languages)):
            self.say(p)

    def to_write(self, key: str):
        self.say(f"> **{self._('To be written:')}** {self._(TO_WRITE[key])}")

    def heading(self, level: int, text: str):
        self.say("#" * level + " " + text)

    # --- the document

    def write(self, d: Draft) -> str:
        gettext = self.words.gettext  # noqa: the extractor finds the labels by the name gettext
        self.plan = d.plan
        title = gettext("End-of-commitment summary") if d.local else gettext("End-of-term self-assessment")
        self.heading(1, f"{escape(title)}: {self.t(d.plan.title)}")
        self.say(self._("A draft made from the repository's data on %(day)s. Write each part marked \u201cTo be "
                        "written\u201d, check the rest, then publish it.", day=self.words.day_text(self.today.isoformat())),
                 link(gettext("The draft on the repository's site"), self.page(urls.self_assessment(d.plan))))
        if d.local:
            self.local(d)
        else:
            self.national(d)
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def national(self, d: Draft):
        for number, (key, name) in enumerate(SECTIONS.items(), 1):
            self.heading(2, f"{number}. {self._(name)}")
            getattr(self, key.replace("-", "_"))(d)

    def local(self, d: Draft):
        plan = d.plan
        self.say(self._("Action plan %(period)s.", period=self.words.day_text(plan.start) + " \u2013 " +
                        self.words.day_text(plan.end)))
        body = plan.data.get("monitoring_body") or {}
        if body.get("name"):
            self.say(f"{self._('Monitoring body')}: {self.t(body['name'])}")
        self.commitments(d)

    # --- the sections of the national template, in order

    def context(self, d: Draft):
        for text in d.context:
            self.text(text)
        if "context" in d.missing:
            self.to_write("context")

    def process(self, d: Draft):
        gettext = self.words.gettext  # noqa
        plan = d.plan
        self.heading(3, self._("Participation in co-creation"))
        if plan.data.get("development"):
            self.text(plan.data["development"])
        self.meetings(d.meetings[CO_CREATION])
        if d.contributions_total:
            counts = ", ".join(f"{self.raw_label(vocab.CONTRIBUTION_RESPONSES, slug)}: {n}"
                               for slug, n in d.contributions.items() if n)
            ngettext = self.words.translations.ngettext  # noqa: the extractor finds the labels by this name
            said = ngettext("%(num)s contribution received, with the government's reasoned response (%(counts)s).",
                            "%(num)s contributions received, each with the government's reasoned response "
                            "(%(counts)s).", d.contributions_total) % {"num": d.contributions_total, "counts": counts}
            self.say(escape(said),
                     link(gettext("The contributions and the responses"),
                          self.page(urls.process(plan.id)) + "#contributions"))
        if "co-creation" in d.missing:
            self.to_write("co-creation")
        self.heading(3, self._("Participation during implementation"))
        self.meetings(d.meetings[IMPLEMENTATION])
        if "implementation" in d.missing:
            self.to_write("implementation")
        if d.meetings[EITHER]:
            self.say(self._("Dated too coarsely to tell whether before or after the plan's start:"))
            self.meetings(d.meetings[EITHER])

    def meetings(self, meetings: list[dict]):
        kinds = self.words.settings.vocabularies.meeting_kinds
        for m in meetings:
            line = f"- {self.when(m.get('date'))}: {self.label(kinds, m.get('kind'))}, {self.t(m.get('title'))}"
            if m.get("participants"):
                line += f" ({escape(Markup(self.words.participants(m['participants'])).unescape())})"
            self.lines.append(line)
        if meetings:
            self.lines.append("")

    def recommendations(self, d: Draft):
        for i, r in enumerate(d.recommendations, 1):
            self.say(f"{i}\\. **{self.t(r.recommendation)}**")
            self.text(r.response)
            if r.commitments:
                self.say(f"{self._('Commitments')}: " + ", ".join(
                    link(pick(c.title, self.words.languages), self.page(urls.commitment(c))) for c in r.commitments))
        if "recommendations" in d.missing:
            self.to_write("recommendations")

    def commitments(self, d: Draft):
        for part in d.commitments:
            self.commitment(part, d.local)
        if "commitments" in d.missing:
            self.to_write("commitments")

    def eligibility(self, d: Draft):
        self.to_write("eligibility")

    def peer_exchange(self, d: Draft):
        self.to_write("peer-exchange")

    def conclusion(self, d: Draft):
        counts = "; ".join(f"{self.label(vocab.COMPLETION_STATES, slug)}: {n}" for slug, n in d.completion.items())
        if counts:
            self.say(f"{self._('Commitments by completion level')}: {counts}")
        share = self.words.on_time_share(d.milestones)
        if share:
            self.say(f"{self._('Finished on time')}: {escape(share)}")
        self.to_write("conclusion")

    # --- a commitment

    def commitment(self, part: CommitmentPart, local: bool):
        gettext = self.words.gettext  # noqa
        ngettext = self.words.translations.ngettext  # noqa: the extractor finds the labels by this name
        c = part.commitment
        number = f"{c.data['number']}. " if isinstance(c.data.get("number"), int) else ""
        self.heading(3, number + self.t(c.title))
        facts = [(gettext("Completion (self-reported)"), self.label(vocab.COMPLETION_STATES, c.status))]
        if part.irm_completion:
            facts.append((gettext("Completion (IRM)"), self.label(vocab.IRM_COMPLETION, part.irm_completion)))
        if c.data.get("ogp_id"):
            facts.append((gettext("OGP id"), escape(c.data["ogp_id"])))
        facts.append((ngettext("Lead agency", "Lead agencies", len(c.leads)),
                      "; ".join(self.t(o.get("organisation")) for o in c.leads)))
        facts.append((gettext("Period"), f"{self.when(c.start)} \u2013 {self.when(c.end)}"))
        facts.append((gettext("Its page"), link(pick(c.title, self.words.languages), self.page(urls.commitment(c)))))
        self.say(*(f"- {escape(name)}: {value}" for name, value in facts))
        self.heading(4, self._("What was done") if local else self._("Milestones"))
        self.milestones(part)
        self.heading(4, self._("Results"))
        if part.results:
            self.text(part.results)
        else:
            self.to_write("results")
        if not part.results and part.latest:
            self.say(self._("The latest progress reported (%(report)s):", report=self.words.report_name(part.latest)))
            self.text(part.latest.data["progress"])
        if local:
            self.heading(4, self._("Evidence"))
            self.evidence(part)
        self.heading(4, self._("Next steps"))
        if part.next_steps_from:
            self.say(self._("From the %(report)s:", report=self.words.report_name(part.next_steps_from)))
        if part.next_steps:
            self.text(part.next_steps)
        else:
            self.to_write("next-steps")

    def milestones(self, part: CommitmentPart):
        gettext = self.words.gettext  # noqa
        for line in part.milestones:
            m = line.milestone
            self.lines.append(f"- **{escape(m.label)}** {self.t(m.title)}")
            status = self.label(vocab.MILESTONE_STATES, m.status)
            if m.overdue:
                status += f" ({escape(self.words.late_label(self.plan))})"
            planned = self.when(m.due) if not m.start else f"{self.when(m.start)} \u2013 {self.when(m.due)}"
            details = [(gettext("Status"), status), (gettext("Planned"), planned)]
            if line.finish:
                details.append((gettext("Finished, as reported"), self.finish(line.finish)))
            if line.evidence:
                details.append((gettext("Evidence"), ", ".join(self.evidence_link(e) for e in line.evidence)))
            self.lines += [f"    - {escape(name)}: {value}" for name, value in details]
        self.lines.append("")

    def finish(self, found: schedule.Finish) -> str:
        window = escape(Markup(self.words.window(found)).striptags())
        verdict = self.words.verdict(found)
        return window + (f" ({escape(verdict)})" if verdict else "")

    def evidence(self, part: CommitmentPart):
        for e in part.commitment.evidence:
            self.lines.append(f"- {self.evidence_link(e)}" + (f", {self.when(e.date)}" if e.date else ""))
        self.lines.append("")
        if "evidence" in part.missing:
            self.to_write("evidence")


def markdown(plan: Plan, repo: Repository, words, site_url: str | None, root_url: str | None, today: date) -> str:
    """The draft of a plan as a Markdown file, in the language of `words` (pages.Pages)."""
    return Writer(words, site_url, root_url, today).write(draft(plan, repo))


def download_name(plan: Plan, language: str) -> str:
    """The name the file is saved under: its address without .txt."""
    return urls.self_assessment_file(plan, language).rsplit("/", 1)[1].removesuffix(".txt")


def files(repo: Repository, words, site_url: str | None, root_url: str | None, today: date) -> dict[str, str]:
    """Each plan's draft as a Markdown file, by site path, in the language of `words`."""
    return {urls.self_assessment_file(plan, words.language): markdown(plan, repo, words, site_url, root_url, today)
            for plan in repo.plans}
