"""The country brief as Markdown with PNG charts in a folder next to it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .brief import Brief, coverage_table, events_heading, reports_note, text
from .charts import write_pngs

CHART_TITLES = {
    "shares": "Partner shares over time",
    "hhi": "Concentration (HHI) over time",
    "timeline": "Events by type and modality",
    "arrangements": "Standing arrangements per partner",
    "money": "Military aid by donor",
    "network": "Partner network",
}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def marked(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence with actors in bold and the trigger in italics."""
    parts, at = [], 0
    for start, end, role in spans:
        wrap = "**" if role == "actor" else "_"
        parts += [sentence[at:start], f"{wrap}{sentence[start:end]}{wrap}"]
        at = end
    parts.append(sentence[at:])
    return cell("".join(parts))


def render_markdown(brief: Brief, out: Path) -> str:
    """The brief as Markdown; its charts are written as PNGs to `<out stem>_files/`.

    Args:
        brief: the brief.
        out: where the Markdown file will be written (the PNG folder sits next to it).
    Returns:
        Markdown text with relative links to the PNGs.
    """
    folder = out.with_name(f"{out.stem}_files")
    pngs = write_pngs(brief, folder)
    lines = [f"# {brief.dependence.name}: security partners", "", f"> {brief.dependence.verdict['text']}", ""]
    for name, path in pngs.items():
        lines += [f"## {CHART_TITLES[name]}", "", f"![{CHART_TITLES[name]}]({folder.name}/{path.name})", ""]
    arrangements = brief.dependence.arrangements
    if not arrangements.empty:
        lines += [
            "## Standing arrangements",
            "",
            "| partner | kind | place | from | to | weight |",
            "|---|---|---|---|---|---|",
        ]
        for r in arrangements.itertuples():
            partner = cell(text(r.partner_name) or r.partner)
            lines.append(
                f"| {partner} | {r.kind} | {cell(text(r.place))} | {r.start} | {text(r.end) or 'in force'} | {r.weight:g} |"
            )
        lines.append("")
    lines += [
        "## Coverage and activity",
        "",
        "| partner | events | reports | reports per event |",
        "|---|---|---|---|",
    ]
    for r in coverage_table(brief).itertuples():
        lines.append(f"| {cell(str(r.partner_name))} | {r.events} | {r.mentions} | {r.per_event:.1f} |")
    lines += [
        "",
        f"## {events_heading(brief)}",
        "",
        "| date | type | modality | source → target | evidence | cited | document | reports |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in brief.events.itertuples():
        cited = ", ".join(str(x).rstrip(".") for x in (e.cited_outlet, e.cited_date) if isinstance(x, str))
        title = cell(text(e.doc_title) or e.doc_id)
        doc = f"[{title}]({e.url})" if text(e.url) else title
        amount = f" (${e.amount_usd:,.0f})" if pd.notna(e.amount_usd) else ""
        lines.append(
            f"| {text(e.date)} | {e.type}{amount} | {e.modality} "
            f"| {text(e.source_code) or '?'} → {text(e.target_code) or '?'} "
            f"| {marked(e.sentence, e.spans)} | {cell(cited)} | {doc} | {cell(reports_note(e))} |"
        )
    return "\n".join(lines) + "\n"
