"""A YAML feature the format refuses.

A file is one YAML 1.2 document holding one mapping: no `%YAML` directive, no second
document, no nesting deeper than 64 levels, not empty, not a list.

PASS:
    owner: marketing
    cycle: 2026-Q4

FAIL:
    %YAML 1.1
    ---
    owner: marketing
"""

from okrcli.checks.base import ERROR, Rule

# Found by the loader (yamlio.py).
RULE = Rule("OKR009", "unsupported-yaml", ERROR, __doc__)
