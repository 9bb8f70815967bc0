"""Which file ``okr log`` follows back, where git's own following stops short.

- The owner has no file in the cycle now: the one of theirs deleted last (an auditor
  asks who deleted it, and what it held): deleted in the working tree, HEAD's; else the
  first that ``git log --diff-filter=D`` lists (newest first) whose last version is the
  owner's in the cycle.
- ``git log --follow`` pairs a move by the likeness of the texts: a file moved and
  rewritten much in one commit (its layout changed, say) starts there as created. Where
  that commit deleted exactly one file of the same owner and cycle, the file is that one
  moved, as ``okr diff`` pairs them: its history goes on there.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from okrcli.gitrepo import GitError, Repo, joined
from okrcli.model import OkrFile
from okrcli.services.common import Session


def okr_folder(session: Session, prefix: str) -> str:
    """The OKR folder, as a path from the repository's top."""
    okr_dir = posixpath.normpath(session.config.settings.okr_dir)
    return joined(prefix, "" if okr_dir == "." else okr_dir) or "."


def deleted_file(session: Session, repo: Repo, prefix: str, owner: str, cycle: str,
                 model: Callable[[str], object]) -> str | None:
    """The owner's file of the cycle that is gone (``model`` reads a blob), its path from
    the repository's top: deleted in the working tree, HEAD's; else the one a commit
    deleted last (a move git paired is no deletion); None when there is none."""
    head = repo.head()
    if head is None:
        return None
    folder = okr_folder(session, prefix)
    gone = [t for t in repo.changed(head, None, [folder]) if t.status == "D"]
    gone += [t for commit in repo.log([folder], diff_filter="D") for t in commit.touches
             if t.status == "D"]
    for touch in gone:
        found = model(touch.old_sha) if touch.old_sha else None
        if isinstance(found, OkrFile) and (found.owner, found.cycle) == (owner, cycle):
            return touch.old_path
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
