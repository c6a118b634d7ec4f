"""The generated pages, as Markdown files with HTML blocks, rendered from the model.

Everything that comes from content is escaped: titles in Markdown headings are escaped for
Markdown and HTML, everything else is written into HTML blocks with Jinja's autoescape, which
Markdown passes through untouched. Links are relative to the page, so the site works under any
base path. The templates only lay out: what is counted, listed or formatted is decided here.
"""

from __future__ import annotations

import gettext
import html
import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from itertools import groupby

from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from . import dates, freshness, urls, vocab
from .model import Activity, Commitment, Item, Milestone, Plan, Repository, Step, Update, anchor_name
from .text import language_of, pick

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass
class Settings:
    stale_after_months: int = 6
    repo_url: str | None = None  # links "last updated" to the commit that made the change
    vocabularies: vocab.Vocabularies = field(default_factory=vocab.Vocabularies)


class Pages:
    def __init__(self, repo: Repository, settings: Settings, now: datetime):
        self.repo, self.settings, self.now = repo, settings, now
        self.languages = repo.languages
        self.language = self.languages[0]
        self.locale = dates.locale(self.language)
        # dates repeat across thousands of rows: each is formatted once per build
        self.stamp = cache(self.stamp)
        self.env = Environment(loader=PackageLoader("ogrepo", "templates"), autoescape=True,
                               extensions=["jinja2.ext.i18n"],
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.translations = gettext.NullTranslations()
        self.env.install_gettext_translations(self.translations, newstyle=True)
        self.env.filters.update(
            t=self.t, paras=self.paras, md=self.md, page_title=self.page_title,
            day=self.day, day_text=self.day_text, stamp=self.stamp, number=self.number,
            size=human_size, fmt=file_format, pair_with=lambda value, owner: (owner, value),
            labels=self.labels, resources=self.resources, participants=self.participants,
            language_names=self.language_names, tally=tally, milestones=plan_milestones,
            finished_count=finished_count, overdue_moments=overdue_moments, plan_evidence=plan_evidence,
            watch_list=watch_list, late_milestones=late_milestones, groupby_plan=groupby_plan,
            step_anchor=step_anchor, report_name=self.report_name, responsible=self.responsible,
            by_date=lambda entries, key: sorted(entries, key=lambda e: dates.parse(e.get(key)).sort_key),
        )
        self.env.tests["activity"] = lambda value: isinstance(value, Activity)
        self.env.globals.update(vocab=vocab, vocabs=settings.vocabularies, label=self.label, urls=urls, repo=repo,
                                settings=settings, now=now, feeds=urls.feeds, stale_after=self.stale_after,
                                Markup=Markup)

    def gettext(self, message: str, **values) -> str:
        """A label of ours in the site's language, for text composed here rather than in a template."""
        text = self.translations.gettext(message)
        return text % values if values else text

    # --- filters ---------------------------------------------------------------------------

    def t(self, text) -> Markup:
        """Text in the site's language, marked with its own language when it falls back to another."""
        value = pick(text, self.languages)
        lang = language_of(text, self.languages)
        if lang and lang != self.language:
            return Markup('<span lang="{}">{}</span>').format(lang, value)
        return escape(value)

    def paras(self, text) -> Markup:
        """Plain text with blank lines as paragraphs: authors' text is never read as HTML."""
        value = pick(text, self.languages)
        lang = language_of(text, self.languages)
        attr = Markup(' lang="{}"').format(lang) if lang and lang != self.language else ""
        blocks = [b.strip() for b in re.split(r"\n\s*\n", value) if b.strip()]
        return Markup("").join(Markup("<p{}>{}</p>").format(attr, escape(b).replace("\n", Markup("<br>")))
                               for b in blocks)

    def page_title(self, text) -> str:
        """A title for front matter: Material prints it as HTML, so '<' and '&' are escaped here
        (quotes need not be: escaped, they showed as &#39; where Material escapes again)."""
        return html.escape(pick(text, self.languages), quote=False)

    def md(self, text) -> Markup:
        """Text for a Markdown heading: HTML-escaped, then Markdown's specials escaped."""
        value = html.escape(pick(text, self.languages), quote=False).replace("\n", " ")
        return Markup(_MD_SPECIAL.sub(r"\\\1", value))

    def day(self, value) -> Markup:
        """A date at its own precision, with the source's words when it gives them. Days, months
        and years are <time> elements; a quarter or half-year has no HTML date form, so its first
        and last day are given instead."""
        when = value if isinstance(value, dates.When) else dates.parse(value)
        if not when:
            return Markup("")
        words = self.t(when.text) if when.text else None
        if when.value is None:
            return words
        shown = self.day_text(when.value)
        if when.precision in (dates.QUARTER, dates.HALF):
            element = Markup('<span class="ogr-period" data-first-day="{}" data-last-day="{}">{}</span>').format(
                when.start.isoformat(), when.end.isoformat(), words or shown)
        else:
            element = Markup('<time datetime="{}">{}</time>').format(when.value, words or shown)
        return element + Markup(" ({})").format(shown) if words else element

    def day_text(self, value) -> str:
        """A date as text at its own precision (in headings, where an element would not survive
        the table of contents)."""
        when = value if isinstance(value, dates.When) else dates.parse(value)
        if when.value is None:
            return pick(when.text, self.languages)
        return dates.shown(when.value, self.language, self.gettext("{half} half of {year}"))

    def stamp(self, when: datetime | None) -> Markup:
        """A moment (a commit's date): its day is shown, the full moment is in `datetime`."""
        if when is None:
            return Markup("<span>{}</span>").format(self.gettext("not yet recorded"))
        return Markup('<time datetime="{}">{}</time>').format(when.isoformat(), dates.long_moment(when, self.language))

    def report_name(self, u: Update, capital: bool = False) -> str:
        """'report for Q1 2024' (a tracker's period), or 'update of April 15, 2026'."""
        if u.labelled:
            text = self.gettext("Report for %(period)s" if capital else "report for %(period)s",
                                period=self.day_text(u.key))
        else:
            text = self.gettext("Update of %(date)s" if capital else "update of %(date)s", date=self.day_text(u.key))
        return text

    def responsible(self, value) -> Markup:
        """Who is responsible: one organisation, or several."""
        values = value if isinstance(value, list) else [value] if value else []
        return Markup("; ").join(self.t(v) for v in values)

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale)

    def label(self, vocabulary: dict, slug) -> Markup:
        """The label of a slug (a member's own labels may be given per language)."""
        return self.t(vocabulary.get(slug, slug)) if slug else Markup("")

    def labels(self, slugs, vocabulary: dict) -> Markup:
        return Markup("; ").join(self.label(vocabulary, s) for s in slugs or [] if s)

    def resources(self, r: dict) -> Markup:
        _ = self.gettext
        parts = []
        budget = r.get("budget") or {}
        if budget.get("amount") is not None:
            parts.append(_("budget %(amount)s %(currency)s", amount=self.number(budget["amount"]),
                           currency=budget.get("currency") or ""))
        if r.get("staff") is not None:
            parts.append(_("%(n)s staff", n=self.number(r["staff"])))
        if r.get("months") is not None:
            parts.append(_("%(n)s months", n=self.number(r["months"])))
        if r.get("secured"):
            parts.append(_("secured: %(answer)s", answer=vocab.label(vocab.RESOURCES_SECURED, r["secured"])))
        out = Markup("; ").join(parts)
        if r.get("other"):
            out += Markup("<br> ") + self.t(r["other"])
        return out

    def participants(self, p: dict) -> Markup:
        counts = [f"{self.number(p[k])} {vocab.label(vocab.PARTICIPANT_GROUPS, k)}"
                  for k in vocab.PARTICIPANT_GROUPS if p.get(k) is not None]
        out = escape(", ".join(counts))
        if p.get("affiliations"):
            names = Markup(", ").join(self.t(a) for a in p["affiliations"])
            out = out + Markup("; ") + names if counts else names
        return out

    def language_names(self, codes) -> str:
        return ", ".join(dates.locale(c).get_display_name(self.locale) or c for c in codes or [])

    def stale_after(self, target) -> str:
        return freshness.stale_after(target.last_updated, self.settings.stale_after_months).isoformat()

    # --- pages -----------------------------------------------------------------------------

    def render(self, template: str, page: str, **context) -> str:
        def rel(target: str) -> str:
            """For HTML: relative to the page's address."""
            return relative(page, target)

        def link(target: str) -> str:
            """For Markdown links, which MkDocs resolves from the source file and checks."""
            target = urls.source(target) if target.endswith("/") or not target else target
            return posixpath.relpath("/" + target, "/" + posixpath.dirname(urls.source(page)))

        return self.env.get_template(template).render(page=page, rel=rel, link=link, **context)

    def files(self) -> dict[str, str]:
        """Every generated page: Markdown source path -> text."""
        out = {urls.source(urls.HOME): self.render("home.md.j2", urls.HOME)}
        for plan in self.repo.plans:
            out[urls.source(urls.plan(plan))] = self.render("plan.md.j2", urls.plan(plan), plan=plan)
            out[urls.source(urls.process(plan.id))] = self.render("process.md.j2", urls.process(plan.id), plan=plan,
                                                                  item=plan.process)
            out[urls.source(urls.commitments(plan))] = self.render("commitments.md.j2", urls.commitments(plan), plan=plan)
            out[urls.source(urls.evidence_index(plan))] = self.render("evidence.md.j2", urls.evidence_index(plan),
                                                                      plan=plan)
            for c in plan.commitments:
                out[urls.source(urls.commitment(c))] = self.render("commitment.md.j2", urls.commitment(c), plan=plan,
                                                                   item=c, c=c)
        return out

    def page_footer(self, page: str, when: datetime | None, commit: str | None) -> str:
        """The 'last updated' line of a hand-written page."""
        return self.render("_updated.md.j2", page, when=when, commit=commit, item=None)


