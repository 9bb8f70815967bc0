"""The command line in Chinese: every command's --help, the messages and usage errors of
cli/, the guided check-in's questions and ``okr check --explain`` (its prose translated,
its examples as they are). The English of the same commands is the rest of the suite."""

from __future__ import annotations

import inspect
import re

import pytest

ZH = {"OKR_LANG": "zh-CN"}
HAN = re.compile(r"[\u4e00-\u9fff]")
FOLLOWERS = "marketing/awareness/followers"


def _zh():
    from okrcli.catalogue import load

    return load("zh-CN")


def _squeezed(text: str) -> str:
    """Without any white space: a help text is the same however Click wraps it."""
    return re.sub(r"\s+", "", text)


def _sentences(text: str | None) -> list[str]:
    """The paragraphs of an English help text that are words (not only YYYY-MM-DD)."""
    return [p for p in (text or "").split("\n\n") if re.search(r"\b[A-Za-z][a-z]+\b", p)]


def _commands():
    """(path, click command) of every command and sub-command, groups included."""
    import typer

    from okrcli.cli import app

    todo = [((), typer.main.get_command(app))]
    while todo:
        path, cmd = todo.pop(0)
        yield path, cmd
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            todo.append(((*path, name), sub))


COMMANDS = [path for path, _cmd in _commands() if path]


def _command(path: tuple[str, ...]):
    return dict(_commands())[path]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_help_is_chinese(okr, path):
    cmd = _command(path)
    result = okr(*path, "--help", env=ZH, root=False)
    assert result.exit_code == 0, result.output
    out = _squeezed(result.stdout)
    zh = _zh()
    assert _sentences(cmd.help), path  # every command says what it does
    for text in [cmd.help, *(p.help for p in cmd.params)]:
        if not _sentences(text):
            continue
        translated = zh.gettext(text)
        assert translated != text and HAN.search(translated), text
        assert _squeezed(translated) in out, (text, result.stdout)
        for english in _sentences(text):
            assert _squeezed(english)[:40] not in out, (english, result.stdout)


def test_the_command_lists_are_chinese(okr):
    for path, cmd in _commands():
        if not getattr(cmd, "commands", None):
            continue
        out = _squeezed(okr(*path, "--help", env=ZH, root=False).stdout)
        for name, sub in cmd.commands.items():
            first = _sentences(sub.help)[0]
            assert _squeezed(first)[:20] not in out, (path, name)
            summary = re.split(r"(?<=[。！？])", _zh().gettext(sub.help).strip())[0]
            assert _squeezed(summary) in out, (path, name)  # its first sentence, whole


def test_the_latest_checkins_of_show_are_the_renderers_number():
    from okrcli.render import SHOWN_CHECKINS

    every = next(p for p in _command(("show",)).params if p.name == "every")
    assert every.help.endswith(f" the latest {SHOWN_CHECKINS}.")
    assert f"最近 {SHOWN_CHECKINS} 条" in _zh().gettext(every.help)


def test_bad_parameters_are_chinese(okr):
    result = okr("status", "--today", "2026-13-01", env=ZH)
    assert result.exit_code == 2
    assert "'2026-13-01' 不是 YYYY-MM-DD 格式的日期" in result.stderr
    assert "is not a date" not in result.stderr
    result = okr("status", "--since", "2026-11-01", "--format", "json", env=ZH)
    assert result.exit_code == 2
    assert "只用于表格和 markdown" in result.stderr and "is for the table" not in result.stderr
    result = okr("cycle", "add", "2027-Q1", "--start", "2027-03-01", "--end", "2027-01-01",
                 env=ZH)
    assert result.exit_code == 2 and "okr: --end 早于 --start" in result.stderr


@pytest.mark.parametrize(("args", "said", "english"), [
    (("checkin", "--note", "x"), "--note 需要 OWNER/OBJ/KR 和 VALUE", "need"),
    (("checkin", "--note", "x", "--amend"), "--note, --amend 需要 OWNER/OBJ/KR", "need"),
    (("checkin",), "只在终端上提问", "give"),
    (("checkin", FOLLOWERS), "缺少 VALUE", "missing"),
    (("checkin", FOLLOWERS, "3", "--owner", "sales"), "--owner 只用于引导式进展更新", "is for"),
])
def test_checkin_usage_errors_are_chinese(okr, args, said, english):
    result = okr(*args, env=ZH)
    assert result.exit_code == 2
    assert said in result.stderr and english not in result.stderr


