"""The rules of the first half of the registry speak Chinese: each FAIL example of their
docstrings, read with the language zh-CN, gives the findings it gives in English (same
codes, lines and columns) with a Chinese message; `--list-rules` shows their Chinese
summaries with codes and names unchanged.

The examples are those of tests/test_rule_examples.py (parsed and written the same way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import session
from okrcli import checks, i18n
from okrcli.checks.rules import (
    alignment_loop,
    alignment_too_deep,
    anchor_alias,
    checkin_after_drop,
    checkin_in_future,
    checkin_outside_cycle,
    checkin_value_kind,
    committed_under_one,
    confusable_id,
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
)
from okrcli.diagnostics import Diagnostic, Rule, split_doc
from okrcli.services import check
from test_rule_examples import Example, examples, run

MODULES = (alignment_loop, alignment_too_deep, anchor_alias, checkin_after_drop,
           checkin_in_future, checkin_outside_cycle, checkin_value_kind, committed_under_one,
           confusable_id, due_outside_cycle, duplicate_id, duplicate_key, duplicate_owner_file,
           encoding, file_too_large, invalid_date, invalid_id, kind_fields, metric_without_unit,
           missing_field)
RULES: tuple[Rule, ...] = tuple(m.RULE for m in MODULES)

CASES = [(rule, n, ex) for rule in RULES for n, ex in enumerate(examples(rule))
         if ex.kind == "FAIL"]

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What stays as written in every language: quoted values, `code`, Unicode names of letters.
VERBATIM = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|U\+[0-9A-F]{4,6}(?: [A-Z][A-Za-z-]*)*")
# Three English words in a row (ids, refs, dates, keys and codes are single words).
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b")


def english_sentence(message: str) -> str | None:
    match = ENGLISH.search(VERBATIM.sub(" ", message))
    return match.group(0) if match else None


def in_language(lang: str, root: Path, example: Example) -> list[Diagnostic]:
    i18n.use(lang)
    try:
        return check.run(session(root), example.today, use_cache=False).diagnostics
    finally:
        i18n.use(i18n.ENGLISH)


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.use(i18n.ENGLISH)


@pytest.mark.parametrize(
    ("rule", "n", "example"),
    CASES,
    ids=[f"{r.code}-fail{n}" for r, n, _e in CASES])
def test_fail_example_in_chinese(tmp_path, rule, n, example):
    root = tmp_path / "ws"
    run(example, root)  # writes the example's files into a copy of the examples' workspace
    english = [d for d in in_language(i18n.ENGLISH, root, example) if d.code == rule.code]
    chinese = [d for d in in_language(i18n.CHINESE, root, example) if d.code == rule.code]

    def place(found: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
        return sorted((d.path, d.line, d.col, d.code) for d in found)

    assert place(chinese) == place(english) == sorted(example.marks)
    for found in chinese:
        assert CHINESE.search(found.message), found.message
        assert english_sentence(found.message) is None, found.message
    assert {d.message for d in chinese}.isdisjoint(d.message for d in english)


def test_every_rule_of_this_half_has_its_chinese_prose():
    i18n.use(i18n.CHINESE)
    for rule in RULES:
        prose = rule.prose
        assert CHINESE.search(rule.summary), rule.code
        assert english_sentence(prose) is None, (rule.code, english_sentence(prose))
        # The examples stay as they are, after the translated prose.
        assert rule.explanation == prose + "\n\n" + split_doc(rule.doc)[1]


def test_list_rules_in_chinese(okr):
    result = okr("--lang", "zh-CN", "check", "--list-rules", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    i18n.use(i18n.CHINESE)
    for rule in RULES:
        line = lines[rule.code]
        assert line.split()[:3] == [rule.code, rule.name, i18n._(rule.severity.value)], line
        assert rule.summary in line and CHINESE.search(rule.summary), line
    i18n.use(i18n.ENGLISH)
    english = okr("check", "--list-rules", env={"COLUMNS": "200"}).stdout
    for rule in RULES:
        assert rule.summary in english and not CHINESE.search(rule.summary)


def test_registry_and_codes_are_the_same_in_both_languages():
    assert {r.code for r in RULES} <= set(checks.BY_CODE)
    for rule in RULES:
        assert checks.lookup(rule.name) is rule and checks.lookup(rule.code) is rule
