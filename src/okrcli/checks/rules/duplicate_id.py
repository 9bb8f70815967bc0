"""Two items with one id in the same list.

Objective ids are unique in their file, key result ids in their objective, cycle ids
in okr.yaml, and teams and people share one set of ids.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高分销平台的市场知名度}
      - {id: reach, title: 让更多潜在客户认识我们}

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高分销平台的市场知名度}
      - {id: awareness, title: 让更多潜在客户认识我们}
             ^ OKR012
"""

from collections.abc import Iterable, Iterator
from typing import Any

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding, YPath
from okrcli.i18n import N_, _
from okrcli.model import Config, OkrFile

RULE = Rule("OKR012", "duplicate-id", ERROR, FILE, __doc__ or "")

# One whole sentence for each list (translated when the finding is made).
_DUPLICATE = {
    "objective": N_("duplicate objective id {id} (first used by item {first}): ids must be "
                    "unique"),
    "key result": N_("duplicate key result id {id} (first used by item {first}): ids must be "
                     "unique"),
    "cycle": N_("duplicate cycle id {id} (first used by item {first}): ids must be unique"),
}
_SHARED = {
    "team": N_("id {id} is already used by a team: teams and people share one set of ids"),
    "person": N_("id {id} is already used by a person: teams and people share one set of "
                 "ids"),
}


def _duplicates(items: Iterable[Any], ypath: YPath, what: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            yield RULE.at(_(_DUPLICATE[what]).format(id=repr(item.id), first=first[item.id] + 1),
                          (*ypath, index, "id"))
        else:
            first[item.id] = index


def check_file(doc: OkrFile) -> Iterator[Finding]:
    yield from _duplicates(doc.objectives, ("objectives",), "objective")
    for oi, objective in enumerate(doc.objectives):
        yield from _duplicates(objective.key_results, ("objectives", oi, "key_results"),
                               "key result")


def check_config(cfg: Config) -> Iterator[Finding]:
    yield from _duplicates(cfg.cycles, ("cycles",), "cycle")
    # Teams and people share one namespace: an owner is either.
    names: dict[str, str] = {}
    owners: tuple[tuple[str, list[Any]], ...] = (("teams", cfg.teams), ("people", cfg.people))
    for key, items in owners:
        for index, item in enumerate(items):
            if item.id in names:
                yield RULE.at(_(_SHARED[names[item.id]]).format(id=repr(item.id)),
                              (key, index, "id"))
            else:
                names[item.id] = "team" if key == "teams" else "person"
