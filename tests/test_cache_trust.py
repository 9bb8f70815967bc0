"""A cache that cannot lie: whatever stands in place of an entry, whoever wrote it and
whatever the cache folder is, `okr check` gives the answer a check without the cache
gives. The cache only ever saves time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, session
from okrcli import cache, pipeline
from okrcli.diagnostics import Diagnostic, Severity
from okrcli.services import check as service
from okrcli.services import incremental

Q4 = Path("okrs") / "2026-Q4"
TODAY = dt.date(2026, 11, 26)
Run = tuple[list[dict], list[str], bool]


# --- a broken workspace, its answer without the cache, and a private cache folder --------


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with an unknown key: `okr check` fails with a located error. Tests
    never change it (the cache is outside), so it is made once."""
    root = tmp_path_factory.mktemp("broken") / "ws"
    shutil.copytree(EXAMPLE, root)
    path = root / Q4 / "marketing.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    title: 提高分销" in text
    path.write_text(text.replace("    title: 提高分销", "    titel: 提高分销", 1),
                    encoding="utf-8")
    return root


def check(root: Path) -> Run:
    """`okr check` through the service (the CLI's own cost is ten times the check's): the
    findings with their severities, the files, whether it fails."""
    result = service.run(session(root), TODAY)
    return [d.as_dict() for d in result.diagnostics], result.files, result.fails


def cli(root: Path, **env: str) -> tuple[int, str]:
    result = Okr(root)("check", "--format", "json", env=env)
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def fresh(broken: Path) -> Run:
    """The answer of a check without the cache: the one every test expects."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKR_NO_CACHE", "1")
        answer = check(broken)
    assert answer[2] and {d["code"] for d in answer[0]} >= {"OKR003"}
    return answer


@pytest.fixture(scope="module")
def fresh_cli(broken: Path) -> tuple[int, str]:
    answer = cli(broken, OKR_NO_CACHE="1")
    assert answer[0] == 1 and "OKR003" in answer[1]
    return answer


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("OKR_CACHE_DIR", str(path))
    return path


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per check that ran the pipeline (a miss), none for an answer from the
    cache (a hit)."""
    calls: list[int] = []
    real = pipeline.check

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check", counting)
    real_parts = incremental.check  # the miss path of okr check without --base

    def counting_parts(*args, **kwargs):
        calls.append(1)
        return real_parts(*args, **kwargs)

    monkeypatch.setattr(incremental, "check", counting_parts)
    return calls


def entry(cache_dir: Path) -> Path:
    (path,) = (cache_dir / "check").glob("*.json")
    return path


def seal(cache_dir: Path, payload: bytes, secret: bytes | None = None) -> bytes:
    """An entry as the cache writes it: the HMAC-SHA256 of the payload, a newline, the
    payload."""
    secret = (cache_dir / "secret").read_bytes() if secret is None else secret
    return hmac.new(secret, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload


def warm(root: Path, cache_dir: Path, fresh: Run, computed: list[int]) -> dict:
    """A first check (a miss, which writes the entry) and a second (a hit); the payload
    the entry holds."""
    assert check(root) == fresh
    assert check(root) == fresh
    assert len(computed) == 1, "the second check was not answered from the cache"
    raw = entry(cache_dir).read_bytes()
    assert raw == seal(cache_dir, raw.partition(b"\n")[2])
    return json.loads(raw.partition(b"\n")[2])


def assert_miss(root: Path, fresh: Run, computed: list[int]) -> None:
    """The next check is a miss that gives the right answer."""
    before = len(computed)
    assert check(root) == fresh
    assert len(computed) == before + 1, "answered from the cache"


def believed(good: dict) -> bytes:
    """The entry an attacker wants: the right key, the right files, no findings, so that
    the broken workspace passes."""
    return json.dumps({**good, "diagnostics": []}).encode()


def snapshot(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((p.relative_to(folder).as_posix(), p.lstat().st_mtime_ns, p.lstat().st_size)
                  for p in folder.rglob("*"))


def test_a_sealed_entry_is_a_hit_with_owner_only_modes(broken, fresh, cache_dir, computed):
    """The other tests prove misses; this one proves there is something to miss. Modes
    come from the cache, not the umask."""
    old = os.umask(0)
    try:
        good = warm(broken, cache_dir, fresh, computed)
    finally:
        os.umask(old)
    assert good["diagnostics"] and good["files"]
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_dir / "check").stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_dir / "secret").stat().st_mode) == 0o600
    assert stat.S_IMODE(entry(cache_dir).stat().st_mode) == 0o600
    assert len((cache_dir / "secret").read_bytes()) == 32
    # no temp file
    assert sorted(p.name for p in cache_dir.iterdir()) == ["check", "file", "read", "secret"]
    assert list((cache_dir / "check").iterdir()) == [entry(cache_dir)]


