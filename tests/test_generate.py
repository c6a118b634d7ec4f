"""`ogrepo generate DIR`: the site as plain files that MkDocs, ProperDocs and Zensical build without
the plugin, into the site the plugin builds (first language at the root, the others under /<lang>/).

The fixture is built once with the plugin and generated once; the generated tree is then built by
each builder and compared with the plugin's site as a reader sees it: the same pages with the same
text, the same evidence, data and feeds byte for byte, no broken link. Zensical builds with its own
interface: what differs is reported (a warning in pytest's summary), what must not differ is
asserted.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import posixpath
import re
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from conftest import NOW, ROOT, env, mkdocs_build, ogrepo
from factory import COMMITMENT, Repo, minimal_files
from test_repository import _parse
from test_statuses import text_of

PAGE = "plans/2025-2027/commitments/open-budget/index.html"
BILINGUAL = COMMITMENT.replace("title: Open budget data", "title: {en: Open budget data, fr: Données budgétaires ouvertes}")
# links in Markdown lead from the page's file, links in HTML from its address (take-part/)
TAKE_PART = """\
# Take part

Download [the data](data/repository.json) or [the trackers](data/commitments.csv), read
[the plan](plans/2025-2027/index.md) and [how it was made](plans/2025-2027/co-creation.md#meetings).

<p>Or <a href="../data/evidence.csv">the evidence</a>, <a href="../data/repository.schema.json">the schema</a>.</p>
"""
TAKE_PART_FR = TAKE_PART.replace("# Take part", "# Participer").replace("Download", "Téléchargez")
# the French site shows the English about page (not translated) with its heading above the notice
# rather than below it: the same text in another order
REORDERED = {"fr/about/index.html"}
# what a build leaves that is not the site (search indexes differ by builder, MkDocs gzips its sitemap)
SITEMAPS = {"sitemap.xml", "fr/sitemap.xml"}
BUILDER_FILES = re.compile(r"(^|/)(search/search_index\.json|search\.json|sitemap\.xml\.gz)$")


class ZensicalDifferences(UserWarning):
    """What the Zensical build of the generated tree shows otherwise than the plugin's site."""


def run(tool: str, *args: str, cwd: Path, now: int | None = NOW) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=cwd, env=env(now), capture_output=True, text=True,
                          timeout=300)


