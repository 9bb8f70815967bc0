"""A check-in value of the wrong kind.

Metrics and thresholds take numbers; milestones take true or false.

PASS:
              - {date: 2026-11-02, value: true}    # a milestone

FAIL:
              - {date: 2026-11-02, value: 1}       # a milestone
"""

from okrcli.checks.base import ERROR, Rule

# Found by structure.py.
RULE = Rule("OKR108", "checkin-value-kind", ERROR, __doc__)
