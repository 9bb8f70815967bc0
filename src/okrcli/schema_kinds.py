"""What each kind of key result takes, as draft-07 ``if``/``then`` (schema.py builds the rest).

The common keys of a key result are in its ``properties``; each kind's own keys (start and
target for a metric, above and below for a threshold, none for a milestone) only in the
``then`` of its kind, so that an editor offers a metric neither above nor below. Each
``then`` closes the key result (``additionalProperties: false`` over the common keys and
its own): a key of another kind, or a typo, is reported at the key, as okr check does.
"""

from __future__ import annotations

from typing import Any

from okrcli.i18n import _
from okrcli.schema_text import MESSAGES

OWN = {"metric": ("start", "target", "unit"), "threshold": ("above", "below", "unit"),
       "milestone": ()}
SPECIFIC = ("start", "target", "above", "below", "unit")


def _kind_is(kind: str) -> dict[str, Any]:
    condition: dict[str, Any] = {"required": ["kind"], "properties": {"kind": {"const": kind}}}
    if kind == "metric":  # the default: a key result without a kind is a metric
        condition = {"anyOf": [{"not": {"required": ["kind"]}}, condition]}
    return condition


def _checkin_values(kind: str) -> dict[str, Any]:
    if kind == "milestone":
        value = {"type": "boolean", "errorMessage": _(MESSAGES["milestone_value"])}
    else:
        value = {"type": "number", "errorMessage": _(MESSAGES["number_value"])}
    return {"type": ["array", "null"], "items": {"properties": {"value": value}}}


# okr check counts a key left empty (null) as absent, as the model does.
def _present(key: str) -> dict[str, Any]:
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _null(key: str) -> dict[str, Any]:
    return {"required": [key], "properties": {key: {"type": "null"}}}


def _absent(keys: list[str], message: str) -> list[dict[str, Any]]:
    """Each of ``keys`` absent or empty; one with a value is reported at the key."""
    return [{"if": _present(key), "then": {"properties": {key: False}, "errorMessage": message}}
            for key in keys]


def key_result(node: dict[str, Any]) -> dict[str, Any]:
    """The KeyResult definition with its kinds' keys moved into ``if``/``then``."""
    props = node["properties"]
    specific = {key: props.pop(key) for key in SPECIFIC}
    node.pop("additionalProperties", None)
    branches = []
    for kind, own in OWN.items():
        closed: dict[str, Any] = {
            "properties": {**{key: True for key in props}, **{key: specific[key] for key in own},
                           **{key: True for key in SPECIFIC if key not in own}},
            "additionalProperties": False}
        others = [key for key in SPECIFIC if key not in own]
        if kind == "metric":
            rules = [{"required": ["start", "target"],
                      "not": {"anyOf": [_null("start"), _null("target")]},
                      "errorMessage": _(MESSAGES["metric_needs"])},
                     *_absent(others, _(MESSAGES["metric_has"]))]
        elif kind == "threshold":
            rules = [{"oneOf": [_present("above"), _present("below")],
                      "errorMessage": _(MESSAGES["threshold_needs"])},
                     *_absent(others, _(MESSAGES["threshold_has"]))]
        else:
            rules = _absent(others, _(MESSAGES["milestone_has"]))
        # A key result with an unknown key (a typo: `targt:`) is refused by okr check for
        # that key alone: its kind is not judged, so an editor does not say "needs target".
        parts: list[dict[str, Any]] = [
            closed, {"properties": {"checkins": _checkin_values(kind)}},
            {"if": {"propertyNames": {"enum": [*props, *SPECIFIC]}}, "then": {"allOf": rules}}]
        branches.append({"if": _kind_is(kind), "then": {"allOf": parts}})
    node["allOf"] = branches
    return node
