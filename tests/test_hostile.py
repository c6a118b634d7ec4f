"""Hostile and broken input, as a careless or hostile contributor would commit it.

Every case builds its own repository and runs both `ogrepo check` and `mkdocs build --strict`,
each bounded in time. Where the input is wrong, both stop, with a message that names the file (or
setting) and no traceback, and nothing is published. Where the input is only odd (hidden or ignored
files, an unknown language), both build, say what was left out and why, and publish nothing from
outside the repository.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import feedparser
import pytest
from conftest import env, mkdocs_build, ogrepo
from factory import COMMITMENT, EVIDENCE_META, MEMBER, MKDOCS_YML

C = "content/plans/2025-2027/commitments/open-budget.yml"
EV = "evidence/2025-2027/open-budget"
SECRET = "the contents of a file outside the repository"
LIMIT = 120  # seconds: no case may hang


@dataclass
class Case:
    """What a contributor did (`make` changes a committed fixture) and what both commands must say."""

    make: Callable
    says: str  # a fragment of the message, in the output of both commands
    where: str  # the file or setting the message names
    fails: bool = True  # False: both build (with --strict), saying what they left out
    extra_env: dict = field(default_factory=dict)


def write(repo, path: str, data):
    target = repo.path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data if isinstance(data, bytes) else data.encode())


def outside_file(repo) -> Path:
    secret = repo.root.parent / "outside" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(SECRET)
    return secret


def link(repo, path: str, target):
    repo.path(path).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, repo.path(path))


def cite(repo, name: str):
    write(repo, C, COMMITMENT.replace("evidence: [decree.pdf]", f"evidence: [decree.pdf, {json.dumps(name)}]"))


def move_content_out(repo):
    outside = repo.root.parent / "elsewhere"
    shutil.move(repo.path("content"), outside)
    os.symlink(outside, repo.path("content"))


def move_evidence_out(repo):
    outside = repo.root.parent / "elsewhere-evidence"
    shutil.move(repo.path("evidence"), outside)
    os.symlink(outside, repo.path("evidence"))


def fifo(repo):
    os.mkfifo(repo.path(f"{EV}/pipe.pdf"))


def socket_file(repo):
    here = os.getcwd()
    os.chdir(repo.path(EV))  # a socket's path is limited to about 100 bytes: bind it by a short one
    try:
        s = socket.socket(socket.AF_UNIX)
        s.bind("socket.pdf")
        s.close()
    finally:
        os.chdir(here)


def alias_bomb(repo):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    write(repo, C, COMMITMENT + "\n".join(lines) + "\n")


def setting(name: str, value: str):
    def make(repo):
        write(repo, "mkdocs.yml", MKDOCS_YML.replace("tag_authority: ogp.example,2024",
                                                     f"tag_authority: ogp.example,2024\n      {name}: {value}"))
    return make


CASES = {
    # --- nothing from outside the repository is published --------------------------------------
    "content-link-to-etc-passwd": Case(lambda r: link(r, "content/passwd.md", "/etc/passwd"),
                                       "link to a file outside the repository", "content/passwd.md"),
    "content-link-outside": Case(lambda r: link(r, "content/notes.md", outside_file(r)),
                                 "link to a file outside the repository", "content/notes.md"),
    "content-folder-linked-out": Case(move_content_out, "outside the repository", "docs_dir"),
    "evidence-folder-linked-out": Case(move_evidence_out, "outside the repository", "evidence"),
    "commitment-yaml-linked-in": Case(lambda r: (shutil.move(r.path(C), r.root.parent / "c.yml"),
                                                 link(r, C, r.root.parent / "c.yml")),
                                      "link to a file outside the repository", C),
    "evidence-link-into-git": Case(lambda r: link(r, f"{EV}/config.txt", r.path(".git/config")),
                                   "link into .git/", f"{EV}/config.txt"),
    "evidence-link-to-folder": Case(lambda r: link(r, f"{EV}/docs", r.root.parent),
                                    "link to a folder", f"{EV}/docs"),
    "hidden-evidence-file": Case(lambda r: write(r, f"{EV}/.draft.pdf", b"%PDF draft"),
                                 "hidden file (its name starts with '.'): it is not published", f"{EV}/.draft.pdf",
                                 fails=False),
    "ignored-evidence-file": Case(lambda r: (write(r, ".gitignore", "*.tmp\n"),
                                             write(r, f"{EV}/scan.tmp", b"temporary")),
                                  "ignored by git (.gitignore): it is not published", f"{EV}/scan.tmp", fails=False),
    "ignored-page": Case(lambda r: (write(r, ".gitignore", "drafts.md\n"), write(r, "content/drafts.md", "# Draft\n")),
                         "ignored by git (.gitignore): it is not published", "content/drafts.md", fails=False),
    "cited-hidden-file": Case(lambda r: (write(r, f"{EV}/.draft.pdf", b"%PDF"), cite(r, ".draft.pdf")),
                              "the evidence '.draft.pdf' is not published: this is a hidden file", C),
    # --- no script runs on the site's origin -----------------------------------------------------
    "page-with-script": Case(lambda r: write(r, "content/about.md", "# About\n\n<script>alert(1)</script>\n"),
                             "this page holds a <script> element", "content/about.md:3:1"),
    "page-with-event-handler": Case(lambda r: write(r, "content/about.md", "# About\n\n<img src=x onerror=alert(1)>\n"),
                                    "event handler (onerror=…)", "content/about.md:3:1"),
    "page-with-javascript-link": Case(lambda r: write(r, "content/about.md", "# About\n\n[x](javascript:alert(1))\n"),
                                      "javascript: address", "content/about.md"),
    "page-loads-remote-image": Case(lambda r: write(r, "content/about.md", "# About\n\n![logo](https://cdn.example/l.png)\n"),
                                    "loads https://cdn.example/l.png from another host", "content/about.md"),
    "page-links-nowhere": Case(lambda r: write(r, "content/about.md", "# About\n\nSee [the rules](rules.md).\n"),
                               "contains a link 'rules.md', but the target is not found", "about.md"),
    "fonts-from-google": Case(lambda r: write(r, "mkdocs.yml", MKDOCS_YML.replace("  font: false\n", "")),
                              "fonts.googleapis.com", "theme.font"),
    "remote-script-in-settings": Case(lambda r: write(r, "mkdocs.yml", MKDOCS_YML + "extra_javascript:\n"
                                                      "  - https://cdn.example/track.js\n"),
                                      "loads https://cdn.example/track.js from another host", "extra_javascript"),
    # --- no traceback ----------------------------------------------------------------------------
    "nested-brackets": Case(lambda r: write(r, C, COMMITMENT.replace("title: Open budget data",
                                                                     "title: " + "[" * 5000 + "]" * 5000)),
                            "nested more than 40 levels deep", f"{C}:1:"),
    "huge-number": Case(lambda r: write(r, C, COMMITMENT.replace("title: Open budget data",
                                                                 "number: " + "9" * 5000 + "\ntitle: x")),
                        "this number has 5000 digits", f"{C}:1:9"),
    "infinite-budget": Case(lambda r: write(r, C, COMMITMENT + "resources: {budget: {amount: 1e999, currency: USD}}\n"),
                            "1e999 is not a number that can be used", C),
    "control-character-in-text": Case(lambda r: write(r, C, COMMITMENT.replace("title: Open budget data",
                                                                               'title: "Open\\x01budget"')),
                                      "invisible control character (U+0001)", f"{C}:1:8"),
    "nul-byte": Case(lambda r: write(r, C, COMMITMENT.replace("problem: Budget", "problem: Bud\x00get")),
                     "a character YAML does not allow (U+0000)", f"{C}:8:13"),
    "not-utf8": Case(lambda r: write(r, C, COMMITMENT.replace("problem: Budget", "problem: Bud\xe9get").encode("latin-1")),
                     "byte 0xe9 here is not a character", f"{C}:8:13"),
    "control-character-in-file-name": Case(lambda r: write(r, f"{EV}/re\x01port.pdf", b"%PDF"),
                                           "control character (U+0001)", f"{EV}/re"),
    "record-separator-in-file-name": Case(lambda r: write(r, f"{EV}/a\x1eb.pdf", b"%PDF"),
                                          "control character (U+001E)", f"{EV}/a"),
    "unknown-language": Case(lambda r: write(r, "content/member.yml", MEMBER.replace("languages: [en, fr]",
                                                                                    "languages: [en, qq]")),
                             "no date and number formats for the language 'qq'", "content/member.yml", fails=False),
    "source-date-epoch-empty": Case(lambda r: None, "SOURCE_DATE_EPOCH must be a whole number", "SOURCE_DATE_EPOCH",
                                    extra_env={"SOURCE_DATE_EPOCH": ""}),
    "source-date-epoch-text": Case(lambda r: None, "SOURCE_DATE_EPOCH must be a whole number", "SOURCE_DATE_EPOCH",
                                   extra_env={"SOURCE_DATE_EPOCH": "yesterday"}),
    "source-date-epoch-far": Case(lambda r: None, "SOURCE_DATE_EPOCH must be a whole number", "SOURCE_DATE_EPOCH",
                                  extra_env={"SOURCE_DATE_EPOCH": "99999999999999"}),
    "docs-dir-env-unset": Case(lambda r: write(r, "mkdocs.yml", MKDOCS_YML.replace("docs_dir: content",
                                                                                   "docs_dir: !ENV OGREPO_NO_SUCH")),
                               "docs_dir", "isn't an existing directory"),
    "stale-after-negative": Case(setting("stale_after_months", "-1"), "must be a whole number from 1 to 12",
                                 "stale_after_months"),
    # --- no hang ---------------------------------------------------------------------------------
    "alias-bomb": Case(alias_bomb, "anchors and aliases (&name, *name) are not supported", f"{C}:"),
    "fifo-in-evidence": Case(fifo, "a named pipe, not a regular file", f"{EV}/pipe.pdf"),
    "socket-in-evidence": Case(socket_file, "a socket, not a regular file", f"{EV}/socket.pdf"),
    # --- sanity ----------------------------------------------------------------------------------
    "commitment-called-index": Case(lambda r: shutil.move(r.path(C), r.path(C.replace("open-budget", "index"))),
                                    "'index' cannot be a commitment id", "commitments/index.yml"),
    "lfs-pointer": Case(lambda r: write(r, f"{EV}/decree.pdf", b"version https://git-lfs.github.com/spec/v1\n"
                                        b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                                        b"size 12345\n"),
                        "Git LFS pointer", f"{EV}/decree.pdf"),
    "duplicate-numbers": Case(lambda r: (write(r, C, COMMITMENT.replace("title: Open budget data", "number: 1\ntitle: Open budget data")),
                                         write(r, C.replace("open-budget", "open-spending"),
                                               COMMITMENT.replace("title: Open budget data", "number: 1\ntitle: Open spending"))),
                              "has number 1 too", "commitments/open-"),
    "evidence-from-the-future": Case(lambda r: write(r, f"{EV}/evidence.yml", EVIDENCE_META.replace("2026-03-20", "2099-01-01")),
                                     "this evidence is dated 2099-01-01, after today", f"{EV}/evidence.yml:5:11"),
    "max-file-mb-zero": Case(setting("max_file_mb", "0"), "must be a whole number from 1 to 2048", "max_file_mb"),
}


def run_both(repo, case: Case):
    check = ogrepo(repo.root, "check", "--strict", timeout=LIMIT, **case.extra_env)
    build = mkdocs_build(repo.root, timeout=LIMIT, **case.extra_env)
    return check, build


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(repo, name):
    case = CASES[name]
    case.make(repo)
    repo.commit(f"hostile: {name}", "2026-05-02T10:00:00+00:00")
    check, build = run_both(repo, case)
    for what, run in (("ogrepo check", check), ("mkdocs build", build)):
        assert "Traceback" not in run.output, f"{what}:\n{run.output}"
        assert case.says in run.output, f"{what} does not say {case.says!r}:\n{run.output}"
        assert case.where in run.output, f"{what} does not name {case.where!r}:\n{run.output}"
        assert (run.code != 0) == case.fails, f"{what} exited {run.code}:\n{run.output}"
    if case.fails:
        assert not (repo.path("site") / "index.html").exists(), "nothing is published"
    else:
        published = [p for p in repo.path("site").rglob("*") if p.is_file()]
        assert published and not any(SECRET.encode() in p.read_bytes() for p in published)


def test_a_markdown_file_given_as_evidence_is_published_as_the_file(repo):
    page = "# Minutes\n\n<script>window.ran = 1</script>\n\n[agenda](agenda.md)\n"
    write(repo, f"{EV}/minutes.md", page)
    write(repo, f"{EV}/evidence.yml", EVIDENCE_META + "  minutes.md: {title: Minutes, kind: minutes}\n")
    repo.commit("markdown evidence", "2026-05-02T10:00:00+00:00")
    run = mkdocs_build(repo.root, timeout=LIMIT)
    assert run.code == 0, run.output
    assert (run.site / EV / "minutes.md").read_text() == page
    assert not (run.site / EV / "minutes").exists(), "not rendered as a page"
    index = (run.site / "search/search_index.json").read_text()
    assert "window.ran" not in index and "Minutes\\n" not in index


def test_a_file_a_browser_would_run_is_published_as_text(repo, tmp_path):
    active = {"notice.html": b"<html><body><script>window.ran = 1</script>Notice</body></html>",
              "chart.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.ran = 1"><script>window.ran=2</script></svg>',
              "release.xml": b'<x:script xmlns:x="http://www.w3.org/1999/xhtml">window.ran = 1</x:script>'}
    for name, data in active.items():
        write(repo, f"{EV}/{name}", data)
    write(repo, f"{EV}/evidence.yml", EVIDENCE_META + "".join(
        f"  {name}: {{title: {name}, kind: other}}\n" for name in active))
    repo.commit("active evidence", "2026-05-02T10:00:00+00:00")
    run = mkdocs_build(repo.root, timeout=LIMIT)
    assert run.code == 0, run.output
    data = json.loads((run.site / "data/repository.json").read_text())
    items = {e["id"]: e for e in data["plans"][0]["commitments"][0]["evidence"]}
    for name, content in active.items():
        assert not (run.site / EV / name).exists()
        assert (run.site / EV / (name + ".txt")).read_bytes() == content  # the same bytes, as text
        assert items[name]["url"].endswith(f"{EV}/{name}.txt") and items[name]["source_path"] == f"{EV}/{name}"
    page = (run.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    assert "Published as text (.txt)" in page


def test_rss_carries_agency_text_as_text(repo):
    hostile = '<img src=x onerror="window.ran=1"> & <b>bold</b>'
    write(repo, C, COMMITMENT.replace("progress: The standard was adopted by decree.", f"progress: {json.dumps(hostile)}")
          .replace("title: Open budget data", f"title: {json.dumps('Open <i>budget</i>')}"))
    repo.commit("hostile update", "2026-05-02T10:00:00+00:00")
    run = mkdocs_build(repo.root, timeout=LIMIT)
    assert run.code == 0, run.output
    for path in ("feeds/rss.xml", "feeds/atom.xml"):
        feed = feedparser.parse((run.site / path).read_bytes(), sanitize_html=False)
        assert not feed.bozo, feed.bozo_exception
        entry = next(e for e in feed.entries if e.id.endswith("updates/2026-04-15"))
        texts = [entry.summary_detail, *entry.get("content", [])]
        assert any(t.type == "text/html" for t in texts), (path, texts)  # the content, with its links
        for text in texts:
            # a reader renders text/html as HTML: it must hold only our elements, the agency's words as text
            if text.type == "text/html":
                assert set(re.findall(r"<(\w+)", text.value)) <= {"p", "ul", "li", "a"}, (path, text.value)
                assert "<img" not in text.value and "<b>" not in text.value, (path, text.value)
                assert f"<p>{html.escape(hostile)}</p>" in text.value, (path, text.value)
            else:
                assert hostile in text.value.splitlines(), (path, text.type, text.value)
        title = entry.title_detail
        assert "<i>" not in title.value if title.type == "text/html" else title.value == \
            "Progress update: Open <i>budget</i> (April 15, 2026)", (path, title.type, title.value)


def test_unreadable_file(repo):
    repo.path(f"{EV}/evidence.yml").chmod(0)
    prefix = []
    if os.geteuid() == 0:  # root reads anything: drop the capability that lets it
        prefix = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                  "--bounding-set=-dac_override,-dac_read_search", "--"]
    try:
        for args in (["-m", "ogrepo", "check"], ["-m", "mkdocs", "build", "--strict"]):
            run = subprocess.run(prefix + [sys.executable, *args], cwd=repo.root, env=env(), capture_output=True,
                                 text=True, timeout=LIMIT)
            assert run.returncode != 0
            assert f"{EV}/evidence.yml: error: this file cannot be read: Permission denied" in run.stderr + run.stdout
            assert "Traceback" not in run.stderr + run.stdout
    finally:
        repo.path(f"{EV}/evidence.yml").chmod(0o644)


def test_names_differing_only_by_case_get_their_own_anchor(repo):
    for name in ("Report.pdf", "report.pdf", "a b.pdf", "a-b.pdf"):
        write(repo, f"{EV}/{name}", b"%PDF " + name.encode())
    write(repo, f"{EV}/evidence.yml", EVIDENCE_META + "".join(
        f"  {name}: {{title: {name}, kind: other}}\n" for name in ("Report.pdf", "report.pdf", "a b.pdf", "a-b.pdf")))
    repo.commit("names", "2026-05-02T10:00:00+00:00")
    run = mkdocs_build(repo.root, timeout=LIMIT)
    assert run.code == 0, run.output
    page = (run.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    import re
    ids = re.findall(r'<tr id="(evidence-[^"]+)"', page)
    assert len(ids) == len(set(ids)) == 5, ids


def test_a_refused_file_is_reported_once(repo):
    link(repo, f"{EV}/secret.pdf", outside_file(repo))
    cite(repo, "secret.pdf")
    repo.commit("cite a link out", "2026-05-02T10:00:00+00:00")
    run = ogrepo(repo.root, "check", timeout=LIMIT)
    assert run.code == 1
    assert run.err.count("secret.pdf") == 1, run.err
    assert "1 error(s)" in run.err


def test_one_misplaced_folder_is_one_error(repo):
    for i in range(43):
        write(repo, f"evidence/2025-2026/open-budget/file-{i}.pdf", b"%PDF")
    repo.commit("wrong plan folder", "2026-05-02T10:00:00+00:00")
    run = ogrepo(repo.root, "check", timeout=LIMIT)
    assert run.code == 1
    assert "evidence/2025-2026: error: there is no plan '2025-2026' for the evidence in this folder " \
           "(43 file(s), not published: open-budget/file-0.pdf, open-budget/file-1.pdf, open-budget/file-10.pdf " \
           "and 40 more)" in run.err
    assert "1 error(s)" in run.err
