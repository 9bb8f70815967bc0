"""``--at REV``: the workspace as committed at a revision, read from git's objects (a
``Snapshot``, which ``common.open_session`` makes a Session of), for every reading
command; found where the working tree has it, or where that commit had it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from okrcli.diagnostics import OkrError
from okrcli.gitrepo import Repo
from okrcli.i18n import _
from okrcli.snapshot import Snapshot
from okrcli.store import CONFIG_NAME, find_root


def snapshot_at(root: Path | None, at: str) -> tuple[Snapshot, dt.datetime]:
    """The workspace at revision ``at``, and that commit's date: its folder is found on
    disk as ever, or, when its okr.yaml is gone from the working tree, the nearest folder
    that held one in that commit; its files are then read from the commit only."""
    try:
        found: Path | None = find_root(override=root)
        missing: OkrError | None = None
    except OkrError as err:
        found, missing = None, err
    start = found or (Path(root).expanduser() if root else Path.cwd()).absolute()
    near = next((f for f in (start, *start.parents) if f.is_dir()), start)
    repo = Repo.around(near)
    sha = repo.commit(at)
    if found is None:
        found = _committed_root(repo, sha, start, explicit=root is not None)
        if found is None:
            assert missing is not None
            raise missing
    when = repo.run("log", "-1", "--format=%cI", sha, "--").decode().strip()
    snapshot = Snapshot(found, repo, sha)
    if not snapshot.has(snapshot.config_path):
        raise OkrError(_("{rev} ({sha}) holds no {config} here: the workspace is not in that "
                         "commit").format(rev=at, sha=repo.short(sha), config=CONFIG_NAME))
    return snapshot, dt.datetime.fromisoformat(when)


def _committed_root(repo: Repo, sha: str, start: Path, explicit: bool) -> Path | None:
    """``start`` (``--root``), or the nearest of it and its parents in the repository,
    whose okr.yaml is a file in the commit ``sha``."""
    folders = [start] if explicit else [start, *start.parents]
    names: dict[str, Path] = {}
    for folder in folders:
        try:
            prefix = repo.prefix(folder)
            names[f"{prefix}/{CONFIG_NAME}" if prefix else CONFIG_NAME] = folder
        except ValueError:  # above the repository's top
            break
    if not names:
        return None
    out = repo.run("ls-tree", "-z", "--full-tree", sha, "--", *names)
    held = {os.fsdecode(record.partition(b"\t")[2]) for record in out.split(b"\x00")
            if record.startswith((b"100644", b"100755"))}
    return next((folder for name, folder in names.items() if name in held), None)
