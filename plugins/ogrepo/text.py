"""Multilingual text: every free-text field is a string or a map of language codes to strings."""

from __future__ import annotations

Text = str | dict[str, str]


def pick(text: Text | None, languages: list[str]) -> str:
    """The text in the first of `languages` that has it, else in any language, else ''."""
    if isinstance(text, str):
        return text
    if not isinstance(text, dict):  # absent (None, or a template's undefined)
        return ""
    for language in languages:
        if text.get(language):
            return text[language]
    return next(iter(text.values()), "")


def language_of(text: Text | None, languages: list[str]) -> str | None:
    """The language `pick` chose, when the text says which (a plain string does not)."""
    if not isinstance(text, dict):
        return None
    for language in languages:
        if text.get(language):
            return language
    return next(iter(text), None)
