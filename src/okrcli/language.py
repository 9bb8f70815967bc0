"""Which language a command speaks, decided before anything else is read: ``--lang`` (a
global option, before the command), else ``OKR_LANG``, else ``settings.language`` of the
workspace's okr.yaml (``--root``, ``OKR_ROOT`` or the folders upwards), else the locale,
else English. ``entry.py`` decides it for the fast ``--help``; the Typer app for every
command (``cli.OkrGroup.main``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from okrcli import i18n


def option(args: Sequence[str], name: str, *, leading: bool) -> str | None:
    """The value of ``name VALUE`` or ``name=VALUE`` in ``args`` (``leading``: only among
    the options before the command)."""
    for i, arg in enumerate(args):
        if arg == "--":
            return None
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg[len(name) + 1:]
        if leading and not arg.startswith("-"):
            return None
    return None


def by_hand(args: Sequence[str], env: Mapping[str, str]) -> bool:
    """Whether --lang or OKR_LANG names a language okr speaks (the workspace then has no
    say)."""
    return bool(i18n.normal(option(args, "--lang", leading=True))
                or i18n.normal(env.get("OKR_LANG")))


def decide(args: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The language of a command line. Never fails: an unreadable current folder or an
    odd ``OKR_ROOT`` choose nothing."""
    env = os.environ if env is None else env
    if by_hand(args, env):
        return i18n.choose(option(args, "--lang", leading=True), env, None)
    root = option(args, "--root", leading=False) or env.get("OKR_ROOT") or None
    try:
        found = setting(root)
    except (OSError, RuntimeError, ValueError):  # a deleted current folder, ~nobody
        found = None
    return i18n.choose(None, env, found)


CONFIG = "okr.yaml"
MAX_CONFIG = 8 * 1024 * 1024  # store.MAX_CONFIG: a bigger okr.yaml is refused anyway


def setting(root: str | None, start: Path | None = None) -> str | None:
    """``settings.language`` of the workspace's okr.yaml (``root``, else the nearest one
    upwards, as ``store.find_root`` finds it) as a text scan finds it. None when there is
    no workspace, no setting or no regular file to read: choosing a language never fails
    a command (the command itself says what is wrong), and costs no import of the store."""
    from okrcli.sniff import sniff_language

    if root:
        folders: Iterable[Path] = (Path(root).expanduser(),)
    else:
        here = (start or Path.cwd()).resolve()
        folders = (here, *here.parents)
    for folder in folders:
        path = folder / CONFIG
        if os.path.lexists(path) and not path.is_dir():
            return _scan(path, sniff_language)
    return None


def _scan(path: Path, scan: Callable[[bytes], str | None]) -> str | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CONFIG:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return scan(handle.read(MAX_CONFIG + 1))
    except OSError:
        return None
    finally:
        os.close(fd)


_by_hand = False  # --lang or OKR_LANG chose: the workspace's setting does not count


def speak(args: Sequence[str]) -> str:
    """Decide the language of this command and use it."""
    global _by_hand
    _by_hand = by_hand(args, os.environ)
    lang = decide(args)
    if lang != i18n.language():
        i18n.use(lang)
    return lang


def settle(setting: Callable[[], str | None]) -> None:
    """Once a command has opened its workspace (which may not be the one around the
    current folder: ``okr check PATH``, ``--root``): its ``settings.language`` as the
    model reads it, else the locale, unless ``--lang`` or ``OKR_LANG`` chose."""
    if _by_hand:
        return
    try:
        lang = i18n.choose(None, os.environ, setting())
    except Exception:  # a broken okr.yaml: the command itself says what is wrong
        return
    if lang != i18n.language():
        i18n.use(lang)
