"""Start-up: a command's help builds only that command and imports none of the heavy
libraries (cli/lazy.py); the table of commands says what the modules register."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
import typer
import typer.main

HEAVY = ("pydantic", "rich", "ruamel", "yaml_rs", "okrcli.model", "okrcli.services",
         "typer._adapters")


def loaded(*argv: str, env: dict[str, str] | None = None,
           cwd: str | None = None) -> tuple[int, str, set[str]]:
    """Exit code, stdout and the modules imported by ``okr ARGV`` in a fresh process."""
    code = ("import json, sys\nsys.argv = ['okr', *json.loads(sys.argv[1])]\n"
            "from okrcli.entry import main\ntry:\n    main()\n    status = 0\n"
            "except SystemExit as stop:\n    status = stop.code or 0\n"
            "sys.stderr.write('\\n' + json.dumps(sorted(sys.modules)))\nsys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", code, json.dumps(argv)],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "COLUMNS": "100", "OKR_LANG": "en",
                                 **(env or {})}, cwd=cwd)
    modules = set(json.loads(result.stderr.rsplit("\n", 1)[-1]))
    return result.returncode, result.stdout, modules


@pytest.mark.parametrize("argv", [("check", "--help"), ("status", "-h"), ("kr", "add", "--help"),
                                  ("--lang", "zh-CN", "checkin", "--help"), ("cycle", "--help")])
def test_a_help_imports_no_heavy_library_and_no_other_command(argv):
    # 79 columns: Typer answers (at 80 and more, the saved help does: tests/test_layers.py)
    code, out, modules = loaded(*argv, env={"COLUMNS": "79"})
    assert code == 0 and ("Usage: okr" in out or "用法：okr" in out)
    # In Chinese, Typer coerces the --lang given (Pydantic) and the help is wrapped by the
    # terminal's line breaker (Rich); nothing of the workspace's machinery either way.
    heavy = HEAVY[4:-1] if "zh-CN" in argv else HEAVY
    assert not {m for m in modules if m.startswith(heavy)}, argv
    own = {m.rsplit(".", 1)[1] for m in modules if m.startswith("okrcli.cli.")}
    assert own <= {"lazy", "words", "common", "complete", "check", "read", "write", "checkin",
                   "skeleton"}
    assert len(own & {"check", "read", "write", "checkin", "skeleton"}) == 1, own


def test_a_usage_error_imports_no_heavy_library():
    code, _out, modules = loaded("chek")
    assert code == 2
    assert not {m for m in modules if m.startswith(HEAVY)}


def _eager() -> typer.Typer:
    """The app as Typer would build it from every module: each module's commands at the
    top level, then the groups."""
    from okrcli.cli import (
        carry,
        check,
        checkin,
        complete,
        diff,
        history,
        init,
        log,
        merge,
        read,
        skeleton,
        write,
    )

    app = typer.Typer()
    app.callback()(lambda: None)
    for sub in (init.app, checkin.app, write.app, read.app, history.app, carry.app, check.app,
                diff.app, log.app, complete.app, merge.app):
        app.add_typer(sub)
    for name, sub in (("cycle", skeleton.cycle_app), ("team", skeleton.team_app),
                      ("person", skeleton.person_app), ("objective", write.objective_app),
                      ("kr", write.kr_app)):
        app.add_typer(sub, name=name)
    return app


def _shape(command) -> tuple:
    subs = getattr(command, "commands", None) or {}
    return (type(command).__name__, command.help, command.short_help,
            [(p.name, p.opts, p.help if hasattr(p, "help") else None) for p in command.params],
            [(name, _shape(sub)) for name, sub in subs.items()])


def test_the_table_of_commands_is_what_the_modules_register():
    from okrcli.cli import COMMANDS, app

    lazy = typer.main.get_command(app)
    eager = typer.main.get_command(_eager())
    assert list(lazy.commands) == list(eager.commands) == list(COMMANDS)
    for name in COMMANDS:
        assert _shape(lazy.commands[name]) == _shape(eager.commands[name]), name


def test_a_lazy_group_builds_a_command_only_when_it_is_named():
    from okrcli.cli import app

    group = typer.main.get_command(app)
    assert group.commands.built() == {}
    assert group.get_command(None, "status") is group.commands["status"]
    assert set(group.commands.built()) == {"status"}
    assert group.get_command(None, "nothing") is None


# What a command answered from the caches may not import: Rich (nothing is drawn), Typer's
# coercion through Pydantic (a flag, a text, a choice, a list of texts: cli/lazy.py) and
# Pydantic's plugin loader with importlib.metadata (no model or adapter is built).
ANSWERED = ("rich", "typer._adapters", "pydantic.plugin._loader", "importlib.metadata")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A 2-file workspace (the company and one team) and a cache of its own, filled."""
    from pathlib import Path

    folder = tmp_path_factory.mktemp("small")
    bench = Path(__file__).parents[1] / "bench" / "gen_workspace.py"
    subprocess.run([sys.executable, str(bench), str(folder / "ws"), "--owners", "1"],
                   check=True, capture_output=True, timeout=120)
    env = {"OKR_CACHE_DIR": str(folder / "cache"), "OKR_TODAY": "2026-11-26"}
    for argv in (("check",), ("status", "--format", "json")):
        loaded(*argv, env=env, cwd=str(folder / "ws"))  # fills the caches
    return env, str(folder / "ws")


