"""A team's parent or a person's team names no team.

The alignment skeleton in okr.yaml must hold together.

PASS:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
      - {id: marketing, parent: company}
    people:
      - {id: li.na, team: marketing}

FAIL:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
      - {id: marketing, parent: company}
    people:
      - {id: li.na, team: marketting}
                          ^ OKR110
"""

from collections.abc import Iterator

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding
from okrcli.i18n import _
from okrcli.model import Config

RULE = Rule("OKR110", "unknown-team", ERROR, FILE, __doc__ or "")


def check_config(cfg: Config) -> Iterator[Finding]:
    teams = {t.id for t in cfg.teams}
    for index, team in enumerate(cfg.teams):
        if team.parent is not None and team.parent not in teams:
            yield RULE.at(_("parent {parent} is not a team: add it under teams").format(
                parent=repr(team.parent)), ("teams", index, "parent"))
    for index, person in enumerate(cfg.people):
        if person.team is not None and person.team not in teams:
            yield RULE.at(_("team {team} is not a team: add it under teams").format(
                team=repr(person.team)), ("people", index, "team"))
