"""Small OGP repositories made on disk, with real git commits at fixed dates, for the tests."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

MKDOCS_YML = """\
site_name: Test Repository
site_url: https://ogp.example/repo/
repo_url: https://github.com/example/repo
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - ogrepo:
      tag_authority: ogp.example,2024
markdown_extensions:
  - attr_list
  - admonition
"""

MEMBER = """\
format: 2
name: {en: Republic of Testland, fr: République du Testland}
level: national
languages: [en, fr]
lead_agency: Open Government Office
contacts:
  - name: Ana Point
    title: OGP point of contact
    department: Open Government Office
    email: ana.point@testland.example
    phone: "+1 555 0100"
"""

PLAN = """\
format: 2
title: {en: Second National Action Plan, fr: Deuxième plan d'action national}
start: 2025-09-01
end: 2027-08-31
phase: implementation
documents:
  - title: The action plan
    evidence: action-plan.pdf
"""

PROCESS = """\
format: 2
meetings:
  - id: 2025-03-10-forum
    date: 2025-03-10
    kind: forum-meeting
    title: First forum meeting
    participants: {government: 5, civil_society: 7}
    evidence: [minutes.txt]
contributions:
  - id: C1
    from: Open Data Network
    summary: Publish budgets as open data
    response: included
    reason: It became commitment open-budget.
    commitment: open-budget
"""

COMMITMENT = """\
title: Open budget data
format: 2
start: 2025-09-01
end: 2027-06-30
lead_agencies:
  - organisation: Ministry of Finance
    contact: {name: Budi Lead, email: budi@finance.example}
problem: Budget data is published as scanned PDFs.
description: Publish the budget as open data every quarter.
values: [access-to-information]
milestones:
  - id: "1.1"
    title: Open data standard adopted
    start: 2025-09-01
    end: 2026-03-31
  - id: "1.2"
    title: First quarterly release
    start: 2026-01-01
    end: 2026-06-30
  - id: "1.3"
    title: Portal launched
    start: 2026-06-01
    end: 2027-06-30
updates:
  - date: 2026-04-15
    period: {start: 2025-09-01, end: 2026-03-31}
    progress: The standard was adopted by decree.
    milestones: {"1.1": finished, "1.2": in-progress}
    completion: limited
    evidence: [decree.pdf]
"""

EVIDENCE_META = """\
format: 2
files:
  decree.pdf:
    title: Decree adopting the open budget data standard
    date: 2026-03-20
    kind: regulation
    milestone: "1.1"
"""

PROCESS_META = """\
format: 2
files:
  minutes.txt: {title: Minutes of the first forum meeting, date: 2025-03-10, kind: minutes}
  action-plan.pdf: {title: Second National Action Plan, date: 2025-08-31, kind: action-plan}
"""


def minimal_files() -> dict[str, str | bytes]:
    """A valid repository: one plan, one commitment, a process, three evidence files."""
    return {
        "mkdocs.yml": MKDOCS_YML,
        "content/member.yml": MEMBER,
        "content/about.md": "# About\n\nThis is the repository of Testland.\n",
        "content/plans/2025-2027/plan.yml": PLAN,
        "content/plans/2025-2027/process.yml": PROCESS,
        "content/plans/2025-2027/commitments/open-budget.yml": COMMITMENT,
        "evidence/2025-2027/open-budget/decree.pdf": b"%PDF-1.4\n% decree\n",
        "evidence/2025-2027/open-budget/evidence.yml": EVIDENCE_META,
        "evidence/2025-2027/process/minutes.txt": "Minutes of the first forum meeting.\n",
        "evidence/2025-2027/process/action-plan.pdf": b"%PDF-1.4\n% plan\n",
        "evidence/2025-2027/process/evidence.yml": PROCESS_META,
    }


class Repo:
    """A git repository in a folder, committed to at fixed dates."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Author")
        self.git("config", "user.email", "author@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, date: str | None = None, author_date: str | None = None) -> str:
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
        if date:
            env["GIT_COMMITTER_DATE"] = date
            env["GIT_AUTHOR_DATE"] = author_date or date
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True,
                              text=True).stdout

    def write(self, files: dict[str, str | bytes]):
        for path, data in files.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(textwrap.dedent(data), encoding="utf-8")

    def commit(self, message: str, date: str, files: dict[str, str | bytes] | None = None) -> str:
        """Write `files` (if any), commit everything at `date` (ISO 8601 with offset); return the sha."""
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()

    def path(self, rel: str) -> Path:
        return self.root / rel


def minimal_repo(root: Path, date: str = "2026-05-01T10:00:00+02:00") -> Repo:
    repo = Repo(root)
    repo.commit("Publish the repository", date, minimal_files())
    return repo
