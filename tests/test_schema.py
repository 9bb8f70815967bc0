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
        for name, definition in schema.get("definitions", {}).items():
            if name == "KeyResult":  # closed in the branch of each kind
                for branch in definition["allOf"]:
                    assert branch["then"]["allOf"][0]["additionalProperties"] is False
            elif name != "Rule":
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
    written = json.loads(schema_file.read_text())
    assert written.pop("$comment").startswith("okr ")  # the version stamp (services/equip.py)
    assert written == okr_file_schema()
    config_first = (tmp_path / "w" / "okr.yaml").read_text().splitlines()[0]
    assert config_first == "# yaml-language-server: $schema=.okr/okr.schema.json"
    assert Path(tmp_path / "w" / ".okr" / "okr.schema.json").exists()


# --- issue 14: the schema says what okr check says, where a schema can -------------------

def _nodes(node, where=""):
    """Every schema node under ``node``, with where it is."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, f"{where}/{i}")


@pytest.mark.parametrize("build", [okr_file_schema, config_schema])
def test_every_property_has_a_description_and_every_enum_its_values_described(build):
    schema = build()
    for where, node in _nodes(schema):
        if isinstance(node.get("properties"), dict) and "/allOf/" not in where:
            for key, prop in node["properties"].items():
                assert isinstance(prop, dict) and prop.get("description"), f"{where}/{key}"
        if where.endswith("/then/allOf/0") and "properties" in node:  # a kind's own keys
            for key, prop in node["properties"].items():
                assert isinstance(prop, bool) or prop.get("description"), f"{where}/{key}"
        if "enum" in node and not where.endswith("/propertyNames"):  # values, not key names
            docs = node.get("markdownEnumDescriptions")
            assert docs and len(docs) == len(node["enum"]) and all(docs), where
        assert node.get("default", 0) is not None, where
        assert {"type": "null"} not in node.get("anyOf", []), where
        assert "$comment" not in node, where  # the version stamp of `equip` is its own


def test_descriptions_are_the_models_own_docs_marked_for_the_catalogue():
    from okrcli import model
    from okrcli.schema_text import FIELDS, MODEL_DOCS, field_docs

    own = field_docs("okrcli.model")

    docs = set()
    for cls in (model.Reopened, model.Cycle, model.Team, model.Person, model.LintSettings,
                model.Settings, model.Config, model.Checkin, model.Change, model.Correction,
                model.Dropped, model.KeyResult, model.Objective, model.OkrFile):
        if cls.__doc__ and cls.__name__ not in FIELDS:
            docs.add(" ".join(cls.__doc__.split()))
        for name in cls.model_fields:
            if (cls.__name__, name) in own:
                docs.add(" ".join(own[cls.__name__, name].split()))
                assert f"{cls.__name__}.{name}" not in FIELDS
            else:
                assert f"{cls.__name__}.{name}" in FIELDS
    assert docs == set(MODEL_DOCS)


def test_the_schema_built_in_chinese_is_in_chinese():
    from okrcli import i18n

    i18n.use("zh-CN")
    try:
        schema = okr_file_schema()
        config = config_schema()
    finally:
        i18n.use(i18n.ENGLISH)
    kr = schema["definitions"]["KeyResult"]
    assert kr["properties"]["due"]["description"] == "截止日期（默认：周期结束日）。"
    assert kr["properties"]["kind"]["markdownEnumDescriptions"][2].startswith("已完成")
    assert "应为数字" in json.dumps(schema, ensure_ascii=False)
    assert config["definitions"]["Settings"]["properties"]["grace_days"]["description"] \
        == "周期结束后仍可更新进展的天数。"
    assert okr_file_schema()["definitions"]["KeyResult"]["properties"]["due"][
        "description"] == "Due date (default: the cycle's end)."


KR = {"id": "k", "title": "t", "start": 0, "target": 10}


def _file(**kr):
    return {"owner": "sales", "cycle": "2026-Q4",
            "objectives": [{"id": "o", "title": "t", "key_results": [{**KR, **kr}]}]}


@pytest.mark.parametrize(("data", "valid"), [
    (_file(checkins=None, changes=None), True),  # `checkins:` with nothing after it
    ({"owner": "sales", "cycle": 2026, "objectives": None}, True),
    (_file(id=3, owner=None, unit=None, due=None, dropped=None, grade=None), True),
    (_file(checkins=[{"date": "2026-10-09", "value": 1, "confidence": None, "note": None}]),
     True),
    (_file(id=-3), False),
    (_file(due="2028-02-29"), True),
    (_file(due="2027-02-29"), False),
    (_file(target=float("inf")), False),
    (_file(above=3), False),  # a metric has no above
    (_file(target=None), False),  # ... and needs its target
    (_file(kind="threshold", start=None, target=None, above=99.5), True),
    (_file(kind="threshold", start=None, target=None, above=1, below=2), False),
    (_file(kind="threshold", start=None, target=None), False),
    (_file(kind="threshold", above=1), False),
    (_file(kind="milestone", start=None, target=None,
           checkins=[{"date": "2026-10-09", "value": True}]), True),
    (_file(kind="milestone", start=None, target=None,
           checkins=[{"date": "2026-10-09", "value": 1}]), False),
    (_file(checkins=[{"date": "2026-10-09", "value": True}]), False),
    (_file(kind="milestone", start=None, target=None, unit="%"), False),
])
def test_schema_and_model_agree(data, valid):
    data = json.loads(json.dumps(data))
    for kr in data.get("objectives") or []:
        for item in kr["key_results"]:
            for key in [k for k, v in item.items() if v is None and k in ("start", "target")]:
                del item[key]
    errors = list(validator(okr_file_schema()).iter_errors(data))
    assert (not errors) is valid, errors


@pytest.mark.parametrize(("kr", "valid"), [
    # okr check (OKR013, as the model) counts a key left empty as absent (a review's finding)
    ({"kind": "threshold", "above": 99.9, "below": None}, True),
    ({"kind": "threshold", "above": None, "below": 3}, True),
    ({"kind": "threshold", "above": None, "below": None}, False),
    ({"kind": "milestone", "unit": None}, True),
    ({"kind": "milestone", "target": None, "above": None}, True),
    ({"kind": "metric", "start": 0, "target": 10, "above": None, "below": None}, True),
    ({"kind": "metric", "start": None, "target": 10}, False),
    ({"start": 0, "target": None}, False),
])
def test_a_key_left_empty_counts_as_absent_as_in_okr_check(kr, valid):
    data = {"owner": "sales", "cycle": "2026-Q4",
            "objectives": [{"id": "o", "title": "t", "key_results": [{"id": "k", "title": "t",
                                                                        **kr}]}]}
    errors = list(validator(okr_file_schema()).iter_errors(data))
    assert (not errors) is valid, errors


def test_a_key_result_with_an_unknown_key_is_not_judged_by_its_kind():
    """okr check refuses `targt:` (OKR003, at the key) and judges no kind: the editor says
    the same, not also "a metric needs start and target" (a trial's finding)."""
    data = {"owner": "sales", "cycle": "2026-Q4", "objectives": [{"id": "o", "title": "t",
            "key_results": [{"id": "k", "title": "t", "start": 0, "targt": 10}]}]}
    errors = list(validator(okr_file_schema()).iter_errors(data))
    assert errors and all("targt" in error.message for error in errors), errors


@pytest.mark.parametrize(("aligns_to", "valid"), [
    ("company/customers", True), ("company/customers/nps", True), ("/company/c/", True),
    ("company", False), ("a/b/c/d", False), ("company/has space", False)])
def test_aligns_to_has_the_form_of_a_reference(aligns_to, valid):
    data = {"owner": "sales", "cycle": "2026-Q4",
            "objectives": [{"id": "o", "title": "t", "aligns_to": aligns_to}]}
    assert validator(okr_file_schema()).is_valid(data) is valid


@pytest.mark.parametrize(("settings", "valid"), [
    ({"stale_after_days": -3}, False), ({"grace_days": 3651}, False),
    ({"stale_after_days": 0}, True), ({"lint": {"max_objectives": -1}}, False),
    ({"lint": {"ignore": ["metric-without-unit", "OKR208", "okr208"]}}, True),
    ({"lint": {"ignore": ["metric-without-units"]}}, False),
    ({"lint": {"severity": {"OKR208": "off", "too-safe": "info"}}}, True),
    ({"lint": {"severity": {"OKR999": "off"}}}, False),
    ({"lint": {"severity": {"OKR208": "loud"}}}, False),
    ({"language": "zh-CN"}, True), ({"language": "fr"}, False)])
def test_settings_have_bounds_and_rule_names(settings, valid):
    data = {"cycles": [], "settings": settings}
    assert validator(config_schema()).is_valid(data) is valid
