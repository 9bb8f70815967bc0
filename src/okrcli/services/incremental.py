"""okr check's miss path, one file's part at a time (see sketch.py): each file's own
findings from the pack of the last check's parts (parts.py) when its bytes, okr.yaml, the
day and the options are those it was checked under, else read (from the cache of
readings, or parsed) and checked alone; then the cross-file rules over every file's
sketch, unless no sketch changed since the pack's check (then its cross-file findings,
placed again in the files whose bytes changed). No file's model, text or bytes is kept
once its own part is placed: a cross-file finding is placed in bytes read again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from okrcli import forked, parts, pipeline, readcache, sketch
from okrcli.checks.policy import Policy
from okrcli.collector import paused
from okrcli.diagnostics import Diagnostic
from okrcli.model import Config, OkrFile
from okrcli.parts import Pack, Stored
from okrcli.pipeline import Reading, Valid
from okrcli.readcache import Shelf
from okrcli.services.common import Session
from okrcli.store import CONFIG_NAME, Refused

# One file of the check: its path, name, reading key (None when refused) and part.
File = tuple[Path, str, str | None, Stored]


def check(session: Session, shelf: Shelf, config: Reading, config_raw: bytes | Refused,
          every: list[Path], today: dt.date, policy: Policy, options: Any,
          digests: dict[Path, tuple[str, Any]]) -> tuple[list[Diagnostic], bool]:
    """What ``pipeline.check`` gives over ``every`` file, and whether each file read had
    the bytes of its reading key in ``digests`` (else the answer is not to be stored
    under the key made of them). A file whose part is in the pack under its key in
    ``digests`` is not read again."""
    ws = session.ws
    context = [readcache.key(CONFIG_NAME, config_raw, Config) if isinstance(config_raw, bytes)
               else [config_raw.reason, config_raw.message], today.isoformat(), options]
    pack = shelf.pack(parts.name(ws.root, options)) if shelf.use else Pack(None, "")
    found = pipeline.diagnose(config, config.findings, policy, CONFIG_NAME)
    same = True

    def miss(path: Path) -> tuple[str | None, Stored]:
        """A file not in the pack: read and checked alone (in a child of this process
        when there are many: its sketch sent back as the pack keeps it)."""
        raw = ws.read(path)
        reading_key = readcache.key(ws.rel(path), raw, OkrFile) if isinstance(
            raw, bytes) else None
        part = Stored.of(sketch.own_part(config, shelf.read(path, ws.rel(path), raw, OkrFile),
                                         today, policy, ws.rel))
        return reading_key, part

    with paused():  # one pause for the batch: no collection walks the sketches kept
        kept: list[Stored | None] = []
        for path in every:
            # A part in the pack is that of the bytes the caller hashed: not read again.
            reading_key = digests[path][0] or None
            kept.append(None if reading_key is None
                        else pack.get(parts.key(reading_key, context)))
        misses = [path for path, part in zip(every, kept, strict=True) if part is None]
        done = iter(forked.mapped(miss, misses))
        files: list[File] = []
        for path, stored in zip(every, kept, strict=True):
            if stored is None:
                reading_key, stored = next(done)
                if reading_key is not None:  # read now: the bytes the caller hashed?
                    same = same and reading_key == digests[path][0]
            else:
                reading_key = digests[path][0]
            if reading_key is not None:
                pack.put(parts.key(reading_key, context), stored)
            found.extend(stored.own)
            files.append((path, ws.rel(path), reading_key, stored))
        if isinstance(config, Valid):
            found += _rest(session, shelf, pack, config.model, files, today, policy, context)
    shelf.save(pack)
    return sorted(dict.fromkeys(found)), same


def _rest(session: Session, shelf: Shelf, pack: Pack, config: Config, files: list[File],
          today: dt.date, policy: Policy, context: Any) -> list[Diagnostic]:
    """The owner-scope findings (again over the owner's files where it has more than one
    in a cycle) and the cross-file ones."""
    ws = session.ws
    found: list[Diagnostic] = []
    groups = sketch.groups([part.group for *_, part in files])
    shared = {i for group in groups for i in group}
    for i, (*_, part) in enumerate(files):
        if i not in shared:
            found.extend(part.owner)
    for group in groups:
        readings = [shelf.read(files[i][0], files[i][1], ws.read(files[i][0]), OkrFile)
                    for i in group]
        found += sketch.owner_part(config, readings, today, policy, ws.rel)
    key = parts.cross_key(context, [(name, part.blob) for _, name, _, part in files]
                          ) if pack.use else ""
    crossed = pack.crossed(key) if pack.use else None
    if crossed is None:
        sketches = [part.sketch(path) or sketch.sketch_of(  # a blob that fails: read again
            shelf.read(path, name, ws.read(path), OkrFile), config, today, policy)
            for path, name, _, part in files]
        extra = sketch.cross(config, sketches, today, policy, ws.rel)
        crossed = {}
        for (path, name, reading_key, _), s in zip(files, sketches, strict=True):
            if id(s) in extra:
                findings = tuple(extra[id(s)])
                crossed[name] = (reading_key, tuple(sketch.placed(
                    ws.read(path), findings, policy, name)), findings)
    else:  # the same sketches: the same findings, placed again where the bytes changed
        keys = {name: (path, reading_key) for path, name, reading_key, _ in files}
        crossed = dict(crossed)
        for name, (was, _placed, findings) in crossed.items():
            path, reading_key = keys[name]
            if reading_key is None or reading_key != was:
                crossed[name] = (reading_key, tuple(sketch.placed(
                    ws.read(path), findings, policy, name)), findings)
    pack.cross(key, crossed)
    for _, placed, _ in crossed.values():
        found += placed
    return found
