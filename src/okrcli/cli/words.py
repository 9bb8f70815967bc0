"""Typer's and Click's own words, in the reader's language, as far as they can be reached.

- The help of every command and option is written in English in the source; ``translate``
  puts it through the catalogue once the language is known (at ``okr``'s start).
- Typer looks its few words up with the standard ``gettext`` ("Options", "Commands",
  "default: {default}"...): ``reach`` points those modules' ``_`` at okr's catalogue.
- An option's value is named for what it is (``--cycle CYCLE``, ``--due YYYY-MM-DD``,
  ``--target NUMBER``), not by its Python type as Typer names it (``<str>``, ``<float>``,
  ``<list[str]>``): ``METAVARS``, set by ``translate`` where a command names none; an
  argument's row shows its name alone.
- Typer's Click writes its usage errors in English with no catalogue at all: ``show`` says
  them again from what the error holds (the option, the parameter, the value), in the
  reader's language, and frames them with the usage line as Click does.
"""

from __future__ import annotations

import importlib
import re
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrcli.i18n import N_, _

# The words Typer (0.15 and later) looks up through gettext; okr's catalogue has them.
TYPER_WORDS = (
    N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"),
    N_("required"), N_("env var: {var}"), N_("(dynamic)"), N_("Missing command."),
    N_("Aborted!"), N_("No such command {name!r}."), N_("Show this message and exit."),
    N_("Usage: "), N_("{heading}:"),
)
_TYPER_MODULES = ("typer.core", "typer.rich_utils", "typer.main")

_DAY = "YYYY-MM-DD"
# What an option's value is, by the option's name, for the options that take a text or a
# path (any other path: PATH); a number is a NUMBER (a whole one N) whatever its name
# (``kr add --start`` and ``cycle add --start``: a number and a day).
METAVARS = {
    "--today": _DAY, "--as-of": _DAY, "--since": _DAY, "--until": _DAY, "--date": _DAY,
    "--start": _DAY, "--end": _DAY, "--due": _DAY, "--cycle": "CYCLE", "--root": "DIR",
    "--owner": "OWNER", "--team": "TEAM", "--parent": "TEAM", "--id": "ID",
    "--aligns-to": "OWNER/OBJ[/KR]", "--select": "CODES", "--ignore": "CODES",
    "--path": "PATH", "--example": "NAME", "--command": "COMMAND", "--output": "PATH",
}
_TEXT = "TEXT"  # any other option that takes a text: a title, a note, a reason...


def reach() -> None:
    """Point Typer's (and, where it is a package of its own, Click's) ``_`` at okr's
    catalogue. Only a module whose ``_`` is the standard library's gettext is touched."""
    import gettext

    from okrcli import i18n

    names = [*_TYPER_MODULES, *(m for m in list(sys.modules) if m.startswith("click."))]
    for name in names:
        module = sys.modules.get(name) or (
            importlib.import_module(name) if name in _TYPER_MODULES[:1] else None)
        if module is not None and getattr(module, "_", None) in (gettext.gettext, i18n._):
            module._ = i18n._  # type: ignore[attr-defined]


def translate(command: Any) -> None:
    """Every help text of ``command`` and its sub-commands in the reader's language."""
    seen: set[int] = set()
    todo = [command]
    while todo:
        cmd = todo.pop()
        if id(cmd) in seen:
            continue
        seen.add(id(cmd))
        for attr in ("help", "short_help", "epilog"):
            text = getattr(cmd, attr, None)
            if isinstance(text, str) and text:
                setattr(cmd, attr, _(text))
        if not cmd.short_help and isinstance(cmd.help, str):
            # Click cuts the list's summary at a count of characters ("Start a workspace:
            # okr.yaml and an okrs/ folder (or a..."): say the first sentence whole, in
            # every language, and let the list wrap it (by cells)
            cmd.short_help = re.split(r"(?<=[。！？])|(?<=[.!?])\s|\n\s*\n", cmd.help.strip(),
                                      maxsplit=1)[0]
        for param in getattr(cmd, "params", ()):
            text = getattr(param, "help", None)
            if isinstance(text, str) and text:
                param.help = _(text)
            named = metavar(param)
            if named is not None:
                param.metavar = named
            if getattr(param, "param_type_name", "") == "argument":
                param.display_type_rich = _untyped  # "OWNER/OBJ", not "OWNER/OBJ <str>"
        cmd.context_class = _context_class(cmd.context_class)
        commands = getattr(cmd, "commands", {})
        # a lazy group (cli/lazy.py): the commands built so far; it translates the others
        # as it builds them
        todo.extend((commands.built() if hasattr(commands, "built") else commands).values())


