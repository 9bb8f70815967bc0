"""Shell completion: the scripts `okr completion SHELL` prints, and what the shell gets
back when it runs okr with _OKR_COMPLETE set, through Click's completion machinery (as
Typer drives it) in the example workspace: commands, options, owners and refs, by prefix,
for the current cycle, and nothing at all (never an error) from a broken workspace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from conftest import TODAY, Okr
from okrcli.cli import app

LIVE_SALES = ["sales/growth/new-customers", "sales/growth/east-share"]
DROPPED = "sales/growth/southwest-agents"  # dropped on 2026-11-05


def words(line: str) -> tuple[str, int]:
    """COMP_WORDS and COMP_CWORD of a command line whose last word is being typed."""
    split = line.split()
    return line, len(split) - (0 if line.endswith(" ") else 1)


def complete(line: str, shell: str = "bash", env: dict[str, str] | None = None,
             cwd: Path | None = None) -> list[str]:
    """What okr answers the shell for ``line`` (the cursor at its end): one line per
    candidate. Asserts that the answer is a clean exit with nothing on stderr."""
    comp_words, comp_cword = words(line)
    full_env = {"OKR_TODAY": TODAY, "_OKR_COMPLETE": f"complete_{shell}", **(env or {})}
    if shell == "bash":
        full_env |= {"COMP_WORDS": comp_words, "COMP_CWORD": str(comp_cword)}
    else:
        full_env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    old = Path.cwd()
    os.chdir(cwd or old)
    try:
        result = CliRunner().invoke(app, [], prog_name="okr", env=full_env)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]  # none: one empty line


@pytest.fixture
def here(example: Path):
    """Completion inside the example workspace (found from the current folder)."""
    def run(line: str, shell: str = "bash", **env: str) -> list[str]:
        return complete(line, shell, env, example)
    return run


def test_commands_and_options(here):
    assert here("okr ch") == ["checkin", "check"]
    assert here("okr kr e") == ["edit"]
    assert here("okr checkin --co") == ["--confidence"]
    assert here("okr status --format ") == ["table", "json", "markdown"]


def test_key_results_by_prefix_without_the_dropped_one(here):
    assert here("okr checkin sa") == LIVE_SALES
    assert here("okr checkin sales/growth/e") == ["sales/growth/east-share"]
    assert here("okr kr drop sales/") == LIVE_SALES
    every = here("okr checkin ")
    assert len(every) == 19 and DROPPED not in every
    assert all(ref.count("/") == 2 for ref in every)
    assert here("okr checkin nobody") == []


def test_objectives_and_show(here):
    assert here("okr kr add mar") == ["marketing/awareness"]
    assert here("okr show sales/") == ["sales/growth", *LIVE_SALES, DROPPED]
    assert here("okr objective add li.na 新目标 --aligns-to marketing/") == [
        "marketing/awareness", "marketing/awareness/followers", "marketing/awareness/events",
        "marketing/awareness/website"]


def test_owners(here):
    assert here("okr status ") == ["company", "purchasing", "sales", "marketing", "service",
                                   "engineering", "li.na", "wang.qiang", "zhang.wei"]
    assert here("okr status sales ma") == ["marketing"]
    assert here("okr objective add zh") == ["zhang.wei"]
    # A key result's --owner is a person; a parent or a person's team is a team.
    assert here("okr kr add sales/growth 新KR --owner ") == ["li.na", "wang.qiang",
                                                             "zhang.wei"]
    assert here("okr kr edit sales/growth/east-share --owner w") == ["wang.qiang"]
    assert here("okr team add logistics --parent s") == ["sales", "service"]
    assert here("okr person add chen.jie --team e") == ["engineering"]


def test_root_cycle_and_today_on_the_command_line(example: Path, tmp_path: Path):
    okr = Okr(example)
    assert okr("cycle", "add", "2027-Q1", "--start", "2027-01-01", "--end",
               "2027-03-31").exit_code == 0
    assert okr("objective", "add", "sales", "开拓华南市场", "--id", "south", "--cycle",
               "2027-Q1").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = f"okr kr add --root {example}"
    assert complete(f"{root} sa", cwd=elsewhere) == ["sales/growth"]
    assert complete(f"{root} --cycle 2027-Q1 sa", cwd=elsewhere) == ["sales/south"]
    # The current cycle is the one that contains today (--today or OKR_TODAY).
    assert complete(f"{root} --today 2027-02-01 sa", cwd=elsewhere) == ["sales/south"]
    assert complete("okr kr add sa", env={"OKR_ROOT": str(example),
                                          "OKR_TODAY": "2027-02-01"},
                    cwd=elsewhere) == ["sales/south"]


def test_zsh_and_fish_show_names_and_titles(here):
    zsh = "\n".join(here("okr checkin sales/growth/e", "zsh"))
    assert zsh.startswith("_arguments '*: :((") and '"sales/growth/east-share":' in zsh
    assert "华东区域市场占有率" in zsh
    fish = here("okr status li", "fish")
    assert fish == ["li.na\t李娜"]


@pytest.mark.parametrize("columns", [None, "80"])
def test_a_title_is_made_visible_and_clipped(here, example: Path, columns: str | None):
    """Typer renders a description through Rich: one that wrapped would be a second line,
    a bogus candidate; Rich markup in a title is text."""
    path = example / "okrs/2026-Q4/li.na.yaml"
    text = path.read_text(encoding="utf-8")
    title = "title: 让更多潜在客户认识我们的平台"
    long = '"[bold]危险\\e[31m' + "长" * 80 + '"'
    path.write_text(text.replace(title, f"title: {long}", 1), encoding="utf-8")
    env = {} if columns is None else {"COLUMNS": columns}
    [line] = here("okr kr add li.na/", "fish", **env)
    value, about = line.split("\t")
    assert value == "li.na/reach"
    assert about.startswith("[bold]危险␛[31m长") and about.endswith("长…")
    assert "\x1b" not in about and cell_len(about) <= 40
    [zsh] = here("okr kr add li.na/", "zsh", **env)
    assert zsh.startswith("_arguments '*: :((\"li.na/reach\":\"[bold]危险␛[31m长")


def test_a_broken_or_missing_workspace_completes_nothing(example: Path, tmp_path: Path):
    assert complete("okr checkin sa", cwd=tmp_path) == []  # no workspace here
    assert complete("okr checkin sa", env={"OKR_ROOT": str(tmp_path / "gone")}) == []
    assert complete("okr checkin sa --today 2026-13-45", cwd=example) == []
    (example / "okrs/2026-Q4/sales.yaml").write_text("owner: sales\ncycle: 2026-Q4\n"
                                                     "objectives: [\n", encoding="utf-8")
    assert complete("okr checkin sa", cwd=example) == []  # that file: no refs
    assert complete("okr checkin mark", cwd=example)  # the others still complete
    (example / "okr.yaml").write_text("cycles: [\n", encoding="utf-8")
    for line in ("okr checkin ", "okr status ", "okr kr add x y --owner "):
        assert complete(line, cwd=example) == []
    assert complete("okr ch", cwd=example) == ["checkin", "check"]


@pytest.mark.parametrize(("shell", "lines"), [
    ("bash", ["_OKR_COMPLETE=complete_bash $1", "complete -o default -F _okr_completion okr"]),
    ("zsh", ["#compdef okr", "_OKR_COMPLETE=complete_zsh okr", "compdef _okr_completion okr"]),
    ("fish", ["complete --command okr --no-files", "_OKR_COMPLETE=complete_fish"]),
])
def test_completion_prints_each_shells_script(shell: str, lines: list[str]):
    result = Okr(None)("completion", shell, root=False)
    assert result.exit_code == 0 and result.stderr == ""
    for line in lines:
        assert line in result.stdout
    assert result.stdout.endswith("\n")


def test_an_unknown_shell_is_a_usage_error():
    result = Okr(None)("completion", "tcsh", root=False)
    assert result.exit_code == 2 and "tcsh" in result.stderr and result.stdout == ""


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_runs_the_script_end_to_end(example: Path, tmp_path: Path):
    """The printed script, sourced by a real bash, calls okr and fills COMPREPLY: the
    protocol the script speaks is the one okr answers."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    okr = bin_dir / "okr"  # this package's okr, whatever is installed
    okr.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m okrcli "$@"\n', encoding="utf-8")
    okr.chmod(0o755)
    script = subprocess.run([okr, "completion", "bash"], capture_output=True, text=True,
                            check=True).stdout
    probe = (script + "\nCOMP_WORDS=(okr checkin sa); COMP_CWORD=2\n"
             "_okr_completion okr sa okr\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    env = {**os.environ, "OKR_TODAY": TODAY, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", probe], cwd=example,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.stderr == "" and result.stdout.splitlines() == LIVE_SALES
    # A broken okr.yaml: nothing, and no traceback in the shell.
    (example / "okr.yaml").write_text("cycles: [\n", encoding="utf-8")
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", probe], cwd=example,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.stderr == "" and result.stdout.strip() == ""


