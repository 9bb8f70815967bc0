"""The native pass (validation.py) gives what the models' Python validators give: the same
model when it accepts a file, and the model's own errors and messages when it does not;
and it calls no Python validator for a plain file (that is its whole point)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from okrcli import validation, yamlio
from okrcli.model import Checkin, Config, KeyResult, OkrFile

ROOT = Path(__file__).parent.parent

# Every kind of value a number field meets: the edges of each range, the tiny and huge,
# the wrong types; each also as a list item and a boolean.
NUMBERS: list[Any] = [
    0, 1, -1, 7, 120, 0.5, -0.5, 1.0, 0.0, -0.0, 1e-9, -1e-9, 1e-10, -1e-10, 5e-324,
    10**15, -(10**15), 10**15 + 1, -(10**15) - 1, 1e15, -1e15, 1.0000000000000002e15,
    10**400, 1.5, 2, 0.999, 1.0000001, math.inf, -math.inf, math.nan, True, False, None,
    "7", "", "1e3", [1], {"a": 1}, dt.date(2026, 1, 1),
]


def outcome(model: type[BaseModel], data: Any) -> Any:
    """What the model's own validators say: the model dumped with the values' types, or
    each error's type, place and message."""
    try:
        return described(model.model_validate(data))
    except ValidationError as err:
        return [(e["type"], e["loc"], e["msg"]) for e in err.errors(include_url=False)]


def described(value: Any) -> Any:
    """A model as nested data that tells 1 from 1.0 and True, and which fields were set."""
    if isinstance(value, BaseModel):
        return (type(value).__name__, sorted(value.model_fields_set),
                {k: described(v) for k, v in value.__dict__.items()})
    if isinstance(value, list | tuple):
        return [described(v) for v in value]
    return (type(value).__name__, repr(value))


def same(model: type[BaseModel], data: Any) -> None:
    expected = outcome(model, data)
    try:
        got = described(validation.validate(model, data))
    except ValidationError as err:
        got = [(e["type"], e["loc"], e["msg"]) for e in err.errors(include_url=False)]
    assert got == expected, data
    try:  # and what the native pass alone accepts, the model accepts alike
        checker = validation.native_validator(model)
        assert checker is not None
        native = checker.validate_python(data)
    except ValidationError:
        return
    assert described(native) == expected, data


@pytest.mark.parametrize("value", NUMBERS, ids=repr)
def test_every_number_field_keeps_its_value_or_its_message(value: Any) -> None:
    kr = {"id": "k1", "title": "t", "checkins": []}
    same(KeyResult, {**kr, "start": value, "target": 10})  # Number
    same(KeyResult, {**kr, "weight": value})  # Positive
    same(KeyResult, {**kr, "grade": value})  # Fraction
    same(Checkin, {"date": dt.date(2026, 11, 1), "value": value})  # CheckinValue
    same(Checkin, {"date": dt.date(2026, 11, 1), "value": 1, "confidence": value})


@pytest.mark.parametrize("value", [
    "k1", "1", 1, "kr-1.a_b", "_k", "-k", "k" * 64, "k" * 65, "目标", "ａ", "k\n", "k/1",
    "k 1", "", None, True, 1.5, "ǅ", "a\u0301",
], ids=repr)
def test_ids_keep_their_rule(value: Any) -> None:
    same(KeyResult, {"id": value, "title": "t"})


@pytest.mark.parametrize("value", [
    dt.date(2026, 11, 1), dt.datetime(2026, 11, 1, 8, 0), "2026-11-01", "2026-02-30",
    "2026-1-1", 20261101, None,
], ids=repr)
def test_dates_keep_their_rule(value: Any) -> None:
    same(Checkin, {"date": value, "value": 1})


@pytest.mark.parametrize("value", ["", "x" * 500, "x" * 501, "长" * 501, 7, None, True],
                         ids=lambda v: repr(v)[:20])
def test_texts_keep_their_limits(value: Any) -> None:
    same(KeyResult, {"id": "k1", "title": value})
    same(Checkin, {"date": dt.date(2026, 11, 1), "value": 1, "note": value})


