"""Generated pages reach the reader exactly as Markdown alone would make them, though their HTML
blocks are set aside while Markdown reads the rest (htmlblocks.py: the build's largest saving).

Each page is rendered by MkDocs' own Page.render twice, whole and with its blocks set aside, and
the HTML, the table of contents and the ids MkDocs checks links against must be the same."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import markdown
import pytest
from conftest import ROOT, mkdocs_build
from factory import COMMITMENT
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ogrepo import build, config, htmlblocks

EXAMPLE_NOW = 1795305600  # the example's "today", 2026-11-22
C = "content/plans/2025-2027/commitments/open-budget.yml"


def rendered(mkdocs_config, src_uri: str, text: str):
    file = File(src_uri, None, mkdocs_config.site_dir, mkdocs_config.use_directory_urls)
    file.content_string = text
    page = Page(None, file, mkdocs_config)
    page.read_source(mkdocs_config)
    page.render(mkdocs_config, Files([file]))
    return page


def headings(toc) -> list:
    return [(a.title, a.id, a.level, headings(a.children)) for a in toc]


def both_ways(root, now: int) -> tuple[int, int]:
    """Every generated page of every language, rendered whole and set aside: (pages, pages set aside)."""
    mkdocs_config = load_config(str(root / "mkdocs.yml"))
    for name in ("attr_list", "toc"):  # as the plugin's on_config
        if name not in mkdocs_config.markdown_extensions:
            mkdocs_config.markdown_extensions.append(name)
    level = htmlblocks.block_level(markdown.Markdown(extensions=mkdocs_config.markdown_extensions,
                                                     extension_configs=mkdocs_config.mdx_configs))
    assert level is not None
    options = config.load(root)[0]
    result = build.check(options, datetime.fromtimestamp(now, timezone.utc))
    assert result.ok, result.problems[:3]
    n = n_split = 0
    for language in result.repo.languages:
        for src_uri, text in build.render(result, options, language).pages.items():
            whole = rendered(mkdocs_config, src_uri, text)
            split, blocks = htmlblocks.split(text, level)
            page = rendered(mkdocs_config, src_uri, split)
            content, ids = page.content, page.present_anchor_ids
            if blocks:
                n_split += 1
                content, ids = htmlblocks.restore(content, blocks), ids | blocks.ids
            assert content == whole.content, (language, src_uri)
            assert headings(page.toc) == headings(whole.toc), (language, src_uri)
            assert ids == whole.present_anchor_ids, (language, src_uri)
            n += 1
    return n, n_split


def test_every_page_of_the_example_is_the_same_set_aside_or_not():
    n, n_split = both_ways(ROOT, EXAMPLE_NOW)
    assert n > 30
    assert n_split == n  # the saving applies to every page of the example, not only to easy ones


HOSTILE = {
    "tab": "Budget\tdata, tab-separated",
    "closing tags": "</div></table></p> closed early",
    "comment": "<!-- not a comment --> and <script>alert(1)</script>",
    "blank lines": "First paragraph.\n\n\n\nSecond paragraph after blank lines.\n   \nThird after spaces.",
    "fence": "```\ncode\n```",
    "entities": "Fish &amp; chips &#39; &lt;b&gt; & < > \" '",
    "markdown": "# not a heading\n\n    indented\n- not a list\n[link](https://x.example) *stars* `tick`",
    "placeholder": "ogrepo0123456789abx0",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_comes_out_the_same(repo, name):
    text = HOSTILE[name]
    commitment = COMMITMENT.replace("problem: Budget data is published as scanned PDFs.", f"problem: {json.dumps(text)}")
    commitment = commitment.replace("progress: The standard was adopted by decree.", f"progress: {json.dumps(text)}")
    repo.path(C).write_text(commitment)
    repo.commit(f"text: {name}", "2026-05-02T10:00:00+00:00")
    both_ways(repo.root, 1780272000)


def test_a_site_with_md_in_html_is_built_by_markdown_alone(repo):
    """md_in_html reads raw HTML its own way: nothing is set aside, and the site builds."""
    mkdocs_yml = repo.path("mkdocs.yml")
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace("markdown_extensions:", "markdown_extensions:\n  - md_in_html")
                          if "markdown_extensions:" in mkdocs_yml.read_text()
                          else mkdocs_yml.read_text() + "markdown_extensions:\n  - md_in_html\n")
    mkdocs_config = load_config(str(mkdocs_yml))
    assert htmlblocks.block_level(markdown.Markdown(extensions=mkdocs_config.markdown_extensions)) is None
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    page = (run.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    assert '<tr id="milestone-1.1"' in page
