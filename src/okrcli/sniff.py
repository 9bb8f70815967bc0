"""Text scans: what can be said of an OKR file without parsing it. The store indexes files
with them, and the pipeline uses them on files too broken to parse. Bytes in, text out;
nothing of YAML, files or rules is imported here."""

from __future__ import annotations

import re
from collections.abc import Callable

_COMMENT = re.compile(rb"\s#")


def sniff_key(data: bytes, key: bytes) -> str | None:
    """The value of the first ``key: value`` line at column 0: what a line reader (grep,
    a script) takes for the file's ``key``. Inside a text that goes on over several lines
    such a line is not the key: the pipeline holds it against the parsed value."""
    found = sniff_at(data, key)
    return None if found is None else found[0]


def sniff_at(data: bytes, key: bytes) -> tuple[str, int] | None:
    """As ``sniff_key``, with the line's byte offset."""
    at = _line_of(data, key)
    if at is None:
        return None
    start = at + len(key) + (4 if at == 0 and data.startswith(_BOM) else 1)
    end = data.find(b"\n", start)
    text = _plain(data[start:] if end < 0 else data[start:end])
    return None if text is None else (text, at)


def _line_of(data: bytes, key: bytes) -> int | None:
    """The offset of the first line that starts with ``key:``."""
    if data.startswith(key + b":") or data.startswith(_BOM + key + b":"):
        return 0
    at = data.find(b"\n" + key + b":")
    return None if at < 0 else at + 1


def _plain(value: bytes) -> str | None:
    comment = _COMMENT.search(value)  # a comment after a space or a tab
    if comment is not None:
        value = value[: comment.start()]
    text = value.strip().decode("utf-8", "replace")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text or None


def sniff_head(data: bytes, whole: bool = True) -> tuple[str | None, str | None]:
    """Owner and cycle when a line reader and a YAML reader must agree on them: the line
    ``sniff_key`` finds is among the plain lines at the top (blank, a comment, or a
    one-line ``key: value`` at column 0), holds a plain value, and the next line does not
    go on with it. Otherwise (flow style, escapes, a key further down, a value that could
    go on) None, and the caller reads the file. ``whole``: ``data`` is the whole file, not
    its first part (whose last line could go on)."""
    start = 3 if data.startswith(_BOM) else 0
    plain = _end(_PLAIN_LINES, data, start)  # where the plain lines stop
    return _trusted(data, b"owner", plain, whole), _trusted(data, b"cycle", plain, whole)


def sniff_index(data: bytes, head: int, rest: Callable[[], bytes] | None = None
                ) -> tuple[str | None, str | None]:
    """Owner and cycle as the store's index reads them: from the first ``head`` bytes of
    a file (``data`` is shorter when the file is), else from all of it (``data``, and
    ``rest()`` when ``data`` is only the head)."""
    top = data[:head]
    owner, cycle = sniff_head(top, whole=len(data) < head)
    if (owner is None or cycle is None) and len(top) == head:
        owner, cycle = sniff_head(data + rest() if rest is not None else data)
    return owner, cycle


def _trusted(data: bytes, key: bytes, plain: int, whole: bool) -> str | None:
    at = _line_of(data, key)
    if at is None:
        return None
    end = data.find(b"\n", at)
    if (len(data) if end < 0 else end + 1) > plain:  # not a plain line
        return None
    if end < 0:  # the last line: of the file it ends the value, of a head it may not
        if not whole:
            return None
        end = len(data)
    else:
        after = _end(_BLANK_LINES, data, end + 1)
        if (after >= len(data) and not whole) or data[after:after + 1] in (b" ", b"\t"):
            return None  # the value may go on below
    start = at + (3 if at == 0 and data.startswith(_BOM) else 0)
    entry = _ENTRY.fullmatch(data, start, end - (data[end - 1:end] == b"\r"))
    return None if entry is None or not entry.group(2) else _value(entry.group(2))


def _end(pattern: re.Pattern[bytes], data: bytes, pos: int) -> int:
    found = pattern.match(data, pos)  # these patterns match the empty string too
    return pos if found is None else found.end()


_BOM = b"\xef\xbb\xbf"
_ENTRY = re.compile(rb"([A-Za-z_][\w.-]*):(?:[ \t]+(.*))?")
_QUOTED = re.compile(rb"'([^'\n]*)'|\"([^\"\\\n]*)\"")
_VALUE = (rb"(?:(?:'[^'\n]*'|\"[^\"\\\n]*\")(?:[ \t]+#[^\n]*)?[ \t]*"
          rb"|[^\s'\"\[\]{}&*!|>%@`?:,#-][^\n]*)")
_PLAIN_LINES = re.compile(rb"(?:(?:[ \t]*|#[^\n]*|[A-Za-z_][\w.-]*:(?:[ \t]+" + _VALUE
                          + rb"?)?)\r?(?:\n|\Z))*")
_BLANK_LINES = re.compile(rb"(?:[ \t]*\r?\n)*")


def _value(raw: bytes) -> str | None:
    """A one-line value as YAML reads it, when that is plain to see; else None."""
    first = raw[:1]
    if first in (b"'", b'"'):
        quoted = _QUOTED.match(raw)
        if quoted is None or (raw[quoted.end():].strip()
                              and not _COMMENT.match(raw, quoted.end())):
            return None
        return (quoted.group(1) or quoted.group(2) or b"").decode("utf-8", "replace") or None
    if first in _NOT_PLAIN:  # flow, anchors, tags, blocks, indicators
        return None
    return _plain(raw)


_NOT_PLAIN = frozenset(bytes([c]) for c in b"[]{}&*!|>%@`?-:,#")


