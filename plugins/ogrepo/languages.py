"""One site per language, built by MkDocs in one `mkdocs build` (or `mkdocs serve`).

The member's first language is built at the site's root; when that build ends, each other
language is built into `<site_dir>/<language>/` by MkDocs itself, with Material's interface and
search in that language and its own navigation, feeds and trackers. The content is read,
validated and dated once: the first build hands its result to the others.

Why not mkdocs-static-i18n: it rebuilds every language inside `on_post_build` with every plugin
event run again, declares support only for Material below 9.7.2 and breaks navigation.instant;
Material's own advice is one build per language linked by `extra.alternate`. This is that, run by
the plugin so that one command builds every language, and without reading the content again.

Hand-written pages may be translated beside the original: `about.fr.md` is the French `about.md`.
A page without a translation is shown in its own language, marked and with a notice.

This is an adapter (MkDocs and Material); what is shown in each language is decided in the core.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from . import dates

_VARIANT = re.compile(r"^(?P<base>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")


def variant(src_uri: str, languages: list[str]) -> tuple[str, str] | None:
    """('about.md', 'fr') for 'about.fr.md' when fr is one of the member's languages."""
    found = _VARIANT.match(src_uri)
    if found and found["lang"] in languages:
        return found["base"] + ".md", found["lang"]
    return None


def material_language(language: str, theme_dirs: list[str]) -> str:
    """The language of Material's interface: the page's, else its base language, else English."""
    for candidate in (language, language.split("-")[0]):
        if any((Path(d) / "partials" / "languages" / f"{candidate}.html").is_file() for d in theme_dirs):
            return candidate
    return "en"


def site_path(site_url: str | None) -> str:
    """The path the site is served under ('/open-government/'), '/' without a site_url."""
    from urllib.parse import urlsplit

    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def alternates(languages: list[str], root_url: str | None) -> list[dict]:
    """Material's `extra.alternate`: each language's site, named in its own language."""
    base = site_path(root_url)
    return [{"name": _own_name(lang), "link": base + ("" if i == 0 else f"{lang}/"), "lang": lang}
            for i, lang in enumerate(languages)]


def _own_name(language: str) -> str:
    name = dates.locale(language).get_display_name(dates.locale(language)) if dates.known(language) else language
    return name[:1].upper() + name[1:]


def same_page(page_url: str, base_url: str, current: str, target: str, languages: list[str]) -> str:
    """A link from a page to the same page in another language: the addresses are the same ids in
    every language, only the language's folder differs. `base_url` leads to the current site's root."""
    root = (base_url or ".") if current == languages[0] else posixpath.join(base_url or ".", "..")
    folder = "" if target == languages[0] else f"{target}/"
    path = posixpath.normpath(posixpath.join(root, folder + page_url))
    return path + "/" if page_url.endswith("/") or not page_url else path


def nested_config(config, language: str, languages: list[str], root_url: str | None):
    """The MkDocs config of one language's site, from the root build's."""
    from mkdocs.config import load_config

    nested = load_config(config_file=config.config_file_path, site_dir=os.path.join(config.site_dir, language),
                         strict=config.strict)
    nested.site_url = root_url.rstrip("/") + f"/{language}/" if root_url else None
    nested.extra["ogrepo_language"] = language
    nested.theme["language"] = material_language(language, nested.theme.dirs)
    return nested


def build_others(config, languages: list[str], root_url: str | None):
    """Build every language but the first, each into <site_dir>/<language>/."""
    from mkdocs.commands.build import build

    for language in languages[1:]:
        build(nested_config(config, language, languages, root_url))


_LINK = re.compile(r'(\s(?:href|src)=")([^"#?:]+)([^"]*")')


def lift(html: str, page_url: str, shared: tuple[str, ...]) -> str:
    """In another language's site (one folder down), a hand-written page's links to what only the
    root site holds (evidence, repository.json, the schemas) lead one folder up."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    folder = "" if folder == "/" else folder
    depth = folder.count("/")

    def fix(match):
        target = posixpath.normpath(posixpath.join(folder, match[2]))
        if not target.startswith(shared):
            return match[0]
        return match[1] + "../" * (depth + 1) + target + match[3]

    return _LINK.sub(fix, html)
