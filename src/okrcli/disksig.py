"""What a command read, signed by what the disk says of it (``replay.py``): every name,
type, size, inode and time, never the bytes, so that signing 10,000 files costs a walk of
their folders and no read."""

from __future__ import annotations

import hashlib
import json
import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


def signature(trees: Iterable[str], files: Iterable[str], *, since: int | None) -> str | None:
    """A hash of every non-hidden entry below ``trees`` and of ``files`` (what they are,
    their size, inode and times, through a link and of the link); None when ``since`` is
    given and any of them changed after it."""
    facts: list[Any] = []
    for tree in trees:
        facts.append(["tree", tree, None])
        pending = [tree]
        while pending:
            folder = pending.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as error:
                facts.append([folder, type(error).__name__, None])
                continue
            below = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                facts.append(_entry(entry.path))
                if entry.is_dir(follow_symlinks=False):
                    below.append(entry.path)
            pending.extend(reversed(below))
    facts.extend(_entry(path) for path in files)
    if since is not None and any(type(fact[-1]) is int and fact[-1] >= since
                                 for fact in facts):
        return None
    return hashlib.blake2b(json.dumps(facts, ensure_ascii=True).encode("ascii"),
                           digest_size=20).hexdigest()


def _entry(path: str) -> list[Any]:
    """A path's facts, the last one its latest ctime (the link's or its target's)."""
    own = _stat_link(path)
    if own is None:
        return [path, None, None]
    target = facts(path) if stat.S_ISLNK(own[0]) else None
    latest = max(own[-1], target[-1] if target else 0)
    return [path, own, target, latest]


def _stat_link(path: str) -> list[int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    size = 0 if stat.S_ISDIR(info.st_mode) else info.st_size  # a folder's size is its own
    times = [] if stat.S_ISDIR(info.st_mode) else [info.st_mtime_ns]
    return [info.st_mode, size, info.st_ino, *times,
            0 if stat.S_ISDIR(info.st_mode) else info.st_ctime_ns]


def facts(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]
