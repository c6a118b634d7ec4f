"""The self-assessment draft of each plan: a page and a Markdown file for the point of contact to
complete, filled from the data (the National Handbook's end-of-term template; OGP Local's
end-of-commitment summary), every commitment of the plan in it, "To be written" wherever the data
says nothing, and what an author typed shown as text wherever the file is rendered.
"""

from __future__ import annotations

import json
import posixpath
import re

import markdown
import pytest
from conftest import mkdocs_build
from factory import COMMITMENT, MEMBER, PLAN, Repo, minimal_files
from test_statuses import text_of

PLAN_DIR = "content/plans/2025-2027/"
PAGE = "plans/2025-2027/self-assessment/index.html"
FILE = "plans/2025-2027/self-assessment/self-assessment-2025-2027.{}.md.txt"
HOSTILE = "<script>window.ran=1</script> [click](javascript:alert(1)) *loud* # heading"

# a finished commitment with its end of term written (and hostile text in it)
BUDGET = COMMITMENT.replace("title: Open budget data", "number: 1\ntitle: {en: Open budget data, fr: Données "
                            "budgétaires ouvertes}").replace(
    "    title: Portal launched", f"    title: {json.dumps('Portal ' + HOSTILE)}") + """\
end_of_term:
  results: {en: "The budget is published every quarter. %s", fr: "Le budget est publié chaque trimestre."}
  next_steps: {en: Publish the municipal budgets too., fr: Publier aussi les budgets municipaux.}
""" % HOSTILE.replace('"', '\\"')
# a commitment reported on, without an end of term: its results are to be written
CONTRACTS = """\
format: 2
number: 2
title: %s
start: 2025-09-01
end: 2027-06-30
lead_agencies:
  - organisation: Procurement Agency
problem: Contracts are not published.
description: Publish every contract.
values: [access-to-information]
milestones:
  - id: "2.1"
    title: {en: Contracts portal online, fr: Portail des contrats en ligne}
    end: 2026-05-15
updates:
  - date: 2026-04-20
    progress: {en: The portal is being tested with 12 agencies., fr: Le portail est testé avec 12 organismes.}
    next_steps: {en: Open the portal to every agency., fr: Ouvrir le portail à tous les organismes.}
    milestones: {"2.1": in-progress}
    completion: substantial
""" % json.dumps("Open contracts " + HOSTILE)
# a commitment nobody reported on yet
PARLIAMENT = """\
format: 2
number: 3
title: {en: Open parliament, fr: Parlement ouvert}
start: 2026-01-01
end: 2027-06-30
lead_agencies:
  - organisation: Parliament
problem: Committees meet behind closed doors.
description: Open committee meetings.
values: [civic-participation]
milestones:
  - id: "3.1"
    title: {en: Rules of procedure amended, fr: Règlement modifié}
    end: 2027-03-31
"""
PROCESS_WITH_IRM = """\
format: 2
meetings:
  - id: 2025-03-10-forum
    date: 2025-03-10
    kind: forum-meeting
    title: First forum meeting
    participants: {government: 5, civil_society: 7}
    evidence: [minutes.txt]
  - id: 2026-02-forum
    date: 2026-02
    kind: forum-meeting
    title: {en: Progress review, fr: Revue des progrès}
contributions:
  - id: C1
    from: Open Data Network
    summary: Publish budgets as open data
    response: included
    reason: It became commitment open-budget.
    commitment: open-budget
irm_recommendations:
  - recommendation: {en: Publish budgets as data, fr: Publier les budgets en données}
    response: {en: The budget commitment answers it., fr: L'engagement budgétaire y répond.}
    commitments: [open-budget]
"""


def national_files() -> dict:
    return {**minimal_files(), PLAN_DIR + "commitments/open-budget.yml": BUDGET,
            PLAN_DIR + "commitments/open-contracts.yml": CONTRACTS,
            PLAN_DIR + "commitments/open-parliament.yml": PARLIAMENT, PLAN_DIR + "process.yml": PROCESS_WITH_IRM}


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    repo = Repo(tmp_path_factory.mktemp("self-assessment") / "repo")
    repo.commit("publish", "2026-05-01T10:00:00+02:00", national_files())
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    return repo, run.site


def article(path) -> str:
    """The visible text of a page's content (not its navigation)."""
    html = path.read_text()
    return text_of(re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1))


def rendered(md: str) -> str:
    """The Markdown file as Python-Markdown (what MkDocs uses) renders it."""
    return markdown.markdown(md, extensions=["attr_list", "md_in_html", "tables"])


