"""okr's own objects pickled for its caches (``readcache.py``, ``parts.py``): cheaply, the
same bytes for the same value, and loaded back only as the classes a cache holds.

A Pydantic model pickles through its Python ``__getstate__`` (a dict of four, the set of
the fields given), about as costly as reading the file was. Here a model is its class,
its ``__dict__`` and the sorted names of its fields given, rebuilt by ``restore`` (what
the model's own ``__setstate__`` does): a quarter less to write and to read, and
deterministic (no set whose order follows the string hashes of the process), so that
equal values pickle to equal bytes (``parts.py`` compares sketches by their bytes). A rule
is its code. Nothing is loaded before the entry's MAC is checked (the callers' promise);
then ``Loader`` looks up only the models, ``restore``, findings, key results' states (and
``restore_state``: an ended cycle's sketch, a lean file), dates, sets and the rule lookup.
"""

from __future__ import annotations

import copyreg
import datetime as dt
import io
import pickle
from itertools import repeat
from typing import Any

from pydantic import BaseModel

from okrcli import checks, model, slim
from okrcli.diagnostics import Finding, Rule
from okrcli.scoring import KRState, Seen, Status

_MODELS = {name: getattr(model, name) for name in dir(model)
           if isinstance(getattr(model, name), type)
           and issubclass(getattr(model, name), model.Strict)}
_ALLOWED = {("okrcli.checks", "rule"), ("okrcli.pickling", "restore"),
            ("okrcli.pickling", "restore_state"),
            ("okrcli.diagnostics", "Finding"), ("okrcli.scoring", "KRState"),
            ("okrcli.scoring", "Status"), ("okrcli.scoring", "Seen"),
            ("okrcli.slim", "LeanKeyResult"),
            ("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set")}
_set = object.__setattr__


def restore(obj: Any, state: Any) -> None:
    """A model's state set back, as ``BaseModel.__setstate__`` sets it."""
    values, given = state
    if type(values) is not dict or not (given is None or type(given) is tuple):
        raise pickle.UnpicklingError("no model of ours")
    slim.filled(obj, values)
    _set(obj, "__pydantic_fields_set__", slim.fields_given(given) if given is not None
         else slim.every_field(type(obj)) if values.keys() == slim.fields_of(type(obj))
         else slim.fields_given(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)


_GIVEN: dict[frozenset[str], tuple[str, ...]] = {}


def _model(obj: Any) -> Any:
    values, given = obj.__dict__, obj.__pydantic_fields_set__
    if len(given) == len(values):  # every field given (its own fields: extra is forbidden)
        names = None
    else:  # the names sorted, once per set of names (and pickled once per entry)
        names = _GIVEN.get(frozenset(given))
        if names is None:
            names = _GIVEN[frozenset(given)] = tuple(sorted(given))
    return (copyreg.__newobj__, (type(obj),),  # type: ignore[attr-defined]
            (values, names), None, None, restore)


_DATES: dict[dt.date, dt.date] = {}


def _one_date(value: Any) -> Any:
    """One date object for each date of the key results' states (pickle writes an
    object it met before as a reference to it): a lean file's 32 states' dates, mostly
    its cycle's few, made once each when loaded. Not done for models' dates (a reading's
    hundreds of check-ins): looking for them would cost a reading's dump a third more."""
    return _DATES.setdefault(value, value) if type(value) is dt.date else value


_SLOTS = KRState.__slots__


def restore_state(obj: Any, values: Any) -> None:
    """A key result's state set back (``_state``): its slots in their order, without the
    ``fields()`` call per state of the dataclass's own ``__setstate__`` (a third of what
    loading a lean file cost)."""
    if type(obj) is not KRState or type(values) is not tuple or len(values) != len(_SLOTS):
        raise pickle.UnpicklingError("no state of ours")
    slim.each(map(_set, repeat(obj, len(_SLOTS)), _SLOTS, values))


def _state(obj: KRState) -> Any:
    return (copyreg.__newobj__, (KRState,),  # type: ignore[attr-defined]
            tuple(_one_date(getattr(obj, name)) for name in _SLOTS), None, None,
            restore_state)


def _rule(obj: Rule) -> Any:
    return checks.rule, (obj.code,)  # findings are compared to their rule by identity


# A model with private attributes (Config's lookups) pickles its own way.
_TABLE: dict[type, Any] = {cls: _model for cls in (*_MODELS.values(), slim.LeanKeyResult)
                           if not cls.__private_attributes__
                           and cls.__getstate__ is BaseModel.__getstate__}
_TABLE[Rule] = _rule
_TABLE[KRState] = _state
_TABLE[Seen] = lambda seen: (Seen, (_one_date(seen.date), seen.value, seen.confidence,
                                    seen.note))  # the review's check-ins: their dates once
# An enum by its value, as every Python pickles it (3.11.2's own way is a getattr call,
# which Loader refuses).
_TABLE[Status] = lambda status: (Status, (status.value,))


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _TABLE
    pickler.dump(value)
    return buffer.getvalue()


class Loader(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module == "okrcli.model" and name in _MODELS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is no part of okr's cache")


def loads(payload: bytes) -> Any:
    """What ``dumps`` wrote (any other class is an ``UnpicklingError``)."""
    return Loader(io.BytesIO(payload)).load()


def own(finding: Any) -> bool:
    """A finding of one of okr's rules (the very object), with fields of their types."""
    return (type(finding) is Finding and isinstance(finding.rule, Rule)
            and checks.BY_CODE.get(finding.rule.code) is finding.rule
            and type(finding.message) is str and type(finding.ypath) is tuple
            and type(finding.at_key) is bool
            and (finding.pos is None or type(finding.pos) is tuple)
            and (finding.subject is None or type(finding.subject) is tuple))
