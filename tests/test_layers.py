"""Arrows point one way: the model knows nothing of files, YAML, Rich or Typer; only cli/
prints; nothing below cli/ asks the clock for today."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import okrcli

PACKAGE = Path(okrcli.__file__).parent


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # `from okrcli import yamlio` imports okrcli.yamlio, not just okrcli
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules(*skip: str):
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if not rel.startswith(skip) and not rel.startswith("examples"):
            yield rel, path


def imported(rel: str) -> set[str]:
    return imports(PACKAGE / rel)


def under(*prefixes: str) -> list[str]:
    return [rel for rel, _ in modules() if rel.startswith(prefixes)]


def assert_none(rels: list[str], banned: tuple[str, ...]) -> None:
    assert rels, "no module matched"
    for rel in rels:
        found = {m for m in imported(rel) if m.startswith(banned)}
        assert not found, (rel, found)


def test_model_and_scoring_import_nothing_of_files_yaml_or_terminal():
    banned = ("ruamel", "rich", "typer", "click", "okrcli.store", "okrcli.yamlio", "os",
              "pathlib", "okrcli.services", "okrcli.pipeline", "okrcli.checks")
    assert_none(["model.py", "fields.py", "scoring.py", "grading.py", "diagnostics.py", "refs.py",
                 "cycles.py", "sniff.py", "slim.py"], banned)


def test_the_store_runs_no_rules():
    """The store finds, indexes, reads, locks and saves: no rules, no severities."""
    assert_none(["store.py"], ("okrcli.checks", "okrcli.pipeline", "okrcli.services",
                               "okrcli.model", "okrcli.cli", "okrcli.render", "okrcli.yamlio"))
    assert_none(["sniff.py", "refs.py"], ("okrcli.",))


def test_the_cli_calls_services_not_the_machinery_below_them():
    assert_none(under("cli/"), ("okrcli.store", "okrcli.yamlio", "okrcli.checks",
                                "okrcli.pipeline", "okrcli.edit", "okrcli.cache",
                                "okrcli.gitrepo", "okrcli.gitbatch"))


def test_git_is_read_below_the_services_and_compared_in_a_pure_module():
    """gitrepo.py is a disk layer like the store (it runs no rules); okrdiff.py compares
    models and knows nothing of files, git or terminals."""
    assert_none(["gitrepo.py", "gitbatch.py"], (
        "okrcli.checks", "okrcli.pipeline", "okrcli.services", "okrcli.cli", "okrcli.render",
        "okrcli.yamlio"))
    assert_none(["okrdiff.py"], ("ruamel", "rich", "typer", "os", "pathlib", "subprocess",
                                 "okrcli.store", "okrcli.gitrepo", "okrcli.yamlio",
                                 "okrcli.services", "okrcli.pipeline"))


def test_services_leave_yaml_to_the_pipeline_and_the_editor():
    assert_none(under("services/"), ("okrcli.yamlio", "okrcli.cli", "okrcli.render", "rich",
                                     "typer"))


def test_rules_and_the_pipeline_touch_no_disk():
    assert_none(under("checks/"), ("okrcli.yamlio", "okrcli.pipeline", "okrcli.store",
                                   "okrcli.services", "okrcli.cli", "okrcli.render", "os",
                                   "pathlib"))
    assert_none(["pipeline.py"], ("okrcli.store", "okrcli.services", "okrcli.cli",
                                  "okrcli.render"))


def test_rule_codes_are_written_only_in_their_own_rule_module():
    """A rule's code appears in one place: its module. Everything else uses the rule
    object, so that a renumbered or retired code cannot be missed somewhere."""
    import re

    from okrcli import checks

    home = {m.RULE.code: m.__name__.rsplit(".", 1)[-1] for m in checks.MODULES}
    code = re.compile(r"OKR\d{3}")
    for rel, path in modules():
        for found in code.findall(path.read_text(encoding="utf-8")):
            assert rel == f"checks/rules/{home.get(found)}.py", (rel, found)
    for saved in ("help.txt", "help.zh-CN.txt"):
        assert code.findall((PACKAGE / saved).read_text(encoding="utf-8")) == []


def test_no_module_of_the_package_is_long():
    for rel, path in modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 430, (rel, lines)


def test_only_cli_prints_and_nothing_below_it_reads_the_clock():
    for rel, path in modules("cli/", "entry.py", "__main__.py"):
        source = path.read_text(encoding="utf-8")
        assert "print(" not in source, rel
        assert "date.today()" not in source and "datetime.now()" not in source, rel
        assert "typer" not in imports(path), rel


def test_version_needs_none_of_the_heavy_libraries():
    code = ("import sys; sys.argv = ['okr', '--version']; from okrcli.entry import main; "
            "main(); heavy = [m for m in ('pydantic', 'ruamel', 'typer', 'rich') "
            "if m in sys.modules]; assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("okr ")


def test_help_does_not_load_the_workspace_machinery():
    code = ("import sys; sys.argv = ['okr', '--help']\n"
            "from okrcli.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('ruamel', 'okrcli.store', 'okrcli.services', 'rich.table') "
            "if m in sys.modules]\nassert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "checkin" in result.stdout


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "okrcli", "--version"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("okr ")


@pytest.fixture(scope="module")
def helps() -> dict[str, dict[str, str]]:
    """Every command's help in each language, rendered by Typer (tools/helptext.py)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tools"))
    import helptext

    return {lang: helptext.rendered(lang) for lang in helptext.LANGS}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_saved_help_is_typers_own(lang: str, helps):
    import os

    import helptext

    from okrcli.entry import help_file, saved
    from okrcli.i18n import LANGUAGES

    assert set(helptext.LANGS) == set(LANGUAGES)  # a language okr speaks has its saved help
    assert {"", "check", "kr", "kr add", "cycle close"} <= set(helps[lang])
    path = help_file(lang)
    if os.environ.get("OKR_UPDATE_GOLDEN"):
        path.write_text(helptext.text(helps[lang]), encoding="utf-8")
    assert saved(path.read_text(encoding="utf-8")) == helps[lang], \
        f"{path.name} is stale: run python tools/helptext.py"


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_help_names_values_in_words_and_lists_whole_summaries(lang: str, helps):
    """An option's value is named for what it is, never by a Python type (cli/words.py
    METAVARS); the command lists say each command's first sentence whole, never cut."""
    import re

    for path, text in helps[lang].items():
        options = text.split("\n\n", 2)[-1]  # the usage line names arguments Typer's way
        typed = re.findall(r"\S+ <(?:str|float|int|list\[\w+\]|path|file)>", options)
        assert not typed, (path, typed)
        listed = re.split(r"\n(?:Commands:|命令：)\n", text)
        assert len(listed) == 1 or "..." not in listed[1], path  # no summary cut
    kr_add, cycle_add = helps[lang]["kr add"], helps[lang]["cycle add"]
    assert "--start NUMBER" in kr_add and "--due YYYY-MM-DD" in kr_add
    assert "--start YYYY-MM-DD" in cycle_add and "--cycle CYCLE" in helps[lang]["status"]
    assert "--select CODES" in helps[lang]["check"] and "--title TEXT" in helps[lang]["kr edit"]
    if lang == "en":
        assert re.search(r"init +Start a workspace: okr\.yaml and an okrs/ folder \(or a "
                         r"complete\n +example\)\.", helps[lang][""])


