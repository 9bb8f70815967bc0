"""A date that is not a real day.

Dates are plain YYYY-MM-DD days that exist (no 2026-02-30, no time of day); a cycle
ends on or after its start.

PASS:
          due: 2026-12-31

FAIL:
          due: 2026-02-30
"""

from okrcli.checks.base import ERROR, Rule

# Found by the model (model.py).
RULE = Rule("OKR006", "invalid-date", ERROR, __doc__)
