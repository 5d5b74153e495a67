// lcwasm site console: the widget's texts per language, generated from
// what the widget's decoder accepts (GET /admin/api/texts: its languages
// and every phrase with its English text), so a new phrase or language
// needs no change here. It edits "texts", "language" and "colorScheme".
"use strict";
(() => {
  const { el } = lcwAdmin;
  let catalog = { languages: [], phrases: [] };
  let shownLang = "";
  let comparing = false; // the side-by-side table of every language shows

  lcwAdmin.loadTexts = async () => {
    const resp = await fetch("/admin/api/texts", { credentials: "same-origin" });
    if (resp.ok) catalog = await resp.json();
  };

  const obj = (o, k) => o[k] && typeof o[k] === "object" && !Array.isArray(o[k]) ? o[k] : (o[k] = {});
  const select = (id, current, opts, onchange) => {
    const s = el("select", { id, onchange });
    for (const [value, text] of opts) s.append(el("option", { value, text, selected: value === (current ?? "") }));
    return s;
  };

  lcwAdmin.renderTexts = (box, cfg, { changed, structural }) => {
    if (!catalog.phrases.length) {
      box.replaceChildren(el("p", { class: "hint", text: "This widget has no texts to translate." }));
      return;
    }
    const langs = catalog.languages;
    if (!langs.includes(shownLang)) shownLang = Object.keys(cfg.texts || {}).find((l) => langs.includes(l)) || langs[0];
    const setTop = (k, v) => { if (v) cfg[k] = v; else delete cfg[k]; changed(); };
    const rows = el("div", { class: "grid-form texts", "data-wpath": `texts.${shownLang}` });
    for (const p of catalog.phrases) {
      const id = `tx-${shownLang}-${p.key}`;
      const own = cfg.texts?.[shownLang]?.[p.key];
      rows.append(el("label", { for: id }, el("bdi", { text: p.english }), el("span", { class: "meta", text: ` (${p.key})` })),
        el("input", { id, value: own ?? "", placeholder: p.english, dir: "auto", autocomplete: "off", "data-wpath": `texts.${shownLang}.${p.key}`,
          oninput: (e) => {
            const texts = obj(cfg, "texts"), lang = obj(texts, shownLang);
            if (e.target.value) lang[p.key] = e.target.value; else delete lang[p.key];
            if (!Object.keys(lang).length) delete texts[shownLang];
            if (!Object.keys(texts).length) delete cfg.texts;
            changed();
            if (comparing) lcwAdmin.compareChanged(shownLang);
          } }));
    }
    const compare = el("div", { id: "tx-compare-box", hidden: !comparing });
    if (comparing) {
      lcwAdmin.renderCompare(compare, cfg, catalog, (tag) => {
        shownLang = tag;
        structural(`tx-${tag}-${catalog.phrases[0].key}`);
      });
    }
    const toggle = el("button", { type: "button", id: "tx-compare-toggle", class: "quiet", "aria-expanded": String(comparing),
      "aria-controls": "tx-compare-box", text: comparing ? "Hide the languages side by side" : "Show every language side by side",
      onclick: () => { comparing = !comparing; structural("tx-compare-toggle"); } });
    const names = (tag) => { try { return new Intl.DisplayNames(["en"], { type: "language" }).of(tag); } catch { return tag; } };
    box.replaceChildren(
      el("div", { class: "grid-form" },
        el("label", { for: "tx-language", text: "Widget language" }),
        select("tx-language", cfg.language, [["", "the visitor's (page, then browser)"], ...langs.map((l) => [l, `${names(l)} (${l})`])],
          (e) => setTop("language", e.target.value)),
        el("label", { for: "tx-scheme", text: "Colours" }),
        select("tx-scheme", cfg.colorScheme, [["", "the visitor's light or dark setting"], ["light", "always light"], ["dark", "always dark"]],
          (e) => setTop("colorScheme", e.target.value)),
        el("label", { for: "tx-edit", text: "Texts to change in" }),
        select("tx-edit", shownLang, langs.map((l) => [l, `${names(l)} (${l})${cfg.texts?.[l] ? ", changed" : ""}`]),
          (e) => { shownLang = e.target.value; structural("tx-edit"); })),
      toggle,
      compare,
      el("p", { class: "hint", text: "Leave a text empty to keep the widget's own translation; the English text is shown in each field." }),
      rows,
      el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": "texts" }));
  };
})();
