"""The country brief as one self-contained HTML file: static SVG charts inline, nothing is fetched.
Every number traces to its events: a partner's share links to the events behind it, and the
verdict has footnotes to its evidence."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..analysis.partners import UNDATED, rank
from ..safe import html_text as escape
from ..safe import link
from .brief import Brief, comparison_table, coverage_table, events_heading, reports_note, text
from .charts import CHARTS, svg_charts

TOP_PARTNERS = 5  # partners per period in the brief's table

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; color: #1d232b; margin: 0; background: #f5f6f8; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { margin: 0 0 4px; font-size: 28px; }
.sub { color: #5b6573; margin: 0 0 20px; }
.verdict { font-size: 18px; line-height: 1.5; border-left: 5px solid #1f4e79; background: #eef3f8;
  padding: 12px 18px; margin: 0 0 20px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
.card { flex: 1 1 150px; border: 1px solid #dde2e8; border-radius: 6px; padding: 10px 14px; }
.card b { display: block; font-size: 22px; }
.card span { color: #5b6573; font-size: 13px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 24px; }
.wide { grid-column: 1 / -1; }
h2 { font-size: 20px; margin: 28px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e4e8ee; }
th { background: #f0f2f5; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; }
mark.actor { background: #d6e6f5; padding: 0 2px; border-radius: 2px; }
mark.trigger { background: #fde2b8; padding: 0 2px; border-radius: 2px; font-weight: bold; }
.mod-realized { color: #1f4e79; } .mod-planned { color: #b8651b; }
.mod-hypothetical { color: #7b7b7b; } .mod-negated { color: #c0504d; }
.note { color: #5b6573; font-size: 13px; }
.chart svg { width: 100%; height: auto; }
tr:target { background: #fff6d5; }
sup a, td a { color: #1f4e79; }
"""

# no script runs (the charts are inline SVG); only the inline styles apply; nothing is fetched,
# posted or framed
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none';"
    " form-action 'none'"
)


