"""Rules across files: owners, cycles, alignment, duplicate files, check-in dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from okrcli.diagnostics import Finding
from okrcli.model import Config, OkrFile


def _resolves(target: str, objectives: dict[str, Any], cycle: str) -> str | None:
    """Why ``target`` names nothing, or None when it names an objective or key result."""
    parts = target.split("/")
    if len(parts) not in (2, 3) or not all(parts):
        return f"aligns_to {target!r} is not OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR"
    objective = objectives.get("/".join(parts[:2]))
    if objective is None:
        return f"aligns_to {target!r} names no objective in cycle {cycle}"
    if len(parts) == 3 and not any(kr.id == parts[2] for kr in objective.key_results):
        return f"aligns_to {target!r}: objective {'/'.join(parts[:2])} has no key result " \
               f"{parts[2]!r}"
    return None


def check(
    config: Config, files: Sequence[tuple[Any, OkrFile]], today: dt.date, grace_days: int
) -> Iterator[tuple[Any, Finding]]:
    """Findings for each (handle, file): the handle is given back with each finding."""
    cycles = {c.id: c for c in config.cycles}
    by_cycle: dict[str, dict[str, Any]] = {}
    owners_seen: dict[tuple[str, str], Any] = {}
    for handle, doc in files:
        key = (doc.owner, doc.cycle)
        if key in owners_seen:
            yield handle, Finding(
                "OKR104",
                f"a second file for owner {doc.owner!r} in cycle {doc.cycle!r} (the first is "
                f"{owners_seen[key]}): merge them",
                ("owner",),
            )
        else:
            owners_seen[key] = getattr(handle, "label", handle)
            for objective in doc.objectives:
                by_cycle.setdefault(doc.cycle, {})[f"{doc.owner}/{objective.id}"] = objective

    for handle, doc in files:
        if not config.is_owner(doc.owner):
            yield handle, Finding(
                "OKR101", f"owner {doc.owner!r} is no team or person in okr.yaml: add it "
                "(okr team add / okr person add) or fix the id", ("owner",),
            )
        cycle = cycles.get(doc.cycle)
        if cycle is None:
            known = ", ".join(cycles) or "none"
            yield handle, Finding(
                "OKR102", f"cycle {doc.cycle!r} is not in okr.yaml (known: {known})",
                ("cycle",),
            )
        ancestors = set(config.ancestors(doc.owner)) | {doc.owner}
        objectives = by_cycle.get(doc.cycle, {})
        for oi, objective in enumerate(doc.objectives):
            base = ("objectives", oi)
            target = objective.aligns_to
            if target:
                problem = _resolves(target, objectives, doc.cycle)
                if problem:
                    yield handle, Finding("OKR103", problem, (*base, "aligns_to"))
                elif target.split("/")[0] not in ancestors:
                    yield handle, Finding(
                        "OKR109",
                        f"aligns_to {target!r} points sideways: {target.split('/')[0]!r} is "
                        f"not {doc.owner!r} or one of its teams",
                        (*base, "aligns_to"),
                    )
            for ki, kr in enumerate(objective.key_results):
                kr_path = (*base, "key_results", ki)
                if kr.owner is not None and not config.is_owner(kr.owner):
                    yield handle, Finding(
                        "OKR111", f"owner {kr.owner!r} is no person or team in okr.yaml",
                        (*kr_path, "owner"),
                    )
                if cycle is None:
                    continue
                last = cycle.end + dt.timedelta(days=grace_days)
                for ci, checkin in enumerate(kr.checkins):
                    where = (*kr_path, "checkins", ci, "date")
                    if checkin.date > today:
                        yield handle, Finding(
                            "OKR107",
                            f"check-in dated {checkin.date} is in the future (today is "
                            f"{today})",
                            where,
                        )
                    elif checkin.date < cycle.start or checkin.date > last:
                        yield handle, Finding(
                            "OKR106",
                            f"check-in dated {checkin.date} is outside cycle {cycle.id} "
                            f"({cycle.start} to {cycle.end}, plus {grace_days} days' grace)",
                            where,
                        )

    yield from _loops(files, by_cycle)


def _loops(
    files: Sequence[tuple[Any, OkrFile]], by_cycle: dict[str, dict[str, Any]]
) -> Iterator[tuple[Any, Finding]]:
    where: dict[tuple[str, str], tuple[Any, int]] = {}
    for handle, doc in files:
        for oi, objective in enumerate(doc.objectives):
            where.setdefault((doc.cycle, f"{doc.owner}/{objective.id}"), (handle, oi))
    reported: set[tuple[str, str]] = set()
    for (cycle, ref), (_handle, _oi) in where.items():
        seen: list[str] = []
        current: str | None = ref
        while current is not None and current not in seen:
            seen.append(current)
            objective = by_cycle.get(cycle, {}).get(current)
            target = objective.aligns_to if objective is not None else None
            current = "/".join(target.split("/")[:2]) if target else None
        if current is not None and current == ref:
            loop = seen
            key = (cycle, min(loop))
            if key in reported:
                continue
            reported.add(key)
            for member in loop:
                handle, oi = where[(cycle, member)]
                yield handle, Finding(
                    "OKR105",
                    "alignment loop: " + " -> ".join([*loop, loop[0]])
                    + ": one of them must align upwards instead",
                    ("objectives", oi, "aligns_to"),
                )
