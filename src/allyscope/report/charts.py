"""The brief's charts: the data each one shows, drawn with matplotlib as static SVG (HTML brief) or
PNG (Markdown brief). The interactive charts are the web page's."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..analysis.concentration import period_years
from ..analysis.dependence import Dependence
from ..analysis.partners import UNDATED
from ..ontology import MODALITIES, all_types
from .brief import Brief, shown_note

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f"]
MODALITY_STYLE = {
    "realized": ("#1f4e79", "circle"),
    "planned": ("#f79646", "diamond"),
    "hypothetical": ("#9e9e9e", "circle-open"),
    "negated": ("#c0504d", "x"),
}
TOP_PARTNERS = 6


def partner_colors(brief: Brief) -> dict[str, str]:
    """A fixed colour per partner name, strongest partner first, shared by every chart."""
    order = (
        brief.dependence.portfolio.groupby("partner_name")["weight"].sum().sort_values(ascending=False).index
    )
    colors = {short_name(name): PALETTE[i] for i, name in enumerate(order[:TOP_PARTNERS])}
    colors["Other"] = PALETTE[-1]
    return colors


def short_name(name: str) -> str:
    """Long organisation names by their initials, so legends stay narrow."""
    if len(name) <= 22:
        return name
    return "".join(word[0] for word in name.split() if word[0].isupper())


def shares_table(brief: Brief) -> pd.DataFrame:
    """Period x partner shares of dated periods (undated events have no place on a time axis; the
    brief's table shows them); partners beyond the strongest TOP_PARTNERS summed into Other."""
    table = brief.dependence.portfolio.dropna(subset=["share"])
    table = table[table["period"] != UNDATED]
    colors = partner_colors(brief)
    short = table["partner_name"].map(short_name)
    name = short.where(short.isin(colors), "Other")
    shares = table.assign(partner_name=name).pivot_table(
        index="period", columns="partner_name", values="share", aggfunc="sum", fill_value=0.0
    )
    return shares[[c for c in colors if c in shares.columns]]


def money_table(brief: Brief) -> pd.DataFrame:
    """USD of military aid per donor, realized and pledged, largest first (donors with some)."""
    money = brief.dependence.portfolio.groupby("partner_name")[["aid_usd", "pledged_usd"]].sum()
    money = money[money.sum(axis=1) > 0]
    return money.loc[money.sum(axis=1).sort_values(ascending=False).index]


def timeline_table(brief: Brief) -> pd.DataFrame:
    """Dated events with their partner's name, for the timeline."""
    events = brief.events[brief.events["day"].notna()]
    partner = events["target_name"].where(
        events["source_code"] == brief.dependence.country, events["source_name"]
    )
    return events.assign(day=pd.to_datetime(events["day"]), partner=partner)


def arrangements_table(brief: Brief) -> pd.DataFrame:
    """The standing arrangements with their partner, start and end days; one still in force ends
    on the last day on record (the latest event or arrangement start)."""
    table = brief.dependence.arrangements
    if table.empty:
        return table.assign(label=[], begin=[], finish=[])
    begin = pd.to_datetime(table["start"])
    latest = max(pd.to_datetime(brief.events["day"]).max(), begin.max())
    finish = pd.to_datetime(table["end"]).fillna(latest)
    label = table["partner_name"].fillna(table["partner"]).map(short_name)
    return table.assign(
        label=label, begin=begin, finish=finish.where(finish > begin, begin + pd.Timedelta(days=1))
    )


def network_layout(graph: nx.DiGraph) -> dict[str, np.ndarray]:
    """Node positions: fixed seed, so the same store draws the same picture."""
    # unweighted: a weak tie (one planned event) would otherwise fling its node off the canvas
    if not len(graph):
        return {}
    return nx.spring_layout(graph.to_undirected(), weight=None, k=1.5 / np.sqrt(len(graph)), seed=7)


def node_sizes(graph: nx.DiGraph, smallest: float, largest: float) -> list[float]:
    strength = np.array([graph.nodes[n]["strength"] for n in graph], dtype=float)
    scale = strength / strength.max() if len(strength) and strength.max() > 0 else strength
    return list(smallest + (largest - smallest) * np.sqrt(scale))


# matplotlib: SVG inline in the HTML brief, PNG files beside the Markdown one


def period_axis(brief: Brief, labels) -> tuple[np.ndarray, float]:
    """Positions of period labels on a real time axis (fractional years: a year without events is
    a gap, not skipped) and the length of a period; by `all`, one place per label."""
    options = brief.dependence.options
    if not options.periodic:
        return np.arange(len(labels), dtype=float), 0.8
    return period_years(pd.Series(list(labels))), {"year": 1.0, "quarter": 0.25, "month": 1 / 12}[options.by]


def with_gaps(x: np.ndarray, step: float, *columns: np.ndarray) -> list[np.ndarray]:
    """`x` and the columns with a NaN put between periods that are not next to each other, so
    that a line breaks where periods without events lie."""
    cut = np.flatnonzero(np.diff(x) > step * 1.01) + 1
    return [np.insert(np.asarray(c, dtype=float), cut, np.nan) for c in (x, *columns)]


def draw_shares(brief: Brief, ax) -> None:
    shares, colors = shares_table(brief), partner_colors(brief)
    x, step = period_axis(brief, shares.index)
    bottom = np.zeros(len(shares))
    for name in shares.columns:
        ax.bar(x, shares[name], 0.9 * step, bottom=bottom, label=name, color=colors[name], align="edge")
        bottom += shares[name].to_numpy()
    if not brief.dependence.options.periodic:
        ax.set_xticks(x + 0.4, shares.index)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    ax.set_title("Partner shares of weighted security cooperation (gaps: no events)", loc="left")


def dated_hhi(found: Dependence) -> pd.DataFrame:
    """The concentration of the dated periods that have an HHI: the points of a time axis."""
    table = found.concentration.dropna(subset=["hhi"])
    return table[table["period"] != UNDATED]


def draw_hhi(brief: Brief, ax) -> None:
    table = dated_hhi(brief.dependence)
    x, step = period_axis(brief, table["period"])
    x, hhi, low, high = with_gaps(x + step / 2, step, table["hhi"], table["hhi_low"], table["hhi_high"])
    ax.fill_between(x, low, high, color=PALETTE[0], alpha=0.15, label="90% interval")
    ax.plot(x, hhi, marker="o", color=PALETTE[0], label="HHI")
    if not brief.dependence.options.periodic:
        ax.set_xticks(x, table["period"])
    ax.set_ylim(0, 1.05)
    ax.legend(frameon=False)
    ax.set_title("Concentration of partners (HHI, 1 = one patron)", loc="left")


def draw_compare(brief: Brief, ax) -> None:
    for i, found in enumerate((brief.dependence, brief.compared)):
        table = dated_hhi(found)
        x, step = period_axis(brief, table["period"])
        x, hhi = with_gaps(x + step / 2, step, table["hhi"])
        ax.plot(x, hhi, marker="o", color=PALETTE[i], label=found.name)
    ax.set_ylim(0, 1.05)
    ax.legend(frameon=False)
    ax.set_title(f"Concentration of partners: {brief.dependence.name} and {brief.compared.name}", loc="left")


def draw_timeline(brief: Brief, ax) -> None:
    events = timeline_table(brief)
    rows = {t: i for i, t in enumerate(all_types()[::-1])}
    markers = {"circle": "o", "diamond": "D", "circle-open": "o", "x": "x"}
    for modality in MODALITIES:
        part = events[events["modality"] == modality]
        color, symbol = MODALITY_STYLE[modality]
        paint = {"facecolors": "none", "edgecolors": color} if symbol == "circle-open" else {"color": color}
        ax.scatter(part["day"], part["type"].map(rows), label=modality, marker=markers[symbol], **paint)
    ax.set_yticks(list(rows.values()), list(rows))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    ax.set_title(f"Events by type and modality{shown_note(brief)}", loc="left")


def draw_arrangements(brief: Brief, ax) -> None:
    import matplotlib.dates as mdates

    table = arrangements_table(brief)
    rows = {label: i for i, label in enumerate(dict.fromkeys(table["label"]))}
    for i, (kind, part) in enumerate(table.groupby("kind", sort=True)):
        begin = mdates.date2num(part["begin"])
        ax.barh(
            part["label"].map(rows),
            mdates.date2num(part["finish"]) - begin,
            left=begin,
            color=PALETTE[i % len(PALETTE)],
            label=kind,
            alpha=0.8,
        )
    ax.set_yticks(list(rows.values()), list(rows))
    ax.xaxis_date()
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    ax.set_title("Standing arrangements per partner", loc="left")


def draw_money(brief: Brief, ax) -> None:
    money = money_table(brief)
    ax.bar(money.index, money["aid_usd"] / 1e6, color=PALETTE[0], label="realized")
    ax.bar(
        money.index,
        money["pledged_usd"] / 1e6,
        bottom=money["aid_usd"] / 1e6,
        color=PALETTE[4],
        label="pledged",
    )
    ax.set_ylabel("USD million")
    ax.legend(frameon=False)
    ax.set_title("Military aid by donor", loc="left")


def draw_network(brief: Brief, ax) -> None:
    graph = brief.graph
    pos = network_layout(graph)
    colors = [PALETTE[1] if n == brief.dependence.country else PALETTE[0] for n in graph]
    sizes = [s**2 for s in node_sizes(graph, 8, 30)]
    nx.draw_networkx(
        graph, pos, ax=ax, node_color=colors, node_size=sizes, edge_color="#b0b7c3", font_size=8, arrows=False
    )
    ax.set_axis_off()
    ax.set_title("Partner network", loc="left")


CHARTS = {
    "shares": draw_shares,
    "hhi": draw_hhi,
    "compare": draw_compare,
    "timeline": draw_timeline,
    "arrangements": draw_arrangements,
    "money": draw_money,
    "network": draw_network,
}


def has_data(brief: Brief, chart: str) -> bool:
    """Whether a chart would show anything (no empty axes in a brief)."""
    if chart == "money":
        return not money_table(brief).empty
    if chart == "network":
        return brief.graph.number_of_edges() > 0
    if chart == "timeline":
        return not timeline_table(brief).empty
    if chart == "arrangements":
        return not brief.dependence.arrangements.empty
    if chart == "compare":
        return brief.compared is not None
    return not dated_hhi(brief.dependence).empty


def figure(brief: Brief, name: str):
    """One chart as a matplotlib figure (close it when done)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    height = {"network": 6, "arrangements": 1.2 + 0.4 * arrangements_table(brief)["label"].nunique()}
    fig, ax = plt.subplots(figsize=(9, height.get(name, 4.5)), dpi=110)
    CHARTS[name](brief, ax)
    fig.tight_layout()
    return fig


def write_pngs(brief: Brief, folder: Path) -> dict[str, Path]:
    """Draw every chart that has data as a PNG in `folder`.

    Args:
        brief: the brief.
        folder: created if missing.
    Returns:
        Chart name -> PNG path.
    """
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in CHARTS:
        if not has_data(brief, name):
            continue
        fig = figure(brief, name)
        path = folder / f"{name}.png"
        fig.savefig(path)
        plt.close(fig)
        written[name] = path
    return written


def svg_charts(brief: Brief) -> dict[str, str]:
    """Every chart that has data as SVG markup to inline in a page: a few tens of kilobytes each
    (the demo corpus's TJK brief is 158 kB; with plotly's script inlined it was 4.9 MB)."""
    import matplotlib.pyplot as plt

    drawn = {}
    # text stays text (the page's font), not outlines: a fifth of the size, and searchable
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "allyscope"}):
        for name in CHARTS:
            if not has_data(brief, name):
                continue
            fig = figure(brief, name)
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None})
            plt.close(fig)
            drawn[name] = out.getvalue()[out.getvalue().index("<svg") :]
    return drawn
