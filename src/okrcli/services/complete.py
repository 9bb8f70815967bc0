"""What shell completion offers: owners from okr.yaml and refs from the OKR files of one
cycle, each with a description (a name, a title). Read cheaply: okr.yaml, the index (the
top lines of every file), and only the files of the owners the typed prefix can name.
Callers (``cli/complete.py``) turn any error into no completion at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from okrcli.model import OkrFile, Person, Team
from okrcli.pipeline import Valid
from okrcli.services.common import Session, pick_cycle

# Above this many owners to read, a ref without its "/" yet completes to "OWNER/" only:
# one file per owner is read once the owner is typed.
MOST_FILES = 40

Candidate = tuple[str, str]  # (value, description)


def owners(s: Session, prefix: str, *, teams: bool = True, people: bool = True
           ) -> list[Candidate]:
    """Team and/or person ids that start with ``prefix``, with their names."""
    config = s.config
    items: list[Team | Person] = [*(config.teams if teams else ()),
                                  *(config.people if people else ())]
    return [(item.id, item.name or "") for item in items if item.id.startswith(prefix)]


def refs(s: Session, prefix: str, cycle_id: str | None, today: dt.date, *,
         objectives: bool, key_results: bool, live: bool = False) -> list[Candidate]:
    """OWNER/OBJ and/or OWNER/OBJ/KR refs of the cycle (default: the current one) that start
    with ``prefix``, with their titles; of an owner with two files, the first file's, as
    every command reads. ``live``: no dropped key result."""
    config = s.config
    cycle = pick_cycle(config, cycle_id, today).id
    owner, slash, _ = prefix.partition("/")
    first: dict[str, Path] = {}
    for entry in s.index():
        if entry.cycle == cycle and entry.owner is not None and (
                entry.owner == owner if slash else entry.owner.startswith(owner)):
            first.setdefault(entry.owner, entry.path)
    if not slash and len(first) > MOST_FILES:
        names = dict(owners(s, ""))
        return [(f"{o}/", names.get(o, "")) for o in sorted(first)]
    found: list[Candidate] = []
    for path in first.values():
        reading = s.reading(path)
        if isinstance(reading, Valid) and isinstance(reading.model, OkrFile):
            found += [c for c in _refs(reading.model, objectives, key_results, live)
                      if c[0].startswith(prefix)]
    return found


def _refs(doc: OkrFile, objectives: bool, key_results: bool, live: bool
          ) -> Iterator[Candidate]:
    for objective in doc.objectives:
        ref = f"{doc.owner}/{objective.id}"
        if objectives:
            yield ref, objective.title
        if key_results:
            for kr in objective.key_results:
                if not (live and kr.dropped is not None):
                    yield f"{ref}/{kr.id}", kr.title
