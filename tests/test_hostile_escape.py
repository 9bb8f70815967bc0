"""The escapers of each medium on their own (render/escape.py) and the formats of
``okr check`` with what no workspace can give them from a file: raw control characters in
a source line."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrcli.diagnostics import Diagnostic, Severity
from okrcli.render import findings
from okrcli.render.escape import visible

CHINESE = "订单处理自动化率从30%提升到70%：「对账模块」（延期）——客户、供应商；ｃｏｍｐａｎｙ！"
TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff]")


# --- the terminal ---------------------------------------------------------------------


def test_normal_text_is_untouched():
    for text in (CHINESE, "Reach 1,000 dealers (Q4) - 50% [draft] a:b ✓ 🚀", "", "ü é ß"):
        assert visible(text) == text


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[2J", "␛[2J"), ("\x07", "␇"), ("\x08", "␈"), ("\r", "␍"), ("\x00", "␀"),
    ("\x7f", "␡"), ("\v\f", "␋␌"), ("\n", " "), ("\t", " "), ("\u2028\u2029", "  "),
    ("\x85", "\\x85"), ("\x9b", "\\x9b"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066"),
    ("\udcff", "\\xff"), ("\ud800", "\\ud800"), ("\ufffe", "\\ufffe"),
    ("::", ":\u200b:"), (":::", ":\u200b:\u200b:"), ("a::b::c", "a:\u200b:b:\u200b:c"),
])
def test_each_control_is_made_visible(raw, shown):
    assert visible(raw) == shown


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text):
    out = visible(text)
    assert TERMINAL.search(out) is None and "::" not in out
    out.encode("utf-8")  # never a lone surrogate


def test_text_shows_a_raw_source_line_visibly_with_the_marker_under_its_column():
    line = "title: \x1b[2J\x1b]0;pwned\x07 and \u202eevil \x9b x: 标题"
    col = line.index("x:") + 1
    out = findings.text([Diagnostic("f.yaml", 1, col, "OKR003", "m", Severity.ERROR, "n")],
                        {"f.yaml": [line + "\n"]}).plain
    assert TERMINAL.search(out) is None
    _, source, marker, _ = out.split("\n")
    shown = source[len("    1 | "):]
    assert shown == visible(line)
    assert marker.index("^") - len("      | ") == shown.index("x:")


def test_every_width_of_visible_text_is_its_cells():
    """The marker counts cells: each visible form is as wide as its characters."""
    from rich.cells import cell_len

    for raw in ("\x1b", "\x9b", "\u202e", "\udcff"):
        assert cell_len(visible(raw)) == len(visible(raw))
    assert all(unicodedata.east_asian_width(chr(0x2400 + c)) in "NA" for c in range(0x20))
