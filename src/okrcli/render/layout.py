"""Text laid out for the width it is drawn at: a line breaker that never cuts a number, a
Latin word or a reference, and a grid of columns that gives way in a set order.

The line breaker treats a run of ``[A-Za-z0-9.,%+-/_:~]`` (numbers, percentages, words,
refs, dates) as one unit, glued to whatever touches it (``20家`` stays whole, as does
``◆ 建``: a no-break space binds). It breaks after a space, between two Chinese (or
Japanese, Korean) characters, after CJK punctuation (never before ``，。、；：！？）``,
never after ``（《「``), and after an ASCII comma or semicolon that ends a clause
(``网络,保障``). Only a unit wider than the whole line is cut, and only that unit: after
a ``/``, ``-``, ``.`` or ``_`` inside it where one fits (``service/satisfaction/`` over
``a-very-long-``), by character only where none does. Widths are terminal cells
(``rich.cells``: a CJK character is two).

``Grid`` (render/grid.py, its names importable from here) draws tables of these lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.color import ColorSystem
from rich.console import COLOR_SYSTEMS, Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Span, Text
from rich.tree import Tree

from okrcli.render.cellwidth import cells as cell_len

_UNIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,%+-/_:~")
# No line starts with these (closing and other CJK punctuation), and a line may end after
# them; none ends with an opening one.
_CLOSE = frozenset("，。、；：！？）」』】〕》〉”’…〗〙〛｝］・ー々〜～％\u3000")
_OPEN = frozenset("（「『【〔《〈“‘〖〘〚｛［")
# Where a run wider than its column is cut first: after one of these (a ref's ``/``, a
# hyphenated word's ``-``), the separator ending the line.
_SEP = frozenset("/-._")


def _cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF)


def _breaks(a: str, b: str) -> bool:
    """Whether a line may break between ``a`` and ``b``."""
    if b == " ":
        return False
    if a == " ":
        return True
    if b in _CLOSE or a in _OPEN:
        return False
    if a in _CLOSE:
        return True
    if a in ",;":
        return b not in _UNIT
    return _cjk(a) and (_cjk(b) or b in _OPEN)


def units(plain: str) -> Iterable[tuple[int, int]]:
    """The unbreakable runs of ``plain`` (each with the spaces after it), as offsets."""
    start = 0
    for i in range(1, len(plain)):
        if _breaks(plain[i - 1], plain[i]):
            yield start, i
            start = i
    if plain:
        yield start, len(plain)


def longest_unit(text: Text | str) -> int:
    """The widest unbreakable run of ``text``, in cells: the narrowest it wraps to whole."""
    plain = text.plain if isinstance(text, Text) else text
    return max((cell_len(plain[s:e].rstrip(" ")) for line in plain.split("\n")
                for s, e in units(line)), default=0)


def width_of(text: Text) -> int:
    """The widest line of ``text``, in cells."""
    plain = text.plain
    if "\n" not in plain:  # most cells: one line
        return cell_len(plain)
    return max(cell_len(line) for line in plain.split("\n"))


def trimmed(line: Text) -> Text:
    """``line`` without its trailing spaces (cut in place)."""
    plain = line.plain
    extra = len(plain) - len(plain.rstrip(" "))
    if extra:
        line.right_crop(extra)
    return line


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` in lines of at most ``width`` cells, broken only where ``units`` allows
    (a line break in ``text`` starts a line); no line ends in a space."""
    width = max(1, width)
    return [part for line in text.split("\n", allow_blank=True)
            for part in _wrap_line(line, width)]


