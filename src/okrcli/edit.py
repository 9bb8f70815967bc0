"""Edits that touch only their own lines.

The tool never re-emits a user's file. It composes the text into nodes (which know where
they start and end), writes the new lines in the style of their neighbours, and splices
them into the original text: every byte outside the edit stays as it was by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml import nodes

from okrcli import yamlio
from okrcli.i18n import _
from okrcli.scalars import flow_mapping, format_scalar
from okrcli.yamlstyle import Style, detect_style, sibling_list_style


class EditError(Exception):
    """The text does not have the shape the edit expects (a bug or a hand-made surprise)."""


class TextEdit:
    """A text being edited. Each operation re-reads the node tree of the current text."""

    def __init__(self, text: str, newline: str = "\n") -> None:
        self.text = text
        self.newline = newline
        self._root: Any = None
        self._style: Style | None = None
        self._backwards = False

    def backwards(self) -> None:
        """From here on the edits go from the end of the text towards its start, each one
        before (or at) the place of the one before it: the places before an edit do not
        move, so the node tree is read once for all of them instead of once each (a close
        writes a grade on every key result of a file). An edit that would not keep to
        that order must not come after this."""
        self._backwards = True

    # --- reading -------------------------------------------------------------------------

    @property
    def root(self) -> Any:
        if self._root is None:
            self._root = yamlio.compose(self.text)
        return self._root

    def node(self, ypath: tuple[Any, ...]) -> Any:
        node = self.root
        for part in ypath:
            if isinstance(node, nodes.MappingNode):
                pair = _pair(node, str(part))
                if pair is None:
                    raise EditError(_("no key {key} at {path}").format(key=repr(part), path=ypath))
                node = pair[1]
            elif isinstance(node, nodes.SequenceNode) and isinstance(part, int):
                node = node.value[part]
            else:
                raise EditError(_("cannot walk {key} in {path}").format(key=repr(part),
                                                                          path=ypath))
        return node

    @property
    def style(self) -> Style:
        if self._style is None:
            self._style = detect_style(self.root, self.text)
        return self._style

    # --- writing -------------------------------------------------------------------------

    def _splice(self, start: int, end: int, new: str) -> None:
        if self.newline != "\n":
            new = new.replace("\n", self.newline)
        self.text = self.text[:start] + new + self.text[end:]
        if not self._backwards:
            self._root = None

    def set_value(self, map_path: tuple[Any, ...], key: str, value: Any,
                  before: tuple[str, ...] = ()) -> None:
        """Replace the scalar under ``key`` or, when the key is missing, add it just
        before the first of the keys ``before`` the mapping has, else last."""
        mapping = self.node(map_path)
        pair = _pair(mapping, key)
        if (pair is not None and isinstance(pair[1], nodes.ScalarNode) and pair[1].value != "") \
                or (pair is not None and _is_explicit_null(pair[1], self.text)):
            node = pair[1]
            new = format_scalar(value, flow=_in_flow(mapping))
            # A block scalar (`note: |`) ends at the start of the line after it.
            self._splice(node.start_mark.index, node.end_mark.index,
                         new + "\n" if node.style in ("|", ">") else new)
            return
        if pair is not None:
            raise EditError(_("{key} is not a single value").format(key=repr(key)))
        self._add_key(mapping, key, value, before)

    def set_mapping(self, map_path: tuple[Any, ...], key: str, value: Mapping[str, Any],
                    before: tuple[str, ...] = ()) -> None:
        """Add ``key:`` with a nested mapping (for example ``dropped``), placed as
        ``set_value`` places a new key."""
        mapping = self.node(map_path)
        if _pair(mapping, key) is not None:
            raise EditError(_("{key} is already set").format(key=repr(key)))
        self._add_key(mapping, key, dict(value), before)

    def remove_key(self, map_path: tuple[Any, ...], key: str) -> None:
        """Remove ``key`` and its value (a missing key is left missing). In a block
        mapping its lines go, a comment at their end with them; the lines around stay."""
        mapping = self.node(map_path)
        pairs = mapping.value
        at = next((i for i, (k, _) in enumerate(pairs)
                   if isinstance(k, nodes.ScalarNode) and k.value == key), None)
        if at is None:
            return
        start = pairs[at][0].start_mark.index
        if mapping.flow_style:
            if at > 0:  # `, key: value` after the value before it
                self._splice(pairs[at - 1][1].end_mark.index, pairs[at][1].end_mark.index, "")
            elif len(pairs) > 1:  # `key: value, ` up to the next key
                self._splice(start, pairs[1][0].start_mark.index, "")
            else:
                self._splice(start, pairs[0][1].end_mark.index, "")
            return
        line_start = self.text.rfind("\n", 0, start) + 1
        if self.text[line_start:start].strip():  # `- key: value`: the next key takes its place
            if len(pairs) == 1:
                raise EditError(_("{key} is the only key of its item").format(key=repr(key)))
            self._splice(start, pairs[at + 1][0].start_mark.index, "")
            return
        end = self._after(pairs[at][1])
        self._splice(line_start, end, "")

    def append(self, map_path: tuple[Any, ...], key: str, item: Any) -> None:
        """Append ``item`` to the list under ``key``, in that list's style; when there is no
        list yet, start one in the style of the file."""
        mapping = self.node(map_path)
        pair = _pair(mapping, key)
        if pair is None:
            self._add_key(mapping, key, [item])
            return
        seq = pair[1]
        if isinstance(seq, nodes.ScalarNode) and (seq.value == "" or
                                                  _is_explicit_null(seq, self.text)):
            # `key:` with nothing (or null) after it: the list starts on the next lines.
            start, end = seq.start_mark.index, seq.end_mark.index
            if sibling_list_style(self.root, key) == "flow" or _in_flow(mapping):
                lead = " " if start == end and self.text[start - 1] == ":" else ""
                self._splice(start, end, lead + _flow_list([item]))
                return
            block = self._block_list(pair[0].start_mark.column, [item], key)
            if start == end:  # nothing written: drop the space before it, if any
                while start > 0 and self.text[start - 1] == " ":
                    start -= 1
            self._splice(start, end, "")
            line_end = self._line_end(pair[0].end_mark.index)
            self._splice(line_end, line_end, block)
            return
        if not isinstance(seq, nodes.SequenceNode):
            raise EditError(_("{key} is not a list").format(key=repr(key)))
        if seq.flow_style:
            self._append_flow(seq, item)
        else:
            self._append_block(seq, item)

    def insert(self, map_path: tuple[Any, ...], key: str, index: int, item: Any) -> None:
        """Put ``item`` at ``index`` of the list under ``key`` (past its end: appended), in
        the style of the item it goes before."""
        pair = _pair(self.node(map_path), key)
        seq = pair[1] if pair is not None else None
        if not isinstance(seq, nodes.SequenceNode) or index >= len(seq.value):
            self.append(map_path, key, item)
            return
        at = seq.value[index]
        if seq.flow_style:
            spaced = isinstance(at, nodes.MappingNode) and self.text[
                at.start_mark.index + 1 : at.start_mark.index + 2] == " "
            new = flow_mapping(item, spaced) if isinstance(item, Mapping) else format_scalar(
                item, flow=True)
            self._splice(at.start_mark.index, at.start_mark.index, new + ", ")
            return
        line_start = self.text.rfind("\n", 0, at.start_mark.index) + 1
        head = self.text[line_start:at.start_mark.index]
        if head.strip() != "-":
            raise EditError(_("block list item without its dash"))
        dash_col = head.index("-")
        if isinstance(item, Mapping) and isinstance(at, nodes.MappingNode) and at.flow_style:
            spaced = self.text[at.start_mark.index + 1 : at.start_mark.index + 2] == " "
            lines = head + flow_mapping(item, spaced) + "\n"
        else:
            lines = self._block_item(dash_col, at.start_mark.column, item)
        self._splice(line_start, line_start, lines)

    def remove_item(self, seq_path: tuple[Any, ...], index: int) -> None:
        """Remove item ``index`` of the list at ``seq_path``: in a block list its lines (up
        to the next item's), in a flow list the item and one comma."""
        seq = self.node(seq_path)
        if not isinstance(seq, nodes.SequenceNode) or not 0 <= index < len(seq.value):
            raise EditError(_("no item {index} at {path}").format(index=index, path=seq_path))
        items = seq.value
        if seq.flow_style:
            if index + 1 < len(items):
                self._splice(items[index].start_mark.index, items[index + 1].start_mark.index, "")
            elif index > 0:
                self._splice(items[index - 1].end_mark.index, items[index].end_mark.index, "")
            else:
                self._splice(items[0].start_mark.index, items[0].end_mark.index, "")
            return
        if len(items) == 1:
            raise EditError(_("the only item of a block list"))
        start = self.text.rfind("\n", 0, items[index].start_mark.index) + 1
        if index + 1 < len(items):
            end = self.text.rfind("\n", 0, items[index + 1].start_mark.index) + 1
        else:
            end = self._after(items[index])
        self._splice(start, end, "")

    def span(self, ypath: tuple[Any, ...]) -> tuple[int, int]:
        """The whole lines that hold the key (or list item) at ``ypath`` and its value."""
        *parent_path, last = ypath
        parent = self.node(tuple(parent_path))
        if isinstance(parent, nodes.MappingNode):
            pair = _pair(parent, str(last))
            if pair is None:
                raise EditError(_("no key {key} at {path}").format(key=repr(last), path=ypath))
            first, value = pair
        else:
            first = value = self.node(ypath)
        return self.text.rfind("\n", 0, first.start_mark.index) + 1, self._after(value)

    # --- the pieces ------------------------------------------------------------------------

    def _line_end(self, index: int) -> int:
        """Index just past the end of the line holding ``index`` (after its newline); a last
        line without a newline gets one first."""
        nl = self.text.find("\n", index)
        if nl < 0:
            self.text += self.newline
            self._root = None
            return len(self.text)
        return nl + 1

    def _after(self, node: Any) -> int:
        """Where new lines go after a block node: the start of the line after its last
        content."""
        last = _last_leaf(node)
        end = last.end_mark.index
        if last.end_mark.column == 0 and end > 0 and self.text[end - 1] == "\n":
            return end  # block scalars end at the start of the next line
        return self._line_end(end)

    def _append_flow(self, seq: Any, item: Any) -> None:
        close = seq.end_mark.index - 1
        if self.text[close] != "]":
            raise EditError(_("flow list without its closing bracket"))
        last = seq.value[-1] if seq.value else None
        # `{ a: 1 }` or `{a: 1}`: the new item copies the spacing of the last one.
        spaced = isinstance(last, nodes.MappingNode) and self.text[
            last.start_mark.index + 1 : last.start_mark.index + 2] == " "
        new = flow_mapping(item, spaced) if isinstance(item, Mapping) else format_scalar(
            item, flow=True)
        if last is None:
            self._splice(close, close, new)
        else:
            # Right after the last item: any space, comment or line break before `]` stays.
            self._splice(last.end_mark.index, last.end_mark.index, ", " + new)

    def _append_block(self, seq: Any, item: Any) -> None:
        last = seq.value[-1]
        line_start = self.text.rfind("\n", 0, last.start_mark.index) + 1
        dash = self.text.rfind("-", line_start, last.start_mark.index)
        if dash < 0:
            raise EditError(_("block list item without its dash"))
        dash_col = dash - line_start
        content_col = last.start_mark.column
        if isinstance(item, Mapping) and isinstance(last, nodes.MappingNode) and last.flow_style:
            spaced = self.text[last.start_mark.index + 1 : last.start_mark.index + 2] == " "
            lines = " " * dash_col + "-" + " " * (content_col - dash_col - 1) + flow_mapping(
                item, spaced) + "\n"
        else:
            lines = self._block_item(dash_col, content_col, item)
        at = self._after(seq)
        self._splice(at, at, lines)

    def _add_key(self, mapping: Any, key: str, value: Any,
                 before: tuple[str, ...] = ()) -> None:
        follower = min((p for p in (_pair(mapping, k) for k in before) if p is not None),
                       key=lambda p: p[0].start_mark.index, default=None)
        if follower is not None and self._insert_before(mapping, follower[0], key, value):
            return
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            if self.text[close] != "}":
                raise EditError(_("flow mapping without its closing brace"))
            if isinstance(value, list):
                text = _flow_list(value)
            elif isinstance(value, Mapping):
                text = flow_mapping(value)
            else:
                text = format_scalar(value, flow=True)
            if mapping.value:
                at = mapping.value[-1][1].end_mark.index
                self._splice(at, at, f", {key}: {text}")
            else:
                self._splice(close, close, f"{key}: {text}")
            return
        if not mapping.value:
            raise EditError(_("empty block mapping"))
        key_col = mapping.value[0][0].start_mark.column
        lines = self._block_entry(key_col, key, value)
        at = self._after(mapping)
        self._splice(at, at, lines)

    def _insert_before(self, mapping: Any, follower: Any, key: str, value: Any) -> bool:
        """Add ``key`` just before the key node ``follower`` (and the comment lines right
        above it, which speak of it); False where that cannot be done (a key that follows a
        dash or shares its line)."""
        at = follower.start_mark.index
        if mapping.flow_style:
            if isinstance(value, Mapping):
                text = flow_mapping(value)
            elif isinstance(value, list):
                text = _flow_list(value)
            else:
                text = format_scalar(value, flow=True)
            self._splice(at, at, f"{key}: {text}, ")
            return True
        line_start = self.text.rfind("\n", 0, at) + 1
        if self.text[line_start:at].strip():
            return False
        while line_start > 0:
            above = self.text.rfind("\n", 0, line_start - 1) + 1
            line = self.text[above:line_start]
            indent = len(line) - len(line.lstrip(" "))
            if not line.lstrip().startswith("#") or indent < follower.start_mark.column:
                break
            line_start = above
        self._splice(line_start, line_start,
                     self._block_entry(follower.start_mark.column, key, value))
        return True

    def _block_entry(self, col: int, key: str, value: Any) -> str:
        pad = " " * col
        if isinstance(value, list):
            if sibling_list_style(self.root, key) == "flow":
                return f"{pad}{key}: {_flow_list(value)}\n"
            return f"{pad}{key}:\n" + self._block_list(col, value, key)
        if isinstance(value, Mapping):
            inner = col + self.style.map_indent
            return f"{pad}{key}:\n" + "".join(
                self._block_entry(inner, k, v) for k, v in value.items()
            )
        return f"{pad}{key}: {format_scalar(value)}\n"

    def _block_list(self, key_col: int, items: list[Any], key: str) -> str:
        style = self.style
        like = sibling_list_style(self.root, key)
        dash_col = key_col + style.dash_offset
        content_col = dash_col + style.content_offset
        out = []
        for item in items:
            if like == "flow_items" and isinstance(item, Mapping):
                out.append(" " * dash_col + "-" + " " * (style.content_offset - 1)
                           + flow_mapping(item) + "\n")
            else:
                out.append(self._block_item(dash_col, content_col, item))
        return "".join(out)

    def _block_item(self, dash_col: int, content_col: int, item: Any) -> str:
        head = " " * dash_col + "-" + " " * (content_col - dash_col - 1)
        if not isinstance(item, Mapping):
            return head + format_scalar(item) + "\n"
        out = []
        for index, (key, value) in enumerate(item.items()):
            entry = self._block_entry(content_col, key, value)
            out.append(head + entry[content_col:] if index == 0 else entry)
        return "".join(out)


def _flow_list(items: list[Any]) -> str:
    return "[" + ", ".join(
        flow_mapping(v) if isinstance(v, Mapping) else format_scalar(v, True) for v in items
    ) + "]"


def _pair(mapping: Any, key: str) -> tuple[Any, Any] | None:
    if not isinstance(mapping, nodes.MappingNode):
        raise EditError(_("not a mapping"))
    for k, v in mapping.value:
        if isinstance(k, nodes.ScalarNode) and k.value == key:
            return k, v
    return None


def _is_explicit_null(node: Any, text: str) -> bool:
    if not isinstance(node, nodes.ScalarNode) or node.style:
        return False
    return node.value in ("~", "null", "Null", "NULL")


def _in_flow(mapping: Any) -> bool:
    return bool(getattr(mapping, "flow_style", False))


def _last_leaf(node: Any) -> Any:
    while True:
        if isinstance(node, nodes.MappingNode) and not node.flow_style and node.value:
            node = node.value[-1][1]
        elif isinstance(node, nodes.SequenceNode) and not node.flow_style and node.value:
            node = node.value[-1]
        else:
            return node


def new_document(data: Mapping[str, Any], header: str = "") -> str:
    """A fresh file in the house style (2-space indents, indented lists)."""
    edit = TextEdit("")
    edit._style = Style()
    body = "".join(edit._block_entry(0, key, value) for key, value in data.items())
    return header + body
