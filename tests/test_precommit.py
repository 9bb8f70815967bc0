"""The hooks as a user of pre-commit runs them: a repository of OKR files whose
.pre-commit-config.yaml points at this repository (at its HEAD commit); pre-commit
installs okr in its own environment and runs each hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    folder = tmp_path_factory.mktemp("precommit")
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    git = ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=ci"]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n"
        "    hooks:\n      - id: okr-check\n      - id: okr-check-all\n")
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "okrs"], cwd=folder, check=True)
    return folder


def run(repo: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OKR_TODAY": "2026-11-26",
           "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    # The running interpreter's pre-commit: a venv that is not activated is on no PATH.
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, *args], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=600)


def test_both_hooks_pass_on_the_example_and_fail_on_a_broken_file(repo):
    assert run(repo, "okr-check", "--all-files").returncode == 0
    assert run(repo, "okr-check-all", "--all-files").returncode == 0
    sales = repo / "okrs" / "2026-Q4" / "sales.yaml"
    sales.write_text(sales.read_text(encoding="utf-8").replace("    title: 扩大",
                                                               "    titel: 扩大"),
                     encoding="utf-8")
    result = run(repo, "okr-check", "--files", "okrs/2026-Q4/sales.yaml")
    assert result.returncode == 1
    assert "okrs/2026-Q4/sales.yaml:5:5: OKR003 unknown key 'titel'" in result.stdout
    result = run(repo, "okr-check-all", "--files", "okrs/2026-Q4/li.na.yaml")
    assert result.returncode == 1 and "OKR003" in result.stdout  # the whole workspace


def test_other_yaml_files_of_the_repository_are_not_given_to_okr_check(repo):
    """The hooks run on okr.yaml and files under okrs/: a workflow file is not theirs."""
    other = repo / ".github" / "workflows" / "ci.yml"
    other.parent.mkdir(parents=True)
    other.write_text("on: push\njobs: {}\n")
    result = run(repo, "okr-check", "--files", ".github/workflows/ci.yml")
    assert result.returncode == 0 and "no files to check" in result.stdout.lower()
