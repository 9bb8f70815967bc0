"""The cycle is not defined in okr.yaml.

Every OKR file names a cycle listed under `cycles:` in okr.yaml.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives: []

FAIL:
    owner: marketing
    cycle: 2026Q4
           ^ OKR102
    objectives: []
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR102", "unknown-cycle", ERROR, WORKSPACE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        if ctx.cycle(doc.cycle) is None:
            known = ", ".join(c.id for c in ctx.config.cycles)
            message = (_("cycle {cycle} is not in okr.yaml (known: {known})") if known
                       else _("cycle {cycle} is not in okr.yaml (known: none)"))
            yield handle, RULE.at(message.format(cycle=repr(doc.cycle), known=known),
                                  ("cycle",))
