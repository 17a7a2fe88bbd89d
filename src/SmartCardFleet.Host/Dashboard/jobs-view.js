// The jobs panel: each job with a progress bar (succeeded, failed, in doubt, pending), the selected job's rows with the
// card each ran on (reader, UID or ATR, time, error), "done" / "run again" on rows in doubt, pause / resume / cancel,
// and delete for a finished job (after a confirmation: the job leaves the station; its rows stay in the audit journal). Lists come from GET /api/jobs; a JobProgressed event (its data is the job's summary) redraws a job's bar at
// once, a JobRowEnded event (on the reader whose card ran the row) reads the selected job again. Every value is set
// with textContent: nothing from the API becomes markup.
"use strict";

const JobsView = (() => {
  const items = new Map();   // jobId -> list item
  const deleted = new Set(); // jobIds deleted from this page: a list or job read before the deletion must not bring one back
  let selected = null;       // jobId shown below the list
  let api = null;            // the dashboard's fetch helper
  let detailDue = null;

  const parts = [["succeeded", "Succeeded"], ["failed", "Failed"], ["inDoubt", "InDoubt"], ["pending", "Pending"]];

  function element(tag, className, textValue) {
    const e = document.createElement(tag);
    if (className) { e.className = className; }
    if (textValue !== undefined) { e.textContent = textValue === null || textValue === "" ? "—" : String(textValue); }
    return e;
  }

  function button(label, className, onClick) {
    const b = element("button", className, label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function error(message) {
    document.getElementById("jobs-error").textContent = message || "";
  }

  // The bar's segments are as wide as their share of the rows; running rows count as pending (not yet ended).
  function bar(summary) {
    const total = Math.max(summary.total, 1);
    const counts = { ...summary, pending: summary.pending + summary.running };
    const progress = element("div", "job-progress");
    progress.setAttribute("role", "img");
    progress.setAttribute("aria-label", parts.map(([key, label]) => `${counts[key]} ${label}`).join(", "));
    parts.forEach(([key, label]) => {
      const segment = element("span", `segment ${label}`);
      segment.style.width = `${(100 * counts[key]) / total}%`;
      segment.title = `${counts[key]} ${label}`;
      progress.append(segment);
    });
    return progress;
  }

  function summaryLine(summary) {
    return `${summary.succeeded}/${summary.total} succeeded, ${summary.failed} failed, ${summary.inDoubt} in doubt, ` +
      `${summary.pending + summary.running} pending`;
  }

  function draw(summary) {
    if (deleted.has(summary.jobId)) { return; }
    let item = items.get(summary.jobId);
    if (!item) {
      item = element("li", "job");
      item.dataset.job = summary.jobId;
      item.addEventListener("click", () => select(summary.jobId));
      items.set(summary.jobId, item);
      document.getElementById("jobs").prepend(item);
    }
    item.className = `job state-${summary.state}${summary.jobId === selected ? " selected" : ""}`;
    const title = element("span", "job-name", summary.name || summary.jobId);
    title.title = summary.jobId;
    item.replaceChildren(title, element("span", "job-state badge", summary.state),
      element("span", "job-operation muted", `${summary.pluginId} ${summary.operation}`),
      bar(summary), element("span", "job-counts muted", summaryLine(summary)));
    if (summary.pausedReason) { item.append(element("span", "job-paused has-error", summary.pausedReason)); }
  }

  async function load() {
    try {
      const list = await api("/api/jobs");
      // Newest first: drawn oldest to newest, each prepended.
      [...list.jobs].reverse().forEach(draw);
      error("");
      if (selected) { await loadDetail(); }
    } catch (e) {
      error(e.message);
    }
  }

  function select(jobId) {
    selected = jobId;
    items.forEach((item, id) => item.classList.toggle("selected", id === jobId));
    loadDetail();
  }

  async function loadDetail() {
    if (!selected) { return; }
    try {
      showDetail(await api(`/api/jobs/${encodeURIComponent(selected)}?rowLimit=200`));
      error("");
    } catch (e) {
      error(e.message);
    }
  }

  // Many rows end in a burst: the selected job is read again once things are quiet for a moment.
  function loadDetailSoon() {
    clearTimeout(detailDue);
    detailDue = setTimeout(loadDetail, 300);
  }

  function showDetail(view) {
    const summary = view.summary;
    if (deleted.has(summary.jobId)) { return; }
    draw(summary);
    const detail = document.getElementById("job-detail");
    detail.hidden = false;
    detail.dataset.job = summary.jobId;
    detail.querySelector(".job-title").textContent = `${summary.name || summary.jobId} (${summary.state})`;
    const running = summary.state === "Running";
    const paused = summary.state === "Paused";
    const actions = detail.querySelector(".job-actions");
    actions.replaceChildren(
      ...(running ? [button("Pause", "pause", () => command(summary.jobId, "pause"))] : []),
      ...(paused ? [button("Resume", "resume", () => command(summary.jobId, "resume"))] : []),
      ...(running || paused ? [button("Cancel", "cancel", () => command(summary.jobId, "cancel"))] : []),
      ...(running || paused ? [] : [button("Delete", "delete", () => remove(summary.jobId))]));
    detail.querySelector("tbody").replaceChildren(...view.rows.map((row) => rowLine(summary.jobId, row)));
  }

  function rowLine(jobId, row) {
    const last = row.last || {};
    const tr = element("tr", `row state-${row.state}`);
    tr.dataset.row = row.rowId;
    const decision = element("td", "decision");
    if (row.state === "InDoubt") {
      decision.append(button("done", "done", () => decide(jobId, row.rowId, "Done")),
        button("run again", "run-again", () => decide(jobId, row.rowId, "RunAgain")));
    }
    const when = last.endedAt || last.startedAt;
    tr.append(element("td", "row-id", row.rowId), element("td", "row-state", row.state), element("td", "row-attempts", row.attempts),
      element("td", "row-reader", last.readerId), element("td", "row-card mono", last.uid || last.atr),
      element("td", "row-time", when ? new Date(when).toLocaleTimeString() : null), element("td", "row-error", last.error), decision);
    return tr;
  }

  async function command(jobId, verb) {
    try {
      showDetail(await api(`/api/jobs/${encodeURIComponent(jobId)}/${verb}`, { method: "POST", body: "{}" }));
      error("");
    } catch (e) {
      error(e.message);
    }
  }

  async function remove(jobId) {
    if (!window.confirm(`Delete job ${jobId}? Its rows' outcomes stay in the audit journal.`)) { return; }
    try {
      await api(`/api/jobs/${encodeURIComponent(jobId)}`, { method: "DELETE" });
      deleted.add(jobId);
      const item = items.get(jobId);
      if (item) { item.remove(); items.delete(jobId); }
      if (selected === jobId) {
        selected = null;
        document.getElementById("job-detail").hidden = true;
      }
      error("");
    } catch (e) {
      error(e.message);
    }
  }

  async function decide(jobId, rowId, decision) {
    try {
      showDetail(await api(`/api/jobs/${encodeURIComponent(jobId)}/rows/${encodeURIComponent(rowId)}/decision`,
        { method: "POST", body: JSON.stringify({ decision }) }));
      error("");
    } catch (e) {
      error(e.message);
    }
  }

  // A job event from the stream. Answers the reader whose card is done (its row Succeeded or Failed for good), so its
  // tile can say "remove card"; null otherwise.
  function onEvent(record) {
    const data = record.data || {};
    // JobProgressed's data is the job's summary itself (jobId, state, counts).
    if (record.type === "JobProgressed" && data.jobId) {
      draw(data);
      if (data.jobId === selected) { loadDetailSoon(); }
      return null;
    }
    if (record.type !== "JobRowEnded") { return null; }
    if (data.jobId === selected) { loadDetailSoon(); }
    const done = data.state === "Succeeded" || data.state === "Failed";
    return done ? record.readerId || (data.attempt && data.attempt.readerId) || null : null;
  }

  return {
    start(fetcher) { api = fetcher; return load(); },
    load,
    onEvent,
  };
})();
