"""Markdown for pull requests, wikis and meeting notes."""

from __future__ import annotations

from okrcli.render import day, pct, score, value_text
from okrcli.results import StatusResult


def cell(text: str) -> str:
    """User text inside a table cell: pipes and line breaks would break the table."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def status(result: StatusResult) -> str:
    out = [f"# OKR status · {result.cycle.id} · {result.today}", ""]
    for owner in result.owners:
        out.append(f"## {cell(owner.name)} — score {score(owner.score)}")
        out.append("")
        for state in owner.objectives:
            committed = " *(committed)*" if state.objective.committed else ""
            out.append(f"### {cell(state.objective.title)}{committed}")
            out.append("")
            out.append(f"`{state.ref}` · score {score(state.score)} · "
                       f"{state.status.label}"
                       + (f" · aligns to `{state.objective.aligns_to}`"
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
                    f"| {cell(kr.title)} | {cell(value_text(kr, st))} | {pct(st.score)} | "
                    f"{pct(st.expected)} | {label} | "
                    f"{pct(st.confidence)} | "
                    f"{day(st.last_checkin)} |"
                )
            out.append("")
    return "\n".join(out).rstrip() + "\n"

