"""The generated pages, as Markdown files with HTML blocks, rendered from the model.

Everything that comes from content is escaped: titles in Markdown headings are escaped for
Markdown and HTML, everything else is written into HTML blocks with Jinja's autoescape, which
Markdown passes through untouched. Links are relative to the page, so the site works under any
base path. The templates only lay out: what is counted, listed or formatted is decided here.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, partial
from itertools import groupby

from babel.numbers import format_decimal, format_percent
from jinja2 import BytecodeCache, Environment, PackageLoader
from markupsafe import Markup, escape

from . import compliance, dates, evidence_list, freshness, i18n, schedule, self_assessment, urls, vocab
from .evidence_pages import EvidencePages
from .model import Activity, Commitment, Item, Milestone, Plan, Repository, Step, Update, anchor_name
from .text import language_of, pick

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass
class Settings:
    stale_after_months: int = 6
    repo_url: str | None = None  # links "last updated" to the commit that made the change
    vocabularies: vocab.Vocabularies = field(default_factory=vocab.Vocabularies)
    site_url: str | None = None  # the first language's site: evidence pages cite their absolute address
    site_name: str | None = None
    evidence_bags: dict = field(default_factory=dict)  # plan id -> its evidence as a BagIt ZIP (bag.Bag)
    compliance: dict = field(default_factory=dict)  # plan id -> its checks (compliance.py), computed once


FALLBACK_NOTE = "<!-- ogrepo: fallback note -->"


class _Compiled(BytecodeCache):
    """The templates compiled once per process, for every language's pages (each language has
    its own environment: its translations and filters)."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


