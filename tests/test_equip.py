"""Every workspace equipped for editors (issue 14, point 1): okr init writes both schemas
and a modeline into each file it creates, okr schema --install equips an existing
workspace with one-line edits, and any write refreshes a stale schema of .okr/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, golden
from okrcli import __version__
from okrcli.services import equip

KR = "marketing/awareness/followers"
NAMES = ("okr-file.schema.json", "okr.schema.json")
MODELINE = b"# yaml-language-server: $schema="


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _yaml(root: Path) -> list[Path]:
    return sorted([root / "okr.yaml", *(root / "okrs").rglob("*.yaml")])


def _schema_of(path: Path) -> Path:
    """The schema a file's modeline names, resolved as the language server does: from the
    file's folder."""
    first = path.read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines()[0]
    assert first.startswith(MODELINE), (path, first)
    return (path.parent / first[len(MODELINE):].decode()).resolve()


def _stamp(root: Path, name: str) -> str:
    return json.loads((root / ".okr" / name).read_text(encoding="utf-8"))["$comment"]


# --- okr init --------------------------------------------------------------------------


def test_init_writes_both_schemas_and_the_modeline(tmp_path: Path):
    root = tmp_path / "w"
    okr = Okr(root)
    assert okr("init", str(root), root=False).exit_code == 0
    assert _schema_of(root / "okr.yaml") == root / ".okr" / "okr.schema.json"
    for name in NAMES:  # the stamped schema, in the workspace's language (none: English)
        assert (root / ".okr" / name).read_bytes() == equip.build(name, "en")
        assert _stamp(root, name) == f"okr {__version__} (en): written by okr; okr refreshes it"
    assert okr("objective", "add", "company", "Win customers").exit_code == 0
    created = next((root / "okrs").rglob("company.yaml"))
    assert _schema_of(created) == root / ".okr" / "okr-file.schema.json"
    assert created.read_bytes().startswith(b"# yaml-language-server: $schema=../../.okr/")
    assert okr("check").exit_code == 0


def test_objective_add_writes_both_schemas_when_missing(okr, example: Path):
    assert not (example / ".okr").exists()
    assert okr("objective", "add", "zhang.wei", "New work").exit_code == 0
    assert sorted(p.name for p in (example / ".okr").iterdir()) == sorted(NAMES)


@pytest.mark.parametrize("lang", [None, "en", "zh-CN"])
def test_init_example_equips_every_copied_file(tmp_path: Path, lang: str | None):
    root = tmp_path / "demo"
    args = ["--lang", lang] if lang else []
    result = Okr(root)("init", str(root), "--example", "distribution-platform", *args,
                       root=False, env={"OKR_LANG": "en"})
    assert result.exit_code == 0, result.output
    spoken = lang or "zh-CN"  # the example's own language, whatever OKR_LANG says
    for name in NAMES:
        assert (root / ".okr" / name).read_bytes() == equip.build(name, spoken)
    for path in _yaml(root):
        rel = path.relative_to(root)
        expected = "okr.schema.json" if path.name == "okr.yaml" else "okr-file.schema.json"
        assert _schema_of(path) == root / ".okr" / expected
        _first, rest = path.read_bytes().split(b"\n", 1)
        if lang is None or rel.name != "okr.yaml":  # --lang rewrites one line of okr.yaml
            assert rest == (EXAMPLE / rel).read_bytes()
    assert Okr(root)("check").exit_code == 0


# --- okr schema --install --------------------------------------------------------------


def test_install_adds_one_line_to_each_file_and_a_second_run_changes_nothing(okr,
                                                                             example: Path):
    before = _files(example)
    result = okr("schema", "--install", env={"OKR_LANG": "en"})
    assert result.exit_code == 0, result.output
    golden("equip/install.txt", result.stdout)
    after = _files(example)
    assert sorted(set(after) - set(before)) == [f".okr/{n}" for n in NAMES]
    for rel, old in before.items():
        if rel.endswith(".yaml"):  # the modeline, then every byte as it was
            line = equip.modeline(example, example / rel, "okr.schema.json" if rel ==
                                  "okr.yaml" else "okr-file.schema.json").encode()
            assert after[rel] == line + b"\n" + old
        else:
            assert after[rel] == old
    stats = {p: os.stat(p).st_mtime_ns for p in example.rglob("*") if p.is_file()}
    again = okr("schema", "--install", env={"OKR_LANG": "en"})
    assert again.exit_code == 0
    golden("equip/install-again.txt", again.stdout)
    assert _files(example) == after
    assert {p: os.stat(p).st_mtime_ns for p in example.rglob("*") if p.is_file()} == stats


