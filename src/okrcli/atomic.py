"""Files written whole and safely: each through a temporary file in its folder, fsynced,
then renamed over the old one, so that a reader sees the old file or the new one, never
half of one. What an interrupted write leaves is removed by the next write to that folder
once it is a minute old. The store (``store.py``) writes every file of a workspace this way.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STALE_AFTER = 60.0  # seconds: a temporary file older than this is an interrupted write's
# atomic_write's temporary files (mkstemp: 8 characters of its alphabet), none other.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def write_file(path: Path, data: bytes) -> None:
    """A file written whole (a new one, a report with ``-o``): its folders made, swapped in
    atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def atomic_write(path: Path, data: bytes,
                 before_rename: Callable[[], None] | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsynced, then
    ``os.replace``: a reader sees the old file or the new one, never half of one. The
    file's mode is kept; ``before_rename`` may still refuse (raise), and nothing is left.
    Stale temporary files of interrupted writes in that folder are removed first."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    remove_stale(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def remove_stale(folder: Path) -> None:
    """Remove what interrupted writes left in ``folder``: regular files of ours by name and
    owner, older than a minute (a fresh one may be another process's write under way)."""
    now = time.time()
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(".tmp")
                   and _TEMPORARY.fullmatch(e.name)]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
                    and now - info.st_mtime > STALE_AFTER):
                os.unlink(entry.path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform opens folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