class Pages(EvidencePages):
    def __init__(self, repo: Repository, settings: Settings, now: datetime, language: str | None = None):
        """The pages in one language (the member's first, unless said): its own texts first, then
        the others (marked with their language) when a text is missing in it."""
        self.repo, self.settings, self.now = repo, settings, now
        self.language = language or repo.languages[0]
        self.languages = [self.language] + [lang for lang in repo.languages if lang != self.language]
        self.locale = dates.locale(self.language)
        # the other languages' sites are one folder down: shared files (evidence, data) are one up
        self.up = "" if self.language == repo.languages[0] else "../"
        self.fell_back = False
        # dates repeat across thousands of rows: each is formatted once per build
        self.stamp = cache(self.stamp)
        self.env = Environment(loader=PackageLoader("ogrepo", "templates"), autoescape=True,
                               extensions=["jinja2.ext.i18n"], bytecode_cache=_COMPILED,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.translations = i18n.translations(self.language)
        self.env.install_gettext_translations(self.translations, newstyle=True)
        self.env.filters.update(
            t=self.t, paras=self.paras, md=self.md, page_title=self.page_title, heading_lang=self.heading_lang,
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
                                Markup=Markup, shared=lambda path: path if "://" in path else self.up + path, language=self.language,
                                fallback_note=Markup(FALLBACK_NOTE), status=self.status, badge=self.badge,
                                late=self.late, late_label=self.late_label, progress=self.progress, since=self.since,
                                finished=self.finished, on_time_share=self.on_time_share,
                                organisations=self.organisations, contact=self.contact,
                                evidence_rows=self.evidence_table, evidence_browser=self.evidence_browser,
                                evidence_bag=self.evidence_bag)

    def gettext(self, message: str, **values) -> str:
        """A label of ours in the site's language, for text composed here rather than in a template."""
        text = self.translations.gettext(message)
        return text % values if values else text

    # --- filters ---------------------------------------------------------------------------

    def fallback(self, text) -> str | None:
        """The language a text is shown in when it is not the page's: a text written once counts as
        the member's first language."""
        lang = language_of(text, self.languages) or (self.repo.languages[0] if isinstance(text, str) else None)
        if lang and lang != self.language:
            self.fell_back = True
            return lang
        return None

    def t(self, text) -> Markup:
        """Text in the page's language; one missing in it is shown in another, marked with that
        language (for screen readers, spell-checkers and, visibly, for readers)."""
        value = pick(text, self.languages)
        lang = self.fallback(text)
        if lang:  # f-strings with escape(), as Markup.format does (in every row: 10 times faster)
            return Markup(f'<span lang="{escape(lang)}" class="ogr-fallback">{escape(value)}</span>')
        return escape(value)

    def paras(self, text) -> Markup:
        """Plain text with blank lines as paragraphs: authors' text is never read as HTML."""
        value = pick(text, self.languages)
        lang = self.fallback(text)
        attr = Markup(' lang="{}" class="ogr-fallback"').format(lang) if lang else ""
        blocks = [b.strip() for b in re.split(r"\n\s*\n", value) if b.strip()]
        return Markup("").join(Markup("<p{}>{}</p>").format(attr, escape(b).replace("\n", Markup("<br>")))
                               for b in blocks)

    def heading_lang(self, text, inner: bool = False) -> str:
        """The attribute list that marks a Markdown heading in another language than the page's."""
        lang = self.fallback(text)
        if not lang:
            return ""
        return f" lang={lang}" if inner else f" {{: lang={lang} }}"

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
        x = escape
        if when.precision in (dates.QUARTER, dates.HALF):
            element = Markup(f'<span class="ogr-period" data-first-day="{x(when.start.isoformat())}" '
                             f'data-last-day="{x(when.end.isoformat())}">{x(words or shown)}</span>')
        else:
            element = Markup(f'<time datetime="{x(when.value)}">{x(words or shown)}</time>')
        if not words or str(words).strip().casefold() == str(escape(shown)).casefold():
            return element  # "March 2026" written as the date is shown: not "March 2026 (March 2026)"
        return Markup(f"{element} ({x(shown)})")

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

    # --- small pieces of markup, used in every row (in Python: a template macro per cell is slow) ----

    def status(self, slug: str, vocabulary: dict) -> Markup:
        return Markup(f'<span class="ogr-status ogr-status--{escape(slug)}">{self.label(vocabulary, slug)}</span>')

    def badge(self, target) -> Markup:
        """Stale, final, or (hidden) the moment it will be stale."""
        if target.stale:
            return Markup('<span class="ogr-badge ogr-badge--stale" data-badge="stale" data-search-exclude>{}</span>'
                          ).format(self.gettext("needs an update"))
        if target.final:
            return Markup('<span class="ogr-badge ogr-badge--final" data-search-exclude>{}</span>').format(
                self.gettext("final"))
        if target.last_updated:
            return Markup('<span class="ogr-badge ogr-badge--stale" data-badge="stale" data-stale-after="{}" hidden '
                          'data-search-exclude>{}</span>').format(self.stale_after(target),
                                                                  self.gettext("needs an update"))
        return Markup("")

    def late_label(self, plan: Plan) -> str:
        if plan.phase == "ended":
            return self.gettext("not finished when the plan ended")
        return self.gettext("overdue")

    def late(self, step: Step, plan: Plan) -> Markup:
        """A milestone or activity not finished: flagged now, or from the moment its planned end passes."""
        if step.overdue:
            return Markup('<span class="ogr-badge ogr-badge--overdue" data-badge="overdue" data-search-exclude>{}</span>'
                          ).format(self.late_label(plan))
        if step.overdue_after:
            return Markup('<span class="ogr-badge ogr-badge--overdue" data-badge="overdue" data-overdue-after="{}" hidden '
                          'data-search-exclude>{}</span>').format(step.overdue_after, self.late_label(plan))
        return Markup("")

    def progress(self, steps: list[Step], plan: Plan) -> Markup:
        """'2 of 5', and the overdue count, recomputed in the browser from each unfinished one's moment."""
        out = escape(self.gettext("%(done)s of %(total)s", done=finished_count(steps), total=len(steps)))
        moments = overdue_moments(steps)
        now_late = sum(s.overdue for s in steps)
        if now_late or moments:
            out += Markup(' <span class="ogr-badge ogr-badge--overdue" data-badge="overdue" data-overdue-count="{}"{}{} '
                          'data-search-exclude><span data-count>{}</span> {}</span>').format(
                now_late, Markup(' data-overdue-moments="{}"').format(" ".join(moments)) if moments else "",
                Markup(" hidden") if not now_late else "", now_late, self.late_label(plan))
        return out

    def since(self, step: Step) -> Markup:
        """Where a status comes from: the report that set it, and every earlier one."""
        first = step.since
        if not first:
            return Markup("")
        out = Markup('<br> <small>{} <a href="#{}">{}</a></small>').format(
            self.gettext("since"), first.update.anchor, self.report_name(first.update))
        if len(step.history) > 1:
            rows = Markup("").join(Markup('<li><a href="#{}">{}</a>: {}</li>').format(
                e.update.anchor, self.report_name(e.update), self.status(e.status, vocab.MILESTONE_STATES))
                for e in step.history)
            out += Markup('<details class="ogr-history"><summary>{}</summary><ol>{}</ol></details>').format(
                self.gettext("History"), rows)
        return out

    def finished(self, step: Step) -> Markup:
        """When a finished milestone or activity was reported finished, and how that compares with
        its planned end, at the precision the reports give (schedule.py); nothing when not finished."""
        found = schedule.finish(step)
        if found is None:
            return Markup("")
        if found.report is None:
            return Markup('<span class="ogr-unknown">{}</span>').format(self.gettext("no report says when"))
        out = self.window(found)
        verdict = self.verdict(found)
        if verdict:
            out += Markup('<br> <span class="ogr-verdict" data-verdict="{}">{}</span>').format(found.verdict, verdict)
        return out

    def window(self, found: schedule.Finish) -> Markup:
        """When it was finished, as the reports say: 'Q3 2026', 'between February 16 and August 15,
        2024', 'by August 15, 2024' (nothing says how early)."""
        if found.by is None:
            return Markup('<span class="ogr-unknown">{}</span>').format(self.gettext("no report says when"))
        period = found.report.period
        if found.report.labelled and found.first == period.start and found.by == period.end:
            return self.day(period)
        if found.first == found.by:
            return self.day(found.by.isoformat())
        if found.first is None:
            return escape(self.gettext("by %(day)s")).replace("%(day)s", self.day(found.by.isoformat()))
        return escape(self.gettext("between %(first)s and %(last)s")).replace(
            "%(first)s", self.day(found.first.isoformat())).replace("%(last)s", self.day(found.by.isoformat()))

    def verdict(self, found: schedule.Finish) -> str:
        """'on time', 'at least 16 days late', 'on time or up to 20 days late'."""
        ngettext = self.translations.ngettext  # noqa: the extractor finds the labels by the name ngettext
        if found.verdict == schedule.ON_TIME:
            return self.gettext("on time")
        if found.verdict == schedule.LATE and found.exact:
            n = found.late_days
            return ngettext("%(days)s day late", "%(days)s days late", n) % {"days": self.number(n)}
        if found.verdict == schedule.LATE:
            n = found.late_days
            return ngettext("at least %(days)s day late", "at least %(days)s days late", n) % {"days": self.number(n)}
        if found.verdict == schedule.UNCERTAIN:
            n = found.late_days_at_most
            return ngettext("on time or up to %(days)s day late", "on time or up to %(days)s days late", n) % {
                "days": self.number(n)}
        return ""

    def on_time_share(self, steps: list[Step]) -> str:
        """'7 of 9 finished milestones on time (78 %); 1 late, 1 not known whether on time'; '' when
        none is finished (a milestone whose reports do not say counts as not on time)."""
        found = schedule.share(steps)
        if not found.finished:
            return ""
        out = self.gettext("%(on_time)s of %(finished)s finished milestones on time (%(percent)s)",
                           on_time=self.number(found.on_time), finished=self.number(found.finished),
                           percent=format_percent(found.on_time / found.finished, locale=self.locale))
        others = []
        if found.late:
            others.append(self.gettext("%(n)s late", n=self.number(found.late)))
        if found.unknown:
            others.append(self.gettext("%(n)s not known whether on time", n=self.number(found.unknown)))
        return out + ("; " + ", ".join(others) if others else "")

    def organisations(self, organisations: list[dict]) -> Markup:
        """Organisations, with their code, one after the other."""
        parts = []
        for o in organisations:
            part = self.t(o.get("organisation"))
            if o.get("code"):
                part += Markup(" ({})").format(o["code"])
            if o.get("branch"):
                part += Markup(", ") + self.t(o["branch"])
            parts.append(part)
        return Markup("; ").join(parts)

    def contact(self, person: dict) -> Markup:
        out = Markup("<strong>{}</strong>").format(self.t(person.get("name")))
        for key in ("title", "department", "organisation", "role"):
            if person.get(key):
                out += Markup(", ") + self.t(person[key])
        if person.get("email"):
            out += Markup('<br> <a href="mailto:{0}">{0}</a>').format(person["email"])
        if person.get("phone"):
            out += Markup('<br> <a href="tel:{}">{}</a>').format(person["phone"].replace(" ", ""), person["phone"])
        return out

    def report_name(self, u: Update, capital: bool = False) -> str:
        """'report for Q1 2024' (a tracker's period), or 'update of April 15, 2026'."""
        when = self.day_text(u.key)
        if u.labelled:
            return self.gettext("Report for %(period)s", period=when) if capital else \
                self.gettext("report for %(period)s", period=when)
        return self.gettext("Update of %(date)s", date=when) if capital else self.gettext("update of %(date)s", date=when)

    def responsible(self, value) -> Markup:
        """Who is responsible: one organisation, or several."""
        values = value if isinstance(value, list) else [value] if value else []
        return Markup("; ").join(self.t(v) for v in values)

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale)

    def label(self, vocabulary: dict, slug) -> Markup:
        """The label of a slug in the page's language: ours from the catalogue, a member's own
        (given per language in mkdocs.yml) as given."""
        if not slug:
            return Markup("")
        value = vocabulary.get(slug, slug)
        return escape(self.translations.gettext(value)) if isinstance(value, str) else self.t(value)

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

    def evidence_table(self, items, show_item: bool, rel, within: str = "", table_id: str = "",
                       values: list[dict] | None = None) -> Markup:
        """The table of evidence items ((owner, evidence) pairs): on a commitment's page (`within`
        "item") with the milestone each documents, on a plan's evidence page ("plan") and on the
        list of every plan's ("site") with what each is for, each row carrying what the browser's
        filters compare (`values`, evidence_list.values). Every row has its permalink and leads to
        the item's own page."""
        gettext = self.gettext  # noqa: the extractor finds the labels by the name gettext
        within = within or ("plan" if show_item else "item")
        names = {"for": gettext("For"), "evidence": gettext("Evidence"), "date": gettext("Date"), "kind": gettext("Kind"),
                 "milestone": gettext("Milestone"), "format": gettext("Format and size"), "added": gettext("Added")}
        columns = [c for c in ("for", "evidence", "date", "kind", "milestone", "format", "added")
                   if (c != "for" or show_item) and (c != "milestone" or not show_item)]
        words = {"archived": gettext("archived copy"), "undescribed": gettext("not described"), "web": gettext("web link"),
                 "inert": gettext("Published as text (.txt): a browser would run this kind of file as a page of this site."),
                 "checksum": gettext("SHA-256 checksum"), "process": gettext("Co-creation process"),
                 "source": gettext("Source:"), "permalink": gettext("Permanent link"),
                 "details": gettext("Details and citation"), "plan": gettext("Action plan %(id)s"),
                 "step": gettext("Milestone %(id)s")}
        head = Markup(" ").join(Markup('<th scope="col">{}</th>').format(names[c]) for c in columns)
        values = values or [None] * len(items)
        rows = [self._evidence_row(owner, e, within, rel, names, words, v) for (owner, e), v in zip(items, values)]
        table_id = Markup(' id="{}"').format(table_id) if table_id else ""
        if within == "site":  # every plan's list repeats the plans' lists: searching finds those
            table_id += Markup(" data-search-exclude")
        return Markup('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">\n'
                      '<table class="ogr-evidence ogr-cards"{}>\n<thead><tr>{}</tr></thead>\n<tbody>\n{}</tbody>\n'
                      '</table>\n</div></div>').format(table_id, head, Markup("".join(rows)))

    def _evidence_row(self, owner, e, within: str, rel, names: dict, words: dict, values: dict | None) -> str:
        # thousands of rows: f-strings with escape() (what Markup.format does, 20 times faster);
        # escape() leaves Markup (our formatted texts and dates) as it is
        data, x = e.data, escape
        anchor = urls.evidence_anchor(owner, e, within)
        cells = []
        if within != "item":
            cells.append(f'<td data-label="{x(names["for"])}">{self._evidence_for(owner, e, within, rel, words)}</td>')
        href = urls.evidence(e)
        href = rel(href if "://" in href else self.up + href)
        what = f'<img class="ogr-thumb" src="{x(href)}" alt="" loading="lazy">' if evidence_list.is_image(e) else ""
        what += f'<a href="{x(href)}"{" download" if e.file else ""}>{x(self.t(e.title))}</a>'
        what += f' <a class="ogr-permalink" href="#{x(anchor)}" title="{x(words["permalink"])}" data-search-exclude>¶</a>'
        if data.get("archived_url"):
            what += f' (<a href="{x(data["archived_url"])}">{x(words["archived"])}</a>)'
        if not e.described:
            what += f' <span class="ogr-badge ogr-badge--stale" data-search-exclude>{x(words["undescribed"])}</span>'
        if data.get("description"):
            what += f"<br><small>{x(self.t(data['description']))}</small>"
        if data.get("source"):
            what += f"<br><small>{x(words['source'])} {x(self.t(data['source']))}</small>"
        if e.file and e.file.inert:
            what += f"<br><small>{x(words['inert'])}</small>"
        what += (f'<br><small data-search-exclude><a href="{x(rel(urls.evidence_page(owner, e)))}">'
                 f'{x(words["details"])}</a></small>')
        if e.file:
            what += (f'<details class="ogr-checksum" data-search-exclude><summary>{x(words["checksum"])}</summary>'
                     f'<code>{x(e.file.sha256)}</code></details>')
        cells.append(f'<td data-label="{x(names["evidence"])}">{what}</td>')
        cells.append(f'<td data-label="{x(names["date"])}">{x(self.day(e.date))}</td>')
        kind = str(x(self.label(self.settings.vocabularies.evidence_kinds, e.kind)))
        if e.languages:
            kind += f"<br> <small>{x(self.language_names(e.languages))}</small>"
        cells.append(f'<td data-label="{x(names["kind"])}">{kind}</td>')
        if within == "item":
            step = owner.step(e.milestone) if e.milestone else None
            shown = f'<a href="#{x(step_anchor(step))}">{x(step.label)}</a>' if step else x(e.milestone or "")
            cells.append(f'<td data-label="{x(names["milestone"])}">{shown}</td>')
        size = f"{x(file_format(e.file.source_path))}, {x(human_size(e.file.bytes))}" if e.file else x(words["web"])
        cells.append(f'<td data-label="{x(names["format"])}">{size}</td>')
        added = x(self.stamp(e.added)) if e.added else ""
        cells.append(f'<td data-label="{x(names["added"])}" data-search-exclude>{added}</td>')
        # a filter's value "none" is left out: evidence.js reads a missing one as "none"
        attributes = "".join(f' data-{k}="{x(v)}"' for k, v in values.items()
                             if v != evidence_list.NONE and (k != "plan" or within == "site")) if values else ""
        return f'<tr id="{x(anchor)}"{attributes}>{" ".join(cells)}</tr>\n'

    def _evidence_for(self, owner, e, within: str, rel, words: dict) -> str:
        """What an item on a plan's or every plan's list is for: its commitment (or the process),
        the milestone it documents, and on every plan's list the plan."""
        x = escape
        name = self.t(owner.title) if isinstance(owner, Commitment) else words["process"]
        out = f'<a href="{x(rel(urls.item(owner)))}">{x(name)}</a>'
        if within == "site":
            plan = next(p for p in self.repo.plans if p.id == owner.plan_id)
            out = f'<small><a href="{x(rel(urls.plan(plan)))}">{x(words["plan"] % {"id": plan.id})}</a></small><br>{out}'
        step = evidence_list.step(owner, e)
        if step:
            target = rel(urls.item(owner) + "#" + step_anchor(step))
            out += f'<br><small><a href="{x(target)}">{x(words["step"] % {"id": step.label})}</a></small>'
        return out

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

        self.fell_back = False
        text = self.env.get_template(template).render(page=page, rel=rel, link=link, **context)
        note = ""
        if self.fell_back:
            note = self.render_note()
        return text.replace(FALLBACK_NOTE, note, 1)

    def untranslated(self, html: str) -> str:
        """A hand-written page not translated into this language: its text, marked with its own
        language, under a notice."""
        first = self.repo.languages[0]
        name = dates.locale(self.language).get_display_name(self.locale) or self.language
        note = Markup('<p class="ogr-fallback-note" role="note">{}</p>\n').format(self.gettext(
            "This page is not available in %(language)s: it is shown in the language it was written in.",
            language=name))
        return str(note + Markup('<div lang="{}" class="ogr-untranslated">').format(first)) + html + "</div>"

    def render_note(self) -> str:
        """Said once per page where a text is missing in the page's language."""
        name = dates.locale(self.language).get_display_name(self.locale) or self.language
        return str(Markup('<p class="ogr-fallback-note" role="note">{}</p>\n').format(self.gettext(
            "Some texts are not available in %(language)s: they are shown in the language they were written in, "
            "marked like this.", language=name)))

    def files(self) -> dict[str, str]:
        """Every generated page: Markdown source path -> text."""
        return {src_uri: render() for src_uri, render in self.sources().items()}

    def sources(self) -> dict[str, Callable[[], str]]:
        """Every generated page: Markdown source path -> what renders it (MkDocs renders each page
        when it reads it: the Markdown of a thousand pages is never held at once)."""
        out = {urls.source(urls.HOME): partial(self.render, "home.md.j2", urls.HOME)}
        for plan in self.repo.plans:
            out[urls.source(urls.plan(plan))] = partial(self.render, "plan.md.j2", urls.plan(plan), plan=plan)
            out[urls.source(urls.process(plan.id))] = partial(self.render, "process.md.j2", urls.process(plan.id),
                                                              plan=plan, item=plan.process)
            out[urls.source(urls.commitments(plan))] = partial(self.render, "commitments.md.j2", urls.commitments(plan),
                                                               plan=plan)
            out[urls.source(urls.evidence_index(plan))] = partial(self.render, "evidence.md.j2",
                                                                  urls.evidence_index(plan), plan=plan)
            out[urls.source(urls.compliance(plan))] = partial(self.compliance_page, plan)
            out[urls.source(urls.self_assessment(plan))] = partial(self.self_assessment_page, plan)
            for c in plan.commitments:
                out[urls.source(urls.commitment(c))] = partial(self.render, "commitment.md.j2", urls.commitment(c),
                                                               plan=plan, item=c, c=c)
            for item in [plan.process, *plan.commitments]:
                for e in item.evidence:
                    page = urls.evidence_page(item, e)
                    out[urls.source(page)] = partial(self.evidence_item_page, plan, item, e, page)
        out[urls.source(urls.all_evidence())] = partial(self.render, "all_evidence.md.j2", urls.all_evidence(),
                                                        items=[pair for plan in self.repo.plans
                                                               for pair in plan_evidence(plan)])
        return out

    def compliance_page(self, plan: Plan) -> str:
        """The plan's compliance panel: each check's result, what was found and how to fix it."""
        checks = self.settings.compliance.get(plan.id)
        if checks is None:
            checks = compliance.plan_checks(plan, self.repo, self.now, self.settings.stale_after_months)
        words = compliance.Words(self.language, self.repo.languages)
        rows = [self.compliance_row(plan, check, words) for check in compliance.failures_first(checks)]
        rules = [(slug, words.check_name(slug), self.gettext(description, months=self.settings.stale_after_months))
                 for slug, description in compliance.rules(self.repo).items() if any(c.check == slug for c in checks)]
        return self.render("compliance.md.j2", urls.compliance(plan), plan=plan, rows=rows, rules=rules,
                           summary=[(r, words.result(r), n) for r, n in compliance.summary(checks).items()])

    def compliance_row(self, plan: Plan, check: compliance.Check, words: compliance.Words) -> dict:
        """What the page shows of one check, in its language."""
        if check.subject == "process":
            subject, url = escape(self.gettext("Co-creation process")), urls.process(plan.id)
        elif check.check in compliance.PLAN_CHECKS:
            subject, url = self.t(plan.title), urls.plan(plan)
        else:
            c = plan.commitment(check.subject)
            subject, url = self.t(c.title), urls.commitment(c)
        fix = words.text(check.fix)
        return {"check": check, "id": f"check-{check.check}-{anchor_name(check.subject)}",
                "name": words.check_name(check.check), "subject": subject, "subject_url": url,
                "detail": code_spans(words.text(check.detail)), "fix": code_spans(fix),
                "then": code_spans(words.text(check.then)),
                "fails_after": check.fails_after.isoformat() if check.fails_after else None,
                "links": [(link.label, self.t(link.title), link.url) for link in check.links],
                "result": words.result(check.result), "failed": words.result(compliance.FAIL)}

    def self_assessment_page(self, plan: Plan) -> str:
        """The plan's self-assessment draft (self_assessment.py), with its Markdown file to download."""
        return self.render("self_assessment.md.j2", urls.self_assessment(plan), plan=plan,
                           draft=self_assessment.draft(plan, self.repo), draft_words=self_assessment,
                           download=urls.self_assessment_file(plan, self.language),
                           download_name=self_assessment.download_name(plan, self.language))

    def evidence_bag(self, plan: Plan, rel) -> Markup:
        """The link to the plan's evidence as one BagIt ZIP (bag.py), with its size; or why there is
        none when it is larger than the host publishes; nothing when bags are off or there are no files."""
        found = self.settings.evidence_bags.get(plan.id)
        if found is None:
            return Markup("")
        ngettext = self.translations.ngettext  # noqa: the extractor finds the labels by the name ngettext
        if not found.publishable:
            return Markup('<p class="ogr-bag">{}</p>').format(self.gettext(
                "All the evidence of this plan (%(size)s) is too large to download as one file: the host publishes "
                "files of up to %(limit)s. Each file can be downloaded from the list below.",
                size=human_size(found.bytes), limit=human_size(found.limit)))
        link = self.gettext("Download all the evidence of this plan (BagIt ZIP, %(size)s)",
                            size=human_size(found.bytes))
        about = ngettext("The file as published, with its checksum and description, in the BagIt layout (RFC 8527) "
                         "that archives use: any BagIt tool checks that a copy is complete and unchanged.",
                         "The %(n)s files as published, with their checksums and descriptions, in the BagIt layout "
                         "(RFC 8527) that archives use: any BagIt tool checks that a copy is complete and unchanged.",
                         found.files) % {"n": self.number(found.files)}
        return Markup('<p class="ogr-bag"><a href="{}" download>{}</a><br> <small>{}</small></p>').format(
            rel(self.up + found.path), link, about)

    def page_footer(self, page: str, when: datetime | None, commit: str | None) -> str:
        """The 'last updated' line of a hand-written page."""
        return self.render("_updated.md.j2", page, when=when, commit=commit, item=None)


# --- what the pages count and list ----------------------------------------------------------

def code_spans(text: str) -> Markup:
    """Plain text with its `commands` and `file names` as code (our texts write them so)."""
    parts = str(escape(text)).split("`")
    if len(parts) % 2 == 0:  # an unpaired backquote: the text as it is
        return escape(text)
    return Markup("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))


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
    if target.startswith("../"):  # above this language's site: from the site's root
        return "../" * page.count("/") + target
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
