"""okr check's miss path, one file's part at a time (see sketch.py): each file's own
findings from the cache of parts when its bytes, okr.yaml, the day and the options are
those it was checked under, else read (from the cache of readings, or parsed) and checked
alone; then the cross-file rules over every file's sketch. No file's model, text or bytes
is kept once its own part is placed: a cross-file finding is placed in bytes read again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from okrcli import pipeline, readcache, sketch
from okrcli.checks.policy import Policy
from okrcli.collector import paused
from okrcli.diagnostics import Diagnostic
from okrcli.model import Config, OkrFile
from okrcli.pipeline import Reading, Valid
from okrcli.readcache import Shelf
from okrcli.services.common import Session
from okrcli.store import CONFIG_NAME, Refused


def check(session: Session, shelf: Shelf, config: Reading, config_raw: bytes | Refused,
          every: list[Path], today: dt.date, policy: Policy, options: Any,
          digests: dict[Path, tuple[str, Any]]) -> tuple[list[Diagnostic], bool]:
    """What ``pipeline.check`` gives over ``every`` file, and whether each file read had
    the bytes of its reading key in ``digests`` (else the answer is not to be stored
    under the key made of them)."""
    ws = session.ws
    context = [readcache.key(CONFIG_NAME, config_raw, Config) if isinstance(config_raw, bytes)
               else [config_raw.reason, config_raw.message], today.isoformat(), options]
    found = pipeline.diagnose(config, config.findings, policy, CONFIG_NAME)
    parts: list[sketch.Part] = []
    same = True
    with paused():  # one pause for the batch: no collection walks the sketches kept
        for path in every:
            name, raw = ws.rel(path), ws.read(path)
            reading_key = None
            if isinstance(raw, bytes):
                reading_key = readcache.key(name, raw, OkrFile)
                same = same and reading_key == digests[path][0]

            def make(path: Path = path, name: str = name, raw: Any = raw) -> sketch.Part:
                return sketch.own_part(config, shelf.read(path, name, raw, OkrFile), today,
                                       policy, ws.rel)

            part = shelf.part(path, name, raw, context, make, reading_key)
            found.extend(part.own)
            parts.append(part)
        if isinstance(config, Valid):
            found += _rest(session, shelf, config.model, parts, today, policy)
    return sorted(dict.fromkeys(found)), same


def _rest(session: Session, shelf: Shelf, config: Config, parts: list[sketch.Part],
          today: dt.date, policy: Policy) -> list[Diagnostic]:
    """The owner-scope findings (again over the owner's files where it has more than one
    in a cycle) and the cross-file ones."""
    ws = session.ws
    found: list[Diagnostic] = []
    sketches = [p.sketch for p in parts]
    groups = sketch.groups(sketches)
    shared = {id(s) for group in groups for s in group}
    for part in parts:
        if id(part.sketch) not in shared:
            found.extend(part.owner)
    for group in groups:
        readings = [shelf.read(s.path, ws.rel(s.path), ws.read(s.path), OkrFile)
                    for s in group]
        found += sketch.owner_part(config, readings, today, policy, ws.rel)
    extra = sketch.cross(config, sketches, today, policy, ws.rel)
    for s in sketches:
        if id(s) in extra:
            found += sketch.placed(s, ws.read(s.path), extra[id(s)], policy, ws.rel(s.path))
    return found
