"""A real git repository built commit by commit, as a team's quarter writes one: weekly
check-ins, a target moved with a reason and one moved without, a check-in rewritten after
it was committed, a key result deleted instead of dropped, a file renamed, and two
branches merged. Every commit has a fixed author and date, so its object name is the same
on every machine and golden files can name it.

``build(path)`` returns a ``Story``: the repository, its workspace and the commit of each
step by name. ``git(repo, ...)`` runs git there, isolated from the user's own git config.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# git reads no configuration of the machine or the user, and never asks for anything.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "Li Na", "GIT_AUTHOR_EMAIL":
           "li.na@example.com", "GIT_COMMITTER_NAME": "Li Na",
           "GIT_COMMITTER_EMAIL": "li.na@example.com"}

CONFIG = """\
organization: 星链分销
cycles:
  - id: 2026-Q4
    start: 2026-10-01
    end: 2026-12-31
teams:
  - id: company
    name: 公司
  - id: sales
    name: 销售部
    parent: company
people:
  - id: zhao.lei
    name: 赵磊
    team: sales
"""

COMPANY = """\
owner: company
cycle: 2026-Q4
objectives:
  - id: customers
    title: 让更多客户持续活跃
"""

SALES = """\
owner: sales
cycle: 2026-Q4
objectives:
  - id: revenue
    title: 扩大核心客户的销售规模
    aligns_to: company/customers
    key_results:
      - id: gmv
        title: 季度成交额达到120万元
        start: 0
        target: 100
        unit: 万元
        owner: zhao.lei
        checkins:
      - id: deals
        title: 新签约客户达到20家
        start: 0
        target: 20
        unit: 家
        checkins:
      - id: churn
        title: 客户流失率降至5%
        start: 8
        target: 5
        unit: "%"
"""


def git(repo: Path, *args: str, date: str | None = None, check: bool = True,
        env: dict[str, str] | None = None) -> str:
    """Run git in ``repo``; ``date`` (YYYY-MM-DD) is the author's and committer's date."""
    full = {**os.environ, **GIT_ENV, **(env or {})}
    if date:
        full["GIT_AUTHOR_DATE"] = full["GIT_COMMITTER_DATE"] = f"{date}T10:00:00+08:00"
    proc = subprocess.run(["git", *args], cwd=repo, env=full, capture_output=True,
                          text=True, check=False)
    if check and proc.returncode:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def init(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")


def commit(repo: Path, message: str, date: str, author: str | None = None) -> str:
    env = {}
    if author:
        name, email = author.split(" <")
        env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email.rstrip(">")}
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", message, date=date, env=env)
    return git(repo, "rev-parse", "HEAD").strip()


@dataclass
class Story:
    repo: Path
    root: Path  # the workspace: a folder of the repository, as in a company's monorepo
    commits: dict[str, str] = field(default_factory=dict)

    @property
    def sales(self) -> Path:
        return self.root / "okrs" / "2026-Q4" / "sales-team.yaml"

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _checkin(kr_line: str, date: str, value: object, extra: str = "") -> tuple[str, str]:
    """The text that appends a check-in right after ``kr_line``'s ``checkins:`` key."""
    return kr_line, kr_line + f"\n          - date: {date}\n            value: {value}{extra}"


def build(path: Path) -> Story:
    """The quarter, step by step (see the module's docstring); the working tree is clean
    at the end, on branch main."""
    repo = path / "repo"
    init(repo)
    root = repo / "okr"
    (root / "okrs" / "2026-Q4").mkdir(parents=True)
    (repo / "README.md").write_text("company monorepo\n", encoding="utf-8")
    (root / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "okrs/2026-Q4/company.yaml").write_text(COMPANY, encoding="utf-8")
    (root / "okrs/2026-Q4/sales.yaml").write_text(SALES, encoding="utf-8")
    story = Story(repo, root)
    c = story.commits
    c["plan"] = commit(repo, "Q4 OKRs of sales", "2026-09-28")
    sales = "okrs/2026-Q4/sales.yaml"
    gmv = "        owner: zhao.lei\n        checkins:"
    deals = "        unit: 家\n        checkins:"
    # week 1 and 2: check-ins
    story.edit(sales, *_checkin(gmv, "2026-10-09", 10, "\n            confidence: 0.8"))
    story.edit(sales, *_checkin(deals, "2026-10-09", 2))
    c["week1"] = commit(repo, "check-in week 1", "2026-10-09", "Zhao Lei <zhao.lei@example.com>")
    story.edit(sales, "            value: 10\n            confidence: 0.8",
               "            value: 10\n            confidence: 0.8\n          - date: 2026-10-16\n"
               "            value: 20\n            note: 两家大客户续约")
    c["week2"] = commit(repo, "check-in week 2", "2026-10-16", "Zhao Lei <zhao.lei@example.com>")
    # a target moved with its reason recorded
    story.edit(sales, "        start: 0\n        target: 100\n",
               "        start: 0\n        target: 120\n")
    story.edit(sales, "            note: 两家大客户续约",
               "            note: 两家大客户续约\n        changes:\n          - date: 2026-10-20\n"
               "            field: target\n            old: 100\n            new: 120\n"
               "            reason: 新增华东渠道")
    c["raise"] = commit(repo, "raise the GMV target for the new channel", "2026-10-20")
    # a target moved without a reason, with a check-in
    story.edit(sales, "        target: 20\n", "        target: 25\n")
    story.edit(sales, "            value: 2\n",
               "            value: 2\n          - date: 2026-10-23\n            value: 6\n")
    c["silent"] = commit(repo, "week 3", "2026-10-23", "Zhao Lei <zhao.lei@example.com>")
    # a check-in rewritten after it was committed
    story.edit(sales, "            value: 20\n            note: 两家大客户续约",
               "            value: 25\n            note: 两家大客户续约")
    c["rewrite"] = commit(repo, "fix a typo", "2026-10-30", "Zhao Lei <zhao.lei@example.com>")
    # a key result deleted instead of dropped
    story.edit(sales, '      - id: churn\n        title: 客户流失率降至5%\n        start: 8\n'
               '        target: 5\n        unit: "%"\n', "")
    c["delete"] = commit(repo, "remove churn", "2026-11-06")
    # the file renamed
    git(repo, "mv", "okr/okrs/2026-Q4/sales.yaml", "okr/okrs/2026-Q4/sales-team.yaml")
    c["rename"] = commit(repo, "one file per team, named by team", "2026-11-09")
    sales = "okrs/2026-Q4/sales-team.yaml"
    # two branches, each with a check-in of its own key result, merged
    git(repo, "checkout", "-q", "-b", "deals-week")
    story.edit(sales, "            value: 6\n",
               "            value: 6\n          - date: 2026-11-13\n            value: 9\n")
    c["branch"] = commit(repo, "deals this week", "2026-11-13", "Zhao Lei <zhao.lei@example.com>")
    git(repo, "checkout", "-q", "main")
    story.edit(sales, "            value: 25\n            note: 两家大客户续约",
               "            value: 25\n            note: 两家大客户续约\n"
               "          - date: 2026-11-13\n            value: 41")
    c["main"] = commit(repo, "GMV this week", "2026-11-13")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge deals-week", "deals-week", date="2026-11-14")
    c["merge"] = git(repo, "rev-parse", "HEAD").strip()
    return story