def test_the_page_names_every_commitment_with_its_completion_level(national):
    _, site = national
    shown = article(site / PAGE)
    assert "End-of-term self-assessment: Second National Action Plan" in shown
    for name in ("1. Open budget data", "2. Open contracts", "3. Open parliament"):
        assert name in shown, name
    for level in ("Completion (self-reported) Limited", "Completion (self-reported) Substantial",
                  "Completion (self-reported) Not reported yet"):
        assert level in shown, level
    # each section of the National Handbook's template, in its order
    sections = ["1. Introduction and context", "2. The action plan process", "3. The IRM's key recommendations",
                "4. Implementation of the commitments", "5. Progress on eligibility criteria (optional)",
                "6. Peer exchange and learning", "7. Conclusion"]
    assert [shown.index(s) for s in sections] == sorted(shown.index(s) for s in sections)
    # what the data says is filled in: meetings by phase, the IRM's recommendation, results, next steps
    co_creation = shown[shown.index("Participation in co-creation"):shown.index("Participation during implementation")]
    assert "March 10, 2025: Multi-stakeholder forum meeting, First forum meeting (5 government, 7 civil society)" in co_creation
    assert "1 contribution received, with the government's reasoned response (Included: 1)." in co_creation
    assert "February 2026: Multi-stakeholder forum meeting, Progress review" in shown
    irm = shown[shown.index("3. The IRM's key recommendations"):shown.index("4. Implementation")]
    assert "Publish budgets as data" in irm and "The budget commitment answers it." in irm
    assert "Commitments: Open budget data" in irm
    assert "Publish the municipal budgets too." in shown
    assert "From the update of April 20, 2026: Open the portal to every agency." in shown
    # the milestones with their planned and reported dates and their evidence
    assert re.search(r"1\.1 Open data standard adopted Finished .*March 31, 2026 by March 31, 2026 on time "
                     r"Decree adopting the open budget data standard", shown)


def test_placeholders_where_the_data_says_nothing(national):
    _, site = national
    page = (site / PAGE).read_text()
    shown = article(site / PAGE)
    placeholders = re.findall(r'<p class="ogr-to-write"><strong>To be written:</strong> ([^<]*)</p>', page)
    # no context in plan.yml; eligibility, peer exchange, conclusion; results of two commitments, next steps of one
    assert len(placeholders) == 7, placeholders
    assert placeholders.count("the results of this commitment, with evidence of their use or effect where possible.") == 2
    assert placeholders.count("what comes next for this commitment, and who will carry it on.") == 1
    assert any(p.startswith("the context of the plan") for p in placeholders)
    # the latest progress is shown beside the placeholder, said to be the update's
    assert "The latest progress reported (update of April 20, 2026): The portal is being tested with 12 agencies." in shown


def test_the_markdown_file_to_download_in_each_language(national):
    _, site = national
    page = (site / PAGE).read_text()
    assert re.search(r'<a href="self-assessment-2025-2027\.en\.md\.txt" download="self-assessment-2025-2027\.en\.md" '
                     r'type="text/markdown">', page)
    # one per language site, in its language
    assert 'href="self-assessment-2025-2027.fr.md.txt"' in (site / "fr" / PAGE).read_text()
    assert not (site / FILE.format("fr")).exists() and not (site / "fr" / FILE.format("en")).exists()
    en = (site / FILE.format("en")).read_text(encoding="utf-8")
    fr = (site / "fr" / FILE.format("fr")).read_text(encoding="utf-8")
    assert en.startswith("# End-of-term self-assessment: Second National Action Plan\n")
    assert fr.startswith("# ") and "Deuxième plan d'action national" in fr.splitlines()[0]
    for text, titles in ((en, ["1. Open budget data", "3. Open parliament"]),
                         (fr, ["1. Données budgétaires ouvertes", "3. Parlement ouvert"])):
        for title in titles:
            assert f"\n### {title}\n" in text, title
        assert "\n### 2. Open contracts " in text
    assert "- Completion (self-reported): Limited\n" in en and "- Completion (self-reported): Substantial\n" in en
    assert en.count("> **To be written:**") == 7
    assert "La norme a été adoptée" not in fr  # the update's text was only given in English: nothing invented
    html = rendered(en)
    assert "<h2>4. Implementation of the commitments</h2>" in html
    assert re.search(r'<a href="https://ogp\.example/repo/evidence/2025-2027/open-budget/decree\.pdf">Decree adopting '
                     r'the open budget data standard</a>', html)
    assert '<a href="https://ogp.example/repo/plans/2025-2027/commitments/open-contracts/">' in html


