"""JSON Schema (draft-07) of the file formats, from the Pydantic models, for editors such
as VS Code's YAML extension (yaml-language-server) and for tools such as check-jsonschema.

It says what ``okr check`` says where a schema can: nothing okr check accepts is refused
(empty lists, ids written as whole numbers, null where a field may be left out), and each
schema-level problem is reported where okr check reports it. Optional fields are typed
plainly (no ``anyOf`` with null, no ``default: null``); every property and enum value has a
description in the active language (schema_text.py); each kind of key result takes its
own keys (schema_kinds.py). What no schema can say (references, duplicates, dates against
today, ...) okr check adds (README).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from okrcli.fields import ID_PATTERN, MAX_NUMBER, MAX_TEXT
from okrcli.i18n import _
from okrcli.model import Config, OkrFile
from okrcli.schema_kinds import key_result
from okrcli.schema_text import ENUMS, FIELDS, MESSAGES, field_docs

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

_ID = ID_PATTERN[1:-1]
# A real date, leap days included (editors do not check "format": "date").
_DAY = (r"(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-"
        r"(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d\d(?:0[48]|[2468][048]|"
        r"[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)")
DATE_PATTERN = f"^{_DAY}$"
# refs.Ref.parse: two or three parts, surrounding slashes forgiven; each part an id.
REF_PATTERN = f"^/*{_ID}/{_ID}(?:/{_ID})?/*$"


def _doc(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def _plain(prop: dict[str, Any]) -> dict[str, Any]:
    """``anyOf [T, null]`` as T that also takes null; no null default, no generated title."""
    prop.pop("title", None)
    if prop.get("default", 0) is None:
        del prop["default"]
    choices = prop.get("anyOf")
    if choices and any(c == {"type": "null"} for c in choices):
        rest = [c for c in choices if c != {"type": "null"}]
        del prop["anyOf"]
        (only,) = rest
        prop.update(only)
        if "type" in prop:
            prop["type"] = [*([prop["type"]] if isinstance(prop["type"], str) else prop["type"]),
                            "null"]
    return prop


def _shaped(prop: dict[str, Any]) -> None:
    """Patterns with their messages, whole-number ids, real dates, nullable lists."""
    kinds = prop.get("type")
    types = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if prop.get("pattern") == ID_PATTERN:
        prop["type"] = ["string", "integer", *(["null"] if "null" in types else [])]
        prop["minimum"] = 0  # `id: 3` is the id "3"
        prop["patternErrorMessage"] = _(MESSAGES["id"])
    elif prop.get("format") == "date":
        prop["pattern"] = DATE_PATTERN
        prop["patternErrorMessage"] = _(MESSAGES["date"])
        prop.pop("format")
    elif "pattern" in prop:  # carried_from
        prop["patternErrorMessage"] = _(MESSAGES["carried_from"])
    if "enum" in prop and "null" in types:
        prop["type"] = [t for t in types if t != "null"]  # an enum is offered without null
    if "array" in types:
        prop["type"] = ["array", "null"]  # `checkins:` with nothing after it: empty
    elif types and types[0] == "number" and "enum" not in prop:
        prop["errorMessage"] = _(MESSAGES["number"])
        if "maximum" not in prop:  # .inf is out of range for okr check too
            prop.update(minimum=-MAX_NUMBER, maximum=MAX_NUMBER)
    elif types and types[0] == "string" and "pattern" not in prop and "enum" not in prop:
        prop["errorMessage"] = _(MESSAGES["text"])
    elif types and types[0] == "boolean":
        prop["errorMessage"] = _(MESSAGES["bool"])


def _enum_docs(prop: dict[str, Any]) -> None:
    values = tuple(prop.get("enum", ()))
    if values in ENUMS:
        prop["markdownEnumDescriptions"] = [_(text) for text in ENUMS[values]]


def _describe(name: str, field: str, prop: dict[str, Any]) -> None:
    text = _doc(field_docs("okrcli.model").get((name, field))) or FIELDS.get(f"{name}.{field}")
    if text is None and "$ref" in prop:
        return  # the definition's own description shows
    prop["description"] = _(text) if text else ""


def _rules() -> dict[str, Any]:
    """A rule's code or name, as settings.lint takes them (any case: checks.lookup)."""
    from okrcli import checks

    values, docs = [], []
    for rule in checks.RULES:
        for value in (rule.code, rule.name):
            values.append(value)
            docs.append(f"{rule.code} {rule.name}: {rule.summary}")
    any_case = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c
                                for c in value) for value in values)
    return {"type": "string", "maxLength": MAX_TEXT["rule"],
            "anyOf": [{"enum": values, "markdownEnumDescriptions": docs,
                       "errorMessage": _(MESSAGES["rule"])},
                      {"pattern": f"^(?:{any_case})$"}]}


def _draft07(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {"$schema": DRAFT_07, "title": title}
    out.update(schema)
    out["title"] = title
    nodes = {model.__name__: out, **definitions}
    for name, node in nodes.items():
        if node is not out:
            node.pop("title", None)
        node["description"] = _(_doc(node.get("description")) or FIELDS[name])
        node.setdefault("additionalProperties", False)
        for field, prop in node.get("properties", {}).items():
            _plain(prop)
            _shaped(prop)
            _enum_docs(prop)
            _describe(name, field, prop)
    if "Dropped" in definitions:  # `dropped:` left empty is no drop
        definitions["Dropped"]["type"] = ["object", "null"]
    if "Objective" in definitions:
        aligns = definitions["Objective"]["properties"]["aligns_to"]
        aligns.update(pattern=REF_PATTERN, patternErrorMessage=_(MESSAGES["ref"]))
        aligns.pop("errorMessage", None)
    if "KeyResult" in definitions:
        key_result(definitions["KeyResult"])
    if "LintSettings" in definitions:
        lint = definitions["LintSettings"]["properties"]
        definitions["Rule"] = _rules()
        lint["ignore"]["items"] = {"$ref": "#/definitions/Rule"}
        lint["severity"]["propertyNames"] = {"$ref": "#/definitions/Rule"}
        _enum_docs(lint["severity"]["additionalProperties"])
    if definitions:
        out["definitions"] = definitions
    return json.loads(json.dumps(copy.deepcopy(out)))


def okr_file_schema() -> dict[str, Any]:
    """The schema of an OKR file, in the active language."""
    return _draft07(OkrFile, _("okr file"))


def config_schema() -> dict[str, Any]:
    """The schema of okr.yaml, in the active language."""
    return _draft07(Config, "okr.yaml")
