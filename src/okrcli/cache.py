"""A cache of `okr check` results, keyed by the content of every file it read.

A second `okr check` with nothing changed (same files byte for byte, same okr.yaml, same
day, same options, the same code of okr itself) answers from the cache: it still reads
and hashes every file, but parses none of the OKR files. The key holds a hash of the
package's own source, so that a changed rule is never answered from an old result. The
cache lives in the user's cache folder (``OKR_CACHE_DIR``, else ``$XDG_CACHE_HOME/okr``,
else ``~/.cache/okr``), never in the workspace; one entry per workspace, replaced on
every miss. ``OKR_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from okrcli.diagnostics import Diagnostic
from okrcli.store import atomic_write

PACKAGE = Path(__file__).parent


def folder() -> Path | None:
    if os.environ.get("OKR_NO_CACHE"):
        return None
    explicit = os.environ.get("OKR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "okr"


@functools.cache
def code_hash() -> str:
    """A hash of every module of the package: a new rule, or a changed one, is a new key."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(contents: Iterable[tuple[str, bytes]], context: Any) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([code_hash(), context], default=str).encode())
    for name, raw in contents:
        digest.update(name.encode() + b"\0" + len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


def _entry(root: Path) -> Path | None:
    base = folder()
    if base is None:
        return None
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return base / "check" / f"{name}.json"


def get(root: Path, cache_key: str) -> tuple[list[Diagnostic], list[str]] | None:
    path = _entry(root)
    if path is None:
        return None
    try:
        data = json.loads(path.read_bytes())
        if data.get("key") != cache_key:
            return None
        found = [Diagnostic.from_dict(d) for d in data["diagnostics"]]
        return found, list(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or damaged entry is a miss


def put(root: Path, cache_key: str, found: list[Diagnostic], files: list[str]) -> None:
    path = _entry(root)
    if path is None:
        return
    data = {"key": cache_key, "files": files, "diagnostics": [d.as_dict() for d in found]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data, ensure_ascii=False).encode())
    except OSError:
        pass  # a read-only cache folder costs speed, never a result