def test_what_a_write_did_is_chinese(okr):
    result = okr("objective", "add", "sales", "拓展西南市场", env=ZH)
    assert result.exit_code == 0, result.stderr
    assert "（okrs/2026-Q4/sales.yaml）" in result.stdout
    assert " in okrs/" not in result.stdout
    result = okr("checkin", FOLLOWERS, "12000", env=ZH)
    assert result.exit_code == 0, result.stderr
    assert "（okrs/2026-Q4/marketing.yaml）：得分 " in result.stdout
    assert ": score" not in result.stdout


@pytest.fixture
def terminal(monkeypatch):
    """Pretend a person sits at a terminal."""
    from okrcli.cli import checkin

    monkeypatch.setattr(checkin, "interactive", lambda: True)


def _typing(okr, *args: str, input: str):
    from okrcli.cli import app

    return okr.runner.invoke(app, [*args, "--root", str(okr.root)], input=input,
                             env={"OKR_TODAY": "2026-11-26", "COLUMNS": "120",
                                  "NO_COLOR": None, **ZH}, catch_exceptions=False)


def test_the_guided_checkin_asks_in_chinese(okr, terminal):
    result = _typing(okr, "checkin", "--owner", "marketing", input="\n")
    assert result.exit_code == 0, result.stderr
    assert "当前值（数字；回车跳过）：" in result.stdout
    assert "没有要写入的内容：所有关键结果都已跳过" in result.stdout
    result = _typing(okr, "checkin", "--owner", "li.na", input="31\n0.5\n稳步\n\n\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "信心指数 0..1（回车" in out and "备注（回车：不填）：" in out
    assert "已将 1 条进展更新写入 okrs/2026-Q4/li.na.yaml" in out
    for english in ("(a number; Enter skips)", "Enter keeps", "(Enter: none)",
                    "wrote 1 check-in"):
        assert english not in out


def test_a_second_checkin_on_a_date_asks_in_chinese(okr, terminal):
    assert okr("checkin", FOLLOWERS, "72").exit_code == 0
    result = _typing(okr, "checkin", FOLLOWERS, "27", input="n\n")
    assert result.exit_code == 1
    assert f"{FOLLOWERS} 在 2026-11-26 已有一条进展更新（72）：要替换吗？" in result.stdout
    assert "okr: 未写入任何文件" in result.stderr
    assert "replace it?" not in result.stdout


def test_the_question_takes_a_chinese_answer(okr, example, terminal):
    assert okr("checkin", FOLLOWERS, "72").exit_code == 0
    result = _typing(okr, "checkin", FOLLOWERS, "27", input="也许\n是\n")
    assert result.exit_code == 0, result.output
    assert "要替换吗？ [y/N]：" in result.stdout
    assert "请回答 y（是）或 n（否）" in result.stdout  # an answer it does not know: asked again
    assert "Error: invalid input" not in result.output
    text = (example / "okrs" / "2026-Q4" / "marketing.yaml").read_text(encoding="utf-8")
    assert "value: 27" in text and "value: 72" not in text


def test_explain_says_the_rule_in_chinese_then_its_examples(okr):
    from okrcli import checks
    from okrcli.diagnostics import split_doc

    rule = checks.rule("OKR207")
    prose, examples = split_doc(rule.doc)
    result = okr("--lang", "zh-CN", "check", "--explain", "OKR207", root=False)
    assert result.exit_code == 0
    head, rest = result.stdout.split("\n\n", 1)
    assert head == "OKR207 activity-key-result（警告）"
    said, found, after = rest.partition(examples)
    assert found, "the examples are printed as they are"
    assert said == _zh().gettext(prose) + "\n\n"
    assert after.startswith("\n\n") and after.endswith("\n")


def test_explain_in_english_is_the_rules_docstring(okr):
    from okrcli import checks

    for rule in checks.RULES:
        result = okr("check", "--explain", rule.code, root=False)
        assert result.stdout == (f"{rule.code} {rule.name} ({rule.severity.value})\n\n"
                                 f"{inspect.cleandoc(rule.doc)}\n\n{checks.EXAMPLES}")
