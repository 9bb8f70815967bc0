"""The words of the JSON Schema (schema.py): every description, enum value description and
error message it carries, marked for the catalogue so that the schema built while the
active language is zh-CN is in Chinese.

A property's description is its model field's own docstring (model.py); the docstrings are
repeated here as ``N_()`` so that the catalogue extracts them (tests/test_schema.py holds
the two to the same words). Fields the model leaves undocumented take theirs from FIELDS.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys

from okrcli.i18n import N_


@functools.cache
def field_docs(module: str) -> dict[tuple[str, str], str]:
    """Each field docstring of a module's classes, by (class, field): the string right
    after a field's annotation, read from the source. Pydantic's
    ``use_attribute_docstrings`` reads the same at every start, for every model (about a
    third of importing model.py); only the schema needs them."""
    found: dict[tuple[str, str], str] = {}
    try:
        source = inspect.getsource(sys.modules[module])
    except (OSError, TypeError):  # an install without its sources: no field descriptions
        return found
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for first, then in zip(node.body, node.body[1:], strict=False):
                if (isinstance(first, ast.AnnAssign) and isinstance(first.target, ast.Name)
                        and isinstance(then, ast.Expr) and isinstance(then.value, ast.Constant)
                        and isinstance(then.value.value, str)):
                    found[node.name, first.target.id] = inspect.cleandoc(then.value.value)
    return found

# The model's docstrings (classes and fields), whitespace collapsed, as model.py has them.
MODEL_DOCS = (
    N_("A closed cycle opened again (okr cycle reopen): when, the close it undid, and why."),
    N_("The day the cycle was opened again, YYYY-MM-DD."),
    N_("The day of the close that was undone."),
    N_("Why the cycle was opened again."),
    N_("A period for OKRs, usually a quarter."),
    N_("Cycle id, for example 2026-Q4."),
    N_("First day, YYYY-MM-DD."),
    N_("Last day, YYYY-MM-DD."),
    N_("Display name."),
    N_("The day the cycle was closed (okr cycle close): no check-in or edit after it but "
       "corrections of grades, outcomes and retro notes, each recorded."),
    N_("Each time the cycle was opened again after a close (okr cycle reopen), and why."),
    N_("A team: the company (no parent) or a department below it."),
    N_("Team id, used as an owner in OKR files."),
    N_("The team above; none for the company."),
    N_("A person who owns OKRs or drives key results."),
    N_("Person id, used as an owner in OKR files."),
    N_("The person's team."),
    N_("Contact address."),
    N_("One measurement of a key result."),
    N_("When the value was measured, YYYY-MM-DD."),
    N_("The value: a number, or true/false for a milestone."),
    N_("0..1: will we make it?"),
    N_("What moved, in a sentence."),
    N_("A moved goalpost, recorded by `okr kr edit`; in a closed cycle, a corrected grade or "
       "grade note."),
    N_("An objective's outcome or retro note corrected after its cycle was closed."),
    N_("Why and when a key result (or an objective) stopped making sense."),
    N_("The day it was dropped, YYYY-MM-DD."),
    N_("Why it no longer makes sense."),
    N_("A measurable, time-bound result that shows the objective is reached."),
    N_("Key result id, unique in its objective."),
    N_("The result, in words with its number."),
    N_("metric (start to target), threshold (stay above or below) or milestone (done)."),
    N_("Metric: the value at the cycle's start."),
    N_("Metric: the value to reach (lower than start for a falling target)."),
    N_("Threshold: stay at or above this line."),
    N_("Threshold: stay at or below this line."),
    N_("Unit of the numbers, for example % or 家."),
    N_("Due date (default: the cycle's end)."),
    N_("Weight in the objective's score."),
    N_("The person who drives it."),
    N_("The measurements, oldest first (okr checkin)."),
    N_("Goalposts moved after the cycle's start, each with its reason (okr kr edit)."),
    N_("Dropped during the cycle (okr kr drop): when and why."),
    N_("0..1: the grade given at the cycle's end."),
    N_("Why this grade, in a sentence."),
    N_("What we want to achieve, in words."),
    N_("Objective id, unique in its file."),
    N_("Qualitative and inspiring; numbers go in key results."),
    N_("true: must reach 1.0; false: aspirational, about 0.7 is good."),
    N_("OWNER/OBJECTIVE (or OWNER/OBJECTIVE/KR) above this one, same cycle."),
    N_("Longer explanation."),
    N_("The measurable results that show the objective is reached."),
    N_("Dropped with its key results (okr objective drop), each of which says so too."),
    N_("CYCLE/OWNER/OBJECTIVE this objective was carried over from (okr carry)."),
    N_("At the cycle's close: achieved, partial, missed, carried or dropped."),
    N_("The 复盘 note: what we learned, what next."),
    N_("Outcomes and retro notes corrected after the cycle was closed."),
    N_("One owner's objectives and key results for one cycle."),
    N_("A team or person id from okr.yaml."),
    N_("A cycle id from okr.yaml."),
    N_("The owner's objectives for the cycle."),
)

# Descriptions of what the model leaves undocumented: "Model" or "Model.field".
FIELDS = {
    "LintSettings": N_("What okr check reports, and how severely."),
    "LintSettings.max_objectives": N_(
        "More objectives than this in one file is a warning (too-many-objectives)."),
    "LintSettings.max_key_results": N_(
        "More key results than this in one objective is a warning (too-many-key-results)."),
    "LintSettings.ignore": N_("Rules not reported at all: codes or names (okr check "
                              "--list-rules)."),
    "LintSettings.severity": N_("A rule's code or name, and the severity it is reported "
                                "with."),
    "Settings": N_("How okr reads and judges this workspace."),
    "Settings.language": N_("The language of okr's words here (else --lang, OKR_LANG or the "
                            "system's)."),
    "Settings.okr_dir": N_("The folder of the OKR files, relative to okr.yaml."),
    "Settings.stale_after_days": N_("Days without a check-in after which a key result is "
                                    "stale."),
    "Settings.grace_days": N_("Days after a cycle's end in which check-ins are still taken."),
    "Settings.on_track_gap": N_("Progress this far behind the expected (or closer) is on "
                                "track."),
    "Settings.at_risk_gap": N_("Progress this far behind the expected (or closer) is at "
                               "risk; further behind is off track."),
    "Settings.lint": N_("What okr check reports, and how severely."),
    "Config": N_("An okr workspace: cycles, teams, people and settings."),
    "Config.organization": N_("The organization's name, shown in reports."),
    "Config.cycles": N_("The OKR periods, usually quarters."),
    "Config.teams": N_("The company and its departments."),
    "Config.people": N_("The people who own OKRs or drive key results."),
    "Config.settings": N_("How okr reads and judges this workspace."),
    "Change.date": N_("The day of the change, YYYY-MM-DD."),
    "Change.field": N_("The field that changed."),
    "Change.old": N_("The value before (a date for due, text for a grade note); none when "
                     "it was unset."),
    "Change.new": N_("The value after (a date for due, text for a grade note); none when it "
                     "was removed."),
    "Change.reason": N_("Why it changed."),
    "Correction.date": N_("The day of the correction, YYYY-MM-DD."),
    "Correction.field": N_("The field that was corrected."),
    "Correction.old": N_("The value before; none when it was unset."),
    "Correction.new": N_("The value after; none when it was removed."),
    "Correction.reason": N_("Why it was corrected."),
}

# Each enum value's description, by the enum's values.
ENUMS = {
    ("metric", "threshold", "milestone"): (
        N_("From a start value to a target value (start, target)."),
        N_("Stay above or below a line all cycle (above or below)."),
        N_("Done or not (check-ins are true or false)."),
    ),
    ("achieved", "partial", "missed", "carried", "dropped"): (
        N_("The objective was reached."),
        N_("The objective was partly reached."),
        N_("The objective was not reached."),
        N_("Carried over into a later cycle (okr carry)."),
        N_("Dropped: it stopped making sense."),
    ),
    ("start", "target", "due", "above", "below", "grade", "grade_note"): (
        N_("The metric's start value."),
        N_("The metric's target value."),
        N_("The due date."),
        N_("The threshold's lower line."),
        N_("The threshold's upper line."),
        N_("The grade at the cycle's end (a correction in a closed cycle)."),
        N_("The grade's note (a correction in a closed cycle)."),
    ),
    ("outcome", "retro"): (
        N_("The objective's outcome."),
        N_("The objective's 复盘 note."),
    ),
    ("error", "warning", "info", "off"): (
        N_("Reported, and okr check fails."),
        N_("Reported; okr check fails only with --strict."),
        N_("Reported as a hint."),
        N_("Not reported."),
    ),
    ("zh-CN", "en"): (
        N_("Simplified Chinese."),
        N_("English."),
    ),
}

# Messages shown where the editor's own would be raw or misleading.
MESSAGES = {
    "id": N_("an id: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit "
             "(no spaces, no '/')"),
    "date": N_("a real date, YYYY-MM-DD (without a time)"),
    "number": N_("expected a number"),
    "text": N_("expected text; quote it"),
    "bool": N_("expected true or false"),
    "ref": N_("OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR: ids separated by '/'"),
    "carried_from": N_("CYCLE/OWNER/OBJECTIVE: three ids separated by '/'"),
    "rule": N_("unknown rule: okr check --list-rules lists them"),
    "metric_needs": N_("a metric key result needs a number for 'start' and 'target' (or set "
                       "kind: threshold / milestone)"),
    "metric_has": N_("'above' and 'below' belong to a threshold key result: add kind: "
                     "threshold"),
    "threshold_needs": N_("a threshold key result needs exactly one of 'above' or 'below'"),
    "threshold_has": N_("a threshold key result has no 'start' or 'target': use above or "
                        "below"),
    "milestone_has": N_("a milestone key result has no start, target, above, below or unit: "
                        "it is done or not"),
    "milestone_value": N_("a milestone check-in value is true or false"),
    "number_value": N_("a check-in value of a metric or threshold is a number, not "
                       "true/false"),
}
