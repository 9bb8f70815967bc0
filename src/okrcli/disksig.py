"""What a command read, signed by what the disk says of it (``replay.py``): every name,
type, size, inode and time, never the bytes, so that signing 10,000 files costs a walk of
their folders and no read."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

# What git's answers depend on beside HEAD, the index and the files okr reads: in the
# common folder, what rewrites history as git shows it (a shallow clone's start, grafts,
# replace refs) or adds objects (a fetch adds a pack, which can make short names longer);
# and every configuration file git reads.
_HISTORY = ("packed-refs", "reftable", "config", "shallow", "info/grafts", "refs/replace",
            "objects/pack", "objects/info/alternates")


def signature(trees: Iterable[str], files: Iterable[str], *, since: int | None) -> str | None:
    """A hash of every non-hidden entry below ``trees`` and of ``files`` (what they are,
    their size, inode and times, through a link and of the link); None when ``since`` is
    given and any of them changed after it. A file the walk of a tree signed already (the
    same text) is not signed twice: a check of 10,000 files names each of them both ways."""
    found: list[Any] = []
    signed: set[str] = set()
    for tree in trees:
        found.append(["tree", tree, None])
        found.append(_entry(tree))  # a folder put in its place, or a link turned elsewhere
        pending = [tree]
        while pending:
            folder = pending.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as error:
                found.append([folder, type(error).__name__, None])
                continue
            below = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                found.append(_entry(entry.path))
                signed.add(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    below.append(entry.path)
            pending.extend(reversed(below))
    found.extend(_entry(path) for path in files if path not in signed)
    if since is not None and any(type(fact[-1]) is int and fact[-1] >= since
                                 for fact in found):
        return None
    return hashlib.blake2b(json.dumps(found, ensure_ascii=True).encode("ascii"),
                           digest_size=20).hexdigest()


def _entry(path: str) -> list[Any]:
    """A path's facts, the last one its latest ctime (the link's or its target's)."""
    try:
        info = os.lstat(path)
    except OSError:
        return [path, None, None]
    own = _facts(info)
    target = facts(path) if stat.S_ISLNK(info.st_mode) else None
    return [path, own, target, max(own[-1], target[-1] if target else 0)]


def _facts(info: os.stat_result) -> list[int]:
    """What it is, its size, inode and times; a folder's size and times are left out (a
    hidden file made in it changes them, and what is in it is signed entry by entry)."""
    if stat.S_ISDIR(info.st_mode):
        return [info.st_mode, 0, info.st_ino, 0]
    return [info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]


def facts(path: str) -> list[int] | None:
    """A path's facts through a link: ``_facts``, or None when there is nothing."""
    try:
        return _facts(os.stat(path))
    except OSError:
        return None


def git_state(root: Path) -> list[Any]:
    """The repository around ``root`` as far as a kept answer depends on it (none: an
    empty list): HEAD, the commit it names, the index, and what ``_HISTORY`` names and the
    configuration files outside the repository, by size and times (a folder's too: what
    is added to it or removed changes them)."""
    for folder in (root.resolve(), *root.resolve().parents):
        dot = folder / ".git"
        if not os.path.lexists(dot):
            continue
        gitdir = dot
        if not dot.is_dir():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            gitdir = (folder / text.removeprefix("gitdir:").strip()).resolve()
        common = gitdir
        if (gitdir / "commondir").is_file():
            common = (gitdir / (gitdir / "commondir").read_text().strip()).resolve()
        head = (gitdir / "HEAD").read_bytes()
        state: list[Any] = [str(gitdir), head.decode("utf-8", "replace")]
        if head.startswith(b"ref:"):
            ref = head[4:].strip().decode("utf-8", "replace")
            for base in (gitdir, common):
                try:
                    state.append((base / ref).read_text(errors="replace"))
                except OSError:
                    state.append(None)
        places = [gitdir / "index", gitdir / "config.worktree",
                  *(common / name for name in _HISTORY), *_configs()]
        state.extend([str(place), _stamp(place)] for place in places)
        return state
    return []


def _configs() -> list[Path]:
    """The configuration files git reads besides the repository's: the user's (both
    places) and the system's, or what the environment names instead."""
    system = Path(os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig")
    if os.environ.get("GIT_CONFIG_GLOBAL"):
        return [Path(os.environ["GIT_CONFIG_GLOBAL"]), system]
    home = os.environ.get("HOME")  # as git: no HOME, no user's file
    user = [] if not home else [Path(home) / ".gitconfig"]
    xdg = os.environ.get("XDG_CONFIG_HOME") or (home and os.path.join(home, ".config"))
    if xdg:
        user.append(Path(xdg) / "git" / "config")
    return [*user, system]


def _stamp(path: Path) -> list[int] | None:
    """Size and times of whatever is at ``path`` (a folder's, unlike ``_facts``)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return [info.st_mode]  # /dev/null as GIT_CONFIG_GLOBAL: nothing to read there
    return [info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]
