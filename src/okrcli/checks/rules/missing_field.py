"""A required field is missing.

Objectives and key results need an id and a title; a file needs owner and cycle; a
check-in needs a date and a value. The finding points at the mapping that lacks it.

PASS:
      - id: awareness
        title: 提高知名度

FAIL:
      - id: awareness
"""

from okrcli.checks.base import ERROR, Rule

# Found by the model (model.py).
RULE = Rule("OKR004", "missing-field", ERROR, __doc__)
