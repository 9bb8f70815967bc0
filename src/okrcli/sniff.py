"""Text scans: what can be said of an OKR file without parsing it. The store indexes files
with them, and the pipeline uses them on files too broken to parse. Bytes in, text out;
nothing of YAML, files or rules is imported here."""

from __future__ import annotations

import re

_COMMENT = re.compile(rb"\s#")


def sniff_key(data: bytes, key: bytes) -> str | None:
    """The value of a top-level ``key: value`` line (column 0) in block-style YAML."""
    needle = b"\n" + key + b":"
    if data.startswith(key + b":"):
        start = len(key) + 1
    elif data.startswith(b"\xef\xbb\xbf" + key + b":"):
        start = len(key) + 4
    else:
        at = data.find(needle)
        if at < 0:
            return None
        start = at + len(needle)
    end = data.find(b"\n", start)
    value = data[start:] if end < 0 else data[start:end]
    comment = _COMMENT.search(value)  # a comment after a space or a tab
    if comment is not None:
        value = value[: comment.start()]
    text = value.strip().decode("utf-8", "replace")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text or None


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