def metavar(param: Any) -> str | None:
    """What to call the value of an option that has no name for it (None: leave it as
    it is: a flag, a choice, an argument, one named by its command)."""
    if (getattr(param, "param_type_name", "") != "option" or param.metavar is not None
            or getattr(param, "is_flag", False) or getattr(param, "count", False)):
        return None
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    kinds = set(typing.get_args(annotation)) | {annotation}
    if int in kinds:
        return "N"
    if float in kinds:
        return "NUMBER"
    long = next((o for o in param.opts if o.startswith("--")), "")
    if Path in kinds:
        return METAVARS.get(long, "PATH")
    if str not in kinds and not kinds & {list[str]}:
        return None  # a choice: Typer lists them
    return METAVARS.get(long, _TEXT)


def _untyped(ctx: Any = None) -> None:
    """An argument's type in its help row: none (its name says what it is)."""
    return None


_CLASSES: dict[type, type] = {}


def _context_class(base: type) -> type:
    """A context whose help formatter writes "Usage:" in the reader's language."""
    if getattr(base, "_okr_words", False):
        return base
    if base not in _CLASSES:
        formatter: Any = getattr(base, "formatter_class")  # noqa: B009

        class Formatter(formatter):
            def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
                super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

            def write_heading(self, heading: str) -> None:
                line = _("{heading}:").format(heading=_(heading))
                self.write(f"{'':>{self.current_indent}}{line}\n")

            def write_text(self, text: str) -> None:
                if not _wide(text):
                    super().write_text(text)
                    return
                indent = " " * self.current_indent
                for line in _wrapped(text, self.width - self.current_indent):
                    self.write(f"{indent}{line}\n" if line else "\n")

            def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
                rows = [(term, _(text) if text else text) for term, text in rows]
                if not any(_wide(text) for _term, text in rows):
                    super().write_dl(rows, col_max, col_spacing)
                    return
                first_col = min(max(len(term) for term, _text in rows), col_max) + col_spacing
                indent = self.current_indent
                for term, text in rows:
                    self.write(f"{'':>{indent}}{term}")
                    if not text:
                        self.write("\n")
                        continue
                    if len(term) <= first_col - col_spacing:
                        self.write(" " * (first_col - len(term)))
                    else:
                        self.write("\n" + " " * (first_col + indent))
                    lines = _wrapped(text, max(self.width - first_col - 2, 10)) or [""]
                    self.write(f"{lines[0]}\n")
                    for line in lines[1:]:
                        self.write(f"{'':>{first_col + indent}}{line}\n" if line else "\n")

        class Context(base):
            _okr_words = True
            formatter_class = Formatter

        _CLASSES[base] = Context
    return _CLASSES[base]