def build_tree(tool: str, tree: Path, languages: list[str], now: int | None = NOW) -> Path:
    """Build every language, the first first (its build empties site/, which holds the others)."""
    for i, lang in enumerate(languages):
        settings = "mkdocs.yml" if i == 0 else f"mkdocs.{lang}.yml"
        p = run(tool, "build", "--strict", "-f", settings, cwd=tree, now=now)
        assert p.returncode == 0, f"{tool} {settings}:\n{p.stdout}{p.stderr}"
        assert "WARNING" not in p.stderr, p.stderr
    return tree / "site"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A bilingual repository built by the plugin, and generated once."""
    repo = Repo(tmp_path_factory.mktemp("generate") / "repo")
    repo.commit("publish", "2026-05-01T10:00:00+02:00", {
        **minimal_files(), "content/plans/2025-2027/commitments/open-budget.yml": BILINGUAL,
        "content/take-part.md": TAKE_PART, "content/take-part.fr.md": TAKE_PART_FR})
    plugin = mkdocs_build(repo.root, site=str(repo.root.parent / "plugin-site"))
    assert plugin.code == 0, plugin.output
    out = repo.root.parent / "generated"
    gen = ogrepo(repo.root, "generate", str(out))
    assert gen.code == 0, gen.output
    return repo, plugin.site, out, gen


@pytest.fixture(scope="module", params=["mkdocs", "properdocs"])
def built(request, generated):
    _, plugin, out, _ = generated
    site = build_tree(request.param, out, ["en", "fr"])
    copy = out.parent / f"site-{request.param}"
    site.rename(copy)
    return plugin, copy


def builder_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if BUILDER_FILES.search(p.relative_to(site).as_posix())}


def site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and not BUILDER_FILES.search(p.relative_to(site).as_posix())
            and not p.relative_to(site).as_posix().startswith(("assets/javascripts/", "assets/stylesheets/",
                                                               "assets/images/", "fr/assets/javascripts/",
                                                               "fr/assets/stylesheets/", "fr/assets/images/"))}


def urls_of(sitemap: Path) -> list[str]:
    return sorted(re.findall(r"<url>.*?</url>", sitemap.read_text(), re.S))


def article(html: str) -> str:
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert found, "no article in the page"
    return text_of(found.group(1))


def broken_links(site: Path, base: str) -> list[str]:
    """Every link of every page that leads to no file of the site (or no anchor in it)."""
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            if re.match(r"^([a-z]+:|//)", link):
                continue
            path, _, anchor = link.partition("#")
            path = unquote(path.split("?")[0])
            target = site / path.removeprefix(base) if path.startswith("/") else \
                (page if not path else Path(posixpath.normpath(page.parent / path)))
            target = target / "index.html" if target.is_dir() else target
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif anchor and target.suffix == ".html" and anchor not in (pages.get(target) or _parse(target)).ids:
                broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    return broken


# --- the command -------------------------------------------------------------------------------

def test_generate_writes_a_plain_project_per_language_and_says_how_to_build_it(generated):
    _, _, out, gen = generated
    assert (out / "mkdocs.yml").is_file() and (out / "mkdocs.fr.yml").is_file()
    # a generated page is written as <address>/index.md: its HTML links lead from its address to every builder
    for path in ("mkdocs.yml", "mkdocs.fr.yml", "docs/en/plans/2025-2027/commitments/open-budget/index.md",
                 "docs/fr/plans/2025-2027/commitments/open-budget/index.md", "docs/en/about.md",
                 "docs/en/evidence/2025-2027/open-budget/decree.pdf",
                 "docs/en/data/repository.json", "docs/fr/feeds/atom.xml", "overrides/main.html", "README.md"):
        assert f"{out / path}\n" in gen.out, path  # every file written is named
    settings = (out / "mkdocs.fr.yml").read_text()
    assert "ogrepo" not in re.search(r"^plugins:\n((?:  .*\n)*)", settings, re.M).group(1)
    assert re.search(r"^  language: fr$", settings, re.M) and "site_dir: site/fr" in settings
    assert "site_url: https://ogp.example/repo/fr/" in settings and "custom_dir: overrides" in settings
    # evidence and repository.json once, in the first language's tree
    assert not (out / "docs/fr/evidence").exists() and not (out / "docs/fr/data/repository.json").exists()
    readme = (out / "README.md").read_text()
    assert "properdocs build --strict -f mkdocs.yml && properdocs build --strict -f mkdocs.fr.yml" in readme
    assert "zensical build --strict -f mkdocs.yml && zensical build --strict -f mkdocs.fr.yml" in readme


def test_generate_refuses_to_overwrite_and_replaces_only_what_it_wrote(generated, tmp_path):
    repo, _, out, _ = generated
    again = ogrepo(repo.root, "generate", str(out))
    assert again.code == 1 and "is not empty: nothing was overwritten" in again.err and "--replace" in again.err
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    refused = ogrepo(repo.root, "generate", "--replace", str(mine))
    assert refused.code == 1 and "was not written by `ogrepo generate`" in refused.err
    assert (mine / "notes.txt").read_text() == "mine" and len(list(mine.iterdir())) == 1
    inside = ogrepo(repo.root, "generate", "content/site")
    assert inside.code == 1 and "inside content/" in inside.err
    fresh = tmp_path / "fresh"
    first = ogrepo(repo.root, "generate", str(fresh))
    (fresh / "docs/en/leftover.md").write_text("# Left over\n")
    replaced = ogrepo(repo.root, "generate", "--replace", str(fresh))
    assert first.code == 0 and replaced.code == 0, replaced.output
    assert not (fresh / "docs/en/leftover.md").exists() and (fresh / "mkdocs.yml").is_file()
    assert "generate" in ogrepo(repo.root, "generate", "--help").out


def test_content_with_errors_is_reported_and_nothing_is_written(tmp_path):
    repo = Repo(tmp_path / "repo")
    broken = COMMITMENT.replace("completion: limited", "completion: halfway")
    repo.commit("publish", "2026-05-01T10:00:00+02:00",
                {**minimal_files(), "content/plans/2025-2027/commitments/open-budget.yml": broken})
    gen = ogrepo(repo.root, "generate", str(tmp_path / "out"))
    assert gen.code == 1
    assert "content/plans/2025-2027/commitments/open-budget.yml:29:17: error: 'halfway' is not an allowed value" in gen.err
    assert "nothing was written" in gen.err and "Traceback" not in gen.output
    assert not (tmp_path / "out").exists()


# --- MkDocs and ProperDocs: the site the plugin builds ------------------------------------------

def test_the_generated_tree_builds_into_the_plugins_site(built):
    plugin, site = built
    assert site_files(site) == site_files(plugin)
    for rel in sorted(site_files(plugin)):
        if rel.endswith(".html"):
            ours, theirs = text_of((plugin / rel).read_text()), text_of((site / rel).read_text())
            if rel in REORDERED:
                assert sorted(ours.split()) == sorted(theirs.split()), rel
            else:
                assert ours == theirs, f"{rel}:\n" + "\n".join(difflib.unified_diff([ours], [theirs], lineterm=""))
        elif rel in SITEMAPS:  # the same pages, in another order
            assert urls_of(site / rel) == urls_of(plugin / rel), rel
        else:
            assert (site / rel).read_bytes() == (plugin / rel).read_bytes(), rel
    assert not broken_links(site, "/repo/"), broken_links(site, "/repo/")[:20]


def test_commitment_page_dates_evidence_and_feeds(built, generated):
    repo, *_ = generated
    _, site = built
    for lang, title, updated in (("", "Open budget data", "Last updated May 1, 2026"),
                                 ("fr/", "Données budgétaires ouvertes", "Dernière mise à jour 1 mai 2026")):
        page = (site / lang / PAGE).read_text()
        assert "<h1 id=" in page and title in article(page) and updated in article(page)
        assert '<time datetime="2026-05-01T10:00:00+02:00">' in page
        assert 'href="atom.xml"' in page  # the commitment's own feed, announced in the page's head
        feed = feedparser.parse((site / lang / "plans/2025-2027/commitments/open-budget/atom.xml").read_bytes())
        assert not feed.bozo and any(e.link.endswith("open-budget/#update-2026-04-15") for e in feed.entries)
    assert (site / "evidence/2025-2027/open-budget/decree.pdf").read_bytes() == \
        repo.path("evidence/2025-2027/open-budget/decree.pdf").read_bytes()
    # the French pages link to the files published once, at the root
    assert 'href="../../../../../evidence/2025-2027/open-budget/decree.pdf"' in (site / "fr" / PAGE).read_text()
    take_part = (site / "fr/take-part/index.html").read_text()
    assert 'href="/repo/data/repository.json"' in take_part and 'href="/repo/data/repository.schema.json"' in take_part
    assert 'href="../data/commitments.csv"' in take_part and 'href="../data/evidence.csv"' in take_part  # its own
    assert 'href="../plans/2025-2027/co-creation/#meetings"' in take_part


def test_a_page_not_translated_is_marked_as_the_plugin_marks_it(built):
    _, site = built
    page = (site / "fr/about/index.html").read_text()
    assert "Cette page n&#39;est pas disponible en français" in page or "Cette page n'est pas disponible en français" in page
    assert re.search(r'<div (?=[^>]*lang="en")(?=[^>]*class="ogr-untranslated")[^>]*>\s*<p>This is the repository of Testland', page)
    assert re.search(r'<h1 id="about" lang="en">About', page)
    assert "<title>About - Test Repository</title>" in page
    assert re.search(r'<div class="ogr-updated" data-search-exclude>\s*<p>Dernière mise à jour', page)


# --- Zensical: what it shows, and what differs ---------------------------------------------------

def test_zensical_builds_the_generated_tree(generated):
    try:
        import zensical  # noqa: F401
    except ImportError:
        pytest.fail("Zensical is not installed: pip install -e '.[test]' (it is in the test extra)")
    repo, plugin, out, _ = generated
    site = build_tree("zensical", out, ["en", "fr"])
    missing = site_files(plugin) - site_files(site)
    assert not missing, sorted(missing)
    for rel in site_files(plugin):  # evidence, data and feeds: byte for byte
        if not rel.endswith(".html") and rel not in SITEMAPS:
            assert (site / rel).read_bytes() == (plugin / rel).read_bytes(), rel
    for lang, title in (("", "Open budget data"), ("fr/", "Données budgétaires ouvertes")):
        page = (site / lang / PAGE).read_text()
        assert title in article(page) and '<time datetime="2026-05-01T10:00:00+02:00">' in page
        assert 'data-ogrepo-last-updated' in page and 'hreflang="fr"' in page
    assert not broken_links(site, "/repo/"), broken_links(site, "/repo/")[:20]

    ours, theirs = builder_files(plugin), builder_files(site)
    differences = [f"only in Zensical's site: {rel}" for rel in sorted(theirs - ours)]
    differences += [f"only in the plugin's site: {rel}" for rel in sorted(ours - theirs)]
    interface = set()
    for rel in sorted(r for r in site_files(plugin) if r.endswith(".html") and r not in REORDERED):
        page, built_page = (plugin / rel).read_text(), (site / rel).read_text()
        if article(page) != article(built_page):
            differences.append(f"{rel}: the page's text differs: " + " | ".join(
                f"{a!r} -> {b!r}" for a, b in changed(article(page), article(built_page))))
        interface |= {f"{a!r} -> {b!r}" for a, b in changed(text_of(page), text_of(built_page))}
    differences += [f"interface (Zensical's theme): {change}" for change in sorted(interface)][:15]
    warnings.warn(ZensicalDifferences("Zensical's build of the generated tree differs from the plugin's site:\n  "
                                      + "\n  ".join(differences)))


def changed(a: str, b: str) -> list[tuple[str, str]]:
    words_a, words_b = a.split(), b.split()
    ops = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes()
    return [(" ".join(words_a[i1:i2]), " ".join(words_b[j1:j2])) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


# --- the bundled example, as CI builds it ----------------------------------------------------------

def test_the_example_builds_with_properdocs(tmp_path):
    """The repository's own content, generated and built by ProperDocs at the real time."""
    out = tmp_path / "generated"
    gen = ogrepo(ROOT, "generate", str(out), now=None)
    assert gen.code == 0, gen.output
    first = next(p.name for p in (out / "docs").iterdir() if (p / "data/repository.json").is_file())
    data = json.loads((out / "docs" / first / "data/repository.json").read_text())
    languages = data["languages"]
    assert languages[0] == first
    site = build_tree("properdocs", out, languages, now=None)
    base = re.sub(r"^https?://[^/]+", "", data["site_url"] or "") or "/"

    def local(url: str, lang: str = first) -> Path:
        path = unquote(re.sub(r"^https?://[^/]+", "", url)).removeprefix(base)
        return site / ("" if lang == first else lang + "/") / path

    pages = [c["url"] for plan in data["plans"] for c in plan["commitments"]] + [plan["url"] for plan in data["plans"]]
    assert pages and all((local(url, lang) / "index.html").is_file() for url in pages for lang in languages)
    evidence = list(sha256_files(data))
    assert evidence and all(hashlib.sha256(local(url).read_bytes()).hexdigest() == sha for url, sha in evidence)
    assert not broken_links(site, base), broken_links(site, base)[:20]


def sha256_files(node):
    """(url, sha256) of every evidence file in repository.json."""
    if isinstance(node, dict):
        if node.get("sha256") and node.get("url"):
            yield node["url"], node["sha256"]
        for value in node.values():
            yield from sha256_files(value)
    elif isinstance(node, list):
        for value in node:
            yield from sha256_files(value)
