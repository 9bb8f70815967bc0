"""The terminal's grid: a table of ``Text`` cells laid out for the width it is drawn at.

The title column (``flex``) takes what the others leave; when it would get less than its
natural width the other columns first take their short forms (a date as ``11-20``, a
shorter bar), then wrap down to their narrowest, then go one by one in the order of their
``hide`` (the caller says which, and the grid says so in one line, never wrapped, its
advice dropped where the width has no room for it); where no table fits, each row becomes
its title and a line of its figures. Lines carry no trailing spaces.

The layout depends on the rows only through ``Measures`` (each column's widest and
narrowest), which add up group by group: ``streamed`` lays out a table of any length in
two passes over its groups of rows (measure, then draw), holding one group at a time and
drawing the same lines as one ``Grid`` of all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Span, Text

from okrcli.render.cellwidth import cells as cell_len
from okrcli.render.layout import drawn, indented, longest_unit, padded, width_of, wrap

GAP = 2  # cells between two columns

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
class Measures:
    """What the layout needs of the rows, column by column: the widest full and short
    forms (the title's with its indent), the widest unbreakable run of the short form,
    and whether any cell has a short form. Rows add to it in any grouping."""

    full: list[int]
    short: list[int]
    unit: list[int]
    forms: list[bool]

    @classmethod
    def empty(cls, columns: int) -> Measures:
        return cls([0] * columns, [0] * columns, [0] * columns, [False] * columns)

    def add(self, rows: Iterable[Row], columns: Sequence[Column]) -> Measures:
        full, short, unit, forms = self.full, self.short, self.unit, self.forms
        flex = next(i for i, c in enumerate(columns) if c.flex)
        wraps = [c.wraps is not None for c in columns]  # the runs matter only to these
        for row in rows:
            for i, cell in enumerate(row.cells):
                if cell is None:
                    if i != flex:
                        continue
                    long = brief = Text()
                elif isinstance(cell, tuple):
                    long, brief = cell
                    forms[i] = True
                else:
                    long = brief = cell
                pad = max(row.indent, _hang(row)) if i == flex else 0
                wide = width_of(long) + pad
                full[i] = max(full[i], wide)
                short[i] = max(short[i], wide if brief is long else width_of(brief) + pad)
                if wraps[i]:
                    unit[i] = max(unit[i], longest_unit(brief))
        return self


@dataclass
class Plan:
    shown: list[int]  # the columns drawn, by index
    widths: dict[int, int]
    short: set[int]
    hidden: list[int]


class Grid:
    """A table laid out for the width it is drawn at (see the module's docstring). Its
    cells are read, never changed (the lines drawn are new ones): rows may share one."""

    def __init__(self, columns: list[Column], rows: list[Row], *, title: Text | None = None,
                 least: int = 24, header: bool = True, gap: int = GAP,
                 notes: Sequence[Text] = (), measures: Measures | None = None) -> None:
        self.columns = columns
        self.notes = list(notes)  # lines under the table (a legend)
        self.rows = rows
        self.title = title
        self.least = least  # the title column's narrowest, before a column is hidden
        self.header = header
        self.gap = gap
        self.flex = next(i for i, c in enumerate(columns) if c.flex)
        self.right = frozenset(i for i, c in enumerate(columns) if c.justify == "right")
        self.measures = measures or Measures.empty(len(columns)).add(rows, columns)

    # measuring ----------------------------------------------------------------------------

    def _natural(self, i: int, short: bool = False) -> int:
        column = self.columns[i]
        found = (self.measures.short if short else self.measures.full)[i]
        found = max(found, cell_len(column.header) if self.header else 0)
        return min(found, column.most) if column.most else found

    def _narrowest(self, i: int) -> int:
        column = self.columns[i]
        short = self._natural(i, short=True)
        if column.wraps is None:
            return short
        head = cell_len(column.header) if self.header else 0
        return min(short, max(column.wraps, self.measures.unit[i], head))

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
                if self.measures.forms[i]:
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
        yield from drawn(self.lines(options.max_width), console, options)

    def lines(self, width: int) -> list[Text]:
        plan = self.plan(width)
        return self.head(plan, width) + self.body(self.rows, plan, width) + self.tail(width)

    def head(self, plan: Plan | None, width: int) -> list[Text]:
        """The title, the hidden columns' line, the header and its rule."""
        if plan is None:
            return wrap(self.title, width) if self.title is not None else []
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
        return out

    def body(self, rows: Iterable[Row], plan: Plan | None, width: int) -> list[Text]:
        """The lines of ``rows`` by ``plan`` (each row as its title over its figures where
        no table fits)."""
        if plan is None:
            return self._narrow(rows, width)
        out: list[Text] = []
        for row in rows:
            if row.gap_before:
                out.append(Text())
            cells = {}
            span = self._span(row, plan)  # empty cells after the title: its room too
            extra = {self.flex: sum(plan.widths[j] + self.gap for j in span)}
            shown = [i for i in plan.shown if i not in span]
            for i in shown:
                text = _form(row.cells[i], i in plan.short)
                if i == self.flex:
                    cells[i] = _indented(text, plan.widths[i] + extra[i], _hang(row),
                                         row.indent)
                else:
                    cells[i] = _indented(text, plan.widths[i]) if text.plain else []
            for n in range(max((len(c) for c in cells.values()), default=0)):
                line = self._line([(cells[i][n] if n < len(cells[i]) else Text(), i)
                                   for i in shown], plan, extra)
                out.append(self._styled(line, row.style))
            for under in row.under:
                for line in _indented(under, width, row.under_indent):
                    out.append(self._styled(line, row.style))
        return out

    def tail(self, width: int) -> list[Text]:
        """The notes under the table (a legend)."""
        return [line for note in self.notes for line in wrap(note, width)]

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

    def _span(self, row: Row, plan: Plan) -> list[int]:
        """The columns right after the title empty in ``row``: its title runs over them."""
        after = plan.shown[plan.shown.index(self.flex) + 1:] if self.flex in plan.shown else []
        ends = next((n for n, i in enumerate(after) if _full(row.cells[i]).plain), len(after))
        return after[:ends]

    def _line(self, cells: list[tuple[Text, int]], plan: Plan,
              extra: dict[int, int] | None = None) -> Text:
        # Assembled from the cells' strings and spans at once: a table of thousands of
        # owners draws hundreds of thousands of lines (Text.append would re-check each).
        parts: list[str] = []
        spans: list[Span] = []
        at = 0
        widths, right, gap = plan.widths, self.right, " " * self.gap
        for n, (text, i) in enumerate(cells):
            plain = text.plain
            space = widths[i] + (extra.get(i, 0) if extra else 0) - cell_len(plain)
            pad = gap if n else ""
            if i in right:
                pad += " " * space
            parts.append(pad)
            at += len(pad)
            parts.append(plain)
            if text.style:
                spans.append(Span(at, at + len(plain), text.style))
            if text.spans:
                spans += [Span(at + start, at + end, style) for start, end, style in text.spans]
            at += len(plain)
            if i not in right:
                parts.append(" " * space)
                at += space
        line = Text("".join(parts).rstrip(" "))
        end = len(line.plain)
        line.spans = [span if span.end <= end else Span(span.start, end, span.style)
                      for span in spans if span.start < end]
        return line

    @staticmethod
    def _styled(line: Text, style: str) -> Text:
        if style:
            line = line.copy()  # it may be a cell's own text
            line.stylize(style)
        return line

    def _narrow(self, rows: Iterable[Row], width: int) -> list[Text]:
        """Each row as its title, then a line of its figures, then what goes under it."""
        out: list[Text] = []
        for row in rows:
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
        return out


def _indented(text: Text, width: int, indent: int = 0, first: int | None = None
              ) -> list[Text]:
    """``layout.indented``, with a short way for the most common cell: one line that
    fits (the text itself, never changed: the lines made of it are new)."""
    plain = text.plain
    first = indent if first is None else first
    if (first == indent and "\n" not in plain and not plain.endswith(" ")
            and cell_len(plain) + indent <= width):
        return [padded(text, indent)] if indent else [text]
    return indented(text, width, indent, first)


def streamed(columns: list[Column], groups: Callable[[], Iterable[list[Row]]], width: int,
             **options: object) -> Iterator[list[Text]]:
    """A table of any length, group by group: ``groups()`` is called twice (once to
    measure the rows, once to draw them), so only one group is held at a time. The lines
    are those of one ``Grid`` of every row, first the head, then each group's, then the
    notes."""
    measures = Measures.empty(len(columns))
    for rows in groups():
        measures.add(rows, columns)
    grid = Grid(columns, [], measures=measures, **options)  # type: ignore[arg-type]
    plan = grid.plan(width)
    yield grid.head(plan, width)
    for rows in groups():
        yield grid.body(rows, plan, width)
    yield grid.tail(width)
