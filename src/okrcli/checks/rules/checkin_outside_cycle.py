"""A check-in outside its cycle.

Check-ins are dated within their cycle, or up to `grace_days` (14) after its end,
when final numbers are often measured.

PASS:
              - date: 2026-11-20

FAIL:
              - date: 2026-08-01
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR106", "checkin-outside-cycle", ERROR, __doc__)