def test_install_in_chinese(okr):
    result = okr("schema", "--install", env={"OKR_LANG": "zh-CN"})
    assert result.exit_code == 0
    golden("equip/install.zh-CN.txt", result.stdout)
    again = okr("schema", "--install", env={"OKR_LANG": "zh-CN"})
    golden("equip/install-again.zh-CN.txt", again.stdout)


def test_install_keeps_crlf_a_bom_and_a_leading_comment(okr, example: Path):
    crlf = example / "okrs" / "2026-Q4" / "li.na.yaml"
    bom = example / "okrs" / "2026-Q4" / "sales.yaml"
    commented = example / "okrs" / "2026-Q4" / "company.yaml"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    old = {p: p.read_bytes() for p in (crlf, bom, commented)}
    assert old[commented].startswith(b"# ")
    codes = _codes(okr)
    assert okr("schema", "--install").exit_code == 0
    line = b"# yaml-language-server: $schema=../../.okr/okr-file.schema.json"
    assert crlf.read_bytes() == line + b"\r\n" + old[crlf]
    assert bom.read_bytes() == b"\xef\xbb\xbf" + line + b"\n" + old[bom][3:]
    assert commented.read_bytes() == line + b"\n" + old[commented]
    assert _codes(okr) == codes  # okr check finds what it found before


def _codes(okr) -> list[tuple[str, str]]:
    found = json.loads(okr("check", "--format", "json").stdout)
    return sorted((d["path"], d["code"]) for d in found)


def test_install_leaves_a_file_with_any_modeline_alone(okr, example: Path):
    path = example / "okrs" / "2026-Q4" / "li.na.yaml"
    own = b"# a note\n#  yaml-language-server: $schema=https://example.com/s.json\n"
    path.write_bytes(own + path.read_bytes())
    old = path.read_bytes()
    result = okr("schema", "--install", env={"OKR_LANG": "en"})
    assert path.read_bytes() == old
    assert "added a modeline to 12 OKR files; the others had one" in result.stdout


def test_install_refuses_options_it_does_not_take(okr, example: Path):
    for extra in (["--config"], ["-o", str(example / "x.json")]):
        result = okr("schema", "--install", *extra, env={"OKR_LANG": "en"})
        assert result.exit_code == 2 and "--install" in result.stderr
        assert "Traceback" not in result.output
    result = okr("schema", "--install", "--config", env={"OKR_LANG": "zh-CN"})
    assert result.exit_code == 2 and "不能同时使用" in result.stderr
    assert not (example / ".okr").exists() and not (example / "x.json").exists()


