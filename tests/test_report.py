"""okr report: the weekly review (markdown, json) and the public dashboard (html)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import golden, model_of


def test_markdown_golden(okr):
    result = okr("report")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# OKR review · 2026-Q4 · 2026-11-19 → 2026-11-26\n")
    for heading in ("## Summary", "## What moved", "## Needs attention", "## Moved goalposts",
                    "## Due in the next 14 days", "## Owners"):
        assert heading in out
    golden("report.md", out)


def test_json_golden_and_fields(okr):
    result = okr("report", "--format", "json", "--since", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["since"], data["until"]) == ("2026-11-01", "2026-11-26")
    assert set(data) >= {"cycle", "since", "until", "summary", "moved", "attention",
                         "goalposts", "due", "owners"}
    assert set(data["summary"]) >= {"score", "score_before", "change", "counts"}
    goalposts = data["goalposts"]
    assert goalposts == [{
        "ref": "sales/growth/new-customers", "title": "新签约客户达到120家", "owner": "sales",
        "date": "2026-11-05", "field": "target", "old": 150, "new": 120,
        "reason": "华南市场推迟到明年进入,目标相应下调"}]
    moved = {m["owner"]: m for m in data["moved"]}
    followers = [c for c in moved["marketing"]["checkins"]
                 if c["ref"] == "marketing/awareness/followers"]
    assert [(c["date"], c["value"], c["change"]) for c in followers] == [
        ("2026-11-06", 11400, 500), ("2026-11-20", 11800, 400)]
    attention = {a["ref"]: a for a in data["attention"]}
    assert attention["sales/growth/east-share"]["reasons"] == ["off track",
                                                               "confidence dropped"]
    assert "stale" in attention["service/satisfaction/csat"]["reasons"]
    assert [d["ref"] for d in data["due"]] == ["purchasing/suppliers/new-suppliers",
                                                 "wang.qiang/sourcing/site-visits"]
    golden("report.json", result.stdout)


def test_window_options_and_output_file(okr, tmp_path):
    result = okr("report", "--since", "2026-11-26", "--until", "2026-11-20")
    assert result.exit_code == 2 and "is not before" in result.stderr
    target = tmp_path / "notes" / "review.md"
    result = okr("report", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# OKR review")
    early = json.loads(okr("report", "--format", "json", "--as-of", "2026-10-20").stdout)
    assert early["until"] == "2026-10-20" and early["since"] == "2026-10-13"
    moved = [c for m in early["moved"] for c in m["checkins"]]
    assert moved and all("2026-10-13" < c["date"] <= "2026-10-20" for c in moved)


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.svgs = 0
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "svg":
            self.svgs += 1
        for name in ("src", "href"):
            value = attrs.get(name)
            if value and not value.startswith("#"):
                self.urls.append(value)


def dashboard(okr) -> str:
    result = okr("report", "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_html_has_every_objective_and_key_result_with_one_chart_each(okr, example):
    html = dashboard(okr)
    page = Page()
    page.feed(html)
    refs, krs = set(), set()
    for path in (example / "okrs").rglob("*.yaml"):
        doc = model_of(path)
        for o in doc.objectives:
            refs.add(f"obj-{doc.owner}/{o.id}")
            krs |= {f"kr-{doc.owner}/{o.id}/{k.id}" for k in o.key_results}
    assert refs <= page.ids and krs <= page.ids
    charts = re.findall(r'<div class="kr[^"]*" id="kr-[^"]+">.*?</div>\s*'
                        r'(?=<div class="kr|</div>)', html, flags=re.S)
    assert len(charts) == len(krs)
    assert all(chunk.count("<svg") == 1 for chunk in charts)
    assert page.svgs == len(krs)
    assert page.urls == []  # nothing fetched, no external link
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "PingFang SC" in html and "Noto Sans CJK SC" in html  # CJK font fallback
    assert "@media print" in html
    assert html.index('id="review"') < html.index('id="tree"') < html.index('id="objectives"')
    for word in ("提高分销平台的市场知名度", "品牌官网上线", "李娜"):
        assert word in html


def test_html_escapes_user_text(okr):
    okr("objective", "add", "marketing", "<b>[draft]</b> & 目标", "--id", "x",
        "--aligns-to", "company/customers")
    html = dashboard(okr)
    assert "&lt;b&gt;[draft]&lt;/b&gt; &amp; 目标" in html and "<b>[draft]" not in html


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def png_ink(path: Path) -> float:
    """Share of non-white bytes in a PNG's pixel data (0.0 for a blank page)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return sum(1 for b in raw[::7] if b < 0xF0) / max(1, len(raw[::7]))


def test_dashboard_renders_in_a_real_headless_browser(okr, tmp_path):
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (.ci/run does)")
        pytest.skip("chromium is not installed here; .ci/run installs it")
    page = tmp_path / "site" / "index.html"
    assert okr("report", "--format", "html", "-o", str(page)).exit_code == 0
    shot = tmp_path / "shot.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--enable-logging=stderr", "--v=0", "--window-size=1200,1600"]
    result = subprocess.run([browser, *flags, f"--screenshot={shot}", page.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert shot.exists(), result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    assert png_ink(shot) > 0.02  # not blank
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert "提高分销平台的市场知名度" in dom.stdout and "<svg" in dom.stdout


def test_show_chart_reads_the_same_with_and_without_colour(okr):
    plain = okr("show", "marketing/awareness/followers").stdout
    coloured = okr("show", "marketing/awareness/followers",
                   env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert stripped == plain
    assert "██" in plain and "··" in plain and "100% │" in plain and "expected" in plain


def test_objective_shows_its_key_results_side_by_side(okr):
    out = okr("show", "marketing/awareness").stdout
    rows = [line for line in out.splitlines() if "粉丝" in line or "活动" in line
            or "官网" in line]
    assert len(rows) >= 3
    assert all(re.search(r"[▁▂▃▄▅▆▇█]", row) for row in rows)  # one history per row


def test_review_lists_drops_silence_and_direction(example, okr):
    """The review's data: a drop inside the window, the live key results without a
    check-in in it (by who drives them), and each move's good or bad by direction."""
    import datetime as dt

    from conftest import session
    from okrcli.services import read

    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "换用NPS衡量").exit_code == 0
    assert okr("checkin", "sales/growth/east-share", "14").exit_code == 0
    report = read.report(session(example), None, dt.date(2026, 11, 26))
    assert [(d.ref, str(d.date), d.reason) for d in report.drops] == [
        ("service/satisfaction/csat", "2026-11-26", "换用NPS衡量")]
    silent = {s.ref for s in report.silent}
    assert "service/satisfaction/csat" not in silent  # dropped: out
    assert "sales/growth/east-share" not in silent  # checked in this week
    assert silent and all(s.status.value != "done" for s in report.silent)
    assert [s.owner for s in report.silent] == sorted(s.owner for s in report.silent)
    moves = {(m.ref, m.date.isoformat()): m for ms in report.moved.values() for m in ms}
    assert moves[("sales/growth/east-share", "2026-11-26")].better is True
    assert report.organization