def _wrap_line(text: Text, width: int) -> list[Text]:
    plain = text.plain
    if cell_len(plain) <= width:
        return [trimmed(text)]
    cuts: list[int] = []
    used = 0  # cells on the current line, its trailing spaces included
    for start, end in units(plain):
        unit = plain[start:end]
        full, trim = cell_len(unit), cell_len(unit.rstrip(" "))
        if used and used + trim > width:
            cuts.append(start)
            used = 0
        if trim <= width:
            used += full
            continue
        at, stop = start, start + len(unit.rstrip(" "))  # wider than a line: it is cut
        while cell_len(plain[at:stop]) > width - used and (used or stop - at > 1):
            cut = _cut(plain, at, stop, width - used)
            if cut == at and used:  # nothing fits after what the line holds: a new line
                cuts.append(at)
                used = 0
                continue
            cut = max(cut, at + 1)  # a character wider than the line stands alone
            cuts.append(cut)
            at, used = cut, 0
        used += cell_len(plain[at:end])
    return [trimmed(line) for line in text.divide(cuts)]


def _cut(plain: str, start: int, stop: int, room: int) -> int:
    """Where to cut the run ``plain[start:stop]`` (wider than ``room``) so that its first
    line holds at most ``room`` cells: after the last ``/ - . _`` that fits (not one
    followed by another, so ``//`` stays whole; one between two digits, a decimal point
    or a date's dash, only where no other fits), else after the last character that fits
    (never leaving a separator to start the next line). ``start`` when not even one
    character fits."""
    fits = start
    while fits < stop and cell_len(plain[start:fits + 1]) <= room:
        fits += 1
    seps = [i for i in range(start + 1, fits + 1) if i < stop and plain[i - 1] in _SEP
            and plain[i] not in _SEP]
    words = [i for i in seps if not (plain[i - 2:i - 1].isdigit() and plain[i].isdigit())]
    if words or seps:
        return (words or seps)[-1]
    if start < fits - 1 < fits < stop and plain[fits] in _SEP:
        return fits - 1
    return fits


def indented(text: Text, width: int, indent: int = 0, first: int | None = None) -> list[Text]:
    """``text`` wrapped to ``width`` with every line indented by ``indent`` cells (the
    first by ``first`` when given): a hanging indent."""
    first = indent if first is None else first
    lines = wrap(text, width - max(indent, first)) if width - max(indent, first) > 0 \
        else wrap(text, 1)
    out = []
    for i, line in enumerate(lines):
        pad = first if i == 0 else indent
        out.append(padded(line, pad) if pad else line)
    return out


def padded(text: Text, pad: int) -> Text:
    """``Text(" " * pad) + text``, made at once (a table of thousands of owners pads
    hundreds of thousands of cells)."""
    return prefixed(" " * pad, text)


def prefixed(head: str, text: Text) -> Text:
    """``Text(head) + text`` (``head`` unstyled, without control codes), made at once."""
    if not len(text):
        return Text(head)
    at = len(head)
    spans = [Span(at, at + len(text), text.style)] if text.style else []
    spans += [Span(at + start, at + end, style) for start, end, style in text.spans]
    return Text(head + text.plain, spans=spans)


class Wrapped:
    """A renderable ``Text`` wrapped by ``wrap`` at whatever width it is drawn (a tree's
    label, a paragraph)."""

    def __init__(self, text: Text, indent: int = 0) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from indented(self.text, options.max_width, self.indent, 0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(options.max_width, longest_unit(self.text) + self.indent),
                           min(options.max_width, width_of(self.text)))


