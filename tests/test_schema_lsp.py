"""The schema in the real client: the pinned yaml-language-server (tools/lsp, the server of
VS Code's YAML extension) driven over LSP with `yaml.schemas` settings, as a user's
.vscode/settings.json attaches it to okrs/**/*.yaml; and check-jsonschema on the same
folder. Each agrees with okr check: a file it accepts gets no diagnostic, a schema-level
problem one at okr check's line and column.

Needs node and `npm ci --prefix tools/lsp` (.ci/run does both): skipped where either is
missing, unless CI is set, where it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLE, session
from lsp.client import Client, missing
from okrcli import checks
from okrcli.diagnostics import Severity, Stage
from okrcli.schema import config_schema, okr_file_schema
from okrcli.services import check
from test_cases import TODAY

CASES = DATA / "cases"
# File rules a schema can say: a key result's kind and its keys and check-in values.
KIND_RULES = {"OKR013", "OKR108"}
# A schema-level finding no schema can give: `.nan` is neither above nor below any bound.
INEXPRESSIBLE = {"cases-nan-target.yaml"}


def _needed() -> None:
    why = missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install the language server (.ci/run does): {why}")
        pytest.skip(f"{why}; .ci/run installs it")


def sources() -> list[tuple[str, Path]]:
    """Every example file and every case-folder file, under the name it gets in okrs/."""
    found = [(f"example-{p.name}", p) for p in sorted((EXAMPLE / "okrs").rglob("*.yaml"))]
    for folder in (CASES, DATA / "schema-cases"):
        for path in sorted(folder.rglob("*.yaml")):
            if path.name != "okr.yaml":
                rel = path.relative_to(folder).as_posix().replace("/", "-")
                found.append((f"{folder.name}-{rel}", path))
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> tuple[Path, dict[str, set[tuple[int, int]]], set[str]]:
    """A workspace of every file, its schemas in .okr/; what okr check reports of each:
    the schema-level places, and the files refused before the schema (LOADER)."""
    root = tmp_path_factory.mktemp("lsp")
    shutil.copyfile(EXAMPLE / "okr.yaml", root / "okr.yaml")  # cases' owners and cycle too
    (root / "okrs").mkdir()
    for name, path in sources():
        shutil.copyfile(path, root / "okrs" / name)
    (root / ".okr").mkdir()
    (root / ".okr" / "okr-file.schema.json").write_text(json.dumps(okr_file_schema()))
    (root / ".okr" / "okr.schema.json").write_text(json.dumps(config_schema()))
    result = check.run(session(root), TODAY)
    places: dict[str, set[tuple[int, int]]] = {name: set() for name, _ in sources()}
    loader: set[str] = set()
    for d in result.diagnostics:
        name = d.path.split("/")[-1]
        if d.severity is not Severity.ERROR or name not in places:
            continue
        stage = checks.rule(d.code).stage
        if stage is Stage.LOADER:
            loader.add(name)
        elif stage is Stage.SCHEMA or d.code in KIND_RULES:
            places[name].add((d.line, d.col))
    return root, places, loader


def at(diagnostic: dict) -> tuple[int, int]:
    start = diagnostic["range"]["start"]
    return start["line"] + 1, start["character"] + 1


@pytest.fixture(scope="module")
def server(workspace):
    _needed()
    root = workspace[0]
    settings = {"yaml": {
        "validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False},
        "schemas": {(root / ".okr" / "okr-file.schema.json").as_uri(): ["okrs/**/*.yaml"],
                    (root / ".okr" / "okr.schema.json").as_uri(): ["okr.yaml"]}}}
    client = Client(root, settings)
    yield client
    client.close()


@pytest.fixture(scope="module")
def published(server, workspace):
    """Each file opened as an editor opens it, and the diagnostics the server gives it."""
    root = workspace[0]
    uris = {}
    for name, _path in sources():
        path = root / "okrs" / name
        try:
            uris[name] = server.open(path, path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue  # no editor opens it as text
    uris["okr.yaml"] = server.open(root / "okr.yaml")
    return {name: server.wait_diagnostics(uri) for name, uri in uris.items()}


def schema_level(diagnostics: list[dict]) -> set[tuple[int, int]]:
    return {at(d) for d in diagnostics if d.get("source", "").startswith("yaml-schema")}


def test_files_okr_check_accepts_get_no_diagnostic(workspace, published):
    _root, places, loader = workspace
    clean = [n for n in published if n != "okr.yaml" and n not in loader and not places[n]]
    assert len(clean) >= 14  # the example's files and the cases that pass the schema
    for name in clean:
        assert published[name] == [], name
    assert published["okr.yaml"] == []


def test_each_schema_level_case_is_reported_where_okr_check_reports_it(workspace, published):
    _root, places, loader = workspace
    bad = [n for n in published if n != "okr.yaml" and n not in loader and places[n]]
    assert len(bad) >= 18
    for name in bad:
        if name in INEXPRESSIBLE:
            assert published[name] == [], name
            continue
        assert schema_level(published[name]) == places[name], name


def _labels(items: list[dict]) -> dict[str, str]:
    def text(doc) -> str:
        return doc.get("value", "") if isinstance(doc, dict) else (doc or "")
    return {item["label"]: text(item.get("documentation")) for item in items}


KR = ("owner: sales\ncycle: 2026-Q4\nobjectives:\n  - id: o\n    title: 目标\n"
      "    key_results:\n      - id: k\n        title: 新客户\n{kind}        \n")


@pytest.mark.parametrize(("kind", "offered", "not_offered"), [
    ("", {"start", "target", "unit", "due", "weight", "checkins", "kind"}, {"above", "below"}),
    ("threshold", {"above", "below", "unit", "due"}, {"start", "target"}),
    ("milestone", {"due", "weight", "checkins", "owner"},
     {"start", "target", "above", "below", "unit"}),
])
def test_completion_in_a_key_result_offers_its_kind_keys_with_descriptions(
        workspace, server, kind, offered, not_offered):
    root = workspace[0]
    text = KR.format(kind=f"        kind: {kind}\n" if kind else "")
    line = text.count("\n") - 1
    uri = server.open(root / "okrs" / f"completion-{kind or 'metric'}.yaml", text)
    labels = _labels(server.complete(uri, line, 8))
    assert offered <= set(labels), sorted(labels)
    assert not not_offered & set(labels), sorted(labels)
    for key in offered:
        assert labels[key].strip(), key  # each with its description
    server.close_document(uri)


def test_check_jsonschema_agrees_with_okr_check(workspace):
    root, places, loader = workspace
    folder = root / "okrs"
    names = sorted(n for n in places if n not in loader)
    schema = root / ".okr" / "okr-file.schema.json"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), "-o", "json",
         *(str(folder / n) for n in names)], capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    failing = {Path(e["filename"]).name for e in report["errors"] + report["parse_errors"]}
    assert failing == {n for n in names if places[n]} - INEXPRESSIBLE
    config = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile",
         str(root / ".okr" / "okr.schema.json"), str(root / "okr.yaml")],
        capture_output=True, text=True, check=False)
    assert config.returncode == 0, config.stdout