def test_the_attack_works_only_with_the_users_secret(broken, fresh, cache_dir, computed):
    """The forged entry of the tests below is believed when sealed with the secret: only
    the MAC stands between it and a broken workspace that passes."""
    good = warm(broken, cache_dir, fresh, computed)
    entry(cache_dir).write_bytes(seal(cache_dir, believed(good)))
    assert cli(broken) == (0, "[]\n")


# --- 1. the key holds the code ------------------------------------------------------------


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "okrcli"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.code_hash.cache_clear()
    yield copy
    cache.code_hash.cache_clear()


CONTENTS = [("okr.yaml", b"settings: {}\n"), ("okrs/a.yaml", b"owner: a\n")]


def test_a_changed_module_is_a_new_key_at_the_same_version(package_copy, monkeypatch):
    import okrcli

    first = cache.key(CONTENTS, ["2026-11-26"])
    version = okrcli.__version__
    rule = package_copy / "checks" / "rules" / "too_safe.py"
    rule.write_bytes(rule.read_bytes() + b"# one byte more\n")
    cache.code_hash.cache_clear()
    assert okrcli.__version__ == version
    assert cache.key(CONTENTS, ["2026-11-26"]) != first
    rule.write_bytes(rule.read_bytes().removesuffix(b"# one byte more\n"))
    cache.code_hash.cache_clear()
    assert cache.key(CONTENTS, ["2026-11-26"]) == first  # the bytes, nothing else
    monkeypatch.setattr(okrcli, "__version__", "99.0")
    cache.code_hash.cache_clear()
    assert cache.key(CONTENTS, ["2026-11-26"]) == first  # the version alone is no key


def test_another_reader_version_is_a_new_key(monkeypatch, tmp_path):
    """A reader is known by the file it loads from (found without importing it): another
    file, or the same one rewritten by an upgrade, is a new key."""
    import importlib.machinery
    import importlib.util
    import os

    real = importlib.util.find_spec
    installed = tmp_path / "yaml_rs.so"
    installed.write_bytes(b"one build")

    def find_spec(name, *args):
        if name == "yaml_rs":
            return importlib.machinery.ModuleSpec(name, None, origin=str(installed))
        return real(name, *args)

    cache.code_hash.cache_clear()
    try:
        first = cache.key(CONTENTS, None)
        monkeypatch.setattr(importlib.util, "find_spec", find_spec)
        cache.code_hash.cache_clear()
        moved = cache.key(CONTENTS, None)
        assert moved != first
        os.utime(installed, ns=(0, 10**18))  # rewritten in place by an upgrade
        cache.code_hash.cache_clear()
        assert cache.key(CONTENTS, None) not in (first, moved)
    finally:
        cache.code_hash.cache_clear()


def test_a_changed_module_makes_the_warm_cache_miss(broken, fresh, cache_dir, computed,
                                                    package_copy):
    warm(broken, cache_dir, fresh, computed)
    (package_copy / "scoring.py").write_bytes((package_copy / "scoring.py").read_bytes()
                                              + b"\n")
    cache.code_hash.cache_clear()
    assert_miss(broken, fresh, computed)


