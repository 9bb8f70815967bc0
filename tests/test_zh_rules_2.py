"""The rules of the second half (and the reader, the store) speak Chinese when asked: each
rule's FAIL example, checked in zh-CN, finds what it finds in English, at the same place,
with a message in Chinese; the language is chosen when the finding is made, never at
import; and outside any workspace the "no okr.yaml" error says so in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Okr, session
from okrcli import checks, i18n
from okrcli.services import check
from test_rule_examples import Example, examples, run

MODULES = ("not_a_file", "not_checked", "objective_without_key_results", "out_of_range",
           "same_day_checkins", "sideways_alignment", "stale_key_result", "team_loop",
           "too_long", "too_many_key_results", "too_many_objectives", "too_safe",
           "unaligned_objective", "unknown_alignment", "unknown_cycle", "unknown_key",
           "unknown_kr_owner", "unknown_owner", "unknown_rule", "unknown_team",
           "unsupported_yaml", "wrong_type", "yaml_syntax")
RULES = [m.RULE for m in checks.MODULES if m.__name__.rsplit(".", 1)[-1] in MODULES]
CASES = [(rule, n, ex) for rule in RULES for n, ex in enumerate(examples(rule))
         if ex.kind == "FAIL"]

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Words only an English sentence has (never an id, a key, a command or a code of okr's).
ENGLISH = re.compile(r"\b(?:the|is|are|was|be|of|to|has|have|no|not|an|and|or|but|with|its|"
                     r"must|this|that|than|in|on|at|for|from|could|would|fix|check|again|"
                     r"add|keep|focus|aim|write|remove|did|you|mean|known|expected|got|"
                     r"found|allowed|here|there|it|one|two|them|unknown|lists)\b")
QUOTED = re.compile(r"'[^']*'")


def english_words(message: str) -> list[str]:
    """The English words of a message, leaving out the values it quotes and the commands
    it names (``okr team add``, ``okr check --list-rules``) and its paths."""
    text = re.sub(r"\S*/\S*", "", QUOTED.sub("", message))
    text = re.sub(r"\bokr(?: [a-z]+){1,2}\b", "", text)
    return ENGLISH.findall(text)


def findings(example: Example, root: Path, lang: str) -> list[tuple[str, int, int, str, str]]:
    i18n.use(lang)
    try:
        run(example, root)  # lays the example out (and checks it, in that language)
        result = check.run(session(root), example.today, use_cache=False)
    finally:
        i18n.use(i18n.ENGLISH)
    return sorted((d.path, d.line, d.col, d.code, d.message) for d in result.diagnostics)


@pytest.mark.parametrize(("rule", "n", "example"), CASES,
                         ids=[f"{r.code}-fail{n}" for r, n, _ in CASES])
def test_a_fail_example_in_chinese_is_the_same_finding_in_chinese(tmp_path, rule, n, example):
    english = findings(example, tmp_path / "en", "en")
    chinese = findings(example, tmp_path / "zh", "zh-CN")
    # Every finding of the example (not only the rule's) is where it is in English.
    assert sorted(f[:4] for f in chinese) == sorted(f[:4] for f in english)
    assert sorted(f[:4] for f in chinese if f[3] == rule.code) == sorted(example.marks)
    assert all(english_words(f[4]) for f in english if f[3] == rule.code), english
    for *_, message in (f for f in chinese if f[3] == rule.code):
        assert CHINESE.search(message), message
        assert english_words(message) == [], message


def test_the_words_of_english_are_told_from_ids_keys_and_commands():
    assert english_words("objective marketing/awareness has no key result: add two")
    assert english_words("not checked: okrs/a.yaml could not be read; fix it")
    assert not english_words("负责人 'marketting' 不是团队：添加它（okr team add / okr "
                             "person add），或改正 id")
    assert not english_words("未知的规则 'x'：okr check --list-rules 会列出所有规则")
    assert not english_words("按行读取时 owner 是 'a'：请直接写成 owner: b")


def test_messages_are_translated_when_the_finding_is_made_not_at_import(tmp_path):
    """The rules are imported (the registry, at the top of this file) in English; a check
    made afterwards in Chinese speaks Chinese, and one in English after it English."""
    rule = checks.lookup("OKR101")
    assert rule is not None
    (example,) = [ex for ex in examples(rule) if ex.kind == "FAIL"]
    zh = findings(example, tmp_path / "zh", "zh-CN")
    en = findings(example, tmp_path / "en", "en")
    assert any(CHINESE.search(f[4]) for f in zh)
    assert not any(CHINESE.search(f[4]) for f in en)


def test_the_yaml_readers_problem_in_chinese_and_one_it_does_not_know_as_it_is():
    from okrcli.checks.rules import yaml_syntax

    i18n.use(i18n.CHINESE)
    try:
        known = yaml_syntax.finding("did not find expected key", 3, 5)
        tab = yaml_syntax.finding("found character that cannot start any token", 1, 1)
        unknown = yaml_syntax.finding("found something new", 1, 1)
        tag = yaml_syntax.finding("could not determine a constructor for the tag 'x'", 1, 1)
    finally:
        i18n.use(i18n.ENGLISH)
    assert known.message == "YAML 语法错误：没有找到预期的键" and known.pos == (3, 5)
    assert tab.message.startswith("YAML 语法错误：") and "制表符" in tab.message
    assert unknown.message == "YAML 语法错误：found something new"
    assert "'x'" in tag.message and english_words(tag.message) == []
    english = yaml_syntax.finding("found character that cannot start any token", 1, 1)
    assert english.message == ("YAML syntax: found character that cannot start any token "
                               "(a tab? YAML indents with spaces)")


def test_a_check_in_chinese_is_not_answered_from_one_in_english(tmp_path):
    """The cache is keyed by the language: the same bytes checked in English and then in
    Chinese give the Chinese messages, not the English ones cached."""
    rule = checks.lookup("OKR102")
    assert rule is not None
    (example,) = [ex for ex in examples(rule) if ex.kind == "FAIL"]
    root = tmp_path / "ws"
    run(example, root)
    found = {}
    for lang in ("en", "zh-CN", "en"):
        i18n.use(lang)
        try:
            result = check.run(session(root), example.today)
        finally:
            i18n.use(i18n.ENGLISH)
        found.setdefault(lang, []).append([d.message for d in result.diagnostics])
    assert found["en"][0] == found["en"][1]
    assert all(CHINESE.search(m) for m in found["zh-CN"][0])
    assert not any(CHINESE.search(m) for m in found["en"][0])


def test_no_workspace_is_said_in_chinese_with_the_same_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    okr = Okr(None)
    english = okr("status", root=False)
    chinese = okr("--lang", "zh-CN", "status", root=False)
    assert english.exit_code == chinese.exit_code == 1
    assert "no okr.yaml here or in any parent folder" in english.stderr
    assert "没有 okr.yaml" in chinese.stderr and "`okr init`" in chinese.stderr
    assert CHINESE.search(chinese.stderr) and english_words(chinese.stderr) == []
    assert "no okr.yaml" not in chinese.stderr


def test_the_choices_of_a_literal_are_said_in_the_readers_language():
    from okrcli.checks.rules.wrong_type import _choices

    pydantic = "'metric', 'threshold' or 'milestone'"
    assert _choices(pydantic) == pydantic  # English: Pydantic's own words
    i18n.use(i18n.CHINESE)
    try:
        assert _choices(pydantic) == "'metric'、'threshold' 或 'milestone'"
        assert _choices("'zh-CN' or 'en'") == "'zh-CN' 或 'en'"
        assert _choices("something else") == "something else"
    finally:
        i18n.use(i18n.ENGLISH)
