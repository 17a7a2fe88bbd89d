// The fleet around the tiles: one collapsible section per station (its health from GET /api/stations), the filters by
// station, state and card type, and the counts per state. Built for 1,000 readers and more: a reader's change touches
// only its own tile (its filter match is decided for that tile alone), the counts are recomputed at most once per
// frame, and a collapsed section is not laid out at all. dashboard.js owns the tiles' contents; this file only places them.
"use strict";

const FleetView = (() => {
  // Every state a reader can report (the station's ReaderState, and Unreachable for a reader whose station is lost).
  const states = ["NoCard", "CardPresent", "Attached", "InTransaction", "BlockedByForeignTransaction", "Faulted", "ServiceLost", "Unreachable"];
  // A station in one of these statuses cannot answer for its readers: they stay on the page, greyed, with their last known state.
  const lostStatuses = new Set(["Unreachable", "Down"]);
  const noCardType = "(none)";
  const sections = new Map();   // station name -> { element, tiles }
  const readers = new Map();    // reader id -> { tile, station, state, cardType }
  const filter = { station: "", state: "", cardType: "" };
  let stations = new Map();     // GET /api/stations, by name
  let countsFrame = 0;

  const container = () => document.getElementById("readers");

  function section(name) {
    let entry = sections.get(name);
    if (entry) { return entry; }
    const element = document.getElementById("station-template").content.firstElementChild.cloneNode(true);
    element.dataset.station = name;
    element.querySelector(".station-name").textContent = name || "this station";
    entry = { element, tiles: element.querySelector(".tiles") };
    sections.set(name, entry);
    const after = [...container().children].find((s) => s.dataset.station > name);
    container().insertBefore(element, after || null);
    describe(entry, stations.get(name));
    applyStationFilter(entry);
    return entry;
  }

  /** Puts a new tile into its station's section, in reader-id order (binary search: the page stays fast at 1,000 tiles). */
  function place(tile, station) {
    const tiles = section(station).tiles;
    const children = tiles.children;
    let low = 0;
    let high = children.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (children[middle].dataset.reader < tile.dataset.reader) { low = middle + 1; } else { high = middle; }
    }
    tiles.insertBefore(tile, children[low] || null);
  }

  /** What the filters and counts need of one reader; decides its tile's visibility alone. */
  function track(id, tile, station, state, cardType) {
    const entry = { tile, station, state, cardType: cardType || "" };
    readers.set(id, entry);
    tile.hidden = !matches(entry);
    tile.classList.toggle("unreachable", state === "Unreachable" || lostStatuses.has(stations.get(station)?.status));
    if (cardType) { addCardType(cardType); }
    countsSoon();
  }

  function forget(id) {
    readers.delete(id);
    countsSoon();
  }

  function matches(entry, ignoringState = false) {
    return (!filter.station || entry.station === filter.station)
      && (ignoringState || !filter.state || entry.state === filter.state)
      && (!filter.cardType || (filter.cardType === noCardType ? !entry.cardType : entry.cardType === filter.cardType));
  }

  function applyStationFilter(entry) {
    entry.element.hidden = filter.station !== "" && entry.element.dataset.station !== filter.station;
  }

  function applyAll() {
    sections.forEach(applyStationFilter);
    readers.forEach((entry) => { entry.tile.hidden = !matches(entry); });
    countsSoon();
  }

  function setFilter(name, value) {
    filter[name] = value;
    document.getElementById(`filter-${name}`).value = value;
    applyAll();
  }

  function text(element, selector, value) {
    element.querySelector(selector).textContent = value;
  }

  /** A section's header: status, reader count, version, last seen; its readers greyed while the station is lost. */
  function describe(entry, station) {
    const element = entry.element;
    const status = station ? station.status : "";
    element.dataset.status = status;
    element.classList.toggle("lost", lostStatuses.has(status));
    text(element, ".station-self", station && station.self ? "this node" : "");
    const badge = element.querySelector(".station-status");
    badge.textContent = status || "unknown";
    badge.className = `badge station-status status-${status || "unknown"}`;
    text(element, ".station-readers", station ? `${station.readers} reader${station.readers === 1 ? "" : "s"}` : "");
    text(element, ".station-version", station && station.version ? `version ${station.version}` : "");
    text(element, ".station-seen", station && station.lastSeen ? `last seen ${new Date(station.lastSeen).toLocaleTimeString()}` : "");
    text(element, ".station-lost", lostStatuses.has(status) ? "unreachable: its readers show their last known state" : "");
  }

  /** Applies a fresh GET /api/stations answer; true when a station came, went or changed status since the last answer
   *  (the reader list is then read again). */
  function showStations(list) {
    const next = new Map(list.map((s) => [s.name, s]));
    // The first answer changes nothing the first reader list (read at start) did not already show.
    const first = stations.size === 0;
    const changed = next.size !== stations.size || list.some((s) => stations.get(s.name)?.status !== s.status);
    stations = next;
    const self = list.find((s) => s.self);
    document.getElementById("node").textContent = self ? `${self.name} (${self.roles.join(", ")})` : "";
    list.filter((s) => s.roles.includes("station") || s.readers > 0).forEach((s) => section(s.name));
    sections.forEach((entry, name) => {
      describe(entry, stations.get(name));
      // A station gone from the fleet whose readers have left too leaves the page.
      if (!stations.has(name) && entry.tiles.children.length === 0) { entry.element.remove(); sections.delete(name); }
    });
    if (changed) {
      readers.forEach((entry) => {
        entry.tile.classList.toggle("unreachable", entry.state === "Unreachable" || lostStatuses.has(stations.get(entry.station)?.status));
      });
      fillStationFilter();
    }
    return changed && !first;
  }

  function fillStationFilter() {
    const select = document.getElementById("filter-station");
    const names = [...new Set([...stations.keys(), ...sections.keys()])].filter((n) => n !== "").sort();
    if (filter.station && !names.includes(filter.station)) { names.push(filter.station); }
    select.replaceChildren(new Option("all stations", ""), ...names.map((n) => new Option(n, n)));
    select.value = filter.station;
  }

  function addCardType(cardType) {
    const select = document.getElementById("filter-cardType");
    if ([...select.options].some((o) => o.value === cardType)) { return; }
    const after = [...select.options].slice(2).find((o) => o.value > cardType);
    select.insertBefore(new Option(cardType, cardType), after || null);
  }

  function countsSoon() {
    if (!countsFrame) { countsFrame = requestAnimationFrame(showCounts); }
  }

  /** Counts per state over the readers the station and card-type filters let through; a count is a button filtering its state. */
  function showCounts() {
    countsFrame = 0;
    const counts = new Map();
    let shown = 0;
    readers.forEach((entry) => {
      if (!entry.tile.hidden) { shown++; }
      if (!matches(entry, true)) { return; }
      counts.set(entry.state, (counts.get(entry.state) || 0) + 1);
    });
    const chips = states.concat([...counts.keys()].filter((s) => !states.includes(s))).filter((s) => counts.has(s)).map((state) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = `count state-${state}${filter.state === state ? " active" : ""}`;
      chip.dataset.state = state;
      chip.append(`${state} `);
      const number = document.createElement("b");
      number.textContent = counts.get(state);
      chip.append(number);
      chip.addEventListener("click", () => setFilter("state", filter.state === state ? "" : state));
      return chip;
    });
    document.getElementById("counts").replaceChildren(...chips);
    document.getElementById("shown").textContent = `${shown} of ${readers.size} readers shown`;
  }

  function start() {
    const stateSelect = document.getElementById("filter-state");
    stateSelect.replaceChildren(new Option("any state", ""), ...states.map((s) => new Option(s, s)));
    const typeSelect = document.getElementById("filter-cardType");
    typeSelect.replaceChildren(new Option("any card type", ""), new Option("no card identified", noCardType));
    fillStationFilter();
    for (const name of Object.keys(filter)) {
      document.getElementById(`filter-${name}`).addEventListener("change", (e) => setFilter(name, e.target.value));
    }
  }

  start();
  return { place, track, forget, showStations };
})();
