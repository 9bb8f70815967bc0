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
from okrcli.model import Config, OkrFile

RULE = Rule("OKR012", "duplicate-id", ERROR, FILE, __doc__ or "")


def _duplicates(items: Iterable[Any], ypath: YPath, what: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            yield RULE.at(f"duplicate {what} id {item.id!r} (first used by item "
                          f"{first[item.id] + 1}): ids must be unique", (*ypath, index, "id"))
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
                yield RULE.at(f"id {item.id!r} is already used by a {names[item.id]}: teams "
                              "and people share one set of ids", (key, index, "id"))
            else:
                names[item.id] = "team" if key == "teams" else "person"
