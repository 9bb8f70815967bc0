"""Two files for one owner and cycle.

One file holds one owner's OKRs for one cycle, so that every objective has one home.
Merge the two files.

PASS:
    okrs/2026-Q4/sales.yaml    owner: sales

FAIL:
    okrs/sales-extra.yaml     owner: sales  (again, same cycle)
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR104", "duplicate-owner-file", ERROR, __doc__)
