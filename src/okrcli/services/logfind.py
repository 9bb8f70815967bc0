"""Which file ``okr log`` follows back, where git's own following stops short.

- The owner has no file in the cycle now: the one of theirs deleted last (an auditor
  asks who deleted it, and what it held). ``git log --diff-filter=D`` lists the deleted
  files, newest first; the first whose last version is the owner's in the cycle is it.
- ``git log --follow`` pairs a move by the likeness of the texts: a file moved and
  rewritten much in one commit (its layout changed, say) starts there as created. Where
  that commit deleted exactly one file of the same owner and cycle, the file is that one
  moved, as ``okr diff`` pairs them: its history goes on there.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from okrcli.gitrepo import GitError, Repo, joined
from okrcli.model import OkrFile
from okrcli.services.common import Session

_RECORD = b"\x00\x1eokr-deleted\x1e"  # no path or object name holds a NUL


def okr_folder(session: Session, prefix: str) -> str:
    """The OKR folder, as a path from the repository's top."""
    okr_dir = posixpath.normpath(session.config.settings.okr_dir)
    return joined(prefix, "" if okr_dir == "." else okr_dir) or "."


def deleted_file(session: Session, repo: Repo, prefix: str, owner: str, cycle: str,
                 model: Callable[[str], object]) -> Path | None:
    """The owner's file of the cycle deleted last (``model`` reads a blob), or None."""
    if repo.head() is None:
        return None
    out = repo.run("log", "--diff-filter=D", "-z", "--raw", "--no-abbrev", "--no-renames",
                   "--format=" + _RECORD.decode().replace("\x00", "%x00"), "--",
                   okr_folder(session, prefix))
    for record in out.split(_RECORD)[1:]:
        fields = iter(record.split(b"\x00"))
        for head in fields:  # ":MODE MODE OLD NEW D", then its path (--no-renames: one)
            parts = head.strip(b"\n").decode("ascii", "replace").split(" ")
            name = next(fields, b"") if head.strip(b"\n").startswith(b":") else None
            if name is None or len(parts) != 5 or parts[4] != "D":
                continue
            found = model(parts[2])
            if isinstance(found, OkrFile) and (found.owner, found.cycle) == (owner, cycle):
                rel = name.decode("utf-8", "surrogateescape")
                if prefix:
                    rel = rel[len(prefix) + 1:] if rel.startswith(prefix + "/") else ""
                return session.ws.root / rel if rel else None
    return None


def moved_from(session: Session, repo: Repo, prefix: str, sha: str, created: OkrFile,
               model: Callable[[str], object]) -> tuple[str, str] | None:
    """The file (its path from the repository's top, and its last blob) that commit
    ``sha``, which created a file of ``created``'s owner and cycle, deleted: the only one of
    that owner and cycle it deleted; None when there is none, or more than one."""
    try:
        touches = repo.changed(f"{sha}^", sha, [okr_folder(session, prefix)])
    except GitError:  # the first commit: nothing before it
        return None
    twins = []
    for touch in touches:
        if touch.status == "D" and touch.old_sha:
            found = model(touch.old_sha)
            if isinstance(found, OkrFile) and (found.owner, found.cycle) == (
                    created.owner, created.cycle):
                twins.append((touch.old_path, touch.old_sha))
    return twins[0] if len(twins) == 1 else None
