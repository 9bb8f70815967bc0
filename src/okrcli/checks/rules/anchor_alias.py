"""YAML anchors and aliases are refused.

Anchors (`&x`) and aliases (`*x`) make files hard to review and make
billion-laughs files possible. Write the value out.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: followers, title: 社交媒体粉丝增长50%, start: 10000, target: 15000,
             unit: 粉丝}

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: followers
            title: 社交媒体粉丝增长50%
            start: 10000
            target: 15000
            unit: &u 粉丝
                  ^ OKR008
"""

from okrcli.checks.base import ERROR, LOADER, Rule

# Found by the reader (yamlio.py).
RULE = Rule("OKR008", "anchor-alias", ERROR, LOADER, __doc__ or "")
