"""The dashboard as a static site (okr report --format html -o DIR): ``index.html`` (the
company's score and counts, what needs attention and the rest of the week's review, cut to
its first rows, the departments, and the alignment tree down to the objectives aligned to
the company's), a page per owner (``owners/NAME.html``: its part of the review, its
objectives with their key results' charts, who it aligns to and who aligns to it) and the
list of everyone (``everyone.html``, more pages past DIRECTORY owners). Each page is
whole in itself as the one-page dashboard is (its CSS inline, SVG charts, no script,
nothing fetched, a Content-Security-Policy that lets none run or load), and the links
between them are relative, so the folder works offline and from any web server.

Every list is cut: the index stays under 1 MB and an owner's page under 2 MB at 10,000
owners. What a cut list leaves out is said ("and 12 more") with links to where it is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from okrcli.i18n import N_, _, ngettext
from okrcli.render import pct
from okrcli.render.html import _e, _row, _table, bar, closing, node, opening
from okrcli.render.html import _objective as objective
from okrcli.render.reviewhtml import owners_table, review
from okrcli.results import Move, OwnerLine, OwnerStatus, Report, Site

ROWS = 30  # rows of each of the review's lists on the index
ROOTS, CHILDREN = 40, 12  # top objectives of the index's tree, and under each
DEPARTMENTS = 100  # rows of the index's departments
NAMED = 20  # owners named after "and N more"
BELOW = 1000  # rows of each owners' table of an owner's page
DIRECTORY = 5000  # owners per page of the list of everyone
META = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">")
CSS = """
nav.crumbs { font-size: .9rem; margin: 0 0 10px; color: var(--muted); }
nav.crumbs a, p.more a, p.pages a { white-space: nowrap; }
p.more { color: var(--muted); font-size: .9rem; }
"""

# --- file names ---------------------------------------------------------------------------

_KEPT = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_OTHER = re.compile(r"[^a-z0-9_-]+")  # a dot too: "aux.x~..." would still be a device
# Names Windows keeps for devices, whatever follows their first dot.
_DEVICES = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}


def file_name(owner: str, digits: int = 12) -> str:
    """An owner's page's name (without ``.html``): the id itself when it is lower-case
    letters, digits, ``.``, ``_`` and ``-`` (and no device name of Windows); else its
    letters, digits, ``_`` and ``-``, ``~`` and a hash of the whole id. ``~`` is in no
    id, so a name with it never meets an id kept as it is; names are lower-case, so ids
    that differ only by case (or by a replaced character) get different names on every
    file system."""
    if _KEPT.fullmatch(owner) and owner.split(".")[0] not in _DEVICES:
        return owner
    slug = _OTHER.sub("-", owner.lower()).strip("-")[:40]
    digest = hashlib.sha256(owner.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{slug}~{digest[:digits]}"


def file_names(owners: list[str]) -> dict[str, str]:
    """Every owner's page's name, each unique: ids whose short hash meets take the whole
    hash."""
    names = {owner: file_name(owner) for owner in owners}
    seen: dict[str, list[str]] = defaultdict(list)
    for owner, name in names.items():
        seen[name].append(owner)
    for same in (group for group in seen.values() if len(group) > 1):
        names.update({owner: file_name(owner, 64) for owner in same})
    return names


# --- the site -----------------------------------------------------------------------------


class _Map:
    """Who has a page, under which name, who stands above and below whom (okr.yaml) and
    who aligns to whom (the objectives), each owner's part of the review."""

    def __init__(self, site: Site) -> None:
        report = site.report
        status = report.status
        assert status is not None
        self.report, self.status, self.labels = report, status, report.labels
        self.owners: dict[str, OwnerStatus] = {o.owner: o for o in status.owners}
        self.names = file_names(list(self.owners))
        self.lines: dict[str, OwnerLine] = {line.owner: line for line in report.owners}
        self.parents, self.whole = site.parents, site.whole
        self.members: dict[str, list[str]] = defaultdict(list)
        for owner in self.owners:
            if owner in site.parents:
                self.members[site.parents[owner]].append(owner)
        self.above: dict[str, dict[str, None]] = defaultdict(dict)
        self.below: dict[str, dict[str, None]] = defaultdict(dict)
        for state in status.states.values():
            for child in state.children:
                other = status.states[child].owner
                if other != state.owner:
                    self.below[state.owner][other] = None
                    self.above[other][state.owner] = None
        self.parts = _parts(report)

    def page(self, owner: str, prefix: str) -> str | None:
        name = self.names.get(owner)
        return None if name is None else f"{prefix}{name}.html"

    def who(self, prefix: str) -> Callable[[str], str]:
        """An owner's name (cut) as a link to its page (from a page at ``prefix``), or
        plain when it has none (a person who drives a key result of another's file)."""
        def name(owner: str) -> str:
            text = _row(self.labels.get(owner, owner))
            href = self.page(owner, prefix)
            return text if href is None else f'<a href="{_e(href)}">{text}</a>'
        return name

    def objective_link(self, prefix: str) -> Callable[[str], str | None]:
        def link(ref: str) -> str | None:
            state = self.status.states.get(ref)
            href = None if state is None else self.page(state.owner, prefix)
            return None if href is None else f"{href}#obj-{ref}"
        return link


