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

``Grid`` draws a table from cells of ``Text``: the title column (``flex``) takes what the others
leave; when it would get less than its natural width the other columns first take their short
forms (a date as ``11-20``, a shorter bar), then wrap down to their narrowest, then go one by
one in the order of their ``hide`` (the caller says which, and the grid says so in one line,
never wrapped, its advice dropped where the width has no room for it); where no table fits, each
row becomes its title and a line of its figures. Lines carry no trailing spaces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

_UNIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,%+-/_:~")
# No line starts with these (closing and other CJK punctuation), and a line may end after
# them; none ends with an opening one.
_CLOSE = frozenset("，。、；：！？）」』】〕》〉”’…〗〙〛｝］・ー々〜～％\u3000")
_OPEN = frozenset("（「『【〔《〈“‘〖〘〚｛［")
# Where a run wider than its column is cut first: after one of these (a ref's ``/``, a
# hyphenated word's ``-``), the separator ending the line.
_SEP = frozenset("/-._")
GAP = 2  # cells between two columns


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
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _rstrip(line: Text) -> Text:
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
        return [_rstrip(text)]
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
    return [_rstrip(line) for line in text.divide(cuts)]


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
        out.append(Text(" " * pad) + line if pad else line)
    return out


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
        yield from self.build(options.max_width)


# --- the grid -------------------------------------------------------------------------

Cell = Text | tuple[Text, Text] | None  # a text, or (full, short), or empty


@dataclass
class Column:
    header: str
    justify: Literal["left", "right"] = "left"
    wraps: int | None = None  # the narrowest its text may wrap to; None: never wraps
    most: int | None = None  # the widest it grows; longer text wraps
    hide: int = 0  # 1 goes first when room runs out, then 2...; 0 stays
    flex: bool = False  # the title column: takes what the others leave
    label: str = ""  # before its value in the narrow layout ("conf. 80%")


@dataclass
class Row:
    cells: list[Cell]
    indent: int = 0  # the title's first line is indented by this
    hang: int | None = None  # its next lines (default: ``indent``)
    under: list[Text] = field(default_factory=list)  # lines below it, as wide as the screen
    under_indent: int = 0
    style: str = ""  # the whole row (``dim`` for a dropped key result)
    gap_before: bool = False  # a blank line above it (a new group)


def _hang(row: Row) -> int:
    return row.indent if row.hang is None else row.hang


def _full(cell: Cell) -> Text:
    if cell is None:
        return Text()
    return cell[0] if isinstance(cell, tuple) else cell


def _form(cell: Cell, short: bool) -> Text:
    if cell is None:
        return Text()
    if isinstance(cell, tuple):
        return cell[1] if short else cell[0]
    return cell


@dataclass
class Plan:
    shown: list[int]  # the columns drawn, by index
    widths: dict[int, int]
    short: set[int]
    hidden: list[int]