def test_install_through_a_linked_folder_out_of_the_workspace_writes_nothing(
        okr, example: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (example / ".okr").symlink_to(outside)
    before = _files(example)
    result = okr("schema", "--install", env={"OKR_LANG": "en"})
    assert result.exit_code == 1 and "nothing was written" in result.stderr, result.output
    assert _files(example) == before and not list(outside.iterdir())


def test_install_leaves_a_newer_okrs_schema_alone(okr, example: Path):
    assert okr("schema", "--install").exit_code == 0
    newer = {"$comment": "okr 99.0.0 (zh-CN): written by okr; okr refreshes it"}
    target = example / ".okr" / "okr.schema.json"
    target.write_text(json.dumps(newer), encoding="utf-8")
    result = okr("schema", "--install", env={"OKR_LANG": "en"})
    assert result.stdout.splitlines()[0] == (
        ".okr/okr-file.schema.json up to date; .okr/okr.schema.json left alone (a later "
        "okr's, or not a regular file)")
    assert json.loads(target.read_text(encoding="utf-8")) == newer


# --- the refresh of a stale schema ---------------------------------------------------


@pytest.mark.parametrize("stale", [
    {},  # no stamp: written before schemas were stamped
    {"$comment": "okr 0.0.9 (zh-CN): written by okr; okr refreshes it"},  # an older okr
    {"$comment": f"okr {__version__} (en): written by okr; okr refreshes it"},  # English
    "not json"])
def test_a_write_refreshes_a_stale_schema_and_says_so(okr, example: Path, stale):
    assert okr("schema", "--install").exit_code == 0
    target = example / ".okr" / "okr-file.schema.json"
    target.write_text(stale if isinstance(stale, str) else json.dumps(stale), encoding="utf-8")
    fresh = example / ".okr" / "okr.schema.json"
    untouched = fresh.read_bytes()
    assert okr("status", env={"OKR_LANG": "en"}).exit_code == 0  # a read writes nothing
    assert target.read_text(encoding="utf-8") == (
        stale if isinstance(stale, str) else json.dumps(stale))
    result = okr("checkin", KR, "9000", env={"OKR_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"refreshed .okr/okr-file.schema.json: editors now validate "
                             f"with okr {__version__}'s schemas\n")
    assert target.read_bytes() == equip.build("okr-file.schema.json", "zh-CN")
    assert fresh.read_bytes() == untouched
    again = okr("checkin", KR, "9100", "--amend", env={"OKR_LANG": "en"})
    assert again.exit_code == 0 and again.stderr == ""


def test_the_refresh_is_said_in_chinese(okr, example: Path):
    assert okr("schema", "--install").exit_code == 0
    for name in NAMES:
        (example / ".okr" / name).write_text("{}", encoding="utf-8")
    result = okr("team", "add", "legal", "--name", "法务部", env={"OKR_LANG": "zh-CN"})
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"已更新 .okr/okr-file.schema.json, .okr/okr.schema.json：编辑器"
                             f"现在按 okr {__version__} 的 JSON Schema 校验\n")


def test_a_refused_write_refreshes_nothing(okr, example: Path):
    assert okr("schema", "--install").exit_code == 0
    target = example / ".okr" / "okr-file.schema.json"
    target.write_text("{}", encoding="utf-8")
    assert okr("checkin", "nobody/x/y", "1").exit_code == 1
    assert target.read_text(encoding="utf-8") == "{}"


# --- the one-line edit itself ----------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (b"owner: a\n", b"L\nowner: a\n"),
    (b"owner: a\r\ncycle: b\r\n", b"L\r\nowner: a\r\ncycle: b\r\n"),
    (b"\xef\xbb\xbfowner: a\n", b"\xef\xbb\xbfL\nowner: a\n"),
    (b"# team\nowner: a", b"L\n# team\nowner: a"),
    (b"owner: a", b"L\nowner: a"),
    (b"", b"L\n"),
    (b"owner: a\rcycle: b\r", b"L\rowner: a\rcycle: b\r"),
    (b"---\nowner: a\n", b"L\n---\nowner: a\n"),
])
def test_with_modeline(raw: bytes, expected: bytes):
    assert equip.with_modeline(raw, "L") == expected


@pytest.mark.parametrize("raw", [
    b"# yaml-language-server: $schema=../../.okr/okr-file.schema.json\nowner: a\n",
    b"owner: a\n# yaml-language-server: $schema=https://x/y.json\n",
    b"\xef\xbb\xbf#yaml-language-server:$schema=s.json\r\nowner: a\r\n",
])
def test_a_file_with_a_modeline_is_left_alone(raw: bytes):
    assert equip.with_modeline(raw, "L") is None


def test_a_file_changed_meanwhile_stops_the_install_and_says_what_was_written(
        okr, example: Path, monkeypatch):
    from okrcli import store

    replace = store.Workspace.replace
    victim = example / "okrs" / "2026-Q4" / "li.na.yaml"

    def meanwhile(self, path, old, new):
        if path == victim:  # another program writes the file between read and replace
            victim.write_bytes(old + b"# theirs\n")
        return replace(self, path, old, new)

    monkeypatch.setattr(store.Workspace, "replace", meanwhile)
    result = okr("schema", "--install", env={"OKR_LANG": "en"})
    assert result.exit_code == 1
    assert "changed on disk" in result.stderr and "it was not written, okr.yaml, " in \
        result.stderr and "nothing was written" not in result.stderr, result.stderr
    assert not victim.read_bytes().startswith(MODELINE)
    monkeypatch.undo()
    assert okr("schema", "--install").exit_code == 0  # run again: the rest is equipped
    assert victim.read_bytes().startswith(MODELINE)


def test_a_linked_schema_folder_is_never_written_through_by_a_refresh(okr, example: Path,
                                                                      tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "okr-file.schema.json").write_text("{}", encoding="utf-8")
    (example / ".okr").symlink_to(outside)
    result = okr("checkin", KR, "9000", env={"OKR_LANG": "en"})
    assert result.exit_code == 0 and result.stderr == ""  # the check-in went through
    assert (outside / "okr-file.schema.json").read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in outside.iterdir()) == ["okr-file.schema.json"]
