"""The rules of ``okr check``: stable codes, never renumbered.

OKR0xx: syntax and schema of one file. OKR1xx: references between files. OKR2xx: OKR
practice (see the ``okr check`` issue). A code once published keeps its meaning forever;
a retired rule keeps its number unused.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrcli.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


E, W = Severity.ERROR, Severity.WARNING

RULES: tuple[Rule, ...] = (
    Rule("OKR001", "yaml-syntax", E, "The file is not valid YAML."),
    Rule("OKR002", "duplicate-key", E, "A mapping names the same key twice."),
    Rule("OKR003", "unknown-key", E, "A key the format does not know (often a typo)."),
    Rule("OKR004", "missing-field", E, "A required field is missing."),
    Rule("OKR005", "wrong-type", E, "A value of the wrong type (text for a number, ...)."),
    Rule("OKR006", "invalid-date", E, "A date that is not a real YYYY-MM-DD day."),
    Rule("OKR007", "out-of-range", E, "A number outside its range (confidence 0..1, ...)."),
    Rule("OKR008", "anchor-alias", E, "YAML anchors and aliases are refused."),
    Rule("OKR009", "unsupported-yaml", E,
         "A YAML feature the format refuses: a %YAML directive, several documents, "
         "deep nesting, a file that is not one mapping."),
    Rule("OKR010", "encoding", E, "The file is not UTF-8 text (NUL bytes, invalid bytes)."),
    Rule("OKR011", "invalid-id", E, "An id that is not 1-64 letters, digits, '.', '_', '-'."),
    Rule("OKR012", "duplicate-id", E, "Two items with one id in the same list."),
    Rule("OKR013", "kind-fields", E,
         "A key result's fields do not fit its kind (a metric needs start and target, ...)."),
    Rule("OKR101", "unknown-owner", E, "The owner is no team or person of okr.yaml."),
    Rule("OKR102", "unknown-cycle", E, "The cycle is not defined in okr.yaml."),
    Rule("OKR103", "unknown-alignment", E, "aligns_to names no objective or key result."),
    Rule("OKR104", "duplicate-owner-file", E, "Two files for the same owner and cycle."),
    Rule("OKR105", "alignment-loop", E, "Objectives that align to each other in a loop."),
    Rule("OKR106", "checkin-outside-cycle", E,
         "A check-in dated before its cycle or more than grace_days after its end."),
    Rule("OKR107", "checkin-in-future", E, "A check-in dated after today."),
    Rule("OKR108", "checkin-value-kind", E,
         "A check-in value of the wrong kind (true/false for a number, ...)."),
    Rule("OKR109", "sideways-alignment", W,
         "aligns_to points to an owner that is neither the same owner nor an ancestor."),
    Rule("OKR110", "unknown-team", E, "A team's parent or a person's team names no team."),
    Rule("OKR111", "unknown-kr-owner", E, "A key result's owner names no person or team."),
    Rule("OKR112", "team-loop", E, "Teams whose parents form a loop."),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule(code: str) -> Rule:
    return BY_CODE[code]
