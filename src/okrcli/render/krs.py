"""``okr kr list``: a plain table for the terminal, ``REF<TAB>TITLE`` lines for scripts.

The table fits the terminal's width without folding a ref, a number or a Latin word: a
title breaks where ``layout.wrap`` breaks one in ``okr status`` (between words, between
Chinese characters and after punctuation, a number kept with its unit); where the
columns leave a title too little room, each key result takes two lines (its ref, then
its title and the rest).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from okrcli.i18n import N_, _
from okrcli.render import layout, word
from okrcli.render.escape import visible
from okrcli.results import KrListResult, KrRow

# In English (``N_``): ``table`` shows them translated.
HEADERS = (N_("Key result"), N_("Title"), N_("Kind"), N_("Driven by"), N_("Status"))
GAP = "  "
MIN_TITLE = 16  # cells: below this, the two-line layout


def tsv(result: KrListResult) -> str:
    """One key result a line: its ref, a tab, its title (``cut -f1`` gives the refs)."""
    return "".join(f"{row.ref}\t{visible(row.title)}\n" for row in result.rows)


def table(result: KrListResult, width: int) -> Text:
    """The key results as columns of ``HEADERS``, within ``width`` cells, no trailing
    spaces."""
    heading = (_("Key results · {cycle} · {owner}") if result.owner else
               _("Key results · {cycle}")).format(cycle=result.cycle.id, owner=result.owner)
    headers = tuple(_(h) for h in HEADERS)
    out = Text()
    out.append(visible(heading), style="bold")
    rows = result.rows
    cells = [(visible(r.ref), visible(r.title), word(r.kind), visible(r.driver),
              _status(r).plain) for r in rows]
    widths = [max([cell_len(h)] + [cell_len(c[i]) for c in cells]) for i, h in enumerate(headers)]
    room = width - sum(widths) + widths[1] - len(GAP) * (len(headers) - 1)
    if room < MIN_TITLE:  # two lines a key result: ref and the rest, then the title
        for row, (ref, title, kind, driver, _plain) in zip(rows, cells, strict=True):
            style = "dim" if row.dropped else ""
            rest = f"{kind} · {driver} · "
            out.append("\n" + ref, style=style)
            fits = cell_len(ref + GAP + rest) + cell_len(_status(row).plain) <= width
            out.append(GAP if fits else "\n  ")
            out.append(rest, style="dim")
            out.append_text(_status(row))
            for line in _lines(title, width - 2):
                out.append("\n  " + line, style=style)
        return out
    widths[1] = min(widths[1], room)
    out.append("\n")
    out.append(_line(headers, widths), style="bold")
    for row, (ref, title, kind, driver, _plain) in zip(rows, cells, strict=True):
        style = "dim" if row.dropped else ""
        lines = _lines(title, widths[1])
        out.append("\n")
        out.append(_line((ref, lines[0], kind, driver, ""), widths), style=style)
        out.append_text(_status(row))
        for more in lines[1:]:
            out.append("\n" + " " * (widths[0] + len(GAP)) + more, style=style)
    return out


def _status(row: KrRow) -> Text:
    if row.dropped:
        return Text(_("dropped"), style="dim strike")
    return Text(_(row.status.label), style=row.status.style)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    """Cells padded to their columns, the last one not padded (a row passes "" for its
    status, which follows in its colour)."""
    padded = [c + " " * (w - cell_len(c)) for c, w in zip(cells[:-1], widths, strict=False)]
    return GAP.join([*padded, cells[-1]])


def _lines(title: str, width: int) -> list[str]:
    """``title`` broken by ``layout.wrap``, the line breaker of the status table (one set
    of rules: kr list and status break a title alike)."""
    return [line.plain for line in layout.wrap(Text(title), width)]