def _messages(root: Path, lang: str, **env: str) -> list[str]:
    result = Okr(root)("check", "--format", "json", env={"OKR_LANG": lang, **env})
    assert result.exit_code == 0, result.output
    return [d["message"] for d in json.loads(result.stdout)]


def test_an_answer_in_one_language_is_never_served_to_another(example, cache_dir,
                                                              monkeypatch):
    """A finding's message is in the language of the run: `okr check` in English, then in
    Chinese, on the same bytes, gives each run its own language, as a check without the
    cache does (the example has findings: OKR209). So that this holds whatever the rules
    translate yet, each message the pipeline makes is also tagged with its language."""
    from okrcli import i18n

    calls: list[str] = []
    real = pipeline.check

    def tagged(*args, **kwargs):
        calls.append(i18n.language())
        return [dataclasses.replace(d, message=f"[{i18n.language()}] {d.message}")
                for d in real(*args, **kwargs)]

    monkeypatch.setattr(pipeline, "check", tagged)
    real_parts = incremental.check  # the miss path of okr check without --base

    def tagged_parts(*args, **kwargs):
        calls.append(i18n.language())
        found, same = real_parts(*args, **kwargs)
        return [dataclasses.replace(d, message=f"[{i18n.language()}] {d.message}")
                for d in found], same

    monkeypatch.setattr(incremental, "check", tagged_parts)
    fresh = {lang: _messages(example, lang, OKR_NO_CACHE="1") for lang in ("en", "zh-CN")}
    assert fresh["en"] and all(m.startswith("[en] ") for m in fresh["en"])
    assert all(m.startswith("[zh-CN] ") for m in fresh["zh-CN"])
    calls.clear()
    for lang in ("en", "en", "zh-CN", "zh-CN", "en"):
        assert _messages(example, lang) == fresh[lang], lang
    # a hit for the second run of a language, a miss for the other one (one entry a
    # workspace, replaced on every miss)
    assert calls == ["en", "zh-CN", "en"]


def test_a_name_that_is_not_utf8_has_a_key():
    one = cache.key([("okrs/\udcff.yaml", b"x")], ["okrs/\udcff.yaml"])
    assert one != cache.key([("okrs/\udcfe.yaml", b"x")], ["okrs/\udcfe.yaml"])
    assert one != cache.key([("okrs/\udcff.yaml", b"y")], ["okrs/\udcff.yaml"])


# --- 2. a malformed entry of any shape is a miss ------------------------------------------


def item(change: Callable[[dict], object]) -> Callable[[dict], object]:
    """A payload whose first diagnostic is changed (``change`` returns the new item)."""
    def shape(good: dict) -> object:
        first, *rest = good["diagnostics"]
        return {**good, "diagnostics": [change(dict(first)), *rest]}
    return shape


def without(field: str) -> Callable[[dict], object]:
    return item(lambda d: {k: v for k, v in d.items() if k != field})


def replaced(field: str, value: object) -> Callable[[dict], object]:
    return item(lambda d: {**d, field: value})


def top(**changes: object) -> Callable[[dict], object]:
    return lambda good: {**good, **changes}


def dropped(field: str) -> Callable[[dict], object]:
    return lambda good: {k: v for k, v in good.items() if k != field}


