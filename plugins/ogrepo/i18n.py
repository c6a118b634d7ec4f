"""Our own labels in the reader's language: standard gettext catalogues, one per language.

The catalogues are `locale/<language>/LC_MESSAGES/ogrepo.po` in the package (English is the source
language and needs none). They are compiled to the .mo form in memory with Babel when a site is
built, so another language is one more .po file, not code. `scripts/catalogues.py` extracts the
labels from the templates and the code and updates every catalogue.

What is not in a catalogue falls back to English: a label is never missing, only untranslated
(the tests keep the shipped catalogues complete).
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "ogrepo"


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> list[str]:
    """The languages a catalogue ships for (English needs none)."""
    return sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _catalogue(language: str) -> tuple[str, Path] | None:
    """The catalogue for `language`: its own, else its base language's (pt-BR: pt)."""
    for candidate in (language, language.replace("-", "_"), language.split("-")[0]):
        if catalogue_path(candidate).is_file():
            return candidate, catalogue_path(candidate)
    return None


@lru_cache(maxsize=None)
def translations(language: str) -> gettext.NullTranslations:
    """The translations of our labels into `language` (pt-BR falls back to pt, then to English)."""
    found = _catalogue(language)
    if found:
        candidate, path = found
        if path.is_file():
            with open(path, "rb") as fh:
                catalog = read_po(fh, locale=candidate.replace("-", "_"))
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return Translations(compiled, domain=DOMAIN)
    return gettext.NullTranslations()


def has_catalogue(language: str) -> bool:
    """Whether the site's own labels can be shown in `language` (English is the source language)."""
    return language.split("-")[0] == "en" or _catalogue(language) is not None