# --- what the pages count and list ----------------------------------------------------------

def step_anchor(step: Step) -> str:
    """A milestone's or an activity's permalink on its commitment's page."""
    kind = "activity" if isinstance(step, Activity) else "milestone"
    return f"{kind}-{anchor_name(step.id or '')}"


def plan_milestones(plan: Plan) -> list[Milestone]:
    return [m for c in plan.commitments for m in c.milestones]


def finished_count(steps: list[Step]) -> int:
    return sum(s.done for s in steps)


def overdue_moments(milestones: list[Step]) -> list[str]:
    """When each milestone that is not overdue yet will be, for the browser to count."""
    return [m.overdue_after for m in milestones if m.overdue_after]


def tally(items, states: dict[str, str]) -> list[tuple[str, int, int]]:
    """(label, count, share in %) per state, in the vocabulary's order."""
    total = len(items)
    counts = {slug: 0 for slug in states}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return [(vocab.label(states, slug), n, round(100 * n / total) if total else 0) for slug, n in counts.items()]


def plan_evidence(plan: Plan) -> list[tuple[Item, object]]:
    return [(item, e) for item in [plan.process, *plan.commitments] for e in item.evidence]


def watch_list(repo: Repository) -> list[tuple[Plan, Item]]:
    """Every item that can still become stale: the stale ones, and the others with the moment they will."""
    return [(plan, item) for plan in repo.plans for item in [plan.process, *plan.commitments]
            if not item.final and item.last_updated]


def late_milestones(repo: Repository, ended: bool) -> list[tuple[Plan, Commitment, Step]]:
    """Of ended plans: the milestones and activities not finished when the plan ended. Of the
    others: those overdue now and those that will be if nothing is reported (the browser shows
    them then)."""
    return [(plan, c, s) for plan in repo.plans if (plan.phase == "ended") == ended
            for c in plan.commitments for s in c.steps if s.overdue or (not ended and s.overdue_after)]


def groupby_plan(rows):
    return [(plan, [(c, m) for _, c, m in group]) for plan, group in groupby(rows, key=lambda row: row[0])]


def relative(page: str, target: str) -> str:
    """A link from the page at `page` (a directory URL) to the site path `target`."""
    if target.startswith(("http://", "https://", "#")):
        return target
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath("/" + path, "/" + page) if path else "."
    if path.endswith("/") and rel != ".":
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel + ("#" + anchor if anchor else "")


def human_size(n: int | None) -> str:
    if n is None:
        return ""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def file_format(name: str) -> str:
    ext = posixpath.splitext(name)[1].lstrip(".").upper()
    return ext or "file"