@pytest.mark.parametrize("argv", [("check",), ("status", "--format", "json"),
                                  ("status", "company", "--format", "json"),
                                  ("status", "company", "--format", "json", "--root", "ROOT")])
def test_a_command_answered_from_the_caches_draws_nothing_and_builds_no_adapter(small, argv):
    env, cwd = small
    argv = tuple(cwd if arg == "ROOT" else arg for arg in argv)  # a path: no TypeAdapter(Path)
    # a variable of its own: the run is no kept answer (replay.py), it reads the caches
    code, out, modules = loaded(*argv, env={**env, "OKR_TEST_RUN": uuid.uuid4().hex}, cwd=cwd)
    assert code == 0, out
    assert "check" in argv or out.startswith("{")
    assert "typer.main" in modules  # the command ran
    assert not {m for m in modules if m.startswith(ANSWERED)}, argv


def test_a_whole_number_option_builds_no_adapter(example):
    """`okr log -n 2`: a count in plain digits is coerced as Typer's adapter would, without
    building it (Pydantic's TypeAdapter: 0.1-0.3 s); a count out of range still gets Typer's
    own refusal."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=example, check=True)
    subprocess.run([*git, "add", "-A"], cwd=example, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=example, check=True)
    code, out, modules = loaded("log", "sales", "-n", "2", cwd=str(example),
                                env={"OKR_TEST_RUN": uuid.uuid4().hex})
    assert code == 0 and "sales" in out
    assert "typer.main" in modules and "typer._adapters" not in modules
    code, out, modules = loaded("log", "sales", "-n", "0", cwd=str(example))
    assert code == 2 and "typer._adapters" in modules


def test_a_command_runs_with_the_cyclic_collector_off():
    """The okr process holds Python's cyclic collector off for its command (entry.py):
    what a command makes holds no cycles worth collecting, and a collection would walk
    all it keeps, again and again. A help answered from the saved text never gets there."""
    code = ("import gc, sys\nimport okrcli.cli as cli\nseen = []\n"
            "cli.app = lambda **kw: seen.append(gc.isenabled())\n"
            "sys.argv = ['okr', *sys.argv[1:]]\n"
            "from okrcli.entry import main\nmain()\nprint(seen, gc.isenabled())\n")
    for argv, printed in ((["status"], "[False] False"), (["--version"], None)):
        result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                                text=True, timeout=120,
                                env={**os.environ, "OKR_NO_CACHE": "1", "OKR_LANG": "en"})
        assert result.returncode == 0, result.stderr
        last = result.stdout.strip().splitlines()[-1]
        assert last == printed if printed else last == "[] True", result.stdout
