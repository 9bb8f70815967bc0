"""The parts of the last check of a workspace (``sketch.Part``), kept in one pack:
``<cache folder>/file/<workspace and options>.pack``, read once and written once a check.

A part is looked up by its key: the file's reading key (``readcache.key``: its name,
bytes, okr's code and the language) with the context, what a part depends on besides
(okr.yaml's bytes, the day and the options). A part is its placed diagnostics, the owner
and cycle of its model (for the owner-scope groups) and its sketch, pickled
(``pickling.dumps``: equal sketches, equal bytes) and loaded only when the cross-file rules
run again. Beside the parts, the pack keeps the cross-file findings of that check under a
key made of the context and every file's name and sketch bytes, in order: when no file
changed what those rules read (a check-in added, a comment, a note), they are not run
again, and a finding is placed again only in a file whose bytes changed.

Same promises as ``cache.py`` and ``readcache.py``: the pack is believed only with its
HMAC made with the user's secret, nothing is unpickled before, then only okr's classes
(``pickling.Loader``), and it must have exactly the shape ``save`` writes; anything else
is an empty pack (every part a miss). One pack a workspace and set of options, holding
only the files of the check that wrote it: it never grows with the history.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from okrcli import pickling, private, seal
from okrcli.diagnostics import Diagnostic, Finding, Severity
from okrcli.model import OkrFile
from okrcli.scoring import KRState
from okrcli.sketch import Part, Sketch

FORMAT = "okr-parts-5"
FOLDER = "file"
MAX_PACK = 1024 * 1024 * 1024  # far above the pack of any real workspace
_SEVERITIES = {s.value: s for s in Severity}
_DIAGNOSTIC = (str, int, int, str, str, str, str)


def key(reading_key: str, context: Any) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([FORMAT, reading_key, context], default=str).encode())
    return digest.hexdigest()


def _fields(d: Diagnostic) -> tuple[Any, ...]:
    return (d.path, d.line, d.col, d.code, d.message, d.severity.value, d.name)


def _diagnostics(items: Any) -> tuple[Diagnostic, ...] | None:
    if type(items) is not tuple:
        return None
    out = []
    for item in items:
        if not (type(item) is tuple and len(item) == 7 and item[5] in _SEVERITIES
                and all(type(v) is t for v, t in zip(item, _DIAGNOSTIC, strict=True))):
            return None
        out.append(Diagnostic(*item[:5], _SEVERITIES[item[5]], item[6]))
    return tuple(out)


class Stored:
    """A file's part as the pack keeps it; its sketch loaded (or pickled) when asked."""

    def __init__(self, own: tuple[Diagnostic, ...], owner: tuple[Diagnostic, ...],
                 group: tuple[str, str] | None, blob: bytes | None = None,
                 sketch: Sketch | None = None) -> None:
        self.own, self.owner, self.group = own, owner, group
        self._blob, self._sketch = blob, sketch

    @classmethod
    def of(cls, part: Part) -> Stored:
        doc = part.sketch.model
        return cls(part.own, part.owner, None if doc is None else (doc.owner, doc.cycle),
                   sketch=part.sketch)

    @property
    def blob(self) -> bytes:
        """The sketch's bytes (without its path): equal sketches, equal bytes."""
        if self._blob is None:
            s = self._sketch
            assert s is not None
            unread = None if s.unread is None else (*s.unread[:2], tuple(sorted(s.unread[2])))
            self._blob = pickling.dumps(
                (s.model, unread, s.cuts, None if s.maps is None else dict(s.maps), s.krs))
        return self._blob

    def packed(self) -> bytes:
        """The sketch's bytes, for a pack being written: the part's last use, so the
        sketch loaded is let go (the sketches of a large workspace are most of what a
        check holds, and the pack's bytes come on top of them)."""
        blob = self.blob
        self._sketch = None
        return blob

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (sent from a child of ``forked``) as the pack keeps it: its sketch's
        bytes, loaded where it is used."""
        return (Stored, (self.own, self.owner, self.group, self.blob))

    def sketch(self, path: Path) -> Sketch | None:
        """The sketch; None when its bytes do not load as one (a miss: the caller reads
        the file again)."""
        if self._sketch is None or self._sketch.path != path:
            try:
                self._sketch = _sketch(pickling.loads(self.blob), path)
            except Exception:  # any failure to load what we wrote is a miss, never an error
                return None
        return self._sketch


def _sketch(data: Any, path: Path) -> Sketch:
    """A sketch of a loaded blob, when it has the shape ``Stored.blob`` writes; else a
    ValueError."""
    if not (type(data) is tuple and len(data) == 5):
        raise ValueError("no sketch")
    doc, unread, cuts, maps, krs = data
    if not ((doc is None or type(doc) is OkrFile) and type(cuts) is tuple
            and (maps is None or type(maps) is dict)):
        raise ValueError("no sketch")
    if krs is not None and not (doc is not None and type(krs) is tuple
                                and len(krs) == len(doc.objectives) and all(
            type(states) is tuple and len(states) == len(o.key_results)
            and all(type(state) is KRState for state in states)
            for states, o in zip(krs, doc.objectives, strict=True))):
        raise ValueError("no sketch")
    if unread is not None:
        if not (type(unread) is tuple and len(unread) == 3 and type(unread[2]) is tuple):
            raise ValueError("no sketch")
        unread = (unread[0], unread[1], frozenset(unread[2]))
    return Sketch(path, doc, unread, cuts, maps, krs)


# The cross-file findings of one file: its reading key, where they were placed, and the
# findings themselves (to be placed again in changed bytes).
Crossed = tuple[str | None, tuple[Diagnostic, ...], tuple[Finding, ...]]


class Pack:
    """The pack of one workspace and set of options, as one check uses it: the parts it
    had (``get``), those of this check (``put``), and ``save`` once at the end."""

    def __init__(self, place: tuple[Path, bytes] | None, name: str) -> None:
        self.use = place is not None
        self._path = None if place is None else place[0] / f"{name}.pack"
        self._secret = b"" if place is None else place[1]
        self._old: dict[str, Stored] = {}
        self._new: dict[str, Stored] = {}
        self._cross: tuple[str, dict[str, Crossed]] | None = None
        self._changed = False
        self.loaded = False
        if self._path is not None:
            self._load()

    def get(self, entry_key: str) -> Stored | None:
        return self._old.get(entry_key) if self.use else None

    def put(self, entry_key: str, part: Stored) -> None:
        if self.use:
            self._changed = self._changed or self._old.get(entry_key) is not part
            self._new[entry_key] = part

    def crossed(self, cross_key: str) -> dict[str, Crossed] | None:
        """The cross-file findings of the last check, by file, when its key was this."""
        if self._cross is None or self._cross[0] != cross_key:
            return None
        return self._cross[1]

    def cross(self, cross_key: str, found: dict[str, Crossed]) -> None:
        if self.use and (self._cross is None or self._cross != (cross_key, found)):
            self._cross, self._changed = (cross_key, found), True

    def save(self) -> Path | None:
        """The parts of this check (and no other) with its cross-file findings, when any
        of it is new; the pack's path when written."""
        if self._path is None or not (self._changed or self._new.keys() != self._old.keys()):
            return None
        entries = {k: (tuple(map(_fields, p.own)), tuple(map(_fields, p.owner)), p.group,
                       p.packed()) for k, p in self._new.items()}
        cross = None if self._cross is None else (self._cross[0], {
            name: (rk, tuple(map(_fields, placed)), findings)
            for name, (rk, placed, findings) in self._cross[1].items()})
        try:
            payload = pickling.dumps((FORMAT, self._path.name, entries, cross))
        except (pickle.PicklingError, TypeError, ValueError, RecursionError):
            return None
        try:
            private.replace(self._path, seal.sealed_pieces(self._secret, payload))
        except OSError:  # a read-only cache folder costs speed, never a result
            return None
        return self._path

    def _load(self) -> None:
        assert self._path is not None
        payload = seal.read(self._path, self._secret, MAX_PACK)
        if payload is None:
            return
        try:
            data = pickling.loads(payload)
            loaded = _pack(data, self._path.name)
        except Exception:  # any failure to load what we wrote is a miss, never an error
            return
        if loaded is not None:
            (self._old, self._cross), self.loaded = loaded, True


