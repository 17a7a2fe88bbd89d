// SmartCardFleet dashboard: one tile per reader, grouped by station, the plugins panel, an event log, actions per reader.
// State comes from the API; every event on /api/events (EventSource) refreshes the tile of its reader. No framework, no
// build step. The operation form is operation-form.js's, the plugins panel plugins-panel.js's, the station sections,
// filters and counts fleet-view.js's, the audit journal audit-view.js's (all loaded before this file).
"use strict";

const tiles = new Map();        // readerId -> tile element
const cardTypes = new Map();    // readerId -> card type named by a plugin (CardIdentified)
const refreshing = new Map();   // readerId -> pending refresh promise
let plugins = [];               // GET /api/plugins: each plugin with its operation descriptors
let events = null;

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options,
    headers: { "Content-Type": "application/json", ...(options.headers || {}) } });
  if (response.status === 401) { askForToken(); }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) { throw new Error(body && body.detail ? `${response.status} ${body.title}: ${body.detail}` : `${response.status}`); }
  return body;
}

function askForToken() {
  document.getElementById("token-form").hidden = false;
}

document.getElementById("token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = document.getElementById("token");
  const error = document.getElementById("token-error");
  // The station checks the token and keeps it in an HttpOnly cookie: EventSource cannot send headers, and no script on
  // this page (or injected into it) can read the cookie back.
  try {
    await api("/api/session", { method: "POST", body: JSON.stringify({ token: input.value.trim() }) });
  } catch (failure) {
    error.textContent = failure.message;
    return;
  }
  input.value = "";
  error.textContent = "";
  document.getElementById("token-form").hidden = true;
  AuditView.init();
start();
});

function text(tile, selector, value) {
  const empty = value === null || value === undefined || value === "";
  const element = tile.querySelector(selector);
  element.textContent = empty ? "—" : value;
  element.classList.toggle("has-error", !empty && selector === ".last-error");
}

function tileFor(reader) {
  let tile = tiles.get(reader.id);
  if (!tile) {
    tile = document.getElementById("tile-template").content.firstElementChild.cloneNode(true);
    tile.dataset.reader = reader.id;
    tile.dataset.station = stationOf(reader);
    tile.querySelector(".attach").addEventListener("click", () => act(reader.id, "attach", {}));
    tile.querySelector(".detach").addEventListener("click", () => act(reader.id, "detach", { disposition: "Leave" }));
    tile.querySelector(".reconnect").addEventListener("click", () => act(reader.id, "reconnect", { initialization: "Leave" }));
    tiles.set(reader.id, tile);
    FleetView.place(tile, stationOf(reader));
  }
  return tile;
}

// A standalone station's readers name it too; a host from before the fleet did not, and its readers form one section.
function stationOf(reader) {
  return reader.station || "";
}

function removeTile(readerId) {
  const tile = tiles.get(readerId);
  if (tile) { tile.remove(); tiles.delete(readerId); FleetView.forget(readerId); }
}

// What each tile was last drawn from: a reader read again unchanged (the whole list after a reconnect, 1,000 readers)
// costs a string comparison, not a redraw.
const drawnFrom = new WeakMap(); // tile -> JSON of the reader it shows

function render(reader) {
  // A reader of a lost station is known only from the fleet's directory: its tile keeps the last state it showed.
  if (reader.state === "Unreachable" && tiles.has(reader.id)) {
    const tile = tiles.get(reader.id);
    drawnFrom.delete(tile); // drawn in full again once its station answers
    text(tile, ".state", reader.state);
    FleetView.track(reader.id, tile, stationOf(reader), reader.state, cardTypes.get(reader.id));
    return;
  }
  const tile = tileFor(reader);
  // No event marks the end of a transaction: look again shortly while one is open.
  if (reader.state === "InTransaction") { setTimeout(() => refresh(reader.id), 500); }
  const json = JSON.stringify(reader) + (cardTypes.get(reader.id) || "");
  if (drawnFrom.get(tile) === json) { return; }
  drawnFrom.set(tile, json);
  if (reader.cardType) { cardTypes.set(reader.id, reader.cardType); }
  tile.dataset.plugin = reader.plugin || "";
  fillOperations(tile);
  tile.className = `tile state-${reader.state}`;
  text(tile, ".name", reader.name);
  text(tile, ".state", reader.state);
  tile.querySelector(".card-type").textContent = reader.atr ? (cardTypes.get(reader.id) || "card not identified") : "";
  text(tile, ".atr", reader.atr);
  if (reader.lastError) { text(tile, ".last-error", reader.lastError.message); }
  FleetView.track(reader.id, tile, stationOf(reader), reader.state, reader.atr ? cardTypes.get(reader.id) : null);
}

