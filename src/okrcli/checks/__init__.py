"""The rules of ``okr check``: one module per rule under ``rules/``, registered here.

Codes are stable and never renumbered: OKR0xx syntax and schema of one file, OKR1xx
references between files, OKR2xx OKR practice. A code once published keeps its meaning;
a retired rule keeps its number unused. Each module's docstring is its documentation
(``okr check --explain CODE``), with a PASS and a FAIL example. Schema and reference rules
are found by the loader, ``structure.py`` and ``references.py``; practice rules have a
``check(context)`` of their own.
"""

from __future__ import annotations

from types import ModuleType

from okrcli.checks.base import Rule
from okrcli.checks.rules import (
    activity_key_result,
    alignment_loop,
    anchor_alias,
    checkin_in_future,
    checkin_outside_cycle,
    checkin_value_kind,
    committed_under_one,
    due_outside_cycle,
    duplicate_id,
    duplicate_key,
    duplicate_owner_file,
    encoding,
    invalid_date,
    invalid_id,
    kind_fields,
    metric_without_unit,
    missing_field,
    number_in_objective,
    objective_without_key_results,
    out_of_range,
    sideways_alignment,
    stale_key_result,
    team_loop,
    too_many_key_results,
    too_many_objectives,
    too_safe,
    unaligned_objective,
    unknown_alignment,
    unknown_cycle,
    unknown_key,
    unknown_kr_owner,
    unknown_owner,
    unknown_rule,
    unknown_team,
    unsupported_yaml,
    wrong_type,
    yaml_syntax,
)

MODULES: tuple[ModuleType, ...] = (
    yaml_syntax,
    duplicate_key,
    unknown_key,
    missing_field,
    wrong_type,
    invalid_date,
    out_of_range,
    anchor_alias,
    unsupported_yaml,
    encoding,
    invalid_id,
    duplicate_id,
    kind_fields,
    unknown_owner,
    unknown_cycle,
    unknown_alignment,
    duplicate_owner_file,
    alignment_loop,
    checkin_outside_cycle,
    checkin_in_future,
    checkin_value_kind,
    sideways_alignment,
    unknown_team,
    unknown_kr_owner,
    team_loop,
    unknown_rule,
    too_many_objectives,
    objective_without_key_results,
    too_many_key_results,
    due_outside_cycle,
    unaligned_objective,
    number_in_objective,
    activity_key_result,
    metric_without_unit,
    stale_key_result,
    committed_under_one,
    too_safe,
)

RULES: tuple[Rule, ...] = tuple(m.RULE for m in MODULES)
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
PRACTICE = tuple(m for m in MODULES if hasattr(m, "check"))


def rule(code: str) -> Rule:
    return BY_CODE[code]


def lookup(code_or_name: str) -> Rule | None:
    """A rule by its code (OKR003, okr003) or its name (unknown-key)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
