"""Rules about one file that a type cannot express: unique ids, fields that fit a key
result's kind, check-in values of the right kind, a team tree without loops."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from okrcli.diagnostics import Finding
from okrcli.model import Config, KeyResult, OkrFile


def _duplicates(items: Iterable[Any], ypath: tuple[Any, ...], what: str) -> list[Finding]:
    found, first = [], {}
    for index, item in enumerate(items):
        if item.id in first:
            found.append(Finding(
                "OKR012",
                f"duplicate {what} id {item.id!r} (first used by item {first[item.id] + 1}): "
                "ids must be unique",
                (*ypath, index, "id"),
            ))
        else:
            first[item.id] = index
    return found


def key_result(kr: KeyResult, ypath: tuple[Any, ...]) -> list[Finding]:
    found: list[Finding] = []

    def wrong(key: str, message: str) -> None:
        found.append(Finding("OKR013", message, (*ypath, key), at_key=True))

    if kr.kind == "metric":
        for key in ("start", "target"):
            if getattr(kr, key) is None:
                found.append(Finding(
                    "OKR013", f"a metric key result needs a number for {key!r}: add it "
                    "(or set kind: threshold / milestone)", ypath,
                ))
        if kr.start is not None and kr.target is not None and kr.start == kr.target:
            wrong("target", "start and target are equal: there is no way to make progress")
        for key in ("above", "below"):
            if getattr(kr, key) is not None:
                wrong(key, f"{key!r} belongs to a threshold key result: add kind: threshold")
    elif kr.kind == "threshold":
        if (kr.above is None) == (kr.below is None):
            found.append(Finding(
                "OKR013", "a threshold key result needs exactly one of 'above' or 'below'",
                ypath,
            ))
        for key in ("start", "target"):
            if getattr(kr, key) is not None:
                wrong(key, f"a threshold key result has no {key!r}: use above or below")
    else:
        for key in ("start", "target", "above", "below", "unit"):
            if getattr(kr, key) is not None:
                wrong(key, f"a milestone key result has no {key!r}: it is done or not")
    for index, checkin in enumerate(kr.checkins):
        is_bool = isinstance(checkin.value, bool)
        if kr.kind == "milestone" and not is_bool:
            found.append(Finding(
                "OKR108", "a milestone check-in value is true or false",
                (*ypath, "checkins", index, "value"),
            ))
        elif kr.kind != "milestone" and is_bool:
            found.append(Finding(
                "OKR108", f"a {kr.kind} check-in value is a number, not true/false",
                (*ypath, "checkins", index, "value"),
            ))
    return found


def okr_file(doc: OkrFile) -> list[Finding]:
    found = _duplicates(doc.objectives, ("objectives",), "objective")
    for oi, objective in enumerate(doc.objectives):
        path = ("objectives", oi, "key_results")
        found += _duplicates(objective.key_results, path, "key result")
        for ki, kr in enumerate(objective.key_results):
            found += key_result(kr, (*path, ki))
    return found


def config(cfg: Config) -> list[Finding]:
    found = _duplicates(cfg.cycles, ("cycles",), "cycle")
    # Teams and people share one namespace: an owner is either.
    names: dict[str, str] = {}
    for key, items in (("teams", cfg.teams), ("people", cfg.people)):
        for index, item in enumerate(items):
            if item.id in names:
                found.append(Finding(
                    "OKR012",
                    f"id {item.id!r} is already used by a {names[item.id]}: teams and people "
                    "share one set of ids",
                    (key, index, "id"),
                ))
            else:
                names[item.id] = "team" if key == "teams" else "person"
    teams = {t.id for t in cfg.teams}
    for index, team in enumerate(cfg.teams):
        if team.parent is not None and team.parent not in teams:
            found.append(Finding(
                "OKR110", f"parent {team.parent!r} is not a team: add it under teams",
                ("teams", index, "parent"),
            ))
    for index, person in enumerate(cfg.people):
        if person.team is not None and person.team not in teams:
            found.append(Finding(
                "OKR110", f"team {person.team!r} is not a team: add it under teams",
                ("people", index, "team"),
            ))
    found += _unknown_rules(cfg)
    parents = {t.id: t.parent for t in cfg.teams}
    for index, team in enumerate(cfg.teams):
        seen, current = {team.id}, team.parent
        while current in parents:
            if current == team.id:
                found.append(Finding(
                    "OKR112", f"team {team.id!r} is its own ancestor: break the parent loop",
                    ("teams", index, "parent"),
                ))
                break
            if current in seen:
                break
            seen.add(current)
            current = parents[current]
    return found


def _unknown_rules(cfg: Config) -> list[Finding]:
    from okrcli import checks  # the registry imports this module's rules; import late

    found = []
    lint = cfg.settings.lint
    for index, name in enumerate(lint.ignore):
        if checks.lookup(name) is None:
            found.append(Finding("OKR113", f"unknown rule {name!r}: okr check --list-rules "
                                 "lists them", ("settings", "lint", "ignore", index)))
    for name in lint.severity:
        if checks.lookup(name) is None:
            found.append(Finding("OKR113", f"unknown rule {name!r}: okr check --list-rules "
                                 "lists them", ("settings", "lint", "severity", name),
                                 at_key=True))
    return found
