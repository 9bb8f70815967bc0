"""settings.lint names a rule that does not exist.

`settings.lint.ignore` and `settings.lint.severity` take rule codes (OKR208) or names
(metric-without-unit); `okr check --list-rules` lists them. A misspelt one would silently
change nothing.

PASS:
  lint: {ignore: [metric-without-unit]}

FAIL:
  lint: {ignore: [metric-without-units]}
"""

from okrcli.checks.base import ERROR, Rule

# Found by structure.py.
RULE = Rule("OKR113", "unknown-rule", ERROR, __doc__)
