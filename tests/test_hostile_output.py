"""Each medium escapes for itself (issue 8): one hostile workspace, fed to every output,
each result read back by a real parser (strict json, an XML parser, GitHub's CommonMark
renderer, an HTML parser, a workflow-command splitter, a terminal-escape scanner).

The files are valid YAML that passes ``okr check`` (warnings apart): every hostile
character is written as a double-quoted escape (``"\\e[2J"``), never raw."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from conftest import Okr

# Escape sequences (clear screen, window title, an OSC 8 link), BEL, BS, CR, a workflow
# command after a line break, HTML, a comment, an image, a link, emphasis, a code span, a
# table pipe, bidi overrides, Unicode line breaks, NEL, 8-bit CSI, Rich markup, an
# autolink, an address, math, an entity and a lone backslash.
TITLE = (r"\e[2J\e]0;pwned\a\e]8;;http://evil/\e\\phish\e]8;;\e\\ \a\b\r\n::error file=x::pwned "
         r"##[error]x "
         r"<img src=x onerror=alert(1)> <!-- ![x](http://evil/x.png) [phish](http://evil) "
         r"*em* `code` | pipe \u202e\u2066 \L\P\N\x9b [bold]x[/] [/x] www.evil.com "
         r"a@evil.com $x$ &amp; \\")
NAME = r"Mallory \e]0;pwned\a\r\n::warning::x <b>b</b> | [/x] \u202e \\"
UNIT = r"[/x]\e]8;;http://e\e\\u\e]8;;\e\\<b>|*"
# A file name cannot hold '/': the rest of the corpus, raw (file names are not YAML).
FILE = ("evil\x1b[2J\x07\r\n::error file=x::pwned <img src=x onerror=alert(1)> *em* `c` "
        "| \u202e [bold]x[red] \\.yaml")
# What the reader must still see, as text, wherever the title is shown whole.
WORDS = ("pwned", "onerror=alert(1)", "![x](http://evil/x.png)", "[phish](http://evil)",
         "*em*", "`code`", "| pipe", "[bold]x[/] [/x]", "$x$", "&amp;")

CONFIG = f'''organization: "{NAME}"
cycles:
  - id: 2026-Q4
    start: 2026-10-01
    end: 2026-12-31
    name: "{NAME}"
teams:
  - id: company
    name: "{NAME}"
  - id: evil
    name: "{NAME}"
    parent: company
people:
  - id: mallory
    name: "{NAME}"
    team: evil
'''
COMPANY = f'''owner: company
cycle: 2026-Q4
objectives:
  - id: root
    title: "{TITLE}"
    key_results:
      - id: base
        title: "{TITLE}"
        start: 0
        target: 10
        unit: "{UNIT}"
        checkins:
          - date: 2026-11-20
            value: 2
            confidence: 0.8
          - date: 2026-11-24
            value: 3
            confidence: 0.4
            note: "{TITLE}"
'''
EVIL = f'''owner: evil
cycle: 2026-Q4
objectives:
  - id: pwn
    title: "{TITLE}"
    aligns_to: company/root
    key_results:
      - id: kr1
        title: "{TITLE}"
        start: 0
        target: 100
        unit: "{UNIT}"
        owner: mallory
        due: 2026-12-05
        checkins:
          - date: 2026-11-20
            value: 40
            confidence: 0.5
            note: "{TITLE}"
          - date: 2026-11-24
            value: 50
            confidence: 0.3
            note: "{TITLE}"
        changes:
          - date: 2026-11-21
            field: target
            old: 120
            new: 100
            reason: "{TITLE}"
      - id: kr2
        title: "{TITLE}"
        kind: milestone
        dropped:
          date: 2026-11-22
          reason: "{TITLE}"
'''

TERMINAL = [("status",), ("tree",), ("show", "evil/pwn"), ("show", "evil/pwn/kr1"),
            ("show", "evil/pwn/kr2"), ("show", "company/root/base"), ("grade",),
            ("team", "list"), ("person", "list"), ("cycle", "list"), ("check",)]
WIDTHS = ("40", "80", "120")

# A terminal acts on these: C0 controls but the line feed, DEL, C1 controls (8-bit CSI,
# OSC, NEL), Unicode line breaks, bidi overrides and isolates, and lone surrogates.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
LINES = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")


def hostile_workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    folder = root / "okrs" / "2026-Q4"
    folder.mkdir(parents=True)
    (folder / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (folder / FILE).write_text(EVIL, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Okr:
    return Okr(hostile_workspace(tmp_path_factory.mktemp("hostile") / "ws"))


def decoded(escaped: str) -> str:
    """A double-quoted YAML scalar's escapes, as the reader decodes them."""
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(f'"{escaped}"')