def _wide(text: str) -> bool:
    if text.isascii():
        return False
    import unicodedata  # only for text that is not ASCII: English help never loads it

    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: a space between them, none between two CJK characters."""
    out = ""
    for line in (part.strip() for part in lines):
        if out and line:
            out += "" if _wide(out[-1]) and _wide(line[0]) else " "
        out += line
    return out


def _wrapped(text: str, width: int) -> list[str]:
    """Help text in lines of at most ``width`` terminal cells (Click counts characters,
    and a Chinese character takes two cells): paragraphs kept, lines broken where the
    terminal screens break them (render.layout)."""
    from rich.text import Text

    from okrcli.render.layout import wrap

    out: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text.strip()):
        if out:
            out.append("")
        out += [line.plain for line in wrap(Text(_joined(paragraph.splitlines())), width)]
    return out


# Click's English messages that carry nothing we could build them again from.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)\Z", re.S),
     lambda m: _("Got unexpected extra argument ({args})").format(args=m["args"])),
    (re.compile(r"Option (?P<name>'[^']*') requires an argument\.\Z"),
     lambda m: _("Option {name} requires an argument.").format(name=m["name"])),
    (re.compile(r"Option (?P<name>'[^']*') requires (?P<n>\d+) arguments\.\Z"),
     lambda m: _("Option {name} requires {n} arguments.").format(name=m["name"], n=m["n"])),
    (re.compile(r"Option (?P<name>'[^']*') does not take a value\.\Z"),
     lambda m: _("Option {name} does not take a value.").format(name=m["name"])),
    (re.compile(r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.\Z", re.S),
     lambda m: _("{value} is not one of {choices}.").format(value=m["value"],
                                                           choices=m["choices"])),
    (re.compile(r"(?P<value>'.*') is not a valid (?P<kind>integer|float)\.\Z", re.S),
     lambda m: (_("{value} is not a whole number.") if m["kind"] == "integer"
                else _("{value} is not a number.")).format(value=m["value"])),
)
_PATTERNS += (
    (re.compile(r"Missing argument (?P<name>.+?)\.(?: (?P<more>.*))?\Z", re.S),
     lambda m: _more(_("Missing argument {name}.").format(name=m["name"]), m["more"])),
    (re.compile(r"Missing option (?P<name>.+?)\.(?: (?P<more>.*))?\Z", re.S),
     lambda m: _more(_("Missing option {name}.").format(name=m["name"]), m["more"])),
    (re.compile(r"Missing parameter(?::)? ?(?P<name>.*?)\.?\Z", re.S),
     lambda m: _("Missing parameter {name}.").format(name=m["name"]).replace("  ", " ")),
    (re.compile(r"Invalid value for (?P<name>'[^']*'(?: / '[^']*')*(?: \(env var: '[^']*'\))?"
                r"|[^:']+?): "
                r"(?P<message>.*)\Z", re.S),
     lambda m: _("Invalid value for {name}: {message}").format(
         name=m["name"], message=said(m["message"]))),
    (re.compile(r"Invalid value: (?P<message>.*)\Z", re.S),
     lambda m: _("Invalid value: {message}").format(message=said(m["message"]))),
)


def _more(text: str, more: str | None) -> str:
    return f"{text} {said(more)}" if more else text


_PATTERNS += (
    (re.compile(r"Input should be a valid (?P<kind>number|integer)\b.*\Z", re.S),
     lambda m: _("not a number") if m["kind"] == "number" else _("not a whole number")),
    (re.compile(r"(?P<kind>Path|File|Directory|path|file|dir|directory) (?P<name>'.*') "
                r"(?P<what>does not exist|is a file|is a directory)\.\Z", re.S),
     lambda m: {"does not exist": _("{name} does not exist."),
                "is a file": _("{name} is a file, not a folder."),
                "is a directory": _("{name} is a folder, not a file.")}[m["what"]].format(
                    name=m["name"])),
)

_SUGGESTED = re.compile(r"(?P<head>.*?)[.。]? Did you mean (?P<what>.+)\?\Z", re.S)


def said(message: str) -> str:
    """One of Click's and Typer's English sentences in the reader's language, when it is
    one okr knows; else the sentence as it is."""
    suggested = _SUGGESTED.fullmatch(message)
    if suggested:
        head = said(suggested["head"] + ".").rstrip(".。")
        return _("{message}. Did you mean {names}?").format(message=head,
                                                           names=suggested["what"])
    for pattern, say in _PATTERNS:
        found = pattern.match(message)
        if found:
            return say(found)
    name = re.fullmatch(r"No such command (?P<name>'.*')\.", message, re.S)
    if name:
        return _("No such command {name}.").format(name=name["name"])
    return _(message)


def message(error: Any) -> str:
    """What a Click usage error says, in the reader's language."""
    if type(error).__name__ == "NoSuchOption":
        text = _("No such option: {name}").format(name=error.option_name)
        possible = sorted(getattr(error, "possibilities", None) or ())
        if possible:
            names = _(" or ").join([", ".join(possible[:-1]), possible[-1]] if possible[1:]
                                   else possible)
            text = _("{message}. Did you mean {names}?").format(message=text, names=names)
        return text
    return said(error.format_message())


def show(error: Any) -> None:
    """A usage error as Click frames it (usage line, where to find help, the error), in
    the reader's language, on stderr."""
    import typer

    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError":  # okr, okr kr: the help, as Click does
        typer.echo(error.format_message(), err=True, color=getattr(ctx, "color", None))
        return
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(_("Error: {message}").format(message=message(error)), err=True,
               color=getattr(ctx, "color", None))
