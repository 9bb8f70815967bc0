"""What every command shares: options, today, the workspace session, consoles, the one
helper that writes ``-o`` output, and the one place that turns errors into messages and
exit codes (0 ok, 1 findings or refused, 2 usage)."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer
from typer.core import TyperCommand, TyperOption

from okrcli import replay
from okrcli.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from okrcli.diagnostics import Diagnostic
    from okrcli.services import Session

RootOpt = Annotated[
    Path | None,
    typer.Option("--root", envvar="OKR_ROOT", show_default=False, file_okay=False,
                 help=N_("Workspace folder (default: walk up to okr.yaml).")),
]
TodayOpt = Annotated[
    str | None,
    typer.Option("--today", envvar="OKR_TODAY", help=N_("Pretend today is this date (YYYY-MM-DD)."),
                 show_default=False),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help=N_("Show the state on this date: later check-ins are ignored."),
                 show_default=False),
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", metavar="REV", show_default=False, help=N_(
        "Read the workspace as committed at this git revision (a commit, branch or tag, "
        "HEAD~3, @{2026-11-23}), not the working tree; today is then that commit's "
        "date, unless --today or OKR_TODAY says otherwise.")),
]
CycleOpt = Annotated[
    str | None,
    typer.Option("--cycle", help=N_("Cycle id (default: the one containing today)."),
                 show_default=False),
]

F = TypeVar("F", bound=Callable[..., Any])


class Language(enum.StrEnum):
    """What --lang takes (okr --lang, okr init --lang)."""

    zh_CN = "zh-CN"
    en = "en"


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(_("{value} is not a date YYYY-MM-DD").format(value=repr(value)),
                                 param_hint=option) from None


def today(today_opt: str | None, as_of: str | None = None,
          opened: Session | None = None) -> dt.date:
    """The day every computation uses: --as-of, else --today / OKR_TODAY, else (under
    --at) the day of the commit read, else the clock."""
    return (parse_date(as_of, "--as-of") or parse_date(today_opt, "--today")
            or (opened.committed.date() if opened and opened.committed else None)
            or dt.date.today())


def session(root: Path | None, near: Path | None = None, at: str | None = None) -> Session:
    """The workspace of --root, else the one around ``near`` or the current folder; with
    ``at`` (--at REV), as committed at that revision."""
    from okrcli.language import settle
    from okrcli.services import open_session

    opened = open_session(root, near, at)
    settle(lambda: opened.config.settings.language)
    return opened


PIPED_WIDTH = 120  # the width of a table written to a pipe or file without COLUMNS


class _Trimmed:
    """A text stream that drops the spaces at the end of every line (Rich pads table
    cells to their width): what a pipe, a file or a chat window receives."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.pending = ""  # spaces written last, kept until we know what follows them

    def write(self, text: str) -> int:
        text = self.pending + text
        body = text.rstrip(" ")
        self.pending = text[len(body):]
        # line by line, not a regex: `` +(?=\n)`` retries every space of a long run
        # (a deep tree's indent) and was quadratic in it
        self.stream.write("\n".join(line.rstrip(" ") for line in body.split("\n")))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)




