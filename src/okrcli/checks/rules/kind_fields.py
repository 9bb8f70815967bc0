"""A key result's fields do not fit its kind.

A metric needs start and target (and they differ); a threshold needs exactly one of
above or below; a milestone has neither.

PASS:
            kind: threshold
            above: 99.5

FAIL:
            kind: threshold
            target: 99.5
"""

from okrcli.checks.base import ERROR, Rule

# Found by structure.py.
RULE = Rule("OKR013", "kind-fields", ERROR, __doc__)
