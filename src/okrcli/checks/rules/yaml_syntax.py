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

import re

from okrcli.checks.base import ERROR, LOADER, Rule
from okrcli.diagnostics import Finding
from okrcli.i18n import N_, _

# Found by the reader (yamlio.py).
RULE = Rule("OKR001", "yaml-syntax", ERROR, LOADER, __doc__ or "")

# The reader's (libyaml's) own words for the problems people make most, translated: any
# other problem is shown as the reader says it, inside the translated frame.
PROBLEMS = frozenset((
    N_("mapping values are not allowed in this context"),
    N_("mapping keys are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("found character that cannot start any token"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("did not find expected <document start>"),
    N_("found unknown escape character"),
    N_("did not find expected hexdecimal number"),
    N_("found undefined tag handle"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("did not find expected comment or line break"),
    N_("did not find expected whitespace or line break"),
    N_("found an indentation indicator equal to 0"),
    N_("control characters are not allowed"),
    N_("invalid YAML"),
))
_NO_CONSTRUCTOR = re.compile(r"could not determine a constructor for the tag (?P<tag>.+)",
                             re.DOTALL)


def said(problem: str) -> str:
    """The reader's problem in the reader's language, as far as the catalogue knows it."""
    if problem in PROBLEMS:
        return _(problem)
    tag = _NO_CONSTRUCTOR.fullmatch(problem)
    if tag is not None:
        return _("could not determine a constructor for the tag {tag}").format(
            tag=tag.group("tag"))
    return problem


def finding(problem: str, line: int, col: int) -> Finding:
    """The finding of the reader's ``problem`` (its English words) where it stopped."""
    if "\t" in problem or "cannot start any token" in problem:
        message = _("YAML syntax: {problem} (a tab? YAML indents with spaces)")
    else:
        message = _("YAML syntax: {problem}")
    return RULE.at_pos(message.format(problem=said(problem)), line, col)


def unmarked(error: Exception) -> Finding:
    """A reader's error that names no place (rare): at the file's start, as it says it."""
    return RULE.at_pos(_("YAML error: {error}").format(error=error), 1, 1)
