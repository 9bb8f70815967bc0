"""A mapping names the same key twice.

YAML would silently keep only one of the two values. Both lines are reported;
keep one of them.

PASS:
    owner: marketing
    cycle: 2026-Q4

FAIL:
    owner: marketing
    owner: sales
"""

from okrcli.checks.base import ERROR, Rule

# Found by the loader (yamlio.py).
RULE = Rule("OKR002", "duplicate-key", ERROR, __doc__)
