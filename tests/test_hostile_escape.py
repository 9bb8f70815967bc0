"""The escapers of each medium on their own (render/escape.py, render/markdown.py) and the
formats of ``okr check`` with what no workspace can give them from a file: names that are
not UTF-8, raw control characters in a source line, numbers that are not finite."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from xml.etree import ElementTree as ET

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from okrcli.diagnostics import Diagnostic, Severity
from okrcli.render import findings, machine
from okrcli.render.escape import clip, shown, visible
from okrcli.render.markdown import code, inline

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


def test_clip_cuts_with_an_ellipsis():
    assert clip("标" * 80) == "标" * 80
    assert clip("标" * 81) == "标" * 79 + "…" and len(clip("x" * 10_000)) == 80


# --- markdown, rendered by GitHub's renderer ------------------------------------------

MARKDOWN = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())


def pieces(alphabet: list[str], most: int) -> st.SearchStrategy[str]:
    """Text made of these pieces (characters, or the starts of an autolink)."""
    return st.lists(st.sampled_from(alphabet), max_size=most).map("".join)


def render(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def paragraph_text(out: str) -> str:
    match = re.fullmatch(r"<p>(.*)</p>\n", out, re.S)
    assert match, out
    assert "<" not in match.group(1), out  # no tag inside: no link, image, emphasis, code
    return html.unescape(match.group(1))


def expected(text: str) -> str:
    out = re.sub("[\n\r\v\f\x85\u2028\u2029]", " ", text)
    return shown(out).replace("@", "@\u200b")


@settings(max_examples=400, deadline=None)
@given(pieces([*MARKDOWN, "a", "b", "1", " ", "www.", "http://", "\n", "\r", "\x85",
               "\u2028", "@", "x.co", "<a", "&amp;", "&#60;", "![", "](", "\x1b", "标"], 40))
def test_inline_text_renders_as_itself(text):
    """Any mix of ASCII punctuation, autolink starts, entities and line breaks, in the
    middle of a line, comes out of GitHub's renderer as the same text and no element."""
    assert paragraph_text(render("x " + inline(text) + " x")) == "x " + expected(text) + " x"


@settings(max_examples=200, deadline=None)
@given(pieces([*MARKDOWN, "a", " ", "www.", "http://", "\n"], 30))
def test_inline_text_keeps_a_table_cell_whole(text):
    table = f"| a | b |\n|---|---|\n| {inline(text)} | z |\n"
    out = render(table)
    assert out.count("<td>") == 2, out
    assert "<a " not in out and "<img" not in out and "<del>" not in out


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "<!-- x", "&amp; &#60;",
                                  "![x](http://evil/x.png)", "[phish](http://evil)",
                                  "*em* _em_ ~~del~~ `code`", "www.evil.com http://evil.com",
                                  "WWW.EVIL.COM", "mail a@evil.com xmpp:a@evil.com",
                                  "<http://evil>", "$x$", "title #", "a \\", "x\ry\nz"])
def test_each_attack_is_shown_not_rendered(text):
    out = render("- " + inline(text) + "\n")
    assert re.fullmatch(r"<ul>\n<li>[^<]*</li>\n</ul>\n", out), out


def test_code_keeps_a_safe_reference_in_a_code_span():
    assert code("company/operations") == "`company/operations`"
    assert code("a`b") == "a\\`b" and code("a|b") == "a\\|b"
    assert code("a b\nc") == inline("a b\nc")


def test_markdown_leaves_chinese_alone():
    assert inline(CHINESE) == CHINESE


# --- okr check's formats ----------------------------------------------------------------

# A file name that is not UTF-8 (read with surrogateescape), with control characters.
NAME = "okrs/\udcff\udcfe\x1b[2J\x07\r\n::error file=x::pwned \u202e.yaml"


def hostile_findings() -> list[Diagnostic]:
    return [Diagnostic(NAME, 3, 5, "OKR001", "bad \x1b]0;t\x07 \udcff value \u2028 ::x",
                       Severity.ERROR, "yaml-syntax"),
            Diagnostic("okrs/fine.yaml", 1, 1, "OKR003", "ok", Severity.WARNING, "x")]


def test_json_of_a_name_that_is_not_utf8_is_strict_and_writable():
    text = findings.as_json(hostile_findings())
    text.encode("utf-8")
    data = json.loads(text, parse_constant=lambda name: pytest.fail(name))
    assert data[0]["path"] == "okrs/\\xff\\xfe\x1b[2J\x07\r\n::error file=x::pwned \u202e.yaml"
    assert TERMINAL.search(text) is None


def test_machine_json_has_no_nan_and_no_raw_separators():
    text = machine.dumps({"progress": float("nan"), "score": float("inf"), "x": [float("-inf")],
                          "title": "a\u2028b\x9b\u202ec\udcff"})
    data = json.loads(text, parse_constant=lambda name: pytest.fail(name))
    assert data == {"progress": None, "score": None, "x": [None],
                    "title": "a\u2028b\x9b\u202ec\\xff"}
    assert TERMINAL.search(text) is None


def test_numbers_that_are_not_finite_render_as_missing():
    """The check refuses them; a renderer still never prints nan nor fails on one."""
    from okrcli.render import bar, num, pct, score

    for value in (float("nan"), float("inf"), float("-inf")):
        assert num(value) == pct(value) == score(value) == "—"
        assert bar(value) == "·" * 10 and bar(0.5, expected=value) == "█" * 5 + "░" * 5
    assert pct(1e308) == "—" and pct(0.5) == "50%"


def test_junit_of_any_name_parses():
    text = findings.junit(hostile_findings(), [NAME, "okrs/fine.yaml"])
    text.encode("utf-8")
    suites = ET.fromstring(text)
    names = sorted(case.get("name") for case in suites.iter("testcase"))
    assert names[0] == "okrs/\\xff\\xfe␛[2J␇␍ :\u200b:error file=x:\u200b:pwned \\u202e.yaml"
    texts = [failure.text for failure in suites.iter("failure")]
    assert any("bad ␛]0;t␇ \\xff value" in text for text in texts), texts


def test_github_annotations_of_any_name_stay_one_line():
    text = findings.github(hostile_findings())
    text.encode("utf-8")
    lines = text.splitlines()
    assert len(lines) == 2 and all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert "file=okrs/\\xff\\xfe␛[2J␇%0D%0A%3A" in lines[0]
    assert TERMINAL.search(text) is None


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
