"""Widths in terminal cells: Rich's own (``rich.cells.cell_len``), measured in a third of
its time for the text a tree or a table of thousands of owners draws.

Rich sums each character's width (a CJK one two cells, a combining one none), one
Python call per character; here ``str.translate`` maps each character to as many as it
takes cells, in C, through a table filled with Rich's own width of each character the
first time it is met. Text with a zero-width joiner or a variation selector (emoji
sequences, whose width is not the sum of their characters') is measured by Rich.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size


class _Cells(dict[int, int | str | None]):
    """A character's code point -> what ``str.translate`` puts for it: itself (one cell),
    two characters (two cells), nothing (none)."""

    def __missing__(self, point: int) -> int | str | None:
        width = get_character_cell_size(chr(point))
        found = self[point] = None if width <= 0 else point if width == 1 else "  "
        return found


_TABLE = _Cells()


def cells(text: str) -> int:
    """``rich.cells.cell_len(text)``: ``cells("p0001 · 提高复购率")`` is 18."""
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" in text or "\ufe0f" in text:
        return cell_len(text)
    return len(text.translate(_TABLE))
