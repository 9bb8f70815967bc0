"""A whole workspace read in a tenth of the memory (``Session.lean``).

``status``, ``tree`` and ``grade`` of everyone show each key result's state, never its
check-ins; the review (``report`` as Markdown or JSON) reads a few of them
(``review.Needed``). Read lean, a file of the cycle, once read, keeps its model without
check-ins (``slim.without``) and its key results' states on the days the command shows
(``known``, for ``scoring.evaluate_objectives``), evaluated over the whole model before it
goes; not its bytes. The whole models of 10,000 files are 1.6 GB; these, a tenth of that.
The dashboard's pages draw each owner's charts from its file read whole again, one owner
at a time (``whole_states``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from okrcli import forked, pickling, readcache, scoring, slim
from okrcli.collector import paused
from okrcli.diagnostics import Diagnostic
from okrcli.model import Checkin, Config, Cycle, KeyResult, OkrFile
from okrcli.pipeline import Reading, Source, Valid
from okrcli.readcache import Shelf
from okrcli.refs import objective_ref
from okrcli.store import CONFIG_NAME

# What is kept of a key result's check-ins on a day (none: the state alone); one with a
# ``key`` (a text naming what it keeps) lets lean files be kept in the user's cache.
Keep = Callable[[dt.date, tuple[Checkin | scoring.Seen, ...]], tuple[scoring.Seen, ...]]
States = list[tuple[KeyResult, scoring.KRState]]
AllStates = tuple[tuple[tuple[scoring.KRState, ...], ...], ...]  # by day, objective, kr
Sums = tuple[tuple[tuple[float | None, scoring.Status], ...], ...]  # by day, objective
FORMAT = "okr-lean-4"


class Shelved(Protocol):
    """The user's cache of lean files, as ``Lean.read`` uses it (``Session._lean_reads``)."""

    def key(self, path: Path) -> str | None: ...
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, payload: bytes) -> None: ...


