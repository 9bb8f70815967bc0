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

# git, run by the tests and by okr, reads no configuration of the machine or the user.
os.environ["GIT_CONFIG_GLOBAL"] = os.devnull
os.environ["GIT_CONFIG_NOSYSTEM"] = "1"

# The suite speaks English unless a test asks for a language (the golden files of zh-CN do).
os.environ["OKR_LANG"] = "en"

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
    """Compare with tests/golden/NAME. Only OKR_UPDATE_GOLDEN=1 writes it: a missing golden
    file fails, so that a test can never pass by writing its own expectation."""
    path = GOLDEN / name
    if os.environ.get("OKR_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {name} is missing: run with OKR_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


# --- reading files and workspaces the way the commands do -------------------------------


def read(path: Path, raw: bytes | None = None, model: type | None = None):
    """A file through the pipeline's first stages: Unreadable, Broken or Valid."""
    from okrcli import pipeline
    from okrcli.model import Config, OkrFile

    if model is None:
        model = Config if path.name == "okr.yaml" else OkrFile
    return pipeline.read(path, path.read_bytes() if raw is None else raw, model)


def model_of(path: Path):
    """The valid model of a file (asserting that it is valid)."""
    from okrcli.pipeline import Valid

    reading = read(path)
    assert isinstance(reading, Valid), reading.findings
    return reading.model


def located(reading) -> list[tuple[int, int, str, str]]:
    """A reading's own findings as (line, col, code, message), sorted, default policy."""
    from okrcli import pipeline
    from okrcli.checks.policy import Policy

    return sorted((d.line, d.col, d.code, d.message)
                  for d in pipeline.diagnose(reading, reading.findings, Policy(), "f"))


def session(root: Path):
    from okrcli.services import open_session

    return open_session(root)


@pytest.fixture(autouse=True)
def _english_again():
    """A command run in-process leaves its language in use: the next test starts in the
    suite's English, whatever the last one spoke."""
    yield
    from okrcli import i18n

    i18n.use(i18n.ENGLISH)


def without_q3(root: Path) -> Path:
    """A copy of the example without its closed 2026-Q3 (the folder, its cycle in okr.yaml,
    the carried_from lines of 2026-Q4 that name it): for tests that build a 2026-Q3 of
    their own, to their measure."""
    import re

    shutil.rmtree(root / "okrs" / "2026-Q3")
    for path in (root / "okrs" / "2026-Q4").glob("*.yaml"):
        path.write_text(re.sub(r"(?m)^    carried_from: 2026-Q3/.*\n", "",
                               path.read_text(encoding="utf-8")), encoding="utf-8")
    config = root / "okr.yaml"
    config.write_text(re.sub(r"  - id: 2026-Q3\n(    .*\n)+", "",
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    return root
