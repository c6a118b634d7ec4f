"""Where everything is published. Addresses come from ids, never from titles."""

from __future__ import annotations

import re
from urllib.parse import quote

from .model import Commitment, Evidence, Item, Plan, anchor_name

HOME = ""
DATA = "data/repository.json"
DATA_SCHEMA = "data/repository.schema.json"
SITE_FEEDS = {"atom": "feeds/atom.xml", "rss": "feeds/rss.xml"}


def plan(p: Plan) -> str:
    return f"plans/{p.id}/"


def commitments(p: Plan) -> str:
    return f"plans/{p.id}/commitments/"


def commitment(c: Commitment) -> str:
    return f"plans/{c.plan_id}/commitments/{c.id}/"


def process(plan_id: str) -> str:
    return f"plans/{plan_id}/co-creation/"


def evidence_index(p: Plan) -> str:
    return f"plans/{p.id}/evidence/"


def self_assessment(p: Plan) -> str:
    return f"plans/{p.id}/self-assessment/"


def compliance(p: Plan) -> str:
    """The plan's compliance panel (compliance.py)."""
    return f"plans/{p.id}/compliance/"


def self_assessment_file(p: Plan, language: str) -> str:
    """The self-assessment draft as Markdown, in one language; .txt added so that no builder makes a
    page of it (self_assessment.py): it is downloaded under the name without .txt."""
    return f"{self_assessment(p)}self-assessment-{p.id}.{language}.md.txt"


def item(i: Item) -> str:
    return commitment(i) if isinstance(i, Commitment) else process(i.plan_id)


def evidence(e: Evidence) -> str:
    """A file is published at its path in the repository (plus .txt for a file a browser would
    run, see files.py), so its address never changes."""
    return quote(e.file.published_path or e.file.source_path) if e.file else e.url


def all_evidence() -> str:
    """Every plan's evidence on one page, to filter and sort."""
    return "all-evidence/"


def evidence_page(i: Item, e: Evidence) -> str:
    """An evidence item's own page (what it is, how to cite it), a folder per item: its id may be
    any file name ('index', 'a.pdf'), which as a page name of its own would collide or be read as
    a section."""
    return f"plans/{i.plan_id}/evidence/{anchor_name(i.key)}/{anchor_name(e.id)}/"


# every evidence item's page (its Markdown source), as a pattern of MkDocs' not_in_nav
EVIDENCE_PAGES = "plans/*/evidence/*/*/index.md"
_EVIDENCE_PAGE = re.compile(r"^plans/[^/]+/evidence/[^/]+/[^/]+/index\.md$")


def is_evidence_page(src: str) -> bool:
    """Whether a Markdown source is an evidence item's page."""
    return bool(_EVIDENCE_PAGE.match(src))


def evidence_anchor(i: Item, e: Evidence, within: str = "item") -> str:
    """An evidence item's row on a page listing evidence: by its id on its commitment's page
    (`within` "item"), with its commitment on its plan's ("plan"), with its plan too on the
    list of every plan's ("site"). anchor_name never writes '/', so the parts cannot run together."""
    if within == "item":
        return e.anchor
    parts = ([anchor_name(i.plan_id)] if within == "site" else []) + [anchor_name(i.key), anchor_name(e.id)]
    return "evidence-" + "/".join(parts)


def feeds(page: str) -> dict[str, str]:
    """The feeds of a plan or commitment sit beside its page."""
    return {"atom": page + "atom.xml", "rss": page + "rss.xml"}


_SECTION = re.compile(r"^(plans/[^/]+/(commitments/)?)?$|^plans/[^/]+/evidence/[^/]+/[^/]+/$")


def source(page: str) -> str:
    """The Markdown file MkDocs builds a generated page from: sections (home, a plan, its
    commitments) are folders with an index, the others single pages named by their address."""
    if not page.endswith("/") and page:
        return page
    return page + "index.md" if _SECTION.match(page) else page[:-1] + ".md"


def absolute(path: str, site_url: str | None) -> str:
    """Absolute with a site_url, else relative to the site root (as repository.json promises)."""
    if path.startswith(("http://", "https://")):
        return path
    if site_url:
        return site_url.rstrip("/") + "/" + path
    return path
