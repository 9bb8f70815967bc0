"""What changed between two states of OKR files, in OKR terms: objectives and key results
created, deleted, dropped or restored; goalposts moved (with the reason the new state
records for it, or none); other fields changed; check-ins added; check-ins, change records
and drop records rewritten. Pure: models in, ``Delta`` values out; ``okr log``, ``okr
diff``, ``okr check --base`` and the merge driver all read change through this one
comparison.

Things are matched by their reference (``OWNER/OBJECTIVE[/KR]``), not by file, so an
objective moved to another file is no change; a file whose owner or cycle changed holds
other references, so its objectives read as deleted there and created here.

Check-ins have no id: the new list is taken as the old one with entries appended when it
starts with the old one; otherwise the entries on both sides that are equal are matched
in order, and of the rest an old entry and a new one on the same date (else in the same
place) are one check-in rewritten, an old one alone was removed (rewritten to nothing),
and a new one alone was added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from okrcli.model import (
    GOALPOSTS,
    Change,
    Checkin,
    Correction,
    Dropped,
    KeyResult,
    Objective,
    OkrFile,
)
from okrcli.refs import key_result_ref, objective_ref

# The kinds of a change: a contract of ``okr log`` and ``okr diff --format json``.
CREATED, DELETED, DROPPED, RESTORED = "created", "deleted", "dropped", "restored"
MOVED, CHANGED, CHECKIN, REWRITTEN = "moved", "changed", "checkin", "rewritten"
KINDS = (CREATED, DELETED, DROPPED, RESTORED, MOVED, CHANGED, CHECKIN, REWRITTEN)

KR_FIELDS = ("title", "kind", "unit", "weight", "owner", "grade", "grade_note")
OBJECTIVE_FIELDS = ("title", "committed", "aligns_to", "description", "carried_from",
                    "outcome", "retro")

YPath = tuple[Any, ...]


@dataclass(frozen=True)
class Delta:
    """One change. ``old`` and ``new`` are JSON values (a date as ``YYYY-MM-DD``, a
    check-in or a record as an object). ``reason``: for ``moved``, the reason of the
    ``changes:`` entry the new state records for it (None: no reason recorded); for
    ``dropped``, the drop's reason. ``file`` is the handle of the file the thing is in now
    (before, when it was deleted), ``where`` its place there (the nearest parent that
    still exists, for a deletion), ``gone`` whether that place is in the old file."""

    ref: str
    kind: str
    field: str | None = None
    old: Any = None
    new: Any = None
    reason: str | None = None
    file: Any = None
    where: YPath = ()
    gone: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "kind": self.kind, "field": self.field, "old": self.old,
                "new": self.new, "reason": self.reason}


def jsonable(value: Any) -> Any:
    """A field's value, a check-in or a record as JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Checkin):
        return {"date": value.date.isoformat(), "value": value.value,
                "confidence": value.confidence, "note": value.note}
    if isinstance(value, (Change, Correction)):
        return {"date": value.date.isoformat(), "field": value.field,
                "old": jsonable(value.old), "new": jsonable(value.new), "reason": value.reason}
    if isinstance(value, Dropped):
        return {"date": value.date.isoformat(), "reason": value.reason}
    return value


def effective(kr: KeyResult, field: str, cycle_end: dt.date | None) -> Any:
    """A goalpost's value as it counts: an unset ``due`` is the cycle's end."""
    value = getattr(kr, field)
    return cycle_end if field == "due" and value is None else value


@dataclass(frozen=True)
class _Place:
    file: Any
    oi: int
    owner: str
    cycle: str
    objective: Objective


