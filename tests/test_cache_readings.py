"""The cache of readings (readcache.py): a check after a change reads the unchanged files
from the cache and gives, finding by finding (positions included), what a cold check
gives; and an entry that is not exactly one we wrote, with the user's secret, is a miss
that changes no answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, session
from okrcli import pipeline, readcache
from okrcli.services import check as service

TODAY = dt.date(2026, 11, 26)
Q4 = Path("okrs") / "2026-Q4"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("OKR_CACHE_DIR", str(path))
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each file parsed (a reading not taken from the cache)."""
    names: list[str] = []
    real = pipeline.read

    def counting(path, *args, **kwargs):
        names.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "read", counting)
    return names


def answer(root: Path, paths: list[Path] | None = None, *, cold: bool = False) -> tuple:
    """Every finding as a dict (path, line, col, code, severity, message), the files,
    whether it fails. ``cold``: without any cache."""
    result = service.run(session(root), TODAY, paths, use_cache=not cold)
    return [d.as_dict() for d in result.diagnostics], result.files, result.fails


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_reference(root: Path) -> None:
    edit(root, f"{Q4}/engineering.yaml", "aligns_to: company/operations",
         "aligns_to: sales/growth")


def renamed_objective(root: Path) -> None:
    """company/customers is what marketing, sales and service align to."""
    edit(root, f"{Q4}/company.yaml", "  - id: customers", "  - id: clients")


def broken_file(root: Path) -> None:
    edit(root, f"{Q4}/purchasing.yaml", "objectives:", "objectives: [\n")


def schema_broken_file(root: Path) -> None:
    edit(root, f"{Q4}/sales.yaml", "    title: ", "    titel: ")


def deleted_file(root: Path) -> None:
    (root / Q4 / "marketing.yaml").unlink()  # li.na aligns to marketing/awareness


def config_changed(root: Path) -> None:
    edit(root, "okr.yaml", "  - id: wang.qiang", "  - id: wang.qiang2")


def new_file(root: Path) -> None:
    text = (root / Q4 / "sales.yaml").read_text(encoding="utf-8")
    (root / Q4 / "sales-2.yaml").write_text(text, encoding="utf-8")  # the owner twice


def checkin_added(root: Path) -> None:
    edit(root, f"{Q4}/sales.yaml", "          - date: 2026-10-16\n            value: 18\n",
         "          - date: 2026-10-16\n            value: 18\n"
         "          - date: 2026-12-20\n            value: 19\n")  # in the future too


def kr_owner_changed(root: Path) -> None:
    edit(root, f"{Q4}/marketing.yaml", "        owner: li.na", "        owner: li.nah")


def teams_changed(root: Path) -> None:
    """marketing moves under sales: li.na's alignment to marketing is no longer sideways,
    and sales's people see another tree."""
    edit(root, "okr.yaml", "  - id: marketing\n    name: 市场部\n    parent: company",
         "  - id: marketing\n    name: 市场部\n    parent: sales")


def lint_changed(root: Path) -> None:
    edit(root, "okr.yaml", "  stale_after_days: 14", "  stale_after_days: 14\n"
         "  lint:\n    max_key_results: 2\n    ignore: [OKR205]")


def broken_then_fixed(root: Path) -> None:
    before = (root / Q4 / "sales.yaml").read_bytes()
    schema_broken_file(root)
    assert answer(root) == answer(root, cold=True)
    (root / Q4 / "sales.yaml").write_bytes(before)