class Lean:
    """The files of one cycle read lean for ``days`` (the first of them the one whose
    states keep ``keep``'s check-ins), and what was kept of each."""

    def __init__(self, cycle: Cycle, days: list[dt.date], th: scoring.Thresholds,
                 keep: Keep | None = None) -> None:
        self.cycle, self.days, self.th, self.keep = cycle, tuple(dict.fromkeys(days)), th, keep
        self.known: dict[dt.date, dict[int, States]] = {day: {} for day in self.days}
        # the lean readings, held here so that no id() of theirs (or of their objectives,
        # the keys of ``known``) is another object's while this lives
        self.readings: list[Valid[OkrFile]] = []
        self.ids: set[int] = set()
        self.paths: dict[str, Path] = {}  # each owner's first file, lean (Session.usable)

    def covers(self, cycle: Cycle, days: list[dt.date], th: scoring.Thresholds,
               keep: Keep | None) -> bool:
        """Whether these states serve a command asking for these (some of the same days:
        yes)."""
        return (cycle == self.cycle and th == self.th and set(days) <= set(self.days)
                and keep in (None, self.keep))

    def made(self, reading: Valid[OkrFile]) -> Valid[OkrFile]:
        """``reading`` lean, its states noted (``known``)."""
        return self._entered(*self._made(reading))

    def _made(self, reading: Valid[OkrFile]) -> tuple[Valid[OkrFile], AllStates, Sums]:
        """``reading`` lean (its model without check-ins, its bytes gone: a lean reading
        is never placed, being the first file of its owner), its key results' states on
        each day, by objective, and what each objective's come to (``scoring.summed``)
        (noted nowhere)."""
        doc = reading.model
        lean = dataclasses.replace(reading, model=slim.without(doc),
                                   source=dataclasses.replace(reading.source, raw=b""))
        states = tuple(tuple(tuple(
            slim.bare(st, self.keep(day, st.checkins) if self.keep else ())
            for st in (scoring.evaluate_kr(kr, self.cycle, day, self.th)
                       for kr in objective.key_results))
            for objective in doc.objectives) for day in self.days)
        sums = tuple(tuple(scoring.summed(list(zip(o.key_results, krs, strict=True)))
                           for o, krs in zip(doc.objectives, by_objective, strict=True))
                     for by_objective in states)
        return lean, states, sums

    def _entered(self, lean: Valid[OkrFile], states: AllStates, sums: Sums
                 ) -> Valid[OkrFile]:
        for day, by_objective, day_sums in zip(self.days, states, sums, strict=True):
            for objective, krs, (own, worst) in zip(lean.model.objectives, by_objective,
                                                    day_sums, strict=True):
                kept = self.known[day][id(objective)] = scoring.Scored(
                    zip(objective.key_results, krs, strict=True))
                kept.own, kept.worst = own, worst
        self.readings.append(lean)
        self.ids.add(id(lean))
        return lean

    def read(self, paths: list[Path], reading: Callable[[Path, bool], Reading],
             blocking: Callable[[Reading], list[Diagnostic]],
             cache: Shelved | None = None) -> list[tuple[Path, Valid[OkrFile]]]:
        """``paths`` read lean on every core (``forked``, from a few dozen): each child
        reads its files and sends back the lean ones; the rest are read by the caller, in
        its order (a second file of an owner again in full: a finding is placed in it).
        With ``cache``: a file made lean by a command of the same day, for the same days,
        loads from the user's cache in a tenth of the time it takes to read; the others
        are stored there, lean (``reading(path, False)``: no whole reading is stored
        beside one, a sixth of a cold read's time and ten times its bytes)."""
        here = os.getpid()
        out, todo = [], []
        with paused():  # thousands of lean models arrive: no collection walks them
            for path in paths:  # those of an earlier command of the day: loaded here
                key = cache.key(path) if cache is not None else None
                hit = cache.get(key) if key is not None and cache is not None else None
                made = self.attached(path, hit) if hit is not None else None
                if made is None:
                    todo.append((path, key))
                else:
                    out.append((path, made))

            def lean(item: tuple[Path, str | None]) -> bytes | Valid[OkrFile] | None:
                path, key = item
                found = reading(path, key is None)
                if not (isinstance(found, Valid) and found.model.cycle == self.cycle.id
                        and not blocking(found)):
                    return None
                made, mine = self._made(found), os.getpid() == here
                payload = None if mine and key is None else self._bytes(found, made)
                if key is not None and cache is not None and payload is not None:
                    cache.put(key, payload)
                return self._entered(*made) if mine else payload  # made here: not sent

            payloads = forked.mapped(lean, todo)
            for i, (path, _key) in enumerate(todo):
                payload, payloads[i] = payloads[i], None  # let each go once loaded
                made = self.attached(path, payload) if isinstance(payload, bytes) \
                    else payload
                if made is not None:
                    out.append((path, made))
        return out

    def _bytes(self, reading: Valid[OkrFile],
               made: tuple[Valid[OkrFile], AllStates, Sums]) -> bytes:
        """A lean file as bytes (for ``attached``): its lean model, its findings, the
        states of each day and their sums, as okr's caches pickle them."""
        lean, states, sums = made
        return pickling.dumps((lean.model, reading.findings, lean.source.bom,
                               lean.source.newline, states, sums))

    def detached(self, reading: Valid[OkrFile]) -> bytes:
        """``reading`` made lean, as bytes (noted nowhere: a child's, or the cache's)."""
        return self._bytes(reading, self._made(reading))

    def cached(self, shelf: Shelf, digest: Callable[[Path], object], rel: Callable[[Path], str],
               config: Source | None) -> Shelved | None:
        """The user's cache of lean files (``shelf``'s), each keyed by its reading's key
        and okr.yaml's (the cycle, the thresholds, the policy: ``config``'s bytes), the
        days and what is kept of the check-ins; None without a cache, or when what is kept
        has no name."""
        keep = None if self.keep is None else getattr(self.keep, "key", None)
        if not shelf.use or config is None or (self.keep is not None and keep is None):
            return None
        base = repr((FORMAT, readcache.key(CONFIG_NAME, config.raw, Config), self.cycle.id,
                     [d.isoformat() for d in self.days], keep))
        return _Cached(shelf, digest, rel, base)

    def attached(self, path: Path, payload: bytes) -> Valid[OkrFile] | None:
        """A lean reading ``_bytes`` made, entered here as ``made`` enters one; None when
        the bytes are not one (the file is read here)."""
        try:
            doc, findings, bom, newline, states, sums = pickling.loads(payload)
        except Exception:  # whatever a child sent that does not load: read it here
            return None
        if type(doc) is not OkrFile or len(states) != len(self.days) or any(
                len(by_objective) != len(doc.objectives) or any(
                    len(krs) != len(o.key_results)
                    for o, krs in zip(doc.objectives, by_objective, strict=False))
                for by_objective in states) or not _sums_of(sums, states):
            return None
        slim.shared(doc)
        return self._entered(Valid(path, Source(b"", bom, newline), doc, findings), states,
                             sums)

    def whole_states(self, owner: str, reading: Callable[[Path], object],
                     day: dt.date) -> dict[str, States] | None:
        """The states on ``day`` of the key results of ``owner``'s lean file, with every
        check-in, by objective ref, from ``reading`` it whole again (not kept); None when
        no lean file is theirs, or it no longer reads as theirs."""
        path = self.paths.get(owner)
        if path is None:
            return None
        again = reading(path)
        if not isinstance(again, Valid) or not isinstance(again.model, OkrFile) \
                or again.model.owner != owner:
            return None
        return {objective_ref(owner, o.id): [
            (kr, scoring.evaluate_kr(kr, self.cycle, day, self.th)) for kr in o.key_results]
            for o in again.model.objectives}


def _sums_of(sums: object, states: AllStates) -> bool:
    """Whether ``sums`` has the shape of the sums of ``states``: a number or None and a
    status for each objective of each day."""
    return type(sums) is tuple and len(sums) == len(states) and all(
        type(day) is tuple and len(day) == len(by_objective) and all(
            type(pair) is tuple and len(pair) == 2 and type(pair[1]) is scoring.Status
            and (pair[0] is None or type(pair[0]) is float) for pair in day)
        for day, by_objective in zip(sums, states, strict=False))


class _Cached:
    """``Shelved`` over a ``Shelf`` (``Lean.cached``)."""

    def __init__(self, shelf: Shelf, digest: Callable[[Path], object],
                 rel: Callable[[Path], str], base: str) -> None:
        self.digest, self.rel, self.base = digest, rel, base
        self.get, self.put = shelf.lean, shelf.keep_lean

    def key(self, path: Path) -> str | None:
        content = self.digest(path)
        if not isinstance(content, str):
            return None
        reading = readcache.keyed(self.rel(path), content, OkrFile)
        return hashlib.blake2b(f"{self.base} {reading}".encode(), digest_size=20).hexdigest()