SHAPES: dict[str, Callable[[dict], object]] = {
    "a list": lambda good: [good],
    "an empty list": lambda good: [],
    "a number": lambda good: 42,
    "a string": lambda good: "diagnostics",
    "null": lambda good: None,
    "true": lambda good: True,
    "no key": dropped("key"),
    "another key": lambda good: {**good, "key": good["key"][::-1]},
    "a key that is a list": lambda good: {**good, "key": [good["key"]]},
    "an extra field": top(extra=1),
    "no diagnostics": dropped("diagnostics"),
    "diagnostics an object": lambda good: {**good, "diagnostics": {"0": good["diagnostics"]}},
    "diagnostics a string": top(diagnostics="none"),
    "diagnostics null": top(diagnostics=None),
    "an item a number": item(lambda d: 1),
    "an item a string": item(lambda d: "okrs/x.yaml:1:1: OKR003"),
    "an item null": item(lambda d: None),
    "an item a list": item(lambda d: list(d.values())),
    **{f"an item without {field}": without(field)
       for field in ("path", "line", "col", "code", "name", "severity", "message")},
    "an item with an extra field": replaced("hint", "x"),
    "line a string": replaced("line", "5"),
    "line a float": replaced("line", 5.0),
    "line a bool": replaced("line", True),
    "line null": replaced("line", None),
    "col a string": replaced("col", "1"),
    "path a number": replaced("path", 1),
    "code null": replaced("code", None),
    "message a list": replaced("message", ["unknown key"]),
    "name a number": replaced("name", 3),
    "severity unknown": replaced("severity", "fatal"),
    "severity in capitals": replaced("severity", "ERROR"),
    "severity a number": replaced("severity", 0),
    "no files": dropped("files"),
    "files a string": lambda good: {**good, "files": good["files"][0]},
    "files null": top(files=None),
    "files an object": top(files={"okr.yaml": True}),
    "files with a number": lambda good: {**good, "files": [*good["files"], 1]},
    "files with null": lambda good: {**good, "files": [None, *good["files"]]},
}


def text_shape(change: Callable[[bytes], bytes]) -> Callable[[dict], bytes]:
    return lambda good: change(json.dumps(good).encode())


