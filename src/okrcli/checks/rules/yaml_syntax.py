"""The file is not valid YAML.

A YAML syntax error (an unclosed bracket, a tab used for indentation, a colon and a
space inside an unquoted title) stops the file from being read at all. The finding
points at the spot the parser stopped; the mistake is often just before it.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: "提高知名度: 第一步"

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高知名度: 第一步
                         ^ OKR001
"""

from okrcli.checks.base import ERROR, LOADER, Rule

# Found by the reader (yamlio.py).
RULE = Rule("OKR001", "yaml-syntax", ERROR, LOADER, __doc__ or "")
