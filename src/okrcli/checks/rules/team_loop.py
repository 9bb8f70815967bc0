"""Teams whose parents form a loop.

The team tree has one root (the company); a loop has none.

PASS:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
      - {id: sales, parent: company}

FAIL:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
      - {id: sales, parent: sales}
                            ^ OKR112
"""

from collections.abc import Iterator

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding
from okrcli.i18n import _
from okrcli.model import Config

RULE = Rule("OKR112", "team-loop", ERROR, FILE, __doc__ or "")


def check_config(cfg: Config) -> Iterator[Finding]:
    parents = {t.id: t.parent for t in cfg.teams}
    for index, team in enumerate(cfg.teams):
        seen, current = {team.id}, team.parent
        while current in parents:
            if current == team.id:
                yield RULE.at(_("team {team} is its own ancestor: break the parent "
                                "loop").format(team=repr(team.id)), ("teams", index, "parent"))
                break
            if current in seen:
                break
            seen.add(current)
            current = parents[current]
