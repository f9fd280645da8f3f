// allyscope web page: each partner's share per period on a real time axis. A year without events
// is a gap on the axis, not a period skipped; a cell links to the events behind it. A second
// country, picked to compare, gets its timeline on the same axis beneath. Uses app.js (state, api,
// el, $, showEventsOf, percent, periodSpan, svgCanvas).
"use strict";

const TIMELINE_PARTNERS = 8;
const timelines = { main: [], other: null };

const dated = (portfolio) => portfolio.filter((r) => periodSpan(r.period) && r.share);

// The timeline of the country's portfolio, and of the compared country's for the same period.
async function drawPartnerTimeline(portfolio) {
  timelines.main = dated(portfolio);
  const code = $("#compare").value;
  timelines.other = code
    ? { code, rows: dated((await api(`/api/partners/${encodeURIComponent(code)}?by=${state.by}`)).portfolio) }
    : null;
  const all = [...timelines.main, ...(timelines.other ? timelines.other.rows : [])];
  const first = Math.floor(Math.min(...all.map((r) => periodSpan(r.period)[0])));
  const last = Math.ceil(Math.max(...all.map((r) => periodSpan(r.period).reduce((a, b) => a + b))));
  const name = (c) => state.names.get(c) || c;
  drawTimeline($("#partner-timeline"), timelines.main, first, last, `Share per partner of ${name(state.country)} on a time axis (darker: larger share; grey: a year without events)`, showEventsOf);
  const other = $("#compare-timeline");
  other.replaceChildren();
  if (timelines.other) drawTimeline(other, timelines.other.rows, first, last, `Compared: ${name(code)}`, null);
}

function drawTimeline(box, rows, first, last, title, onCell) {
  box.replaceChildren();
  if (!rows.length) return;
  const totals = new Map();
  for (const r of rows) totals.set(r.partner, (totals.get(r.partner) || 0) + (r.weight || 0));
  const partners = [...totals].sort((a, b) => b[1] - a[1]).slice(0, TIMELINE_PARTNERS).map(([p]) => p);
  const busy = new Set(rows.map((r) => Math.floor(periodSpan(r.period)[0])));
  const width = 760;
  const pad = { left: 56, right: 12, top: 8, bottom: 22 };
  const band = 22;
  const height = pad.top + band * partners.length + pad.bottom;
  const x = (year) => pad.left + ((year - first) * (width - pad.left - pad.right)) / Math.max(last - first, 1);
  const { svg, add } = svgCanvas(width, height, "Share of each partner per period on a time axis");
  const step = last - first > 30 ? 5 : last - first > 12 ? 2 : 1;
  for (let year = first; year < last; year += 1) {
    if (!busy.has(year)) {
      const gap = add("rect", { x: x(year), y: pad.top, width: x(year + 1) - x(year), height: band * partners.length, class: "gap" });
      gap.append(Object.assign(document.createElementNS(SVG_NS, "title"), { textContent: `${year}: no events` }));
    }
    if ((year - first) % step === 0) add("text", { x: x(year) + 2, y: height - 6, class: "axis" }, String(year));
    add("line", { x1: x(year), x2: x(year), y1: pad.top, y2: height - pad.bottom, class: "grid-line" });
  }
  partners.forEach((partner, i) => {
    const y = pad.top + i * band;
    add("text", { x: pad.left - 6, y: y + band / 2 + 4, class: "axis top", "text-anchor": "end" }, partner);
    for (const r of rows.filter((row) => row.partner === partner)) {
      const [start, length] = periodSpan(r.period);
      const cell = add("rect", {
        x: x(start),
        y: y + 3,
        width: Math.max(x(start + length) - x(start) - 1, 1),
        height: band - 6,
        class: "share-cell",
        "fill-opacity": (0.15 + 0.85 * r.share).toFixed(2),
      });
      cell.append(Object.assign(document.createElementNS(SVG_NS, "title"), {
        textContent: `${r.period} ${r.partner_name || partner}: ${percent(r.share)} of the period, ${r.events} events`,
      }));
      if (onCell) cell.addEventListener("click", () => onCell(partner, r.period));
    }
  });
  box.append(el("div", { class: "trend-title muted" }, title), svg);
}