CHANGES: dict[str, Callable[[Path], None]] = {
    "a check-in added": checkin_added,
    "a key result's owner changed": kr_owner_changed,
    "okr.yaml's teams changed": teams_changed,
    "the lint policy changed": lint_changed,
    "a file broken then fixed": broken_then_fixed,
    "a new reference": new_reference,
    "a renamed objective": renamed_objective,
    "a broken file": broken_file,
    "a schema-invalid file": schema_broken_file,
    "a deleted file": deleted_file,
    "okr.yaml changed": config_changed,
    "a new file": new_file,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_check_after_a_change_is_the_cold_check(ws, cache_dir, parsed, change):
    """Warm the cache, change the workspace, check again: the files that did not change
    are not parsed, and every finding is the cold check's, at the same line and column;
    `okr check FILE` as well."""
    assert answer(ws) == answer(ws, cold=True)
    CHANGES[change](ws)
    parsed.clear()
    incremental = answer(ws)
    read_again = set(parsed)
    cold = answer(ws, cold=True)
    assert incremental == cold
    assert incremental[0], "the example always has findings"
    assert not {"li.na.yaml", "wang.qiang.yaml", "service.yaml"} & read_again, read_again
    assert len(read_again) <= 2, read_again  # the changed file (and okr.yaml, to find okr_dir)
    for name in ("company.yaml", "li.na.yaml"):
        one = [ws / Q4 / name]
        assert answer(ws, one) == answer(ws, one, cold=True), name


@pytest.mark.parametrize("days", [36, 3, 60])
def test_another_day_is_the_cold_check_of_that_day(ws, cache_dir, days):
    """Past the cycle's end (2026-12-31 + 36 days), the grades' rules run; every finding
    is the cold check's of that day, with one file changed too."""
    day = TODAY + dt.timedelta(days=days)

    def on(day: dt.date, cold: bool = False) -> tuple:
        result = service.run(session(ws), day, use_cache=not cold)
        return [d.as_dict() for d in result.diagnostics], result.files, result.fails

    assert answer(ws) == answer(ws, cold=True)
    assert on(day) == on(day, cold=True)
    renamed_objective(ws)
    assert on(day) == on(day, cold=True)
    assert on(day) != on(TODAY) or days == 3


def test_changes_one_after_another_stay_the_cold_check(ws, cache_dir):
    """Each change checked from the cache the one before it left."""
    answer(ws)
    for change in CHANGES.values():
        change(ws)
        assert answer(ws) == answer(ws, cold=True), change.__name__


def test_an_unchanged_file_is_never_parsed_again(ws, cache_dir, parsed):
    answer(ws)
    first = len(parsed)
    assert first >= 14  # every file of the example, okr.yaml too
    parsed.clear()
    service.run(session(ws), TODAY + dt.timedelta(days=3))  # another day: no parse
    assert parsed == []
    result = Okr(ws)("status", "li.na")  # a reading command reads the same entries
    assert result.exit_code == 0, result.output
    assert parsed == []


def test_no_cache_writes_no_entry(ws, tmp_path, monkeypatch):
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OKR_NO_CACHE", "1")
    answer(ws)
    assert not (tmp_path / "cache").exists()


# --- hostile entries ------------------------------------------------------------------------


def forget(cache_dir: Path) -> None:
    """Drop the answers and the parts of checks (parts.py), so that the next check reads
    its readings again."""
    for sub in ("check", "file"):
        (cache_dir / sub).exists() and shutil.rmtree(cache_dir / sub)


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "read").iterdir())


