"""okr report --format html as a site (``-o DIR``) or as one page: what the site shows
(the review with the organisation above it), whether one page may hold the workspace, and
the site written into its folder whole, only over an empty folder or an earlier site."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from okrcli import atomic, store
from okrcli.diagnostics import OkrError
from okrcli.i18n import _
from okrcli.results import Site
from okrcli.services import read
from okrcli.services.common import Session, pick_cycle

# One page holds every key result's chart (about 45 KB an owner with 4 objectives × 4 key
# results): beyond this many owners' files in the cycle, the site (a page per owner).
SINGLE_PAGE_OWNERS = 200
# The file that makes a folder an okr site, which a later run may replace whole.
MARKER = ".okr-site"
MARKER_TEXT = ("This folder is a site written by `okr report --format html -o DIR`: the "
               "next run replaces it whole.\n")
SUFFIXES = (".html", ".htm")


def is_site_path(path: Path) -> bool:
    """``-o PATH`` of the dashboard names a site's folder (else one page): an existing
    folder, or a path whose name does not end in .html or .htm."""
    return path.is_dir() or not path.name.lower().endswith(SUFFIXES)


def site(session: Session, cycle_id: str | None, until: dt.date,
         since: dt.date | None = None) -> Site:
    """The review of the window with the state at ``until`` (``read.report``, lean: each
    owner's page reads its file whole again for its charts) and who stands above whom in
    okr.yaml."""
    report = read.report(session, cycle_id, until, since, origin=True, lean=True)
    config = session.config
    parents = {t.id: t.parent for t in config.teams if t.parent}
    parents |= {p.id: p.team for p in config.people if p.team}
    return Site(report, parents, lambda owner: session.whole_states(owner, report.until))


def single_page(session: Session, cycle_id: str | None, until: dt.date) -> None:
    """Refuse the one-page dashboard of a cycle with more than SINGLE_PAGE_OWNERS owners'
    files (counted from the index, before anything is read), with the way to the site."""
    cycle = pick_cycle(session.config, cycle_id, until)
    count = len(session.files(cycle.id))
    if count > SINGLE_PAGE_OWNERS:
        raise OkrError(_(
            "cycle {cycle} has {count} owners' files, too many for one page (at most "
            "{limit}): write the dashboard as a site, a page per owner, with "
            "`okr report --format html -o FOLDER`; nothing was written").format(
                cycle=cycle.id, count=count, limit=SINGLE_PAGE_OWNERS))


def target(path: Path) -> Path:
    """The folder a site goes to, checked before anything is read: refused when it is a
    file, or a folder that holds anything but an earlier okr site (its marker file), so
    that ``-o ~`` writes nothing; a relative path through a linked folder out of the
    current one is refused as for every ``-o``. A linked folder is followed to where it
    leads (the site replaces what it points to, never the link)."""
    if not path.is_absolute():
        here = Path.cwd()
        store.refuse_links_out(here / path / MARKER, here, tree="the current folder")
    real = Path(os.path.realpath(path))
    _refuse(real, path)
    return real


def _refuse(real: Path, shown: Path) -> None:
    if not os.path.lexists(real):
        return
    if not real.is_dir():
        raise OkrError(_("{path} is a file, not a folder: the site needs a folder of its own; "
                         "nothing was written").format(path=shown))
    if not any(os.scandir(real)):
        return
    if not (real / MARKER).is_file():
        raise OkrError(_(
            "{path} is a folder that holds other files and is not a site okr wrote (it has "
            "no {marker}): write the site into an empty or new folder; nothing was "
            "written").format(path=shown, marker=MARKER))
    strange = _not_ours(real)
    if strange:
        # An earlier site is replaced whole: a marker alone (a pull request can add one)
        # must never let okr delete a workspace, a .git or a CNAME kept beside the pages.
        raise OkrError(_(
            "{path} holds {names}, which okr's site does not write: okr replaces a site's "
            "folder whole, so it writes only into a folder of its own pages; move them out "
            "or write the site elsewhere; nothing was written").format(
                path=shown, names=", ".join(strange[:3]) + (" …" if len(strange) > 3 else "")))


def _not_ours(folder: Path) -> list[str]:
    """What an earlier site's folder holds that a site does not write: anything but the
    marker, index.html, everyone*.html and owners/*.html (regular files, no links)."""
    strange = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name == "owners" and entry.is_dir(follow_symlinks=False):
            strange += [f"owners/{e.name}" for e in os.scandir(entry.path)
                        if not (_page(e.name) and e.is_file(follow_symlinks=False))]
        elif not (entry.is_file(follow_symlinks=False) and (
                entry.name in (MARKER, "index.html") or (
                    entry.name.startswith("everyone") and _page(entry.name)))):
            strange.append(entry.name)
    return strange


def _page(name: str) -> bool:
    return name.endswith(".html") and not name.startswith(".")


def write(path: Path, real: Path, pages: Iterable[tuple[str, str]]) -> int:
    """The site's pages (each a name inside the folder and its HTML) and its marker
    written into ``real`` whole (``atomic.write_folder``), checked again just before the
    swap; returns how many pages were written."""

    def files() -> Iterable[tuple[str, bytes]]:
        yield MARKER, MARKER_TEXT.encode("utf-8")
        for name, text in pages:
            parts = name.split("/")
            if not name or name.startswith("/") or ".." in parts or "" in parts:
                raise ValueError(f"a page named {name!r} would leave the site's folder")
            yield name, text.encode("utf-8")

    return atomic.write_folder(real, files(), lambda: _refuse(real, path)) - 1
