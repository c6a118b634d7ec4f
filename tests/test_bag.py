"""Each plan's evidence as one BagIt ZIP (RFC 8527): validated by the `bagit` library, every hash
the one the site publishes and the source file's, the plan named in bag-info.txt, the same bytes
from two builds, linked from the plan's evidence page in every language."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import tracemalloc
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bagit
import pytest
from conftest import NOW, mkdocs_build
from factory import EVIDENCE_META, MKDOCS_YML, minimal_repo
from jsonschema import Draft202012Validator

from ogrepo import bag, build
from ogrepo.pages import human_size

PLAN = "2025-2027"
ODD = "évaluation finale 2026.pdf"  # a name with an accent and a space
ACTIVE = "portal page.html"  # published as "portal page.html.txt", kept under its own name in the bag
EVIDENCE = {
    f"evidence/{PLAN}/open-budget/{ODD}": b"%PDF-1.4\n% final evaluation\n" + bytes(range(256)) * 40,
    f"evidence/{PLAN}/open-budget/{ACTIVE}": "<html><body><script>alert(1)</script>Portal</body></html>\n",
    f"evidence/{PLAN}/open-budget/evidence.yml": EVIDENCE_META + f"""\
  {ODD}: {{title: Final evaluation, date: 2026-05, kind: monitoring-report, milestone: "1.2"}}
  {ACTIVE}: {{title: The portal's home page, date: 2026-04-30, kind: technical-document}}
""",
}
ZIP = f"data/bags/{PLAN}.zip"


def make_repo(root: Path, mkdocs_yml: str = MKDOCS_YML, extra: dict | None = None):
    repo = minimal_repo(root)
    repo.commit("More evidence", "2026-05-10T10:00:00+02:00", {**EVIDENCE, "mkdocs.yml": mkdocs_yml, **(extra or {})})
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("bag") / "repo")
    first, second = mkdocs_build(repo.root), mkdocs_build(repo.root, site="site2")
    assert first.code == 0 and second.code == 0, first.output + second.output
    return repo, first.site, second.site


@pytest.fixture(scope="module")
def unzipped(built, tmp_path_factory):
    _, site, _ = built
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(site / ZIP) as zf:
        zf.extractall(target)
    return target / PLAN


def data(site: Path) -> dict:
    return json.loads((site / "data/repository.json").read_text())


def manifest(folder: Path) -> dict[str, str]:
    lines = (folder / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    return {path: digest for digest, path in (line.split("  ", 1) for line in lines)}


def test_the_bag_validates_and_holds_every_evidence_file_as_published(built, unzipped):
    repo, site, _ = built
    bagit.Bag(str(unzipped)).validate()  # every hash, Payload-Oxum, bagit.txt, the tag manifest
    plan = data(site)["plans"][0]
    published = [e for item in [plan["process"], *plan["commitments"]] for e in item["evidence"] if e["sha256"]]
    hashes = manifest(unzipped)
    # every evidence file, under its path in the plan's evidence folder and its own name
    assert set(hashes) == {"data/" + e["source_path"].removeprefix(f"evidence/{PLAN}/") for e in published}
    assert {f"data/open-budget/{ODD}", f"data/open-budget/{ACTIVE}", "data/process/minutes.txt"} <= set(hashes)
    for e in published:
        inside = "data/" + e["source_path"].removeprefix(f"evidence/{PLAN}/")
        source = repo.path(e["source_path"]).read_bytes()
        assert hashes[inside] == e["sha256"] == hashlib.sha256(source).hexdigest()
        assert (unzipped / inside).read_bytes() == source
    assert any(e["published_as_text"] and e["url"].endswith(".html.txt") for e in published)


def test_bag_info_names_the_plan_and_its_member(unzipped):
    info = bagit.Bag(str(unzipped)).info
    assert info["Source-Organization"] == "Republic of Testland"
    assert info["Contact-Name"] == "Ana Point" and info["Contact-Email"] == "ana.point@testland.example"
    assert info["External-Identifier"] == [PLAN, f"https://ogp.example/repo/plans/{PLAN}/"]
    assert info["External-Description"] == ["Second National Action Plan", "Deuxième plan d'action national"]
    assert info["Bagging-Date"] == datetime.fromtimestamp(NOW, timezone.utc).date().isoformat()
    files = [p for p in (unzipped / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in files)}.{len(files)}"
    assert (unzipped / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    described = json.loads((unzipped / "evidence.json").read_text())
    assert described["plan"]["id"] == PLAN
    final = next(e for e in described["evidence"] if e["bag_path"] == f"data/open-budget/{ODD}")
    assert (final["title"], final["date"], final["kind"], final["milestone"]) == (
        {"en": "Final evaluation"}, "2026-05", "monitoring-report", "1.2")
    tags = (unzipped / "tagmanifest-sha256.txt").read_text()
    assert re.search(r"^[0-9a-f]{64}  evidence\.json$", tags, re.M)


def test_a_tampered_copy_fails_validation(unzipped, tmp_path):
    import shutil

    copy = tmp_path / PLAN
    shutil.copytree(unzipped, copy)
    bagit.Bag(str(copy)).validate()
    target = copy / "data/open-budget" / ODD
    changed = bytearray(target.read_bytes())
    changed[-1] ^= 1  # one bit, same size
    target.write_bytes(bytes(changed))
    with pytest.raises(bagit.BagValidationError) as failed:
        bagit.Bag(str(copy)).validate()
    assert [d.path for d in failed.value.details] == [f"data/open-budget/{ODD}"]
    target.write_bytes(unzipped.joinpath("data/open-budget", ODD).read_bytes())
    (copy / "data/process/minutes.txt").unlink()
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(copy)).validate()


def test_two_builds_write_the_same_bytes(built):
    _, site, again = built
    assert (site / ZIP).read_bytes() == (again / ZIP).read_bytes()
    with zipfile.ZipFile(site / ZIP) as zf:
        infos = zf.infolist()
    assert infos[0].filename == f"{PLAN}/bagit.txt"
    payload = [i.filename for i in infos if "/data/" in i.filename]
    assert payload == sorted(payload)
    moment = datetime.fromtimestamp(NOW, timezone.utc)
    for info in infos:
        assert info.date_time == (moment.year, moment.month, moment.day, 0, 0, 0)
        assert (info.compress_type, info.create_system, info.external_attr >> 16) == (zipfile.ZIP_STORED, 3, 0o100644)


def test_repository_json_gives_the_bag_and_validates(built):
    _, site, _ = built
    found = data(site)["plans"][0]["evidence_bag"]
    assert found == {"url": f"https://ogp.example/repo/{ZIP}", "bytes": (site / ZIP).stat().st_size, "files": 5,
                     "payload_bytes": found["payload_bytes"]}
    schema = json.loads((site / "data/repository.schema.json").read_text())
    errors = list(Draft202012Validator(schema).iter_errors(data(site)))
    assert not errors, errors[0].message


def bag_link(page: Path) -> tuple[str, str]:
    html = page.read_text()
    found = re.search(r'<p class="ogr-bag"><a href="([^"]+)" download>([^<]+)</a>', html)
    assert found, "no link to the evidence bag"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_plan_s_evidence_page_links_to_the_bag_with_its_size(built, language):
    _, site, _ = built
    page = f"{'' if language == 'en' else 'fr/'}plans/{PLAN}/evidence/"
    href, text = bag_link(site / page / "index.html")
    assert posixpath.normpath(posixpath.join("/" + page, unquote(urlsplit(href).path))) == "/" + ZIP
    assert f"BagIt ZIP, {human_size((site / ZIP).stat().st_size)}" in text
    assert not (site / "fr/data/bags").exists()  # written once, at the root


def test_bags_can_be_turned_off(tmp_path):
    repo = make_repo(tmp_path / "repo", MKDOCS_YML.replace("      tag_authority:", "      evidence_bags: false\n"
                                                                                "      tag_authority:"))
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    assert not (run.site / "data/bags").exists()
    assert 'class="ogr-bag"' not in (run.site / f"plans/{PLAN}/evidence/index.html").read_text()
    assert data(run.site)["plans"][0]["evidence_bag"] is None


def test_a_bag_larger_than_the_host_publishes_is_not_written_and_the_page_says_so(tmp_path):
    big = {f"evidence/{PLAN}/process/recording-{n}.mp3": bytes([n]) * 700_000 for n in range(2)}
    meta = (f"evidence/{PLAN}/process/evidence.yml",
            "format: 2\nfiles:\n  minutes.txt: {title: Minutes, date: 2025-03-10, kind: minutes}\n"
            "  action-plan.pdf: {title: Plan, date: 2025-08-31, kind: action-plan}\n"
            + "".join(f"  recording-{n}.mp3: {{title: Recording {n}, date: 2025-03-10, kind: video}}\n"
                      for n in range(2)))
    repo = make_repo(tmp_path / "repo", MKDOCS_YML.replace("      tag_authority:", "      max_file_mb: 1\n"
                                                                                "      tag_authority:"),
                     {**big, meta[0]: meta[1]})
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output  # each file is within the limit; only the bag would not be
    assert not (run.site / ZIP).exists()
    text = (run.site / f"plans/{PLAN}/evidence/index.html").read_text()
    assert "too large to download as one file" in text and "1.0 MB" in text
    assert data(run.site)["plans"][0]["evidence_bag"] is None


def test_the_files_are_streamed_and_checked_as_they_are_written(tmp_path):
    size = 40 * 2**20
    repo = make_repo(tmp_path / "repo", extra={f"evidence/{PLAN}/open-budget/survey.csv": b"a,b\n" * (size // 4)})
    meta = repo.path(f"evidence/{PLAN}/open-budget/evidence.yml")
    meta.write_text(meta.read_text() + "  survey.csv: {title: Survey, date: 2026-04, kind: dataset}\n")
    options = build.Options(root=repo.root, site_url="https://ogp.example/repo/")
    result = build.check(options, datetime.fromtimestamp(NOW, timezone.utc))
    assert result.ok, result.problems
    planned = build.evidence_bags(result, options)[PLAN]
    target = tmp_path / "out" / ZIP
    tracemalloc.start()
    try:
        bag.write(planned, repo.root, target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert target.stat().st_size == planned.bytes > size
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MB held in memory while writing"
    bagit_dir = tmp_path / "unzipped"
    with zipfile.ZipFile(target) as zf:
        zf.extractall(bagit_dir)
    bagit.Bag(str(bagit_dir / PLAN)).validate(fast=True)
    # a file changed after the build read it: no bag rather than a bag whose manifest lies
    repo.path(f"evidence/{PLAN}/open-budget/decree.pdf").write_bytes(b"%PDF-1.4\n% changed\n")
    target.unlink()
    with pytest.raises(bag.BagError, match="decree.pdf: the file changed while the site was being built"):
        bag.write(planned, repo.root, target)
    assert not target.exists() and not target.with_name(target.name + ".part").exists()
