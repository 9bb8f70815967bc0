"""Bad input: one clear message with file, line and column, exit 1, no traceback, no change."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import Okr, located, read
from okrcli.model import OkrFile
from okrcli.pipeline import Valid

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
)
DEEP = "owner: " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize(("name", "text", "code", "pos"), [
    ("alias bomb", BOMB, "OKR008", (1, 4)),
    ("deep nesting", DEEP, "OKR009", (1, 71)),
    ("deep block nesting", "".join(" " * i + f"k{i}:\n" for i in range(5000)) + " " * 5000
     + "x\n", "OKR009", None),
], ids=["alias-bomb", "deep-flow", "deep-block"])
def test_hostile_files_are_refused_fast(name, text, code, pos):
    started = time.perf_counter()
    loaded = read(Path("f.yaml"), text.encode(), OkrFile)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{name} took {elapsed:.2f}s"
    assert [f.code for f in loaded.findings][:1] == [code]
    if pos:
        assert located(loaded)[0][:2] == pos


@pytest.mark.parametrize(("name", "raw", "code", "pos"), [
    ("tab", b"owner: a\ncycle: q\nobjectives:\n\t- id: o\n", "OKR001", (4, 1)),
    ("nul", b"owner: a\x00\n", "OKR010", (1, 9)),
    ("invalid utf-8", b"owner: a\ncycle: \xff\n", "OKR010", (2, 8)),
    ("%YAML 1.1", b"%YAML 1.1\n---\nowner: a\n", "OKR009", (1, 1)),
    ("two documents", b"owner: a\n---\nowner: b\n", "OKR009", (2, 1)),
    ("empty", b"", "OKR009", (1, 1)),
    ("top-level list", b"- owner: a\n", "OKR009", (1, 1)),
    ("unclosed flow", b"owner: a\ncycle: [q\n", "OKR001", (3, 1)),
    ("duplicate key", b"owner: a\ncycle: q\nowner: b\n", "OKR002", (1, 1)),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_broken_files_are_located(name, raw, code, pos):
    loaded = read(Path("f.yaml"), raw, OkrFile)
    assert not isinstance(loaded, Valid)
    where = [((line, col), found) for line, col, found, _ in located(loaded)]
    assert (pos, code) in where, where


def test_duplicate_key_names_both_lines():
    loaded = read(Path("f.yaml"), b"owner: a\ncycle: q\nowner: b\n", OkrFile)
    assert [(line, col) for line, col, *_ in located(loaded)] == [(1, 1), (3, 1)]


def test_a_bom_is_accepted():
    loaded = read(Path("f.yaml"), "\ufeffowner: a\ncycle: q\n".encode(), OkrFile)
    assert isinstance(loaded, Valid) and not loaded.findings


@pytest.mark.parametrize("command", [["status"], ["tree"], ["check"], ["grade"],
                                     ["show", "marketing/awareness"]])
def test_a_broken_config_is_a_located_finding(example, command):
    config = example / "okr.yaml"
    config.write_text(config.read_text().replace("stale_after_days: 14",
                                                 "stale_after_day: 14"))
    result = Okr(example)(*command)
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    assert "okr.yaml:" in out and "OKR003" in out and "stale_after_days" in out
    assert "Traceback" not in out


def test_a_yaml_error_in_an_okr_file_is_reported_by_status(example):
    path = example / "okrs" / "2026-Q4" / "service.yaml"
    path.write_text(path.read_text().replace("  - id: satisfaction", "  - id: [satisfaction"))
    result = Okr(example)("status")
    assert result.exit_code == 1
    assert "okrs/2026-Q4/service.yaml:" in result.stderr and "OKR001" in result.stderr
    assert "李娜" in result.stdout  # everything else is still shown
    assert "Traceback" not in result.stderr


def test_a_broken_reference_is_reported_not_crashed_on(example):
    path = example / "okrs" / "2026-Q4" / "li.na.yaml"
    path.write_text(path.read_text().replace("marketing/awareness/followers",
                                             "marketing/awarenes/followers"))
    okr = Okr(example)
    assert okr("status").exit_code == 0
    result = okr("check")
    assert result.exit_code == 1
    assert "okrs/2026-Q4/li.na.yaml:6:16: OKR103" in result.stdout


def test_unknown_owner_and_cycle_in_a_file(example):
    path = example / "okrs" / "2026-Q4" / "li.na.yaml"
    path.write_text(path.read_text().replace("owner: li.na", "owner: lina")
                    .replace("cycle: 2026-Q4", "cycle: 2026-Q5"))
    result = Okr(example)("check")
    assert "okrs/2026-Q4/li.na.yaml:1:8: OKR101" in result.stdout
    assert "okrs/2026-Q4/li.na.yaml:2:8: OKR102" in result.stdout


def test_internal_errors_print_no_traceback(example, monkeypatch):
    from okrcli.services import read as service

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "status", boom)
    result = Okr(example)("status")
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


def _every_test_yaml():
    from conftest import DATA, EXAMPLE

    return sorted([*DATA.rglob("*.yaml"), *EXAMPLE.rglob("*.yaml")])


def test_both_readers_agree_on_every_test_file():
    """The fast reader (yaml-rs) and ruamel give the same model, or both refuse."""
    from okrcli import yamlio
    from okrcli.model import Config

    checked = 0
    for path in _every_test_yaml():
        decoded = yamlio.decode(path.read_bytes())
        if not isinstance(decoded, tuple) or not yamlio.fast_ok(decoded[0]):
            continue
        text = decoded[0]
        model = Config if path.name == "okr.yaml" else OkrFile
        careful, findings = yamlio.careful_load(text)
        try:
            fast = yamlio.fast_loads(text)
        except Exception:
            assert findings, f"{path}: only the fast reader refuses it"
            continue
        assert not findings, f"{path}: only ruamel refuses it"
        a = parse_data(model, careful)
        b = parse_data(model, fast)
        assert a == b, path
        checked += 1
    assert checked > 30


def parse_data(model, data):
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as err:
        return sorted((tuple(map(str, e["loc"])), e["type"]) for e in err.errors())


def test_debug_shows_the_traceback_of_an_internal_error(example, monkeypatch):
    from okrcli.services import read as service

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "status", boom)
    monkeypatch.delenv("OKR_DEBUG", raising=False)
    import os

    from typer.testing import CliRunner

    from okrcli.cli import app

    try:
        result = CliRunner().invoke(app, ["--debug", "status", "--root", str(example)])
    finally:
        os.environ.pop("OKR_DEBUG", None)  # --debug sets it for the process
    assert isinstance(result.exception, RuntimeError)
