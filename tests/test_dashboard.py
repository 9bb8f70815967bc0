"""The dashboard (okr report --format html) as a team reads it: on a phone (390 px wide)
and on a laptop (1280 px), in a real headless Chromium, and its structure: the
organisation's name, bars coloured by status, charts in the key result's own units with
the target or line in force on each day, the last value in words, moved targets and drops,
the review's silence and direction, a generated-at line."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from test_report import chromium, png_ink

# --- the page as a tree -------------------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.texts: list[str] = []  # text directly inside, and of every descendant

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self) -> str:
        return "".join(self.texts).strip()

    def all(self, tag: str | None = None, cls: str | None = None) -> Iterator[Node]:
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes):
                yield node
            stack.extend(reversed(node.children))

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = list(self.all(tag, cls))
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    def num(self, name: str) -> float:
        return float(self.attrs[name] or "nan")


class Tree(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.at = Node("#root", {}, None)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag, attrs):
        self.at.children.append(Node(tag, dict(attrs), self.at))

    def handle_endtag(self, tag):
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data):
        node: Node | None = self.at
        while node is not None:
            node.texts.append(data)
            node = node.parent

    def by_id(self, ident: str) -> Node:
        return next(n for n in self.root.all() if n.attrs.get("id") == ident)


def page(okr, *args: str, env: dict[str, str | None] | None = None) -> tuple[str, Tree]:
    result = okr("report", "--format", "html", *args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout, Tree(result.stdout)


def card(tree: Tree, ref: str) -> Node:
    return tree.by_id(f"kr-{ref}")


def chart_of(tree: Tree, ref: str) -> Node:
    return card(tree, ref).one("svg", "chart")


def point(svg: Node, title: str) -> Node:
    return next(c for c in svg.all("circle") if c.one("title").text == title)


# --- structure ----------------------------------------------------------------------------


def test_the_organisation_names_the_page(okr, example):
    _, tree = page(okr)
    assert tree.root.one("head").one("title").text == "星链分销 · OKR · 2026-Q4 · 2026-11-26"
    assert tree.root.one("h1").text == "星链分销 · OKR · 2026-Q4"
    assert tree.root.one("html").attrs["lang"] == "en"  # the page's language: the tool's
    _, tree = page(okr, env={"OKR_LANG": "zh-CN"})
    assert tree.root.one("html").attrs["lang"] == "zh-CN"
    config = example / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("organization: 星链分销\n", ""),
                      encoding="utf-8")
    _, tree = page(okr)
    assert tree.root.one("head").one("title").text == "OKR · 2026-Q4 · 2026-11-26"  # no stray ·
    assert tree.root.one("h1").text == "OKR · 2026-Q4"


def test_bars_are_coloured_by_status(okr):
    html, tree = page(okr)
    seen = set()
    for kr in tree.root.all("div", "kr"):
        if "dropped" in kr.classes:
            continue
        status = next(iter(kr.one("span", "badge").classes - {"badge"}))
        fill = kr.one("span", "fill")
        assert fill.classes == {"fill", status}, (kr.attrs["id"], fill.classes)
        seen.add(status)
    assert seen == {"done", "on_track", "at_risk", "off_track", "pending"}
    for status in seen:  # each its own colour, the one its badge has
        assert re.search(rf"\.badge\.{status}, \.fill\.{status} {{ background: var\(--{status}\)",
                         html)
    # An objective's bar in the tree has its status's colour too; owners have no status.
    tree_bars = {f.attrs["class"] for f in tree.root.one("ul", "tree").all("span", "fill")}
    assert len(tree_bars) > 1 and "fill score" not in tree_bars


def test_a_threshold_chart_plots_its_values_against_its_line(okr):
    _, tree = page(okr)
    svg = chart_of(tree, "engineering/platform/uptime")
    labels = [t.text for t in svg.all("text")]
    assert "≥ 99.5%" in labels and "100%" not in labels and "0%" not in labels
    (line,) = svg.all("line", "tline")
    high, low = point(svg, "2026-10-31: 99.82%"), point(svg, "2026-11-20: 99.71%")
    assert high.num("cy") < low.num("cy") < line.num("y1")  # both above the line: held
    assert high.classes == low.classes == {"pt", "held"}
    # A value under its line is drawn under it, and marked.
    svg = chart_of(tree, "purchasing/suppliers/on-time")
    (line,) = svg.all("line", "tline")
    missed = next(c for c in svg.all("circle") if "miss" in c.classes)
    held = next(c for c in svg.all("circle") if "held" in c.classes)
    assert held.num("cy") < line.num("y1") < missed.num("cy")
    # Only a metric draws the expected line, in its chart and its bar.
    for ref in ("engineering/platform/uptime", "engineering/platform/onboarding"):
        assert not list(chart_of(tree, ref).all("polyline", "exp"))
        assert not [i for i in card(tree, ref).all("i") if i.attrs.get("title") == "expected"]
    assert list(chart_of(tree, "engineering/platform/automation").all("polyline", "exp"))


def test_a_milestone_chart_shows_done_and_not_done(okr):
    _, tree = page(okr)
    svg = chart_of(tree, "marketing/awareness/website")
    points = {c.one("title").text.split(": ")[1]: c for c in svg.all("circle")}
    assert set(points) == {"done", "not done"}
    assert points["done"].num("cy") < points["not done"].num("cy")
    assert "open" in points["not done"].classes
    assert any(t.text.startswith("due ") for t in svg.all("text"))


def test_a_moved_target_is_a_step_and_the_card_lists_the_change(okr):
    _, tree = page(okr)
    ref = "sales/growth/new-customers"
    svg = chart_of(tree, ref)
    old, new = svg.all("line", "tline")
    (jump,) = svg.all("line", "jump")
    assert [t.text for t in svg.all("text", "tlabel")] == ["target 150 家", "target 120 家"]
    assert old.num("x2") == new.num("x1") == jump.num("x1")  # the step, on 2026-11-05
    assert old.one("title").text.startswith("2026-10-01 → 2026-11-05")
    # Every check-in in the units of the target lines: none rescaled by the later target.
    y150, y120 = old.num("y1"), new.num("y1")
    for value in (18, 41, 60):
        (dot,) = [c for c in svg.all("circle") if c.one("title").text.endswith(f": {value} 家")]
        assert dot.num("cy") == pytest.approx(y150 + (value - 150) * (y120 - y150) / -30, abs=0.5)
    changes = card(tree, ref).one("ul", "changes")
    assert changes.text == "2026-11-05 target 150 → 120: 华南市场推迟到明年进入,目标相应下调"


def test_a_moved_line_judges_each_value_by_the_line_of_its_day(okr):
    assert okr("kr", "edit", "engineering/platform/uptime", "--above", "99.75",
               "--reason", "SLA 提高").exit_code == 0
    _, tree = page(okr)
    svg = chart_of(tree, "engineering/platform/uptime")
    old, new = svg.all("line", "tline")
    assert [t.text for t in svg.all("text", "tlabel")] == ["≥ 99.5%", "≥ 99.75%"]
    assert new.num("y1") < old.num("y1")
    # 99.71 on 2026-11-20 held the line of that day (99.5), under today's (99.75).
    dot = point(svg, "2026-11-20: 99.71%")
    assert dot.classes == {"pt", "held"} and new.num("y1") < dot.num("cy") < old.num("y1")
    assert "2026-11-26 above 99.5 → 99.75: SLA 提高" in card(
        tree, "engineering/platform/uptime").text


def test_a_dropped_key_result_is_visibly_out(okr):
    html, tree = page(okr)
    out = card(tree, "sales/growth/southwest-agents")
    assert {"kr", "dropped"} <= out.classes
    assert re.search(r"\.kr\.dropped \{ opacity: \.\d+;", html)
    assert out.one("p", "drop").text == "dropped 2026-11-05: 市场变化,资源集中到华东 · not scored"
    assert not list(out.all("span", "bar"))  # no bar that looks live
    assert out.one("span", "badge").text == "dropped"
    assert "dropped" not in card(tree, "sales/growth/east-share").classes


def test_the_weeks_drops_are_listed_with_date_owner_and_reason(okr):
    _, tree = page(okr)
    assert "No key result was dropped" in tree.by_id("drops").parent.text
    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "换用NPS衡量").exit_code == 0
    _, tree = page(okr)
    (item,) = tree.root.one("ul", "drops").all("li")
    assert item.text == ("2026-11-26 客户满意度评分保持在90分以上 service/satisfaction/csat — "
                         "客服部: 换用NPS衡量")
    assert "dropped" in card(tree, "service/satisfaction/csat").classes


def test_each_chart_says_its_last_value(okr):
    _, tree = page(okr)
    lasts = {kr.attrs["id"]: kr.one("p", "last").text for kr in tree.root.all("div", "kr")}
    assert lasts["kr-marketing/awareness/followers"] == "latest: 11800 粉丝 · 2026-11-20"
    assert lasts["kr-engineering/platform/uptime"] == "latest: 99.71 % · 2026-11-20"
    assert lasts["kr-marketing/awareness/website"] == "latest: done · 2026-11-02"
    assert lasts["kr-engineering/platform/onboarding"] == "latest: no check-in yet"


def test_generated_at_is_pinned_under_okr_today_else_the_clock(okr):
    _, tree = page(okr)
    assert tree.root.one("p", "generated").text == "generated at 2026-11-26 00:00 UTC"
    before = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    _, tree = page(okr, "--until", "2026-11-26", env={"OKR_TODAY": None})
    text = tree.root.one("p", "generated").text
    found = re.fullmatch(r"generated at (\d{4}-\d\d-\d\d \d\d:\d\d) UTC([+-]\d\d:\d\d)?", text)
    assert found, text
    offset = found.group(2) or "+00:00"
    made = dt.datetime.fromisoformat(f"{found.group(1)}{offset}")
    assert before <= made <= dt.datetime.now().astimezone()


def test_generated_names_its_offset():
    from okrcli.render.html import generated

    china = dt.timezone(dt.timedelta(hours=8))
    assert generated(dt.datetime(2026, 11, 26, 9, 30, tzinfo=china)) == \
        "2026-11-26 09:30 UTC+08:00"
    assert generated(dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)) == "2026-11-26 09:30 UTC"
    west = dt.timezone(-dt.timedelta(hours=3, minutes=30))
    assert generated(dt.datetime(2026, 11, 26, 9, 30, tzinfo=west)) == \
        "2026-11-26 09:30 UTC-03:30"


def test_moves_are_marked_by_direction_not_by_sign(okr):
    _, tree = page(okr)
    rows = {r.one("td", "t").one("span", "ref").text: r
            for r in tree.root.one("table", "moves").all("tr") if list(r.all("td"))}
    change = {ref: list(row.all("td"))[4] for ref, row in rows.items()}
    worse = change["engineering/platform/uptime"]  # 99.82 → 99.71 under a line to stay above
    assert worse.text == "▼ -0.11" and worse.one("span").classes == {"worse"}
    better = change["company/operations/order-time"]  # 39 → 35 hours, lower is better
    assert better.text == "▲ -4" and better.one("span").classes == {"better"}
    up = change["marketing/awareness/followers"]
    assert up.text == "▲ +400" and up.one("span").classes == {"better"}
    ref = "engineering/platform/onboarding"
    assert okr("checkin", ref, "not-done", "--date", "2026-11-20").exit_code == 0
    assert okr("checkin", ref, "done").exit_code == 0
    _, tree = page(okr)
    cells = [list(r.all("td"))[4].text for r in tree.root.one("table", "moves").all("tr")
             if ref in r.text]
    assert cells == ["—", "▲ done"]  # a first "not done" is no move; then done is good news


def test_silent_key_results_are_listed_by_owner_name(okr):
    _, tree = page(okr)
    items = list(tree.root.one("ul", "silent").all("li"))
    owners = [li.one("b").text for li in items]
    assert owners == ["市场部", "客服部", "技术部"]  # in okr.yaml's order, by name
    assert items[2].text == ("技术部: 供应商自助入驻系统上线 engineering/platform/onboarding "
                             "(never checked in)")
    assert "marketing/awareness/events (last 2026-11-15)" in items[0].text


def test_scores_are_percentages_and_the_roll_up_is_explained(okr):
    _, tree = page(okr)
    score = next(c for c in tree.root.all("div", "card") if c.text.startswith("Company score"))
    assert score.one("b").text == "48%" and "+17 pts since 2026-11-19" in score.text
    head = next(tree.by_id("obj-company/customers").all("div")).text
    assert "roll-up 42%: mean of the 3 objectives aligned to it" in head
    assert not re.search(r"\b[01]\.\d\d\b", head)
    for bar in tree.root.all("span", "bar"):
        assert re.fullmatch(r"\d+%|—", bar.attrs["aria-label"] or "")


def test_owners_are_named_everywhere(okr):
    _, tree = page(okr)
    who = {td.text for td in tree.root.all("td", "who")}
    assert {"李娜", "王强", "技术部", "公司"} <= who
    assert not who & {"li.na", "wang.qiang", "engineering", "company"}
    # A key result driven by someone else than its file's owner: named on its card.
    assert " · 李娜 · " in card(tree, "marketing/awareness/followers").one("div", "muted").text


# --- in a real browser --------------------------------------------------------------------


def browser_or_fail() -> str:
    """Chromium, as the screenshot test of test_report finds it: CI must have it (a missing
    browser fails there); elsewhere the test is skipped, saying why."""
    found = chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (.ci/run does)")
        pytest.skip("chromium is not installed here; .ci/run installs it")
    return found


class DevTools:
    """Chromium driven through its DevTools protocol on a pipe (fds 3 and 4, JSON messages
    ending in NUL): the standard library only. ``--window-size`` cannot make a window
    narrower than 500 px in headless mode, and ``--dump-dom`` cannot say how wide the page
    is; device-metrics emulation lays the page out at exactly 390 px, as a phone does."""

    def __init__(self, exe: str, profile: Path) -> None:
        commands_in, commands_out = os.pipe()
        replies_in, replies_out = os.pipe()
        # Above fd 10, so that placing them at 3 and 4 in the child clobbers neither.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_in, replies_out)]
        os.close(commands_in)
        os.close(replies_out)

        def place() -> None:
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=place, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in ends:
            os.close(fd)
        self.out, self.inp = commands_out, replies_in
        self.buffer = b""
        self.last = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError):  # it may close first
            self.send("Browser.close", session=False)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)
        os.close(self.out)
        os.close(self.inp)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.inp], [], [], left)[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.inp, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed its pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        data: dict[str, Any] = json.loads(message)
        return data

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: bool = True, timeout: float = 60) -> dict[str, Any]:
        self.last += 1
        message: dict[str, Any] = {"id": self.last, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.last:
                assert "error" not in reply, (method, reply["error"])
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read(deadline))

    def open(self, url: str, width: int, height: int, mobile: bool) -> None:
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        target = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {
            "targetId": target["targetId"], "flatten": True}, session=False)["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """``expression`` in the page through the protocol (the page itself has none)."""
        reply = self.send("Runtime.evaluate", {"expression": expression,
                                               "returnByValue": True})
        assert "exceptionDetails" not in reply, reply
        return reply["result"]["value"]

    def screenshot(self, path: Path) -> None:
        shot = self.send("Page.captureScreenshot", {"format": "png",
                                                    "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(shot["data"]))

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]

    def complaints(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("method") in (
            "Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")]


MEASURE = """(() => {
  const lines = (selector) => Math.max(...[...document.querySelectorAll(selector)].map(e => {
    const r = document.createRange(); r.selectNodeContents(e);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }));
  return JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth,
    bodyWidth: document.body.scrollWidth,
    cardLefts: [...new Set([...document.querySelectorAll('.kr')]
      .map(e => Math.round(e.getBoundingClientRect().left)))],
    nameLines: lines('td.who'),
    dateLines: lines('.nb, td.d'),
  });
})()"""


@pytest.fixture
def browse(tmp_path: Path) -> Iterator[Callable[[Path, int, bool], DevTools]]:
    exe = browser_or_fail()
    opened: list[DevTools] = []

    def go(html: Path, width: int, mobile: bool) -> DevTools:
        tools = DevTools(exe, tmp_path / f"profile-{len(opened)}")
        opened.append(tools)
        tools.open(html.as_uri(), width, 900, mobile)
        return tools

    yield go
    for tools in opened:
        tools.close()


@pytest.mark.parametrize(("width", "mobile"), [(390, True), (1280, False)],
                         ids=["phone-390", "laptop-1280"])
def test_the_dashboard_fits_its_screen_in_a_real_browser(okr, tmp_path, browse, width, mobile):
    """No sideways scrolling at either width; one key-result card per row on a phone and
    several on a laptop; no owner's name or date broken over lines; nothing fetched; not
    blank."""
    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "换用NPS衡量").exit_code == 0
    html = tmp_path / "site" / "index.html"
    assert okr("report", "--format", "html", "-o", str(html)).exit_code == 0
    tools = browse(html, width, mobile)
    seen = json.loads(tools.evaluate(MEASURE))
    assert seen["scrollWidth"] <= width and seen["bodyWidth"] <= width, seen
    assert tools.evaluate("window.innerWidth") == width  # not zoomed out to fit
    if width < 640:
        assert len(seen["cardLefts"]) == 1, seen  # one card per row
    else:
        assert len(seen["cardLefts"]) >= 3, seen  # side by side, as before
    assert seen["nameLines"] == 1, seen  # a name on one line, never a letter a line
    assert seen["dateLines"] == 1, seen  # a date never broken at its hyphens
    shot = tmp_path / f"shot-{width}.png"
    tools.screenshot(shot)
    assert png_ink(shot) > 0.02  # not blank
    assert tools.requests() == [html.as_uri()]  # nothing fetched
    assert tools.complaints() == []


def test_the_browser_measure_sees_a_page_too_wide_for_a_phone(tmp_path, browse):
    """The measure above is not vacuous: a page 800 px wide is wider than the phone."""
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><html><head><meta name="viewport" '
                    'content="width=device-width, initial-scale=1"></head><body>'
                    '<table><tr><td style="min-width:800px">x</td></tr></table></body></html>',
                    encoding="utf-8")
    tools = browse(wide, 390, True)
    assert json.loads(tools.evaluate(MEASURE))["scrollWidth"] > 390


@pytest.mark.parametrize(("width", "mobile"), [(390, True), (1280, False)],
                         ids=["phone-390", "laptop-1280"])
def test_the_retro_page_fits_its_screen_in_a_real_browser(okr, tmp_path, browse, width,
                                                           mobile):
    """The 复盘 of the example's closed 2026-Q3, in Chinese, with its chart of grades across
    cycles: no sideways scrolling, the chart drawn within the screen, nothing fetched, not
    blank."""
    html = tmp_path / "retro.html"
    done = okr("report", "--retro", "--format", "html", "-o", str(html),
               env={"OKR_LANG": "zh-CN"})
    assert done.exit_code == 0, done.stderr
    assert "复盘" in html.read_text(encoding="utf-8")
    tools = browse(html, width, mobile)
    seen = json.loads(tools.evaluate(MEASURE))
    assert seen["scrollWidth"] <= width and seen["bodyWidth"] <= width, seen
    chart = json.loads(tools.evaluate(
        "JSON.stringify((() => { const r = document.querySelector('#history + div svg')"
        ".getBoundingClientRect(); return {left: r.left, right: r.right, height: r.height};"
        "})())"))
    assert chart["left"] >= 0 and chart["right"] <= width and chart["height"] > 50, chart
    shot = tmp_path / f"retro-{width}.png"
    tools.screenshot(shot)
    assert png_ink(shot) > 0.02
    assert tools.requests() == [html.as_uri()]
    assert tools.complaints() == []
