"""The cycle is not defined in okr.yaml.

Every OKR file names a cycle listed under `cycles:` in okr.yaml.

PASS:
    cycle: 2026-Q4

FAIL:
    cycle: 2026Q4
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR102", "unknown-cycle", ERROR, __doc__)
