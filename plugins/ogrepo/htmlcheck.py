"""Checks of the HTML the site is made of: nothing that runs, nothing loaded from elsewhere.

- `active_content`: what in a hand-written page would run in the reader's browser on the site's
  own origin (a script, an event handler, a javascript: link, an embedded frame or object). Pages
  generated from data escape everything; hand-written Markdown may hold raw HTML, so it is checked.
- `third_party`: every resource a page makes the browser fetch from another host (images,
  scripts, styles, fonts, frames, media). The site promises no third-party request.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

RUNNABLE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset"}
# what the browser fetches by itself (links the reader follows, <a href>, are not requests)
FETCHING = {
    "img": ("src", "srcset"), "script": ("src",), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "object": ("data",), "audio": ("src",), "video": ("src", "poster"), "source": ("src", "srcset"),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
FETCHING_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon",
                  "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.IGNORECASE)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], int]] = []
        self.styles: list[tuple[str, int]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.getpos()[0]))
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append((data, self.getpos()[0]))


def _parse(html: str) -> _Parser:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser


def active_content(html: str) -> list[tuple[int, str]]:
    """(line, what) for everything in `html` that would run in the browser."""
    found = []
    for tag, attrs, line in _parse(html).tags:
        if tag in RUNNABLE_TAGS:
            found.append((line, f"a <{tag}> element"))
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append((line, f"an event handler ({name}=…) on <{tag}>"))
            elif name in URL_ATTRIBUTES and value and _runs(value):
                found.append((line, f"a {value.split(':')[0].strip()}: address in <{tag} {name}>"))
    return found


def _runs(url: str) -> bool:
    scheme = re.sub(r"[\s\x00-\x1f]", "", url).split(":", 1)[0].lower()
    return ":" in url and scheme in ("javascript", "vbscript", "data")


# Where an absolute address may make the browser fetch something: only a page that may have one is
# parsed. A page is mostly navigation (thousands of relative links): instead of scanning it with a
# regular expression, look only at each "//" and what stands just before it.
_ATTRIBUTE_BEFORE = re.compile(r"""([a-z][\w:.-]*)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?$""", re.IGNORECASE)
_FETCHING_REL = re.compile(r"""\srel\s*=\s*["']?[^"'>]*\b(?:""" + "|".join(sorted(FETCHING_LINKS)) + r")\b",
                           re.IGNORECASE)
_CSS_BEFORE = re.compile(r"""(?:url\(\s*["']?|@import\s*(?:url\(\s*)?["']?)\s*(?:[a-z][a-z0-9+.-]*:)?$""", re.IGNORECASE)


# attributes whose address the browser may fetch by itself (`href` depends on the element)
_MAY_FETCH = {"src", "srcset", "poster", "data", "background", "xlink:href", "href", "style", "ping", "manifest",
              "codebase", "archive", "longdesc", "lowsrc", "dynsrc"}


def _harmless(html: str, opened: int, at: int, before: str) -> bool:
    """An address at `at`, inside the tag opened at `opened`, that no browser fetches by itself: a
    link the reader may follow (<a href>, <link rel=canonical>), a namespace (xmlns)."""
    attribute = _ATTRIBUTE_BEFORE.search(before)
    if not attribute:  # e.g. the second candidate of a srcset: look closer
        return False
    name = attribute.group(1).lower()
    if name not in _MAY_FETCH:
        return True
    if name != "href":
        return False
    tag = re.match(r"<\s*([a-z][a-z0-9-]*)", html[opened:opened + 20], re.IGNORECASE)
    element = tag.group(1).lower() if tag else ""
    return element in ("a", "area") or (element == "link" and not _FETCHING_REL.search(html[opened:html.find(">", at) + 1]))


def _may_fetch_elsewhere(html: str) -> bool:
    """False only when no "//" in `html` can be a resource the browser fetches; a false True is
    harmless (the page is then parsed)."""
    at = html.find("//")
    while at != -1:
        opened, closed = html.rfind("<", 0, at), html.rfind(">", 0, at)
        before = html[max(0, at - 80):at]
        if opened > closed and not html.startswith("<!--", opened):  # inside a tag, not a comment
            if not _harmless(html, opened, at, before):
                return True
        elif _CSS_BEFORE.search(before):  # in a <style> block
            return True
        elif (attribute := _ATTRIBUTE_BEFORE.search(before)) and attribute.group(1).lower() in _MAY_FETCH:
            return True  # a ">" inside an attribute's value hid the tag: look closer
        at = html.find("//", at + 2)
    return False


def third_party(html: str, own_host: str | None = None) -> list[tuple[int, str]]:
    """(line, url) for each resource `html` makes the browser fetch from another host."""
    if not _may_fetch_elsewhere(html):
        return []
    parser = _parse(html)
    found = []
    for tag, attrs, line in parser.tags:
        names = FETCHING.get(tag, ())
        if tag == "link" and FETCHING_LINKS & set((attrs.get("rel") or "").lower().split()):
            names = ("href",)
        for name in names:
            for url in _urls(attrs.get(name), name):
                if _elsewhere(url, own_host):
                    found.append((line, url))
        for url in CSS_URL.findall(attrs.get("style") or ""):
            if _elsewhere(url, own_host):
                found.append((line, url))
    for css, line in parser.styles:
        found += [(line, url) for url in CSS_URL.findall(css) if _elsewhere(url, own_host)]
    return found


def _urls(value: str | None, name: str) -> list[str]:
    if not value:
        return []
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def _elsewhere(url: str, own_host: str | None) -> bool:
    if not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE):
        return False  # relative: the site itself
    host = urlsplit(url if "//" in url[:8] or url.startswith("//") else url).hostname
    return host is not None and host != own_host


def page_problems(source_path: str, markdown: str, html: str, own_host: str | None):
    """Problems of a hand-written page: what would run (errors) and what comes from another host
    (warnings), placed on the Markdown line that writes them when it can be found."""
    from .problems import ERROR, WARNING, Problem

    def line_of(needle: str) -> int:
        at = markdown.lower().find(needle.lower())
        return markdown.count("\n", 0, at) + 1 if at >= 0 else 0

    problems = []
    for _, what in active_content(html):
        needle = re.search(r"<(\w+)|\((on\w+)=|(\w+):", what)
        token = ("<" + needle.group(1)) if needle and needle.group(1) else \
            (needle.group(2) if needle and needle.group(2) else (needle.group(3) + ":" if needle else ""))
        line = line_of(token) if token else 0
        problems.append(Problem(source_path, line, 1 if line else 0,
                                f"this page holds {what}: it would run on the site's own origin",
                                "write the page in Markdown without scripts, frames or event handlers; link to "
                                "external content instead of embedding it", ERROR))
    for _, url in third_party(html, own_host):
        line = line_of(url)
        problems.append(Problem(source_path, line, 1 if line else 0,
                                f"this page loads {url} from another host: every reader's browser would ask it",
                                "put a copy of the file in the repository and link to that, or link to the page "
                                "instead of embedding it", WARNING))
    return problems
