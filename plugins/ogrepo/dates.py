"""Dates as people read them: one format per language for every date the site shows.

A day (`2025-09-01`) and a moment (a commit's timestamp) are both shown as the locale's long date
("September 1, 2025", "1 septembre 2025"); a moment keeps its full value, with its time zone, in
the `datetime` attribute of its `<time>` element.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


@lru_cache(maxsize=None)
def known(language: str) -> bool:
    """Whether Babel has the dates and numbers of this language."""
    try:
        Locale.parse(language.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


@lru_cache(maxsize=None)
def locale(language: str) -> Locale:
    """The Babel locale of a language code (en, fr, pt-BR); English when Babel has none."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@lru_cache(maxsize=4096)
def long_day(value: str, language: str) -> str:
    """A YYYY-MM-DD day in the language's long format."""
    return format_date(date.fromisoformat(value), "long", locale=locale(language))


def long_moment(when: datetime, language: str) -> str:
    """The day of a moment, in its own time zone, in the language's long format."""
    return long_day(when.date().isoformat(), language)