# Payloads that no dict can express: given as bytes.
RAW_SHAPES: dict[str, Callable[[dict], bytes]] = {
    "line NaN": text_shape(lambda raw: raw.replace(b'"line": ', b'"line": NaN, "x": ', 1)),
    "line of 5000 digits": text_shape(lambda raw: raw.replace(b'"line": ',
                                                              b'"line": 1' + b"0" * 5000
                                                              + b', "x": ', 1)),
    "nested 100000 deep": lambda good: (b'{"key": "%s", "files": [], "diagnostics": '
                                        % good["key"].encode() + b"[" * 100_000
                                        + b"]" * 100_000 + b"}"),
    "truncated": text_shape(lambda raw: raw[: len(raw) // 2]),
    "empty": lambda good: b"",
    "not UTF-8": text_shape(lambda raw: raw.replace(b'"path": "', b'"path": "\xff\xfe', 1)),
    "UTF-16": lambda good: json.dumps(good).encode("utf-16"),
    "non-ASCII UTF-8": text_shape(lambda raw: raw.replace(b'"message": "',
                                                          "\"message\": \"é".encode(), 1)),
    "two documents": text_shape(lambda raw: raw + b"\n" + raw),
}


def payload_of(name: str, good: dict) -> bytes:
    if name in RAW_SHAPES:
        return RAW_SHAPES[name](good)
    return json.dumps(SHAPES[name](good)).encode()


# Bare (no MAC line): what a damaged file or another program leaves. Every bare entry
# fails its MAC the same way, so a few shapes stand for all.
BARE = ("a list", "a number", "a string", "null", "diagnostics a string", "line a string",
        "truncated", "empty", "not UTF-8", "nested 100000 deep")


CASES = [*((shape, True) for shape in [*SHAPES, *RAW_SHAPES]),
         *((shape, False) for shape in BARE)]


@pytest.mark.parametrize(("shape", "sealed"), CASES)
def test_a_malformed_entry_is_a_miss(broken, fresh, cache_dir, computed, shape, sealed):
    """Sealed: with the user's own secret, so that the shape itself is what is refused."""
    good = warm(broken, cache_dir, fresh, computed)
    payload = payload_of(shape, good)
    entry(cache_dir).write_bytes(seal(cache_dir, payload) if sealed else payload)
    assert_miss(broken, fresh, computed)
    assert check(broken) == fresh  # and rewritten: a hit again
    assert entry(cache_dir).read_bytes() == seal(cache_dir, json.dumps(
        good, separators=(",", ":")).encode())


def make_folder(path: Path, cache_dir: Path) -> None:
    path.mkdir()
    (path / "x").write_bytes(seal(cache_dir, b"{}"))


def make_fifo(path: Path, cache_dir: Path) -> None:
    os.mkfifo(path, 0o600)


def make_link(target: str | Path) -> Callable[[Path, Path], None]:
    def make(path: Path, cache_dir: Path) -> None:
        path.symlink_to(target)
    return make


def make_huge(path: Path, cache_dir: Path) -> None:
    """65 MiB: the right entry with a right MAC, then spaces (still valid JSON), so that
    only the size refuses it."""
    payload = path.read_bytes().partition(b"\n")[2]
    path.write_bytes(seal(cache_dir, payload + b" " * (65 * 1024 * 1024 - len(payload))))


def make_elsewhere(path: Path, cache_dir: Path) -> None:
    """A link to a copy of the entry itself, sealed and right: a link is never followed."""
    copy = cache_dir.parent / "elsewhere.json"
    copy.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(copy)


def make_writable(path: Path, cache_dir: Path) -> None:
    """The right entry, but others may write it: not ours to believe."""
    path.write_bytes(seal(cache_dir, believed(
        json.loads(path.read_bytes().partition(b"\n")[2]))))
    path.chmod(0o666)


FILES: dict[str, Callable[[Path, Path], None]] = {
    "a folder": make_folder,
    "a FIFO": make_fifo,
    "a link to /dev/zero": make_link("/dev/zero"),
    "a link to nowhere": make_link("/nonexistent/okr-cache-entry"),
    "a link to a right entry": make_elsewhere,
    "65 MiB": make_huge,
    "writable by others": make_writable,
}


@pytest.mark.parametrize("kind", FILES)
def test_an_entry_that_is_no_regular_file_of_ours_is_a_miss(broken, fresh, cache_dir,
                                                             computed, kind):
    """None of these is opened for long: a FIFO does not block, a device is not read."""
    warm(broken, cache_dir, fresh, computed)
    path = entry(cache_dir)
    if kind not in ("a link to a right entry", "65 MiB", "writable by others"):
        path.unlink()
    FILES[kind](path, cache_dir)
    assert_miss(broken, fresh, computed)


# --- 3. an entry written without the secret is ignored ------------------------------------


FORGERIES: dict[str, Callable[[Path, bytes, bytes], bytes]] = {
    "no MAC (the old format)": lambda cache_dir, payload, old: payload,
    "a MAC of zeros": lambda cache_dir, payload, old: b"0" * 64 + b"\n" + payload,
    "the attacker's own secret": lambda cache_dir, payload, old: seal(
        cache_dir, payload, secrets.token_bytes(32)),
    "the MAC of the real entry": lambda cache_dir, payload, old: old.partition(b"\n")[0]
    + b"\n" + payload,
    "a MAC in capitals": lambda cache_dir, payload, old: seal(cache_dir, payload)[:64].upper()
    + b"\n" + payload,
    "a MAC cut short": lambda cache_dir, payload, old: seal(cache_dir, payload)[:63]
    + b"\n" + payload,
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_an_entry_rewritten_without_the_secret_is_ignored(broken, fresh, fresh_cli, cache_dir,
                                                          computed, forgery):
    """The attack: the right key, the right files, no findings, so that the broken
    workspace would pass; the MAC missing or made without the user's secret. `okr check`
    still fails, with its findings."""
    good = warm(broken, cache_dir, fresh, computed)
    old = entry(cache_dir).read_bytes()
    entry(cache_dir).write_bytes(FORGERIES[forgery](cache_dir, believed(good), old))
    assert cli(broken) == fresh_cli
    assert len(computed) == 2


# --- 4. a cache folder that is not the user's own is not used -----------------------------


def assert_unused(root: Path, fresh: Run, computed: list[int], folder: Path) -> None:
    """A miss, and nothing written in ``folder``."""
    before = snapshot(folder)
    assert_miss(root, fresh, computed)
    assert_miss(root, fresh, computed)
    assert snapshot(folder) == before


def plant(broken: Path, cache_dir: Path, fresh: Run, computed: list[int]) -> None:
    """An entry that would be believed: the attack sealed with the secret, as anyone who
    could write the folder could have done before the secret was made."""
    good = warm(broken, cache_dir, fresh, computed)
    entry(cache_dir).write_bytes(seal(cache_dir, believed(good)))


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702, 0o720])
@pytest.mark.parametrize("which", [".", "check"])
def test_a_cache_folder_others_may_write_is_not_used(broken, fresh, cache_dir, computed,
                                                     mode, which):
    plant(broken, cache_dir, fresh, computed)
    (cache_dir / which).chmod(mode)
    assert_unused(broken, fresh, computed, cache_dir)


def test_a_cache_folder_others_may_read_is_used(broken, fresh, cache_dir, computed):
    """Reading an entry tells nothing of the secret (which is 0600): 0755 is fine."""
    warm(broken, cache_dir, fresh, computed)
    cache_dir.chmod(0o755)
    (cache_dir / "check").chmod(0o755)
    assert check(broken) == fresh
    assert len(computed) == 1


@pytest.mark.parametrize("which", [".", "check"])
def test_a_symlinked_cache_folder_is_not_used(broken, fresh, cache_dir, computed, which):
    plant(broken, cache_dir, fresh, computed)
    real = cache_dir.parent / "real"
    if which == ".":
        cache_dir.rename(real)
        cache_dir.symlink_to(real)
    else:
        (cache_dir / "check").rename(real)
        (cache_dir / "check").symlink_to(real)
    assert_unused(broken, fresh, computed, real)


def test_a_cache_folder_of_another_user_is_not_used(broken, fresh, cache_dir, computed,
                                                    monkeypatch):
    plant(broken, cache_dir, fresh, computed)
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    assert_unused(broken, fresh, computed, cache_dir)


def owned_by_another(monkeypatch: pytest.MonkeyPatch, call: str, path: Path) -> None:
    """``os.<call>`` reports another owner for ``path``'s inode, and only for it."""
    target = os.lstat(path)
    real = getattr(os, call)

    def reported(*args, **kwargs) -> os.stat_result:
        st = real(*args, **kwargs)
        if (st.st_dev, st.st_ino) != (target.st_dev, target.st_ino):
            return st
        fields = list(st)
        fields[stat.ST_UID] = st.st_uid + 1
        return os.stat_result(fields)

    monkeypatch.setattr(os, call, reported)


@pytest.mark.parametrize("which", [".", "check"])
def test_a_cache_folder_another_user_owns_is_not_used(broken, fresh, cache_dir, computed,
                                                      which, monkeypatch):
    """The folder alone: the secret in it is still reported as the user's."""
    plant(broken, cache_dir, fresh, computed)
    owned_by_another(monkeypatch, "lstat", cache_dir / which)
    assert_unused(broken, fresh, computed, cache_dir)


def test_a_cache_folder_that_is_a_file_is_not_used(broken, fresh, tmp_path, computed,
                                                   monkeypatch):
    plain = tmp_path / "plain"
    plain.write_bytes(b"not a folder\n")
    monkeypatch.setenv("OKR_CACHE_DIR", str(plain))
    assert_miss(broken, fresh, computed)
    assert_miss(broken, fresh, computed)
    assert plain.read_bytes() == b"not a folder\n"


def secret_link(path: Path) -> None:
    copy = path.parent.parent / "secret-copy"
    shutil.copyfile(path, copy)
    copy.chmod(0o600)
    path.unlink()
    path.symlink_to(copy)


def secret_folder(path: Path) -> None:
    path.unlink()
    path.mkdir(0o700)


def secret_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path, 0o600)


