"""A misspelt long option gets "Did you mean" on every command: the test walks the
command tree of the app, so that a command added later is held to it too."""

from __future__ import annotations

import pytest
import typer

from conftest import Okr
from okrcli.cli import app


def commands(command, path: tuple[str, ...] = ()):
    """(path, command) of okr itself and of every command and group below it."""
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from commands(sub, (*path, name))


def long_options(command) -> list[str]:
    """Its own long options, and --help (which Click adds when it parses)."""
    return [*(opt for param in command.params for opt in getattr(param, "opts", ())
              if opt.startswith("--")), "--help"]


COMMANDS = {" ".join(path): command
            for path, command in commands(typer.main.get_command(app))}


def test_the_walk_sees_every_command():
    assert {"", "status", "check", "completion", "kr", "kr drop", "objective add",
            "team add", "person list", "cycle add", "checkin", "kr add", "kr edit"
            } <= set(COMMANDS)
    assert len(COMMANDS) >= 22


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_misspelt_long_option_says_did_you_mean(name: str):
    okr = Okr(None)
    for option in long_options(COMMANDS[name]):
        typo = option + option[-1]  # --format -> --formatt
        result = okr(*name.split(), typo, root=False)
        assert result.exit_code == 2, (name, typo, result.output)
        assert f"No such option: {typo}. Did you mean " in result.stderr, (name, typo)
        suggested = result.stderr.split("Did you mean ", 1)[1].split("?", 1)[0]
        assert option in suggested.replace(",", " ").split(), (name, typo, suggested)
        assert result.stdout == ""


def test_several_close_options_are_all_named():
    result = Okr(None)("report", "--roott", root=False)
    assert result.exit_code == 2
    assert "No such option: --roott. Did you mean --output or --root?" in result.stderr


def test_checkin_says_it_as_every_command_does():
    """checkin moves a negative value behind ``--``; a misspelt option still gets every
    close match, in the group's one wording."""
    okr = Okr(None)
    assert "Did you mean --format or --root?" in okr("status", "--formt", root=False).stderr
    for args in (["checkin", "a/b/c", "-5", "--roote"], ["checkin", "a/b/c", "5", "--roote"]):
        result = okr(*args, root=False)
        assert result.exit_code == 2
        assert "No such option: --roote. Did you mean --date, --note or --root?" in (
            result.stderr), args
