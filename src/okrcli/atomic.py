"""Files written whole and safely: each through a temporary file in its folder, fsynced,
then renamed over the old one, so that a reader sees the old file or the new one, never
half of one. What an interrupted write leaves is removed by the next write to that folder
once it is a minute old. The store (``store.py``) writes every file of a workspace this way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
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


# --- a folder written whole (okr report --format html -o DIR: the site) ------------------

# write_folder's temporary folders beside the target (mkdtemp: 8 characters of its
# alphabet), none other.
_TEMPORARY_FOLDER = re.compile(r"\..+\.[a-z0-9_]{8}\.(new|old)")


def write_folder(target: Path, files: Iterable[tuple[str, bytes]],
                 before_swap: Callable[[], None] | None = None) -> int:
    """Write ``files`` (each a path inside the folder, with ``/``, and its bytes) into a
    new folder beside ``target``, flush them to disk, then swap it in for ``target`` and
    remove the old one: a reader sees the old folder or the new one, never half of one (on
    Linux one rename exchanges them; elsewhere the old folder is moved aside and the new
    one put in its place, a moment without either). ``before_swap`` may still refuse
    (raise), and nothing is left. Returns how many files were written. What an
    interrupted write leaves beside ``target`` is removed by the next one once it is a
    minute old."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_folders(parent, target.name)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    count = 0
    try:
        folders = {new}
        for name, data in files:
            path = new / name
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            with open(path, "xb") as handle:  # a name given twice is refused, not overwritten
                handle.write(data)
            count += 1
        os.chmod(new, 0o777 & ~_umask())  # mkdtemp's folder is the owner's alone
        if hasattr(os, "sync"):
            os.sync()  # one flush for every file, rather than a wait for the disk per file
        if before_swap is not None:
            before_swap()
        if not os.path.lexists(target):
            os.rename(new, target)
            old = None
        elif _exchange(new, target):
            old = new  # now the old folder
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, old)  # onto the empty folder just made
            try:
                os.rename(new, target)
            except BaseException:
                os.replace(old, target)
                raise
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(parent)
    return count


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one rename (Linux's renameat2 with RENAME_EXCHANGE); False
    where the system cannot, so that the caller falls back to two renames."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # pragma: no cover - a libc without it (glibc < 2.28)
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # pragma: no cover
        return False
    raise OSError(err, os.strerror(err), str(b))  # pragma: no cover


def _remove_stale_folders(folder: Path, name: str) -> None:
    """Remove the temporary folders that interrupted writes of ``name`` left in
    ``folder``: ours by name and owner, older than a minute."""
    now = time.time()
    try:
        entries = [e for e in os.scandir(folder) if len(e.name) == len(name) + 14
                   and e.name.startswith(f".{name}.") and _TEMPORARY_FOLDER.fullmatch(e.name)]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
                    and now - info.st_mtime > STALE_AFTER):
                shutil.rmtree(entry.path)
