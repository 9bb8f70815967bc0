"""The workspace as it was committed at a revision: its files read from git's objects
(``gitrepo.Repo``), the working tree untouched. Every reading command takes it as it takes
the disk (``--at REV``), and ``okr diff`` and ``okr check --base`` read the other side of
a comparison through it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from okrcli.diagnostics import OkrError
from okrcli.gitrepo import Entry, Repo
from okrcli.i18n import _
from okrcli.sniff import sniff_head
from okrcli.store import (
    CONFIG_NAME,
    MAX_CONFIG,
    MAX_OKR_FILE,
    OKR_SUFFIXES,
    IndexEntry,
    Refused,
    Workspace,
    shown,
)

_REGULAR = ("100644", "100755")  # the modes of a regular file in a tree


@dataclass
class _Tree:
    entries: dict[str, Entry]
    data: dict[str, bytes] = field(default_factory=dict)
    fetched: bool = False


class Snapshot(Workspace):
    """The workspace as committed at ``sha``: its files are read from git's objects, the
    working tree untouched; the same boundary and limits as on disk (a link, a
    submodule or a file over its limit is refused, never read). Nothing can be written."""

    def __init__(self, root: Path, repo: Repo, sha: str) -> None:
        super().__init__(root)
        self.repo = repo
        self.sha = sha
        self.prefix = repo.prefix(root)
        self._tree = _Tree(repo.tree(sha, self.prefix))

    def rel_of(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def has(self, path: Path) -> bool:
        return self.rel_of(path) in self._tree.entries

    def _fetch(self) -> None:
        """Every blob a command may read (``_fetchable``, within its limit), in one
        process."""
        tree = self._tree
        if tree.fetched:
            return
        tree.fetched = True
        wanted = {rel: e.sha for rel, e in tree.entries.items()
                  if e.mode in _REGULAR and e.size is not None
                  and e.size <= (MAX_CONFIG if rel == CONFIG_NAME else MAX_OKR_FILE)
                  and self._fetchable(rel)}
        blobs = self.repo.blobs(wanted.values(), limit=None)  # sized by the tree
        tree.data = {rel: blobs[sha] for rel, sha in wanted.items() if sha in blobs}

    def _fetchable(self, rel: str) -> bool:
        """Whether the file ``rel`` is read from git: okr.yaml and the OKR files."""
        return rel == CONFIG_NAME or rel.endswith(OKR_SUFFIXES)

    def read(self, path: Path) -> bytes | Refused:
        rel = self.rel_of(path)
        entry = self._tree.entries.get(rel)
        if entry is None:
            raise FileNotFoundError(2, "not in the commit", str(path))
        if not rel.isascii() and shown(rel) != rel:  # as the disk refuses it
            return Refused(path, "name", _("the file name is not UTF-8: rename it"))
        if entry.mode == "120000":
            return Refused(path, "not-a-file", _("a symbolic link: okr reads only the "
                                                 "workspace's own files"))
        if entry.mode not in _REGULAR or entry.size is None:
            return Refused(path, "not-a-file", _("not a regular file: okr reads only "
                                                 "regular files"))
        limit = MAX_CONFIG if rel == CONFIG_NAME else MAX_OKR_FILE
        if entry.size > limit:
            return Refused(path, "too-large", _(
                "the file is larger than {size} MiB, okr's limit for it: split it or trim it"
            ).format(size=limit // (1024 * 1024)))
        self._fetch()
        data = self._tree.data.get(rel)
        if data is None:  # a blob this clone does not hold
            raise FileNotFoundError(2, "not in this clone", str(path))
        return data

    def contains(self, path: str | Path) -> bool:
        return True  # a tree holds no link that is followed

    def okr_folder(self, okr_dir: str) -> Refused | None:
        norm = posixpath.normpath(okr_dir)
        if norm.startswith(("/", "../")) or norm == "..":
            return self.outside(okr_dir)
        return None

    def okr_paths(self, okr_dir: str) -> list[Path]:
        """The OKR files under ``okr_dir`` in the order the disk listing gives them (in
        each folder its files, then its folders, each by name), links among them (read
        as refused)."""
        if okr_dir not in self._paths:
            norm = posixpath.normpath(okr_dir)
            found = []
            if self.okr_folder(okr_dir) is None:
                below = "" if norm == "." else norm + "/"
                for rel in self._tree.entries:
                    if not rel.startswith(below) or not rel.endswith(OKR_SUFFIXES):
                        continue
                    parts = rel.split("/")
                    if any(p.startswith(".") for p in parts[below.count("/"):]):
                        continue
                    if rel == CONFIG_NAME:
                        continue
                    found.append(rel)
            found.sort(key=_disk_order)
            self._paths[okr_dir] = [self.root / rel for rel in found]
        return self._paths[okr_dir]

    def _sniff(self, path: Path) -> IndexEntry:
        data = self.read(path)
        if isinstance(data, Refused):
            return IndexEntry(path, None, None)
        owner, cycle = sniff_head(data, whole=True)
        return IndexEntry(path, owner, cycle)

    # nothing is written to a past state
    def lock(self) -> Iterator[None]:  # type: ignore[override]
        raise OkrError(_("--at shows the workspace as committed: nothing can be written there"))

    def replace(self, path: Path, old: bytes, new: bytes) -> None:
        self.lock()

    def create(self, path: Path, data: bytes, top: Path | None = None) -> None:
        self.lock()


def _disk_order(rel: str) -> tuple[tuple[int, str], ...]:
    *folders, name = rel.split("/")
    return (*((1, f) for f in folders), (0, name))



class Beside(Snapshot):
    """The workspace as committed at ``sha``, its files that the working tree holds as
    committed (all but ``differs``, as ``git diff`` against the working tree says) read
    from the disk: the same bytes, without taking every blob out of git (``okr diff``:
    an unchanged file is parsed once for both sides)."""

    def __init__(self, root: Path, repo: Repo, sha: str, differs: set[str]) -> None:
        super().__init__(root, repo, sha)
        self._differs = differs
        self._disk = Workspace(root)

    def _on_disk(self, path: Path) -> bool:
        rel = self.rel_of(path)
        entry = self._tree.entries.get(rel)
        return rel not in self._differs and entry is not None and entry.mode in _REGULAR

    def read(self, path: Path) -> bytes | Refused:
        return self._disk.read(path) if self._on_disk(path) else super().read(path)

    def _sniff(self, path: Path) -> IndexEntry:
        return self._disk._sniff(path) if self._on_disk(path) else super()._sniff(path)

    def _fetchable(self, rel: str) -> bool:
        """Only the files that differ from the working tree: the others are on disk."""
        return rel in self._differs
