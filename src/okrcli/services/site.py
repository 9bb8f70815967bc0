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
    """The review of the window with the state at ``until`` (``read.report``) and who
    stands above whom in okr.yaml."""
    report = read.report(session, cycle_id, until, since, origin=True)
    config = session.config
    parents = {t.id: t.parent for t in config.teams if t.parent}
    parents |= {p.id: p.team for p in config.people if p.team}
    return Site(report, parents)


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
    if (real / MARKER).is_file():
        return
    if any(os.scandir(real)):
        raise OkrError(_(
            "{path} is a folder that holds other files and is not a site okr wrote (it has "
            "no {marker}): write the site into an empty or new folder; nothing was "
            "written").format(path=shown, marker=MARKER))


def write(path: Path, real: Path, pages: Iterable[tuple[str, str]]) -> int:
    """The site's pages (each a name inside the folder and its HTML) and its marker
    written into ``real`` whole (``atomic.write_folder``), checked again just before the
    swap; returns how many pages were written."""

    def files() -> Iterable[tuple[str, bytes]]:
        yield MARKER, MARKER_TEXT.encode("utf-8")
        for name, text in pages:
            parts = name.split("/")
            assert name and not name.startswith("/") and ".." not in parts, name
            yield name, text.encode("utf-8")

    return atomic.write_folder(real, files(), lambda: _refuse(real, path)) - 1
