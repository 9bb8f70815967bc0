"""okr schema: a draft-07 JSON Schema that editors and check-jsonschema can use, and that
agrees with okr check on schema-level problems."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, EXAMPLE, Okr
from okrcli.model import OkrFile
from okrcli.pipeline import Valid, read
from okrcli.schema import config_schema, okr_file_schema
from okrcli.yamlio import safe_yaml

BAD = sorted((DATA / "schema-cases").glob("*.yaml"))


def plain(data):
    """YAML data as JSON would carry it (dates as strings)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft7Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_schema_is_draft_07_with_descriptions_and_closed_objects():
    for schema in (okr_file_schema(), config_schema()):
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert schema["additionalProperties"] is False
        for definition in schema.get("definitions", {}).values():
            assert definition["additionalProperties"] is False
        assert schema["description"]
    kr = okr_file_schema()["definitions"]["KeyResult"]
    assert kr["properties"]["kind"]["description"].startswith("metric")


@pytest.mark.parametrize("path", sorted((EXAMPLE / "okrs").rglob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_example_file_validates(path):
    data = plain(safe_yaml().load(path.read_text(encoding="utf-8")))
    validator(okr_file_schema()).validate(data)


def test_example_config_validates():
    data = plain(safe_yaml().load((EXAMPLE / "okr.yaml").read_text(encoding="utf-8")))
    validator(config_schema()).validate(data)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_schema_and_check_agree_on_bad_files(path):
    raw = path.read_bytes()
    schema_errors = list(validator(okr_file_schema()).iter_errors(
        plain(safe_yaml().load(raw.decode()))))
    loaded = read(path, raw, OkrFile)
    assert schema_errors, "the schema accepts it"
    assert not isinstance(loaded, Valid), "okr check accepts it"


def test_schema_command(tmp_path):
    okr = Okr(None)
    result = okr("schema", root=False)
    assert result.exit_code == 0 and json.loads(result.stdout) == okr_file_schema()
    result = okr("schema", "--config", "-o", str(tmp_path / "c.json"), root=False)
    assert result.exit_code == 0
    assert json.loads((tmp_path / "c.json").read_text()) == config_schema()


def test_created_files_point_editors_at_the_schema(tmp_path):
    okr = Okr(tmp_path / "w")
    assert okr("init", str(tmp_path / "w"), root=False).exit_code == 0
    assert okr("objective", "add", "company", "赢得客户").exit_code == 0
    created = next((tmp_path / "w" / "okrs").rglob("company.yaml"))
    first = created.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../.okr/okr-file.schema.json"
    schema_file = (created.parent / first.split("=", 1)[1]).resolve()
    assert json.loads(schema_file.read_text()) == okr_file_schema()
    config_first = (tmp_path / "w" / "okr.yaml").read_text().splitlines()[0]
    assert config_first == "# yaml-language-server: $schema=.okr/okr.schema.json"
    assert Path(tmp_path / "w" / ".okr" / "okr.schema.json").exists()
