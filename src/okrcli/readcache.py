"""A cache of what reading one file produced (``pipeline.read``: decode, parse, validate,
file rules), keyed by its content, for every command that reads files.

A file read before, byte for byte, under the same name and the same code of okr, in the
same language, is not parsed or validated again: its reading (the validated model, or the
findings and the repaired model of a broken file, or the findings of an unreadable one)
is loaded from an entry of ``<cache folder>/read/``, one per content. What a reading holds
depends on nothing else: the file rules see one model alone, and no rule of a reading
reads the day (the rules that do are workspace rules, run on every check).

It keeps every promise of ``cache.py`` (same folder, same secret, same trust): an entry
is believed only with its HMAC-SHA256 made with the user's secret; nothing of it is
unpickled before that MAC is checked; and then only the classes a reading is made of are
looked up (``pickling.Loader``), and the result must have exactly the shape ``store``
writes (the key it was stored under, the model class asked for, findings of okr's own
rules). A link, a FIFO, someone else's file, a torn or forged entry is a miss, and a miss
only costs the parse. ``OKR_NO_CACHE=1`` turns it off.

Stored form (measured, see bench/cache.py and bench/gate.py): the models pickled by
their fields (``pickling.py``), about 1 ms a generated file to write and a little more to
load, against about 3 ms to read it (yaml-rs + validation + file rules); JSON through
``model_validate_json`` costs more to load, and the source is not stored (the bytes are
at hand: they are what the key is made of). A new entry is written in place, without a
temporary file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from okrcli import cache, i18n, indexcache, parts, pickling, pipeline, private, seal
from okrcli.pipeline import Broken, Reading, Unreadable, Valid
from okrcli.yamlio import Source

FORMAT = "okr-reading-3"
MAX_ENTRY = 16 * 1024 * 1024  # a 4 MB file (the largest okr reads) pickles far smaller
FOLDER = "read"
# The lean files of the reading commands (services/lean.py), each keyed by its reading's
# key and the days it was made for: of use for a day, swept after two.
LEAN, LEAN_DAYS = "lean", 2


def key(name: str, raw: bytes, kind: type[Any]) -> str:
    """The key of a reading of ``raw`` as file ``name`` read as ``kind`` (Config or
    OkrFile) by this code, in this language."""
    return keyed(name, indexcache.digest(raw), kind)


def keyed(name: str, content: str, kind: type[Any]) -> str:
    """``key``, of the bytes whose digest is ``content`` (``indexcache.digest``: the index
    cache keeps it for a file unchanged, which is then not read to be hashed)."""
    digest = hashlib.blake2b(_head(kind.__name__, i18n.language(), cache.code_hash()),
                             digest_size=20)
    digest.update(name.encode("utf-8", "surrogatepass") + b"\0" + content.encode())
    return digest.hexdigest()


@functools.cache
def _head(kind: str, language: str, code: str) -> bytes:
    """What every key of a kind begins with: the format, the code and the language (a
    name holds no NUL: the parts that follow cannot run into each other)."""
    return json.dumps([FORMAT, code, language, kind]).encode() + b"\0"


class Shelf:
    """The cache as one command uses it: the folder and the secret looked up once (and
    made at the first entry stored, when missing); ``use=False`` reads without it."""

    def __init__(self, *, use: bool = True) -> None:
        self.use = use
        self._places: dict[str, tuple[Path, bytes] | None] = {}
        self._made: set[str] = set()
        self._swept: set[Path] = set()

    def _where(self, *, create: bool, sub: str = FOLDER) -> tuple[Path, bytes] | None:
        if self.use and (sub not in self._places or (
                create and self._places[sub] is None and sub not in self._made)):
            self._places[sub] = cache.place(sub, create=create)
            if create:
                self._made.add(sub)
        return self._places.get(sub)

    def lean(self, entry_key: str) -> bytes | None:
        """The bytes ``keep_lean`` stored under ``entry_key``, when they are there and ours
        (sealed with the user's secret, under this very key)."""
        place = self._where(create=False, sub=LEAN)
        payload = None if place is None else seal.read(place[0] / entry_key, place[1],
                                                       MAX_ENTRY)
        if payload is None:
            return None
        stored, _nl, body = payload.partition(b"\n")
        return body if stored == entry_key.encode("ascii") else None

    def keep_lean(self, entry_key: str, body: bytes) -> None:
        place = self._where(create=True, sub=LEAN)
        if place is None:
            return
        folder, secret = place
        with contextlib.suppress(OSError):  # a read-only folder costs speed, never a result
            _create(folder / entry_key,
                    cache.sealed(secret, entry_key.encode("ascii") + b"\n" + body))
            self._sweep(folder, entry_key, LEAN_DAYS)

    def pack(self, name: str) -> parts.Pack:
        """The pack of parts ``name`` (parts.py): the parts of the last check of this
        workspace with these options; an empty one that keeps nothing without the cache."""
        place = self._where(create=True, sub=parts.FOLDER)
        found = parts.Pack(place, name)
        if place is not None and found.loaded:
            used(place[0] / f"{name}.pack")
        return found

    def save(self, pack: parts.Pack) -> None:
        written = pack.save()
        if written is not None:
            self._sweep(written.parent, written.name)

    def _sweep(self, folder: Path, written: str, keep_days: int | None = None) -> None:
        if folder not in self._swept:  # once a command per folder
            self._swept.add(folder)
            sweep(folder, folder / written, KEEP_DAYS if keep_days is None else keep_days)

    def read(self, path: Path, name: str, raw: bytes | pipeline.Refusal,
             kind: type[pipeline.M], *, store: bool = True) -> Reading:
        """``pipeline.read(path, raw, kind)``, from the cache when this content was read
        before (and stored there when it was not, unless ``store`` is False and it is
        valid). A refused file is read as ever: it has no bytes to key."""
        if not self.use or not isinstance(raw, bytes):
            return pipeline.read(path, raw, kind)
        entry_key = key(name, raw, kind)
        place = self._where(create=False)
        found = None if place is None else _get(place, entry_key, path, raw, kind)
        if found is not None:
            return found
        reading = pipeline.read(path, raw, kind)
        # a file that does not read as valid is read whole again by its caller: kept
        place = self._where(create=True) if store or not isinstance(reading, Valid) else None
        if place is not None:
            _put(place, entry_key, reading)
            self._sweep(place[0], entry_key)
        return reading


# --- an entry: the MAC line, then the pickled reading --------------------------------------


def _body(reading: Reading) -> tuple[Any, ...]:
    source = reading.source
    shape = (None if source is None else (source.bom, source.newline), reading.findings)
    if isinstance(reading, Valid):
        return ("valid", *shape, reading.model)
    if isinstance(reading, Broken):
        return ("broken", *shape, reading.partial, reading.cuts, dict(reading.maps))
    return ("unreadable", *shape)


def _put(place: tuple[Path, bytes], entry_key: str, reading: Reading) -> None:
    folder, secret = place
    try:
        payload = pickling.dumps((FORMAT, entry_key, _body(reading)))
    except (pickle.PicklingError, TypeError, ValueError, RecursionError):
        return  # never a reading we cannot store: only time lost
    with contextlib.suppress(OSError):  # a read-only folder costs speed, never a result
        _create(folder / entry_key, cache.sealed(secret, payload))


_NEW = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        | getattr(os, "O_CLOEXEC", 0))