def scan_aligns_to(data: bytes) -> list[str]:
    """Every ``aligns_to:`` value in the text, without parsing it (an over-estimate: a
    commented-out one counts too). It tells which objectives a file may align to when the
    file is too broken to read, or before it is worth reading."""
    found, at = [], data.find(b"aligns_to:")
    while at >= 0:
        end = data.find(b"\n", at)
        value = data[at + 10 : end if end >= 0 else len(data)]
        value = value.strip().lstrip(b"[").strip().strip(b"'\"")
        for stop in (b",", b"}", b"]", b" ", b"\t", b"#", b"'", b'"'):  # no reference has them
            cut = value.find(stop)
            if cut >= 0:
                value = value[:cut]
        found.append(value.decode("utf-8", "replace"))
        at = data.find(b"aligns_to:", at + 10)
    return found


_SETTINGS = re.compile(rb"^settings:[ \t]*(?:\{(?P<flow>[^\n]*)|(?:#[^\n]*)?\r?$)", re.MULTILINE)
_IN_FLOW = re.compile(rb"(?:^|[{,\s])language[ \t]*:[ \t]*(?P<value>'[^'\n]*'|\"[^\"\n]*\""
                      rb"|[^\s,}#'\"]+)")
_BLOCK_LINE = re.compile(rb"(?:[ \t]+[^\n]*|[ \t]*(?:#[^\n]*)?)\r?(?:\n|\Z)")
_IN_BLOCK = re.compile(rb"[ \t]+language[ \t]*:[ \t]*(?P<value>'[^'\n]*'|\"[^\"\n]*\""
                       rb"|[^\s#'\"]+)")


def sniff_language(data: bytes) -> str | None:
    """``settings.language`` of an okr.yaml, found without parsing it: in the block under a
    ``settings:`` line at column 0 (or its one-line flow mapping). It chooses the language
    a command speaks before anything is read; ``okr check`` validates the setting itself."""
    found = _SETTINGS.search(data)
    if found is None:
        return None
    if found.group("flow") is not None:
        value = _IN_FLOW.search(found.group("flow"))
        return None if value is None else value.group("value").strip(b"'\"").decode(
            "utf-8", "replace")
    pos = data.find(b"\n", found.end())
    while 0 <= pos < len(data):
        line = _BLOCK_LINE.match(data, pos + 1)
        if line is None or line.end() == pos + 1:
            return None
        value = _IN_BLOCK.match(data, pos + 1)
        if value is not None:
            return value.group("value").strip(b"'\"").decode("utf-8", "replace")
        pos = line.end() - 1 if data[line.end() - 1:line.end()] == b"\n" else -1
    return None


def scan_drivers(data: bytes) -> frozenset[str] | None:
    """Every value an ``owner:`` key can have in the text (a key result's driver, and the
    file's owner), without parsing it: an over-estimate (an ``owner: x`` in a note counts
    too), or None where a text scan cannot be sure (read the file). Sure only when every
    ``owner`` word that could be such a key is followed on its line by ``:`` and a plain
    or quoted one-line value that is not a number (in flow style a key can go on to the
    next line: there the word at a line's end is not sure either); and the text has no
    backslash (an escape could spell a key or a value), no alias, no explicit key (``?``)."""
    if b"\\" in data or (b"*" in data and _ALIAS.search(b"\n" + data)) or (
            b"?" in data and _EXPLICIT.search(b"\n" + data + b"\n")):
        return None
    flow = b"{" in data or b"[" in data  # only there can a key go on to the next line
    found: set[str] = set()
    at = data.find(b"owner")
    while at >= 0:
        end = at + 5
        if (at and data[at - 1] in _ASCII_ID) or (end < len(data) and data[end] in _ASCII_ID):
            at = data.find(b"owner", end)
            continue  # another word: owners, co_owner
        key = _KEY_END.match(data, end)
        assert key is not None  # it matches the empty string too
        after = data[key.end():key.end() + 1]
        if after != b":":
            if after[:1] >= b"\x80" or (flow and after in (b"", b"\n", b"\r", b"#")):
                return None  # a key going on below (in flow style), or a word we do not know
            at = data.find(b"owner", end)
            continue  # a word in a text
        value = _DRIVER.match(data, key.end() + 1)
        if value is None:
            return None  # on the next line, a block, a tag, a flow collection, a number
        text = (value.group(1) or value.group(2) or value.group(3) or b"").decode(
            "utf-8", "replace")
        found.add(text)
        for stop in _BREAKS:  # line breaks to a YAML 1.1 reader: cut there too
            if stop in text:
                found.add(text[:text.index(stop)])
        at = data.find(b"owner", value.end())
    return frozenset(found)


_ASCII_ID = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_KEY_END = re.compile(rb"['\"]?[ \t]*")  # a quoted key's end, spaces before the colon
# The value of an ``owner:`` key when it is plain to see: single-quoted (no quote in it),
# double-quoted (no escape: the text has no backslash), or plain, which a number, a tag,
# an anchor, an alias, a block or a flow collection does not start; its id characters.
_DRIVER = re.compile(rb"[ \t]*(?:'([^'\n\r]*)'(?!')|\"([^\"\n\r]*)\"|"
                     rb"(?![0-9+\-.!&*|>\[{#'\"\r\n%@`?])([A-Za-z0-9._\-\x80-\xff]+))")
_ALIAS = re.compile(rb"[\s\[{,:?-]\*[^\s,\[\]{}]")  # after a line break put before
_EXPLICIT = re.compile(rb"[\s\[{,-]\?[ \t\r\n]")  # the text, and one after it
_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")