def corpus() -> list[Path]:
    files = [*(ROOT / "tests" / "data").rglob("*.yaml"), *(ROOT / "examples").rglob("*.yaml"),
             *(ROOT / "tests" / "data").rglob("*.yml")]
    assert len(files) > 40
    return sorted(files)


def test_every_file_of_the_tests_and_examples_reads_alike() -> None:
    compared = 0
    for path in corpus():
        decoded = yamlio.decode(path.read_bytes())
        if not isinstance(decoded, tuple):
            continue
        data, problems = yamlio.load(decoded[0])
        if problems or not isinstance(data, dict):
            continue
        model: type[BaseModel] = Config if path.name == "okr.yaml" else OkrFile
        same(model, data)
        compared += 1
    assert compared > 30


def test_a_plain_file_calls_no_python_validator() -> None:
    """The native schema of an OKR file keeps only the list helpers (null as an empty
    list, the item limits) and the rare fields' validators (changes, carried_from)."""
    left: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            if isinstance(kind, str) and kind.startswith("function") and kind != "function-wrap":
                function = node["function"]
                function = function.get("function") if isinstance(function, dict) else function
                left.add(getattr(function, "__name__", "?"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(validation.natively(OkrFile.__pydantic_core_schema__))
    assert left <= {"_none_is_empty", "max_length_validator", "_of_its_field", "_carried_from",
                    "?"}, left
    assert not left & {"_number", "_checkin_value", "_date", "_text", "_id", "check"}


def test_the_native_pass_builds_the_models_themselves() -> None:
    checker = validation.native_validator(OkrFile)
    assert checker is not None
    doc = checker.validate_python({
        "owner": "sales", "cycle": "2026-Q4", "objectives": [{"id": "o1", "title": "t"}]})
    assert type(doc) is OkrFile and type(doc.objectives[0]).__name__ == "Objective"
    assert OkrFile.__pydantic_complete__  # left as it was
    with pytest.raises(ValidationError):  # frozen, as the model's own
        doc.owner = "x"  # type: ignore[misc]


# --- the ended cycle: its grades once per check -------------------------------------------


def generated(tmp_path: Path, owners: int) -> Path:
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_workspace import generate
    generate(tmp_path / f"ws{owners}", owners, objectives=2, krs=2, checkins=3)
    return tmp_path / f"ws{owners}"


@pytest.mark.parametrize("today", [dt.date(2026, 11, 26), dt.date(2027, 1, 5)])
def test_a_check_scores_and_grades_each_cycle_once(tmp_path: Path, today: dt.date,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """OKR210 and OKR211 read the cycle's grades for every file: computed once per check,
    the check after the cycle's end stays linear in files."""
    from okrcli import grading, pipeline, scoring
    root = generated(tmp_path, 30)
    calls = {"grades": 0, "scores": 0}

    def counted(name: str, function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(grading, "objective_grades",
                        counted("grades", grading.objective_grades))
    monkeypatch.setattr(scoring, "evaluate_objectives",
                        counted("scores", scoring.evaluate_objectives))
    config = pipeline.read(root / "okr.yaml", (root / "okr.yaml").read_bytes(), Config)
    readings = [pipeline.read(p, p.read_bytes(), OkrFile)
                for p in sorted((root / "okrs").rglob("*.yaml"))]
    assert len(readings) == 30 and all(isinstance(r, pipeline.Valid) for r in readings)
    pipeline.check(config, readings, today, pipeline.policy_of(config), str)
    assert calls == {"grades": 1 if today.year == 2027 else 0, "scores": 1}


def test_a_native_validator_that_cannot_be_built_leaves_the_model_to_validate(monkeypatch):
    """A Pydantic whose schemas the native pass does not know costs speed, never a read."""
    from okrcli import validation
    from okrcli.model import OkrFile

    def broken(model):
        raise RuntimeError("unknown schema")

    monkeypatch.setattr(validation, "_NATIVE", {})
    monkeypatch.setattr(validation, "_build", broken)
    assert validation.native_validator(OkrFile) is None
    data = {"owner": "sales", "cycle": "2026-Q4", "objectives": []}
    assert validation.validate(OkrFile, data) == OkrFile.model_validate(data)
