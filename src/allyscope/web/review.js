// allyscope web page, reviews: accept, reject, edit, merge and split events, correct a document,
// add an event from a selected sentence, and a keyboard review queue. Uses app.js (state, api, el, $,
// loadPartners, loadEvents); writes go to the review endpoints of /api (api/review.py).
"use strict";

const review = { settings: { writable: false }, selected: new Set(), editing: null, focus: null };

function reviewer() {
  return $("#reviewer").value.trim();
}

async function send(method, path, body) {
  if (!reviewer()) {
    $("#reviewer").focus();
    throw new Error("Give your name as reviewer first (top right): every change records who made it.");
  }
  const headers = { "Content-Type": "application/json" };
  return api(path, { method, headers, body: JSON.stringify({ ...body, reviewer: reviewer() }) });
}

// After a change: the shares and the events as they now stand, the focused row kept.
async function refresh() {
  const focused = review.focus;
  await Promise.all([loadPartners(), loadEvents()]);
  const row = focused && $(`#events tr[data-event-id="${CSS.escape(focused)}"]`);
  if (row) focusRow(row);
}

function act(promise) {
  showError(null);
  return promise.then(refresh).catch(showError);
}

const decide = (event, status) => act(send("PATCH", `/api/events/${encodeURIComponent(event.event_id)}`, { status }));

function reviewCell(event) {
  const status = event.review_status;
  const label = status || (event.reviewed_at ? "edited" : "unreviewed");
  const cell = el("td", { class: "review" }, el("span", { class: `review-status ${label}` }, label));
  cell.event = event;
  if (!review.settings.writable) return cell;
  cell.append(
    el("div", { class: "review-buttons" },
      el("button", { type: "button", class: "accept", title: "Accept (a)", onclick: () => decide(event, "accepted") }, "✓"),
      el("button", { type: "button", class: "reject", title: "Reject (r)", onclick: () => decide(event, "rejected") }, "✗"),
      el("button", { type: "button", class: "edit", title: "Edit (e)", onclick: () => openEditor(event) }, "Edit"),
      el("label", { title: "Select for merge (x)" }, el("input", {
        type: "checkbox",
        class: "select",
        checked: review.selected.has(event.event_id),
        onchange: (e) => select(event.event_id, e.target.checked),
      }), " merge"),
    ),
  );
  return cell;
}

function select(eventId, on) {
  if (on) review.selected.add(eventId);
  else review.selected.delete(eventId);
  $("#merge").disabled = review.selected.size < 2;
  $("#merge").textContent = `Merge selected (${review.selected.size})`;
}

// The first event selected takes the reports of the others.
async function merge() {
  const ids = [...review.selected];
  review.selected.clear();
  select(null, false);
  await act(send("POST", "/api/events/merge", { event_ids: ids }));
}

// --- The edit form: one event's fields, its reports (to split off) and its history.

function fillEditor(values) {
  const form = $("#edit-form");
  for (const [name, value] of Object.entries(values)) {
    if (form.elements[name] && form.elements[name].type !== "checkbox") form.elements[name].value = value ?? "";
  }
  form.elements.direction.checked = false;
}

async function openEditor(event, fresh = null) {
  review.editing = { event, fresh };
  const form = $("#edit-form");
  $("#edit-title").textContent = fresh ? "New event from the selected text" : `Edit event ${event.event_id}`;
  $("#edit-evidence").textContent = fresh ? fresh.sentence : event.sentence;
  fillEditor({
    type: event ? event.type : state.ontology.types[0].name,
    modality: event ? event.modality : "realized",
    source: event && event.source ? event.source.code : "",
    target: event && event.target ? event.target.code : "",
    date: event ? event.date : "",
    place: event && event.location ? event.location.name : "",
    amount: event && event.amount ? event.amount.value_usd : "",
    aid_kind: event ? (event.aid_kind || []).join(", ") : "",
    note: "",
  });
  form.elements.direction.closest("label").hidden = Boolean(fresh);
  const reports = $("#edit-reports");
  const mentions = event && !fresh ? event.mentions || [] : [];
  reports.replaceChildren(el("legend", {}, "Reports: tick to split off"), ...mentions.map((m, i) =>
    el("label", { class: "report" }, i ? el("input", { type: "checkbox", name: "report", value: i }) : el("span", { class: "muted" }, "own "), ` ${i}: ${m.sentence}`)));
  reports.hidden = mentions.length < 2;
  $("#split").hidden = mentions.length < 2;
  const trail = $("#history");
  trail.replaceChildren();
  if (event && !fresh) {
    const entries = await api(`/api/events/${encodeURIComponent(event.event_id)}/history`);
    trail.append(...entries.map((h) => el("li", {}, `${h.made_at.slice(0, 19)} · ${h.reviewer} · ${h.action}${h.note ? ` · ${h.note}` : ""}`)));
  }
  const dialog = $("#edit-view");
  if (!dialog.open) dialog.showModal();
}

