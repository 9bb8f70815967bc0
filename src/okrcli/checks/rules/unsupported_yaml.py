"""A YAML feature the format refuses.

A file is one YAML 1.2 document holding one mapping: no `%YAML` directive, no second
document, no nesting deeper than 64 levels, not empty, not a list.

PASS:
    owner: marketing
    cycle: 2026-Q4

FAIL:
    %YAML 1.1
    ^ OKR009
    ---
    owner: marketing
    cycle: 2026-Q4
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, LOADER, Rule
from okrcli.diagnostics import Finding

# Found by the reader (yamlio.py), and here for the two shapes it cannot see.
RULE = Rule("OKR009", "unsupported-yaml", ERROR, LOADER, __doc__ or "")


def empty_file() -> Finding:
    return RULE.at_pos("the file is empty: an OKR file needs owner, cycle and objectives", 1, 1)


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    """The whole document is not a mapping (a list, a single value)."""
    if error["type"] in ("model_type", "model_attributes_type") and not error["loc"]:
        return RULE.at("the file must be one YAML mapping (owner:, cycle:, objectives: ...)")
    return None
