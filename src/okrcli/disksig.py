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
    found: list[Any] = []
    for tree in trees:
        found.append(["tree", tree, None])
        found.append(_entry(tree))  # a folder put in its place, or a link turned elsewhere
        pending = [tree]
        while pending:
            folder = pending.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as error:
                found.append([folder, type(error).__name__, None])
                continue
            below = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                found.append(_entry(entry.path))
                if entry.is_dir(follow_symlinks=False):
                    below.append(entry.path)
            pending.extend(reversed(below))
    found.extend(_entry(path) for path in files)
    if since is not None and any(type(fact[-1]) is int and fact[-1] >= since
                                 for fact in found):
        return None
    return hashlib.blake2b(json.dumps(found, ensure_ascii=True).encode("ascii"),
                           digest_size=20).hexdigest()


def _entry(path: str) -> list[Any]:
    """A path's facts, the last one its latest ctime (the link's or its target's)."""
    try:
        info = os.lstat(path)
    except OSError:
        return [path, None, None]
    own = _facts(info)
    target = facts(path) if stat.S_ISLNK(info.st_mode) else None
    return [path, own, target, max(own[-1], target[-1] if target else 0)]


def _facts(info: os.stat_result) -> list[int]:
    """What it is, its size, inode and times; a folder's size and times are left out (a
    hidden file made in it changes them, and what is in it is signed entry by entry)."""
    if stat.S_ISDIR(info.st_mode):
        return [info.st_mode, 0, info.st_ino, 0]
    return [info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]


def facts(path: str) -> list[int] | None:
    """A path's facts through a link: ``_facts``, or None when there is nothing."""
    try:
        return _facts(os.stat(path))
    except OSError:
        return None