class Grid:
    """A table laid out for the width it is drawn at (see the module's docstring)."""

    def __init__(self, columns: list[Column], rows: list[Row], *, title: Text | None = None,
                 least: int = 24, header: bool = True, gap: int = GAP,
                 notes: Sequence[Text] = ()) -> None:
        self.columns = columns
        self.notes = list(notes)  # lines under the table (a legend)
        self.rows = rows
        self.title = title
        self.least = least  # the title column's narrowest, before a column is hidden
        self.header = header
        self.gap = gap
        self.flex = next(i for i, c in enumerate(columns) if c.flex)

    # measuring ----------------------------------------------------------------------------

    def _natural(self, i: int, short: bool = False) -> int:
        column = self.columns[i]
        found = max((width_of(_form(r.cells[i], short))
                     + (max(r.indent, _hang(r)) if i == self.flex else 0)
                     for r in self.rows), default=0)
        found = max(found, cell_len(column.header) if self.header else 0)
        return min(found, column.most) if column.most else found

    def _narrowest(self, i: int) -> int:
        column = self.columns[i]
        short = self._natural(i, short=True)
        if column.wraps is None:
            return short
        unit = max((longest_unit(_form(r.cells[i], True)) for r in self.rows), default=0)
        head = cell_len(column.header) if self.header else 0
        return min(short, max(column.wraps, unit, head))

    def plan(self, width: int) -> Plan | None:
        """Column widths for ``width`` cells, or None where no table fits."""
        levels = sorted({c.hide for c in self.columns if c.hide})
        need = self._natural(self.flex)
        for step in range(len(levels) + 1):
            hidden = [i for i, c in enumerate(self.columns) if c.hide and c.hide in
                      levels[:step]]
            shown = [i for i in range(len(self.columns)) if i not in hidden]
            others = [i for i in shown if i != self.flex]
            widths = {i: self._natural(i) for i in others}
            short: set[int] = set()

            def room() -> int:
                return width - self.gap * (len(shown) - 1) - sum(widths.values())  # noqa: B023

            for i in reversed(others):  # short forms, from the right
                if room() >= need:
                    break
                if any(isinstance(r.cells[i], tuple) for r in self.rows):
                    short.add(i)
                    widths[i] = self._natural(i, short=True)
            floor = {i: self._narrowest(i) for i in others}
            while room() < need:  # the widest wrapping column gives a cell
                spare = [i for i in others if widths[i] > floor[i]]
                if not spare:
                    break
                widest = max(spare, key=lambda i: widths[i] - floor[i])
                widths[widest] -= 1
            if room() >= min(need, self.least):
                widths[self.flex] = min(room(), need)
                return Plan(shown, widths, short, hidden)
        return None

    # drawing ------------------------------------------------------------------------------

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> list[Text]:
        plan = self.plan(width)
        if plan is None:
            return self._narrow(width)
        total = sum(plan.widths.values()) + self.gap * (len(plan.shown) - 1)
        out: list[Text] = []
        if self.title is not None:
            for line in wrap(self.title, width):
                pad = max(0, (total - line.cell_len) // 2)
                out.append(Text(" " * pad) + line)
        if plan.hidden:
            out.append(self._hidden(plan, width))
        if self.header:
            out.append(self._line([(Text(self.columns[i].header, style="bold"), i)
                                   for i in plan.shown], plan))
            out.append(Text("━" * total, style="dim"))
        for row in self.rows:
            if row.gap_before:
                out.append(Text())
            cells = {}
            span = self._span(row, plan)  # empty cells after the title: its room too
            extra = {self.flex: sum(plan.widths[j] + self.gap for j in span)}
            shown = [i for i in plan.shown if i not in span]
            for i in shown:
                text = _form(row.cells[i], i in plan.short)
                if i == self.flex:
                    cells[i] = indented(text, plan.widths[i] + extra[i], _hang(row),
                                        row.indent)
                else:
                    cells[i] = wrap(text, plan.widths[i]) if text.plain else []
            for n in range(max((len(c) for c in cells.values()), default=0)):
                line = self._line([(cells[i][n] if n < len(cells[i]) else Text(), i)
                                   for i in shown], plan, extra)
                out.append(self._styled(line, row.style))
            for under in row.under:
                for line in indented(under, width, row.under_indent):
                    out.append(self._styled(line, row.style))
        return out + self._notes(width)

    def _hidden(self, plan: Plan, width: int) -> Text:
        """The one line naming the hidden columns (its advice shortened where it must)."""
        from okrcli.i18n import _, listed
        names = [self.columns[i].header for i in plan.hidden]
        said = listed(names, _("{names} and {last}"))  # "Value, Exp. and Last"
        for form in (_("{columns} hidden at {width} columns: widen the terminal or use "
                       "--format json"), _("{columns} hidden at {width} columns: see "
                       "--format json"), _("{columns} hidden at {width} columns"),
                     _("{columns} hidden")):
            line = form.format(columns=said, width=width)
            if cell_len(line) <= width:
                break
        text = Text(line, style="dim")
        text.truncate(width, overflow="ellipsis")
        return text

    def _notes(self, width: int) -> list[Text]:
        return [line for note in self.notes for line in wrap(note, width)]

    def _span(self, row: Row, plan: Plan) -> list[int]:
        """The columns right after the title empty in ``row``: its title runs over them."""
        after = plan.shown[plan.shown.index(self.flex) + 1:] if self.flex in plan.shown else []
        ends = next((n for n, i in enumerate(after) if _full(row.cells[i]).plain), len(after))
        return after[:ends]

    def _line(self, cells: list[tuple[Text, int]], plan: Plan,
              extra: dict[int, int] | None = None) -> Text:
        line = Text()
        for n, (text, i) in enumerate(cells):
            space = plan.widths[i] + (extra or {}).get(i, 0) - text.cell_len
            if n:
                line.append(" " * self.gap)
            if self.columns[i].justify == "right":
                line.append(" " * space)
                line.append_text(text)
            else:
                line.append_text(text)
                line.append(" " * space)
        return _rstrip(line)

    @staticmethod
    def _styled(line: Text, style: str) -> Text:
        if style:
            line.stylize(style)
        return line

    def _narrow(self, width: int) -> list[Text]:
        """Each row as its title, then a line of its figures, then what goes under it."""
        out: list[Text] = []
        if self.title is not None:
            out += wrap(self.title, width)
        for row in self.rows:
            if row.gap_before:
                out.append(Text())
            out += [self._styled(line, row.style) for line in
                    indented(_full(row.cells[self.flex]), width, _hang(row), row.indent)]
            figures = Text()
            for i, column in enumerate(self.columns):
                text = _full(row.cells[i])
                if i == self.flex or not text.plain.strip():
                    continue
                if figures.plain:
                    figures.append(" · ", style="dim")
                if column.label:
                    figures.append(column.label + " ", style="dim")
                figures.append_text(Text(" ").join(text.split("\n")))
            if figures.plain:
                out += [self._styled(line, row.style) for line in
                        indented(figures, width, _hang(row) + 2)]
            for under in row.under:
                out += [self._styled(line, row.style) for line in
                        indented(under, width, row.under_indent)]
        return out + self._notes(width)
