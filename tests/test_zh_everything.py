"""Nothing left in English: every command on the Chinese example, with --lang zh-CN, says
no English word of the catalogue (ids, refs, codes, option names and user text aside); and
what machines read is the same in both languages."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import catalog

OBJ = "marketing/awareness"
KR = "marketing/awareness/followers"
# Words that are the same in both languages: names of things, formats, machine words.
SAME = {"okr", "okrs", "yaml", "json", "html", "markdown", "git", "csv", "tsv", "junit",
        "github", "bash", "zsh", "fish", "table", "text", "schema", "draft", "utf",
        "ci", "kr", "krs", "id", "ids", "pre", "commit", "hook", "done", "not", "true",
        "false", "null", "debug", "lang", "en", "zh", "cn", "rich", "typer", "click",
        "the", "and", "for", "eval", "grep", "mib", "kib", "gib",
        "unicode"}


def _vocabulary() -> set[str]:
    """Every English word of the catalogue's messages, placeholders aside."""
    words: set[str] = set()
    for message in catalog.template():
        for text in [message.id] if isinstance(message.id, str) else message.id:
            text = re.sub(r"\{[^{}]*\}", " ", text)
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return words - SAME


def _user_words() -> set[str]:
    """Every word of the example's own text: ids, titles, notes, names, units, keys."""
    text = "".join(p.read_text(encoding="utf-8") for p in EXAMPLE.rglob("*.yaml"))
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


VOCABULARY = _vocabulary()
USER = _user_words()
MACHINE = re.compile(  # what is not the tool's prose: gone before words are looked at
    r"`[^`\n]*`"  # commands and YAML in backticks
    r"|\b(?:okr|git)(?: [a-z][\w.-]*){0,2}"  # commands: okr kr add, git config user.email
    r"|^ {2,4}[a-z][a-z-]*(?= {2})"  # a command in a list of commands
    r"|GitHub Actions"
    r"|\[[^\]\n]*：[^\]\n]*\]"  # Typer's [默认：table]: the value is a machine word
    r"|'[^'\n]*'|“[^”\n]*”"  # values and names quoted (choices, a README section)
    r"|<[^>\n]*>|\{[^}\n]*\}|\[[A-Z][^\]\n]*\]|\[[a-z]+\]"  # metavars
    r"|--?[A-Za-z][\w-]*"  # options
    r"|[\w.@-]*[/._][\w./@-]*"  # refs, paths, files, versions
    r"|\b[a-z]+(?:-[a-z]+)+\b"  # rule names (kebab-case)
    r"|\b[A-Z][A-Z0-9_]+\b"  # codes, metavars, environment variables
    r"|https?://\S+", re.MULTILINE)


def leaks(output: str) -> list[str]:
    text = MACHINE.sub(" ", output)
    text = MACHINE.sub(" ", text)  # once more: what the first pass left at a line's start
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text)
                   if w.lower() in VOCABULARY and w.lower() not in USER})


def _commands(group, path=()):
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield (*path, name)
        yield from _commands(command, (*path, name))


def _all_command_paths():
    import typer.main

    from okrcli.cli import app

    return [(), *_commands(typer.main.get_command(app))]


@pytest.fixture
def zh(okr):
    def run(*args: str, code: int | None = 0, width: str = "120", root: bool = True):
        result = okr("--lang", "zh-CN", *args, env={"COLUMNS": width}, root=root)
        if code is not None:
            assert result.exit_code == code, (args, result.output)
        return result.output
    return run


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "okr")
def test_help_of_every_command_is_chinese(zh, path):
    for width in ("80", "120"):
        out = zh(*path, "--help", width=width, root=False)
        assert leaks(out) == [], (path, width, leaks(out), out)
        assert re.search(r"[\u4e00-\u9fff]", out)


