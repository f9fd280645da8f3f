"""The brief's charts: the data each one shows, drawn with plotly (HTML) or matplotlib (PNG)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

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
    """Period x partner shares; partners beyond the strongest TOP_PARTNERS summed into Other."""
    table = brief.dependence.portfolio.dropna(subset=["share"])
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


# plotly, for the HTML brief


def layout(fig: go.Figure, title: str, height: int = 360, **extra) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        font={"family": "Helvetica, Arial, sans-serif"},
        **{"legend": {"orientation": "h", "y": -0.15}, **extra},
    )
    return fig


def plotly_shares(brief: Brief) -> go.Figure:
    shares, colors = shares_table(brief), partner_colors(brief)
    fig = go.Figure()
    for name in shares.columns:
        fig.add_trace(
            go.Scatter(
                x=list(shares.index),
                y=shares[name],
                name=name,
                stackgroup="one",
                mode="lines",
                line={"width": 0.5, "color": colors[name]},
                hovertemplate="%{x}: %{y:.0%}<extra>" + name + "</extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return layout(
        fig,
        "Partner shares of weighted security cooperation",
        legend={"orientation": "v", "traceorder": "reversed"},
    )


def plotly_hhi(brief: Brief) -> go.Figure:
    table = brief.dependence.concentration.dropna(subset=["hhi"])
    periods = list(table["period"])
    fig = go.Figure(
        [
            go.Scatter(
                x=periods + periods[::-1],
                y=list(table["hhi_high"]) + list(table["hhi_low"])[::-1],
                fill="toself",
                fillcolor="rgba(31,78,121,0.15)",
                line={"width": 0},
                name="90% bootstrap interval",
                hoverinfo="skip",
            ),
            go.Scatter(
                x=periods,
                y=table["hhi"],
                name="HHI",
                mode="lines+markers",
                line={"color": PALETTE[0]},
                customdata=np.stack([table["effective_partners"], table["top_partner_name"]], axis=1),
                hovertemplate="%{x}: HHI %{y:.2f}, %{customdata[0]:.1f} effective partners,"
                " top %{customdata[1]}<extra></extra>",
            ),
        ]
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, 1.05], title="HHI (1 = one patron)")
    return layout(fig, "Concentration of partners (HHI)")


def plotly_timeline(brief: Brief) -> go.Figure:
    events = timeline_table(brief)
    fig = go.Figure()
    for modality in MODALITIES:
        part = events[events["modality"] == modality]
        color, symbol = MODALITY_STYLE[modality]
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["type"],
                mode="markers",
                name=modality,
                marker={"color": color, "symbol": symbol, "size": 10, "line": {"width": 1.5, "color": color}},
                customdata=np.stack([part["partner"].fillna(""), part["sentence"].str.slice(0, 120)], axis=1)
                if len(part)
                else None,
                hovertemplate="%{x|%Y-%m-%d} %{y} with %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=all_types()[::-1])
    return layout(fig, f"Events by type and modality{shown_note(brief)}", height=420)


def plotly_arrangements(brief: Brief) -> go.Figure:
    table = arrangements_table(brief)
    fig = go.Figure()
    for i, (kind, part) in enumerate(table.groupby("kind", sort=True)):
        fig.add_trace(
            go.Bar(
                y=part["label"],
                base=part["begin"],
                x=(part["finish"] - part["begin"]).dt.total_seconds() * 1000,
                orientation="h",
                name=kind,
                marker={"color": PALETTE[i % len(PALETTE)]},
                customdata=np.stack(
                    [part["place"].fillna(""), part["start"], part["end"].fillna("in force")], axis=1
                ),
                hovertemplate=f"{kind} %{{customdata[0]}}: %{{customdata[1]}} to %{{customdata[2]}}<extra></extra>",
            )
        )
    fig.update_xaxes(type="date")
    fig.update_layout(barmode="overlay")
    return layout(
        fig, "Standing arrangements per partner", height=max(220, 60 + 40 * table["label"].nunique())
    )


def plotly_money(brief: Brief) -> go.Figure:
    money = money_table(brief)
    fig = go.Figure(
        [
            go.Bar(x=list(money.index), y=money["aid_usd"], name="realized", marker_color=PALETTE[0]),
            go.Bar(x=list(money.index), y=money["pledged_usd"], name="pledged", marker_color=PALETTE[4]),
        ]
    )
    fig.update_yaxes(tickprefix="$", tickformat="~s")
    return layout(fig, "Military aid by donor (USD)", barmode="stack")


def plotly_network(brief: Brief) -> go.Figure:
    graph, pos = brief.graph, network_layout(brief.graph)
    edge_x, edge_y = [], []
    for a, b in graph.edges():
        edge_x += [pos[a][0], pos[b][0], None]
        edge_y += [pos[a][1], pos[b][1], None]
    nodes = list(graph)
    fig = go.Figure(
        [
            go.Scatter(
                x=edge_x, y=edge_y, mode="lines", line={"color": "#b0b7c3", "width": 1}, hoverinfo="skip"
            ),
            go.Scatter(
                x=[pos[n][0] for n in nodes],
                y=[pos[n][1] for n in nodes],
                mode="markers+text",
                text=nodes,
                textposition="top center",
                marker={
                    "size": node_sizes(graph, 10, 40),
                    "color": [PALETTE[1] if n == brief.dependence.country else PALETTE[0] for n in nodes],
                },
                customdata=[
                    [graph.nodes[n]["name"], graph.nodes[n]["strength"], graph.nodes[n]["betweenness"]]
                    for n in nodes
                ],
                hovertemplate="%{customdata[0]}: strength %{customdata[1]:.1f},"
                " betweenness %{customdata[2]:.2f}<extra></extra>",
            ),
        ]
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, "Partner network (node size: tie strength)", showlegend=False, height=480)


PLOTLY_CHARTS = {
    "shares": plotly_shares,
    "hhi": plotly_hhi,
    "timeline": plotly_timeline,
    "arrangements": plotly_arrangements,
    "money": plotly_money,
    "network": plotly_network,
}


# matplotlib, for the Markdown brief


def png_shares(brief: Brief, ax) -> None:
    shares, colors = shares_table(brief), partner_colors(brief)
    x = np.arange(len(shares))
    ax.stackplot(x, shares.T.to_numpy(), labels=shares.columns, colors=[colors[c] for c in shares.columns])
    ax.set_xticks(x, shares.index, rotation=45, ha="right")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    ax.set_title("Partner shares of weighted security cooperation", loc="left")


def png_hhi(brief: Brief, ax) -> None:
    table = brief.dependence.concentration.dropna(subset=["hhi"])
    x = np.arange(len(table))
    ax.fill_between(
        x, table["hhi_low"], table["hhi_high"], color=PALETTE[0], alpha=0.15, label="90% interval"
    )
    ax.plot(x, table["hhi"], marker="o", color=PALETTE[0], label="HHI")
    ax.set_xticks(x, table["period"], rotation=45, ha="right")
    ax.set_ylim(0, 1.05)
    ax.legend(frameon=False)
    ax.set_title("Concentration of partners (HHI, 1 = one patron)", loc="left")


def png_timeline(brief: Brief, ax) -> None:
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


def png_arrangements(brief: Brief, ax) -> None:
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


def png_money(brief: Brief, ax) -> None:
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


def png_network(brief: Brief, ax) -> None:
    graph = brief.graph
    pos = network_layout(graph)
    colors = [PALETTE[1] if n == brief.dependence.country else PALETTE[0] for n in graph]
    sizes = [s**2 for s in node_sizes(graph, 8, 30)]
    nx.draw_networkx(
        graph, pos, ax=ax, node_color=colors, node_size=sizes, edge_color="#b0b7c3", font_size=8, arrows=False
    )
    ax.set_axis_off()
    ax.set_title("Partner network", loc="left")


PNG_CHARTS = {
    "shares": png_shares,
    "hhi": png_hhi,
    "timeline": png_timeline,
    "arrangements": png_arrangements,
    "money": png_money,
    "network": png_network,
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
    return bool(brief.dependence.concentration["hhi"].notna().any())


def write_pngs(brief: Brief, folder: Path) -> dict[str, Path]:
    """Draw every chart that has data as a PNG in `folder`.

    Args:
        brief: the brief.
        folder: created if missing.
    Returns:
        Chart name -> PNG path.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, draw in PNG_CHARTS.items():
        if not has_data(brief, name):
            continue
        fig, ax = plt.subplots(figsize=(9, 4.5 if name != "network" else 6), dpi=110)
        draw(brief, ax)
        fig.tight_layout()
        path = folder / f"{name}.png"
        fig.savefig(path)
        plt.close(fig)
        written[name] = path
    return written
