"""Blobs read one at a time from one ``git cat-file --batch`` process kept open.

``okr log`` of a file with hundreds of commits derives most versions from a newer one
(versions.py) and reads only a few in full, learning which as it goes: asking for every
version at once would move the file's size times its commits through a pipe to use a
handful. One process still answers them all (gitrepo.py's rule: a process for many
objects), and a blob over the caller's limit is read past, never held.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from okrcli.gitrepo import _BASE, _ENV, GitError
from okrcli.i18n import _


class BlobReader:
    """One ``git cat-file --batch`` process below the repository's top ``top``, started at
    the first blob asked and stopped by ``close`` (or the ``with`` block's end)."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._proc: subprocess.Popen[bytes] | None = None

    def get(self, sha: str, limit: int) -> bytes | int | None:
        """The blob's bytes; its size when it is over ``limit`` bytes (not kept: read past);
        None when this (shallow, partial) clone does not hold it."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(sha.encode("ascii") + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
        except (OSError, UnicodeEncodeError):
            header = []
        if len(header) < 3 or not header[2].isdigit():
            if proc.poll() is not None:
                raise GitError(_("git {command} failed: {said}").format(
                    command="cat-file", said=proc.returncode))
            return None  # "<sha> missing" (or ambiguous): not a blob this clone holds
        size = int(header[2])
        if size > limit:
            left = size + 1
            while left:  # past its bytes and the line break after them, never held
                chunk = proc.stdout.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
            return size
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the line break after the blob
        return data

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            try:
                self._proc = subprocess.Popen(
                    [*_BASE, "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    env={**os.environ, **_ENV})
            except FileNotFoundError:
                raise GitError(_("git is not installed (or not on PATH): okr reads history "
                                 "through the git command")) from None
        return self._proc

    def close(self) -> None:
        """Stop the process: its input closed (it ends), and its output too, before the
        wait, so that an answer nobody reads (an error in the middle of ``get``) cannot
        keep it writing into a full pipe."""
        proc, self._proc = self._proc, None
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()
            proc.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