# Every argument and option that takes an owner or a ref completes it.
REF_METAVARS = {"OWNER/OBJ", "OWNER/OBJ/KR", "OWNER/OBJ[/KR]"}
OWNER_METAVARS = {"OWNER", "[OWNER]..."}
OWNER_OPTIONS = {"--owner", "--aligns-to", "--parent", "--team"}


def commands(command, path=()):
    """Every command of the app with its path: (("kr", "add"), command), ..."""
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield path, command
        return
    for name, sub in subcommands.items():
        yield from commands(sub, (*path, name))


def test_every_owner_and_ref_parameter_completes():
    checked = 0
    for path, command in commands(typer.main.get_command(app)):
        for param in command.params:
            metavar = getattr(param, "metavar", None) or (param.name or "").upper()
            takes = (metavar in REF_METAVARS | OWNER_METAVARS
                     or set(getattr(param, "opts", ())) & OWNER_OPTIONS)
            if takes:
                checked += 1
                assert param._custom_shell_complete is not None, (" ".join(path), param.name)
    assert checked >= 12  # the ones of this writing: a test that checks nothing fails


def test_an_internal_error_while_completing_is_silent():
    """The last guard (entry.py): whatever fails inside Typer while completing, the shell
    gets no traceback, only a failed completion."""
    code = ("import sys, okrcli.cli\n"
            "def boom(**kwargs):\n    raise RuntimeError('internal')\n"
            "okrcli.cli.app = boom\n"
            "sys.argv = ['okr']\nfrom okrcli.entry import main\nmain()\n")
    env = {**os.environ, "_OKR_COMPLETE": "complete_bash", "COMP_WORDS": "okr ch",
           "COMP_CWORD": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    env.pop("_OKR_COMPLETE")  # outside completion, an internal error is not hidden
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 1 and "RuntimeError: internal" in result.stderr