class Fit:
    """A renderable built for the width it is drawn at."""

    def __init__(self, build: Callable[[int], Sequence[RenderableType]]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from drawn(self.build(options.max_width), console, options)


_JOIN = Text("\n")


def drawn(items: Iterable[RenderableType], console: Console,
          options: ConsoleOptions) -> RenderResult:
    """``items`` as Rich draws them with ``options``; a line already broken to the width
    as its segments, the same as Rich's own (the line's style a span of it), without Rich
    wrapping it once more: two thirds of the time of printing a long table."""
    width = options.max_width
    for item in items:
        if type(item) is Text and _laid_out(item, width, options.justify):
            yield from _JOIN.join((item,)).render(console, end=item.end)
        else:
            yield item


def written(lines: Sequence[Text], console: Console) -> str | None:
    """``lines`` (laid out already: one line each, no tab) as Rich's ``Console.print``
    writes them (one a line, soft-wrapped), each segment in its style's escape codes,
    made without Rich's cost per line and per print (a third of a colour tree of 10,000
    files, and all the segments of its 42,000 lines held at once); None where Rich's own
    printing is needed (no colours, a legacy Windows console, a console that records or
    is a notebook's)."""
    system = COLOR_SYSTEMS.get(console.color_system or "")
    if (system is None or system is ColorSystem.WINDOWS or console.legacy_windows
            or console.record or console.is_jupyter or console.no_color):
        return None
    out = [style.render(text, color_system=system) if style else text
           for text, style, _control in _JOIN.join(lines).render(console)]  # as print joins
    out.append("\n")
    return "".join(out)


def _laid_out(line: Text, width: int, justify: str | None) -> bool:
    """Whether Rich would draw ``line`` as it is: one line, no tab, no wider than
    ``width``, justified the default way."""
    plain = line.plain
    return ("\n" not in plain and "\t" not in plain
            and (line.justify or justify) in (None, "default") and cell_len(plain) <= width)


def tree_lines(tree: Tree, width: int, ascii_only: bool = False) -> list[Text] | None:
    """The lines Rich draws ``tree`` in at ``width``, drawn here without its cost per
    line (most of ``okr tree`` at 10,000 files): each node's guides, then its label
    wrapped at the width they leave, the guide continued under a label's later lines.
    None where this drawing might not be Rich's (a label that is not ``Wrapped``, a style
    of a node's own, a collapsed node, a label left too little room): draw the tree."""
    space, line, fork, end = Tree.ASCII_GUIDES if ascii_only else Tree.TREE_GUIDES[0]
    out: list[Text] = []
    stack: list[tuple[Tree, int, str, str]] = [(tree, 0, "", "")]  # node, depth, guides
    while stack:
        node, depth, first, rest = stack.pop()
        label = node.label
        room = width - len(line) * depth
        if (type(label) is not Wrapped or node.style != "tree" or not node.expanded
                or node.guide_style != "tree.line" or tree.hide_root
                or room - label.indent <= 0):
            return None
        text = label.text
        plain = text.plain
        if "\n" not in plain and plain[-1:] != " " and cell_len(plain) <= room - label.indent:
            out.append(prefixed(first, text) if first else text.copy())  # one line as it is
            # (most labels; what ``indented`` gives for it, without splitting and copying)
        else:
            for n, part in enumerate(indented(text, room, label.indent, 0)):
                guides = first if n == 0 else rest
                out.append(prefixed(guides, part) if guides else part)
        under = rest if depth else ""
        last = len(node.children) - 1
        stack.extend((child, depth + 1, under + (end if i == last else fork),
                      under + (space if i == last else line))
                     for i, child in reversed(list(enumerate(node.children))))
    return out


class Drawn:
    """A ``Tree`` printed through ``tree_lines`` (Rich's own drawing where that declines)."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    def lines(self, console: Console) -> list[Text] | None:
        """Its lines on ``console`` (None: only Rich draws it)."""
        return tree_lines(self.tree, console.width, console.options.ascii_only)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = tree_lines(self.tree, options.max_width, options.ascii_only)
        if lines is None:
            yield self.tree
        else:
            yield from drawn(lines, console, options)


# The grid lives in render/grid.py; its names are importable from here as before.
from okrcli.render.grid import GAP, Cell, Column, Grid, Measures, Plan, Row, streamed  # noqa: E402

__all__ = ["GAP", "Cell", "Column", "Drawn", "Fit", "Grid", "Measures", "Plan", "Row", "Wrapped",
           "indented", "longest_unit", "streamed", "trimmed", "units", "width_of", "wrap",
           "written"]