READS = [
    ("status",), ("status", "marketing"), ("status", "--format", "markdown"),
    ("status", "--since", "2026-11-01"), ("status", "sales", "--members"),
    ("tree",), ("show", OBJ), ("show", KR), ("show", "service/response/first-reply"),
    ("grade",), ("grade", "--format", "markdown"), ("report",), ("kr", "list"),
    ("kr", "list", "--format", "table"), ("check",), ("check", "--list-rules"),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
@pytest.mark.parametrize("width", ["80", "120"])
def test_every_screen_is_chinese(okr, args, width):
    result = okr("--lang", "zh-CN", *args, env={"COLUMNS": width})
    assert result.exit_code in (0, 1), result.output
    assert leaks(result.output) == [], (leaks(result.output), result.output)
    assert re.search(r"[\u4e00-\u9fff]", result.output)


def test_every_rule_is_explained_in_chinese(zh):
    from okrcli import checks
    from okrcli.checks.rules import activity_key_result

    quoted = {w for words in activity_key_result.ENGLISH for w in words.split()}  # it lists
    left = {}
    for rule in checks.RULES:
        out = zh("check", "--explain", rule.code)
        prose = out.split("PASS:")[0].split("FAIL:")[0]
        if set(leaks(prose)) - quoted:
            left[rule.code] = leaks(prose)
        assert rule.code in out and rule.name in out
    assert left == {}


def test_the_dashboard_is_chinese(okr, tmp_path: Path):
    out = tmp_path / "report.html"
    result = okr("--lang", "zh-CN", "report", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    body = re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    assert leaks(body) == [], leaks(body)


def test_writing_commands_speak_chinese(okr, example: Path, tmp_path: Path):
    steps = [
        ("checkin", KR, "12000", "-c", "70%", "-n", "双十一"),
        ("checkin", KR, "12100", "--amend"),
        ("objective", "add", "marketing", "打造品牌", "--id", "brand"),
        ("kr", "add", "marketing/brand", "品牌搜索量达到一万", "--target", "10000",
         "--unit", "次"),
        ("kr", "drop", "marketing/brand/kr1", "--reason", "预算不足"),
        ("objective", "drop", "marketing/brand", "--reason", "合并到 awareness"),
        ("cycle", "add", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31"),
        ("team", "add", "logistics", "--name", "物流部", "--parent", "company"),
        ("person", "add", "zhao.min", "--name", "赵敏", "--team", "logistics"),
        ("checkin", "marketing/awareness/nope", "1"),  # refused: no such key result
        ("kr", "add", "nobody/x", "标题", "--target", "1"),  # refused
    ]
    for args in steps:
        result = okr("--lang", "zh-CN", *args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert leaks(result.output) == [], (args, leaks(result.output), result.output)
    result = okr("--lang", "zh-CN", "init", str(tmp_path / "new"), root=False)
    assert result.exit_code == 0, result.output
    assert leaks(result.output) == [], result.output


def test_usage_errors_are_chinese(okr):
    for args in (("stauts",), ("status", "--formt", "json"), ("show",),
                 ("status", "--as-of", "2026-13-01"), ("checkin", KR, "x"),
                 ("status", "a", "b", "--format", "yaml")):
        result = okr("--lang", "zh-CN", *args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert leaks(result.output) == [], (args, leaks(result.output), result.output)
        assert re.search(r"[\u4e00-\u9fff]", result.output), result.output


# --- what machines read is the same in every language -------------------------------


JSON_COMMANDS = [
    ("status", "--format", "json"), ("tree", "--format", "json"),
    ("grade", "--format", "json"), ("report", "--format", "json"),
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_json_is_the_same_in_both_languages(okr, args):
    en = okr("--lang", "en", *args)
    zh = okr("--lang", "zh-CN", *args)
    assert en.exit_code == zh.exit_code == 0
    assert json.loads(en.stdout) == json.loads(zh.stdout)


@pytest.mark.parametrize("fmt", ["json", "github", "junit"])
def test_check_formats_keep_their_structure(okr, example: Path, fmt):
    (example / "okrs" / "2026-Q4" / "marketing.yaml").write_text(
        (EXAMPLE / "okrs" / "2026-Q4" / "marketing.yaml").read_text(encoding="utf-8")
        .replace("提高分销平台的市场知名度", "协助市场部提升 3 倍知名度"), encoding="utf-8")
    en = okr("--lang", "en", "check", "--format", fmt, "--strict")
    zh = okr("--lang", "zh-CN", "check", "--format", fmt, "--strict")
    assert en.exit_code == zh.exit_code
    if fmt == "json":
        en_items, zh_items = json.loads(en.stdout), json.loads(zh.stdout)
        assert en_items and [d.keys() for d in en_items] == [d.keys() for d in zh_items]
        assert ([{k: v for k, v in d.items() if k != "message"} for d in en_items]
                == [{k: v for k, v in d.items() if k != "message"} for d in zh_items])
        assert [d["message"] for d in en_items] != [d["message"] for d in zh_items]
    elif fmt == "github":
        shape = re.compile(r"::(\w+) ([^:]*)::")
        assert shape.findall(en.stdout) == shape.findall(zh.stdout)
        assert len(en.stdout.splitlines()) == len(zh.stdout.splitlines())
    else:
        tags = re.compile(r"<(/?\w+)((?: \w+=\"[^\"]*\")*)")
        en_tags = [(t, re.sub(r'message="[^"]*"', "", a)) for t, a in tags.findall(en.stdout)]
        zh_tags = [(t, re.sub(r'message="[^"]*"', "", a)) for t, a in tags.findall(zh.stdout)]
        assert en_tags == zh_tags
