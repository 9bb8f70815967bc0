"""The owner index kept between commands, so that ``okr status ONE``, ``checkin`` and
``show`` read only the files they need in a large workspace.

For each OKR file the store scans its text (``sniff.py``): owner and cycle from its
head, and from all of it the owners its objectives align to (``aligns_to``) and those
its key results name (``owner:``, who drives them; or "unsure": read the file); and, once a
command read the file whole, the digest of its bytes (``digest``: what the caches of
readings, lean files and the gate's parts are keyed by), so that a file unchanged is not
read again to be hashed (as git's index spares hashing a file whose stat is unchanged).
This cache keeps what those scans found, keyed by the file's ``lstat``: size, mtime and
ctime in nanoseconds, inode and device. A file whose ``lstat`` is the same is taken to
hold the same text: any write to a file changes its ctime, which no program but the clock
can set.

- **Racy files**: a file changed in the same tick of the file system's clock as it was
  scanned could change again without a new mtime or ctime. So an entry is kept only for a
  file whose mtime and ctime are ``SETTLED_NS`` older than the scan (the clock is read for
  that alone, never for a result); a younger file is scanned again next time.
- **Trust**: the cache lives in the user's cache folder (``private.py``: the user's own
  folders and files, never the workspace), one file per workspace (named by a hash of its
  real path, which the file also holds and must match). Anything that does not have
  exactly the shape ``save`` writes, or more than ``MAX_BYTES``, is no cache at all.
  ``OKR_NO_CACHE=1`` turns it off.
- **Verified**: the owner and cycle of a file a command reads are scanned again from the
  bytes it read and compared with the cached entry (``store.Workspace.read``): a stale
  one stops the command, and is dropped.
It only ever saves time: a cache that cannot be read or written is a cold index.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

from okrcli import private
from okrcli.refs import owner_of
from okrcli.sniff import scan_aligns_to, scan_drivers, sniff_index

VERSION = 3
# The code of the scans: a cache written by another version of them is no cache (an
# upgrade that reads owners, cycles or alignments otherwise must not be answered by it).
SCANNERS = ("sniff.py", "indexcache.py", "refs.py")


@functools.cache
def version() -> str:
    digest = hashlib.blake2b(digest_size=12)
    for name in SCANNERS:
        with contextlib.suppress(OSError):
            digest.update((Path(__file__).with_name(name)).read_bytes() + b"\0")
    return f"{VERSION}-{digest.hexdigest()}"
MAX_BYTES = 64 * 1024 * 1024
SETTLED_NS = 2_000_000_000  # coarser than any file system's clock tick (FAT: 2 s)

Key = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device
Scans = tuple[frozenset[str], frozenset[str] | None]  # aligned to, drivers (None: unsure)


def digest(data: bytes) -> str:
    """The digest of a file's bytes, as the index keeps it."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def key_of(st: os.stat_result) -> Key:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class Entry:
    """What the scans of one file found: owner and cycle (None: the head does not say
    them plainly), and the owners it aligns to (None: not scanned yet) with the owners it
    names (``sniff.scan_drivers``; None: a scan cannot be sure, or not scanned yet); and
    the ``digest`` of its bytes (None: not read whole yet)."""

    __slots__ = ("aligned", "cycle", "digest", "drivers", "key", "owner")

    def __init__(self, key: Key, owner: str | None, cycle: str | None,
                 aligned: frozenset[str] | None, drivers: frozenset[str] | None = None,
                 digest: str | None = None) -> None:
        self.key, self.owner, self.cycle, self.aligned = key, owner, cycle, aligned
        self.drivers, self.digest = drivers, digest


