"""aligns_to names nothing.

`aligns_to` is OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR of the same cycle, and it must
exist.

PASS:
        aligns_to: company/customers

FAIL:
        aligns_to: company/customer
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR103", "unknown-alignment", ERROR, __doc__)
