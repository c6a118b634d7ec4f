"""Atom and RSS feeds of what changed: progress updates, new evidence, co-creation meetings.

Entry ids are `tag:` URIs built from data ids, so they survive a rebuild, a new title or a new
domain. Entry dates come from the data or from git, never from the clock, so the same sources
give the same bytes.

An evidence entry is dated by the document's own date (its `date`), not by the day its file was
committed: a decree of 20 March 2026 added in May is news of 20 March. A date known only to a month,
quarter, half-year or year gives no day: the entry is dated by the commit that added the file when
that falls within the period (the document was published then, as far as anyone knows), else by
the period's first day; either way the entry says the date as written ("Date of the document:
March 2024"). Evidence without a date (or dated only in words) is dated by its commit, as before; a
link without a date has no commit of its own and no entry.

Each entry has a plain-text summary and an HTML content. A progress update's says its completion
level, the milestones and activities whose status it changed against the report before ("1.2: In
progress → Finished"), its text and links to the evidence it cites; an evidence entry's says the
document's date and kind and links to it. The HTML is ours: every text from the content in it is
escaped, so agency text never becomes markup (an RSS description is read as HTML by every reader).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from feedgen.feed import FeedGenerator

from . import dates, i18n, urls
from .dates import DAY
from .model import Commitment, Evidence, Plan, Repository, Update
from .text import pick
from .vocab import COMPLETION_STATES, EVIDENCE_KINDS, MEETING_KINDS, MILESTONE_STATES, label


# The site's and each plan's feeds carry the newest entries only, as feeds do: a reader polls
# them; the whole history is on the pages, in repository.json and in each commitment's feed.
RECENT = 100


@dataclass(frozen=True)
class Entry:
    tag: str  # the part of the id after the authority
    title: str
    link: str  # site path with anchor
    when: datetime
    summary: str  # plain text
    category: str
    html: str = ""  # the content as HTML, every text from the content escaped in it


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, escaped."""
    return "".join(f"<p>{escape(b.strip())}</p>" for b in re.split(r"\n\s*\n", text) if b.strip())


def evidence_moment(e: Evidence) -> datetime | None:
    """When an evidence entry is dated (see the module's docstring)."""
    when = e.date
    if when.precision == DAY:
        return day(when.start)
    if when.start is None:
        return e.added
    if e.added and when.start <= e.added.date() <= when.end:
        return e.added
    return day(when.start)


def day(value: date) -> datetime:
    """A day as the start of that day in UTC (feeds need a moment, data has a day)."""
    return datetime.combine(value, time(), timezone.utc)


