"""The workspace on disk: find it, list and index its OKR files, read their bytes, lock it,
and write safely (a new file, or a replacement that nobody changed meanwhile, each swapped
in atomically). The store runs no rules and decides no severities: what a file means is
the pipeline's business, and what may be written the services'.

The workspace is a boundary: only its regular files are read, each up to a limit (else
``read`` says why, a ``Refused`` the pipeline makes a finding), and nothing is written
through a linked folder that leaves it, or that the listing does not follow.

What a replacement promises: under the workspace lock, the file is compared with what the
edit read, the new bytes are written to a temporary file and fsynced, the file is compared
again, and only then renamed over it. Another okr waits for the lock; another program
(an editor, git) that does not take it can still write in the moment between that last
comparison and the rename, and that write is lost: POSIX has no atomic compare-and-swap
of a path. An interrupted write leaves its temporary file, removed by the next write to
that folder once it is a minute old.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from okrcli import indexcache, replay
from okrcli.atomic import atomic_write, write_file
from okrcli.diagnostics import OkrError
from okrcli.filekinds import kind, shown, take
from okrcli.i18n import N_, _
from okrcli.indexcache import IndexCache, Scans, key_of, scans_of
from okrcli.sniff import sniff_index

CONFIG_NAME = "okr.yaml"
OKR_SUFFIXES = (".yaml", ".yml")
# The size limits of a read. A large real OKR file (ten key results, a daily check-in with
# a note for a quarter) is about 60 KB: 1 MiB is fifteen times that and bounds a hostile
# one. okr.yaml holds some 60 bytes per team or person: 8 MiB is over 100,000 of them.
MAX_OKR_FILE = 1024 * 1024
MAX_CONFIG = 8 * 1024 * 1024
HEAD = 4096  # the index reads owner and cycle from the top of a file
_OPEN = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True)
class IndexEntry:
    """An OKR file's owner and cycle as its text says them, unparsed (None: not plainly)."""

    path: Path
    owner: str | None
    cycle: str | None


@dataclass(frozen=True)
class Refused:
    """Why a file's bytes were not read: ``not-a-file`` (a link out of the workspace, a
    linked folder, a device, FIFO, socket), ``too-large``, ``name`` (not UTF-8)."""

    path: Path
    reason: Literal["not-a-file", "too-large", "name"]
    message: str


def find_root(start: Path | None = None, override: str | os.PathLike[str] | None = None) -> Path:
    """The workspace root: ``override`` (``--root`` / ``OKR_ROOT``) or the nearest folder
    upwards from ``start`` that holds ``okr.yaml`` (whatever it is: one that is not a
    regular file is refused when it is read, never skipped for a folder further up)."""
    if override:
        root = Path(override).expanduser()
        if not _holds_config(root):
            raise OkrError(_("no {config} in {where}: run `okr init {where}` to start "
                             "one").format(config=CONFIG_NAME, where=shown(str(root))))
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _holds_config(folder):
            return folder
    raise OkrError(_("no {config} here or in any parent folder of {here}: run `okr init` to "
                     "start a workspace, or pass --root").format(config=CONFIG_NAME,
                                                                here=shown(str(here))))


def _holds_config(folder: Path) -> bool:
    return os.path.lexists(folder / CONFIG_NAME) and not (folder / CONFIG_NAME).is_dir()


