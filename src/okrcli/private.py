"""Files of the user's own, in the user's cache folder (``OKR_CACHE_DIR``, else
``$XDG_CACHE_HOME/okr``, else ``~/.cache/okr``): a folder is used only when it is the user's,
not a link, and writable by no one else; a file is read only when it is a regular file of
the user's that no one else may write, checked on its open descriptor. The check cache
(``cache.py``) and the compiled catalogues (``catalogue.py``) keep their files this way.
Light on purpose: every command in Chinese reads its catalogue through it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path


def folder(*, check_cache: bool = True) -> Path | None:
    """The user's cache folder; None with ``OKR_NO_CACHE`` (which turns off the check
    cache, not the compiled catalogues: ``check_cache=False``) or with no home folder."""
    if check_cache and os.environ.get("OKR_NO_CACHE"):
        return None
    explicit = os.environ.get("OKR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no HOME and no passwd entry: nothing is kept
        return None
    return Path(base) / "okr"


def kept(name: str, limit: int) -> bytes | None:
    """The bytes ``keep`` saved as ``name`` (``lang/okr-zh_CN-<hash>.mo``), when the cache
    folders are the user's own and the file is a regular one of the user's; else None."""
    base = folder(check_cache=False)
    if base is None:
        return None
    path = base / name
    if not (trusted_folder(base) and trusted_folder(path.parent)):
        return None
    try:
        return read_private(path, limit, private=False)
    except OSError:
        return None


def keep(name: str, data: bytes, *, replacing: str = "") -> None:
    """Save ``data`` as ``name`` in the cache folder (its sub-folder made as needed), and
    remove the files of that sub-folder matching ``replacing`` (older versions). Only in
    folders of the user's own; any failure is silent: it only ever costs time."""
    base = folder(check_cache=False)
    if base is None:
        return
    path = base / name
    make_folder(base)
    make_folder(path.parent)
    if not (trusted_folder(base) and trusted_folder(path.parent)):
        return
    with contextlib.suppress(OSError):
        replace(path, data)
        for old in path.parent.glob(replacing) if replacing else ():
            if old.name != path.name:
                old.unlink()


def owned(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)  # no owners, no trust: no cache
    return getuid is not None and st.st_uid == getuid()


def trusted_folder(path: Path) -> bool:
    """A folder of the user's, not a link, that no one else may write: only the user can
    have put what is in it."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and owned(st)
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def make_folder(path: Path) -> None:
    with contextlib.suppress(OSError):  # an existing or unmakable folder: checked after
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, 0o700)


def read_private(path: Path, limit: int, *, private: bool) -> bytes | None:
    """The bytes of a regular file of the user's that no one else may write (``private``:
    nor read), if it holds at most ``limit`` of them; None for anything else (a link, a
    folder, a FIFO, a device, someone else's file, a bigger one). Opened without following
    a link and without blocking, and checked on the open descriptor: what was checked is
    what is read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        others = 0o077 if private else stat.S_IWGRP | stat.S_IWOTH
        if (not stat.S_ISREG(st.st_mode) or not owned(st) or st.st_mode & others
                or st.st_size > limit):
            return None
        chunks, size, want = [], 0, st.st_size + 1
        while size < want:  # one byte beyond: a file that changes while read is no entry
            chunk = os.read(fd, want - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size == st.st_size else None
    finally:
        os.close(fd)


def replace(path: Path, data: bytes | Sequence[bytes]) -> None:
    """``data`` (or its pieces, one after the other: a large entry is never copied whole
    to be joined) in ``path`` through a temporary file of mode 0600 and ``os.replace``.
    Not fsynced: a torn entry after a crash fails its MAC, and is a miss."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in (data,) if isinstance(data, bytes) else data:
                handle.write(piece)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
