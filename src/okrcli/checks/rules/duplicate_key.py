"""A mapping names the same key twice.

YAML would silently keep only one of the two values. Both lines are reported;
keep one of them.

PASS:
    owner: marketing
    cycle: 2026-Q4

FAIL:
    owner: marketing
    ^ OKR002
    cycle: 2026-Q4
    owner: sales
    ^ OKR002
"""

from okrcli.checks.base import ERROR, LOADER, Rule

# Found by the reader (yamlio.py).
RULE = Rule("OKR002", "duplicate-key", ERROR, LOADER, __doc__ or "")
