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
from okrcli.i18n import _, ngettext

RULE = Rule("OKR105", "alignment-loop", ERROR, WORKSPACE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def loops(parents: dict[str, str | None]) -> list[list[str]]:
    """Every loop of the alignment graph (each objective has at most one parent), each
    once, starting at its member that comes first in ``parents``: one pass over all the
    objectives, whatever the length of the chains."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    found: list[list[str]] = []
    for start in parents:
        path: list[str] = []
        at: dict[str, int] = {}
        current: str | None = start
        while current is not None and current in parents and current not in state:
            state[current] = 1
            at[current] = len(path)
            path.append(current)
            current = parents[current]
        if current is not None and state.get(current) == 1:  # closed on this very path
            found.append(path[at[current]:])
        for member in path:
            state[member] = 2
    return found


def check(ctx: Context) -> Found:
    where = ctx.homes()
    for cycle in dict.fromkeys(c for c, _ref in where):
        for loop in loops(ctx.parents(cycle)):
            first = min(loop)
            turn = loop.index(first)
            loop = loop[turn:] + loop[:turn]
            shown = [*loop, loop[0]] if len(loop) <= 8 else [
                *loop[:4], ngettext("... ({n} objective in all)", "... ({n} objectives in all)",
                                    len(loop)).format(n=len(loop)), *loop[-3:], loop[0]]
            # At most nine names: every member carries the message, so it stays short.
            # TRANSLATORS: {loop} is "sales/growth -> marketing/awareness -> sales/growth".
            message = _("alignment loop: {loop}: one of them must align upwards "
                        "instead").format(loop=" -> ".join(shown))
            for member in loop:
                if (cycle, member) in where:
                    handle, oi = where[(cycle, member)]
                    yield handle, RULE.at(message, ("objectives", oi, "aligns_to"))
