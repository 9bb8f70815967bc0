"""Output a person can use at any size (issue 13, point 3): `okr status` of more owners than
a screenful shows the top of the tree and says how to see more, `--all` writes every
owner as it is drawn (the same lines as the one table), the review's markdown stays
bounded, and `okr tree` finds each owner's objectives by index, not by a pass over all."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from conftest import ROOT, TODAY, Okr, golden

SPEC = importlib.util.spec_from_file_location("gen_workspace", ROOT / "bench" / "gen_workspace.py")
assert SPEC and SPEC.loader
GEN = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(GEN)

OWNERS = 60  # more than SCREENFUL (50)


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    """A company of 60 owners (the company, 3 departments, 56 people), small files."""
    root = tmp_path_factory.mktemp("company")
    GEN.generate(root, OWNERS, objectives=1, krs=2, checkins=2)
    return root


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """300 owners, every key result stale: lists that grow with the company."""
    root = tmp_path_factory.mktemp("large")
    GEN.generate(root, 300, objectives=2, krs=2, checkins=3)
    return root


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("width", ["80", "120"])
def test_status_of_more_owners_than_a_screenful_is_the_top_of_the_tree(company, lang, width):
    result = Okr(company)("status", env={"OKR_LANG": lang, "COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    suffix = "" if lang == "en" else f".{lang}"
    golden(f"output/top-{width}{suffix}.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) < 12  # the company, 3 departments, the header and the hint
    assert "okr status OWNER" in lines[-1] and "okr status --all" in lines[-1]
    assert str(OWNERS) in lines[-1]


def test_the_top_of_the_tree_counts_what_lies_below_each_team(company):
    from okrcli.services import open_session, overview, read

    session = open_session(company)
    status = read.status(session, None, __import__("datetime").date.fromisoformat(TODAY))
    top = overview.top_of_tree(session, status)
    head, *departments = top.branches
    assert (head.owner, head.depth, head.owners, head.people) == ("company", 0, 60, 56)
    assert [d.owner for d in departments] == ["team001", "team002", "team003"]
    assert sum(d.owners for d in departments) == 59 and top.rest is None
    assert head.objectives == 60 and sum(head.counts.values()) == 120
    assert head.score == status.owners[0].score  # the company's own score


def test_a_small_workspace_keeps_the_whole_table(okr):
    whole = okr("status")
    assert whole.exit_code == 0
    assert "the top of the tree" not in whole.stdout
    assert okr("status", "--all").stdout == whole.stdout


@pytest.mark.parametrize("width", [80, 120])
def test_all_is_the_one_table_written_owner_by_owner(example, width):
    """The streamed lines are those of the one Grid of every row (same plan, same
    breaks), at each width, in both languages."""
    import datetime as dt

    from okrcli import i18n
    from okrcli.render import tables
    from okrcli.services import open_session, read

    for lang in ("en", "zh-CN"):
        i18n.use(lang)
        result = read.status(open_session(example), None, dt.date.fromisoformat(TODAY))
        streamed = [line for group in tables.status_lines(result, width) for line in group]
        whole = tables.status_table(result).lines(width)
        assert [line.plain for line in streamed] == [line.plain for line in whole]
        assert [line.spans for line in streamed] == [line.spans for line in whole]


def test_a_table_drawn_again_is_the_same(example):
    """Rows share the cells they show alike (``status.Made``): drawing never changes a
    cell, so the table drawn once more, at another width and then again, is the same."""
    import datetime as dt

    from okrcli.render import tables
    from okrcli.services import open_session, read

    result = read.status(open_session(example), None, dt.date.fromisoformat(TODAY),
                         since=dt.date.fromisoformat(TODAY) - dt.timedelta(days=14))
    grid = tables.status_table(result)
    first = [(line.plain, line.spans) for line in grid.lines(120)]
    narrow = [(line.plain, line.spans) for line in grid.lines(50)]
    assert first != narrow
    assert [(line.plain, line.spans) for line in grid.lines(120)] == first
    assert [(line.plain, line.spans) for line in grid.lines(50)] == narrow


@pytest.mark.parametrize("kept", [0, 3, 4096])
def test_shared_cells_draw_what_cells_of_their_own_draw(example, monkeypatch, kept):
    """The status table with its cells shared (``status.Made``, however many it keeps) is
    the one with every cell made for its row, in every layout."""
    import datetime as dt

    from okrcli.render import status, tables
    from okrcli.services import open_session, read

    class Own(status.Made):
        def cell(self, key, make, *args):
            return make(*args)

    result = read.status(open_session(example), None, dt.date.fromisoformat(TODAY),
                         since=dt.date.fromisoformat(TODAY) - dt.timedelta(days=14))

    def drawn(made):
        monkeypatch.setattr(status, "Made", made)
        return [[(line.plain, line.spans) for line in tables.status_table(result).lines(w)]
                for w in (30, 60, 80, 120)]

    monkeypatch.setattr(status.Made, "KEPT", kept)
    shared = drawn(status.Made)
    assert shared == drawn(Own)


def test_all_with_colours_writes_what_rich_would(example):
    """On a colour terminal the lines go through Rich; they read as the plain ones."""
    import datetime as dt

    from okrcli.cli.read import write_lines
    from okrcli.render import tables
    from okrcli.services import open_session, read

    result = read.status(open_session(example), None, dt.date.fromisoformat(TODAY))
    outs = []
    for colour in ("standard", None):
        file = io.StringIO()
        console = Console(file=file, width=100, force_terminal=colour is not None,
                          color_system=colour, record=True, highlight=False)
        for group in tables.status_lines(result, 100):
            write_lines(console, group)
        outs.append((file.getvalue(), console.export_text(styles=False)))
    (coloured, read_as), (plain, _nothing) = outs
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert read_as == plain


def test_all_at_80_columns(company):
    result = Okr(company)("status", "--all", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    golden("output/all-80.txt", result.stdout)
    assert result.stdout.count("p00") >= 56  # every person


def test_all_is_for_everyone(company):
    result = Okr(company)("status", "--all", "team001")
    assert result.exit_code == 2
    assert "--all shows every owner: leave out the owners" in result.stderr


def test_people_is_for_the_markdown_review(okr):
    for extra in (["--format", "json"], ["--format", "html"], ["--retro"]):
        result = okr("report", "--people", *extra)
        assert result.exit_code == 2, extra
        assert "--people is for the Markdown weekly review" in result.stderr
        assert result.stdout == ""


def test_json_keeps_everyone(company):
    result = Okr(company)("status", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["owners"]) == OWNERS


def test_one_owner_is_shown_whole(company):
    result = Okr(company)("status", "p0001")
    assert result.exit_code == 0
    assert "the top of the tree" not in result.stdout and "p0001/o1/k1" in result.stdout


def test_the_review_stays_bounded_and_says_how_many_more(large):
    okr = Okr(large)
    review = okr("report")
    assert review.exit_code == 0, review.stderr
    size = len(review.stdout.encode())
    assert size < 200_000, size
    text = review.stdout
    attention = 300 * 2 * 2  # every key result is stale
    assert f"… and {attention - 50} more: `okr report --people` shows every one." in text
    assert "## Company and departments" in text and "## Owners" not in text
    assert text.count("| p0") <= 50  # people appear only in the capped lists
    every = okr("report", "--people").stdout
    assert "more: `okr report --people`" not in every and "## Owners" in every
    assert len(every.encode()) > 2 * size


def test_the_review_of_the_example_is_unchanged_by_the_bound(okr):
    assert okr("report").stdout == okr("report", "--people").stdout


def test_tree_finds_each_owners_objectives_by_index(company, monkeypatch):
    """Every owner's objectives come from one index: the evaluated objectives are walked
    a fixed number of times, not once per owner (60 here)."""
    import datetime as dt

    from okrcli import scoring
    from okrcli.services import open_session, read

    walks = []

    class Counted(dict):
        def values(self):
            walks.append("values")
            return super().values()

        def items(self):
            walks.append("items")
            return super().items()

        def __iter__(self):
            walks.append("iter")
            return super().__iter__()

    evaluate = scoring.evaluate_objectives
    monkeypatch.setattr(scoring, "evaluate_objectives",
                        lambda *a, **k: Counted(evaluate(*a, **k)))
    result = read.tree(open_session(company), None, dt.date.fromisoformat(TODAY))
    assert len(result.owners) == OWNERS
    assert len(walks) <= 6, walks


def test_an_unknown_owner_names_a_few_known_ones_not_the_whole_company(company):
    result = Okr(company)("status", "zzzz-nobody")
    assert result.exit_code != 0
    known = result.stderr.split("known: ", 1)[1]
    assert known.count(",") == 12 and "…" in known  # 12 names, then the ellipsis
