// lcwasm site console: the configuration's lists of small records, each
// drawn from a row of LISTS: the canned responses every agent of the
// widget shares ("cannedResponses", read by the chat service, never served
// to pages) and the funnel's goals by address ("goals").
"use strict";
(() => {
  const { el } = lcwAdmin;

  const LISTS = {
    cannedResponses: { prefix: "cr", item: "canned response", add: "Add a canned response",
      empty: "None yet.", some: "Shared by every agent of this widget, on top of their own.",
      fields: [
        { key: "shortcut", label: "Shortcut (a-z, 0-9, - and _; typed after /)" },
        { key: "text", label: "Text ({visitor.name} and {agent.name} are filled in)", rows: 2 }] },
    goals: { prefix: "gl", item: "goal", add: "Add a goal",
      empty: "None: only the page's SDK.reportGoal counts goals.", some: "A page view at this path counts the goal; the path never leaves the browser.",
      fields: [
        { key: "name", label: "Goal name (letters, digits, _ . -)" },
        { key: "path", label: "Path (/checkout/done, or /welcome* for a prefix)" }] },
  };

  lcwAdmin.renderList = (key, box, cfg, { changed, structural }) => {
    const spec = LISTS[key];
    const list = () => Array.isArray(cfg[key]) ? cfg[key] : [];
    const ol = el("ol", { class: "items" });
    list().forEach((c, i) => {
      const item = c && typeof c === "object" ? c : (cfg[key][i] = {});
      const id = `${spec.prefix}${i}`;
      const grid = el("div", { class: "grid-form" });
      for (const f of spec.fields) {
        grid.append(el("label", { for: `${id}-${f.key}`, text: f.label }),
          el(f.rows ? "textarea" : "input", { id: `${id}-${f.key}`, rows: f.rows, value: item[f.key] ?? "", dir: f.rows ? "auto" : undefined,
            autocomplete: "off", spellcheck: "false", "data-wpath": `${key}[${i}].${f.key}`,
            oninput: (e) => { item[f.key] = e.target.value; changed(); } }));
      }
      ol.append(el("li", { class: "item", "data-wpath": `${key}[${i}]` }, grid,
        el("button", { type: "button", class: "danger", text: "Remove", "aria-label": `Remove ${spec.item} ${i + 1}`,
          onclick: () => { list().splice(i, 1); if (!list().length) delete cfg[key]; structural(`${spec.prefix}-add`); } }),
        el("p", { class: "field-error", role: "alert", hidden: true })));
    });
    box.replaceChildren(
      el("p", { class: "hint", text: list().length ? spec.some : spec.empty }),
      ol,
      el("button", { type: "button", id: `${spec.prefix}-add`, text: spec.add, onclick: () => {
        cfg[key] = list();
        cfg[key].push(Object.fromEntries(spec.fields.map((f) => [f.key, ""])));
        structural(`${spec.prefix}${cfg[key].length - 1}-${spec.fields[0].key}`);
      } }),
      el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": key }));
  };
})();
