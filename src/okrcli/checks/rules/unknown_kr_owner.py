"""A key result's owner names nobody.

`owner:` on a key result names the person (or team) who drives it, from okr.yaml.

PASS:
            owner: li.na

FAIL:
            owner: lina
"""

from okrcli.checks.base import ERROR, Rule

# Found by references.py.
RULE = Rule("OKR111", "unknown-kr-owner", ERROR, __doc__)