def pages(site: Site, generated_at: dt.datetime | None = None) -> Iterator[tuple[str, str]]:
    """Every page of the site: (its path in the folder, its HTML), the index first; made
    one at a time, so that a writer holds one page at once."""
    where = _Map(site)
    everyone = list(where.lines.values())
    directory = [everyone[i:i + DIRECTORY] for i in range(0, len(everyone), DIRECTORY)] or [[]]
    yield "index.html", _index(where, generated_at)
    for owner in where.owners:
        yield f"owners/{where.names[owner]}.html", _owner(where, owner, generated_at)
    for n, lines in enumerate(directory, 1):
        yield _directory_name(n), _directory(where, lines, n, len(directory), generated_at)


def _directory_name(n: int) -> str:
    return "everyone.html" if n == 1 else f"everyone-{n}.html"


def _crumbs(where: _Map, owner: str | None, prefix: str) -> str:
    """Back to the index, then the teams above an owner (okr.yaml), nearest last."""
    home = where.report.organization or "OKR"
    parts = [f'<a href="{prefix}index.html">{_e(home)}</a>']
    chain: list[str] = []
    at = where.parents.get(owner) if owner else None
    while at is not None and at not in chain and at != owner:
        chain.append(at)
        at = where.parents.get(at)
    who = where.who("" if prefix == "../" else "owners/")  # from an owner's page or the top
    parts += [who(team) for team in reversed(chain)]
    return '<nav class="crumbs">' + " › ".join(parts) + "</nav>"


def _more(where: _Map, left: int, owners: list[str], prefix: str, directory: str) -> list[str]:
    """After a cut list: how many more, and the owners whose pages hold them."""
    if left <= 0:
        return []
    who = where.who(prefix)
    named = list(dict.fromkeys(owners))
    links = [who(o) for o in named[:NAMED]]
    if len(named) > NAMED:
        links.append(f'<a href="{directory}">…</a>')
    text = ngettext("and {n} more", "and {n} more", left).format(n=left)
    if links:
        text = _("{more}: {owners}").format(more=text, owners=_(", ").join(links))
    else:
        text = f'<a href="{directory}">{text}</a>'
    return [f'<p class="more">{text}</p>']


# --- the index ----------------------------------------------------------------------------


def _index(where: _Map, generated_at: dt.datetime | None) -> str:
    report = where.report
    cut, left = _cut(report)
    everyone = ngettext("Everyone: {n} owner", "Everyone: {n} owners",
                       len(where.lines)).format(n=len(where.lines))
    out = opening(report, generated_at, css=CSS, meta=META)
    out.append(f'<p><a href="everyone.html">{everyone}</a></p>')

    def more(section: str) -> list[str]:
        n, owners = left.get(section, (0, []))
        return _more(where, n, owners, "owners/", "everyone.html")

    out += review(cut, where.who("owners/"), more)
    out += _departments(where)
    out += _tree(where)
    out += closing()
    return "\n".join(out) + "\n"