// The identified card's plugin (on the reader's own station) decides what can run; before identification every loaded
// operation is offered (the first plugin's descriptor of each name).
function offered(tile) {
  const own = plugins.find((p) => p.id === tile.dataset.plugin && (!p.station || p.station === tile.dataset.station));
  if (own) { return own.operations; }
  const byName = new Map();
  plugins.flatMap((p) => p.operations || []).forEach((o) => { if (!byName.has(o.name)) { byName.set(o.name, o); } });
  return [...byName.values()];
}

function fillOperations(tile) {
  const attached = tile.classList.contains("state-Attached") || tile.classList.contains("state-InTransaction");
  const names = attached ? offered(tile).map((o) => o.name) : [];
  let form = tile.querySelector(".operation");
  if (!form) {
    if (names.length === 0) { return; }
    form = addOperationForm(tile);
  }
  const select = tile.querySelector(".op-name");
  form.hidden = names.length === 0;
  if (!(select.options.length === names.length && [...select.options].every((o, i) => o.value === names[i]))) {
    select.replaceChildren(...names.map((name) => new Option(name, name)));
  }
  buildFields(tile);
}

function addOperationForm(tile) {
  tile.append(document.getElementById("operation-template").content.cloneNode(true));
  const form = tile.querySelector(".operation");
  form.addEventListener("submit", (e) => { e.preventDefault(); runOperation(tile.dataset.reader, tile); });
  tile.querySelector(".op-name").addEventListener("change", () => buildFields(tile));
  return form;
}

function descriptor(tile) {
  return offered(tile).find((o) => o.name === tile.querySelector(".op-name").value) || null;
}

// Rebuilt only when the operation or its plugin changes: re-reading a reader must not wipe what the operator typed.
const fieldsBuiltFor = new WeakMap(); // tile -> what its fields were built from
function buildFields(tile) {
  const operation = descriptor(tile);
  const key = operation ? `${tile.dataset.plugin}|${JSON.stringify(operation)}` : "";
  if (fieldsBuiltFor.get(tile) === key) { return; }
  fieldsBuiltFor.set(tile, key);
  OperationForm.build(tile, operation);
}

// One request per reader at a time; an event that arrives meanwhile marks the reader stale so it is read once more
// after the answer in flight (which may predate that event).
const stale = new Set();
async function refresh(readerId) {
  if (refreshing.has(readerId)) { stale.add(readerId); return refreshing.get(readerId); }
  const pending = api(`/api/readers/${encodeURIComponent(readerId)}`)
    .then(render)
    .catch((e) => {
      const tile = tiles.get(readerId);
      if (!tile) { return; }
      // Only a reader the station no longer knows leaves the page; other failures (503 while PC/SC recovers) stay visible.
      if (e.message.startsWith("404")) { removeTile(readerId); } else { text(tile, ".last-error", e.message); }
    })
    .finally(() => {
      refreshing.delete(readerId);
      if (stale.delete(readerId)) { refresh(readerId); }
    });
  refreshing.set(readerId, pending);
  return pending;
}

// The whole list: new readers get tiles, known ones are drawn again, and readers that left the fleet leave the page.
async function loadAll() {
  const list = await api("/api/readers");
  const listed = new Set(list.readers.map((r) => r.id));
  [...tiles.keys()].filter((id) => !listed.has(id)).forEach(removeTile);
  list.readers.forEach(render);
  await loadPlugins();
}

// Station health is not an event: GET /api/stations is read every second (a killed station must show unreachable within
// 5 s, and the failure detector alone takes 2-4 s of it).
// When a station comes, goes or changes status, the reader list is read again (its readers appear, grey or leave).
let stationsDue = null;
let stationsLoading = false;
async function loadStations() {
  clearTimeout(stationsDue);
  if (stationsLoading) { return; } // the request in flight schedules the next one
  stationsLoading = true;
  try {
    const answer = await api("/api/stations");
    if (FleetView.showStations(answer.stations)) { await loadAll(); }
  } catch {
    // The stream badge and the readiness badge already say when the host cannot be reached.
  } finally {
    stationsLoading = false;
    stationsDue = setTimeout(loadStations, 1000);
  }
}

function showPlugins(list) {
  plugins = list;
  PluginsPanel.render(list, pluginCommand);
  tiles.forEach(fillOperations);
}

async function loadPlugins() {
  try {
    showPlugins(await api("/api/plugins"));
    PluginsPanel.error("");
  } catch (e) {
    PluginsPanel.error(e.message);
  }
}

// A command answers its own station's plugins only: the panel, which shows every station's, reads the whole list again.
async function pluginCommand(path, method) {
  try {
    await api(path, { method });
    PluginsPanel.error("");
  } catch (e) {
    PluginsPanel.error(e.message);
    return;
  }
  await loadPlugins();
}

// Cards come and go in bursts: the panel's card lists are read again once things have been quiet for a moment.
let pluginsDue = null;
function refreshPluginsSoon() {
  clearTimeout(pluginsDue);
  pluginsDue = setTimeout(loadPlugins, 300);
}

