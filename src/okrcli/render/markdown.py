"""Markdown for pull requests, wikis and meeting notes. User text is shown, never
rendered: ``inline`` escapes what CommonMark and GitHub's renderer would act on (the
tests render it with cmark-gfm, GitHub's own)."""

from __future__ import annotations

import re

from okrcli.render import day, pct, score, value_text
from okrcli.render.escape import LINE_BREAKS, shown
from okrcli.results import StatusResult

_SPACES = str.maketrans(dict.fromkeys(LINE_BREAKS, " "))
# Mid-line, these are all that Markdown acts on: \ escapes, ` code, * _ ~ emphasis,
# [ ] ! links and images, < > & HTML, autolinks and entities, | table cells, # a
# heading's closing sequence, $ GitHub's math, : the scheme of a bare URL. User text never
# starts a line, so the line-start markers (> - + = 1.) need nothing.
_PUNCTUATION = re.compile(r"([\\`*_~\[\]!<>&|#$:])")
_WWW = re.compile(r"(?<=[wW]{3})\.")  # www.example.com: a link in GitHub's renderer
# Anything inline() changes; most titles hold none of it.
_SPECIAL = re.compile("[\\\\`*_~\\[\\]!<>&|#$:.@\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                      "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def inline(text: str) -> str:
    """User text inside a line of Markdown (a heading, a list item, a table cell): one
    line, every control character visible, every Markdown character escaped. A zero-width
    space after ``@`` keeps an address from being linked and a name from being mentioned
    (a backslash cannot: GitHub links addresses after parsing)."""
    if _SPECIAL.search(text) is None:
        return text
    text = _PUNCTUATION.sub(r"\\\1", shown(text.translate(_SPACES)))
    return _WWW.sub(r"\\.", text).replace("@", "@\u200b")


def code(text: str) -> str:
    """A reference in a code span, where nothing is interpreted; as ``inline`` text when a
    backtick, a pipe or a line break would end the span or the table cell."""
    if not text or re.search(r"[`|\s]", text):
        return inline(text)
    return f"`{shown(text)}`"


def status(result: StatusResult) -> str:
    out = [f"# OKR status · {inline(result.cycle.id)} · {result.today}", ""]
    for owner in result.owners:
        out.append(f"## {inline(owner.name)} — score {score(owner.score)}")
        out.append("")
        for state in owner.objectives:
            committed = " *(committed)*" if state.objective.committed else ""
            out.append(f"### {inline(state.objective.title)}{committed}")
            out.append("")
            out.append(f"{code(state.ref)} · score {score(state.score)} · "
                       f"{state.status.label}"
                       + (f" · aligns to {code(state.objective.aligns_to)}"
                          if state.objective.aligns_to else ""))
            out.append("")
            if not state.key_results:
                out.append("_No key results of its own._")
                out.append("")
                continue
            out.append("| Key result | Value | Score | Expected | Status | Confidence | Last |")
            out.append("|---|---|---:|---:|---|---:|---|")
            for kr, st in state.key_results:
                label = "dropped" if st.dropped else st.status.label + (
                    " · stale" if st.stale else "")
                out.append(
                    f"| {inline(kr.title)} | {inline(value_text(kr, st))} | {pct(st.score)} | "
                    f"{pct(st.expected)} | {label} | "
                    f"{pct(st.confidence)} | "
                    f"{day(st.last_checkin)} |"
                )
            out.append("")
    return "\n".join(out).rstrip() + "\n"
