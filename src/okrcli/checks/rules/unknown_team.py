"""A team's parent or a person's team names no team.

The alignment skeleton in okr.yaml must hold together.

PASS:
      - {id: li.na, team: marketing}

FAIL:
      - {id: li.na, team: marketting}
"""

from okrcli.checks.base import ERROR, Rule

# Found by structure.py.
RULE = Rule("OKR110", "unknown-team", ERROR, __doc__)
