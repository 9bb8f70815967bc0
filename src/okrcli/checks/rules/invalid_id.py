"""An id that is not a valid id.

Ids are 1-64 letters of any script, digits, `.`, `_` and `-`, starting with a
letter or digit: they appear in references such as `marketing/awareness/followers`,
so no spaces and no `/`.

PASS:
      - id: awareness

FAIL:
      - id: brand awareness
"""

from okrcli.checks.base import ERROR, Rule

# Found by the model (model.py).
RULE = Rule("OKR011", "invalid-id", ERROR, __doc__)
