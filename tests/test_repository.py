"""Whatever content this repository holds (the bundled example, or the government's own that
replaced it) builds into a site that keeps the contract: valid data, every evidence file published
byte-identical, every page dated, trackers that match the data, no broken link.

These tests read the repository's own settings and run at the real time, so they pass on any valid
content. What the tool does with particular content is tested on fixture repositories elsewhere.
"""

from __future__ import annotations

import csv
import hashlib
import json
import posixpath
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import markdown
import pytest
import yaml
from conftest import ROOT, mkdocs_build, ogrepo
from jsonschema import Draft202012Validator

from ogrepo import config

OPTIONS, MKDOCS = config.load(ROOT)
SITE_URL = MKDOCS.site_url or ""
BASE_PATH = urlparse(SITE_URL).path or "/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True,
                             text=True).stdout.strip()
    assert shallow != "true", "this checkout is shallow: clone with the full history to build the repository"
    out = tmp_path_factory.mktemp("repository") / "site"
    run = mkdocs_build(ROOT, now=None, site=str(out))
    assert run.code == 0, run.output
    assert "WARNING" not in run.output, run.output
    return out


@pytest.fixture(scope="module")
def data(site):
    return json.loads((site / "data/repository.json").read_text(encoding="utf-8"))


def local(site: Path, url: str) -> Path:
    path = unquote(urlparse(url).path)
    path = path.removeprefix(BASE_PATH) if url.startswith(("http://", "https://")) else path
    target = site / path
    return target / "index.html" if url.endswith("/") else target


def commitments(data):
    for plan in data["plans"]:
        for c in plan["commitments"]:
            yield plan, c


def all_evidence(data):
    for plan in data["plans"]:
        yield from plan["process"]["evidence"]
        for c in plan["commitments"]:
            yield from c["evidence"]


def test_data_validates_against_its_published_schema(site, data):
    schema = json.loads((site / "data/repository.schema.json").read_text())
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]
    for kind in ("member", "plan", "process", "commitment", "evidence"):
        Draft202012Validator.check_schema(json.loads((site / f"data/schemas/{kind}.schema.json").read_text()))


def test_urls_come_from_ids(data):
    assert data["plans"], "the repository has at least one plan"
    for plan, c in commitments(data):
        assert c["url"] == f"{SITE_URL}plans/{plan['id']}/commitments/{c['id']}/"
        assert c["feeds"]["atom"] == c["url"] + "atom.xml"
    assert data["feeds"]["atom"] == SITE_URL + "feeds/atom.xml"


def test_every_evidence_file_is_published_byte_identical(site, data):
    published = set()
    for e in all_evidence(data):
        if not e["source_path"]:
            assert e["url"].startswith("https://")  # an external link
            continue
        source = (ROOT / e["source_path"]).read_bytes()
        assert e["source_path"].startswith(OPTIONS.evidence + "/")
        assert hashlib.sha256(source).hexdigest() == e["sha256"]
        assert local(site, e["url"]).read_bytes() == source
        assert e["bytes"] == len(source)
        published.add(e["source_path"])
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / OPTIONS.evidence).rglob("*")
               if p.is_file() and p.name != "evidence.yml" and not p.name.startswith(".")}
    assert on_disk == published


def test_every_page_is_dated(site, data):
    for _, c in commitments(data):
        page = local(site, c["url"]).read_text()
        assert f'<time datetime="{c["last_updated"]}"' in page
    hand_written = [p.relative_to(ROOT / OPTIONS.content) for p in (ROOT / OPTIONS.content).rglob("*.md")]
    languages = data["languages"]
    for name in hand_written:
        stem, _, language = name.stem.rpartition(".")
        if stem and language in languages:  # a translation: the page of that language's site
            page = (site / language / name.parent / stem / "index.html").read_text()
            assert "<time datetime=" in page, name
            continue
        page = (site / name.with_suffix("") / "index.html").read_text()
        assert "Last updated <time datetime=" in page, name
    for page in site.rglob("*.html"):
        if page.name != "404.html":
            assert re.search(r'data-ogrepo-last-updated>[^<]+ <time datetime=', page.read_text()), page


