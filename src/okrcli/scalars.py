"""YAML scalars written so that they read back as the value they stand for, with both
readers (ruamel and yaml-rs): plain where that is safe, double-quoted with escapes
otherwise. The editor (``edit.py``) writes every value through these."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from okrcli import yamlio

_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_UNSAFE = set(",[]{}")


def whole(value: Any) -> Any:
    """A float with nothing after the point as the int a person writes: 15000.0 is 15000."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def format_scalar(value: Any, flow: bool = False) -> str:
    """A YAML scalar for ``value`` that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if _reads_back(text, value, flow) else json.dumps(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _plain_ok(text, flow):
        return text
    return double_quoted(text)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _yaml_printable(ch: str) -> bool:
    # NEL and the Unicode line separators are printable but read as line breaks: escape.
    code = ord(ch)
    return (0x20 <= code <= 0x7E or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
            or (0xE000 <= code <= 0xFFFD and code != 0xFEFF) or 0x10000 <= code <= 0x10FFFF)


def double_quoted(text: str) -> str:
    """A double-quoted YAML scalar; anything YAML does not allow raw is escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _yaml_printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _PLAIN_UNSAFE_START:
        return False
    if any(ch in text for ch in "\n\r\t") or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in _FLOW_UNSAFE for ch in text):
        return False
    if not text.isprintable():
        return False
    return _reads_back(text, text, flow)


def _reads_back(text: str, value: Any, flow: bool = False) -> bool:
    """Whether ``text`` reads back as ``value`` in its context, with both readers."""
    doc = ("k: {a: " + text + "}\n") if flow else ("k: " + text + "\n")
    try:
        loaded = yamlio.safe_yaml().load(doc)
        fast = yamlio.fast_loads(doc) if yamlio.HAS_FAST else loaded
    except Exception:  # any refusal means: quote it
        return False
    for result in (loaded, fast):
        got = result.get("k") if isinstance(result, dict) else None
        if flow:
            got = got.get("a") if isinstance(got, dict) else None
        if type(got) is not type(value) or got != value:
            return False
    return True


def flow_mapping(item: Mapping[str, Any], spaced: bool = False) -> str:
    inner = ", ".join(f"{key}: {format_scalar(value, flow=True)}" for key, value in item.items())
    return "{ " + inner + " }" if spaced else "{" + inner + "}"
