"""A top-level group that builds only the commands a command line uses.

Typer builds the Click command of every command of an app before it parses anything, and
so imports every command module: most of what ``okr check --help`` cost. Here the group
knows each command's name and where it lives (``cli.COMMANDS``); a command's module is
imported and its Click command built, exactly as Typer builds it, the first time Click
asks for it by name (``get_command``: the command line, a help listing, completion).
Iterating the mapping still yields every command, in the order ``okr --help`` lists them.

Typer's coercion of a parameter is built on first use too, with a Pydantic
``TypeAdapter`` (Typer 0.29 imports Pydantic for it): a parameter left out of the command
line, whose value is ``None``, is ``None`` (or ``()``) without it, as Typer has it, so
``okr check --help`` imports no Pydantic. The plainest values (a flag's bool, a text, a
choice of an Enum: the command line of most commands) are given the value Typer's
adapter would give, without building one; anything else, and any value refused, goes
through Typer's own coercion (its messages).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterator, MutableMapping
from enum import Enum
from pathlib import Path
from typing import Any

Build = Callable[[], Any]  # -> a Click command


class Commands(MutableMapping[str, Any]):
    """name -> Click command, each built on first access. ``on_build`` is told of each one
    built (the language's translation of its help)."""

    def __init__(self, builders: dict[str, Build], made: dict[str, Any] | None = None) -> None:
        self._builders = dict(builders)
        self._order = list(builders)
        self._made: dict[str, Any] = {}
        self.on_build: Callable[[Any], None] | None = None
        for name, command in (made or {}).items():
            self[name] = command

    def built(self) -> dict[str, Any]:
        """The commands built so far (what a walk may touch without building more)."""
        return dict(self._made)

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            build = self._builders[name]  # KeyError: no such command
            command = build()
            defer_coercion(command)
            self._made[name] = command
            if self.on_build is not None:
                self.on_build(command)
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._order:
            raise KeyError(name)
        self._order.remove(name)
        self._made.pop(name, None)
        self._builders.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order


def builder(app: Any, module: str, name: str, group: str | None) -> Build:
    """How to build the command ``name``: the command of that name on the ``app`` of
    ``okrcli.cli.<module>`` (merged into the top level), or its sub-app ``group`` added
    as the group ``name``; with the options of the top-level ``app``, as Typer would."""

    def build() -> Any:
        import typer.main

        source = importlib.import_module(f"okrcli.cli.{module}")
        options = {"pretty_exceptions_short": app.pretty_exceptions_short,
                   "rich_markup_mode": app.rich_markup_mode}
        if group is not None:
            holder = typer.Typer()
            holder.add_typer(getattr(source, group), name=name)
            return typer.main.get_group_from_info(
                holder.registered_groups[0], suggest_commands=app.suggest_commands,
                **options)
        for info in source.app.registered_commands:
            if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
                return typer.main.get_command_from_info(info, **options)
        raise LookupError(f"okrcli.cli.{module} has no command {name!r}")

    return build


class _Deferred:
    """Typer's coercion of one parameter, built when a value first needs it."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # typer._coercion.RuntimeParam.coerce says the same
            return () if param.multiple or param.nargs == -1 else None
        plain = _plain(value, param, ctx)
        if plain is not _NOT_PLAIN:
            return plain
        from typer._coercion import build_runtime_param

        param._runtime_param = build_runtime_param(param.type_descriptor)
        return param._runtime_param.coerce(value, param=param, ctx=ctx)


_DEFERRED = _Deferred()
_NOT_PLAIN = object()
_DIGITS = re.compile(r"[0-9]{1,15}")


def _plain(value: Any, param: Any, ctx: Any) -> Any:
    """What Typer's adapter makes of a single bool, text, whole number in plain digits,
    path or Enum choice (``_NOT_PLAIN`` for anything else, or for a value it would refuse:
    Typer says why). Building its adapter imports and runs Pydantic: 0.1-0.3 s."""
    descriptor = param.type_descriptor
    info, annotation = descriptor.parameter_info, descriptor.annotation
    if info.parser is not None or descriptor.file_annotation is not None:
        return _NOT_PLAIN
    if param.multiple or param.nargs != 1:
        # list[str]: Typer's adapter gives a list of the texts (str(each))
        if (annotation == list[str] and isinstance(value, list | tuple)
                and all(type(item) is str for item in value)):
            return list(value)
        return _NOT_PLAIN
    if annotation is bool and type(value) is bool:
        return value  # Annotated[bool, BeforeValidator(_parse_cli_bool)]: as it is
    if annotation is str and type(value) is str:
        return value  # Annotated[str, BeforeValidator(_parse_cli_str)]: str(value)
    if annotation is int and not info.clamp and (
            type(value) is int or (type(value) is str and _DIGITS.fullmatch(value))):
        number = int(value)  # TypeAdapter(int), with ge/le when min/max
        if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
            return number
        return _NOT_PLAIN  # out of range: Typer says so
    if isinstance(annotation, type) and issubclass(annotation, Path) and type(value) is str:
        from typer._param_types import coerce_cli_path

        try:  # given a Path, Typer checks it as ever and builds no TypeAdapter(Path)
            return coerce_cli_path(annotation(value), info, param=param, ctx=ctx,
                                   path_type=info.path_type or annotation)
        except Exception:
            return _NOT_PLAIN
    if isinstance(annotation, type) and issubclass(annotation, Enum) and (
            type(value) is str or isinstance(value, annotation)):
        from typer._param_types import coerce_cli_choice

        try:
            return coerce_cli_choice(value, choices=list(annotation),
                                     case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _NOT_PLAIN
    return _NOT_PLAIN


def defer_coercion(command: Any) -> None:
    """Every parameter of ``command`` (and of its sub-commands built so far) coerced
    through ``_Deferred``, and the ``--help`` option Click adds when it parses. A Typer
    without lazy coercion (``_runtime_param``) is left as it is."""
    todo = [command]
    while todo:
        cmd = todo.pop()
        for param in getattr(cmd, "params", ()):
            _defer(param)
        if callable(getattr(cmd, "get_help_option", None)) and not hasattr(cmd, "_okr_help"):
            cmd._okr_help = cmd.get_help_option
            cmd.get_help_option = functools.partial(_help_option, cmd)
        commands = getattr(cmd, "commands", None)
        if isinstance(commands, Commands):
            todo.extend(commands.built().values())
        elif commands:
            todo.extend(commands.values())


def _defer(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _DEFERRED


def _help_option(command: Any, ctx: Any) -> Any:
    option = command._okr_help(ctx)  # made (and kept) at the first parse
    if option is not None:
        _defer(option)
    return option
