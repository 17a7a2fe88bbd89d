// The operation form of a reader tile, generated from the operation's descriptor (GET /api/plugins: operations[].arguments
// with name, type, description, required), and the result table. A Secret argument is a password input whose value
// goes into the request body only: it is never written into the page, the tile, the event log or the result, and the
// input (and its key in the advanced JSON box) is emptied once the request is sent.
"use strict";

const OperationForm = (() => {
  // FieldType -> how it is typed in. Object and Array take JSON text.
  const inputs = {
    Integer: { type: "number", step: "1" },
    Boolean: { type: "checkbox" },
    Hex: { type: "text", pattern: "[0-9A-Fa-f\\s:\\-]*", title: "hex digits; spaces, colons and dashes allowed", spellcheck: "false" },
    String: { type: "text" },
    Secret: { type: "password", autocomplete: "off" },
  };

  function field(argument) {
    const wrapper = document.createElement("label");
    wrapper.className = `op-field ${argument.type.toLowerCase()}`;
    const name = document.createElement("span");
    name.textContent = argument.name;
    if (argument.required) {
      const mark = document.createElement("span");
      mark.className = "required-mark";
      mark.textContent = " *";
      mark.title = "required";
      name.append(mark);
    }
    const json = !inputs[argument.type];
    const input = document.createElement(json ? "textarea" : "input");
    if (json) { input.rows = 2; input.placeholder = argument.type === "Array" ? "[ ... ] (JSON)" : "{ ... } (JSON)"; }
    Object.entries(inputs[argument.type] || {}).forEach(([key, value]) => input.setAttribute(key, value));
    input.name = argument.name;
    input.dataset.type = argument.type;
    // A checkbox cannot be left empty: an optional one is sent only once the operator has touched it, so the
    // plugin's own default applies otherwise.
    input.required = argument.required && argument.type !== "Boolean";
    if (argument.type === "Boolean") { input.addEventListener("change", () => { input.dataset.touched = "true"; }); }
    const help = document.createElement("small");
    help.className = "help";
    help.textContent = argument.description;
    if (argument.type === "Boolean") { wrapper.append(input, name, help); } else { wrapper.append(name, input, help); }
    return wrapper;
  }

  /** Replaces the tile's fields with those of `operation` (a descriptor; null: an operation nobody describes). */
  function build(tile, operation) {
    tile.querySelector(".op-description").textContent = operation ? operation.description : "";
    tile.querySelector(".op-fields").replaceChildren(...(operation ? operation.arguments.map(field) : []));
  }

  function value(input) {
    switch (input.dataset.type) {
      case "Integer": return Number(input.value);
      case "Boolean": return input.checked;
      case "Object": case "Array": return JSON.parse(input.value);
      default: return input.value;
    }
  }

  /** The request's arguments: the advanced JSON first, then every filled-in field on top. Throws a readable Error. */
  function collect(tile) {
    const raw = tile.querySelector(".op-args").value.trim();
    let args = {};
    if (raw) {
      try { args = JSON.parse(raw); } catch { throw new Error("the advanced arguments must be a JSON object"); }
      if (args === null || typeof args !== "object" || Array.isArray(args)) { throw new Error("the advanced arguments must be a JSON object"); }
    }
    for (const input of tile.querySelectorAll(".op-fields [name]")) {
      const empty = input.type === "checkbox" ? !input.required && input.dataset.touched !== "true" : input.value.trim() === "";
      if (empty) { continue; }
      try { args[input.name] = value(input); } catch { throw new Error(`${input.name} must be JSON (${input.dataset.type})`); }
    }
    return args;
  }

  /** Empties every secret input once its value is on its way, and drops the declared secrets' keys from the advanced
   *  JSON (emptied when nothing else is left), so a secret typed there does not stay in the page either; the other
   *  fields and keys stay for the next run. Advanced text that is not JSON was not sent and is left for the operator to fix. */
  function forgetSecrets(tile) {
    const secrets = [...tile.querySelectorAll(".op-fields input[type=password]")].map((input) => {
      input.value = "";
      return input.name;
    });
    const box = tile.querySelector(".op-args");
    let args;
    try { args = JSON.parse(box.value); } catch { return; }
    if (args === null || typeof args !== "object" || Array.isArray(args) || !secrets.some((name) => name in args)) { return; }
    secrets.forEach((name) => { delete args[name]; });
    box.value = Object.keys(args).length === 0 ? "" : JSON.stringify(args);
  }

  function cell(fieldValue, secret) {
    if (secret) { return "***"; }
    if (fieldValue === null || fieldValue === undefined) { return "—"; }
    return typeof fieldValue === "object" ? JSON.stringify(fieldValue) : String(fieldValue);
  }

  /** One row per result field (nested values as JSON), described by the descriptor's result fields where it has them. */
  function showResult(tile, name, answer, operation) {
    const described = new Map((operation ? operation.result : []).map((f) => [f.name, f]));
    const result = answer.result;
    const entries = result !== null && typeof result === "object" && !Array.isArray(result) ? Object.entries(result) : [["result", result]];
    const rows = entries.map(([key, fieldValue]) => {
      const row = document.createElement("tr");
      const header = document.createElement("th");
      header.scope = "row";
      header.textContent = key;
      header.title = described.get(key)?.description || "";
      const data = document.createElement("td");
      data.textContent = cell(fieldValue, described.get(key)?.type === "Secret");
      row.append(header, data);
      return row;
    });
    const table = tile.querySelector(".op-result");
    table.querySelector("caption").textContent = `${name} by ${answer.plugin} in ${answer.elapsedMs} ms`;
    table.querySelector("tbody").replaceChildren(...rows);
    table.hidden = false;
  }

  return { build, collect, forgetSecrets, showResult };
})();