def secret_resized(size: int) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        raw = path.read_bytes()
        path.write_bytes((raw * 2)[:size])
    return change


def secret_mode(mode: int) -> Callable[[Path], None]:
    return lambda path: path.chmod(mode)


SECRETS: dict[str, Callable[[Path], None]] = {
    **{f"mode {mode:o}": secret_mode(mode) for mode in (0o644, 0o640, 0o604, 0o660, 0o606)},
    "a link to a copy": secret_link,
    "a folder": secret_folder,
    "a FIFO": secret_fifo,
    "31 bytes": secret_resized(31),
    "33 bytes": secret_resized(33),
    "empty": secret_resized(0),
}


@pytest.mark.parametrize("kind", SECRETS)
def test_a_secret_that_is_not_private_means_no_cache(broken, fresh, cache_dir, computed,
                                                     kind):
    """Not trusted, and not replaced either: a miss and no write, every time."""
    plant(broken, cache_dir, fresh, computed)
    SECRETS[kind](cache_dir / "secret")
    assert_unused(broken, fresh, computed, cache_dir)


def test_a_secret_of_another_user_means_no_cache(broken, fresh, cache_dir, computed,
                                                 monkeypatch):
    """The secret alone, checked on its open descriptor: the folders are the user's."""
    plant(broken, cache_dir, fresh, computed)
    owned_by_another(monkeypatch, "fstat", cache_dir / "secret")
    assert_unused(broken, fresh, computed, cache_dir)


