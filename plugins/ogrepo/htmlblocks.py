"""The HTML blocks of our generated pages, set aside before Markdown reads a page and put back after.

A generated page is Markdown with large blocks of HTML (the tables of milestones and evidence).
Markdown passes a raw HTML block through as it is, but to find where each block ends it runs
Python's HTML parser over the whole page, and MkDocs runs it once more to collect the page's ids:
on these pages, most of the time of the build. We wrote that HTML, so we know where its blocks
end: `split` sets each one aside and leaves a one-word line in its place; `restore` puts the
blocks back into the HTML Markdown made of the rest, where Markdown would have put them, and
names the ids they hold (for MkDocs' check of links to anchors). The page is the same, byte for
byte (tests/test_htmlblocks.py compares both ways on every page of the example).

A block is set aside only when the Markdown reading is certain: it starts at the beginning of a
line with a block-level element and ends with that element's end tag, at the end of a line or
right before the next block. Anything this module does not read as Markdown would (a comment, a
script, a tab, a fence, a tag not written as ours are, an extension such as md_in_html that
reads HTML its own way) leaves the whole page to Markdown, as it was. The blocks skip the text
preprocessors of other extensions (snippets, critic), as raw HTML should: what an agency wrote
is shown as written.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field

# a tag as we write them: a name, then attributes each with no value or a value in double quotes
# (a tag written otherwise leaves the page to Markdown)
_TAG = re.compile(r"""<(/?)([a-zA-Z][^`\t\n\r\f />\x00]*)((?:\s+[^\s"'>/=`]+(?:="[^"]*")?)*)\s*(/?)>""")
_ID = re.compile(r'(?<=\s)id="([^"]*)"')
_NAME = re.compile(r'(?<=\s)name="([^"]*)"')
_ID_LIKE = re.compile(r"(?i)(?<=[\s/])(?:id|name)\s*=")
_BLANK_AFTER = re.compile(r"[ ]*\n[ ]*\n")  # Markdown's blank_line_re, from the end of a block
_LINE_END = re.compile(r"[ ]*\n")
_BLANK_TO_END = re.compile(r"[ \n]*\Z")  # Markdown adds a blank line at the end of the page
# what Markdown changes before it reads HTML (NormalizeWhitespace), or reads in its own way
# (comments, processing instructions, fenced code)
_UNSUPPORTED = re.compile(r"[\t\r\x02\x03]|\n +\n|<!|<\?|```|~~~")
# elements whose content the HTML parser reads as text: the rules here would not hold inside
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "noscript", "plaintext"})
_EMPTY_BLOCKS = frozenset({"hr"})  # Markdown's HTMLExtractor.empty_tags
# a block's line as Markdown leaves it (a paragraph of its own, or bare inside another block); one
# pattern for every page, compiled once: the token tells the page's own from any look-alike
_PLACEHOLDER = re.compile(r"<p>(ogrepo[0-9a-f]{12}x)(\d+)</p>|(ogrepo[0-9a-f]{12}x)(\d+)")


@dataclass
class Blocks:
    """The blocks set aside from one page, and the ids they hold."""

    token: str
    html: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def block_level(md) -> frozenset[str] | None:
    """The elements a Markdown instance (with the site's extensions) reads as blocks; None when an
    extension reads raw HTML in its own way (md_in_html): then every page is left to Markdown."""
    from markdown.preprocessors import HtmlBlockPreprocessor

    if "html_block" not in md.preprocessors or type(md.preprocessors["html_block"]) is not HtmlBlockPreprocessor:
        return None
    return frozenset(md.block_level_elements)


def split(text: str, block_level) -> tuple[str, Blocks | None]:
    """The page with each HTML block replaced by a one-word line, and the blocks; or the page as it
    is and None when it holds anything not read here exactly as Markdown would read it."""
    if _UNSUPPORTED.search(text):
        return text, None
    blocks = Blocks(f"ogrepo{secrets.token_hex(6)}x")
    out: list[str] = []
    done = 0  # where the text not yet copied to `out` starts
    start = None  # where the open block starts
    stack: list[str] = []
    tail = -1  # where a block ended with more on its line
    pos = text.find("<")
    while pos != -1:
        tag = _TAG.match(text, pos)
        if tag is None:
            return text, None  # not a tag as we write them: the HTML parser's rules are subtler
        closing, name, attrs = tag[1] == "/", tag[2].lower(), tag[3]
        empty = name in _EMPTY_BLOCKS or tag[4] == "/"
        if name in _RAW_TEXT:
            return text, None
        ids = names = ()
        if not closing and attrs and _ID_LIKE.search(attrs):  # most tags have neither: one search
            ids, names = _ID.findall(attrs), _NAME.findall(attrs)
            if len(_ID_LIKE.findall(attrs)) != len(ids) + len(names):
                return text, None
        if start is None:
            column = pos - text.rfind("\n", 0, pos) - 1
            at_line_start = column == 0 or (column <= 3 and text[pos - column:pos].strip(" ") == "")
            if pos == tail:  # right after a block, on its line: Markdown starts the next block here
                if closing or empty or name not in block_level:
                    return text, None
                start, stack = pos, [name]
                _collect(blocks, name, ids, names)
            elif at_line_start and name in block_level:
                if closing or empty or column:
                    return text, None  # Markdown's rules for these are not followed here
                start, stack = pos, [name]
                _collect(blocks, name, ids, names)
        elif not closing:
            if not empty:
                stack.append(name)
            _collect(blocks, name, ids, names)
        elif name in stack:
            while stack.pop() != name:
                pass
            if not stack:
                end = tag.end()
                if _BLANK_AFTER.match(text, end) or _BLANK_TO_END.match(text, end):
                    kept = "\n"  # Markdown keeps the blank line after a block in the block
                elif _LINE_END.match(text, end):
                    kept = ""
                elif text.startswith("<", end):
                    kept, tail = "", end  # another block on the same line, checked when it is read
                else:
                    return text, None  # text after the block on its line: Markdown's "tail"
                # what Markdown's HTMLExtractor leaves in the page for a block: a line of its own
                out.append(f"{text[done:start]}\n{blocks.token}{len(blocks.html)}\n\n")
                blocks.html.append(text[start:end] + kept)
                done, start = end, None
        pos = text.find("<", tag.end())
    if start is not None or not blocks.html:
        return text, None  # a block never closed: Markdown keeps the rest of the page in it
    out.append(text[done:])
    return "".join(out), blocks


def _collect(blocks: Blocks, name: str, ids, names):
    """The ids MkDocs would find in a start tag (values unescaped, as the HTML parser gives them)."""
    for value in ids:
        blocks.ids.add(html.unescape(value))
    if name == "a":
        for value in names:
            blocks.ids.add(html.unescape(value))


class Missing(Exception):
    """A block's line did not come out of Markdown as a paragraph of its own."""


def restore(page_html: str, blocks: Blocks) -> str:
    """The HTML Markdown made of a split page, with the blocks back where they were."""
    seen = []

    def put_back(match) -> str:  # as Markdown's RawHtmlPostprocessor does
        if (match[1] or match[3]) != blocks.token:
            return match[0]
        n = int(match[2] or match[4])
        seen.append(n)
        return blocks.html[n]

    out = _PLACEHOLDER.sub(put_back, page_html)
    if sorted(seen) != list(range(len(blocks.html))):
        raise Missing(f"{len(blocks.html) - len(set(seen))} HTML block(s) of a generated page were changed by a "
                      "Markdown extension")
    return out.strip()
