"""Python's cyclic garbage collector held off while a file is read or the rules run (the
pipeline's stages call it): work that makes many objects and frees none in cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one file is read, or the rules
    run. Reading a file makes tens of thousands of containers, and each few hundred of
    them would start a collection that walks the models of every file read before: a
    third of a cold check's time at 1,000 files. Paused, it runs about once a file
    instead, right after; the models hold no cycles, so nothing waits longer to be
    freed."""
    if not gc.isenabled():  # already paused by a caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


KEPT_FROM = 1_000  # files read at once: from here their objects leave the collector's reach


def kept(files: int) -> None:
    """What a command has just read is held to its end: above ``KEPT_FROM`` files, every
    object made so far is moved out of the collector's reach (``gc.freeze``). A collection
    during the drawing that follows would otherwise walk millions of lean models, each
    time (a sixth of a warm ``okr tree`` at 10,000 files). They hold no cycles: freed by
    their counts as before, never walked again."""
    if files >= KEPT_FROM:
        gc.freeze()
