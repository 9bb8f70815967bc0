"""Three versions of one OKR file merged by meaning: what ``okr merge-file`` does when
every side reads as a valid file.

The changes of each side are okrdiff's (base -> ours, base -> theirs). Theirs are spliced
into ours' text with the editor, so every byte of ours that no change of theirs touches
stays as it was: check-ins added on both sides are all kept, each of theirs in its place
by date; a field, a drop, a change record, a key result or an objective one side added or
changed is taken; a field both sides changed, each its own way, is a conflict, written as
git writes one (markers around ours' lines and theirs'). What cannot be said by meaning
(a check-in rewritten, a thing deleted on one side and changed on the other, a layout the
editor does not write into) raises ``Unmergeable``: the caller falls back to git's own line
merge.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from okrcli import okrdiff
from okrcli.edit import EditError, TextEdit
from okrcli.i18n import _
from okrcli.model import GOALPOSTS, KeyResult, Objective, OkrFile
from okrcli.refs import key_result_ref, objective_ref

YPath = tuple[Any, ...]

# What a conflict is about (a contract of the driver's messages).
FIELD, ADDED, SAME_DAY = "field", "added", "same-day"


class Unmergeable(Exception):
    """A change that cannot be merged by meaning: ``str(err)`` says which."""


@dataclass(frozen=True)
class Conflict:
    ref: str
    kind: str  # FIELD, ADDED (the same thing added two ways), SAME_DAY (two check-ins)
    field: str | None = None
    ours: Any = None
    theirs: Any = None


@dataclass
class Merged:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)


def merge(base: OkrFile, ours: OkrFile, ours_text: str, theirs: OkrFile, theirs_text: str,
          newline: str = "\n", marker_size: int = 7) -> Merged:
    """Ours' text with theirs' changes; the conflicts marked in it."""
    if {(ours.owner, ours.cycle), (theirs.owner, theirs.cycle)} != {(base.owner, base.cycle)}:
        raise Unmergeable(_("the owner or the cycle of the file changed"))
    try:
        return _Merge(base, ours, ours_text, theirs, theirs_text, newline).run(marker_size)
    except EditError as err:
        raise Unmergeable(str(err)) from None


def _parts(ref: str) -> tuple[str, str | None]:
    parts = ref.split("/")
    return parts[1], parts[2] if len(parts) > 2 else None


def _find(doc: OkrFile, obj_id: str, kr_id: str | None) -> Objective | KeyResult | None:
    objective = next((o for o in doc.objectives if o.id == obj_id), None)
    if objective is None or kr_id is None:
        return objective
    return next((k for k in objective.key_results if k.id == kr_id), None)


def _counted(items: Sequence[Any]) -> Counter[str]:
    return Counter(repr(okrdiff.jsonable(i)) for i in items)


def _added(new: Sequence[Any], *olds: Sequence[Any]) -> list[Any]:
    """The entries of ``new`` none of ``olds`` has (counted: a second equal entry is new)."""
    seen = sum((_counted(old) for old in olds), Counter()) if olds else Counter()
    out = []
    for item in new:
        key = repr(okrdiff.jsonable(item))
        if seen[key]:
            seen[key] -= 1
        else:
            out.append(item)
    return out


def _changed(base: OkrFile, doc: OkrFile, deltas: Sequence[okrdiff.Delta]) -> set[str]:
    """The refs of what one side changed: okrdiff's changes (but deletions), and each
    objective or key result it kept that is not as it was (a change record added with no
    goalpost moved is no delta of okrdiff's, and is a change still)."""
    out = {d.ref for d in deltas if d.kind != okrdiff.DELETED}
    for was in base.objectives:
        now = _find(doc, was.id, None)
        if now is None:
            continue
        ref = objective_ref(base.owner, was.id)
        if now.model_copy(update={"key_results": []}) != was.model_copy(
                update={"key_results": []}):
            out.add(ref)
        for kr in was.key_results:
            kept = _find(doc, was.id, kr.id)
            if kept is not None and kept != kr:
                out.add(key_result_ref(ref, kr.id))
    return out


def _deleted_and_changed(mine: Sequence[okrdiff.Delta], theirs_changed: set[str],
                         them: Sequence[okrdiff.Delta], ours_changed: set[str]) -> None:
    """Refuse a thing deleted on one side and changed on the other, whichever side deleted
    it: any change (a field, a check-in, a record, a drop, a key result added to a deleted
    objective) is never merged away silently. Deleted on both sides, or deleted on one and
    a part of it deleted on the other, is no change."""
    for gone, changed in ((mine, theirs_changed), (them, ours_changed)):
        for ref in (d.ref for d in gone if d.kind == okrdiff.DELETED):
            if any(r == ref or r.startswith(ref + "/") for r in changed):
                raise Unmergeable(_("{ref} was deleted on one side and changed on the other")
                                  .format(ref=ref))


def _later(model: type[Any], name: str) -> tuple[str, ...]:
    names = list(model.model_fields)
    return tuple(names[names.index(name) + 1:])


class _Merge:
    def __init__(self, base: OkrFile, ours: OkrFile, ours_text: str, theirs: OkrFile,
                 theirs_text: str, newline: str) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.edit = TextEdit(ours_text, newline)
        self.theirs_edit = TextEdit(theirs_text)
        self.newline = newline
        # ours' ids in the order of the text as it is being edited: its ypaths
        self.order = {o.id: [k.id for k in o.key_results] for o in ours.objectives}
        # each conflict, where it is in ours (asked once every edit is made) and in theirs
        self.conflicts: list[tuple[Conflict, Callable[[], YPath], YPath]] = []
        # per list of check-ins or change records: where ours' own items are now
        self.slots: dict[tuple[str, str, str], list[int | None]] = {}

    # --- where things are ------------------------------------------------------------------

    def path(self, obj_id: str, kr_id: str | None = None) -> tuple[Any, ...]:
        oi = list(self.order).index(obj_id)
        if kr_id is None:
            return ("objectives", oi)
        return ("objectives", oi, "key_results", self.order[obj_id].index(kr_id))

    def theirs_path(self, obj_id: str, kr_id: str | None = None) -> tuple[Any, ...]:
        oi = next(i for i, o in enumerate(self.theirs.objectives) if o.id == obj_id)
        if kr_id is None:
            return ("objectives", oi)
        krs = self.theirs.objectives[oi].key_results
        return ("objectives", oi, "key_results", next(i for i, k in enumerate(krs)
                                                      if k.id == kr_id))

    def conflict(self, item: Conflict, obj_id: str, kr_id: str | None,
                 key: str | None = None) -> None:
        tail: YPath = ()
        there = self.theirs_path(obj_id, kr_id)
        if key is not None:
            if getattr(_find(self.ours, obj_id, kr_id), key) is None or getattr(
                    _find(self.theirs, obj_id, kr_id), key) is None:
                raise Unmergeable(_("{field} of {ref} was removed on one side and changed "
                                    "on the other").format(field=key, ref=item.ref))
            tail, there = (key,), (*there, key)
        self.conflicts.append((item, lambda: (*self.path(obj_id, kr_id), *tail), there))

    # --- the merge -------------------------------------------------------------------------

    def run(self, marker_size: int) -> Merged:
        mine = okrdiff.one_file(self.base, self.ours)
        them = okrdiff.one_file(self.base, self.theirs)
        _deleted_and_changed(mine, _changed(self.base, self.theirs, them),
                             them, _changed(self.base, self.ours, mine))
        changed = {(d.ref, d.field): d for d in mine}
        created = {d.ref for d in them if d.kind == okrdiff.CREATED}
        deleted = {d.ref for d in them if d.kind == okrdiff.DELETED}
        appends: list[tuple[str, str | None]] = []
        removals: list[tuple[str, str | None]] = []
        for d in them:
            obj_id, kr_id = _parts(d.ref)
            parent = d.ref.rsplit("/", 1)[0] if kr_id else None
            if d.kind == okrdiff.CREATED:
                if parent not in created:
                    self._created(d.ref, obj_id, kr_id, appends)
            elif d.kind == okrdiff.DELETED:
                if parent not in deleted and _find(self.ours, obj_id, kr_id) is not None:
                    removals.append((obj_id, kr_id))
            elif d.field in ("checkins", "changes"):
                if d.kind == okrdiff.REWRITTEN and self._list(d.ref, d.field, self.theirs) \
                        != self._list(d.ref, d.field, self.ours):
                    raise Unmergeable(_("a check-in or change record of {ref} was rewritten")
                                      .format(ref=d.ref))
            elif d.field == "dropped":
                self._dropped(d.ref, obj_id, kr_id, (d.ref, "dropped") in changed)
            elif d.field is not None:
                self._field(d.ref, obj_id, kr_id, d.field, (d.ref, d.field) in changed)
        self._records()
        for obj_id, kr_id in sorted(removals, key=lambda r: self.path(*r), reverse=True):
            self._remove(obj_id, kr_id)
        for obj_id, kr_id in appends:
            self._append(obj_id, kr_id)
        return Merged(self._marked(marker_size), [c for c, _h, _t in self.conflicts])

    def _list(self, ref: str, name: str, doc: OkrFile) -> list[Any]:
        kr = _find(doc, *_parts(ref))
        return [okrdiff.jsonable(i) for i in getattr(kr, name, [])]

    def _created(self, ref: str, obj_id: str, kr_id: str | None,
                 appends: list[tuple[str, str | None]]) -> None:
        mine, new = _find(self.ours, obj_id, kr_id), _find(self.theirs, obj_id, kr_id)
        if kr_id is not None and obj_id not in self.order:
            raise Unmergeable(_("{ref} was added to an objective deleted on the other side")
                              .format(ref=ref))
        if mine is None:
            appends.append((obj_id, kr_id))
        elif mine != new:
            self.conflict(Conflict(ref, ADDED), obj_id, kr_id)

    def _field(self, ref: str, obj_id: str, kr_id: str | None, name: str,
               both: bool) -> None:
        mine, new = _find(self.ours, obj_id, kr_id), _find(self.theirs, obj_id, kr_id)
        if mine is None:
            raise Unmergeable(_("{ref} was deleted on one side and changed on the other")
                              .format(ref=ref))
        value, ours_value = getattr(new, name), getattr(mine, name)
        if both:
            if okrdiff.jsonable(value) != okrdiff.jsonable(ours_value):
                self._recorded_twice(ref, obj_id, kr_id, name)
                self.conflict(Conflict(ref, FIELD, name, okrdiff.jsonable(ours_value),
                                       okrdiff.jsonable(value)), obj_id, kr_id, name)
            return
        here = self.path(obj_id, kr_id)
        if value is None:
            self.edit.remove_key(here, name)
        else:
            self.edit.set_value(here, name, value, before=_later(type(new), name))

    def _recorded_twice(self, ref: str, obj_id: str, kr_id: str | None, name: str) -> None:
        """A goalpost moved two ways, with a ``changes:`` record of it added on a side:
        the record of the move not kept would stay, merged cleanly, telling of a goalpost
        that never was. Git's line merge puts the records in the conflict too."""
        was = _find(self.base, obj_id, kr_id)
        if name not in GOALPOSTS or not isinstance(was, KeyResult):
            return
        for doc in (self.ours, self.theirs):
            kr = _find(doc, obj_id, kr_id)
            if isinstance(kr, KeyResult) and any(
                    c.field == name for c in _added(kr.changes, was.changes)):
                raise Unmergeable(_("{field} of {ref} moved two ways, with a record of the "
                                    "move").format(field=name, ref=ref))

    def _dropped(self, ref: str, obj_id: str, kr_id: str | None, both: bool) -> None:
        mine, new = _find(self.ours, obj_id, kr_id), _find(self.theirs, obj_id, kr_id)
        if mine is None or new is None:
            raise Unmergeable(_("{ref} was deleted on one side and changed on the other")
                              .format(ref=ref))
        if mine.dropped == new.dropped:
            return
        if both:
            self.conflict(Conflict(ref, FIELD, "dropped", okrdiff.jsonable(mine.dropped),
                                   okrdiff.jsonable(new.dropped)), obj_id, kr_id, "dropped")
            return
        here = self.path(obj_id, kr_id)
        self.edit.remove_key(here, "dropped")
        if new.dropped is not None:
            self.edit.set_mapping(here, "dropped", new.dropped.model_dump(exclude_unset=True),
                                  before=_later(type(new), "dropped"))

    def _records(self) -> None:
        """Theirs' new check-ins and change records, each in its place by date."""
        for objective in self.theirs.objectives:
            for kr in objective.key_results:
                was = _find(self.base, objective.id, kr.id)
                mine = _find(self.ours, objective.id, kr.id)
                if not isinstance(was, KeyResult) or not isinstance(mine, KeyResult):
                    continue
                ref = key_result_ref(objective_ref(self.theirs.owner, objective.id), kr.id)
                for name in ("checkins", "changes"):
                    new = _added(getattr(kr, name), getattr(was, name), getattr(mine, name))
                    if new:
                        self._insert(ref, objective.id, kr, mine, name, new)

    def _insert(self, ref: str, obj_id: str, kr: KeyResult, mine: KeyResult, name: str,
                new: list[Any]) -> None:
        ours_added = _added(getattr(mine, name), getattr(_find(self.base, obj_id, kr.id),
                                                         name))
        dates = [item.date for item in getattr(mine, name)]
        slots = self.slots.setdefault((obj_id, kr.id, name), list(range(len(dates))))
        for item in new:
            if name == "checkins":
                twin = next((c for c in ours_added if c.date == item.date), None)
                if twin is not None:
                    self._same_day(ref, obj_id, kr, mine, twin, item)
                    continue
            at = max((i + 1 for i, day in enumerate(dates) if day <= item.date), default=0)
            self.edit.insert(self.path(obj_id, kr.id), name, at,
                             item.model_dump(exclude_unset=True))
            dates.insert(at, item.date)
            slots.insert(at, None)

    def _same_day(self, ref: str, obj_id: str, kr: KeyResult, mine: KeyResult, ours_item: Any,
                  item: Any) -> None:
        """Two check-ins of one day, one from each side: which counts is the people's call."""
        slots = self.slots[(obj_id, kr.id, "checkins")]
        mine_at = mine.checkins.index(ours_item)

        def here() -> YPath:
            return (*self.path(obj_id, kr.id), "checkins", slots.index(mine_at))

        there = (*self.theirs_path(obj_id, kr.id), "checkins", kr.checkins.index(item))
        self.conflicts.append((Conflict(ref, SAME_DAY, "checkins", okrdiff.jsonable(ours_item),
                                        okrdiff.jsonable(item)), here, there))

    def _remove(self, obj_id: str, kr_id: str | None) -> None:
        here = self.path(obj_id, kr_id)
        self.edit.remove_item(here[:-1], here[-1])
        if kr_id is None:
            del self.order[obj_id]
        else:
            self.order[obj_id].remove(kr_id)

    def _append(self, obj_id: str, kr_id: str | None) -> None:
        new = _find(self.theirs, obj_id, kr_id)
        assert new is not None
        data = new.model_dump(exclude_unset=True)
        if isinstance(new, Objective):
            self.edit.append((), "objectives", data)
            self.order[obj_id] = [k.id for k in new.key_results]
        elif kr_id is not None:
            self.edit.append(self.path(obj_id), "key_results", data)
            self.order[obj_id].append(kr_id)

    # --- the conflicts, marked -------------------------------------------------------------

    def _marked(self, size: int) -> str:
        """Ours' lines and theirs' of each conflict between git's markers (ours' text with
        every clean change already in it)."""
        if not self.conflicts:
            return self.edit.text
        spans = []
        for _item, here, there in self.conflicts:
            start, end = self.edit.span(here())
            t_start, t_end = self.theirs_edit.span(there)
            spans.append((start, end, self.theirs_edit.text[t_start:t_end]))
        spans.sort()
        if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
            raise Unmergeable(_("two conflicts share a line"))
        text, nl = self.edit.text, self.newline
        for start, end, theirs in reversed(spans):
            theirs = theirs.replace("\r\n", "\n").replace("\n", nl)
            text = (text[:start] + "<" * size + " ours" + nl + text[start:end] + "=" * size
                    + nl + theirs + ">" * size + " theirs" + nl + text[end:])
        return text