def console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr). On a terminal: its width and colours. Piped:
    COLUMNS when set, else PIPED_WIDTH (never the terminal's guess of 80), and no line
    ends in a space."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width, file = None, None
    if not stream.isatty():
        file = _Trimmed(stream)
        if "COLUMNS" not in os.environ:
            width = PIPED_WIDTH
    # Messages (stderr) never wrap: a file:line:col line must stay one line for editors.
    return Console(stderr=stderr, highlight=False, width=width, soft_wrap=stderr,
                   file=cast("IO[str] | None", file))


def plain(text: str, style: str = "") -> Text:
    """A message for the terminal that holds user text (a path, a title, a value): a
    ``Text`` made visible, never Rich markup and never an escape sequence."""
    from rich.text import Text

    from okrcli.render.escape import visible

    return Text(visible(text), style=style)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """``path:line:col: CODE message`` on stderr, one a line."""
    from okrcli.diagnostics import Severity

    err = console(stderr=True)
    for d in diagnostics:
        err.print(plain(f"{d}", style="red" if d.severity is Severity.ERROR else "yellow"))


def finish(problems: list[Diagnostic]) -> None:
    """Files that could not be read are named on stderr; the command then fails (exit 1)
    after showing everything it could."""
    if problems:
        print_diagnostics(problems)
        raise typer.Exit(1)


def emit(text: str, output: Path | None, *, announce: bool = False) -> None:
    """Machine or report output: to stdout, or with ``-o`` to a file, whole or not at all."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from okrcli.services import write

    write.output(output, text)
    if announce:
        console(stderr=True).print(plain(_("wrote {path}").format(path=output), style="dim"))


def emit_pieces(pieces: Iterable[str]) -> None:
    """Machine output to stdout as it is made, piece by piece (never held whole)."""
    for piece in pieces:
        sys.stdout.write(piece)
    sys.stdout.flush()


def handled(fn: F) -> F:
    """Run a command: map OkrError to exit 1, UsageError to exit 2, never a traceback
    (unless OKR_DEBUG is set)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from okrcli.diagnostics import OkrError, UsageError

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except UsageError as err:
            _error(err.message)
            raise typer.Exit(2) from None
        except OkrError as err:
            print_diagnostics(err.diagnostics)
            _error(err.message)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except BrokenPipeError:  # the reader stopped (`okr log | head`): quietly, as git does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush at exit
            raise typer.Exit(141) from None
        except OSError as err:
            replay.unkept()  # the machine's error, not the files': never answered again
            _error(f"{err.strerror or err}: {err.filename or ''}".rstrip(": "))
            raise typer.Exit(1) from None
        except Exception as err:
            replay.unkept()
            if os.environ.get("OKR_DEBUG"):
                raise
            _error(_("internal error: {kind}: {error} (set OKR_DEBUG=1 for a traceback, "
                     "and please report it)").format(kind=type(err).__name__, error=err))
            raise typer.Exit(1) from None
        finally:
            _notices()

    return wrapper  # type: ignore[return-value]


def _notices() -> None:
    """What a write noticed on its way (a stale schema of .okr/ refreshed: services/equip),
    a line each on stderr. Looked up, not imported: a command that wrote nothing has none."""
    equip = sys.modules.get("okrcli.services.equip")
    notices: list[str] = getattr(equip, "NOTICES", [])
    for line in notices:
        console(stderr=True).print(plain(line, style="dim"))
    notices.clear()


def _error(message: str) -> None:
    # TRANSLATORS: an error okr stops on; "okr" is the program's name
    console(stderr=True).print(plain(_("okr: {message}").format(message=message),
                                     style="bold red"))


NBSP = "\u00a0"  # in a message to done(): binds two words on one line, printed as a space
WJ = "\u2060"  # in a message to done(): binds two Chinese characters, printed as nothing


def done(message: str, problems: list[Diagnostic] | None = None) -> None:
    """What a write did; the problems it left as they were go to stderr (exit 0). The
    message breaks as the tables do (never inside a number, a ref or words joined by
    NBSP or WJ), and NBSP prints as a plain space, WJ as nothing."""
    from okrcli.render.layout import wrap

    out = console()
    for line in wrap(plain(message), out.width):
        line.plain = line.plain.replace(NBSP, " ").replace(WJ, "")
        out.print(line)
    if problems:
        print_diagnostics(problems)


_NEGATIVE = re.compile(r"-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class NumbersOk(TyperCommand):
    """A command whose arguments may be negative numbers (``okr checkin REF -5``): Click
    would read ``-5`` as an unknown short option. Its positional arguments are moved after
    a ``--``, in order, so that Click reads every option as ever (a misspelt one gets
    "did you mean" from the top-level group, as on every command) and a negative number as
    an argument; an option's own value, ``-3`` in ``--target -3``, stays with its option."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Click's Context
        if any(_NEGATIVE.fullmatch(arg) for arg in args):
            args = self._numbers_last(ctx, args)
        return super().parse_args(ctx, args)

    def _numbers_last(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value = {name for param in self.get_params(ctx)
                       if isinstance(param, TyperOption) and not param.is_flag
                       and not param.count for name in param.opts}
        options: list[str] = []
        positional: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                positional += rest
            elif arg.startswith("-") and len(arg) > 1 and not _NEGATIVE.fullmatch(arg):
                options.append(arg)
                if arg in takes_value and (value := next(rest, None)) is not None:
                    options.append(value)
            else:
                positional.append(arg)
        return [*options, "--", *positional]