def _create(path: Path, data: bytes) -> None:
    """A new entry written in place, mode 0600 (no temporary file, no rename: half the
    cost of a write); one that is there already (it missed: damaged, forged, another
    check's) is replaced whole. A reader that comes while it is written, or after a
    crash, finds a torn entry: its MAC fails, a miss."""
    try:
        fd = os.open(path, _NEW, 0o600)
    except FileExistsError:
        private.replace(path, data)
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _get(place: tuple[Path, bytes], entry_key: str, path: Path, raw: bytes,
         kind: type[Any]) -> Reading | None:
    folder, secret = place
    payload = seal.read(folder / entry_key, secret, MAX_ENTRY)
    if payload is None:
        return None
    try:
        data = pickling.loads(payload)
    except Exception:  # any failure to load what we wrote is a miss, never an error
        return None
    found = _reading(data, entry_key, path, raw, kind)
    if found is not None:
        used(folder / entry_key)
    return found


def _reading(data: Any, entry_key: str, path: Path, raw: bytes,
             kind: type[Any]) -> Reading | None:
    """The reading of a loaded entry when it has exactly the shape ``_put`` writes."""
    if not (type(data) is tuple and len(data) == 3 and data[0] == FORMAT
            and data[1] == entry_key and type(data[2]) is tuple and len(data[2]) >= 3):
        return None
    what, shape, findings, *rest = data[2]
    if not (type(findings) is tuple and all(pickling.own(f) for f in findings)):
        return None
    source = None
    if shape is not None:
        if not (type(shape) is tuple and len(shape) == 2 and type(shape[0]) is bool
                and shape[1] in ("\n", "\r\n")):
            return None
        source = Source(raw, shape[0], shape[1])
    if what == "valid" and source is not None and len(rest) == 1 and type(rest[0]) is kind:
        return Valid(path, source, rest[0], findings)
    if what == "broken" and source is not None and len(rest) == 3:
        partial, cuts, maps = rest
        if ((partial is None or type(partial) is kind) and type(cuts) is tuple
                and all(type(c) is tuple for c in cuts) and type(maps) is dict
                and all(type(k) is tuple and type(v) is list for k, v in maps.items())):
            return Broken(path, source, findings, partial, cuts, maps)
    if what == "unreadable" and not rest:
        return Unreadable(path, source, findings, b"" if source is not None else raw)
    return None


