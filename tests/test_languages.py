"""One site per language: the member's first at the root, the others under /<language>/, each with
its own navigation, search index, feeds, trackers, labels and dates in its language, from content
read once."""

from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import pytest
from conftest import mkdocs_build, ogrepo
from factory import COMMITMENT, MEMBER, PLAN, Repo, minimal_files
from test_statuses import text_of

C = "content/plans/2025-2027/commitments/open-budget.yml"
PAGE = "plans/2025-2027/commitments/open-budget/index.html"

BILINGUAL = COMMITMENT.replace("title: Open budget data", "title: {en: Open budget data, fr: Données budgétaires ouvertes}") \
    .replace("problem: Budget data is published as scanned PDFs.",
             "problem: {en: Budget data is published as scanned PDFs., fr: Les données budgétaires sont publiées en PDF numérisés.}")

SPANISH_MEMBER = MEMBER.replace("name: {en: Republic of Testland, fr: République du Testland}",
                                "name: {es: República de Testlandia, en: Republic of Testland}") \
    .replace("languages: [en, fr]", "languages: [es, en]")
SPANISH_PLAN = PLAN.replace("title: {en: Second National Action Plan, fr: Deuxième plan d'action national}",
                            "title: {es: Segundo Plan de Acción Nacional, en: Second National Action Plan}")
SPANISH = COMMITMENT.replace("title: Open budget data", "title: {es: Datos presupuestarios abiertos, en: Open budget data}") \
    .replace("progress: The standard was adopted by decree.",
             "progress: {es: La norma fue adoptada por decreto., en: The standard was adopted by decree.}")


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    repo = Repo(tmp_path_factory.mktemp("bilingual") / "repo")
    repo.commit("publish", "2026-04-01T10:00:00+02:00", {
        **minimal_files(), C: BILINGUAL,
        "content/about.fr.md": "# À propos\n\nCe dépôt est celui du Testland.\n"})
    # the English page changes after its translation: the translation is stale
    repo.commit("about changed", "2026-05-01T10:00:00+02:00",
                {"content/about.md": "# About\n\nThis is the repository of Testland, since 2019.\n"})
    run = mkdocs_build(repo.root, strict=False)
    assert run.code == 0, run.output
    return repo, run


def test_every_language_is_built_with_its_own_navigation_and_search(bilingual):
    _, run = bilingual
    en, fr = run.site / PAGE, run.site / "fr" / PAGE
    assert en.is_file() and fr.is_file()
    assert '<html lang="en"' in en.read_text() and '<html lang="fr"' in fr.read_text()
    # Material's interface and our labels in French, the dates in French
    french = text_of(fr.read_text())
    assert "Jalons" in french and "Dernière mise à jour" in french and "Milestones" not in french
    assert re.search(r"\b1 septembre 2025\b", french)
    assert "Rechercher" in fr.read_text()
    # each language its own search index, with its own stemming
    index = json.loads((run.site / "fr/search/search_index.json").read_text())
    assert index["config"]["lang"] == ["fr"]
    assert any("Les données budgétaires sont publiées" in d["text"] for d in index["docs"])
    assert not any("Budget data is published as scanned" in d["text"] for d in index["docs"])
    english = json.loads((run.site / "search/search_index.json").read_text())
    assert english["config"]["lang"] == ["en"]
    assert any("Budget data is published as scanned" in d["text"] for d in english["docs"])


def test_texts_in_the_page_language_and_fallbacks_marked(bilingual):
    _, run = bilingual
    fr = (run.site / "fr" / PAGE).read_text()
    assert "Données budgétaires ouvertes" in fr and "Les données budgétaires sont publiées en PDF numérisés." in fr
    # a text only in English: shown, marked as English, with a notice once on the page
    assert re.search(r'<p lang="en" class="ogr-fallback">Publish the budget as open data every quarter.</p>', fr)
    assert fr.count('class="ogr-fallback-note"') == 1
    assert "ne sont pas disponibles en français" in fr
    # nothing French is marked English, nothing English unmarked on the French page
    en = (run.site / PAGE).read_text()
    assert "Données budgétaires ouvertes" not in en and 'lang="fr"' not in en.split("<article")[1]
    assert 'class="ogr-fallback-note"' not in en


