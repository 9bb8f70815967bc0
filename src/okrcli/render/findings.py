"""Formatters for ``okr check``: text, json, github and junit. Pure functions of the
diagnostics; machine formats never pass through Rich. Paths and messages hold user text
(a file name, a quoted value): each format makes it safe for its reader (``escape``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from okrcli.diagnostics import Diagnostic, Severity
from okrcli.i18n import _, ngettext
from okrcli.render.escape import visible
from okrcli.render.machine import dumps

if TYPE_CHECKING:
    from rich.text import Text

EXCERPT = 100  # characters of a source line shown around a finding's column

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _count(severity: Severity, n: int) -> str:
    if severity is Severity.ERROR:
        return ngettext("{n} error", "{n} errors", n).format(n=n)
    if severity is Severity.WARNING:
        return ngettext("{n} warning", "{n} warnings", n).format(n=n)
    return ngettext("{n} info", "{n} infos", n).format(n=n)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """The findings counted by severity: ``3 errors, 1 warning``."""
    if not diagnostics:
        return _("no problems")
    counts = Counter(d.severity for d in diagnostics)
    parts = [_count(s, counts[s]) for s in sorted(counts, key=lambda s: s.rank)]
    # TRANSLATORS: between the items of a list: names, counts, reasons.
    return _(", ").join(parts)


def text(diagnostics: Sequence[Diagnostic],
         sources: Mapping[str, Sequence[str]] | None = None) -> Text:
    """``path:line:col: CODE message [name]``; with ``sources`` (on a terminal), the source
    line follows with a marker under the spot (wide characters counted as two cells)."""
    from rich.cells import cell_len
    from rich.text import Text

    out = Text()
    for d in diagnostics:
        out.append(visible(f"{d.path}:{d.line}:{d.col}: "), style="bold")
        out.append(d.code, style=SEVERITY_STYLE[d.severity])
        out.append(visible(f" {d.message}"))
        out.append(f" [{d.name}]\n", style="dim")
        lines = sources.get(d.path) if sources else None
        if lines and 0 < d.line <= len(lines):
            source = lines[d.line - 1].rstrip("\r\n").expandtabs(1)
            # A window of the line around the spot: a long line (a one-line file) is not
            # repeated whole for each of its findings.
            start = max(0, d.col - 1 - EXCERPT // 2)
            before, after = source[start: d.col - 1], source[d.col - 1: start + EXCERPT]
            lead = "…" if start > 0 else ""
            tail = "…" if start + EXCERPT < len(source) else ""
            gutter = f"{d.line:>5} | "
            out.append(gutter, style="dim")
            out.append(lead + visible(before + after) + tail + "\n")
            out.append(" " * (len(gutter) - 2) + "| ", style="dim")
            # The marker counts the cells of the line as shown, escapes included.
            out.append(" " * cell_len(lead + visible(before)) + "^\n",
                       style=SEVERITY_STYLE[d.severity])
    return out


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The contract of ``okr check --format json``: add fields, never rename."""
    return dumps([d.as_dict() for d in diagnostics])


def _escape_data(value: str) -> str:
    """A workflow command's message: the runner's own escapes (a line break stays one, as
    %0A), then visible (no escape sequence reaches the log, a lone surrogate cannot fail
    the write)."""
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


GITHUB_LIMIT = 10


def github(diagnostics: Sequence[Diagnostic], prefix: str = "") -> str:
    """Workflow annotations: at most 10 errors and 10 warnings (infos are notices and
    count with the warnings), then one notice that counts the rest. ``prefix`` is the
    workspace's folder inside the git repository, so that annotations land on the file."""
    lines: list[str] = []
    shown: Counter[str] = Counter()
    hidden = 0
    for d in diagnostics:
        level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(d.severity,
                                                                         "notice")
        bucket = "error" if level == "error" else "warning"
        if shown[bucket] >= GITHUB_LIMIT:
            hidden += 1
            continue
        shown[bucket] += 1
        props = ",".join([
            f"file={_escape_property(prefix + d.path)}", f"line={d.line}", f"col={d.col}",
            f"title={_escape_property(f'{d.code} {d.name}')}",
        ])
        lines.append(f"::{level} {props}::{_escape_data(d.message)}")
    if hidden:
        lines.append("::notice::" + _escape_data(_(
            "okr check: {hidden} more finding(s) not shown ({summary} in all); run okr "
            "check locally to see them").format(hidden=hidden, summary=summary(diagnostics))))
    return "".join(line + "\n" for line in lines)


def junit(diagnostics: Sequence[Diagnostic], files: Sequence[str] = ()) -> str:
    """A JUnit XML report: one test case per checked file, one failure per finding that
    fails (errors, and warnings under --strict are the caller's choice of list)."""
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Diagnostic]] = {path: [] for path in files}
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)
    failures = sum(1 for found in by_file.values() if found)
    suites = ET.Element("testsuites", name="okr check", tests=str(len(by_file)),
                        failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="okr check", tests=str(len(by_file)),
                          failures=str(failures), errors="0", skipped="0")
    for path in sorted(by_file):
        # visible: XML 1.0 has no way to write a control character or a lone surrogate.
        case = ET.SubElement(suite, "testcase", classname="okr.check", name=visible(path))
        found = by_file[path]
        if found:
            failure = ET.SubElement(case, "failure", type=found[0].code,
                                    message=_("{n} finding(s)").format(n=len(found)))
            failure.text = "\n".join(visible(f"{d} [{d.name}]") for d in found)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        suites, encoding="unicode") + "\n"