def _child(folder: Path) -> Callable[[str], Path]:
    """``folder / name`` for a listed name: made as ``Path.iterdir`` makes its children
    where Python has its helper (12 against 45 ms for 10,000 paths), else ``joinpath``."""
    made = getattr(folder, "_make_child_relpath", None)
    return made if callable(made) else folder.joinpath


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_path = root / CONFIG_NAME
        self._real = Path(os.path.realpath(root))
        self._below = os.path.join(str(root), "")  # a name below the root starts so
        self._inside: dict[str, bool] = {}
        self._paths: dict[str, list[Path]] = {}
        self._index: dict[str, list[IndexEntry]] = {}
        # the owner index kept between commands (indexcache.py): False until asked for
        self._cache: IndexCache | Literal[False] | None = False
        self._scans: dict[Path, Scans] = {}  # this command's (``scans``)

    def rel(self, path: Path) -> str:
        """A path relative to the workspace root, '/'-separated and printable (as
        findings show it)."""
        text = str(path)
        if text.startswith(self._below) and os.sep == "/":  # the store's own: as text
            return shown(text[len(self._below):])
        try:  # the store's own paths are the root's: no need to ask the disk
            return shown(path.relative_to(self.root).as_posix())
        except ValueError:
            pass
        try:
            return shown(path.resolve().relative_to(self.root.resolve()).as_posix())
        except ValueError:
            return shown(path.as_posix())

    def contains(self, path: str | Path) -> bool:
        """Whether ``path``, resolved, is the root or below it (asked once per folder)."""
        key = str(path)
        if key not in self._inside:
            self._inside[key] = Path(os.path.realpath(key)).is_relative_to(self._real)
        return self._inside[key]

    # reading ----------------------------------------------------------------------------

    def read(self, path: Path) -> bytes | Refused:
        """A file's bytes, or why they are not read (missing or unreadable: OSError)."""
        return self._read(path)[0]

    def _read(self, path: Path) -> tuple[bytes | Refused, os.stat_result | None]:
        limit = MAX_CONFIG if path == self.config_path else MAX_OKR_FILE
        replay.note_file(path)
        opened = self._open(path, limit)
        if isinstance(opened, Refused):
            return opened, None
        fd, info = opened
        try:
            data = take(fd, min(info.st_size, limit) + 1)
        finally:
            os.close(fd)
        if len(data) > limit:
            return _too_large(path, limit), None
        if self._cache and not self._cache.verify(path, data):
            raise OkrError(_("okr's cached index of {path} was out of date; it is mended now: "
                             "run the command again").format(path=self.rel(path)))
        return data, info

    def _open(self, path: Path, limit: int) -> tuple[int, os.stat_result] | Refused:
        """``path`` open for reading, and its size, when it is a regular file of the
        workspace within the limit, after a look at what it is (a FIFO is never opened,
        so nothing can hang)."""
        text = str(path)
        name = text.removeprefix(str(self.root))  # the part below the root is the name
        if not name.isascii() and shown(name) != name:
            return Refused(path, "name", _("the file name is not UTF-8: rename it"))
        info = os.lstat(text)
        target: str | Path = text
        if stat.S_ISLNK(info.st_mode):
            target = Path(os.path.realpath(path))
            if not target.is_relative_to(self._real):
                return Refused(path, "not-a-file", _("a symbolic link that leads out of the "
                               "workspace: okr reads only the workspace's own files"))
            try:
                info = os.stat(target)
            except OSError:
                return Refused(path, "not-a-file", _("a symbolic link to nothing: remove it"))
        elif not self.contains(os.path.dirname(text)):
            return Refused(path, "not-a-file", _("in a linked folder that leads out of the "
                           "workspace: okr reads only the workspace's own files"))
        if not stat.S_ISREG(info.st_mode):
            return Refused(path, "not-a-file", kind(info.st_mode, linked=target != text))
        if info.st_size > limit:
            return _too_large(path, limit)
        fd = os.open(target, _OPEN)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced since the look: say so
            os.close(fd)
            return Refused(path, "not-a-file", _("not a regular file"))
        return fd, info

    # OKR files --------------------------------------------------------------------------

    def okr_folder(self, okr_dir: str) -> Refused | None:
        """Why ``okr_dir`` is not read (it leads out of the workspace), or None."""
        if self.contains(self.root / okr_dir):
            return None
        return self.outside(okr_dir)

    def outside(self, okr_dir: str) -> Refused:
        """The refusal of an ``okr_dir`` that leads out of the workspace."""
        return Refused(self.config_path, "not-a-file", _(
            "okr_dir {okr_dir} leads out of the workspace: okr reads and writes only below the "
            "folder of {config}").format(okr_dir=repr(shown(okr_dir)), config=CONFIG_NAME))

    def okr_paths(self, okr_dir: str) -> list[Path]:
        """The ``*.yaml`` / ``*.yml`` files under ``okr_dir``, hidden ones left out, in a
        stable order; and every linked folder there, which is not followed (reading one
        is refused, so that it is a finding). Nothing when okr_dir leads outside."""
        if okr_dir not in self._paths:
            found: list[Path] = []
            pending = [] if self.okr_folder(okr_dir) else [self.root / okr_dir]
            replay.note_tree(self.root / okr_dir, walked=bool(pending))
            while pending:
                folder = pending.pop()
                try:
                    entries = sorted(os.scandir(folder), key=lambda e: e.name)
                except OSError:  # not a folder, or not ours to list: as os.walk does
                    continue
                below = []
                child = _child(folder)
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        below.append(child(entry.name))
                    elif (entry.is_symlink() and entry.is_dir()) or (  # a linked folder too
                            entry.name.endswith(OKR_SUFFIXES)
                            and not (folder == self.root and entry.name == CONFIG_NAME)):
                        found.append(child(entry.name))
                pending.extend(reversed(below))
            self._paths[okr_dir] = found
        return self._paths[okr_dir]

    def index(self, okr_dir: str) -> list[IndexEntry]:
        """Owner and cycle of every OKR file from the top of its text, unparsed, or from the
        index cache for a file unchanged since it was last read."""
        if okr_dir not in self._index:
            cache = self.index_cache()
            self._index[okr_dir] = [self._sniff(path) if cache is None
                                    else self._sniff_cached(path, cache)
                                    for path in self.okr_paths(okr_dir)]
            if cache is not None:
                cache.save(cache.scanned_names())
        return self._index[okr_dir]

    def index_cache(self) -> IndexCache | None:
        """The index cache of this workspace; None when it reads no disk of its own."""
        if self._cache is False:
            own = type(self).read is Workspace.read and type(self)._sniff is Workspace._sniff
            self._cache = IndexCache(self.root, HEAD, MAX_OKR_FILE) if own else None
        return self._cache

    def _cacheable(self, text: str) -> tuple[str, os.stat_result] | None:
        """The name in the workspace and the ``lstat`` of the file at ``text``, when the
        index cache may answer for it: a regular OKR file of the workspace, within the
        limit, with a printable name (what ``_open`` would refuse is read)."""
        rel = text.removeprefix(str(self.root)).lstrip(os.sep)
        st = os.lstat(text)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > MAX_OKR_FILE
                or not (rel.isascii() or shown(rel) == rel)
                or not self.contains(os.path.dirname(text))):
            return None
        return rel, st

    def digest(self, path: Path) -> str | Refused:
        """The digest of an OKR file's bytes (``indexcache.digest``), or why they are not
        read: from the index cache for a file whose ``lstat`` is the one the cache holds
        (not read at all), else read, and kept there for the next command."""
        cache = self.index_cache()
        known = None if cache is None else self._cacheable(str(path))
        if cache is None or known is None:
            data = self.read(path)
            return indexcache.digest(data) if isinstance(data, bytes) else data
        rel, st = known
        found = cache.digest(rel, st)
        if found is not None:
            replay.note_file(path)  # what the answer rests on, as a read would
            return found
        data, info = self._read(path)
        if isinstance(data, Refused) or info is None:
            return data if isinstance(data, Refused) else indexcache.digest(data)
        return cache.read(rel, key_of(info), data)

    def _sniff_cached(self, path: Path, cache: IndexCache) -> IndexEntry:
        """As ``_sniff``, answered by the cache for a regular file of the workspace whose
        ``lstat`` is the one the cache holds (what ``_open`` would refuse is sniffed)."""
        known = self._cacheable(str(path))
        if known is None:
            return self._sniff(path)
        rel, st = known
        found = cache.lookup(path, rel, st)
        if found is None:
            entry = self._sniff(path)
            cache.record(path, rel, st, entry.owner, entry.cycle)
            return entry
        return IndexEntry(path, *found)

    def _sniff(self, path: Path) -> IndexEntry:
        opened = self._open(path, MAX_OKR_FILE)
        if isinstance(opened, Refused):
            return IndexEntry(path, None, None)
        fd, info = opened
        try:
            data = take(fd, min(info.st_size + 1, HEAD))
            owner, cycle = sniff_index(data, HEAD, lambda: take(fd, MAX_OKR_FILE + 1 - HEAD))
        finally:
            os.close(fd)
        return IndexEntry(path, owner, cycle)

    def scans(self, path: Path) -> Scans:
        """What the text scans of a file say (``indexcache.scans_of``: the owners its
        objectives align to, the owners it names or None; over-estimates that let a command
        find the files it needs without parsing), once per command; kept in the index cache
        with the file's owner and cycle (``keep_index`` saves). A refused file: nothing."""
        if path not in self._scans:
            cache = self.index_cache() if self._index else None
            known = None if cache is None else cache.scans(path)
            if known is None:
                data, info = self._read(path) if cache else (self.read(path), None)
                known = scans_of(data) if isinstance(data, bytes) else (frozenset(), frozenset())
                if cache is not None and info is not None:
                    cache.learn(path, known, key_of(info))
            self._scans[path] = known
        return self._scans[path]

    def keep_index(self) -> None:  # what was learnt of the files since the index was read
        if self._cache:
            self._cache.save()

    def forget(self) -> None:  # drop what was listed: after a new file is written
        self._paths.clear()
        self._index.clear()
        self._scans.clear()
        if self._cache:
            self._cache.forget()

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
        (nothing written) when another program changed it meanwhile: compared before the
        temporary file is written, and again right before the rename. A link to a file of
        the workspace stays a link: its target is replaced."""
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        self.writable(target)

        def unchanged() -> None:
            if not os.path.lexists(path) or self.read(path) != old:
                raise OkrError(_("{path} changed on disk while okr was editing it; nothing "
                                 "was written: run the command again").format(path=self.rel(path)))

        unchanged()
        atomic_write(target, new, before_rename=unchanged)

    def create(self, path: Path, data: bytes, top: Path | None = None) -> None:
        """Write a new file of the workspace (its folders too); refuse when it exists, or
        when a folder on its way is a link (below ``top``, the folder the listing starts
        from, no link is followed: a file written through one would never be read)."""
        if os.path.lexists(path):
            raise OkrError(_("{path} exists already; nothing was written").format(
                path=self.rel(path)))
        self.writable(path, top)
        write_file(path, data)
        self.forget()

    def writable(self, path: Path, top: Path | None = None) -> None:
        """Refuse (OkrError) a file whose folders lead out of the workspace."""
        refuse_links_out(path, self.root, top)
        if not Path(os.path.realpath(path.parent)).is_relative_to(self._real):
            raise OkrError(_("{path} is outside the workspace; nothing was written").format(
                path=self.rel(path)))


def refuse_links_out(path: Path, root: Path, top: Path | None = None,
                     tree: Literal["the workspace", "the current folder"] = "the workspace",
                     ) -> None:
    """Refuse (OkrError) a write to ``path`` when a folder on its way down from ``root``
    is a link that leads out of ``root``'s tree, or is a link at all below ``top``."""
    real_root = Path(os.path.realpath(root))
    folder = path.parent
    while folder != root and folder.is_relative_to(root):
        if folder.is_symlink():
            outside = not Path(os.path.realpath(folder)).is_relative_to(real_root)
            if outside or (top is not None and folder.is_relative_to(top) and folder != top):
                raise OkrError(_(_LINKED[tree if outside else ""]).format(
                    folder=shown(folder.relative_to(root).as_posix())))
        folder = folder.parent


_LINKED = {  # a write through a linked folder: out of the tree named, or one okr does not list
    "the workspace": N_("{folder} is a linked folder that leads out of the workspace: okr "
                        "writes no file through it; nothing was written"),
    "the current folder": N_("{folder} is a linked folder that leads out of the current "
                             "folder: okr writes no file through it; nothing was written"),
    "": N_("{folder} is a linked folder that okr does not list: okr writes no file through "
           "it; nothing was written")}


def _too_large(path: Path, limit: int) -> Refused:
    return Refused(path, "too-large", _("the file is larger than {size} MiB, okr's limit for "
                   "it: split it or trim it").format(size=limit // (1024 * 1024)))


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
