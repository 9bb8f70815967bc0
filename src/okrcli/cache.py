"""A cache of `okr check` results, keyed by the content of every file it read.

A second `okr check` with nothing changed (same files byte for byte, same okr.yaml, same
day, same options and language, the same code of okr itself) answers from the cache: it
still reads and hashes every file, but parses none of the OKR files. The cache lives in
the user's cache folder (``OKR_CACHE_DIR``, else ``$XDG_CACHE_HOME/okr``, else
``~/.cache/okr``), never in the workspace; one entry per workspace, replaced on every
miss. On a miss, the files that did not change are not checked again: their parts come
from the pack of the last check (``parts.py``, ``file/``), else their readings from
``readcache.py`` (``read/``, one entry per content), under the same secret and the same
promises. ``OKR_NO_CACHE=1`` turns both off.

What it promises: an answer from the cache is the answer a fresh check would give.
- The key holds a hash of the bytes of every module and catalogue of the package (not its
  version number), the version of Python, the file each YAML reader and the validator is
  loaded from (its path, size and time: an upgrade rewrites it), the
  day, the options (``--base`` as the commit it names, and HEAD, whose history the rules
  of history read) and the language of the messages: a changed rule is never answered
  from an old result, nor a check in Chinese from one in English.
- An entry is believed only with an HMAC-SHA256 over its exact bytes made with a per-user
  secret kept beside it (``<cache folder>/secret``: 32 random bytes, mode 0600), and only
  in exactly the shape put() writes: an entry written by anyone without the secret, or
  damaged, is a miss. Nothing of an entry is parsed before its MAC is checked.
- The cache folder (and its ``check/``) is used only when it is the user's own, not a
  symbolic link and writable by no one else; the secret only when it is a regular file
  of the user's that no one else may read or write (a bad one is never replaced). Else
  nothing is read or written there: a miss, silently.
- An entry is opened without following links or blocking and checked on its descriptor:
  a folder, a FIFO, a device, a link, someone else's file or more than 64 MiB is a miss.
What it does not promise: anything against the user's own account or root (who can read
the secret), or against a change the key does not hold (another dependency than the
readers and the validator upgraded in place). It only ever saves time: every failure to
read or write it is a miss, never an error. Entries are not fsynced: one torn by a crash
fails its MAC.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from okrcli import i18n, private, seal
from okrcli.diagnostics import Diagnostic, Severity
from okrcli.seal import place, sealed

PACKAGE = Path(__file__).parent
MAX_ENTRY = 64 * 1024 * 1024  # far above any real entry: a bigger file is not one of ours
# The libraries whose behaviour is part of a finding: the readers and the validator.
READERS = ("yaml_rs", "ruamel.yaml", "pydantic", "pydantic_core")
_FIELDS = {"path": str, "line": int, "col": int, "code": str, "name": str,
           "severity": str, "message": str}
_SEVERITIES = frozenset(s.value for s in Severity)


@functools.cache
def code_hash() -> str:
    """A hash of every module and message catalogue of the package, and of the versions of
    Python and the readers: a new rule, a changed one, a changed translation or another
    parser is a new key."""
    digest = hashlib.blake2b(digest_size=16)
    # Each reader known by the file it is loaded from, its size and time (an upgrade, even
    # in place, rewrites it), found without importing it: a warm check needs none of them.
    versions: list[Any] = [sys.version]
    for name in READERS:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            info = os.stat(origin) if origin else None
        except OSError:
            info = None
        versions.append([origin, info.st_size if info else None,
                         info.st_mtime_ns if info else None])
    digest.update(json.dumps(versions).encode() + b"\0")
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.po")]):
        raw = path.read_bytes()
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0"
                      + len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


def key(contents: Iterable[tuple[str, bytes]], context: Any) -> str:
    """The key of a check of these (name, bytes) under this context, in the language of
    the messages. Names that are not UTF-8 (surrogate escapes) are hashed as they are: no
    name can fail the key."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([code_hash(), i18n.language(), context], default=str).encode())
    for name, raw in contents:
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0"
                      + len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


def enabled() -> bool:
    """Whether there is a cache folder to use (none with ``OKR_NO_CACHE``)."""
    return private.folder() is not None


def get(root: Path, cache_key: str) -> tuple[list[Diagnostic], list[str]] | None:
    """The findings and files cached for ``root`` under ``cache_key``; None (a miss) when
    there is no entry we wrote for this key, whatever stands in its place."""
    place = _place(root, create=False)
    if place is None:
        return None
    path, secret = place
    payload = seal.read(path, secret, MAX_ENTRY)
    return None if payload is None else _answer(payload, cache_key)


def put(root: Path, cache_key: str, found: list[Diagnostic], files: list[str]) -> None:
    place = _place(root, create=True)
    if place is None:
        return
    path, secret = place
    data = {"key": cache_key, "files": files, "diagnostics": [d.as_dict() for d in found]}
    # ASCII JSON: a name or message that is not UTF-8 (a surrogate escape) survives it.
    payload = json.dumps(data, separators=(",", ":")).encode("ascii")
    with contextlib.suppress(OSError):  # a read-only cache folder costs speed, never a result
        private.replace(path, sealed(secret, payload))


def _answer(payload: bytes, cache_key: str) -> tuple[list[Diagnostic], list[str]] | None:
    """The cached answer, when the payload has exactly the shape put() writes and our key;
    None for any other shape (a payload is ours, but a check costs less than a crash)."""
    try:
        data = json.loads(payload.decode("ascii"))  # put() writes ASCII, nothing else
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(data, dict) or data.keys() != {"key", "files", "diagnostics"}:
        return None
    files, items = data["files"], data["diagnostics"]
    if (data["key"] != cache_key or not isinstance(files, list) or not isinstance(items, list)
            or not all(type(f) is str for f in files)):
        return None
    found = []
    for item in items:
        diagnostic = _diagnostic(item)
        if diagnostic is None:
            return None
        found.append(diagnostic)
    return found, files


def _diagnostic(item: Any) -> Diagnostic | None:
    """A diagnostic of ``as_dict()``'s shape and types, exactly (a bool is no line)."""
    if not isinstance(item, dict) or item.keys() != _FIELDS.keys():
        return None
    if any(type(item[field]) is not kind for field, kind in _FIELDS.items()):
        return None
    if item["severity"] not in _SEVERITIES:
        return None
    return Diagnostic(item["path"], item["line"], item["col"], item["code"], item["message"],
                      Severity(item["severity"]), item["name"])


# --- where the check's entry goes ----------------------------------------------------------


def _place(root: Path, *, create: bool) -> tuple[Path, bytes] | None:
    """Where ``root``'s entry goes and the secret its MAC needs."""
    found = place("check", create=create)
    if found is None:
        return None
    entries, secret = found
    name = hashlib.blake2b(os.fsencode(root.resolve()), digest_size=12).hexdigest()
    return entries / f"{name}.json", secret