def highlighted(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence as HTML with its actors and trigger marked."""
    parts, at = [], 0
    for start, end, role in spans:
        parts += [escape(sentence[at:start]), f'<mark class="{role}">{escape(sentence[start:end])}</mark>']
        at = end
    parts.append(escape(sentence[at:]))
    return "".join(parts)


def cards(brief: Brief) -> str:
    v = brief.dependence.verdict
    aid = brief.dependence.portfolio["aid_usd"].sum()
    items = [
        (v["top_partner"] or "none", f"top patron ({v['period']})"),
        (f"{v['top_share']:.0%}" if pd.notna(v["top_share"]) else "-", "its share"),
        (f"{v['hhi']:.2f}" if pd.notna(v["hhi"]) else "-", "HHI"),
        (
            f"{v['effective_partners']:.1f}" if pd.notna(v["effective_partners"]) else "-",
            "effective partners",
        ),
        (f"{brief.n_events:,}", "events on record"),
        (f"${aid / 1e6:,.1f}M" if aid else "-", "military aid received"),
    ]
    return "".join(
        f'<div class="card"><b>{escape(str(a))}</b><span>{escape(b)}</span></div>' for a, b in items
    )


def event_rows(brief: Brief) -> str:
    rows = []
    for e in brief.events.itertuples():
        cited = ", ".join(str(x).rstrip(".") for x in (e.cited_outlet, e.cited_date) if isinstance(x, str))
        title = escape(text(e.doc_title) or text(e.doc_path) or e.doc_id)
        url = link(e.url)
        if url:
            doc = f'<a href="{escape(url)}" rel="noopener noreferrer">{title}</a>'
        else:  # a file, or a URL that is no http(s) link (`javascript:`), is shown as text
            doc = title + (f'<br><span class="note">{escape(e.url)}</span>' if text(e.url) else "")
        publisher = f"<br>{escape(e.doc_publisher)}" if isinstance(e.doc_publisher, str) else ""
        amount = f"${e.amount_usd:,.0f}" if pd.notna(e.amount_usd) else ""
        rows.append(
            f'<tr id="e-{escape(e.event_id)}"><td>{escape(text(e.date))}</td><td>{escape(e.type)}</td>'
            f'<td class="mod-{e.modality}">{escape(e.modality)}</td>'
            f"<td>{escape(text(e.source_code) or '?')} &rarr; {escape(text(e.target_code) or '?')}</td>"
            f"<td>{highlighted(e.sentence, e.spans)}</td><td class='num'>{amount}</td>"
            f"<td>{escape(cited)}</td><td>{doc}{publisher}</td><td>{escape(reports_note(e))}</td></tr>"
        )
    return "\n".join(rows)


def coverage_rows(brief: Brief) -> str:
    """Per partner: events, their reports, and reports per event."""
    return "\n".join(
        f"<tr><td>{escape(str(r.partner_name))}</td><td class='num'>{r.events}</td>"
        f"<td class='num'>{r.mentions}</td><td class='num'>{r.per_event:.1f}</td></tr>"
        for r in coverage_table(brief).itertuples()
    )


def arrangement_rows(brief: Brief) -> str:
    """The standing arrangements, one row each: partner, kind, place, from, to."""
    return "\n".join(
        f"<tr><td>{escape(text(r.partner_name) or r.partner)}</td><td>{escape(r.kind)}</td>"
        f"<td>{escape(text(r.place))}</td><td>{escape(r.start)}</td>"
        f"<td>{escape(text(r.end) or 'in force')}</td><td class='num'>{r.weight:g}</td>"
        f"<td class='num'>{len(r.evidence)}</td></tr>"
        for r in brief.dependence.arrangements.itertuples()
    )


def evidence_links(event_ids: list[str], listed: set[str], most: int = 8) -> str:
    """Footnote links to the events the brief lists (an event it does not list is counted)."""
    shown = [i for i in event_ids if i in listed]
    links = " ".join(f'<a href="#e-{escape(i)}">[{n}]</a>' for n, i in enumerate(shown[:most], 1))
    rest = len(event_ids) - min(len(shown), most)
    return links + (f" +{rest}" if rest else "")


def partner_table(brief: Brief) -> str:
    """The strongest partners of each period: events, share and links to the events behind them."""
    table = brief.dependence.portfolio
    table = table[rank(table) < TOP_PARTNERS]
    listed = set(brief.events["event_id"])
    rows = [
        f"<tr><td>{escape(str(r.period))}</td><td>{escape(text(r.partner_name) or r.partner)}</td>"
        f"<td class='num'>{r.events}</td>"
        f"<td class='num'>{f'{r.share:.0%}' if pd.notna(r.share) else ''}</td>"
        f"<td>{evidence_links(list(r.event_ids), listed)}</td></tr>"
        for r in table.itertuples()
    ]
    return "\n".join(rows)


def verdict_notes(brief: Brief) -> str:
    """The verdict's footnotes: the events behind its top partner's share."""
    v, table = brief.dependence.verdict, brief.dependence.portfolio
    behind = table[(table["period"] == v.get("period")) & (table["partner"] == v.get("top_partner"))]
    if behind.empty:
        return ""
    links = evidence_links(list(behind["event_ids"].iloc[0]), set(brief.events["event_id"]))
    return f'<p class="note">Evidence for {escape(str(v["top_partner"]))} in {escape(str(v["period"]))}: {links}</p>'


def comparison(brief: Brief, chart: str) -> str:
    """The section that sets a second country beside the brief's, period by period."""
    if brief.compared is None:
        return ""
    a, b = brief.dependence, brief.compared

    rows = "\n".join(
        f"<tr><td>{escape(str(r.period))}</td><td class='num'>{r.hhi_a}</td><td>{escape(r.top_a)}</td>"
        f"<td class='num'>{r.hhi_b}</td><td>{escape(r.top_b)}</td></tr>"
        for r in comparison_table(brief).itertuples()
    )
    return f"""<h2>Compared with {escape(b.name)}</h2>
<p class="verdict">{escape(b.verdict["text"])}</p>
<div>{chart}</div>
<table id="compare"><thead><tr><th>period</th><th>HHI {escape(a.country)}</th><th>top partner of {escape(a.country)}</th>
<th>HHI {escape(b.country)}</th><th>top partner of {escape(b.country)}</th></tr></thead>
<tbody>
{rows}
</tbody></table>"""


def period_label(periods: pd.Series, today: date | None = None) -> str:
    """ "2004 to 2012" over the dated periods; periods after the present (plans for a later year)
    are named apart, so that the label never runs past today."""
    if not len(periods):
        return "no dated events"
    now = str((today or date.today()).year)
    past = [p for p in periods if str(p)[:4] <= now]
    later = [p for p in periods if str(p)[:4] > now]
    label = f"{past[0]} to {past[-1]}" if past else "no past events"
    return label + (f" (and plans dated up to {later[-1]})" if later else "")


def render_html(brief: Brief) -> str:
    """The brief as a complete HTML page.

    Args:
        brief: the brief.
    Returns:
        HTML text with its charts as inline SVG: it works offline and stays small.
    """
    drawn = svg_charts(brief)
    charts = {
        name: f'<figure class="chart" id="chart-{name}">{drawn[name]}</figure>'
        if name in drawn
        else f'<p class="note">No {name} data for {escape(brief.dependence.name)} in this store.</p>'
        for name in CHARTS
        if name != "compare" or brief.compared is not None
    }
    title = f"{brief.dependence.name}: security partners"
    periods = brief.dependence.concentration["period"]
    span = period_label(periods[periods != UNDATED])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{STYLE}</style></head>
<body><main>
<h1>{escape(title)}</h1>
<p class="sub">allyscope country brief &middot; {escape(brief.dependence.country)} &middot; periods: {escape(brief.dependence.options.by)},
{escape(span)} &middot; weights: {escape(brief.dependence.options.weight)}</p>
<p class="verdict" id="verdict">{escape(brief.dependence.verdict["text"])}</p>
{verdict_notes(brief)}
<div class="cards">{cards(brief)}</div>
<div class="grid">
<div>{charts["shares"]}</div>
<div>{charts["hhi"]}</div>
<div class="wide">{charts["timeline"]}</div>
<div class="wide">{charts["arrangements"]}</div>
<div>{charts["money"]}</div>
<div>{charts["network"]}</div>
</div>
{comparison(brief, charts.get("compare", ""))}
<h2>Partners</h2>
<p class="note">The strongest {TOP_PARTNERS} partners of each period; the links lead to the events behind each share.</p>
<table id="partners"><thead><tr><th>period</th><th>partner</th><th>events</th><th>share</th><th>evidence</th></tr></thead>
<tbody>
{partner_table(brief)}
</tbody></table>
<h2>Standing arrangements</h2>
<p class="note">Bases, stationed forces, border guards, leases, transit rights and alliances count their
weight in every period in which they are active, apart from the one-off events.</p>
<table><thead><tr><th>partner</th><th>kind</th><th>place</th><th>from</th><th>to</th><th>weight</th>
<th>events</th></tr></thead>
<tbody>
{arrangement_rows(brief)}
</tbody></table>
<h2>Coverage and activity</h2>
<p class="note">Each event counts once however often it is reported; many reports per event mean a
partner is covered more than it does.</p>
<table><thead><tr><th>partner</th><th>events</th><th>reports</th><th>reports per event</th></tr></thead>
<tbody>
{coverage_rows(brief)}
</tbody></table>
<h2>{escape(events_heading(brief))}</h2>
<p class="note"><mark class="actor">actors</mark> and the <mark class="trigger">trigger</mark> are marked
in each sentence; the last column links the source document.</p>
<table><thead><tr><th>date</th><th>type</th><th>modality</th><th>source &rarr; target</th>
<th>evidence</th><th>amount</th><th>cited</th><th>document</th><th>reports</th></tr></thead>
<tbody>
{event_rows(brief)}
</tbody></table>
</main></body></html>
"""