def test_a_missing_secret_is_made_again_and_old_entries_are_misses(broken, fresh,
                                                                   cache_dir, computed):
    good = warm(broken, cache_dir, fresh, computed)
    old = (cache_dir / "secret").read_bytes()
    (cache_dir / "secret").unlink()
    assert_miss(broken, fresh, computed)  # the entry's MAC was made with the old secret
    new = (cache_dir / "secret").read_bytes()
    assert len(new) == 32 and new != old
    assert stat.S_IMODE((cache_dir / "secret").stat().st_mode) == 0o600
    assert entry(cache_dir).read_bytes() == seal(cache_dir, json.dumps(
        good, separators=(",", ":")).encode())
    assert check(broken) == fresh
    assert len(computed) == 2  # a hit with the new secret
    entry(cache_dir).write_bytes(seal(cache_dir, believed(good), old))
    assert_miss(broken, fresh, computed)  # sealed with the old one: not believed


def test_a_secret_made_at_the_same_time_by_another_check_is_the_one(broken, fresh, cache_dir,
                                                                    computed, monkeypatch):
    """Two first checks at once: the secret that got its name first is the one both use,
    and the loser's temporary file is gone."""
    theirs = secrets.token_bytes(32)
    real = os.link

    def racing(source, target, *args, **kwargs):
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, theirs)
        os.close(fd)
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", racing)
    assert check(broken) == fresh
    assert (cache_dir / "secret").read_bytes() == theirs
    assert sorted(p.name for p in cache_dir.iterdir()) == ["check", "file", "index", "read",
                                                          "secret"]
    assert check(broken) == fresh
    assert len(computed) == 1  # the entry was sealed with their secret: a hit


def test_a_file_name_that_is_not_utf8_survives_the_entry(cache_dir, tmp_path):
    """put() then get(): a name that is a surrogate escape comes back as it went in."""
    name = "okrs/bad\udcff.yaml"
    found = [Diagnostic(name, 1, 1, "OKR010", f"{name} is not UTF-8", Severity.ERROR, "x")]
    cache.put(tmp_path, "k", found, ["okr.yaml", name])
    back = cache.get(tmp_path, "k")
    assert back == (found, ["okr.yaml", name])
    assert back is not None and back[0][0].as_dict() == found[0].as_dict()
    assert cache.get(tmp_path, "another key") is None
