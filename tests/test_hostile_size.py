"""Bounded output (issue 8): what the commands print grows with the files, not with a
title times its check-ins. ``okr show`` prints the latest check-ins and a count, and a
chart sampled to its width; the review and the dashboard cut titles on their rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Okr
from okrcli.results import Report

CHECKINS = 1000
CONFIG = """cycles:
  - id: 2026-Q4
    start: 2026-10-01
    end: 2026-12-31
teams:
  - id: company
"""


def many_checkins(title: str) -> str:
    """An OKR file with one key result of CHECKINS check-ins over the week before today,
    so that every one of them is in the week's review."""
    start = dt.date(2026, 11, 20)
    checkins = "".join(f"          - date: {start + dt.timedelta(days=i * 7 // CHECKINS)}\n"
                       f"            value: {i % 100}\n" for i in range(CHECKINS))
    return f"""owner: company
cycle: 2026-Q4
objectives:
  - id: big
    title: 把事情做好
    key_results:
      - id: kr
        title: "{title}"
        start: 0
        target: 100
        unit: 家
        checkins:
""" + checkins


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Okr, Path]:
    root = tmp_path_factory.mktemp("big") / "ws"
    (root / "okrs").mkdir(parents=True)
    (root / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    # 500 characters: the longest title the check passes; the renderers' own bound is
    # tested below with 2,000.
    path = root / "okrs" / "company.yaml"
    path.write_text(many_checkins("长" * 250 + "x" * 250), encoding="utf-8")
    return Okr(root), path


def test_the_file_is_what_the_test_needs(big):
    okr, _ = big
    result = okr("check")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_show_prints_the_latest_checkins_and_a_count(big):
    okr, _ = big
    result = okr("show", "company/big/kr")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "980 earlier check-ins not shown (--all shows them)" in out
    rows = [line for line in out.splitlines() if line.strip().startswith("2026-11-")]
    assert len(rows) == 20
    assert rows[-1].split()[:2] == ["2026-11-26", "99"]  # the latest, last
    every = okr("show", "company/big/kr", "--all").stdout
    assert "not shown" not in every
    assert len([line for line in every.splitlines()
                if line.strip().startswith("2026-11-")]) == CHECKINS


def test_show_samples_the_chart_to_its_width(big):
    okr, _ = big
    out = okr("show", "company/big/kr").stdout
    chart = out[out.index("100% │"):].splitlines()
    assert all(cell_len(line) <= 6 + 40 for line in chart[:9]), chart[:9]
    assert chart[8] == "  0% └" + "──" * 20
    assert "(1000 check-ins, 20 shown)" in chart[9]


def test_the_sample_keeps_the_first_and_the_last():
    from okrcli.render.tables import sample

    items = list(range(1000))
    picked = sample(items, 20)
    assert len(picked) == 20 and picked[0] == 0 and picked[-1] == 999
    assert picked == sorted(set(picked))
    assert sample(items[:5], 20) == items[:5] and sample(items, 1) == [999]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_review_and_dashboard_grow_with_the_file(big, fmt):
    """A row costs at most about 500 bytes (an 80-character title of CJK text, its ref,
    the numbers, the markup); a check-in at least about 50 bytes of YAML. Rows with the
    whole 500-character title would cost three times as much."""
    okr, path = big
    # The markdown shows every check-in with --people (without it, the first 50: issue 13)
    result = okr("report", "--format", fmt, *(["--people"] if fmt == "markdown" else []))
    assert result.exit_code == 0, result.stderr
    size, file_size = len(result.stdout.encode()), path.stat().st_size
    assert result.stdout.count("长" * 40) >= CHECKINS  # every check-in has its row
    assert size <= 12 * file_size, (size, file_size)


def test_a_title_is_cut_on_every_row_and_whole_once_on_the_dashboard(big):
    okr, _ = big
    title = "长" * 250 + "x" * 250
    review = okr("report").stdout
    assert title not in review and "长" * 79 + "…" in review
    dashboard = okr("report", "--format", "html").stdout
    assert dashboard.count(title) == 2  # the key result's card: its heading and its chart


def test_the_renderers_bound_a_2000_character_title():
    """Whatever limit the check sets, the renderers never repeat a long title: making it
    2,000 characters long instead of 100 adds to the review and the dashboard only the
    places where it is shown whole."""
    from okrcli.render import html, review

    short, long = (_report("标" * n) for n in (100, 2000))
    growth = len(("标" * 1900).encode())
    assert sum(len(moves) for moves in long.moved.values()) == CHECKINS
    for render, whole in ((review.markdown, 0), (html.dashboard, 2)):
        text = render(long)
        assert text.count("标" * 2000) == whole
        assert len(text.encode()) - len(render(short).encode()) == whole * growth


def _report(title: str) -> Report:
    """The week's review of one key result with CHECKINS check-ins in the week, built
    without a file: past the check's own limit on titles, which is not what is tested."""
    from okrcli import scoring
    from okrcli.model import Checkin, Config, Cycle, KeyResult, Objective
    from okrcli.results import OwnerStatus, StatusResult
    from okrcli.services import review

    cycle = Cycle(id="2026-Q4", start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
    checkins = [Checkin(date=dt.date(2026, 11, 20) + dt.timedelta(days=i * 7 // CHECKINS),
                        value=i % 100) for i in range(CHECKINS)]
    kr = KeyResult(id="kr", title="t", start=0, target=100, unit="家").model_copy(
        update={"title": title, "checkins": checkins})
    objective = Objective(id="big", title="把事情做好").model_copy(
        update={"key_results": [kr]})

    def status(on: dt.date) -> StatusResult:
        states = scoring.evaluate_objectives([("company", objective)], cycle, on,
                                             scoring.thresholds(Config().settings))
        owner = OwnerStatus("company", "公司", scoring.mean(s.score for s in states.values()),
                            list(states.values()))
        return StatusResult(cycle, on, [owner], [], states, {"company": "公司"})

    until = dt.date(2026, 11, 26)
    since = until - dt.timedelta(days=7)
    return review.build(status(until), status(since), ["company"], since)
