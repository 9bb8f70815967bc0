"""The rules of ``okr check``: one module per rule under ``rules/``, registered here.

A module is its rule: its ``RULE`` record (code, name, default severity, stage), the
code that finds it, and a docstring that documents it (``okr check --explain CODE``)
with PASS and FAIL examples that the tests run. What a module defines says where the
pipeline (``pipeline.py``) calls it:

- LOADER rules are made by the reader (``yamlio.py``) through their ``RULE`` object;
- SCHEMA rules have ``from_error(error, model)``: a validation error of the model, as a
  finding (or None when the error is another rule's);
- FILE rules have ``check_file(doc)`` and/or ``check_config(cfg)``: one valid file alone;
- WORKSPACE and PRACTICE rules have ``check(ctx)``: every file, with okr.yaml and today;
- HISTORY rules have ``check_history(ctx)``: what changed since a base revision
  (``okr check --base REV``, ``checks/history.py``).

Codes are stable and never renumbered: the 0xx codes are the syntax and schema of one
file, 1xx references between files, 2xx OKR practice. A code once published keeps its
meaning; a retired rule keeps its number unused.
"""

from __future__ import annotations

from types import ModuleType

from okrcli.checks.rules import (
    activity_key_result,
    alignment_loop,
    alignment_too_deep,
    anchor_alias,
    backdated_checkin,
    checkin_after_drop,
    checkin_in_future,
    checkin_outside_cycle,
    checkin_value_kind,
    closed_cycle_change,
    closed_cycle_rewritten,
    committed_under_one,
    confusable_id,
    deleted_not_dropped,
    due_outside_cycle,
    duplicate_id,
    duplicate_key,
    duplicate_owner_file,
    encoding,
    file_too_large,
    invalid_date,
    invalid_id,
    kind_fields,
    metric_without_unit,
    missing_field,
    not_a_file,
    not_checked,
    number_in_objective,
    objective_without_key_results,
    out_of_range,
    rewritten_change,
    rewritten_checkin,
    same_day_checkins,
    sideways_alignment,
    silent_goalpost,
    stale_key_result,
    team_loop,
    too_long,
    too_many_key_results,
    too_many_objectives,
    too_safe,
    unaligned_objective,
    unknown_alignment,
    unknown_carried_from,
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
from okrcli.diagnostics import Rule, Stage
from okrcli.i18n import N_

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
    not_a_file,
    file_too_large,
    invalid_id,
    duplicate_id,
    kind_fields,
    too_long,
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
    not_checked,
    alignment_too_deep,
    confusable_id,
    checkin_after_drop,
    closed_cycle_change,
    unknown_carried_from,
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
    same_day_checkins,
    silent_goalpost,
    rewritten_checkin,
    deleted_not_dropped,
    backdated_checkin,
    rewritten_change,
    closed_cycle_rewritten,
)

RULES: tuple[Rule, ...] = tuple(m.RULE for m in MODULES)
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}

# Where the pipeline calls each module. The catch-all schema rule answers last.
SCHEMA: tuple[ModuleType, ...] = (
    *(m for m in MODULES if hasattr(m, "from_error") and m is not wrong_type), wrong_type)
FILE: tuple[ModuleType, ...] = tuple(m for m in MODULES if hasattr(m, "check_file"))
CONFIG: tuple[ModuleType, ...] = tuple(m for m in MODULES if hasattr(m, "check_config"))
WORKSPACE: tuple[ModuleType, ...] = tuple(
    m for m in MODULES if hasattr(m, "check") and m.RULE.stage is Stage.WORKSPACE)
PRACTICE: tuple[ModuleType, ...] = tuple(
    m for m in MODULES if hasattr(m, "check") and m.RULE.stage is Stage.PRACTICE)
HISTORY: tuple[ModuleType, ...] = tuple(m for m in MODULES if hasattr(m, "check_history"))

# What each workspace or practice rule reads (its ``SCOPE``): "file", its own file with
# okr.yaml and today; "owner", the files of its owner and cycle too; "workspace", any file.
# ``okr check`` keeps a file's findings of its file-scope rules until that file, okr.yaml,
# the day or the options change (tests/test_rule_scope.py holds each rule to its word).
SCOPES = ("file", "owner", "workspace")
BY_SCOPE: dict[str, tuple[ModuleType, ...]] = {
    scope: tuple(m for m in (*WORKSPACE, *PRACTICE) if scope == m.SCOPE) for scope in SCOPES}

# Printed before the examples by `okr check --explain` (translated where it is shown).
EXAMPLES = N_("""\
The examples are read in a workspace with the cycle 2026-Q4 (2026-10-01 to 2026-12-31)
and the one before it, 2026-Q3 (2026-07-01 to 2026-09-30, closed on 2026-10-09), the
teams company, sales, marketing, service and engineering, the person li.na (of marketing)
and the objective company/customers, on 2026-11-26 unless `# today:` says otherwise.
`# file: PATH` starts another file; `^` marks where the finding is reported, in the line
above it. `# base: PATH` starts a file as committed at the base revision of `okr check
--base` (the rules of history): a committed file not written again is deleted.
""")


def rule(code: str) -> Rule:
    return BY_CODE[code]


def lookup(code_or_name: str) -> Rule | None:
    """A rule by its code, in any case, or by its name (unknown-key)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())

