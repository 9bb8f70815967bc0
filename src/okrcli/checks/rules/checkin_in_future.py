"""A check-in dated after today.

A value cannot be measured in the future; usually a typo in the date.

PASS:
              - date: 2026-11-20

FAIL:
              - date: 2062-11-20
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR107", "checkin-in-future", ERROR, __doc__)