async function act(readerId, action, body) {
  const tile = tiles.get(readerId);
  try {
    await api(`/api/readers/${encodeURIComponent(readerId)}/${action}`, { method: "POST", body: JSON.stringify(body) });
    text(tile, ".last-error", "");
  } catch (e) {
    text(tile, ".last-error", e.message);
  }
  refresh(readerId);
}

async function runOperation(readerId, tile) {
  const name = tile.querySelector(".op-name").value;
  const operation = descriptor(tile);
  let body;
  try {
    body = JSON.stringify({ arguments: OperationForm.collect(tile) });
  } catch (e) {
    text(tile, ".last-error", e.message);
    return;
  } finally {
    OperationForm.forgetSecrets(tile);
  }
  try {
    const answer = await api(`/api/readers/${encodeURIComponent(readerId)}/operations/${encodeURIComponent(name)}`, { method: "POST", body });
    OperationForm.showResult(tile, name, answer, operation);
    text(tile, ".last-op", `${name} ok`);
    text(tile, ".last-error", "");
  } catch (e) {
    tile.querySelector(".op-result").hidden = true;
    text(tile, ".last-error", e.message);
  }
}

const logLength = 200;
function logItem(record) {
  const item = document.createElement("li");
  const details = Object.entries(record.data || {}).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(" ");
  const station = document.createElement("span");
  station.className = "log-station";
  station.textContent = record.station || "";
  item.append(`${new Date(record.timestamp).toLocaleTimeString()} ${record.type} `, station,
    ` ${record.readerId || "station"} ${details}`);
  return item;
}

// A busy fleet sends thousands of events a second: they are taken in batches every 100 ms. The log gets the newest 200
// of a batch at once, each reader named in a batch is read again once, and a batch naming many readers reads the whole
// list once instead of one request per reader.
const batch = { records: [], readers: new Set(), reloadAll: false, due: null };
const readerRequestsPerBatch = 32;

function flushEvents() {
  batch.due = null;
  const list = document.getElementById("log");
  list.prepend(...batch.records.slice(-logLength).reverse().map(logItem));
  while (list.children.length > logLength) { list.lastElementChild.remove(); }
  if (batch.reloadAll || batch.readers.size > readerRequestsPerBatch) {
    loadAll().catch(() => {});
  } else {
    batch.readers.forEach(refresh);
  }
  batch.records = [];
  batch.readers.clear();
  batch.reloadAll = false;
  readiness();
}

function onEvent(message) {
  const record = JSON.parse(message.data);
  batch.records.push(record);
  if (batch.records.length > logLength) { batch.records.shift(); }
  if (!batch.due) { batch.due = setTimeout(flushEvents, 100); }
  const id = record.readerId;
  if (record.type === "CardIdentified" && id) { cardTypes.set(id, record.data.cardType || record.data.plugin); }
  if (record.type === "CardRemoved" && id) { cardTypes.delete(id); }
  if (record.type === "ReaderActivity" && id && tiles.has(id)) {
    const tile = tiles.get(id);
    text(tile, ".last-op", `${record.data.action} ${record.data.outcome}`);
    if (record.data.outcome !== "ok") { text(tile, ".last-error", record.data.detail); }
  }
  if (record.type === "CardRemoved" && id && tiles.has(id)) { tiles.get(id).querySelector(".remove-card").hidden = true; }
  // Job events belong to the jobs panel; the reader whose row ended for good shows "remove card" until its card leaves.
  if (record.type.startsWith("Job")) {
    const done = JobsView.onEvent(record);
    if (done && tiles.has(done)) { tiles.get(done).querySelector(".remove-card").hidden = false; }
    return;
  }
  if (record.type.startsWith("Card") || record.type.startsWith("Plugin")) { refreshPluginsSoon(); }
  if (record.type === "ReaderRemoved" && id) { removeTile(id); batch.readers.delete(id); return; }
  if (id) { batch.readers.add(id); } else { batch.reloadAll = true; }
}

async function readiness() {
  const badge = document.getElementById("readiness");
  try {
    const response = await fetch("/readyz");
    const body = await response.json();
    badge.textContent = body.ready ? "ready" : `not ready: ${body.pcsc}`;
    badge.className = `badge ${body.ready ? "ok" : "bad"}`;
  } catch {
    badge.textContent = "host unreachable";
    badge.className = "badge bad";
  }
}

function start() {
  loadAll().catch((e) => { document.getElementById("stream").textContent = e.message; });
  loadStations();
  readiness();
  JobsView.start(api);
  if (events) { events.close(); }
  const badge = document.getElementById("stream");
  events = new EventSource("/api/events");
  events.onopen = () => { badge.textContent = "live"; badge.className = "badge ok"; loadAll().catch(() => {}); JobsView.load(); };
  events.onerror = () => { badge.textContent = "reconnecting…"; badge.className = "badge bad"; };
  events.onmessage = onEvent;
}

AuditView.init();
start();
