"""A YAML feature the format refuses.

A file is one YAML 1.2 document holding one mapping: no `%YAML` directive, no second
document, no nesting deeper than 64 levels, not empty, not a list. A line at column 0
that reads `owner: x` or `cycle: x` is the file's owner or cycle: okr's index, and
anyone's grep, reads them so. Inside a text that goes on over several lines such a line
is refused, and so is an owner or cycle written with escapes that only YAML decodes.

PASS:
    owner: marketing
    cycle: 2026-Q4

FAIL:
    %YAML 1.1
    ^ OKR009
    ---
    owner: marketing
    cycle: 2026-Q4

FAIL:
    objectives:
      - id: awareness
        title: "提高分销平台的
    owner: sales
    ^ OKR009
          市场知名度"
    owner: marketing
    cycle: 2026-Q4
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, LOADER, Rule
from okrcli.diagnostics import Finding
from okrcli.fields import shorten
from okrcli.i18n import _

# Found by the reader (yamlio.py), and here for the two shapes it cannot see.
RULE = Rule("OKR009", "unsupported-yaml", ERROR, LOADER, __doc__ or "")


def empty_file() -> Finding:
    return RULE.at_pos(_("the file is empty: an OKR file needs owner, cycle and objectives"),
                       1, 1)


def misread(key: str, sniffed: str, parsed: str, line: int, own: bool) -> Finding:
    """A line that a line reader (okr's index, grep) takes for the file's owner or cycle,
    where YAML reads another: inside a text, or the key's own line written with escapes."""
    seen, value = shorten(sniffed), shorten(parsed)
    if own:
        # TRANSLATORS: {seen} and {quoted} are quoted values; {value} is {quoted} unquoted.
        message = _("{key} reads {seen} to a line reader but {quoted} to YAML: write it "
                    "plainly, as {key}: {value}")
    else:
        # TRANSLATORS: {key} is owner or cycle (a YAML key, kept as it is).
        message = _("this line looks like the file's {key} ({seen}) to a line reader but is "
                    "inside a text (the {key} is {quoted}): indent the text's lines")
    return RULE.at_pos(message.format(key=key, seen=repr(seen), quoted=repr(value),
                                      value=value), line, 1)


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    """The whole document is not a mapping (a list, a single value)."""
    if error["type"] in ("model_type", "model_attributes_type") and not error["loc"]:
        return RULE.at(_("the file must be one YAML mapping (owner:, cycle:, objectives: ...)"))
    return None
