// The plugins panel: each plugin's version, state (with the reason when it is not Loaded) and the readers whose card it
// holds, with Reload and Clear quarantine. In a fleet each row names its station, and its commands go to that station.
"use strict";

const PluginsPanel = (() => {
  function cell(textValue, className) {
    const td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = textValue === null || textValue === undefined || textValue === "" ? "—" : textValue;
    return td;
  }

  function button(label, className, enabled, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.disabled = !enabled;
    b.addEventListener("click", onClick);
    return b;
  }

  function row(plugin, command) {
    const tr = document.createElement("tr");
    tr.className = `state-${plugin.state}`;
    tr.dataset.plugin = plugin.id;
    const name = cell(plugin.name);
    name.title = `${plugin.id} (folder ${plugin.folder}, SDK ${plugin.sdkVersion || "?"})`;
    const state = cell("");
    const stateName = document.createElement("span");
    stateName.className = "state";
    stateName.textContent = plugin.state;
    state.replaceChildren(stateName);
    if (plugin.reason) {
      const reason = document.createElement("span");
      reason.className = "reason";
      reason.textContent = plugin.reason;
      state.append(reason);
    }
    const actions = document.createElement("div");
    actions.className = "plugin-actions";
    const id = encodeURIComponent(plugin.id);
    // A plugin belongs to its station: the command goes to that station (the node serving the page may be another one).
    tr.dataset.station = plugin.station || "";
    const station = plugin.station ? `?station=${encodeURIComponent(plugin.station)}` : "";
    actions.append(
      button("Reload", "reload", true, () => command(`/api/plugins/${id}/reload${station}`, "POST")),
      button("Clear quarantine", "clear-quarantine", plugin.state === "Quarantined", () => command(`/api/plugins/${id}/quarantine${station}`, "DELETE")));
    if (plugin.station) {
      const where = document.createElement("span");
      where.className = "plugin-station";
      where.textContent = plugin.station;
      name.append(where);
    }
    name.append(actions);
    tr.append(name, cell(plugin.version, "version"), state, cell((plugin.cards || []).join(", "), "cards"));
    return tr;
  }

  /** Draws `plugins` (the list GET /api/plugins answers); `command(path, method)` runs a button's request. */
  function render(plugins, command) {
    document.querySelector("#plugins tbody").replaceChildren(...plugins.map((p) => row(p, command)));
  }

  function error(message) {
    document.getElementById("plugins-error").textContent = message || "";
  }

  return { render, error };
})();
