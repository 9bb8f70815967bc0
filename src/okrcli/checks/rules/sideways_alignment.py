"""aligns_to points sideways.

An objective normally aligns to its own owner's or to an ancestor's (a person's team
and that team's parents). Sideways alignment happens, but is rare: check it.

PASS:
    owner: li.na          # team: marketing
        aligns_to: marketing/awareness

FAIL:
    owner: li.na
        aligns_to: sales/growth
"""

from okrcli.checks.base import WARNING, Rule

# Found by references.py.
RULE = Rule("OKR109", "sideways-alignment", WARNING, __doc__)