def test_trackers_match_the_data(site, data):
    def rows(name):
        with open(site / "data" / name, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    cs = list(commitments(data))
    assert len(rows("commitments.csv")) == len(cs)
    assert len(rows("milestones.csv")) == sum(len(c["milestones"]) for _, c in cs)
    assert len(rows("evidence.csv")) == len(list(all_evidence(data)))
    first = rows("commitments.csv")[0]
    assert first["url"].startswith(SITE_URL) and first["status"]
    assert {r["commitment"] for r in rows("commitments.csv")} == {c["id"] for _, c in cs}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(a[key])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_link(site):
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            if link.startswith(("http:", "https:", "mailto:", "tel:", "data:", "javascript:")) or link.startswith("//"):
                continue
            path, _, anchor = link.partition("#")
            path = unquote(path.split("?")[0])
            if path.startswith("/"):  # the 404 page links from the site's root
                target = site / path.removeprefix(BASE_PATH)
            else:
                target = page if not path else Path(posixpath.normpath(page.parent / path))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif anchor and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if anchor not in ids:
                    broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    assert not broken, broken[:20]


def test_check_command_accepts_the_repository():
    run = ogrepo(ROOT, "check", "--strict", now=None)
    assert run.code == 0, run.output
    assert run.out.startswith("ok: ")



def test_the_published_schemas_validate_every_content_file(site):
    from test_format import validate_every_file

    assert validate_every_file(ROOT / OPTIONS.content, site) + validate_every_file(ROOT / OPTIONS.evidence, site) > 0


class _Languages(HTMLParser):
    """The text of a page, per language: each text node under the nearest `lang` attribute."""

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], {}  # stack: (tag, language)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        here = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else None)
        self.stack.append((tag, here))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack:
            language = self.stack[-1][1]
            self.text[language] = self.text.get(language, "") + data


def by_language(html: str) -> dict[str, str]:
    parser = _Languages()
    parser.feed(html)
    return {lang: " ".join(text.split()) for lang, text in parser.text.items()}


def language_maps(node, languages):
    """Every multilingual text of a YAML document: mappings whose keys are all language codes."""
    if isinstance(node, dict):
        if node and set(node) <= set(languages) and all(isinstance(v, str) for v in node.values()):
            yield node
            return
        for value in node.values():
            yield from language_maps(value, languages)
    elif isinstance(node, list):
        for value in node:
            yield from language_maps(value, languages)


def shown(text: str) -> str:
    """A text of the content as a reader sees it: Markdown rendered, whitespace collapsed."""
    parser = _Languages()
    parser.feed(f'<div lang="x">{markdown.markdown(text)}</div>')
    return " ".join(parser.text.get("x", "").split())


def test_every_text_is_shown_in_its_language_on_that_language_site(site, data):
    """Each text of the content, in each of its languages, is on a page of that language's site and
    marked with that language; a text missing in a language is shown there marked as the fallback."""
    languages = data["languages"]
    roots = {lang: site if i == 0 else site / lang for i, lang in enumerate(languages)}
    pages: dict[tuple[str, str], dict[str, str]] = {}  # (language, page) -> {lang: text}

    def text_of_pages(language: str, under: str) -> dict[str, str]:
        out: dict[str, str] = {}
        folder = roots[language] / under
        for page in sorted(folder.rglob("index.html")):
            if language == languages[0] and any(page.is_relative_to(site / lang) for lang in languages[1:]):
                continue
            key = (language, str(page))
            if key not in pages:
                pages[key] = by_language(page.read_text(encoding="utf-8"))
            for lang, text in pages[key].items():
                out[lang] = out.get(lang, "") + " " + text
        return out

    sources = [(p, p.relative_to(ROOT / OPTIONS.content).parts) for p in (ROOT / OPTIONS.content).rglob("*.yml")]
    sources += [(p, ("plans",) + p.relative_to(ROOT / OPTIONS.evidence).parts) for p in (ROOT / OPTIONS.evidence).rglob("evidence.yml")]
    missing = []
    for path, parts in sources:
        under = f"plans/{parts[1]}" if parts[0] == "plans" else ""  # a plan's texts are on that plan's pages
        maps = list(language_maps(yaml.safe_load(path.read_text(encoding="utf-8")), languages))
        for language in languages:
            text = text_of_pages(language, under)
            for value in maps:
                given = language if language in value else next(lang for lang in languages if lang in value)
                if shown(value[given]) not in text.get(given, ""):
                    missing.append(f"{path.relative_to(ROOT)}: {given} text not shown on the {language} site "
                                   f"marked lang={given}: {value[given][:60]!r}")
    assert not missing, "\n".join(missing[:20]) + f"\n({len(missing)} in all)"
