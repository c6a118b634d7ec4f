"""Settings: `ogrepo check` reads mkdocs.yml exactly as `mkdocs build` does, and every option works."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from conftest import mkdocs_build, ogrepo
from factory import MKDOCS_YML, Repo, minimal_files

# the fixture is committed on 2026-05-01: stale after 3 months (August), not after 6 (November)
SEPTEMBER = 1788220800  # 2026-09-01T00:00:00Z


def data(run) -> dict:
    return json.loads((run.site / "data/repository.json").read_text(encoding="utf-8"))


def test_evidence_dir_moves_the_evidence_folder(repo):
    shutil.move(repo.path("evidence"), repo.path("proof"))
    repo.commit("evidence lives in proof/", "2026-05-02T10:00:00+00:00", {
        "mkdocs.yml": MKDOCS_YML.replace("tag_authority: ogp.example,2024", "tag_authority: ogp.example,2024\n      evidence_dir: proof"),
    })
    check = ogrepo(repo.root, "check", "--strict")
    assert check.code == 0, check.output
    assert "warning" not in check.output and "error" not in check.output
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    source = repo.path("proof/2025-2027/open-budget/decree.pdf").read_bytes()
    assert (run.site / "proof/2025-2027/open-budget/decree.pdf").read_bytes() == source
    c = data(run)["plans"][0]["commitments"][0]
    decree = next(e for e in c["evidence"] if e["id"] == "decree.pdf")
    assert decree["source_path"] == "proof/2025-2027/open-budget/decree.pdf"
    assert decree["sha256"] == hashlib.sha256(source).hexdigest()
    assert decree["title"] == {"en": "Decree adopting the open budget data standard"}
    assert decree["url"] == "https://ogp.example/repo/proof/2025-2027/open-budget/decree.pdf"


# three ways of writing the same setting (stale after 3 months) that the hand-made parser missed
STALE_AFTER_3 = {
    "inherit": ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": MKDOCS_YML.replace(
        "tag_authority: ogp.example,2024", "tag_authority: ogp.example,2024\n      stale_after_months: 3")}),
    "mapping": ({"mkdocs.yml": MKDOCS_YML.replace(
        "plugins:\n  - search\n  - ogrepo:\n      tag_authority: ogp.example,2024\n",
        "plugins:\n  search: {}\n  ogrepo:\n    tag_authority: ogp.example,2024\n    stale_after_months: 3\n")}),
    "env": ({"mkdocs.yml": MKDOCS_YML.replace(
        "tag_authority: ogp.example,2024", "tag_authority: ogp.example,2024\n      stale_after_months: !ENV [OGREPO_MONTHS, 6]")
        .replace("docs_dir: content", "docs_dir: !ENV [OGREPO_DOCS, docs]")}),
}


@pytest.mark.parametrize("form", list(STALE_AFTER_3))
def test_check_and_build_read_the_same_settings(repo, form):
    files = STALE_AFTER_3[form]
    assert "stale_after_months" in "".join(files.values())
    repo.commit(f"settings as {form}", "2026-05-01T10:00:00+02:00", files)
    extra = {"OGREPO_MONTHS": "3", "OGREPO_DOCS": "content"} if form == "env" else {}
    assert extra or "!ENV" not in "".join(files.values())
    check = ogrepo(repo.root, "check", "--stale", now=SEPTEMBER, **extra)
    assert check.code == 3, check.output
    assert "not updated for 3 months" in check.out
    run = mkdocs_build(repo.root, now=SEPTEMBER, **extra)
    assert run.code == 0, run.output
    assert data(run)["plans"][0]["commitments"][0]["stale"] is True


@pytest.mark.parametrize("setting, value, message", [
    ("stale_after_months", '"six"', "must be a whole number from 1 to 12"),
    ("stale_after_months", "100000", "must be a whole number from 1 to 12"),
    ("stale_after_months", "0", "must be a whole number from 1 to 12"),
    ("max_file_mb", "0", "must be a whole number from 1 to 2048"),
    ("evidence_dir", "/etc", "must be a folder inside the repository"),
    ("evidence_dir", "../outside", "must be a folder inside the repository"),
    ("evidence_dir", "content", "must be two separate folders"),
    ("tag_authority", "my site", "must be a domain you control"),
])
def test_a_wrong_setting_stops_check_and_build_naming_it(repo, setting, value, message):
    repo.commit("bad setting", "2026-05-02T10:00:00+00:00", {"mkdocs.yml": MKDOCS_YML.replace(
        "tag_authority: ogp.example,2024", f"tag_authority: ogp.example,2024\n      {setting}: {value}")
        if setting != "tag_authority" else MKDOCS_YML.replace("ogp.example,2024", value)})
    for run in (ogrepo(repo.root, "check"), mkdocs_build(repo.root)):
        assert run.code == 1, run.output
        assert message in run.output, run.output
        assert setting in run.output or "evidence_dir" in run.output
        assert "Traceback" not in run.output
    assert not repo.path("site").exists()


def test_a_repository_without_the_plugin_or_mkdocs_yml(repo):
    repo.commit("no plugin", "2026-05-02T10:00:00+00:00", {"mkdocs.yml": MKDOCS_YML.replace(
        "  - ogrepo:\n      tag_authority: ogp.example,2024\n", "")})
    check = ogrepo(repo.root, "check")
    assert check.code == 1 and "does not use the ogrepo plugin" in check.err
    repo.path("mkdocs.yml").unlink()
    check = ogrepo(repo.root, "check")
    assert check.code == 1 and "there is no mkdocs.yml" in check.err and "Traceback" not in check.output


def test_check_knows_every_generated_page_a_hand_written_page_may_link_to(tmp_path):
    """`ogrepo check` accepts what the build accepts: links to every generated page (the
    self-assessment, the compliance panel and its anchors, every plan's evidence) and refuses an
    anchor the page does not have, as the build does."""
    repo = Repo(tmp_path / "repo")
    links = ("[Draft](plans/2025-2027/self-assessment.md), [Rules](plans/2025-2027/compliance.md#rules), "
             "[All evidence](all-evidence.md)")
    anchors = MKDOCS_YML + "validation:\n  links:\n    anchors: warn\n"  # as the example and `ogrepo init` have it
    repo.commit("publish", "2026-05-01T10:00:00+02:00",
                {**minimal_files(), "mkdocs.yml": anchors, "content/about.md": f"# About\n\n{links}\n"})
    check = ogrepo(repo.root, "check", "--strict")
    assert check.code == 0, check.output
    repo.commit("a wrong anchor", "2026-05-02T10:00:00+02:00",
                {"content/about.md": f"# About\n\n{links} [Nothing](plans/2025-2027/compliance.md#nothing)\n"})
    check, build = ogrepo(repo.root, "check", "--strict"), mkdocs_build(repo.root)
    assert check.code == 1 and "#nothing" in check.output, check.output
    assert build.code == 1 and "#nothing" in build.output, build.output
