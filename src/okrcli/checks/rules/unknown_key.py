"""A key the format does not know.

Unknown keys are usually typos (`targt:`), and a typo must not pass silently: the
value would be ignored. The message suggests the closest known key.

PASS:
          target: 15000

FAIL:
          targt: 15000
"""

from okrcli.checks.base import ERROR, Rule

# Found by the model (model.py).
RULE = Rule("OKR003", "unknown-key", ERROR, __doc__)
