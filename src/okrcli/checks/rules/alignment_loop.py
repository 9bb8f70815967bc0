"""Objectives that align to each other in a loop.

Alignment flows upwards; a loop has no top and no roll-up. Every member of the loop
is reported.

PASS:
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群, aligns_to: company/customers}

FAIL:
    # file: okrs/marketing.yaml
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高市场知名度, aligns_to: sales/growth}
                                                          ^ OKR105
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群, aligns_to: marketing/awareness}
                                                             ^ OKR105
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.refs import objective_ref, parent_objective

RULE = Rule("OKR105", "alignment-loop", ERROR, WORKSPACE, __doc__ or "")


def check(ctx: Context) -> Found:
    where: dict[tuple[str, str], tuple[object, int]] = {}
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            where.setdefault((doc.cycle, objective_ref(doc.owner, objective.id)), (handle, oi))
    reported: set[tuple[str, str]] = set()
    for cycle, ref in where:
        objectives = ctx.objectives(cycle)
        seen: list[str] = []
        current: str | None = ref
        while current is not None and current not in seen:
            seen.append(current)
            found = objectives.get(current)
            target = found.aligns_to if found is not None else None
            current = parent_objective(target) if target else None
        if current != ref or (cycle, min(seen)) in reported:
            continue
        reported.add((cycle, min(seen)))
        message = ("alignment loop: " + " -> ".join([*seen, seen[0]])
                   + ": one of them must align upwards instead")
        for member in seen:
            handle, oi = where[(cycle, member)]
            yield handle, RULE.at(message, ("objectives", oi, "aligns_to"))
