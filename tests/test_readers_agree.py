"""Both readers accept exactly the same characters: the fast one (yaml-rs) and the careful
one (ruamel, the reader of record for edits). A file the gate passes can be edited, and a
file an edit accepts reads the same in every command. Every class of code point is tried
raw in a plain scalar, in double quotes and in a comment."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from okrcli import yamlio
from okrcli.diagnostics import Finding


def _classes() -> dict[str, list[str]]:
    """Up to 40 code points of each Unicode general category, spread over the range, and
    every code point below U+0100 and the line and format controls one by one."""
    found: dict[str, list[int]] = {}
    for cp in range(sys.maxunicode + 1):
        found.setdefault(unicodedata.category(chr(cp)), []).append(cp)
    picked: dict[str, list[str]] = {}
    for category, points in found.items():
        if category == "Cs":  # lone surrogates cannot be in UTF-8 bytes at all
            continue
        step = max(1, len(points) // 40)
        picked[category] = [chr(cp) for cp in points[::step]]
    picked["low"] = [chr(cp) for cp in range(0x100)]
    picked["breaks"] = ["\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\u202e"]
    return picked


CLASSES = _classes()


def _read(raw: bytes, careful: bool) -> tuple[str, object]:
    decoded = yamlio.decode(raw)
    if isinstance(decoded, Finding):
        return "refused", decoded.code
    text, _ = decoded
    data, problems = (yamlio.careful_load if careful else yamlio.load)(text)
    if problems:
        return "refused", problems[0].code
    return "read", data


@pytest.mark.skipif(not yamlio.HAS_FAST, reason="yaml-rs is a pinned dependency")
@pytest.mark.parametrize("category", sorted(CLASSES))
def test_both_readers_take_the_same_characters(category):
    for char in CLASSES[category]:
        for shape in ("title: a{}b\n", 'title: "a{}b"\n', "title: ab  # {}\n"):
            raw = ("owner: x\n" + shape.format(char)).encode("utf-8")
            fast, careful = _read(raw, careful=False), _read(raw, careful=True)
            # The fast path may fall back on the careful one: what counts is the result.
            assert fast == careful, (category, hex(ord(char)), shape, fast, careful)


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x7f", "\x85", "\u2028", "\x9b"])
def test_a_raw_control_character_is_an_encoding_error_at_its_place(char):
    raw = ("owner: x\ntitle: ab" + char + "c\n").encode("utf-8")
    finding = yamlio.decode(raw)
    assert isinstance(finding, Finding)
    assert (finding.code, finding.pos) == ("OKR010", (2, 10))
    assert f"U+{ord(char):04X}" in finding.message


def test_escapes_in_double_quotes_stay_allowed():
    text, _ = yamlio.decode(b'title: "a\\e[2Jb\\u2028c"\n')
    data, problems = yamlio.load(text)
    assert problems == [] and data == {"title": "a\x1b[2Jb\u2028c"}


def test_flow_style_check_ins_take_the_fast_reader_and_deep_flow_the_careful_one():
    many = "".join(f"  - {{date: 2026-10-01, value: {i}, note: [a, {{b: c}}]}}\n"
                   for i in range(5000))
    assert yamlio.fast_ok("checkins:\n" + many)
    shallow = "k: " + "[1, " * yamlio.FLOW_DEPTH + "]" * yamlio.FLOW_DEPTH + "\n"
    deep = "k: " + "[1, " * (yamlio.FLOW_DEPTH + 1) + "]" * (yamlio.FLOW_DEPTH + 1) + "\n"
    assert yamlio.fast_ok(shallow) and not yamlio.fast_ok(deep)
    assert not yamlio.fast_ok("k: " + "[" * 100_000 + "]" * 100_000)
    crossed = "k: " + "[a, {b: ]" * yamlio.FLOW_DEPTH + "\n"
    assert not yamlio.fast_ok(crossed)  # the careful reader says what is wrong
    assert yamlio.load(crossed)[1][0].code == "OKR001"
    data, problems = yamlio.load("k: " + "[" * 65 + "]" * 65 + "\n")
    assert data is None and problems[0].code == "OKR009"


def _marks(node) -> list[tuple]:
    out, todo = [], [] if node is None else [node]
    while todo:
        item = todo.pop()
        out.append((type(item).__name__, item.start_mark.line, item.start_mark.column,
                    item.end_mark.line, item.end_mark.column, getattr(item, "style", None),
                    item.value if isinstance(item.value, str) else None))
        if isinstance(item.value, list):
            for part in item.value:
                todo.extend(part if isinstance(part, tuple) else (part,))
    return out


def test_the_c_composer_gives_the_nodes_ruamel_gives():
    from pathlib import Path

    # libyaml's composer is there (ruamel.yaml.clib is a dependency): without it this test
    # compared ruamel's composer with itself, and every position cost 4x (it did, once)
    assert yamlio._c_composer() is not None

    root = Path(__file__).resolve().parent.parent
    files = [*sorted((root / "examples").rglob("*.yaml")),
             *sorted((root / "tests" / "data").rglob("*.yaml"))]
    compared = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
        try:
            expected = yamlio.safe_yaml().compose(text)
        except Exception:
            continue  # a broken test file: nothing to compose
        assert _marks(yamlio.compose(text)) == _marks(expected), path
        compared += 1
    assert compared > 50


@pytest.mark.parametrize("text", [
    "owner: x\nk:\n  - {date: 2026-10-31, value: 12.8, note: see http://wiki/x}\n",
    "owner: x\ntitle: a\n\t\n",
    "owner: x\nk: [a?x]\n",
    "owner: x\nk: {x: |x}\n",
    "owner: x\nnote: =\n",
    "owner: x\n\ufeffk: 1\n",
    "owner: x\nk: " + "- " * 100_000 + "x\n",
    "owner: x\nk:\n" + "? " * 100_000 + "x\n",
    "owner: x\nk: " + "- " * 1000 + "x\n",
])
def test_what_the_fast_reader_takes_libyaml_composes(text):
    """Every edit composes the file with libyaml: a file the gate reads must compose, or
    the gate must refuse it with a located finding (found by review: an edit crashed)."""
    data, problems = yamlio.load(text)
    careful, careful_problems = yamlio.careful_load(text)
    assert (data, [p.code for p in problems]) == (careful, [p.code for p in careful_problems])
    if not problems:
        assert yamlio.compose(text) is not None
