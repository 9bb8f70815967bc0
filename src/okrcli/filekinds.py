"""What a file okr is asked to read is, said plainly: its name printable, the kind of a file
that is no regular file, and a read that never takes more than it asked for."""

from __future__ import annotations

import os
import stat

from okrcli.i18n import N_, _


def shown(text: str) -> str:
    """A path as printable UTF-8: the bytes of a name that is not UTF-8 (which Python
    holds as lone surrogates) as ``\\xNN``."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def take(fd: int, size: int) -> bytes:
    """At most ``size`` bytes, never more: a read is never the whole of an endless file."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def kind(mode: int, linked: bool) -> str:
    if linked and stat.S_ISDIR(mode):
        return _("a linked folder: okr follows no link to a folder, so the files in it are "
                 "never checked; make it a real folder")
    said = next(said for test, *said in _KINDS if test(mode))  # the last one always
    return _(said[linked])


# What a file that is no regular file is, alone and at the end of a symbolic link.
_KINDS = ((stat.S_ISDIR, N_("a folder: okr reads only regular files")),
          (stat.S_ISFIFO, N_("a FIFO: okr reads only regular files"),
           N_("a symbolic link to a FIFO: okr reads only regular files")),
          (stat.S_ISSOCK, N_("a socket: okr reads only regular files"),
           N_("a symbolic link to a socket: okr reads only regular files")),
          (lambda mode: stat.S_ISCHR(mode) or stat.S_ISBLK(mode),
           N_("a device: okr reads only regular files"),
           N_("a symbolic link to a device: okr reads only regular files")),
          (lambda mode: True, N_("not a regular file: okr reads only regular files"),
           N_("a symbolic link to not a regular file: okr reads only regular files")))
