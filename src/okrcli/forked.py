"""A function over many items on every core: the items split in as many runs as the
machine gives this process cores, each run but the first in a child forked from this
process (which holds every import and every value already: nothing is started again),
its results sent back pickled through a pipe, in order.

What it promises: the same list as ``[fn(item) for item in items]``. A child that fails
in any way (an exception, a signal, a result that does not load) only costs its run done
again here; a child never prints, never runs an exit handler and never outlives the
call. Used where each item is independent and costs milliseconds (``okr check``'s own
part of each file); where ``fork`` is not the platform's way (Windows, macOS), with one
core, ``OKR_JOBS=1``, or fewer than ``least`` items, everything runs here, in order.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MOST = 16  # runs at most, whatever the machine
LEAST = 32  # items: below this, a fork costs more than it saves


def jobs() -> int:
    """How many runs: ``OKR_JOBS`` when set (1 or more), else the cores this process may
    use; 1 where fork is not the platform's way."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    asked = os.environ.get("OKR_JOBS", "").strip()
    if asked.isdigit() and int(asked) >= 1:
        return min(int(asked), MOST)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST))


def mapped(fn: Callable[[T], R], items: Sequence[T], *, least: int | None = None) -> list[R]:
    """``[fn(item) for item in items]``, the items split among ``jobs()`` runs (when
    there are at least ``least``, else ``LEAST``)."""
    runs = min(jobs(), len(items)) if len(items) >= (LEAST if least is None else least) else 1
    if runs < 2:
        return [fn(item) for item in items]
    size = -(-len(items) // runs)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    children: list[tuple[int, int, Sequence[T]]] = []
    try:
        for chunk in chunks[1:]:
            children.append(_fork(fn, chunk))
        results = [fn(item) for item in chunks[0]]
        while children:
            pid, fd, chunk = children.pop(0)
            results.extend(_collect(fn, pid, fd, chunk))
        return results
    finally:
        for pid, fd, _chunk in children:  # the caller's run failed: no child outlives it
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def _fork(fn: Callable[[T], R], chunk: Sequence[T]) -> tuple[int, int, Sequence[T]]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its results down the pipe, then out, whatever happens
        code = 1
        try:
            os.close(read)
            data = pickle.dumps([fn(item) for item in chunk], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        except BaseException:  # a child's failure is the parent's to handle
            pass
        os._exit(code)
    os.close(write)
    return pid, read, chunk


def _collect(fn: Callable[[T], R], pid: int, fd: int, chunk: Sequence[T]) -> list[R]:
    """A child's results, or its run done here when it failed."""
    try:
        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
    except OSError:
        data = b""
    _, status = os.waitpid(pid, 0)
    if status == 0:
        try:
            found = pickle.loads(data)
        except Exception:  # a torn result is a failed child
            found = None
        if isinstance(found, list) and len(found) == len(chunk):
            return found
    return [fn(item) for item in chunk]
