from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "distribution-platform"
GOLDEN = Path(__file__).parent / "golden"
DATA = Path(__file__).parent / "data"
TODAY = "2026-11-26"

# Tests never touch the user's cache folder: each session gets its own.
os.environ["OKR_CACHE_DIR"] = tempfile.mkdtemp(prefix="okr-test-cache-")

for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS", "OKR_ROOT", "OKR_TODAY",
             "OKR_DEBUG", "NO_COLOR"):
    os.environ.pop(name, None)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the seed workspace."""
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target)
    return target


class Okr:
    """Runs the CLI in-process with a pinned date and terminal width."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None, root: bool = True):
        from okrcli.cli import app

        argv = list(args)
        if root and self.root is not None:
            argv += ["--root", str(self.root)]
        full_env = {"OKR_TODAY": TODAY, "COLUMNS": "120", "NO_COLOR": None, **(env or {})}
        return self.runner.invoke(app, argv, env=full_env, catch_exceptions=False)


@pytest.fixture
def okr(example: Path) -> Okr:
    return Okr(example)


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; OKR_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("OKR_UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("OKR_UPDATE_GOLDEN") and os.environ.get("CI"):
            raise AssertionError(f"golden file {name} is missing")
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
