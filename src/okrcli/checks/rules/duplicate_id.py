"""Two items with one id in the same list.

Objective ids are unique in their file, key result ids in their objective, cycle ids
in okr.yaml, and teams and people share one set of ids.

PASS:
      - id: awareness
      - id: reach

FAIL:
      - id: awareness
      - id: awareness
"""

from okrcli.checks.base import ERROR, Rule

# Found by structure.py.
RULE = Rule("OKR012", "duplicate-id", ERROR, __doc__)
