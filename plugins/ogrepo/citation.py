"""How an evidence item is cited: the meta tags reference managers and scholarly search engines
read (Dublin Core; Highwire Press, which Google Scholar and Zotero take), and a "cite this" text.

Dates are as precise as the content: a day, a month or a year. A quarter or a half-year has no
form in either vocabulary, so its year is given: less precise, never more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import dates


@dataclass
class Citation:
    """An evidence item as a citation, its texts already in the page's language."""

    title: str
    creators: list[str]  # the organisations it comes from
    publisher: str  # the member that publishes the repository
    date: dates.When
    languages: list[str] = field(default_factory=list)
    page_url: str | None = None  # its own page, absolute (None without site_url)
    file_url: str | None = None  # the published file, absolute; None for a web link or without site_url
    media_type: str | None = None
    pdf: bool = False
    description: str | None = None


def date_parts(when: dates.When) -> list[str]:
    """[year, month, day] as far as the date says; [] without a date."""
    if not when.value or not when.start:
        return []
    year, month, day = when.start.isoformat().split("-")
    if when.precision == dates.DAY:
        return [year, month, day]
    if when.precision == dates.MONTH:
        return [year, month]
    return [year]


def meta_tags(c: Citation) -> list[tuple[str, str]]:
    """(name, content) of each <meta> tag, in the order written; nothing that is not known."""
    parts = date_parts(c.date)
    tags = [("DC.title", c.title)]
    tags += [("DC.creator", name) for name in c.creators]
    tags += [("DC.publisher", c.publisher)] if c.publisher else []
    tags += [("DC.date", "-".join(parts))] if parts else []
    tags += [("DC.language", code) for code in c.languages]
    tags += [("DC.identifier", c.page_url)] if c.page_url else []
    tags += [("DC.format", c.media_type)] if c.media_type else []
    tags += [("DC.description", c.description)] if c.description else []
    tags += [("citation_title", c.title)]
    tags += [("citation_author", name) for name in c.creators]
    tags += [("citation_publication_date", "/".join(parts))] if parts else []
    tags += [("citation_publisher", c.publisher)] if c.publisher else []
    tags += [("citation_language", code) for code in c.languages]
    tags += [("citation_pdf_url", c.file_url)] if c.pdf and c.file_url else []
    if c.page_url:
        tags += [("citation_public_url", c.page_url), ("citation_abstract_html_url", c.page_url)]
    return tags


def cite_text(c: Citation, date_text: str, site_name: str | None) -> str:
    """'Ministry of Health (March 2026). Scorecard methodology. Testland Open Government
    Repository. https://…': who, when (as the page shows it, or 'n.d.'), what, where."""
    who = "; ".join(c.creators) or c.publisher
    parts = [f"{who} ({date_text})" if who else f"({date_text})", c.title, site_name or "", c.page_url or ""]
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip()) + ("" if c.page_url else ".")
