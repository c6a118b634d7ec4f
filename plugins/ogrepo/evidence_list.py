"""The evidence lists a reader filters and sorts: their order, and what each item is filtered by.

The page shows labels; the browser compares ids (evidence.js). Dates stay as precise as they were
written: an item dated to a month, a quarter or a year belongs to that year and is placed at the
end of its period (as everywhere on the site, dates.When.sort_key); an item without a date belongs
to no year and comes last, whichever the order.
"""

from __future__ import annotations

import posixpath

from .model import Commitment, Evidence, Item, Step

NONE = "none"  # what an item has for a filter it gives no value to ("no date", "no milestone")
# what a browser shows as an image: SVG is not one of them (it may run scripts: published as text)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def newest_first(entries: list[tuple[Item, Evidence]]) -> list[tuple[Item, Evidence]]:
    """(item, evidence) pairs by date, newest first; those without a date last, in their order."""
    dated = [pair for pair in entries if pair[1].date.value]
    undated = [pair for pair in entries if not pair[1].date.value]
    return sorted(dated, key=lambda pair: pair[1].date.sort_key, reverse=True) + undated


def year(e: Evidence) -> str:
    """The year of its date (every precision the content allows lies within one year), or NONE."""
    when = e.date
    return str(when.start.year) if when.value and when.start else NONE


def step(item: Item, e: Evidence) -> Step | None:
    """The milestone or activity it documents, if its commitment has it."""
    return item.step(e.milestone) if isinstance(item, Commitment) and e.milestone else None


def item_value(item: Item) -> str:
    return f"{item.plan_id}/{item.key}"


def milestone_value(item: Item, e: Evidence) -> str:
    """Milestone ids repeat across commitments: the value says whose."""
    found = step(item, e)
    name = (found.id or found.label) if found else e.milestone
    return f"{item_value(item)}/{name}" if name else NONE


def values(item: Item, e: Evidence) -> dict[str, str]:
    """What the item is filtered by: one value per filter, the languages as a space-separated list."""
    return {"plan": item.plan_id, "item": item_value(item), "milestone": milestone_value(item, e),
            "kind": e.kind or NONE, "language": " ".join(e.languages) or NONE, "year": year(e)}


def is_image(e: Evidence) -> bool:
    """A file the browser shows as an image (a thumbnail, a preview)."""
    return bool(e.file and not e.file.inert and posixpath.splitext(e.file.source_path)[1].lower() in IMAGE_EXTENSIONS)


def is_pdf(e: Evidence) -> bool:
    return bool(e.file and posixpath.splitext(e.file.source_path)[1].lower() == ".pdf")


def present(rows: list[dict[str, str]], name: str) -> list[str]:
    """The values of one filter that some row (its `values`) has, each once, in the order met."""
    seen: dict[str, None] = {}
    for row in rows:
        for value in row[name].split(" "):
            seen.setdefault(value, None)
    return list(seen)