def seal(cache_dir: Path, payload: bytes, secret: bytes | None = None) -> bytes:
    secret = (cache_dir / "secret").read_bytes() if secret is None else secret
    return hmac.new(secret, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload


def entry_of(cache_dir: Path, root: Path, rel: str) -> Path:
    raw = (root / rel).read_bytes()
    from okrcli.model import OkrFile

    return cache_dir / "read" / readcache.key(rel, raw, OkrFile)


def forged(cache_dir: Path, path: Path) -> bytes:
    """The entry an attacker wants: the same key, a reading with no findings and the
    model of another file (so that a broken file would pass)."""
    with path.open("rb") as handle:
        payload = handle.read().partition(b"\n")[2]
    data = pickle.loads(payload)
    what, shape, _findings, *rest = data[2]
    return pickle.dumps((data[0], data[1], (what, shape, (), *rest)))


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/okr-pwned",))


def evil_payload(cache_dir: Path, path: Path) -> bytes:
    return pickle.dumps(Evil())


WAYS: dict[str, Callable[[Path, Path], bytes]] = {
    "torn": lambda cache_dir, path: path.read_bytes()[: path.stat().st_size // 2],
    "forged without the secret": lambda cache_dir, path: seal(
        cache_dir, forged(cache_dir, path), b"x" * 32),
    "no MAC": lambda cache_dir, path: forged(cache_dir, path),
    "sealed, another key": lambda cache_dir, path: seal(cache_dir, pickle.dumps(
        ("okr-reading-1", "0" * 40, ("valid", None, ())))),
    "sealed, a foreign class": lambda cache_dir, path: seal(cache_dir,
                                                            evil_payload(cache_dir, path)),
    "sealed, not a pickle": lambda cache_dir, path: seal(cache_dir, b"{}"),
    "sealed, a finding of no rule": lambda cache_dir, path: seal(cache_dir, pickle.dumps(
        ("okr-reading-1", path.name, ("valid", (False, "\n"), ("x",))))),
}


@pytest.mark.parametrize("way", WAYS)
def test_a_damaged_or_forged_reading_is_a_miss(ws, cache_dir, parsed, way):
    """The schema-invalid sales file: its entry replaced, the check still finds its
    errors (and parses the file again)."""
    schema_broken_file(ws)
    cold = answer(ws, cold=True)
    assert answer(ws) == cold
    path = entry_of(cache_dir, ws, f"{Q4}/sales.yaml")
    assert path.exists()
    path.write_bytes(WAYS[way](cache_dir, path))
    forget(cache_dir)
    parsed.clear()
    assert answer(ws) == cold
    assert "sales.yaml" in parsed
    assert not Path("/tmp/okr-pwned").exists()


def test_the_forged_reading_would_be_believed_with_the_secret(ws, cache_dir):
    """What the MAC stands against: the same forged reading, sealed with the secret, is
    taken (the sales file's errors are gone)."""
    schema_broken_file(ws)
    answer(ws)
    path = entry_of(cache_dir, ws, f"{Q4}/sales.yaml")
    path.write_bytes(seal(cache_dir, forged(cache_dir, path)))
    forget(cache_dir)
    codes = {d["code"] for d in answer(ws)[0] if d["path"].endswith("sales.yaml")}
    assert "OKR003" not in codes


@pytest.mark.parametrize("kind", ["a link", "someone else's", "writable by others"])
def test_a_reading_entry_that_is_no_private_file_of_ours_is_a_miss(ws, cache_dir, parsed,
                                                                    monkeypatch, kind):
    schema_broken_file(ws)
    cold = answer(ws, cold=True)
    answer(ws)
    path = entry_of(cache_dir, ws, f"{Q4}/sales.yaml")
    if kind == "a link":
        copy = cache_dir.parent / "elsewhere"
        copy.write_bytes(seal(cache_dir, forged(cache_dir, path)))
        path.unlink()
        path.symlink_to(copy)
    elif kind == "writable by others":
        path.write_bytes(seal(cache_dir, forged(cache_dir, path)))
        path.chmod(0o666)
    else:
        path.write_bytes(seal(cache_dir, forged(cache_dir, path)))
        target = os.lstat(path)
        real = os.fstat

        def reported(fd):
            st = real(fd)
            if (st.st_dev, st.st_ino) != (target.st_dev, target.st_ino):
                return st
            fields = list(st)
            fields[4] = st.st_uid + 1
            return os.stat_result(fields)

        monkeypatch.setattr(os, "fstat", reported)
    forget(cache_dir)
    parsed.clear()
    assert answer(ws) == cold
    assert "sales.yaml" in parsed


def test_a_read_folder_others_may_write_is_not_used(ws, cache_dir, parsed):
    answer(ws)
    (cache_dir / "read").chmod(0o777)
    forget(cache_dir)
    parsed.clear()
    answer(ws)
    assert len(parsed) >= 14
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in entries(cache_dir))


# --- pruning --------------------------------------------------------------------------------


def test_entries_not_used_for_a_month_are_swept_at_most_once_a_day(ws, cache_dir):
    """Each content version leaves an entry: those not used for KEEP_DAYS go, on the first
    write a day after the last sweep; used ones stay (a use marks them)."""
    answer(ws)
    folder = cache_dir / "read"
    old = folder / ("0" * 40)
    old.write_bytes(b"an entry of a content long gone")
    kept = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    month = readcache.KEEP_DAYS * 86400 + 3600
    now = (folder / readcache.SWEPT).stat().st_mtime
    for path in kept:
        os.utime(path, (now - month, now - month))
    os.utime(folder / readcache.SWEPT, (now - 3600, now - 3600))  # swept an hour ago
    written = folder / "new"
    written.write_bytes(b"")
    assert readcache.sweep(folder, written) == 0  # not a day yet: nothing goes
    assert old.exists()
    os.utime(folder / readcache.SWEPT, (now - 2 * 86400, now - 2 * 86400))
    readcache._last_sweep.cache_clear()
    used = entry_of(cache_dir, ws, f"{Q4}/li.na.yaml")
    readcache.used(used)  # used now: kept
    assert readcache.sweep(folder, written) == len(kept) - 1
    assert not old.exists() and used.exists() and written.exists()
    readcache._last_sweep.cache_clear()
    forget(cache_dir)
    assert answer(ws) == answer(ws, cold=True)  # what went is read again
