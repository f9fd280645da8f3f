// allyscope web page: partner portfolio and evidence-linked events of one country, from /api.
"use strict";

const PAGE_SIZE = 50;

// `ontology` is /api/ontology: the event types of data/types.csv, the modalities and the periods.
const state = { country: null, by: "year", filters: {}, offset: 0, names: new Map(), ontology: null };
const scoredTypes = () => state.ontology.types.filter((t) => t.scored);

const $ = (selector) => document.querySelector(selector);
const FILTERS = ["type", "modality", "since", "until", "partner", "review"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    // through the CSSOM: the page's Content-Security-Policy blocks style attributes
    else if (key === "style") node.style.cssText = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// A link from an article (a document's URL) only if it is http(s): a `javascript:` URL stays text.
const safeHref = (url) => (typeof url === "string" && /^https?:\/\//i.test(url.trim()) ? url.trim() : null);

// The server's token (ALLYSCOPE_TOKEN), asked for once per tab when the API answers 401; the
// requests that were refused together share the one question.
let askingToken = null;
function askToken() {
  askingToken ||= Promise.resolve().then(() => {
    const given = prompt("This allyscope server needs its access token (ALLYSCOPE_TOKEN):");
    if (given) sessionStorage.setItem("allyscope-token", given.trim());
    return Boolean(given);
  });
  return askingToken;
}

// A request to the API (`init` as for fetch: a review's method, headers and body), with the token.
async function api(path, init = {}, retried = false) {
  const headers = { Accept: "application/json", ...init.headers };
  const token = sessionStorage.getItem("allyscope-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401 && !retried && (await askToken())) return api(path, init, true);
  const body = await response.json();
  if (!response.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    throw new Error(detail || `${response.status} ${response.statusText}`);
  }
  return body;
}

function showError(error) {
  const box = $("#error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

const percent = (x) => `${(100 * x).toFixed(0)}%`;
const fixed = (x, digits) => (x === null || x === undefined ? "" : Number(x).toFixed(digits));

// --- URL hash: country, period, filters and an open document survive a reload or a shared link.

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.country = params.get("country");
  state.by = params.get("by") || "year";
  state.filters = {};
  for (const key of FILTERS) {
    if (params.get(key)) state.filters[key] = params.get(key);
  }
  return { doc: params.get("doc"), event: params.get("event") };
}

function writeHash(extra = {}) {
  const params = new URLSearchParams({ country: state.country, by: state.by, ...state.filters, ...extra });
  history.replaceState(null, "", `#${params}`);
}

// --- Partners

// Portfolio columns the table lays out itself; any other column gets a numeric column of its own.
const laidOut = () => new Set([
  "period", "partner", "partner_name", "share", "hhi", "effective_partners", "event_ids",
  ...scoredTypes().map((t) => t.name), ...state.ontology.modalities,
]);
const LABELS = {
  events: ["Events", "events with this partner, each counted once however often it is reported"],
  arrangements: ["Standing", "standing arrangements with this partner active in the period (bases, border guards, treaties)"],
  mentions: ["Reports", "reports of its events: more reports than events means the partner is covered more than it does"],
  weight: ["Weight", "summed event weights: an event counts by its type and modality"],
  aid_usd: ["Aid", "realized military aid from the partner, USD"],
  pledged_usd: ["Pledged", "planned military aid from the partner, USD"],
};

function money(value) {
  if (!value) return "";
  const units = [[1e9, "bn"], [1e6, "M"], [1e3, "k"]];
  const [size, unit] = units.find(([size]) => value >= size) || [1, ""];
  return `$${(value / size).toFixed(value >= 10 * size ? 0 : 1)}${unit}`;
}

function cell(key, value) {
  if (value === null || value === undefined || value === 0) return el("td", { class: "num zero" });
  if (key.endsWith("_usd")) return el("td", { class: "num" }, money(value));
  if (typeof value === "number") return el("td", { class: "num" }, Number.isInteger(value) ? value : value.toFixed(2));
  return el("td", {}, Array.isArray(value) ? value.join(", ") : String(value));
}

// "2 military aid, 1 consultation" over "2 realized, 1 hypothetical": what the partner's events were.
function mix(row) {
  const types = scoredTypes().filter((t) => row[t.name]).map((t) => `${row[t.name]} ${t.label.toLowerCase()}`);
  const modalities = state.ontology.modalities.filter((m) => row[m]).map((m) => `${row[m]} ${m}`);
  return el("td", { class: "mix" }, types.join(", "), modalities.length ? el("div", { class: "muted" }, modalities.join(", ")) : null);
}

async function loadPartners() {
  const name = state.names.get(state.country) || state.country;
  $("#partners-title").textContent = `Security partners of ${name}`;
  const result = await api(`/api/partners/${encodeURIComponent(state.country)}?by=${state.by}`);
  const verdict = $("#verdict");
  verdict.hidden = !result.verdict;
  const said = result.verdict || {};
  // the verdict's footnote: the events behind its top partner's share
  verdict.replaceChildren(said.text || "", said.top_partner ? el("sup", {}, " ", el("a", {
    href: "#events-section",
    class: "evidence-link",
    title: `The events of ${said.top_partner} in ${said.period}`,
    onclick: (e) => { e.preventDefault(); showEventsOf(said.top_partner, said.period); },
  }, "[evidence]")) : null);
  const skip = laidOut();
  const rows = result.portfolio;
  const extra = rows.length ? Object.keys(rows[0]).filter((k) => !skip.has(k)) : ["events"];
  $("#partners thead tr").replaceChildren(
    el("th", {}, "Period"),
    el("th", {}, "Partner"),
    ...extra.map((k) => el("th", { class: "num", title: (LABELS[k] || [])[1] }, (LABELS[k] || [k.replace(/_/g, " ")])[0])),
    el("th", {}, "Events by type and modality"),
    el("th", {}, "Share"),
    el("th", { class: "num" }, "HHI"),
    el("th", { class: "num" }, "Eff. partners"),
  );
  const body = $("#partners tbody");
  body.replaceChildren();
  const periods = new Map();
  for (const row of rows) periods.set(row.period, [...(periods.get(row.period) || []), row]);
  if (!periods.size) {
    body.append(el("tr", {}, el("td", { colspan: extra.length + 6, class: "muted" }, "No cooperation events with a partner.")));
  }
  for (const [period, rows] of periods) {
    rows.forEach((row, i) => {
      const first = i === 0;
      const span = rows.length;
      body.append(
        el(
          "tr",
          { class: first ? "period-start" : null },
          first ? el("th", { rowspan: span, scope: "rowgroup", class: "period" }, period) : null,
          el("td", { class: "partner" }, el("span", { class: "code" }, row.partner), " ", row.partner_name || ""),
          extra.map((k) => (k === "aid_usd" && row[k] ? traced(cell(k, row[k]), row.partner, period, { type: "military_aid" }) : cell(k, row[k]))),
          mix(row),
          el(
            "td",
            { class: "share" },
            el(
              "a",
              { href: "#events-section", title: "The events behind this share", onclick: (e) => { e.preventDefault(); showEventsOf(row.partner, period); } },
              el("span", { class: "bar", style: `width:${(6 * (row.share || 0)).toFixed(2)}rem` }),
              el("span", { class: "bar-label" }, percent(row.share || 0)),
            ),
          ),
          first ? traced(el("td", { rowspan: span, class: "num strong" }, fixed(row.hhi, 2)), null, period) : null,
          first ? el("td", { rowspan: span, class: "num" }, fixed(row.effective_partners, 1)) : null,
        ),
      );
    });
  }
  drawTrend(periods);
  await drawPartnerTimeline(rows); // timeline.js
}

// The day range of a period label: 2004, 2004-09, 2004-Q3 (all: none).
function periodRange(label) {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    const last = 3 * Number(quarter[2]);
    return { since: `${quarter[1]}-${String(last - 2).padStart(2, "0")}`, until: `${quarter[1]}-${String(last).padStart(2, "0")}` };
  }
  return /^\d{4}(-\d{2})?$/.test(label) ? { since: label, until: label } : {};
}

// A number traced to its events: the events list filtered to the pair (or all partners) and the
// period, and to a type where the number is one type's (aid).
function showEventsOf(partner, period, extra = {}) {
  state.filters = { ...(partner ? { partner } : {}), ...periodRange(period), ...extra };
  loadCountry().then(() => $("#events-section").scrollIntoView()).catch(showError);
}

// A table cell whose number links to the events behind it.
function traced(td, partner, period, extra = {}) {
  const link = el("a", { href: "#events-section", title: "The events behind this number", onclick: (e) => { e.preventDefault(); showEventsOf(partner, period, extra); } });
  link.append(...td.childNodes);
  td.append(link);
  return td;
}

// A period label's start and length in years: 2004, 2004-Q3, 2004-09.
function periodSpan(label) {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) return [Number(quarter[1]) + (Number(quarter[2]) - 1) / 4, 0.25];
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return [Number(month[1]) + (Number(month[2]) - 1) / 12, 1 / 12];
  return /^\d{4}$/.test(label) ? [Number(label), 1] : null;
}

const SVG_NS = "http://www.w3.org/2000/svg";

// An SVG chart of the given size, and `add(tag, attrs, text)` that draws into it.
function svgCanvas(width, height, label) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  return { svg, add };
}

// A line of HHI per dated period: falling means the country is spreading its security ties (the
// undated events' bucket is no point in time; the table shows it).
function drawTrend(periods) {
  const box = $("#trend");
  box.replaceChildren();
  const points = [...periods]
    .filter(([period]) => period !== "undated")
    .map(([period, rows]) => ({ period, hhi: rows[0].hhi, top: rows[0] }))
    .filter((p) => p.hhi !== null && p.hhi !== undefined);
  if (points.length < 2) return;
  const width = 760;
  const height = 150;
  const pad = { left: 40, right: 16, top: 14, bottom: 34 };
  // on a time axis (a year without events is a gap), or one place per period for `all`
  const years = points.map((p) => periodSpan(p.period));
  const at = years.every(Boolean) ? years.map(([start, length]) => start + length / 2) : points.map((_, i) => i);
  const x = (i) => pad.left + ((at[i] - at[0]) * (width - pad.left - pad.right)) / (at[at.length - 1] - at[0]);
  const y = (v) => pad.top + (1 - v) * (height - pad.top - pad.bottom);
  const { svg, add } = svgCanvas(width, height, "HHI of the partner portfolio per period");
  for (const v of [0, 0.5, 1]) {
    add("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: "grid-line" });
    add("text", { x: pad.left - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, v.toFixed(1));
  }
  add("polyline", { points: points.map((p, i) => `${x(i)},${y(p.hhi)}`).join(" "), class: "hhi-line" });
  points.forEach((p, i) => {
    const dot = add("circle", { cx: x(i), cy: y(p.hhi), r: 4, class: "hhi-dot" });
    const tip = document.createElementNS(SVG_NS, "title");
    tip.textContent = `${p.period}: HHI ${p.hhi.toFixed(2)}, largest partner ${p.top.partner} (${percent(p.top.share)})`;
    dot.append(tip);
    add("text", { x: x(i), y: height - 18, class: "axis", "text-anchor": "middle" }, p.period);
    add("text", { x: x(i), y: height - 4, class: "axis top", "text-anchor": "middle" }, p.top.partner);
  });
  box.append(el("div", { class: "trend-title muted" }, "HHI per period (largest partner below)"), svg);
}

// --- Events

// Marks the actors' and the trigger's words in an event's sentence, first free occurrence each.
function highlighted(event) {
  const sentence = event.sentence || "";
  const wanted = [
    [event.source, "actor src"],
    [event.target, "actor tgt"],
    [event.trigger ? { text: event.trigger } : null, "trigger"],
  ];
  const marks = [];
  const free = (start, end) => marks.every((m) => end <= m.start || start >= m.end);
  for (const [actor, cls] of wanted) {
    if (!actor || !actor.text) continue;
    const haystack = sentence.toLowerCase();
    const needle = actor.text.toLowerCase();
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      if (free(at, at + needle.length)) {
        const title = actor.code ? `${actor.name} (${actor.code}${actor.sector ? `, ${actor.sector}` : ""})` : null;
        marks.push({ start: at, end: at + needle.length, cls, title });
        break;
      }
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const parts = [];
  let cursor = 0;
  for (const m of marks) {
    parts.push(sentence.slice(cursor, m.start));
    parts.push(el("mark", { class: m.cls, title: m.title }, sentence.slice(m.start, m.end)));
    cursor = m.end;
  }
  parts.push(sentence.slice(cursor));
  return parts;
}

function party(actor) {
  if (!actor) return el("span", { class: "muted" }, "?");
  return el("span", { class: "code", title: `${actor.name}${actor.sector ? ` (${actor.sector})` : ""}` }, actor.code);
}

function eventRow(event) {
  const doc = event.document || {};
  const details = [];
  if (event.amount && event.amount.value_usd) {
    details.push(el("span", { class: "detail" }, `$${Math.round(event.amount.value_usd).toLocaleString("en-US")}`));
  }
  if (event.location && event.location.name) details.push(el("span", { class: "detail" }, event.location.name));
  if (event.aid_kind && event.aid_kind.length) details.push(el("span", { class: "detail" }, event.aid_kind.join(", ")));
  const cited = event.cited_source && event.cited_source.outlet;
  return el(
    "tr",
    { class: "event-row", "data-event-id": event.event_id },
    el("td", { class: "date" }, event.date || el("span", { class: "muted" }, "undated")),
    el(
      "td",
      {},
      el("span", { class: `badge type-${event.type}`, title: `CAMEO ${event.cameo} ${event.plover || ""}` }, event.type.replace(/_/g, " ")),
      el("br"),
      el("span", { class: `modality ${event.modality}` }, event.modality),
    ),
    el("td", { class: "parties" }, party(event.source), el("span", { class: "arrow" }, " → "), party(event.target)),
    el("td", { class: "evidence" }, el("p", {}, highlighted(event)), details.length ? el("p", { class: "details" }, details) : null),
    el(
      "td",
      { class: "source" },
      el("a", { href: `#doc=${encodeURIComponent(doc.doc_id)}`, onclick: (e) => { e.preventDefault(); openDocument(event.doc_id, event.event_id); } }, doc.title || event.doc_id),
      safeHref(doc.url) ? el("a", { href: safeHref(doc.url), class: "external", target: "_blank", rel: "noopener noreferrer", title: doc.url }, " ↗") : null,
      el("div", { class: "muted" }, [doc.publisher, cited ? `citing ${cited}` : null].filter(Boolean).join(" · ")),
      reports(event),
    ),
    reviewCell(event), // review.js
  );
}

// "3 reports in 2 documents: Bishkek Courier, AKIpress": what an event rests on, when more than its sentence.
function reports(event) {
  const n = (event.mentions || []).length;
  if (n < 2) return null;
  const documents = event.n_documents > 1 ? ` in ${event.n_documents} documents` : "";
  const outlets = (event.sources || []).length ? `: ${event.sources.join(", ")}` : "";
  return el("div", { class: "muted reports" }, `${n} reports${documents}${outlets}`);
}

async function loadEvents(append = false) {
  if (!append) state.offset = 0;
  const query = new URLSearchParams({ country: state.country, limit: PAGE_SIZE, offset: state.offset, ...state.filters });
  const page = await api(`/api/events?${query}`);
  const body = $("#events tbody");
  if (!append) body.replaceChildren();
  body.append(...page.events.map(eventRow));
  if (!page.total) body.append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No events match.")));
  state.offset += page.events.length;
  $("#events-count").textContent = `${state.offset} of ${page.total} events`;
  $("#more").hidden = state.offset >= page.total;
}

// --- Document view

async function openDocument(docId, eventId) {
  const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
  $("#doc-title").textContent = doc.title || doc.doc_id;
  const meta = [doc.publisher, doc.date, `${doc.n_events} events`];
  $("#doc-meta").replaceChildren(
    meta.filter(Boolean).join(" · "),
    safeHref(doc.url) ? el("span", {}, " · ", el("a", { href: safeHref(doc.url), target: "_blank", rel: "noopener noreferrer" }, "original")) : "",
  );
  const event = doc.events.find((e) => e.event_id === eventId);
  const text = $("#doc-text");
  if (event) {
    // char_end may run over the whitespace after the sentence; the mark should not
    const end = event.char_start + doc.text.slice(event.char_start, event.char_end).trimEnd().length;
    text.replaceChildren(
      doc.text.slice(0, event.char_start),
      el("mark", { class: "evidence", title: `${event.type} (${event.modality})` }, doc.text.slice(event.char_start, end)),
      doc.text.slice(end),
    );
  } else {
    text.replaceChildren(doc.text);
  }
  writeHash({ doc: docId, ...(event ? { event: eventId } : {}) });
  const dialog = $("#doc-view");
  if (!dialog.open) dialog.showModal();
  const mark = text.querySelector("mark.evidence");
  if (mark) mark.scrollIntoView({ block: "center" });
}

// --- Set-up

async function loadCountry() {
  showError(null);
  $("#country").value = state.country;
  $("#by").value = state.by;
  const form = $("#filters");
  for (const key of FILTERS) form.elements[key].value = state.filters[key] || "";
  writeHash();
  await Promise.all([loadPartners(), loadEvents()]);
}

function fillChoices() {
  const form = $("#filters");
  form.elements.type.append(...state.ontology.types.map((t) => el("option", { value: t.name }, t.label)));
  form.elements.modality.append(...state.ontology.modalities.map((m) => el("option", { value: m }, m)));
  $("#by").replaceChildren(...state.ontology.periods.map((p) => el("option", { value: p }, p)));
}

async function start() {
  const [countries, health, ontology] = await Promise.all([api("/api/countries"), api("/api/health"), api("/api/ontology")]);
  state.ontology = ontology;
  fillChoices();
  await startReviews(); // review.js
  $("#store-info").textContent = `${health.documents} documents, ${health.events} events in ${health.store}`;
  const picker = $("#country");
  const groups = { state: "Countries", igo: "Organisations" };
  for (const [kind, label] of Object.entries(groups)) {
    const options = countries
      .filter((c) => c.kind === kind)
      .map((c) => el("option", { value: c.code }, `${c.name} (${c.code}) · ${c.events}`));
    if (options.length) picker.append(el("optgroup", { label }, options));
    if (options.length) $("#compare").append(el("optgroup", { label }, options.map((o) => o.cloneNode(true))));
  }
  for (const c of countries) state.names.set(c.code, c.name);
  const opened = readHash();
  if (!state.names.has(state.country)) {
    const busiest = countries.filter((c) => c.kind === "state").sort((a, b) => b.events - a.events)[0];
    state.country = busiest ? busiest.code : null;
  }
  if (!state.country) {
    showError("The store holds no events yet: run `allyscope ingest` and reload.");
    return;
  }
  picker.addEventListener("change", () => {
    state.country = picker.value;
    loadCountry().catch(showError);
  });
  $("#compare").addEventListener("change", () => drawPartnerTimeline(timelines.main).catch(showError));
  $("#by").addEventListener("change", (e) => {
    state.by = e.target.value;
    writeHash();
    loadPartners().catch(showError);
  });
  const form = $("#filters");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.filters = Object.fromEntries([...new FormData(form)].filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
    writeHash();
    loadEvents().catch(showError);
  });
  form.addEventListener("reset", () => {
    state.filters = {};
    writeHash();
    loadEvents().catch(showError);
  });
  $("#more").addEventListener("click", () => loadEvents(true).catch(showError));
  $("#doc-view").addEventListener("close", () => writeHash());
  await loadCountry();
  if (opened.doc) await openDocument(opened.doc, opened.event);
}

// review.js, loaded after this file, is there once the page's scripts have run
document.addEventListener("DOMContentLoaded", () => start().catch(showError));