class IndexCache:
    """The cached entries of one workspace: ``get`` those whose file is unchanged, ``put``
    new ones, ``save`` when something was put."""

    def __init__(self, root: Path, head: int, limit: int) -> None:
        self.head, self.limit = head, limit  # the store's: what its index reads of a file
        self.root = os.path.realpath(root)
        self.name = f"index/{zlib.crc32(self.root.encode('utf-8', 'surrogateescape')):08x}.json"
        self.started = time.time_ns()  # entries younger than SETTLED_NS before it: not kept
        self._entries: dict[str, Entry] = {}
        self._rows: dict[str, Any] = {}  # as loaded: each checked when first asked for
        self._changed = False
        # this command's, by the file's path as a string (hashed much faster than a Path)
        self._scanned: dict[str, tuple[str, Key]] = {}  # name in the workspace, lstat
        self._taken: dict[str, Entry] = {}  # the entries the index took from the cache
        self._load()

    def _load(self) -> None:
        raw = private.kept(self.name, MAX_BYTES) if private.folder() is not None else None
        if raw is None:
            return
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            return  # not a cache of ours: a cold index
        if (isinstance(data, dict) and data.keys() == {"version", "root", "files"}
                and data["version"] == version() and data["root"] == self.root
                and isinstance(data["files"], dict)):
            self._rows = data["files"]

    def _entry(self, rel: str) -> Entry | None:
        if rel in self._rows:
            row = self._rows.pop(rel)
            if _is_row(row):
                aligned = None if row[7] is None else frozenset(row[7])
                drivers = None if row[8] is None else frozenset(row[8])
                self._entries[rel] = Entry(tuple(row[:5]), row[5], row[6], aligned, drivers,
                                           row[9])
            else:  # not what save() writes: this file is scanned again
                self._changed = True
        return self._entries.get(rel)

    def lookup(self, path: Path, rel: str, st: os.stat_result
               ) -> tuple[str | None, str | None] | None:
        """Owner and cycle of the file ``path`` (``rel`` in the workspace) whose ``lstat``
        is ``st``, when the cache holds them for exactly that ``lstat``."""
        key = key_of(st)
        self._scanned[str(path)] = (rel, key)
        entry = self._entry(rel)
        if entry is None or entry.key != key:
            return None
        self._taken[str(path)] = entry
        return entry.owner, entry.cycle

    def record(self, path: Path, rel: str, st: os.stat_result, owner: str | None,
               cycle: str | None) -> None:
        """What the store's scan of a file not in the cache found (``st``: its ``lstat``
        before the scan read it)."""
        self._scanned[str(path)] = (rel, key_of(st))
        self.put(rel, key_of(st), owner, cycle)

    def scans(self, path: Path) -> Scans | None:
        """The owners a file of the index aligns to and names (``scans_of``), when the
        cache holds them for the file the index took from it."""
        entry = self._taken.get(str(path))
        return None if entry is None or entry.aligned is None else (entry.aligned,
                                                                     entry.drivers)

    def learn(self, path: Path, found: Scans, key: Key) -> None:
        """What the scans of a file of the index found, from a read of it (``key``: the
        read file's stat): kept when the file is still the one the index read."""
        scanned = self._scanned.get(str(path))
        entry = self._entry(scanned[0]) if scanned else None
        if scanned and entry and entry.key == scanned[1] == key:
            self.put(scanned[0], scanned[1], entry.owner, entry.cycle, *found)

    def verify(self, path: Path, data: bytes) -> bool:
        """Whether the text of a file read says what the entry the index took from the
        cache says (true for a file it did not take); a stale entry is dropped."""
        entry = self._taken.get(str(path))
        if entry is None:
            return True
        # Owner and cycle (a few microseconds: the head): what chose this file. Its
        # alignments chose the others, which a stale entry would leave unread, so no
        # reading of it can tell: they rest on the lstat (any write changes the ctime).
        if sniff_index(data[:self.limit + 1], self.head) == (entry.owner, entry.cycle):
            return True
        del self._taken[str(path)]
        self.drop(self._scanned[str(path)][0])
        self.save()
        return False

    def digest(self, rel: str, st: os.stat_result) -> str | None:
        """The digest of the bytes of ``rel`` whose ``lstat`` is ``st``, when the cache
        holds one for exactly that ``lstat``."""
        entry = self._entry(rel)
        return entry.digest if entry is not None and entry.key == key_of(st) else None

    def read(self, rel: str, key: Key, data: bytes) -> str:
        """The digest of ``data``, the bytes of ``rel`` read while its stat was ``key``,
        kept with the file's entry (made from ``data`` when there is none)."""
        found = digest(data)
        entry = self._entry(rel)
        if entry is not None and entry.key == key:
            self.put(rel, key, entry.owner, entry.cycle, entry.aligned, entry.drivers, found)
        else:
            self.put(rel, key, *sniff_index(data[:self.limit + 1], self.head), None, None,
                     found)
        return found

    def scanned_names(self) -> set[str]:
        return {rel for rel, _key in self._scanned.values()}

    def forget(self) -> None:
        """After a write: the next index is read afresh (from the cache where it holds)."""
        self._scanned.clear()
        self._taken.clear()

    def put(self, rel: str, key: Key, owner: str | None, cycle: str | None,
            aligned: frozenset[str] | None = None, drivers: frozenset[str] | None = None,
            digest: str | None = None) -> None:
        """Keep what the scans of ``rel`` found while its ``lstat`` was ``key``; a file
        that changed too recently to be sure of is not kept (its entry dropped). What the
        entry of the same ``lstat`` knew and this put does not say is kept."""
        settled = max(key[1], key[2]) < self.started - SETTLED_NS
        old = self._entry(rel)
        if not settled:
            if old is not None:
                del self._entries[rel]
                self._changed = True
            return
        if old is not None and old.key == key:
            if aligned is None:
                aligned, drivers = old.aligned, old.drivers
            digest = digest or old.digest
        if aligned is None:
            drivers = None
        if old is None or (old.key, old.owner, old.cycle, old.aligned, old.drivers,
                           old.digest) != (key, owner, cycle, aligned, drivers, digest):
            self._entries[rel] = Entry(key, owner, cycle, aligned, drivers, digest)
            self._changed = True

    def drop(self, rel: str) -> None:
        if self._entry(rel) is not None:
            del self._entries[rel]
            self._changed = True

    def save(self, present: set[str] | None = None) -> None:
        """Write the cache when something changed (only the files of ``present``, when
        given: the listing's). Any failure is silent."""
        if present is not None:
            gone = (set(self._entries) | set(self._rows)) - present
            for rel in gone:
                self._entries.pop(rel, None)
                self._rows.pop(rel, None)
            self._changed |= bool(gone)
        if not self._changed or private.folder() is None:
            return
        files = dict(self._rows)  # not asked for by this command: kept as they were
        files.update({rel: [*e.key, e.owner, e.cycle,
                            None if e.aligned is None else sorted(e.aligned),
                            None if e.drivers is None else sorted(e.drivers), e.digest]
                      for rel, e in self._entries.items()})
        data = json.dumps({"version": version(), "root": self.root, "files": files},
                          ensure_ascii=False, separators=(",", ":"))
        with contextlib.suppress(OSError, ValueError):
            private.keep(self.name, data.encode("utf-8", "surrogateescape"))
        self._changed = False


def scans_of(data: bytes) -> Scans:
    """The owners of every ``aligns_to`` in a file's text (``sniff.scan_aligns_to``), and
    every ``owner:`` value in it (``sniff.scan_drivers``: None when a scan cannot say)."""
    return frozenset(owner_of(target) for target in scan_aligns_to(data)), scan_drivers(data)


def _is_row(row: Any) -> bool:
    """Whether ``row`` has exactly the shape ``save`` writes."""
    if type(row) is not list or len(row) != 10:
        return False
    size, mtime, ctime, inode, device, owner, cycle, aligned, drivers, found = row
    return (type(size) is type(mtime) is type(ctime) is type(inode) is type(device) is int
            and type(owner) in _TEXT and type(cycle) in _TEXT and _texts(aligned)
            and _texts(drivers) and (aligned is not None or drivers is None)
            and (found is None or (type(found) is str and len(found) == 40
                                   and found.isascii() and found.isalnum())))


def _texts(value: Any) -> bool:
    """None, or a list of texts (JSON's: a join refuses anything else, fast)."""
    if value is None:
        return True
    try:
        return type(value) is list and type("".join(value)) is str
    except TypeError:
        return False


_TEXT = (str, type(None))
