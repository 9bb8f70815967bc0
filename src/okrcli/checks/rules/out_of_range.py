"""A number outside its range.

Confidence and grades are between 0 and 1, weights are above 0, and numbers are
finite (.nan and .inf are not numbers here).

PASS:
                confidence: 0.8

FAIL:
                confidence: 80
"""

from okrcli.checks.base import ERROR, Rule

# Found by the model (model.py).
RULE = Rule("OKR007", "out-of-range", ERROR, __doc__)
