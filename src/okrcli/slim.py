"""Models held by the thousand, in less memory: copies of an OKR file without what a
command never reads (its key results' check-ins; for ``okr check``'s sketches their
changes too), sharing what repeats.

A 10,000-file workspace read whole is 1.6 GB of models, nine tenths of it check-ins: the
cross-file rules (``sketch.py``) and the reading commands that show only states
(``status``, ``tree``, ``grade`` of everyone: ``Session.lean``) keep these copies
instead. A copy is what ``model_copy(update=)`` gives, field for field and with the same
fields given, built without Pydantic's copying: every copy's empty lists are one list,
the sets of fields given one set for each set of names (``fields_given``), and the words
many key results repeat (kind, unit, owner) one string each. Pure: no files, no rules.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any

from okrcli.model import Checkin, KeyResult, OkrFile
from okrcli.scoring import KRState, Seen

_SHARED: dict[frozenset[str], set[str]] = {}
_NONE: list[Any] = []  # the check-ins (and changes) of every copy: never changed
_set = object.__setattr__
_UNSHARED: set[type] = set()  # model classes whose instances no longer share keys (filled)
_SHARES = sys.implementation.name == "cpython"  # elsewhere no dict says its size


class LeanKeyResult(KeyResult):
    """A key result as a lean copy holds it (``without``): its fields, in a class that
    pydantic-core never validates, so that its instances go on sharing their keys
    (``filled``) in a process that validated files (a cold read's). Equal to a
    ``KeyResult`` of the same values, either way round (Python asks the subclass first)."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, KeyResult):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = KeyResult.__hash__


def fields_given(names: Iterable[str]) -> set[str]:
    """The set of the fields given of a model of ours, one object for each set of names:
    our models are frozen, and Pydantic copies a model's set before it adds to it
    (``model_copy``), so the thousands of models of a workspace share a few sets (a set
    of 16 names is 472 bytes, a fifth of a key result held in memory)."""
    key = frozenset(names)
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = set(key)
    return found


def shared(doc: OkrFile) -> None:
    """A copy (``without``) loaded from its bytes sharing again what ``without`` shares
    (pickle makes each file's empty lists and words its own); its sets of fields given
    are shared as loaded (``pickling.restore``)."""
    for objective in doc.objectives:
        for kr in objective.key_results:
            values = kr.__dict__  # a frozen model's values, put back equal
            if not values["checkins"]:
                values["checkins"] = _NONE
            if not values["changes"]:
                values["changes"] = _NONE
            for name, word in _words(kr).items():
                values[name] = word  # one by one: an update() would unshare its keys


def without(doc: OkrFile, fields: tuple[str, ...] = ("checkins",)) -> OkrFile:
    """``doc`` with ``fields`` of each key result (``checkins``, ``changes``) empty."""
    empty = dict.fromkeys(fields, _NONE)
    return _copied(doc, objectives=[_copied(o, key_results=[
        _copied(kr, _same(kr), into=LeanKeyResult, **empty) for kr in o.key_results])
        for o in doc.objectives])


def _same(kr: Any) -> dict[str, Any]:
    """A key result's values that many repeat, one object each: its words (``_words``),
    an empty list of changes."""
    out: dict[str, Any] = _words(kr)
    if not kr.__dict__["changes"]:
        out["changes"] = _NONE
    return out


def _words(kr: Any) -> dict[str, str]:
    """A key result's words that many repeat (its kind, unit and owner), one string each
    (a string read from YAML is its own object at every place it occurs)."""
    return {name: sys.intern(value) for name in ("kind", "unit", "owner")
            if type(value := kr.__dict__[name]) is str}


def filled(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """A new model's ``__dict__``, ``values`` in it: on CPython, where its class's
    instances still share their keys (a key-sharing dict), a dict of that kind (a key
    result's 16 fields in about 200 bytes against 464 for a dict of its own: a fifth of a
    lean workspace loaded from the cache); else ``values`` itself. pydantic-core's
    validation ends that sharing for a class after a few dozen models: a process that
    validated files keeps dicts of their own. The first such dict of a class is set name
    by name (only a model's own fields: a name from a cache entry is never an attribute of
    the class); the others are copies of it (a copy of a key-sharing dict shares its keys)
    with ``values`` put in: a third of the time."""
    cls = type(obj)
    proto = _PROTO.get(cls)
    if proto is not None:
        own = proto.copy()
        own.update(values)
        if len(own) == len(values) == len(proto):  # the same names: each value replaced
            _set(obj, "__dict__", own)
            return own
    elif _SHARES and cls not in _UNSHARED and values.keys() == fields_of(cls):
        each(map(_set, repeat(obj, len(values)), values.keys(), values.values()))
        own = obj.__dict__
        if sys.getsizeof(own) <= sys.getsizeof(values):
            if sys.getsizeof(own.copy()) <= sys.getsizeof(own):  # a copy shares them too
                _PROTO[cls] = own  # (CPython 3.11); where not, each is set name by name
            return own
        _UNSHARED.add(cls)  # for good: CPython never shares a class's keys again
    _set(obj, "__dict__", values)
    return values


_PROTO: dict[type, dict[str, Any]] = {}  # each class's first key-sharing dict (filled)
# runs an iterator to its end, keeping nothing: a loop in C (``filled``, ``restore_state``)
each: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend
_FIELDS: dict[type, Any] = {}


def fields_of(cls: type) -> Any:
    """The names of ``cls``'s fields (``model_fields.keys()``, asked of the class once)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = cls.model_fields.keys()  # type: ignore[attr-defined]
    return found


def every_field(cls: type) -> set[str]:
    """``fields_given`` of all of ``cls``'s fields (once per class)."""
    found = _EVERY.get(cls)
    if found is None:
        found = _EVERY[cls] = fields_given(fields_of(cls))
    return found


_EVERY: dict[type, set[str]] = {}


def _copied(model: Any, same: dict[str, Any] | None = None, /, *, into: type | None = None,
            **update: Any) -> Any:
    """``model.model_copy(update=update)`` of a model of ours (no private attributes, no
    extra fields); ``same``: values equal to the model's own, in their place; ``into``: a
    subclass with the same fields to make it of."""
    copy: Any = object.__new__(into or type(model))
    values = dict(model.__dict__)
    values.update(same or (), **update)
    filled(copy, values)
    _set(copy, "__pydantic_fields_set__",
         fields_given(model.__pydantic_fields_set__ | update.keys()))
    _set(copy, "__pydantic_extra__", None)
    _set(copy, "__pydantic_private__", None)
    return copy


def bare(state: KRState, checkins: tuple[Checkin | Seen, ...] = ()) -> KRState:
    """A key result's state without its check-ins (but ``checkins``):
    ``dataclasses.replace(state, checkins=checkins)`` without its cost (which was a third
    of what an ended cycle added to a check)."""
    bare = object.__new__(KRState)
    for name in _STATE:
        _set(bare, name, getattr(state, name))
    _set(bare, "checkins", checkins)
    return bare


_STATE = tuple(name for name in KRState.__slots__ if name != "checkins")