def _pack(data: Any, name: str) -> tuple[dict[str, Stored],
                                         tuple[str, dict[str, Crossed]] | None] | None:
    """The parts and cross-file findings of a loaded pack of exactly ``save``'s shape."""
    if not (type(data) is tuple and len(data) == 4 and data[0] == FORMAT and data[1] == name
            and type(data[2]) is dict):
        return None
    parts: dict[str, Stored] = {}
    for entry_key, entry in data[2].items():
        if not (type(entry_key) is str and type(entry) is tuple and len(entry) == 4):
            return None
        own, owner, group, blob = entry
        own, owner = _diagnostics(own), _diagnostics(owner)
        if own is None or owner is None or type(blob) is not bytes or not (
                group is None or (type(group) is tuple and len(group) == 2
                                  and all(type(g) is str for g in group))):
            return None
        parts[entry_key] = Stored(own, owner, group, blob)
    cross = data[3]
    if cross is None:
        return parts, None
    if not (type(cross) is tuple and len(cross) == 2 and type(cross[0]) is str
            and type(cross[1]) is dict):
        return None
    found: dict[str, Crossed] = {}
    for file, item in cross[1].items():
        if not (type(file) is str and type(item) is tuple and len(item) == 3
                and (item[0] is None or type(item[0]) is str) and type(item[2]) is tuple
                and all(pickling.own(f) for f in item[2])):
            return None
        placed = _diagnostics(item[1])
        if placed is None:
            return None
        found[file] = (item[0], placed, item[2])
    return parts, (cross[0], found)


def name(root: Path, options: Any) -> str:
    """The pack's name: the workspace's folder and the options of the check."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(os.fsencode(root.resolve()) + b"\0")
    digest.update(json.dumps(options, default=str).encode())
    return digest.hexdigest()


def cross_key(context: Any, files: Mapping[str, bytes] | list[tuple[str, bytes]]) -> str:
    """The key of the cross-file findings: the context, and each file's name and sketch
    bytes in the order of the check."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([FORMAT, context], default=str).encode() + b"\0")
    for file, blob in (files.items() if isinstance(files, Mapping) else files):
        digest.update(file.encode("utf-8", "surrogatepass") + b"\0"
                      + len(blob).to_bytes(8, "little"))
        digest.update(blob)
    return digest.hexdigest()
