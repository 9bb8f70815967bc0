"""A function over many items on every core: the items split in as many runs as the
machine gives this process cores, each run but the first in a child forked from this
process (which holds every import and every value already: nothing is started again),
its results sent back pickled through a pipe, in order.

What it promises: the same list as ``[fn(item) for item in items]``. A child that fails
in any way (an exception, a signal, a result that does not load), or that cannot be made
(no process, no pipe to be had), only costs its run done here; a child never prints,
never runs an exit handler and is always waited for: the call ends its children when it
fails or is interrupted (a parent killed outright leaves them to end at their first
write). Used where each item is independent and costs milliseconds (``okr check``'s own
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
    if asked.isascii() and asked.isdigit() and int(asked) >= 1:
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
    if runs < 2 or not _may_fork():
        return [fn(item) for item in items]
    size = -(-len(items) // runs)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    children: dict[int, tuple[int, int]] = {}  # by chunk: the child's pid and pipe
    ignored = signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN
    if ignored:  # as inherited from a parent that ignores it: no child could be waited for
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        for number in range(1, len(chunks)):
            _fork(fn, chunks[number], number, children)
        # this process's own chunk, and every chunk no child could be made for
        results = {n: [fn(item) for item in chunk] for n, chunk in enumerate(chunks)
                   if n not in children}
        for number in sorted(children):
            pid, fd = children[number]
            results[number] = _collect(fn, pid, fd, chunks[number])
            del children[number]
        return [result for number in range(len(chunks)) for result in results[number]]
    finally:
        for pid, fd in children.values():  # the caller's run failed: no child outlives it
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        if ignored:
            signal.signal(signal.SIGCHLD, signal.SIG_IGN)


def _may_fork() -> bool:
    """Only a process of one thread forks (a child of a threaded one may hang on a lock
    another thread held), and only the main thread sets SIGCHLD."""
    threading = sys.modules.get("threading")
    return threading is None or (threading.active_count() == 1
                                 and threading.current_thread() is threading.main_thread())


def _fork(fn: Callable[[T], R], chunk: Sequence[T], number: int,
          children: dict[int, tuple[int, int]]) -> None:
    """A child for ``chunk``, entered in ``children``; none when the system gives no
    process or pipe (the chunk is done here). Ctrl-C is held off until the child is
    entered, so that every child made is one the caller waits for."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: its results down the pipe, then out, whatever happens
            code = 1
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                os.close(read)
                data = pickle.dumps([fn(item) for item in chunk],
                                    protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            except BaseException:  # a child's failure is the parent's to handle
                pass
            os._exit(code)
        os.close(write)
        children[number] = (pid, read)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


REDONE = [0]  # chunks done here after their child failed (for the tests)


def _collect(fn: Callable[[T], R], pid: int, fd: int, chunk: Sequence[T]) -> list[R]:
    """A child's results, or its run done here when it failed."""
    try:
        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
    except OSError:
        data = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # waited for by someone else: its bytes alone cannot tell
        status = -1
    if status == 0:
        try:
            found = pickle.loads(data)
        except Exception:  # a torn result is a failed child
            found = None
        if isinstance(found, list) and len(found) == len(chunk):
            return found
    REDONE[0] += 1
    return [fn(item) for item in chunk]
