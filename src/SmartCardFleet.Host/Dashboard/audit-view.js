// The audit view: who did what to which card, from GET /api/audit, with the API's filters (time range, station, reader,
// who, action, outcome) and paging to older records by the answer's nextBefore. Loaded when the panel is opened, not
// before: a kiosk showing readers does not query the journal. Every value is placed with textContent, never as markup:
// the journal holds what clients sent (reader ids, operation names), and a record must not be able to script this page.
"use strict";

const AuditView = (() => {
  const pageSize = 50;
  const columns = ["time", "station", "reader", "who", "action", "outcome", "status", "detail", "what"];
  let cursors = [];   // the "before" of each page shown so far; the last one is the current page's
  let next = null;    // nextBefore of the current page

  const panel = () => document.getElementById("audit-panel");
  const form = () => document.getElementById("audit-filters");

  /** The filters as the API's query; datetime-local fields are local times, sent as UTC ISO 8601. */
  function query(before) {
    const params = new URLSearchParams();
    for (const name of ["station", "reader", "who", "action", "outcome"]) {
      const value = form().elements[name].value.trim();
      if (value) { params.set(name, value); }
    }
    for (const name of ["from", "to"]) {
      const value = form().elements[name].value;
      if (value) { params.set(name, new Date(value).toISOString()); }
    }
    params.set("limit", String(pageSize));
    if (before !== null && before !== undefined) { params.set("before", String(before)); }
    return params.toString();
  }

  function cell(record, column) {
    const td = document.createElement("td");
    td.className = `audit-${column}`;
    const value = record[column];
    td.textContent = value === null || value === undefined ? "—"
      : column === "what" ? JSON.stringify(value)
      : column === "time" ? new Date(value).toLocaleString()
      : String(value);
    if (column === "time") { td.title = String(value); }
    return td;
  }

  function row(record) {
    const tr = document.createElement("tr");
    tr.className = `outcome-${String(record.outcome)}`;
    tr.dataset.id = String(record.id);
    tr.append(...columns.map((c) => cell(record, c)));
    return tr;
  }

  async function show(before) {
    const error = document.getElementById("audit-error");
    let page;
    try {
      page = await api(`/api/audit?${query(before)}`);
    } catch (failure) {
      error.textContent = failure.message;
      return;
    }
    error.textContent = "";
    next = page.nextBefore;
    document.querySelector("#audit tbody").replaceChildren(...page.records.map(row));
    document.getElementById("audit-empty").hidden = page.records.length > 0;
    document.getElementById("audit-older").disabled = next === null || next === undefined;
    document.getElementById("audit-newer").disabled = cursors.length <= 1;
    document.getElementById("audit-page").textContent = `page ${cursors.length}`;
  }

  function first() {
    cursors = [null];
    return show(null);
  }

  function init() {
    form().addEventListener("submit", (e) => { e.preventDefault(); first(); });
    document.getElementById("audit-older").addEventListener("click", () => { cursors.push(next); show(next); });
    document.getElementById("audit-newer").addEventListener("click", () => { cursors.pop(); show(cursors[cursors.length - 1]); });
    panel().addEventListener("toggle", () => { if (panel().open) { first(); } });
  }

  return { init };
})();