class Feeds:
    def __init__(self, repo: Repository, site_url: str | None, authority: str, recorded: dict | None = None,
                 language: str | None = None, root_url: str | None = None):
        """The feeds of one language's site (at `site_url`); evidence is at the root site (`root_url`).
        `recorded`: per plan, when each meeting known only to the month was first recorded (git).
        Entry ids are the same in every language: an entry is the same news, told in each."""
        self.repo, self.site_url, self.authority = repo, site_url, authority
        self.root_url = root_url if root_url is not None else site_url
        self.recorded = recorded or {}
        self.language = language or repo.languages[0]
        self.languages = [self.language] + [lang for lang in repo.languages if lang != self.language]
        self.translations = i18n.translations(self.language)
        self.name = self.t(repo.member.get("name"))

    def t(self, text) -> str:
        return pick(text, self.languages)

    def _(self, message: str, **values) -> str:
        return self.translations.gettext(message) % values if values else self.translations.gettext(message)

    def label(self, vocabulary: dict, slug) -> str:
        return self.translations.gettext(label(vocabulary, slug)) if slug else ""

    def when(self, value) -> str:
        return dates.shown(value, self.language, self._("{half} half of {year}")) if value else ""

    # --- entries ---------------------------------------------------------------------------

    def commitment_entries(self, c: Commitment) -> list[Entry]:
        title = self.t(c.title)
        page = urls.commitment(c)
        entries = []
        for u in c.updates:
            if u.published is None:
                continue
            name = self._("report for %(period)s", period=self.when(u.key)) if u.labelled else self.when(u.key)
            text, content = self.update_content(u, c)
            entries.append(Entry(f"{page}updates/{u.key}", self._("Progress update: %(title)s (%(name)s)", title=title,
                                                                  name=name),
                                 f"{page}#{u.anchor}", day(u.published), text, "progress-update", content))
        return entries + self.evidence_entries(c, page, title)

    def update_content(self, u: Update, c: Commitment) -> tuple[str, str]:
        """What an update says, as plain text and as HTML: its completion level, its text (or what it
        says of each milestone), the status changes it made, the evidence it cites."""
        text, content = [], []
        if u.data.get("completion"):
            level = self.label(COMPLETION_STATES, u.data["completion"])
            text.append(self._("Completion: %(level)s", level=level))
            content.append(f"<p>{escape(self._('Completion: %(level)s', level=level))}</p>")
        said = self.t(u.data.get("progress")) or self.records(u, c)
        if said:
            text.append(said)
            content.append(paragraphs(said))
        changes = [f"{label}: {self.label(MILESTONE_STATES, before)} \u2192 {self.label(MILESTONE_STATES, after)}"
                   if before else f"{label}: {self.label(MILESTONE_STATES, after)}"
                   for label, before, after in self.changes(u, c)]
        if changes:
            text += [self._("Milestone changes:"), *changes]
            content.append(f"<p>{escape(self._('Milestone changes:'))}</p><ul>"
                           + "".join(f"<li>{escape(line)}</li>" for line in changes) + "</ul>")
        cited = self.cited(u, c)
        if cited:
            text += [self._("Evidence:"), *(f"{self.t(e.title)} <{self.evidence_url(e)}>" for e in cited)]
            content.append(f"<p>{escape(self._('Evidence:'))}</p><ul>" + "".join(
                f'<li><a href="{escape(self.evidence_url(e))}">{escape(self.t(e.title))}</a></li>' for e in cited)
                + "</ul>")
        return "\n".join(text), "".join(content)

    def changes(self, u: Update, c: Commitment) -> list[tuple[str, str | None, str]]:
        """(label, status before, status now) of each milestone or activity whose status the update
        changed against the report before it (or gave for the first time)."""
        out = []
        for step in c.steps:
            for i, event in enumerate(step.history):
                if event.update is u:
                    before = step.history[i - 1].status if i else None
                    if before != event.status:
                        out.append((step.label, before, event.status))
        return out

    def cited(self, u: Update, c: Commitment) -> list[Evidence]:
        """The evidence an update cites, itself or for one of its milestones or activities."""
        refs = [*u.evidence, *(ref for record in u.items.values() if isinstance(record, dict)
                               for ref in record.get("evidence") or [])]
        found = [c.find_evidence(ref) for ref in dict.fromkeys(refs)]
        return [e for e in found if e is not None]

    def evidence_url(self, e: Evidence) -> str:
        """A file is published once, at the root site; a link is where it points."""
        return e.url if e.url else urls.absolute(urls.evidence(e), self.root_url)

    def records(self, u, c: Commitment) -> str:
        """What a tracker report says of each milestone or activity, as one line each."""
        lines = []
        for name, record in {**{k: {"status": v} for k, v in u.milestones.items()}, **u.items}.items():
            step = c.step(name)
            said = self.t(record.get("progress"))
            lines.append(f"{step.label if step else name}: {self.label(MILESTONE_STATES, record.get('status'))}"
                         + (f". {said}" if said else ""))
        return "\n".join(lines)

    def evidence_entries(self, item, page: str, owner: str) -> list[Entry]:
        entries = []
        for e in item.evidence:
            when = evidence_moment(e)
            if when is None:
                continue
            text, content = self.evidence_content(e)
            # the id names the plan and item, not the folder: a renamed evidence_dir keeps every id
            entries.append(Entry(f"evidence/{item.plan_id}/{item.key}/{e.id}",
                                 self._("New evidence: %(title)s (%(owner)s)", title=self.t(e.title), owner=owner),
                                 f"{page}#{e.anchor}", when, text, "evidence", content))
        return entries

    def evidence_content(self, e: Evidence) -> tuple[str, str]:
        """An evidence item's description, the document's date as written and its kind, and a link to it."""
        text, content = [], []
        description = self.t(e.data.get("description"))
        if description:
            text.append(description)
            content.append(paragraphs(description))
        if e.date.value or e.date.text:
            written = self.when(e.date.value) if e.date.value else self.t(e.date.text)
            facts = self._("Date of the document: %(date)s", date=written)
        else:
            facts = self._("Added to the repository on %(date)s", date=self.when(e.added.date().isoformat()))
        if e.kind:
            facts += f" \u00b7 {self.label(EVIDENCE_KINDS, e.kind)}"
        text.append(facts)
        content.append(f"<p>{escape(facts)}</p>")
        url = self.evidence_url(e)
        text.append(url)
        content.append(f'<p><a href="{escape(url)}">{escape(self.t(e.title))}</a></p>')
        return "\n".join(text), "".join(content)

    def plan_entries(self, plan: Plan) -> list[Entry]:
        page = urls.process(plan.id)
        recorded = self.recorded.get(plan.id, {})
        entries = []
        for m in plan.process.meetings:
            when = dates.parse(m.get("date"))
            # a meeting dated to the day is dated so; one known to the month, by when it was recorded
            moment = day(when.start) if when.precision == DAY else recorded.get(m["id"])
            if moment is None:
                continue
            shown = self.when(when.value) if when.value else self.t(when.text)
            entries.append(Entry(f"plans/{plan.id}/meetings/{m['id']}",
                                 f"{self.label(MEETING_KINDS, m['kind'])}: {self.t(m['title'])} ({shown})",
                                 f"{page}#meeting-{m['id']}", moment, self.t(m.get("description")), "co-creation"))
        entries += self.evidence_entries(plan.process, page, self._("co-creation"))
        for c in plan.commitments:
            entries += self.commitment_entries(c)
        return entries

    def files(self) -> dict[str, bytes]:
        """Every feed of the site, by path: the whole site, each plan, each commitment."""
        out: dict[str, bytes] = {}
        everything = []
        for plan in self.repo.plans:
            entries = self.plan_entries(plan)
            everything += entries
            out.update(self.render(urls.feeds(urls.plan(plan)), f"{self.name}: {self.t(plan.title)}",
                                   urls.plan(plan), entries, RECENT))
            for c in plan.commitments:
                out.update(self.render(urls.feeds(urls.commitment(c)), f"{self.name}: {self.t(c.title)}",
                                       urls.commitment(c), self.commitment_entries(c)))
        out.update(self.render(urls.SITE_FEEDS, self._("%(member)s: open government action plan updates",
                                                       member=self.name), urls.HOME, everything, RECENT))
        return out

    def render(self, paths: dict[str, str], title: str, page: str, entries: list[Entry],
               limit: int | None = None) -> dict[str, bytes]:
        entries = sorted(entries, key=lambda e: (e.when, e.tag), reverse=True)[:limit]
        atom = self.generator(paths["atom"], title, page, entries)
        rss = self.generator(paths["rss"], title, page, entries, rss=True)
        return {paths["atom"]: atom.atom_str(pretty=True), paths["rss"]: rss.rss_str(pretty=True)}

    def generator(self, path: str, title: str, page: str, entries: list[Entry], rss: bool = False) -> FeedGenerator:
        """An Atom feed (its titles and summaries are type="text": shown as written; its content is
        our HTML, type="html") or an RSS feed. Readers take RSS titles and descriptions for HTML, so
        there agencies' text is HTML-escaped and the description is our HTML: an `<img onerror=…>` in
        a progress update arrives as text, never as an element."""
        text = html.escape if rss else str
        fg = FeedGenerator()
        fg.id(self.tag(page or "home"))
        fg.title(text(title))
        fg.subtitle(text(self._("Progress updates, evidence and co-creation meetings published by %(member)s.",
                                member=self.name)))
        fg.link(href=urls.absolute(page, self.site_url) or "./", rel="alternate")
        fg.link(href=urls.absolute(path, self.site_url), rel="self")
        fg.language(self.language)
        fg.author(name=text(self.name))
        # the feed changes when its newest entry does, not when it is rebuilt
        updated = entries[0].when if entries else (self.repo.last_updated or day(date(1970, 1, 1)))
        fg.updated(updated)
        fg.lastBuildDate(updated)
        fg.generator("ogrepo")
        for e in entries:
            fe = fg.add_entry(order="append")
            fe.id(self.tag(e.tag))
            fe.guid(self.tag(e.tag), permalink=False)
            fe.title(text(e.title))
            fe.link(href=urls.absolute(e.link, self.site_url))
            fe.updated(e.when)
            fe.published(e.when)
            fe.category(term=e.category)
            if rss:
                fe.description(e.html or html.escape(e.summary or e.title))
            else:
                fe.summary(e.summary or e.title)
                if e.html:
                    fe.content(e.html, type="html")
        return fg

    def tag(self, path: str) -> str:
        return f"tag:{self.authority}:{path}"
