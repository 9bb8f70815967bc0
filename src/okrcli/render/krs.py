"""``okr kr list``: a plain table for the terminal, ``REF<TAB>TITLE`` lines for scripts.

The table fits the terminal's width without folding a ref, a number or a Latin word: a
title breaks between words, between Chinese characters and after punctuation; where the
columns leave a title too little room, each key result takes two lines (its ref, then
its title and the rest).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text

from okrcli.render.escape import visible
from okrcli.results import KrListResult, KrRow

HEADERS = ("Key result", "Title", "Kind", "Driven by", "Status")
GAP = "  "
MIN_TITLE = 16  # cells: below this, the two-line layout
# Never at the start of a line (they close what comes before) / at its end (they open).
_CLOSING = set("，。、；：！？）】」』》〉％%,.;:!?)]}”’…·")
_OPENING = set("（【「『《〈([{“‘")
# A run that must stay whole: Latin letters, digits and their signs (12.5%, 1,500, v2-beta);
# anything else (a Chinese character, a space) is a token of its own.
_TOKENS = re.compile(r"[!-~\u00a0-\u024f]+|\s+|.", re.DOTALL)


def tsv(result: KrListResult) -> str:
    """One key result a line: its ref, a tab, its title (``cut -f1`` gives the refs)."""
    return "".join(f"{row.ref}\t{visible(row.title)}\n" for row in result.rows)


def table(result: KrListResult, width: int) -> Text:
    """The key results as columns of ``HEADERS``, within ``width`` cells, no trailing
    spaces."""
    heading = f"Key results · {result.cycle.id}" + (f" · {result.owner}" if result.owner else "")
    out = Text()
    out.append(visible(heading), style="bold")
    rows = result.rows
    cells = [(visible(r.ref), visible(r.title), r.kind, visible(r.driver), _status(r).plain)
             for r in rows]
    widths = [max([cell_len(h)] + [cell_len(c[i]) for c in cells]) for i, h in enumerate(HEADERS)]
    room = width - sum(widths) + widths[1] - len(GAP) * (len(HEADERS) - 1)
    if room < MIN_TITLE:  # two lines a key result: ref and the rest, then the title
        for row, (ref, title, kind, driver, _) in zip(rows, cells, strict=True):
            style = "dim" if row.dropped else ""
            rest = f"{kind} · {driver} · "
            out.append("\n" + ref, style=style)
            fits = cell_len(ref + GAP + rest) + cell_len(_status(row).plain) <= width
            out.append(GAP if fits else "\n  ")
            out.append(rest, style="dim")
            out.append_text(_status(row))
            for line in wrap(title, width - 2):
                out.append("\n  " + line, style=style)
        return out
    widths[1] = min(widths[1], room)
    out.append("\n")
    out.append(_line(HEADERS, widths), style="bold")
    for row, (ref, title, kind, driver, _) in zip(rows, cells, strict=True):
        style = "dim" if row.dropped else ""
        lines = wrap(title, widths[1])
        out.append("\n")
        out.append(_line((ref, lines[0], kind, driver, ""), widths), style=style)
        out.append_text(_status(row))
        for more in lines[1:]:
            out.append("\n" + " " * (widths[0] + len(GAP)) + more, style=style)
    return out


def _status(row: KrRow) -> Text:
    if row.dropped:
        return Text("dropped", style="dim strike")
    return Text(row.status.label, style=row.status.style)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    """Cells padded to their columns, the last one not padded (a row passes "" for its
    status, which follows in its colour)."""
    padded = [c + " " * (w - cell_len(c)) for c, w in zip(cells[:-1], widths, strict=False)]
    return GAP.join([*padded, cells[-1]])


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken only where a reader expects a
    break; a single run longer than a line is cut, the one case where nothing else fits."""
    pieces: list[str] = []
    for token in _TOKENS.findall(text):
        if pieces and (token[0] in _CLOSING or pieces[-1][-1] in _OPENING) \
                and not token.isspace() and not pieces[-1].isspace():
            pieces[-1] += token
        else:
            pieces.append(token)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if piece.isspace():
            if line and cell_len(line) + 1 <= width:
                line += " "
            continue
        while cell_len(piece) > width:  # a run with no break in it: cut it where it must
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            cut = _fit(piece, width)
            lines.append(piece[:cut])
            piece = piece[cut:]
        if line and cell_len(line) + cell_len(piece) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _fit(text: str, width: int) -> int:
    """How many characters of ``text`` fill ``width`` cells (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > width:
            return max(i, 1)
    return len(text)
