"""The owner is no team or person.

Every OKR file belongs to a team or a person listed in okr.yaml.

PASS:
    owner: marketing      # teams: [{id: marketing}]

FAIL:
    owner: marketting
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR101", "unknown-owner", ERROR, __doc__)
