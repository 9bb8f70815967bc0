"""Teams whose parents form a loop.

The team tree has one root (the company); a loop has none.

PASS:
      - {id: sales, parent: company}

FAIL:
      - {id: sales, parent: sales}
"""

from okrcli.checks.base import ERROR, Rule

# Found by structure.py.
RULE = Rule("OKR112", "team-loop", ERROR, __doc__)