def _cut(report: Report) -> tuple[Report, dict[str, tuple[int, list[str]]]]:
    """The review with each list cut to its first ROWS, and for each list how many were
    left out and whose they are."""
    left: dict[str, tuple[int, list[str]]] = {}
    moved: dict[str, list[Move]] = {}
    kept = 0
    hidden: list[str] = []
    count = 0
    for owner, moves in report.moved.items():
        room = max(0, ROWS - kept)
        if room:
            moved[owner] = moves[:room]
            kept += len(moved[owner])
        if len(moves) > room:
            hidden.append(owner)
            count += len(moves) - room
    left["moved"] = (count, hidden)
    lists: dict[str, list[Any]] = {}
    for section in ("silent", "drops", "attention", "goalposts", "due"):
        items = getattr(report, section)
        lists[section] = items[:ROWS]
        left[section] = (len(items) - ROWS, [i.owner for i in items[ROWS:]])
    return _review_of(report, moved, lists), left


def _review_of(report: Report, moved: dict[str, list[Move]],
               lists: dict[str, list[Any]]) -> Report:
    """The review with its lists replaced (cut for the index, one owner's for its page)."""
    return dataclasses.replace(
        report, moved=moved, silent=lists.get("silent", []), drops=lists.get("drops", []),
        attention=lists.get("attention", []), goalposts=lists.get("goalposts", []),
        due=lists.get("due", []))


def _departments(where: _Map) -> list[str]:
    """The company's teams (no parent) and the teams and people right below them."""
    roots = set(where.report.roots)
    lines = [line for owner, line in where.lines.items()
             if owner in roots or where.parents.get(owner) in roots]
    note: list[str] = []
    top = where.report.top
    if top is not None:  # the counts of everyone below each team, as the Markdown has them
        lines = [OwnerLine(b.owner, b.name, b.score, b.score_before, b.counts)
                 for b in top.branches]
        note = ["<p>" + _e(ngettext(
            "{n} owner; the score is each team's own, the counts are of everyone in it.",
            "{n} owners; the score is each team's own, the counts are of everyone in it.",
            top.owners).format(n=top.owners)) + "</p>"]
    out = owners_table(where.report, lines[:DEPARTMENTS], _("Departments"),
                       where.who("owners/"))
    out[0] = out[0].replace("<h3>", '<h3 id="departments">', 1)
    return out + note + _more(where, len(lines) - DEPARTMENTS, [], "owners/",
                              "everyone.html")  # the note under the table, not in it


def _tree(where: _Map) -> list[str]:
    """The alignment tree down to the objectives aligned to the top ones, each cut."""
    states, labels = where.status.states, where.labels
    link = where.objective_link("owners/")
    roots = where.status.roots()
    out = ['<h2 id="tree">' + _("Alignment") + "</h2>", '<ul class="tree">']
    for ref in roots[:ROOTS]:
        state = states[ref]
        out.append(node(state, labels, link(ref) or "#"))
        children = [c for c in state.children if c != ref]
        if children:
            out.append("<ul>")
            for child in children[:CHILDREN]:
                out.append(node(states[child], labels, link(child) or "#") + "</li>")
            if len(children) > CHILDREN:
                page = where.page(state.owner, "owners/")
                n = len(children) - CHILDREN
                text = ngettext("and {n} more", "and {n} more", n).format(n=n)
                out.append(f'<li class="more"><a href="{_e(page)}#aligned">{text}</a></li>'
                           if page else f'<li class="more">{text}</li>')
            out.append("</ul>")
        out.append("</li>")
    out.append("</ul>")
    if len(roots) > ROOTS:
        out += _more(where, len(roots) - ROOTS, [], "owners/", "everyone.html")
    return out


# --- an owner's page ----------------------------------------------------------------------


