"""Dates as precise as the source, and as people read them: one format per language.

A date in the content may be a day (`2023-12-15`), a month (`2023-12`), a quarter (`2024-Q1`), a
half-year (`2024-H2`) or a year (`2024`), optionally with the words of the source kept beside it
(`{date: 2022-Q4, text: "By fall 2022"}`), or only those words when the source gives no date
(`{text: "May 2023 and ongoing"}`). Nothing is made more precise than it was written: a month stays
a month on the page and in the data; what depends on a date (is it overdue?) is judged at the end
of the period it names.

A day and a moment (a commit's timestamp) are both shown as the locale's long date ("September 1,
2025", "1 septembre 2025"); a month as "December 2023", a quarter as "Q1 2024".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-H[12])?$"
_FORM = re.compile(PATTERN)
DAY, MONTH, QUARTER, HALF, YEAR = "day", "month", "quarter", "half", "year"


@dataclass(frozen=True)
class When:
    """A date at the precision it was written, or only the words of the source."""

    value: str | None  # 2023-12-15, 2023-12, 2024-Q1, 2024-H2, 2024; None when only text is known
    text: object = None  # the source's own words (a text: string or {lang: string}), if given
    precision: str | None = None
    start: date | None = None  # the first and last day of the period it names
    end: date | None = None

    def __bool__(self) -> bool:
        return self.value is not None or self.text is not None

    @property
    def sort_key(self) -> tuple:
        """Periods in time order (by their end, then their start); text-only dates last."""
        return (self.end or date.max, self.start or date.max)


NONE = When(None)


def parse(written) -> When:
    """The When of a value as written in the content (already checked by the schema)."""
    if isinstance(written, When):
        return written
    if isinstance(written, dict):
        inner = parse(written.get("date")) if written.get("date") else NONE
        return When(inner.value, written.get("text"), inner.precision, inner.start, inner.end)
    if not isinstance(written, str):
        return NONE
    return _parse(written)


@cache  # a When is frozen; the same dates are read on thousands of rows
def _parse(written: str) -> When:
    if not _FORM.match(written):
        return NONE
    year = int(written[:4])
    rest = written[5:]
    try:
        if not rest:
            return When(written, None, YEAR, date(year, 1, 1), date(year, 12, 31))
        if rest[0] == "Q":
            q = int(rest[1])
            first = 3 * q - 2
            return When(written, None, QUARTER, date(year, first, 1), _month_end(year, first + 2))
        if rest[0] == "H":
            h = int(rest[1])
            return When(written, None, HALF, date(year, 1 if h == 1 else 7, 1), date(year, 6, 30) if h == 1 else date(year, 12, 31))
        month = int(rest[:2])
        if len(rest) == 2:
            return When(written, None, MONTH, date(year, month, 1), _month_end(year, month))
        day = date.fromisoformat(written)
        return When(written, None, DAY, day, day)
    except ValueError:  # 2023-02-31: the schema reports it
        return NONE


def valid(written: str) -> bool:
    return parse(written).value is not None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


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


@lru_cache(maxsize=4096)
def shown(value: str, language: str, half_year: str = "{half} {year}") -> str:
    """A date at its own precision: 'September 1, 2025', 'December 2023', 'Q1 2024', '2024'.
    `half_year` is the language's wording of a half-year ('{half}' is 1 or 2)."""
    when = parse(value)
    loc = locale(language)
    if when.precision == DAY:
        return format_date(when.start, "long", locale=loc)
    if when.precision == MONTH:
        return format_skeleton("yMMMM", when.start, locale=loc)
    if when.precision == QUARTER:
        return format_skeleton("yQQQ", when.start, locale=loc)
    if when.precision == HALF:
        return half_year.format(half=value[-1], year=value[:4])
    return value[:4] if when.precision == YEAR else value