# --- the scanners ---------------------------------------------------------------------


def assert_inert(text: str, colour: bool = False) -> None:
    """No character a terminal would act on; in colour, Rich's own SGR sequences only."""
    if colour:
        text = SGR.sub("", text)
    found = CONTROL.search(text)
    assert found is None, (found.group(), text[max(0, found.start() - 40):found.end() + 40])


def workflow_commands(text: str) -> list[str]:
    """The lines a GitHub runner would execute: those that start with ``::`` after any
    leading white space (the runner splits at every line break it knows), and those that
    hold the older ``##[command]`` anywhere."""
    return [line for line in LINES.split(text)
            if line.lstrip().startswith("::") or "##[" in line]


def assert_plain(text: str, colour: bool = False) -> None:
    assert_inert(text, colour)
    assert workflow_commands(text) == []


def strict_json(text: str):
    def refuse(name: str):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


# --- the corpus is what it claims to be -----------------------------------------------


def test_the_corpus_passes_the_gate_and_holds_what_it_should(hostile):
    result = hostile("check", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    found = strict_json(result.stdout)
    assert {f["severity"] for f in found} <= {"warning", "info"}
    assert any(f["path"].endswith(".yaml") and "\x1b" in f["path"] for f in found)
    title = decoded(TITLE)
    for hostile_text in ("\x1b[2J", "\x1b]8;;", "\x07", "\r\n::error", "\u202e", "\u2028",
                         "\x85", "\x9b", "<!--", "\\"):
        assert hostile_text in title
    status = strict_json(hostile("status", "--format", "json").stdout)
    evil = next(o for o in status["owners"] if o["owner"] == "evil")
    assert evil["objectives"][0]["title"] == title  # JSON carries the data as it is
    assert evil["name"] == decoded(NAME)
    assert evil["objectives"][0]["key_results"][0]["unit"] == decoded(UNIT)


# --- the terminal ---------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", TERMINAL, ids=" ".join)
def test_terminal_output_is_inert(hostile, args, width):
    result = hostile(*args, env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    assert_plain(result.stderr)


@pytest.mark.parametrize("args", TERMINAL, ids=" ".join)
def test_terminal_output_in_colour_has_only_rich_colours(hostile, args):
    result = hostile(*args, env={"COLUMNS": "100", "FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert SGR.search(result.stdout), "not in colour: the test would prove nothing"
    assert_plain(result.stdout, colour=True)
    assert_plain(result.stderr, colour=True)


@pytest.mark.parametrize("args", [a for a in TERMINAL if a[0] in ("status", "tree", "show")],
                         ids=" ".join)
def test_terminal_shows_the_words_and_the_markup_as_text(hostile, args):
    out = hostile(*args, env={"COLUMNS": "2000"}).stdout
    for word in WORDS:
        assert word in out, word
    assert "␛[2J" in out and "␛]0;pwned␇" in out and "\\u202e" in out  # visible, not gone
    if args not in (("tree",), ("show", "evil/pwn/kr2")):  # neither shows a unit
        assert "[/x]␛]8;;http" in out  # the unit as it was typed


def test_the_names_of_okr_yaml_are_shown_not_obeyed(hostile):
    for kind in ("team", "person", "cycle"):
        out = hostile(kind, "list", env={"COLUMNS": "2000"}).stdout
        assert_plain(out)
    out = hostile("team", "list", env={"COLUMNS": "2000"}).stdout
    assert "Mallory ␛]0;pwned␇␍ :\u200b:warning:\u200b:x <b>b</b> | [/x] \\u202e \\" in out


def test_check_names_the_hostile_file_visibly(hostile):
    result = hostile("check", env={"COLUMNS": "2000"})
    assert_plain(result.stdout)
    assert "evil␛[2J␇␍ :\u200b:error file=x:\u200b:pwned <img src=x onerror=alert(1)>" \
        in result.stdout


def test_every_table_cell_is_text_never_a_string_rich_would_parse(hostile, monkeypatch):
    """A ``str`` cell is Rich markup: ``[/x]`` in a unit crashed ``okr status``."""
    from rich.table import Table
    from rich.tree import Tree

    add_row, add = Table.add_row, Tree.add

    def refuse_rows(self, *cells, **kwargs):
        strings = [c for c in cells if isinstance(c, str)]
        assert not strings, f"a str cell would be parsed as markup: {strings!r}"
        return add_row(self, *cells, **kwargs)

    def refuse_labels(self, label, *args, **kwargs):
        assert not isinstance(label, str), label
        return add(self, label, *args, **kwargs)

    monkeypatch.setattr(Table, "add_row", refuse_rows)
    monkeypatch.setattr(Tree, "add", refuse_labels)
    for args in [*TERMINAL, ("check", "--list-rules")]:
        result = hostile(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)


def test_a_console_forced_to_be_a_terminal_gets_only_colours(hostile):
    """The renderables themselves, printed to a Console with force_terminal."""
    from rich.console import Console

    from conftest import session
    from okrcli.render import tables
    from okrcli.services import read

    ws = session(hostile.root)
    today = dt.date(2026, 11, 26)
    status = read.status(ws, None, today)
    renderables = [tables.status_table(status, 80), tables.status_table(status, 120),
                   tables.tree(status), tables.grade_table(read.grade(ws, None, today))]
    renderables += [tables.show(read.show(ws, ref, None, today)) for ref in
                    ("evil/pwn", "evil/pwn/kr1", "evil/pwn/kr2")]
    renderables += [tables.listing(read.config(ws), kind) for kind in ("cycle", "team",
                                                                       "person")]
    for renderable in renderables:
        for width in (30, 80, 200):
            file = io.StringIO()
            Console(file=file, force_terminal=True, color_system="truecolor", width=width,
                    highlight=False).print(renderable)
            assert SGR.search(file.getvalue())
            assert_plain(file.getvalue(), colour=True)


# --- machine formats ------------------------------------------------------------------


@pytest.mark.parametrize("args", [("status", "-f", "json"), ("tree", "-f", "json"),
                                  ("report", "-f", "json"), ("check", "-f", "json"),
                                  ("show", "evil/pwn/kr1", "-f", "json")],
                         ids=" ".join)
def test_json_is_strict_and_inert(hostile, args):
    result = hostile(*args)
    assert result.exit_code == 0, result.stderr
    strict_json(result.stdout)
    assert_plain(result.stdout)  # C1, bidi and line separators as \\uXXXX escapes


def test_report_json_carries_every_hostile_string_exactly(hostile):
    data = strict_json(hostile("report", "-f", "json").stdout)
    title = decoded(TITLE)
    (goalpost,) = data["goalposts"]
    assert goalpost["reason"] == title and (goalpost["old"], goalpost["new"]) == (120, 100)
    notes = [c["note"] for m in data["moved"] for c in m["checkins"] if c["note"]]
    assert notes and set(notes) == {title}
    assert {m["name"] for m in data["moved"]} == {decoded(NAME)}


def test_junit_parses_and_names_the_file(hostile):
    result = hostile("check", "--format", "junit", "--strict")
    assert result.exit_code == 1  # the warnings fail under --strict: they are in the XML
    suites = ET.fromstring(result.stdout)
    names = [case.get("name") for case in suites.iter("testcase")]
    assert any(name.startswith("okrs/2026-Q4/evil␛[2J␇␍ ") for name in names), names
    failures = list(suites.iter("failure"))
    assert failures and all("okrs/2026-Q4/" in f.text for f in failures)
    assert_plain(result.stdout)


def test_github_annotations_are_the_only_workflow_commands(hostile):
    found = strict_json(hostile("check", "--format", "json").stdout)
    result = hostile("check", "--format", "github")
    assert result.exit_code == 0
    commands = workflow_commands(result.stdout)
    assert len(commands) == len(found) == len(LINES.split(result.stdout.rstrip("\n")))
    for line in commands:
        match = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        assert match, line
    assert any("file=okrs/2026-Q4/evil␛[2J␇%0D%0A" in line for line in commands)
    assert_inert(result.stdout)


# --- markdown -------------------------------------------------------------------------

# What our own markdown makes; anything else in the rendered HTML came from user text.
OWN_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "em", "strong", "code", "table", "thead",
            "tbody", "tr", "th", "td"}


def render_gfm(text: str) -> str:
    """GitHub's renderer, with raw HTML let through (a wiki may not filter it)."""
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


class Page(HTMLParser):
    """The tags, attributes and text of an HTML page, and its tables' rows."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append(tag)

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


def assert_markdown_shows_text(markdown: str) -> Page:
    html = render_gfm(markdown)
    for raw in ("<img", "<a ", "<!--", "<script", "<b>"):
        assert raw not in html, raw
    page = Page(html)
    assert page.tags <= OWN_TAGS, page.tags - OWN_TAGS
    assert page.comments == [] and {name for name, _ in page.attrs} <= {"align"}
    tables: list[list[list[str]]] = []
    for row in page.rows:  # a header row starts a table; every row has its cells
        if row and row[0] == "th":
            tables.append([row])
        else:
            tables[-1].append(row)
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table), table
    return page


@pytest.mark.parametrize("args", [("status", "-f", "markdown"), ("report",),
                                  ("report", "--since", "2026-10-01")], ids=" ".join)
def test_markdown_renders_user_text_as_text(hostile, args):
    result = hostile(*args)
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    page = assert_markdown_shows_text(result.stdout)
    text = page.plain.replace("@\u200b", "@")
    for word in WORDS:
        assert word in text, word
    assert "[/x]␛]8;;http://e␛\\u␛]8;;␛\\<b>|*" in text  # the unit, shown whole


def test_a_line_break_in_a_title_starts_no_line_of_the_review(hostile):
    out = hostile("report").stdout
    assert "\r" not in out
    for line in out.splitlines():
        assert line == "" or line.startswith(("#", "|", "- ", "_")), line


# --- the dashboard --------------------------------------------------------------------


def test_dashboard_shows_user_text_as_text(hostile):
    result = hostile("report", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    page = Page(result.stdout)
    assert page.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2",
                         "h3", "p", "div", "b", "span", "table", "tr", "th", "td", "ul",
                         "li", "a", "i", "section", "svg", "line", "text", "polyline",
                         "circle"}
    assert "img" not in page.tags and page.comments == []
    assert not [name for name, _ in page.attrs if name.startswith("on")]
    hrefs = [value for name, value in page.attrs if name == "href"]
    assert hrefs and all(value.startswith("#") for value in hrefs)
    for word in WORDS:
        assert word in page.plain, word
    assert decoded(UNIT).replace("\x1b", "␛") in page.plain


def test_check_shows_a_raw_control_line_of_a_file_visibly(tmp_path):
    """The excerpt under a finding is the file's own text, raw: here every line of a file
    ends in a comment of raw ESC, BEL, CSI and bidi characters, and its title has a number,
    so that whichever line a finding points at (the title, or the first raw character for
    a reader that refuses them) holds them."""
    root = hostile_workspace(tmp_path / "ws")
    lines = ["owner: company", "cycle: 2026-Q4", "objectives:", "  - id: root",
             '    title: "3 things"']
    raw = "  # \x1b[2J\x1b]0;pwned\x07 \x9b\u202e"
    (root / "okrs" / "2026-Q4" / "company.yaml").write_text(
        "".join(line + raw + "\n" for line in lines), encoding="utf-8")
    result = Okr(root)("check", env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code in (0, 1), result.stderr
    out = SGR.sub("", result.stdout)
    assert re.search(r"^ +\d+ \| .*  # ␛\[2J␛\]0;pwned␇ \\x9b\\u202e$", out, re.M), out
    assert_plain(result.stdout, colour=True)
    assert_plain(result.stderr, colour=True)


@pytest.mark.parametrize("args", [("status",), ("tree",), ("grade",), ("report",),
                                  ("show", "mallory/x")], ids=" ".join)
def test_a_broken_file_is_named_visibly_on_stderr(tmp_path, args):
    """A file the commands cannot use is named on stderr, through the same escapes."""
    root = hostile_workspace(tmp_path / "ws")
    broken = "broken\x1b]0;pwned\x07\r\n::error::x \u202e.yaml"
    (root / "okrs" / "2026-Q4" / broken).write_text(
        "owner: mallory\ncycle: 2026-Q4\nobjectives: [\n", encoding="utf-8")
    result = Okr(root)(*args, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 1, result.stdout
    assert "okrs/2026-Q4/broken␛]0;pwned␇␍ :\u200b:error:\u200b:x \\u202e.yaml:" in \
        SGR.sub("", result.stderr)
    assert_plain(result.stdout, colour=True)
    assert_plain(result.stderr, colour=True)
