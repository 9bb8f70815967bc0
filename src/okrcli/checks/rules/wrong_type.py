"""A value of the wrong type.

Numbers are numbers (`true` and `"10"` are not), titles are text, lists are lists,
and `kind` is one of metric, threshold, milestone.

PASS:
          target: 15000

FAIL:
          target: "15000"
"""

from okrcli.checks.base import ERROR, Rule

# Found by the model (model.py).
RULE = Rule("OKR005", "wrong-type", ERROR, __doc__)
