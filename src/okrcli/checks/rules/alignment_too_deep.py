"""An alignment chain longer than okr follows.

Objectives align upwards to the company through the teams: a company of thousands
needs five or six levels (company, division, department, team, person). A chain
longer than 20 objectives is a mistake, or an attempt to make every roll-up slow;
the objective at level 21 (the top one is level 1) is reported. Align it to an objective higher up.

PASS:
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群, aligns_to: company/customers}
      - {id: east, title: 华东区域做深做透, aligns_to: sales/growth}

FAIL:
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: o1, title: 第1层, aligns_to: company/customers}
      - {id: o2, title: 第2层, aligns_to: sales/o1}
      - {id: o3, title: 第3层, aligns_to: sales/o2}
      - {id: o4, title: 第4层, aligns_to: sales/o3}
      - {id: o5, title: 第5层, aligns_to: sales/o4}
      - {id: o6, title: 第6层, aligns_to: sales/o5}
      - {id: o7, title: 第7层, aligns_to: sales/o6}
      - {id: o8, title: 第8层, aligns_to: sales/o7}
      - {id: o9, title: 第9层, aligns_to: sales/o8}
      - {id: o10, title: 第10层, aligns_to: sales/o9}
      - {id: o11, title: 第11层, aligns_to: sales/o10}
      - {id: o12, title: 第12层, aligns_to: sales/o11}
      - {id: o13, title: 第13层, aligns_to: sales/o12}
      - {id: o14, title: 第14层, aligns_to: sales/o13}
      - {id: o15, title: 第15层, aligns_to: sales/o14}
      - {id: o16, title: 第16层, aligns_to: sales/o15}
      - {id: o17, title: 第17层, aligns_to: sales/o16}
      - {id: o18, title: 第18层, aligns_to: sales/o17}
      - {id: o19, title: 第19层, aligns_to: sales/o18}
      - {id: o20, title: 第20层, aligns_to: sales/o19}
                                            ^ OKR115
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR115", "alignment-too-deep", ERROR, WORKSPACE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"
MAX_DEPTH = 20  # objectives in one chain, the top one included


def depths(parents: dict[str, str | None]) -> dict[str, int]:
    """Each objective's level in its chain (1 at the top), without recursion: a chain of
    any length costs one pass. The members of a loop (alignment-loop) count as 0."""
    depth: dict[str, int] = {}
    for ref in parents:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = ref
        while current is not None and current not in depth and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parents.get(current)
        if current is not None and current in on_path:  # a loop: cut it here
            for member in path:
                depth[member] = 0
            continue
        level = depth[current] if current is not None else 0
        for member in reversed(path):
            level += 1
            depth[member] = level
    return depth


def check(ctx: Context) -> Found:
    where = ctx.homes()
    for cycle in sorted({c for c, _ref in where}):
        parents = {ref: (None if parent == ref else parent)
                   for ref, parent in ctx.parents(cycle).items()}
        for ref, level in depths(parents).items():
            if level == MAX_DEPTH + 1 and (cycle, ref) in where:
                handle, oi = where[(cycle, ref)]
                yield handle, RULE.at(
                    _("{ref} is at level {level} of its alignment chain; at most {most} "
                      "levels: align it to an objective higher up").format(
                        ref=ref, level=level, most=MAX_DEPTH),
                    ("objectives", oi, "aligns_to"))
