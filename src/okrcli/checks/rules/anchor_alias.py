"""YAML anchors and aliases are refused.

Anchors (`&x`) and aliases (`*x`) make files hard to review and make
billion-laughs files possible. Write the value out.

PASS:
          unit: 粉丝

FAIL:
          unit: &u 粉丝
"""

from okrcli.checks.base import ERROR, Rule

# Found by the loader (yamlio.py).
RULE = Rule("OKR008", "anchor-alias", ERROR, __doc__)