def _parts(report: Report) -> dict[str, dict[str, list[Any]]]:
    """Each owner's part of the review's lists: what its file holds, and what it drives in
    another's, by section."""
    parts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for owner, moves in report.moved.items():
        parts[owner]["moved"] = moves
    for section in ("silent", "drops", "attention", "goalposts", "due"):
        for item in getattr(report, section):
            holder = item.ref.split("/", 1)[0]
            parts[holder][section].append(item)
            if item.owner != holder:
                parts[item.owner][section].append(item)
    return parts


def _owner(where: _Map, owner: str, generated_at: dt.datetime | None) -> str:
    report, status = where.report, where.status
    line, state = where.lines.get(owner), where.owners[owner]
    part = where.parts.get(owner, {})
    mine = _review_of(report, {owner: part["moved"]} if part.get("moved") else {}, part)
    name = _e(state.name)
    out = opening(report, generated_at, heading=f"{name} · ", css=CSS, meta=META,
                  before=_crumbs(where, owner, "../"))
    out.append(f'<h2 id="owner">{name} <span class="ref">{_e(owner)}</span> '
               f"{bar(state.score)}</h2>")
    up = [where.who("")(o) for o in where.above.get(owner, {})]
    if up:
        out.append('<p class="up">' + _("Aligns to: {owners}").format(
            owners=_(", ").join(up)) + "</p>")
    if line is not None:
        out.append("<p>" + _(", ").join(
            f"{_e(_(s.label))} {n}" for s, n in line.counts.items()) + "</p>")
    out += review(mine, where.who(""), cards=False)
    out.append('<h2 id="objectives">' + _("Objectives and key results") + "</h2>")
    whole = where.whole(owner) if where.whole else None  # every check-in, for the charts
    for objective_state in state.objectives:
        if whole is not None and objective_state.ref in whole:
            objective_state = dataclasses.replace(objective_state,
                                                  key_results=whole[objective_state.ref])
        out += objective(objective_state, status, where.labels, where.objective_link(""))
    aligned = list(where.below.get(owner, {}))
    members = [m for m in where.members.get(owner, []) if m not in where.below.get(owner, {})]
    for heading, ident, owners in ((_("Aligned to it"), "aligned", aligned),
                                   (_("Members"), "members", members)):
        if not owners:
            continue
        rows = [where.lines[o] for o in owners[:BELOW] if o in where.lines]
        table = owners_table(report, rows, heading, where.who(""))
        table[0] = table[0].replace("<h3>", f'<h3 id="{ident}">', 1)
        out += table + _more(where, len(owners) - BELOW, [], "", "../everyone.html")
    out += closing()
    return "\n".join(out) + "\n"


# --- everyone -----------------------------------------------------------------------------


def _directory(where: _Map, lines: list[OwnerLine], n: int, total: int,
               generated_at: dt.datetime | None) -> str:
    """Every owner with its score and counts by status: a link, a number, no bar (a few
    hundred bytes a row), DIRECTORY owners a page."""
    report = where.report
    heading = _e(_("Everyone")) + " · "
    out = opening(report, generated_at, heading=heading, css=CSS, meta=META,
                  before=_crumbs(where, None, ""))
    pages_line = ""
    if total > 1:
        links = [f"<b>{i}</b>" if i == n else f'<a href="{_directory_name(i)}">{i}</a>'
                 for i in range(1, total + 1)]
        pages_line = ('<p class="pages">' + _("page {n} of {total}").format(n=n, total=total)
                      + " · " + " ".join(links) + "</p>")
        out.append(pages_line)
    statuses = tuple(s.label for s in report.counts)
    who = where.who("owners/")
    out.append('<h2 id="everyone">' + _("Everyone") + "</h2>"
               + _table("owners", (N_("Owner"), N_("Score"), *statuses),
                        tuple(range(1, 2 + len(statuses)))))
    for line in lines:
        out.append(f'<tr><td class="who">{who(line.owner)} <span class="ref">'
                   f'{_e(line.owner)}</span></td><td class="n">{pct(line.score)}</td>'
                   + "".join(f'<td class="n">{c}</td>' for c in line.counts.values())
                   + "</tr>")
    out.append("</table></div>")
    if pages_line:
        out.append(pages_line)
    out += closing()
    return "\n".join(out) + "\n"
