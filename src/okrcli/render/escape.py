"""User text made safe for a medium that would act on it. OKR files are untrusted: a
title may hold escape sequences for the terminal, workflow commands for a CI log, or
characters an XML or JSON writer refuses. Each renderer passes every user string
through one of these before it reaches its output.

``visible`` is the terminal's: every control and escape character becomes something a
reader can see, and nothing can start a CI workflow command. The choices:

- a line break or tab (``\\n``, ``\\t``, U+2028, U+2029) is a space: user text is one
  line of a table or a message, never a new line of output;
- any other C0 control and DEL is its control picture (ESC ␛, BEL ␇, CR ␍, BS ␈, DEL ␡);
- a C1 control (U+0080-U+009F) is written ``\\x9b``; a bidi override or isolate
  (U+202A-U+202E, U+2066-U+2069) and the noncharacters U+FFFE, U+FFFF ``\\u202e``;
- a lone surrogate (a file name that is not UTF-8, read with ``surrogateescape``) is the
  byte it stands for, ``\\xff``, so that writing it can never fail;
- ``::`` gets a zero-width space between its colons: a GitHub runner executes a line
  that starts with ``::``, and Rich may fold a long cell anywhere.

Normal text, CJK and full-width punctuation included, comes out unchanged.
"""

from __future__ import annotations

import re

from okrcli.fields import shorten

BREAK_COLONS = ":\u200b:"
# GitHub's runner also obeys the older ``##[command]`` anywhere in a line, not only at its
# start: a zero-width space breaks it too.
BREAK_HASHES = "#\u200b#["


def _table() -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
    table[0x7F] = "\u2421"
    table.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
    for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFE, 0xFFFF):
        table[c] = f"\\u{c:04x}"
    for c in range(0xD800, 0xE000):  # U+DC80-U+DCFF: the bytes of surrogateescape
        table[c] = f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"\\u{c:04x}"
    for c in (0x09, 0x0A, 0x2028, 0x2029):
        table[c] = " "
    return table


_VISIBLE = _table()
LINE_BREAKS = "\n\r\v\f\x85\u2028\u2029"
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]|::|##\\[")
_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` with its control, bidi and surrogate characters made visible (the table
    above), the colons left as they are."""
    return text.translate(_VISIBLE)


def visible(text: str) -> str:
    """``text`` as a terminal or a plain-text log may show it: ``shown``, and no ``::`` or
    ``##[`` (workflow commands)."""
    if _UNSAFE.search(text) is None:  # the common case: nothing to do
        return text
    return (shown(text).replace("::", BREAK_COLONS).replace("::", BREAK_COLONS)
            .replace("##[", BREAK_HASHES))


def clip(text: str, most: int = 80) -> str:
    """``text`` cut to ``most`` characters with an ellipsis: a title repeated on every row
    of a table, whose full text is shown once elsewhere."""
    return shorten(text, most)


def unsurrogate(text: str) -> str:
    """Only the lone surrogates of ``text`` made visible: for formats that carry the data
    as it is (JSON) but must be writable as UTF-8."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: _VISIBLE[ord(m.group())], text)