def diff(old: Iterable[tuple[Any, OkrFile]], new: Iterable[tuple[Any, OkrFile]],
         cycle_end: Callable[[str], dt.date | None] = lambda cycle: None) -> list[Delta]:
    """Every change from the files ``old`` to the files ``new`` (each a ``(handle,
    model)``; of an objective written twice, the first counts), in the order of the new
    files, then what was deleted in the order of the old."""
    before, after = _places(old), _places(new)
    out: list[Delta] = []
    for key, place in after.items():
        ref, was = key[1], before.get(key)
        if was is None:
            out.append(Delta(ref, CREATED, new=place.objective.title, file=place.file,
                             where=("objectives", place.oi)))
            out += [Delta(key_result_ref(ref, kr.id), CREATED, new=kr.title, file=place.file,
                          where=("objectives", place.oi, "key_results", ki))
                    for ki, kr in enumerate(place.objective.key_results)]
        else:
            out += _objective(ref, was, place, cycle_end(place.cycle))
    for key, was in before.items():
        if key not in after:
            out.append(Delta(key[1], DELETED, old=was.objective.title, file=was.file,
                             where=("objectives", was.oi), gone=True))
            out += [Delta(key_result_ref(key[1], kr.id), DELETED, old=kr.title, file=was.file,
                          where=("objectives", was.oi, "key_results", ki), gone=True)
                    for ki, kr in enumerate(was.objective.key_results)]
    return out


def _places(files: Iterable[tuple[Any, OkrFile]]) -> dict[tuple[str, str], _Place]:
    found: dict[tuple[str, str], _Place] = {}
    for handle, doc in files:
        for oi, objective in enumerate(doc.objectives):
            found.setdefault((doc.cycle, objective_ref(doc.owner, objective.id)),
                             _Place(handle, oi, doc.owner, doc.cycle, objective))
    return found


def _objective(ref: str, was: _Place, now: _Place, end: dt.date | None) -> list[Delta]:
    out: list[Delta] = []
    here: YPath = ("objectives", now.oi)
    old_o, new_o = was.objective, now.objective
    for name in OBJECTIVE_FIELDS:
        a, b = getattr(old_o, name), getattr(new_o, name)
        if a != b:
            out.append(Delta(ref, CHANGED, name, jsonable(a), jsonable(b), file=now.file,
                             where=(*here, name)))
    out += _dropped(ref, old_o.dropped, new_o.dropped, now.file, here)
    out += _records(ref, "changes", old_o.changes, new_o.changes, now.file, here, added=False)
    old_krs = {kr.id: kr for kr in old_o.key_results}
    new_ids = {kr.id for kr in new_o.key_results}
    for ki, kr in enumerate(new_o.key_results):
        kr_ref = key_result_ref(ref, kr.id)
        place = (*here, "key_results", ki)
        prior = old_krs.get(kr.id)
        if prior is None:
            out.append(Delta(kr_ref, CREATED, new=kr.title, file=now.file, where=place))
        else:
            out += key_result(kr_ref, prior, kr, end, end, now.file, place)
    for kr in old_o.key_results:
        if kr.id not in new_ids:
            out.append(Delta(key_result_ref(ref, kr.id), DELETED,
                             old=kr.title, file=now.file, where=(*here, "key_results")))
    return out


def key_result(ref: str, old: KeyResult, new: KeyResult, old_end: dt.date | None,
               new_end: dt.date | None, file: Any = None, where: YPath = ()) -> list[Delta]:
    """What changed in one key result."""
    out: list[Delta] = []
    added_changes = _unmatched(new.changes, old.changes)
    for name in GOALPOSTS:
        a, b = effective(old, name, old_end), effective(new, name, new_end)
        if a != b:
            record = next((c for c in reversed(added_changes) if c.field == name
                           and _same(c.new, getattr(new, name))), None)
            out.append(Delta(ref, MOVED, name, jsonable(a), jsonable(b),
                             record.reason if record else None, file,
                             (*where, name) if getattr(new, name) is not None else where))
    for name in KR_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(Delta(ref, CHANGED, name, jsonable(a), jsonable(b), file=file,
                             where=(*where, name) if b is not None else where))
    out += _dropped(ref, old.dropped, new.dropped, file, where)
    out += _records(ref, "checkins", old.checkins, new.checkins, file, where)
    out += _records(ref, "changes", old.changes, new.changes, file, where, added=False)
    return out