# --- pruning: an entry not used for KEEP_DAYS goes, swept at most once a day -------------

KEEP_DAYS = 30
SWEPT = ".swept"  # the last sweep's time, as its modification time


def used(entry: Path) -> None:
    """Mark an entry used now (its modification time), when it was last marked more than a
    day before the last sweep: the next sweeps keep it. (So an entry is written at most
    once a day for being used, and an unchanged cache is left as it is.)"""
    with contextlib.suppress(OSError):
        last = _last_sweep(entry.parent)
        if last is not None and entry.stat(follow_symlinks=False).st_mtime < last - 86400:
            os.utime(entry, follow_symlinks=False)


@functools.cache
def _last_sweep(folder: Path) -> float | None:
    try:
        return (folder / SWEPT).stat(follow_symlinks=False).st_mtime
    except OSError:
        return None


def sweep(folder: Path, written: Path, keep_days: int = KEEP_DAYS) -> int:
    """Remove the entries of ``folder`` not used for ``keep_days``, at most once a day. The
    time is the file system's: that of the entry ``written`` just now; the last sweep's is
    the marker's. The number removed."""
    try:
        now = written.stat(follow_symlinks=False).st_mtime
        last = (folder / SWEPT).stat(follow_symlinks=False).st_mtime
    except FileNotFoundError:
        last = None
    except OSError:
        return 0
    if last is not None and now - last < 86400:
        return 0
    removed = 0
    with contextlib.suppress(OSError):
        private.replace(folder / SWEPT, b"")
        with os.scandir(folder) as found:
            for entry in found:
                with contextlib.suppress(OSError):
                    if (not entry.name.startswith(".") and now - entry.stat(
                            follow_symlinks=False).st_mtime > keep_days * 86400):
                        os.unlink(entry.path)
                        removed += 1
    return removed


def entries() -> Path | None:
    """The folder of the entries (for tests and the bench), when the cache is used."""
    base = private.folder()
    return None if base is None else base / FOLDER

