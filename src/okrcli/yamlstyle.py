"""How a file lays out its block collections, read off its composed nodes: where a list's
dash sits, where an item's content starts, how far a nested mapping is indented, and
whether the lists under a key are written flow or block. The editor (``edit.py``) writes
new lines in this style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import nodes


@dataclass(frozen=True)
class Style:
    """How a file lays out block collections: where a list's dash sits relative to its key
    (0: flush, ``key:\\n- a``; 2: ``key:\\n  - a``), where an item's content sits after its
    dash, and how far a nested mapping is indented."""

    dash_offset: int = 2
    content_offset: int = 2
    map_indent: int = 2


def detect_style(root: Any, text: str) -> Style:
    """The file's own layout, read off its first block list under a key and its first
    nested block mapping."""
    dash_offset = content_offset = map_indent = None
    stack = [root]
    while stack and (dash_offset is None or map_indent is None):
        node = stack.pop()
        if isinstance(node, nodes.MappingNode):
            for key, value in node.value:
                if isinstance(value, nodes.SequenceNode) and not value.flow_style and value.value:
                    first = value.value[0]
                    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
                    dash = text.rfind("-", line_start, first.start_mark.index)
                    if dash_offset is None and dash >= 0:
                        dash_offset = max(0, dash - line_start - key.start_mark.column)
                        content_offset = first.start_mark.column - (dash - line_start)
                elif (isinstance(value, nodes.MappingNode) and not value.flow_style
                      and value.value and map_indent is None
                      and value.start_mark.line > key.start_mark.line):
                    map_indent = value.value[0][0].start_mark.column - key.start_mark.column
                stack.append(value)
        elif isinstance(node, nodes.SequenceNode):
            stack.extend(reversed(node.value))
    return Style(
        dash_offset if dash_offset is not None else 2,
        content_offset if content_offset and content_offset > 0 else 2,
        map_indent if map_indent and map_indent > 0 else (content_offset or 2),
    )


def sibling_list_style(root: Any, key: str) -> str:
    """How other lists under the same key are written: 'flow' (``[...]``), 'flow_items'
    (block list of ``{...}`` items) or 'block'."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.MappingNode):
            for k, v in node.value:
                if (isinstance(k, nodes.ScalarNode) and k.value == key
                        and isinstance(v, nodes.SequenceNode) and v.value):
                    if v.flow_style:
                        return "flow"
                    if isinstance(v.value[-1], nodes.MappingNode) and v.value[-1].flow_style:
                        return "flow_items"
                    return "block"
                stack.append(v)
        elif isinstance(node, nodes.SequenceNode):
            stack.extend(node.value)
    return "block"
