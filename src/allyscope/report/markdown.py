"""The country brief as Markdown with PNG charts in a folder next to it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..safe import markdown, markdown_link
from .brief import Brief, comparison_table, coverage_table, events_heading, reports_note, text
from .charts import write_pngs

CHART_TITLES = {
    "shares": "Partner shares over time",
    "hhi": "Concentration (HHI) over time",
    "compare": "Concentration beside the compared country",
    "timeline": "Events by type and modality",
    "arrangements": "Standing arrangements per partner",
    "money": "Military aid by donor",
    "network": "Partner network",
}


def marked(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence with actors in bold and the trigger in italics, its own text escaped."""
    parts, at = [], 0
    for start, end, role in spans:
        wrap = "**" if role == "actor" else "_"
        parts += [markdown(sentence[at:start]), f"{wrap}{markdown(sentence[start:end])}{wrap}"]
        at = end
    parts.append(markdown(sentence[at:]))
    return "".join(parts)


def render_markdown(brief: Brief, out: Path | None) -> str:
    """The brief as Markdown; its charts are written as PNGs to `<out stem>_files/`. Every text
    that comes from an article is escaped (safe.markdown): the Markdown holds no raw HTML.

    Args:
        brief: the brief.
        out: where the Markdown file will be written (the PNG folder sits next to it); None for
            a brief without charts.
    Returns:
        Markdown text with relative links to the PNGs.
    """
    folder = out.with_name(f"{out.stem}_files") if out is not None else None
    pngs = write_pngs(brief, folder) if folder is not None else {}
    country = markdown(brief.dependence.name)
    lines = [f"# {country}: security partners", "", f"> {markdown(brief.dependence.verdict['text'])}", ""]
    for name, path in pngs.items():
        lines += [f"## {CHART_TITLES[name]}", "", f"![{CHART_TITLES[name]}]({folder.name}/{path.name})", ""]
    if brief.compared is not None:
        a, b = brief.dependence.country, brief.compared.country
        lines += [
            f"## Compared with {markdown(brief.compared.name)}",
            "",
            f"> {markdown(brief.compared.verdict['text'])}",
            "",
            f"| period | HHI {a} | top partner of {a} | HHI {b} | top partner of {b} |",
            "|---|---|---|---|---|",
        ]
        for r in comparison_table(brief).itertuples():
            lines.append(
                f"| {r.period} | {r.hhi_a} | {markdown(r.top_a)} | {r.hhi_b} | {markdown(r.top_b)} |"
            )
        lines.append("")
    arrangements = brief.dependence.arrangements
    if not arrangements.empty:
        lines += [
            "## Standing arrangements",
            "",
            "| partner | kind | place | from | to | weight |",
            "|---|---|---|---|---|---|",
        ]
        for r in arrangements.itertuples():
            partner = markdown(text(r.partner_name) or r.partner)
            lines.append(
                f"| {partner} | {r.kind} | {markdown(text(r.place))} | {r.start} | {text(r.end) or 'in force'} | {r.weight:g} |"
            )
        lines.append("")
    lines += [
        "## Coverage and activity",
        "",
        "| partner | events | reports | reports per event |",
        "|---|---|---|---|",
    ]
    for r in coverage_table(brief).itertuples():
        lines.append(f"| {markdown(str(r.partner_name))} | {r.events} | {r.mentions} | {r.per_event:.1f} |")
    lines += [
        "",
        f"## {events_heading(brief)}",
        "",
        "| date | type | modality | source → target | evidence | cited | document | reports |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in brief.events.itertuples():
        cited = ", ".join(str(x).rstrip(".") for x in (e.cited_outlet, e.cited_date) if isinstance(x, str))
        doc = markdown_link(text(e.doc_title) or e.doc_id, text(e.url))
        amount = f" (${e.amount_usd:,.0f})" if pd.notna(e.amount_usd) else ""
        parties = f"{markdown(text(e.source_code) or '?')} → {markdown(text(e.target_code) or '?')}"
        lines.append(
            f"| {text(e.date)} | {e.type}{amount} | {e.modality} "
            f"| {parties} | {marked(e.sentence, e.spans)} | {markdown(cited)} | {doc} | {markdown(reports_note(e))} |"
        )
    return "\n".join(lines) + "\n"
