"""Which language okr speaks: --lang, OKR_LANG, settings.language, the locale, English."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from okrcli import catalogue, i18n, language
from okrcli.sniff import sniff_language

NO_LOCALE = {"OKR_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


@pytest.mark.parametrize(("value", "expected"), [
    ("zh-CN", "zh-CN"), ("zh_CN", "zh-CN"), ("zh_CN.UTF-8", "zh-CN"), ("zh", "zh-CN"),
    ("zh_TW.UTF-8", "zh-CN"), ("zh-Hans", "zh-CN"), ("ZH-cn", "zh-CN"),
    ("en", "en"), ("en_US.UTF-8", "en"), ("C", "en"), ("POSIX", "en"), ("C.UTF-8", "en"),
    ("fr_FR.UTF-8", None), ("", None), (None, None), ("klingon", None),
])
def test_language_names(value, expected):
    assert i18n.normal(value) == expected


@pytest.mark.parametrize(("flag", "env", "setting", "expected"), [
    ("zh-CN", {"OKR_LANG": "en", "LANG": "en_US"}, "en", "zh-CN"),  # --lang first
    ("en", {"OKR_LANG": "zh-CN"}, "zh-CN", "en"),
    (None, {"OKR_LANG": "zh-CN"}, "en", "zh-CN"),  # then OKR_LANG
    (None, {"OKR_LANG": "en", "LANG": "zh_CN.UTF-8"}, "zh-CN", "en"),
    (None, {"LANG": "en_US.UTF-8"}, "zh-CN", "zh-CN"),  # then settings.language
    (None, {"LANG": "zh_CN.UTF-8"}, "en", "en"),
    (None, {"LANG": "zh_CN.UTF-8"}, None, "zh-CN"),  # then the locale
    (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, None, "en"),  # LC_ALL first
    (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US"}, None, "zh-CN"),
    (None, {"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, None, "zh-CN"),  # empty is unset
    (None, {"LANG": "fr_FR.UTF-8"}, None, "en"),  # a locale okr does not speak
    (None, {}, None, "en"),
    ("fr", {"OKR_LANG": "de"}, "xx", "en"),  # unknown values are passed over
    (None, {"OKR_LANG": "de", "LANG": "zh_CN"}, None, "zh-CN"),
])
def test_precedence(flag, env, setting, expected):
    assert i18n.choose(flag, env, setting) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("settings:\n  language: zh-CN\n", "zh-CN"),
    ("settings:\n  okr_dir: okrs\n  language: 'en'   # English\n", "en"),
    ('settings:\n\n  # a comment\n  language: "zh-CN"\nteams: []\n', "zh-CN"),
    ("settings: {okr_dir: okrs, language: zh-CN}\n", "zh-CN"),
    ("settings: {language: en}\n", "en"),
    ("settings:\n  okr_dir: okrs\nlanguage: zh-CN\n", None),  # not under settings
    ("teams:\n  - id: language\nsettings:\n  okr_dir: okrs\n", None),
    ("# settings:\n#   language: zh-CN\n", None),
    ("cycles: []\n", None),
    ("settings:\r\n  language: zh-CN\r\n", "zh-CN"),
])
def test_the_setting_is_found_without_parsing(text, expected):
    assert sniff_language(text.encode()) == expected


def test_the_setting_of_the_workspace_around(tmp_path: Path):
    (tmp_path / "okr.yaml").write_text("settings:\n  language: zh-CN\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert language.setting(None, deep) == "zh-CN"
    assert language.setting(str(tmp_path)) == "zh-CN"
    assert language.setting(str(tmp_path / "a")) is None  # --root names the workspace


def test_a_linked_or_odd_okr_yaml_chooses_nothing(tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("settings:\n  language: zh-CN\n", encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "okr.yaml").symlink_to(outside)
    assert language.setting(str(ws)) is None
    fifo = tmp_path / "fifo"
    fifo.mkdir()
    os.mkfifo(fifo / "okr.yaml")
    assert language.setting(str(fifo)) is None  # never blocks on a FIFO


@pytest.mark.parametrize(("args", "expected"), [
    (["--lang", "zh-CN", "status"], "zh-CN"),
    (["--lang=zh-CN", "status"], "zh-CN"),
    (["--debug", "--lang", "zh-CN", "status"], "zh-CN"),
    (["status", "--lang", "zh-CN"], None),  # a global option: before the command
    (["--", "--lang", "zh-CN"], None),
])
def test_the_global_option_is_read_before_the_command(args, expected):
    assert language.option(args, "--lang", leading=True) == expected


def test_the_example_speaks_chinese_by_its_setting(okr):
    result = okr("status", "--bogus", env=NO_LOCALE)
    assert result.exit_code == 2
    assert "没有这个选项" in result.output and "No such option" not in result.output


def test_flag_and_environment_override_the_setting(okr):
    assert "No such option" in okr("--lang", "en", "status", "--bogus", env=NO_LOCALE).output
    assert "No such option" in okr("status", "--bogus",
                                   env={**NO_LOCALE, "OKR_LANG": "en"}).output
    zh = okr("--lang", "zh-CN", "status", "--bogus", env={"OKR_LANG": "en"})
    assert "没有这个选项" in zh.output


def test_the_locale_decides_without_a_setting(tmp_path: Path, okr):
    (tmp_path / "okr.yaml").write_text("cycles: []\n", encoding="utf-8")
    env = {**NO_LOCALE, "LANG": "zh_CN.UTF-8"}
    result = okr("status", "--bogus", "--root", str(tmp_path), env=env, root=False)
    assert "没有这个选项" in result.output
    result = okr("status", "--bogus", "--root", str(tmp_path), root=False,
                 env={**env, "LC_ALL": "C"})
    assert "No such option" in result.output


def test_an_unknown_language_is_a_usage_error(okr):
    result = okr("--lang", "fr", "status")
    assert result.exit_code == 2
    assert "'fr'" in result.output and "zh-CN" in result.output


def test_a_wrong_setting_is_a_finding(okr, example: Path):
    config = example / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "language: zh-CN", "language: klingon"), encoding="utf-8")
    result = okr("check", "--format", "json")
    assert result.exit_code == 1
    assert '"path": "okr.yaml"' in result.output and "klingon" in result.output


def _cache_files(folder: Path) -> list[Path]:
    return sorted((folder / "lang").glob("okr-zh_CN-*.mo"))


def test_the_catalogue_is_compiled_once_and_kept(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    first = catalogue.load("zh-CN")
    kept = _cache_files(tmp_path / "cache")
    assert len(kept) == 1
    assert stat.S_IMODE(kept[0].stat().st_mode) & 0o022 == 0
    second = catalogue.load("zh-CN")  # read from the cache
    assert first.gettext("Options") == second.gettext("Options") == "选项"
    kept[0].write_bytes(b"\x95\x04\x12\xde broken")  # a broken .mo is compiled again
    assert catalogue.load("zh-CN").gettext("Options") == "选项"


def test_a_cache_folder_others_may_write_is_not_used(tmp_path: Path, monkeypatch):
    folder = tmp_path / "cache"
    (folder / "lang").mkdir(parents=True)
    folder.chmod(0o777)
    monkeypatch.setenv("OKR_CACHE_DIR", str(folder))
    assert catalogue.load("zh-CN").gettext("Options") == "选项"  # compiled in memory
    assert _cache_files(folder) == []


def test_a_language_without_a_catalogue_is_english():
    assert catalogue.load("xx").gettext("Options") == "Options"


def test_the_language_is_chosen_without_the_heavy_libraries(tmp_path: Path):
    (tmp_path / "okr.yaml").write_text("settings:\n  language: zh-CN\n", encoding="utf-8")
    code = ("import sys, os; sys.argv = ['okr', '--help']; from okrcli.entry import main; "
            "main(); heavy = [m for m in ('pydantic', 'ruamel', 'typer', 'rich', "
            "'okrcli.store', 'polib') if m in sys.modules]; assert not heavy, heavy")
    env = {k: v for k, v in os.environ.items() if k not in ("OKR_LANG", "LANG", "LC_ALL")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env={**env, "COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert "用法" in result.stdout and "Usage" not in result.stdout


def test_init_writes_the_language(okr, tmp_path: Path):
    target = tmp_path / "acme"
    result = okr("init", str(target), "--lang", "zh-CN", "--organization", "星链",
                 root=False, env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    assert "已" in result.output  # it says what it did in the workspace's language
    text = (target / "okr.yaml").read_text(encoding="utf-8")
    assert "settings:\n  language: zh-CN\n" in text
    assert sniff_language(text.encode()) == "zh-CN"
    assert okr("check", "--root", str(target), root=False).exit_code == 0
    out = okr("status", "--bogus", "--root", str(target), root=False, env=NO_LOCALE).output
    assert "没有这个选项" in out


def test_init_without_lang_leaves_the_choice_to_each_reader(okr, tmp_path: Path):
    target = tmp_path / "acme"
    assert okr("init", str(target), root=False).exit_code == 0
    assert "settings" not in (target / "okr.yaml").read_text(encoding="utf-8")


def test_init_an_example_in_english(okr, tmp_path: Path):
    target = tmp_path / "demo"
    result = okr("init", str(target), "--example", "distribution-platform", "--lang", "en",
                 root=False)
    assert result.exit_code == 0, result.output
    text = (target / "okr.yaml").read_text(encoding="utf-8")
    assert sniff_language(text.encode()) == "en"
    assert "\n  language: en\n" in text  # not "# the tool speaks Chinese here" (a trial's)
    assert okr("check", "--root", str(target), root=False).exit_code == 0
    out = okr("status", "--bogus", "--root", str(target), root=False, env=NO_LOCALE).output
    assert "No such option" in out


def test_okr_and_a_group_alone_print_their_help(okr):
    for args in ((), ("kr",)):
        for lang, usage in (("en", "Usage:"), ("zh-CN", "用法：")):
            result = okr(*args, root=False, env={"OKR_LANG": lang})
            assert result.exit_code == 2
            assert result.output.startswith(usage), result.output
            assert "Error:" not in result.output and "错误：" not in result.output


def test_a_deleted_current_folder_or_an_odd_root_chooses_nothing(tmp_path: Path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert language.decide(["status"], {"LANG": "zh_CN.UTF-8"}) == "zh-CN"  # the locale
    assert language.decide(["status"], {"OKR_ROOT": "~nosuchuser/x"}) == "en"


def test_no_home_folder_keeps_nothing(monkeypatch):
    from okrcli import private

    monkeypatch.delenv("OKR_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert private.folder() is None
    assert catalogue.load("zh-CN").gettext("Options") == "选项"  # compiled in memory


def test_a_command_speaks_its_workspaces_language(okr, example: Path, tmp_path: Path):
    """okr check PATH from outside the workspace (pre-commit at a repository's root)."""
    (tmp_path / "okr.yaml").write_text("settings: {language: en}\n", encoding="utf-8")
    env = {**NO_LOCALE}
    result = okr("check", str(example / "okrs"), root=False, env=env)
    assert "条提示" in result.output or "个提示" in result.output, result.output
    result = okr("check", str(example / "okrs"), root=False, env={**env, "OKR_LANG": "en"})
    assert "info" in result.output


def test_no_cache_turns_off_the_check_cache_not_the_catalogues(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OKR_NO_CACHE", "1")
    catalogue.load("zh-CN")
    assert len(_cache_files(tmp_path / "cache")) == 1


def test_init_of_the_chinese_example_says_so_in_chinese(okr, tmp_path: Path):
    result = okr("init", str(tmp_path / "demo"), "--example", "distribution-platform",
                 root=False, env=NO_LOCALE)
    assert result.exit_code == 0 and "已把示例" in result.output, result.output
    result = okr("init", str(tmp_path / "demo2"), "--example", "distribution-platform",
                 root=False, env={**NO_LOCALE, "OKR_LANG": "en"})
    assert "copied example" in result.output
