// lcwasm site console: the canned responses every agent of the widget
// shares ("cannedResponses", read by the chat service, never served to
// pages). Agents type "/" and the shortcut in their reply box.
"use strict";
(() => {
  const { el } = lcwAdmin;

  lcwAdmin.renderCanned = (box, cfg, { changed, structural }) => {
    const list = () => Array.isArray(cfg.cannedResponses) ? cfg.cannedResponses : [];
    const ol = el("ol", { class: "items" });
    list().forEach((c, i) => {
      const item = c && typeof c === "object" ? c : (cfg.cannedResponses[i] = {});
      const id = `cr${i}`;
      ol.append(el("li", { class: "item", "data-wpath": `cannedResponses[${i}]` },
        el("div", { class: "grid-form" },
          el("label", { for: id + "-shortcut", text: "Shortcut (a-z, 0-9, - and _; typed after /)" }),
          el("input", { id: id + "-shortcut", value: item.shortcut ?? "", autocomplete: "off", spellcheck: "false", "data-wpath": `cannedResponses[${i}].shortcut`,
            oninput: (e) => { item.shortcut = e.target.value; changed(); } }),
          el("label", { for: id + "-text", text: "Text ({visitor.name} and {agent.name} are filled in)" }),
          el("textarea", { id: id + "-text", rows: 2, value: item.text ?? "", dir: "auto", "data-wpath": `cannedResponses[${i}].text`,
            oninput: (e) => { item.text = e.target.value; changed(); } })),
        el("button", { type: "button", class: "danger", text: "Remove", "aria-label": `Remove canned response ${i + 1}`,
          onclick: () => { list().splice(i, 1); if (!list().length) delete cfg.cannedResponses; structural("cr-add"); } }),
        el("p", { class: "field-error", role: "alert", hidden: true })));
    });
    box.replaceChildren(
      el("p", { class: "hint", text: list().length ? "Shared by every agent of this widget, on top of their own." : "None yet." }),
      ol,
      el("button", { type: "button", id: "cr-add", text: "Add a canned response", onclick: () => {
        cfg.cannedResponses = list();
        cfg.cannedResponses.push({ shortcut: "", text: "" });
        structural(`cr${cfg.cannedResponses.length - 1}-shortcut`);
      } }),
      el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": "cannedResponses" }));
  };
})();
