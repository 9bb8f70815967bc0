"""The workspace on disk: find it, list and index its OKR files, read their bytes, lock it,
and write safely (a new file, or a replacement that nobody changed meanwhile, each swapped
in atomically). The store runs no rules and decides no severities: what a file means is
the pipeline's business, and what may be written the services'.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from okrcli.diagnostics import OkrError
from okrcli.refs import owner_of
from okrcli.sniff import scan_aligns_to, sniff_head

CONFIG_NAME = "okr.yaml"
OKR_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class IndexEntry:
    """An OKR file's owner and cycle as its text says them, before any parsing (None when
    the text does not say them plainly)."""

    path: Path
    owner: str | None
    cycle: str | None


def find_root(start: Path | None = None, override: str | os.PathLike[str] | None = None) -> Path:
    """The workspace root: ``override`` (``--root`` / ``OKR_ROOT``) or the nearest folder
    upwards from ``start`` that holds ``okr.yaml``."""
    if override:
        root = Path(override).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise OkrError(f"no {CONFIG_NAME} in {root}: run `okr init {root}` to start one")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise OkrError(
        f"no {CONFIG_NAME} here or in any parent folder of {here}: run `okr init` to start a "
        "workspace, or pass --root"
    )


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_path = root / CONFIG_NAME
        self._paths: dict[str, list[Path]] = {}
        self._index: dict[str, list[IndexEntry]] = {}

    def rel(self, path: Path) -> str:
        """A path relative to the workspace root, '/'-separated (as findings show it)."""
        try:  # the store's own paths are the root's: no need to ask the disk
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path) -> bytes:
        return path.read_bytes()

    # OKR files --------------------------------------------------------------------------

    def okr_paths(self, okr_dir: str) -> list[Path]:
        """The ``*.yaml`` / ``*.yml`` files under ``okr_dir``, hidden ones left out, in a
        stable order."""
        if okr_dir not in self._paths:
            found: list[Path] = []
            for folder, dirs, files in os.walk(self.root / okr_dir):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(folder) / name for name in sorted(files)
                             if name.endswith(OKR_SUFFIXES) and not name.startswith("."))
            self._paths[okr_dir] = found
        return self._paths[okr_dir]

    def index(self, okr_dir: str) -> list[IndexEntry]:
        """Owner and cycle of every OKR file, read from the top of each file without
        parsing it (the full parse happens only for the files a command needs)."""
        if okr_dir not in self._index:
            self._index[okr_dir] = [self._sniff(path) for path in self.okr_paths(okr_dir)]
        return self._index[okr_dir]

    def _sniff(self, path: Path) -> IndexEntry:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            owner, cycle = sniff_head(head, whole=len(head) < 4096)
            if (owner is None or cycle is None) and len(head) == 4096:
                owner, cycle = sniff_head(head + handle.read())
        return IndexEntry(path, owner, cycle)

    def aligned_owners(self, path: Path) -> set[str]:
        """The owners a file's objectives align to, from its text (an over-estimate): it
        lets a roll-up find the files it needs in a large workspace without parsing."""
        return {owner_of(target) for target in scan_aligns_to(self.read(path))}

    def forget(self) -> None:
        """Drop what was listed: after a new file is written."""
        self._paths.clear()
        self._index.clear()

    # writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time per workspace. The lock file is kept out of the workspace
        (under .git when there is one, else in the user's cache) because a lock on the
        edited file itself would not survive ``os.replace``."""
        path = lock_path(self.root)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def replace(self, path: Path, old: bytes, new: bytes) -> None:
        """Swap ``new`` in for ``path``, whose content was ``old`` when it was read; refuse
        (nothing written) when another program changed it meanwhile."""
        current = path.read_bytes() if path.exists() else b""
        if current != old:
            raise OkrError(f"{self.rel(path)} changed on disk while okr was editing it; "
                           "nothing was written: run the command again")
        atomic_write(path, new)

    def create(self, path: Path, data: bytes) -> None:
        """Write a new file of the workspace (its folders too); refuse when it exists."""
        if path.exists():
            raise OkrError(f"{self.rel(path)} exists already; nothing was written")
        write_file(path, data)
        self.forget()


def lock_path(root: Path) -> Path:
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / ".git").is_dir():
            return folder / ".git" / "okr.lock"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache / "okr" / "locks" / f"{digest}.lock"


def copy_tree(source: Path, target: Path) -> None:
    """Copy a folder (an example workspace) into ``target``, which may exist."""
    shutil.copytree(source, target, dirs_exist_ok=True)


def write_file(path: Path, data: bytes) -> None:
    """A file written whole (a new one, a report with ``-o``): its folders made, swapped in
    atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsynced, then
    ``os.replace``: a reader sees the old file or the new one, never half of one. The
    file's mode is kept."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


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
