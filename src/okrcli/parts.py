"""The cache of each file's own part of a check (``sketch.Part``): its placed diagnostics
and its sketch, in ``<cache folder>/file/``, one entry per (reading key, context).

The context is what a part depends on besides the file's bytes, name, okr's code and the
language (all in the reading's key, ``readcache.key``): okr.yaml's bytes, the day and the
options of the check. Same promises as ``readcache.py``: an entry is believed only with
its HMAC made with the user's secret, nothing is unpickled before, then only the model
classes, dates and sets; and it must have exactly the shape ``put`` writes. A
diagnostic is stored as its fields, the sketch as its model (``model_copy``, without
the lists no cross-file rule reads), its unread facts and a broken file's cuts and maps.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import pickle
from pathlib import Path
from typing import Any

from okrcli import cache, model, private, readcache
from okrcli.diagnostics import Diagnostic, Severity
from okrcli.sketch import Part, Sketch

FORMAT = "okr-part-1"
FOLDER = "file"
MAX_ENTRY = 16 * 1024 * 1024
_ALLOWED = {("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set")}
_MODELS = {name for name in dir(model) if isinstance(getattr(model, name), type)
           and issubclass(getattr(model, name), model.Strict)}
_SEVERITIES = {s.value: s for s in Severity}


def key(reading_key: str, context: Any) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([FORMAT, reading_key, context], default=str).encode())
    return digest.hexdigest()


class _Loader(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module == "okrcli.model" and name in _MODELS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is no part of a check")


def _fields(d: Diagnostic) -> tuple[Any, ...]:
    return (d.path, d.line, d.col, d.code, d.message, d.severity.value, d.name)


def _diagnostic(item: Any) -> Diagnostic | None:
    if not (type(item) is tuple and len(item) == 7 and item[5] in _SEVERITIES
            and all(type(v) is t for v, t in zip(item, (str, int, int, str, str, str, str),
                                                  strict=True))):
        return None
    return Diagnostic(*item[:5], _SEVERITIES[item[5]], item[6])


def put(place: tuple[Path, bytes], entry_key: str, part: Part) -> None:
    folder, secret = place
    s = part.sketch
    body = (tuple(map(_fields, part.own)), tuple(map(_fields, part.owner)),
            (s.model, s.unread, s.cuts, None if s.maps is None else dict(s.maps)))
    buffer = io.BytesIO()
    try:
        pickle.Pickler(buffer, protocol=5).dump((FORMAT, entry_key, body))
    except (pickle.PicklingError, TypeError, ValueError, RecursionError):
        return
    with contextlib.suppress(OSError):
        private.replace(folder / entry_key, cache.sealed(secret, buffer.getvalue()))


def get(place: tuple[Path, bytes], entry_key: str, path: Path) -> Part | None:
    folder, secret = place
    try:
        sealed = private.read_private(folder / entry_key, MAX_ENTRY, private=False)
    except OSError:
        return None
    payload = None if sealed is None else cache.opened(secret, sealed)
    if payload is None:
        return None
    try:
        data = _Loader(io.BytesIO(payload)).load()
        found = _part(data, entry_key, path)
    except Exception:  # any failure to load what we wrote is a miss, never an error
        return None
    if found is not None:
        readcache.used(folder / entry_key)
    return found


def _part(data: Any, entry_key: str, path: Path) -> Part | None:
    if not (type(data) is tuple and len(data) == 3 and data[0] == FORMAT
            and data[1] == entry_key and type(data[2]) is tuple and len(data[2]) == 3):
        return None
    own_items, owner_items, shape = data[2]
    if not (type(own_items) is tuple and type(owner_items) is tuple
            and type(shape) is tuple and len(shape) == 4):
        return None
    own = [_diagnostic(i) for i in own_items]
    owner = [_diagnostic(i) for i in owner_items]
    if None in own or None in owner:
        return None
    doc, unread, cuts, maps = shape
    if not ((doc is None or type(doc) is model.OkrFile) and type(cuts) is tuple
            and (maps is None or type(maps) is dict)):
        return None
    if unread is not None and not (type(unread) is tuple and len(unread) == 3
                                   and type(unread[2]) is frozenset):
        return None
    return Part(tuple(own), tuple(owner),  # type: ignore[arg-type]
                Sketch(path, doc, unread, cuts, maps))