def test_the_language_switcher_leads_to_the_same_page(bilingual):
    _, run = bilingual
    for site, here in ((run.site, ""), (run.site / "fr", "fr/")):
        page = (site / PAGE).read_text()
        links = dict((lang, href) for href, lang in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"[^>]*class="md-select__link"', page))
        base = PAGE.rsplit("/", 1)[0] + "/"
        import posixpath
        target = {lang: posixpath.normpath(posixpath.join(here + base, href)) + "/" for lang, href in links.items()}
        assert target == {"en": base, "fr": "fr/" + base}, (here, links)
    sitemap = (run.site / "sitemap.xml").read_text()
    assert '<xhtml:link rel="alternate" hreflang="fr" href="https://ogp.example/repo/fr/plans/2025-2027/commitments/open-budget/"/>' in sitemap


def test_hand_written_pages_and_their_translations(bilingual):
    repo, run = bilingual
    assert "Ce dépôt est celui du Testland." in (run.site / "fr/about/index.html").read_text()
    assert not (run.site / "about.fr").exists() and not (run.site / "fr/about.fr").exists()
    check = ogrepo(repo.root, "check")
    assert "content/about.fr.md: warning: this translation was last changed on 2026-04-01, before content/about.md " \
           "(2026-05-01)" in check.err


def test_feeds_and_trackers_in_every_language_with_the_same_ids(bilingual):
    _, run = bilingual
    en = feedparser.parse((run.site / "feeds/atom.xml").read_bytes())
    fr = feedparser.parse((run.site / "fr/feeds/atom.xml").read_bytes())
    assert not en.bozo and not fr.bozo
    assert [e.id for e in en.entries] == [e.id for e in fr.entries]
    assert any("Données budgétaires ouvertes" in e.title for e in fr.entries)
    assert fr.feed.language == "fr"
    update = next(e for e in fr.entries if e.id.endswith("updates/2026-04-15"))
    assert update.link == "https://ogp.example/repo/fr/plans/2025-2027/commitments/open-budget/#update-2026-04-15"
    rows = list(csv.DictReader(io.StringIO((run.site / "fr/data/commitments.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["title"] == "Données budgétaires ouvertes"
    assert rows[0]["url"] == "https://ogp.example/repo/fr/plans/2025-2027/commitments/open-budget/"
    assert not (run.site / "fr/data/repository.json").exists()  # one, with every language, at the root
    doc = json.loads((run.site / "data/repository.json").read_text())
    assert doc["plans"][0]["commitments"][0]["title"] == {"en": "Open budget data", "fr": "Données budgétaires ouvertes"}


def test_evidence_is_published_once_and_linked_from_every_language(bilingual):
    _, run = bilingual
    assert (run.site / "evidence/2025-2027/open-budget/decree.pdf").is_file()
    assert not (run.site / "fr/evidence").exists()
    fr = (run.site / "fr" / PAGE).read_text()
    assert 'href="../../../../../evidence/2025-2027/open-budget/decree.pdf"' in fr


def test_a_spanish_repository_end_to_end(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("publicar", "2026-05-01T10:00:00+02:00", {
        **minimal_files(), "content/member.yml": SPANISH_MEMBER, "content/plans/2025-2027/plan.yml": SPANISH_PLAN,
        C: SPANISH})
    run = mkdocs_build(repo.root, strict=False)
    assert run.code == 0, run.output
    es = (run.site / PAGE).read_text()
    assert '<html lang="es"' in es
    shown = text_of(es)
    assert "Datos presupuestarios abiertos" in shown and "La norma fue adoptada por decreto." in shown
    assert "Hitos" in shown and re.search(r"1 de septiembre de 2025", shown)
    assert "Buscar" in es
    en = (run.site / "en" / PAGE).read_text()
    assert '<html lang="en"' in en and "Open budget data" in text_of(en)
    index = json.loads((run.site / "search/search_index.json").read_text())
    assert index["config"]["lang"] == ["es"]
    feed = feedparser.parse((run.site / "feeds/atom.xml").read_bytes())
    assert feed.feed.language == "es" and "República de Testlandia" in feed.feed.title


def test_every_label_the_code_uses_is_translated_in_every_catalogue():
    """A label added to the code without a translation would show in English on the French and
    Spanish sites: the catalogues are checked against the labels extracted from the code now."""
    import subprocess
    import sys
    from conftest import ROOT
    run = subprocess.run([sys.executable, str(ROOT / "scripts/catalogues.py"), "--check"], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "es: 0 label(s) without a translation" in run.stdout and "fr: 0 label(s)" in run.stdout
