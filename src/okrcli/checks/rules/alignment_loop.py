"""Objectives that align to each other in a loop.

Alignment flows upwards; a loop has no top and no roll-up.

PASS:
    a/x aligns_to b/y; b/y aligns to nothing

FAIL:
    a/x aligns_to b/y; b/y aligns_to a/x
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR105", "alignment-loop", ERROR, __doc__)
