"""The file is not valid YAML.

A YAML syntax error (an unclosed bracket, a tab used for indentation, a bad indent)
stops the file from being read at all. The finding points at the spot the parser
stopped; the mistake is often on the line before.

PASS:
    owner: marketing
    cycle: 2026-Q4

FAIL:
    owner: [marketing
    cycle: 2026-Q4
"""

from okrcli.checks.base import ERROR, Rule

# Found by the loader (yamlio.py).
RULE = Rule("OKR001", "yaml-syntax", ERROR, __doc__)
