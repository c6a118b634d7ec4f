"""The generated pages, as Markdown files with HTML blocks, rendered from the model.

Everything that comes from content is escaped: titles in Markdown headings are escaped for
Markdown and HTML, everything else is written into HTML blocks with Jinja's autoescape, which
Markdown passes through untouched. Links are relative to the page, so the site works under any
base path.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from . import freshness, urls, vocab
from .model import Commitment, Plan, Repository
from .text import language_of, pick

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass
class Settings:
    stale_after_months: int = 6
    repo_url: str | None = None  # links "last updated" to the commit that made the change


class Pages:
    def __init__(self, repo: Repository, settings: Settings, now: datetime):
        self.repo, self.settings, self.now = repo, settings, now
        self.languages = repo.languages
        self.locale = self.languages[0].replace("-", "_")
        # dates repeat across thousands of rows and Babel is slow: each is formatted once per build
        self.day, self.stamp, self.stamp_day = cache(self.day), cache(self.stamp), cache(self.stamp_day)
        self.env = Environment(loader=PackageLoader("ogrepo", "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.env.filters.update(t=self.t, paras=self.paras, md=self.md, day=self.day, stamp=self.stamp, stamp_day=self.stamp_day,
                                size=human_size, fmt=file_format, page_title=self.page_title,
                                pair_with=lambda value, owner: (owner, value))
        self.env.globals.update(vocab=vocab, label=vocab.label, urls=urls, repo=repo, settings=settings,
                                now=now, feeds=urls.feeds, freshness=freshness)

    # --- filters ---------------------------------------------------------------------------

    def t(self, text) -> Markup:
        """Text in the site's language, marked with its own language when it falls back to another."""
        value = pick(text, self.languages)
        lang = language_of(text, self.languages)
        if lang and lang != self.languages[0]:
            return Markup('<span lang="{}">{}</span>').format(lang, value)
        return escape(value)

    def paras(self, text) -> Markup:
        """Plain text with blank lines as paragraphs: authors' text is never read as HTML."""
        value = pick(text, self.languages)
        lang = language_of(text, self.languages)
        attr = Markup(' lang="{}"').format(lang) if lang and lang != self.languages[0] else ""
        blocks = [b.strip() for b in re.split(r"\n\s*\n", value) if b.strip()]
        return Markup("").join(Markup("<p{}>{}</p>").format(attr, escape(b).replace("\n", Markup("<br>")))
                               for b in blocks)

    def page_title(self, text) -> str:
        """A title for front matter: MkDocs themes print it unescaped, so escape it here."""
        return str(escape(pick(text, self.languages)))

    def md(self, text) -> Markup:
        """Text for a Markdown heading: HTML-escaped, then Markdown's specials escaped."""
        value = str(escape(pick(text, self.languages))).replace("\n", " ")
        return Markup(_MD_SPECIAL.sub(r"\\\1", value))

    def day(self, value: str | None) -> Markup:
        if not value:
            return Markup("")
        d = date.fromisoformat(value)
        return Markup('<time datetime="{}">{}</time>').format(value, format_date(d, "long", locale=self.locale))

    def stamp_day(self, when: datetime | None) -> Markup:
        """A moment shown as its day (the full moment stays in the datetime attribute)."""
        if when is None:
            return Markup("")
        return Markup('<time datetime="{}">{}</time>').format(when.isoformat(), format_date(when, "long", locale=self.locale))

    def stamp(self, when: datetime | None) -> Markup:
        if when is None:
            return Markup("<span>not yet recorded</span>")
        text = format_datetime(when, "d MMMM y, HH:mm (ZZZZ)", locale=self.locale)
        return Markup('<time datetime="{}">{}</time>').format(when.isoformat(), text)

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
