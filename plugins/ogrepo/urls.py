"""Where everything is published. Addresses come from ids, never from titles."""

from __future__ import annotations

import re
from urllib.parse import quote

from .model import Commitment, Evidence, Item, Plan

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


def item(i: Item) -> str:
    return commitment(i) if isinstance(i, Commitment) else process(i.plan_id)


def evidence(e: Evidence) -> str:
    """A file is published at its path in the repository (plus .txt for a file a browser would
    run, see files.py), so its address never changes."""
    return quote(e.file.published_path or e.file.source_path) if e.file else e.url


def feeds(page: str) -> dict[str, str]:
    """The feeds of a plan or commitment sit beside its page."""
    return {"atom": page + "atom.xml", "rss": page + "rss.xml"}


_SECTION = re.compile(r"^(plans/[^/]+/(commitments/)?)?$")


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