@pytest.mark.parametrize(("lang", "argv"), [("en", ["check"]), ("zh-CN", ["kr", "add"]),
                                            ("en", [])])
def test_saved_help_is_what_typer_prints_in_a_terminal(lang, argv):
    """The same bytes as Typer's own answer in a process of its own at 80 columns (the
    test runner's width is not a terminal's)."""
    code = ("import sys; from okrcli.cli import app; "
            f"app({[*argv, '--help']!r}, prog_name='okr')")
    env = {**__import__("os").environ, "COLUMNS": "80", "OKR_LANG": lang}
    typer_s = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, encoding="utf-8")
    ours = subprocess.run([sys.executable, "-m", "okrcli", *argv, "--help"],
                          capture_output=True, text=True, env=env, encoding="utf-8")
    assert typer_s.returncode == ours.returncode == 0, typer_s.stderr + ours.stderr
    assert ours.stdout == typer_s.stdout and ours.stdout.startswith(("Usage: okr", "用法：okr"))


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["kr", "add", "-h"],
                                  ["cycle", "--help"]])
def test_help_is_answered_without_typer(argv):
    code = (f"import sys; sys.argv = ['okr', *{argv!r}]; from okrcli.entry import main; "
            "main(); assert 'typer' not in sys.modules and 'okrcli.cli' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "COLUMNS": "100",
                                 "OKR_LANG": "en"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: okr {' '.join(argv[:-1])}".rstrip() + " ")


@pytest.mark.parametrize("argv", [["check", "--help"], ["--lang", "en", "check", "--help"],
                                  ["check", "--strict", "--help"], ["chek", "--help"],
                                  ["", "--help"], ["kr add", "--help"], ["kr", " add", "-h"],
                                  ["status", "check", "--help"], ["--", "--help"]])
def test_other_help_lines_are_typers(argv):
    """Narrower than 80 columns, with any option before --help, an unknown command or a
    word that is empty or holds a space (``okr "kr add" --help`` is no command): Typer
    answers (its wrapping, its error)."""
    from okrcli import entry

    columns = "79" if argv == ["check", "--help"] else "100"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", columns)
        patch.setenv("OKR_LANG", "en")
        assert entry.saved_help(argv) is None
        if columns == "100":  # the same, of a command saved
            assert entry.saved_help(["kr", "add", "--help"]) is not None


def test_a_broken_saved_help_is_left_to_typer(tmp_path, monkeypatch):
    from okrcli import entry

    broken = tmp_path / "help.txt"
    broken.write_text("\x1eno line break here", encoding="utf-8")
    monkeypatch.setattr(entry, "help_file", lambda lang: broken)
    monkeypatch.setenv("COLUMNS", "100")
    assert entry.saved_help(["check", "--help"]) is None


def test_renderers_and_pure_modules_touch_no_files():
    banned = ("okrcli.services", "okrcli.store", "okrcli.yamlio", "okrcli.cli", "typer",
              "okrcli.edit", "okrcli.cache", "okrcli.pipeline")
    names = under("render/") + under("checks/")
    names += ["results.py", "gitresults.py", "cycleresults.py", "okrdiff.py", "scoring.py",
              "grading.py",
              "services/review.py"]
    assert_none(names, banned)