def test_hostile_text_stays_text_in_the_page_and_in_the_file(national):
    _, site = national
    for path in (PAGE, "fr/" + PAGE):
        page = (site / path).read_text()
        assert "<script>window.ran" not in page and 'href="javascript:' not in page
        assert "&lt;script&gt;window.ran=1&lt;/script&gt; [click](javascript:alert(1))" in page
    for text in ((site / FILE.format("en")).read_text(), (site / "fr" / FILE.format("fr")).read_text()):
        html = rendered(text)
        assert "<script" not in html and "javascript:" not in re.sub(r">[^<]*<", "><", html)
        assert "<em>" not in html and html.count("<h1>") == 1
        # shown as written: the same words, as text
        assert "&lt;script&gt;window.ran=1&lt;/script&gt; [click](javascript:alert(1)) *loud* # heading" in html


LOCAL_MEMBER = MEMBER.replace("level: national", "level: local")
LOCAL_PLAN = PLAN + """\
monitoring_body:
  name: {en: Testland Citizens' Observatory, fr: Observatoire citoyen du Testland}
"""


def test_ogp_local_members_get_the_end_of_commitment_summary(tmp_path):
    repo = Repo(tmp_path / "repo")
    files = {**minimal_files(), "content/member.yml": LOCAL_MEMBER, PLAN_DIR + "plan.yml": LOCAL_PLAN,
             PLAN_DIR + "commitments/open-parliament.yml": PARLIAMENT}
    repo.commit("an OGP Local repository", "2026-05-01T10:00:00+02:00", files)
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    shown = article(run.site / PAGE)
    assert "End-of-commitment summary: Second National Action Plan" in shown
    assert "Monitoring body Testland Citizens' Observatory" in shown
    assert "IRM" not in shown and "Peer exchange" not in shown and "eligibility" not in shown
    for part in ("What was done", "Results", "Evidence", "Next steps"):
        assert shown.count(part) >= 2, part  # for each of the two commitments
    # the plan's order: the numbered commitment first
    parliament = shown[shown.index("3. Open parliament Completion"):shown.index("Open budget data Completion")]
    budget = shown[shown.index("Open budget data Completion"):]
    assert "Decree adopting the open budget data standard, March 20, 2026" in budget
    assert "To be written: the evidence of what was done: none is published in the repository." in parliament
    text = (run.site / FILE.format("en")).read_text()
    assert text.startswith("# End-of-commitment summary: Second National Action Plan\n")
    assert "#### What was done" in text and "#### Evidence" in text and "IRM" not in text


def test_the_draft_comes_after_the_evidence_in_the_plans_navigation(national):
    _, site = national
    html = (site / "plans/2025-2027/index.html").read_text()
    start = html.index('class="md-nav md-nav--primary"')
    nav = html[start:html.index('<div class="md-content"', start)]  # nested <nav>s: up to the content
    pages = [posixpath.normpath(posixpath.join("/plans/2025-2027/", href)) for href in re.findall(r'href="([^"#]*)"', nav)]
    wanted = [f"/plans/2025-2027/{name}" for name in ("co-creation", "commitments", "evidence", "self-assessment")]
    assert list(dict.fromkeys(p for p in pages if p in wanted)) == wanted, pages
    assert "Self-assessment (draft)" in text_of(nav)
    # and the plan's page leads to it
    assert '<a href="self-assessment/">Self-assessment (draft)</a>' in html


def test_repository_json_gives_the_address_of_every_researcher_page(national):
    """The draft (page and file in each language), the compliance panel and each evidence item's
    page are in repository.json, at addresses the site really has."""
    _, site = national
    data = json.loads((site / "data/repository.json").read_text())
    root = data["site_url"]
    plan = data["plans"][0]
    assert plan["self_assessment"]["files"] == {
        "en": root + FILE.format("en"), "fr": root + "fr/" + FILE.format("fr")}
    assert plan["compliance_url"] == root + "plans/2025-2027/compliance/"
    pages = [e["page"] for c in plan["commitments"] for e in c["evidence"]]
    assert root + "plans/2025-2027/evidence/open-budget/decree.pdf/" in pages
    for url in [plan["self_assessment"]["url"], plan["compliance_url"], *plan["self_assessment"]["files"].values(),
                *pages]:
        path = url.removeprefix(root)
        assert (site / path / "index.html" if path.endswith("/") else site / path).is_file(), url