def _dropped(ref: str, old: Dropped | None, new: Dropped | None, file: Any,
             where: YPath) -> list[Delta]:
    if old == new:
        return []
    if old is None and new is not None:
        return [Delta(ref, DROPPED, "dropped", None, new.date.isoformat(), new.reason, file,
                      (*where, "dropped"))]
    if new is None and old is not None:
        return [Delta(ref, RESTORED, "dropped", jsonable(old), None, file=file, where=where)]
    return [Delta(ref, REWRITTEN, "dropped", jsonable(old), jsonable(new), file=file,
                  where=(*where, "dropped"))]


def _records(ref: str, name: str, old: Sequence[Any], new: Sequence[Any], file: Any,
             where: YPath, added: bool = True) -> list[Delta]:
    """Check-ins (or change records) added, and those rewritten or removed."""
    if list(new[:len(old)]) == list(old):
        return [Delta(ref, CHECKIN, name, None, jsonable(item), file=file,
                      where=(*where, name, len(old) + i))
                for i, item in enumerate(new[len(old):])] if added else []
    kept_old, kept_new = _matching(old, new)
    gone = [i for i in range(len(old)) if i not in kept_old]
    fresh = [j for j in range(len(new)) if j not in kept_new]
    pairs: dict[int, int] = {}  # old entry -> the new one it became
    for i in gone:  # the same date first, for every entry, then the same place
        j = next((j for j in fresh if _date_of(new[j]) == _date_of(old[i])), None)
        if j is not None:
            pairs[i] = j
            fresh.remove(j)
    for i in gone:
        if i not in pairs and fresh and name == "checkins" and i in fresh and all(
                _date_of(new[i]) != _date_of(old[k]) for k in gone):
            pairs[i] = i
            fresh.remove(i)
    out: list[tuple[int, Delta]] = []
    for i in gone:
        j = pairs.get(i)
        if j is not None:
            out.append((j, Delta(ref, REWRITTEN, name, jsonable(old[i]), jsonable(new[j]),
                                 file=file, where=(*where, name, j))))
        else:
            out.append((i, Delta(ref, REWRITTEN, name, jsonable(old[i]), None, file=file,
                                 where=(*where, name) if new else where)))
    if added:
        out += [(j, Delta(ref, CHECKIN, name, None, jsonable(new[j]), file=file,
                          where=(*where, name, j))) for j in fresh]
    return [d for _, d in sorted(out, key=lambda pair: pair[0])]


def _matching(old: Sequence[Any], new: Sequence[Any]) -> tuple[set[int], set[int]]:
    """The entries equal on both sides, matched in order."""
    kept_old: set[int] = set()
    kept_new: set[int] = set()
    free: dict[str, list[int]] = {}
    for j, item in enumerate(new):
        free.setdefault(repr(jsonable(item)), []).append(j)
    for i, item in enumerate(old):
        slots = free.get(repr(jsonable(item)))
        if slots:
            kept_old.add(i)
            kept_new.add(slots.pop(0))
    return kept_old, kept_new


def _unmatched(new: Sequence[Change], old: Sequence[Change]) -> list[Change]:
    """The entries of ``new`` that ``old`` does not have."""
    _kept_old, kept_new = _matching(old, new)
    return [c for j, c in enumerate(new) if j not in kept_new]


def _date_of(item: Any) -> Any:
    return getattr(item, "date", None)


def _same(recorded: Any, value: Any) -> bool:
    if recorded is None or value is None:
        return recorded is value
    return bool(jsonable(recorded) == jsonable(value))


def one_file(old: OkrFile | None, new: OkrFile | None, handle: Any = None,
             cycle_end: Callable[[str], dt.date | None] = lambda cycle: None) -> list[Delta]:
    """The changes of one file between two versions (None: it did not exist)."""
    return diff([(handle, old)] if old else [], [(handle, new)] if new else [], cycle_end)


# A file renamed or moved, and a version of a file that cannot be read: no kinds ``diff``
# gives (it compares models, by reference), but the kinds under which ``okr log`` and
# ``okr diff`` say them (a JSON contract too).
RENAMED, UNREADABLE = "renamed", "unreadable"
