"""JSON Schema (draft-07) of the file formats, from the Pydantic models, for editors such
as VS Code's YAML extension and for tools such as check-jsonschema."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from okrcli.model import Config, OkrFile

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft07(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {"$schema": DRAFT_07, "title": title, "description": description}
    out.update(schema)
    out["title"] = title
    if definitions:
        out["definitions"] = definitions
    for node in [out, *definitions.values()]:
        if node.get("type") == "object":
            node.setdefault("additionalProperties", False)
    # draft-07 validators reject nothing for unknown "format" values; dates stay strings.
    return json.loads(json.dumps(out))


def okr_file_schema() -> dict[str, Any]:
    return _draft07(OkrFile, "okr file",
                    "One owner's objectives and key results for one cycle (okr).")


def config_schema() -> dict[str, Any]:
    return _draft07(Config, "okr.yaml",
                    "An okr workspace: cycles, teams, people and settings.")