// The fields the analyst changed (a new event: all those given).
function changedFields(form, event) {
  const now = Object.fromEntries(new FormData(form));
  const before = event ? {
    type: event.type, modality: event.modality,
    source: event.source ? event.source.code : "", target: event.target ? event.target.code : "",
    date: event.date || "", place: event.location ? event.location.name || "" : "",
    amount: event.amount && event.amount.value_usd ? String(event.amount.value_usd) : "",
    aid_kind: (event.aid_kind || []).join(", "),
  } : {};
  const fields = {};
  for (const name of ["type", "modality", "source", "target", "date", "place", "amount", "aid_kind"]) {
    const value = (now[name] || "").trim();
    if (event ? value !== String(before[name] ?? "") : value) fields[name] = value;
  }
  if (now.direction) fields.direction = "swap";
  return { fields, note: (now.note || "").trim() || null };
}

async function saveEditor(e) {
  e.preventDefault();
  const { event, fresh } = review.editing;
  const { fields, note } = changedFields($("#edit-form"), fresh ? null : event);
  const written = fresh
    ? send("POST", "/api/events", { doc_id: fresh.doc_id, char_start: fresh.start, char_end: fresh.end, fields, note })
    : send("PATCH", `/api/events/${encodeURIComponent(event.event_id)}`, { fields, note });
  await act(written.then(() => $("#edit-view").close()));
}

async function splitReports() {
  const { event } = review.editing;
  const reports = [...document.querySelectorAll("#edit-reports input[name=report]:checked")].map((i) => Number(i.value));
  await act(send("POST", `/api/events/${encodeURIComponent(event.event_id)}/split`, { reports }).then(() => $("#edit-view").close()));
}

// --- The document view: correct its metadata, or add an event from a selected sentence.

const openDoc = () => new URLSearchParams(location.hash.slice(1)).get("doc");

async function saveDocument(e) {
  e.preventDefault();
  const values = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
  const docId = openDoc();
  await act(send("PATCH", `/api/documents/${encodeURIComponent(docId)}`, values).then(() => openDocument(docId)));
}

// Offsets of the selection in the document text (#doc-text holds the text as it is, marks aside).
function selectedSpan() {
  const selection = document.getSelection();
  const box = $("#doc-text");
  if (!selection.rangeCount || selection.isCollapsed || !box.contains(selection.anchorNode)) return null;
  const range = selection.getRangeAt(0);
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { doc_id: openDoc(), start, end: start + range.toString().length, sentence: range.toString() };
}

function addFromSelection() {
  const span = selectedSpan();
  if (!span) {
    showError("Select the sentence of the event in the document text first.");
    return;
  }
  $("#doc-view").close();
  openEditor(null, span).catch(showError);
}

// --- Keyboard review queue

function rows() {
  return [...document.querySelectorAll("#events tr[data-event-id]")];
}

function focusRow(row) {
  for (const r of rows()) r.classList.toggle("focused", r === row);
  review.focus = row.dataset.eventId;
  row.scrollIntoView({ block: "nearest" });
}

function step(delta, unreviewedOnly = false) {
  const all = rows();
  const at = all.findIndex((r) => r.dataset.eventId === review.focus);
  for (let i = at + delta; i >= 0 && i < all.length; i += delta) {
    if (!unreviewedOnly || all[i].querySelector(".review-status.unreviewed")) return focusRow(all[i]);
  }
  return null;
}

function focusedEvent() {
  const row = review.focus && $(`#events tr[data-event-id="${CSS.escape(review.focus)}"]`);
  return row ? row.querySelector("td.review").event : null;
}

function onKey(e) {
  const typing = e.target instanceof Element && e.target.closest("input, select, textarea, dialog");
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  const event = focusedEvent();
  const keys = {
    j: () => step(1),
    k: () => step(-1),
    n: () => step(1, true),
    a: () => event && decide(event, "accepted"),
    r: () => event && decide(event, "rejected"),
    e: () => event && openEditor(event).catch(showError),
    h: () => event && openEditor(event).catch(showError),
    x: () => event && select(event.event_id, !review.selected.has(event.event_id)),
  };
  if (keys[e.key]) {
    e.preventDefault();
    keys[e.key]();
  }
}

async function startReviews() {
  review.settings = await api("/api/review");
  if (!review.settings.writable) return;
  $("#identity").hidden = false;
  $("#identity").addEventListener("submit", (e) => e.preventDefault());
  $("#review-bar").hidden = false;
  $("#doc-edit").hidden = false;
  $("#reviewer").value = localStorage.getItem("allyscope-reviewer") || "";
  $("#reviewer").addEventListener("change", (e) => localStorage.setItem("allyscope-reviewer", e.target.value.trim()));
  const form = $("#edit-form");
  form.elements.type.replaceChildren(...state.ontology.types.map((t) => el("option", { value: t.name }, t.label)));
  form.elements.modality.replaceChildren(...state.ontology.modalities.map((m) => el("option", { value: m }, m)));
  form.addEventListener("submit", (e) => saveEditor(e).catch(showError));
  $("#split").addEventListener("click", () => splitReports().catch(showError));
  $("#merge").addEventListener("click", () => merge().catch(showError));
  $("#doc-edit").addEventListener("submit", (e) => saveDocument(e).catch(showError));
  $("#add-from-selection").addEventListener("click", addFromSelection);
  document.addEventListener("keydown", onKey);
  document.querySelector("#events tbody").addEventListener("click", (e) => {
    const row = e.target.closest("tr[data-event-id]");
    if (row && !e.target.closest("button, a, input")) focusRow(row);
  });
}
