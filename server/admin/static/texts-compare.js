// lcwasm site console: every language of the widget's texts side by side,
// one row per phrase: its English default, then what each language shows
// (the widget's shipped translation, /lcw/lang-<tag>.json, or the site's
// own text, marked "Changed"; a phrase a language lacks is marked
// "Missing": the widget shows the English one). Read-only: each column's
// Edit button opens that language in the texts form. Text is set as text;
// every cell carries its language and direction.
"use strict";
(() => {
  const { el } = lcwAdmin;
  const RTL = ["ar", "he", "fa", "ur", "yi", "ps", "dv", "ug", "ckb", "sd"];
  // shipped[tag]: the phrases the bundle ships for tag, null while loading,
  // false when they could not be loaded.
  const shipped = {};
  let cells = {}; // cells[tag][key]: the cell showing it, for updates in place
  let current = null; // {cfg, catalog, table} of the table shown

  const dir = (tag) => {
    try {
      const loc = new Intl.Locale(tag);
      const info = loc.getTextInfo?.() ?? loc.textInfo;
      if (info?.direction) return info.direction;
    } catch { /* not a tag Intl knows: the list decides */ }
    return RTL.includes(String(tag).split("-")[0]) ? "rtl" : "ltr";
  };
  const name = (tag) => { try { return new Intl.DisplayNames(["en"], { type: "language" }).of(tag); } catch { return tag; } };
  const own = (cfg, tag, key) => {
    const t = cfg.texts?.[tag];
    return t && typeof t === "object" && typeof t[key] === "string" ? t[key] : undefined;
  };

  // columns are the languages the widget ships, then any other the
  // configuration has texts for (the validator says it is not shipped).
  const columns = (cfg, catalog) => {
    const extra = Object.keys(cfg.texts && typeof cfg.texts === "object" ? cfg.texts : {}).filter((l) => !catalog.languages.includes(l));
    return [...catalog.languages, ...extra];
  };

  async function load(tag, catalog) {
    if (tag === "en") {
      shipped.en = Object.fromEntries(catalog.phrases.map((p) => [p.key, p.english]));
      return;
    }
    try {
      const resp = await fetch(`/lcw/lang-${encodeURIComponent(tag)}.json`, { credentials: "same-origin" });
      const data = resp.ok ? await resp.json() : null;
      shipped[tag] = data && typeof data === "object" && !Array.isArray(data) ? data : false;
    } catch {
      shipped[tag] = false;
    }
  }

  // state of one phrase in one language: changed, shipped, missing or
  // loading/unavailable, and the text it shows.
  function state(cfg, catalog, tag, p) {
    const mine = own(cfg, tag, p.key);
    if (mine !== undefined) return { kind: "changed", text: mine };
    if (!catalog.languages.includes(tag)) return { kind: "missing", text: p.english };
    const s = shipped[tag];
    if (s === null || s === undefined) return { kind: "loading", text: "" };
    if (s === false) return { kind: "unavailable", text: "" };
    return typeof s[p.key] === "string" && s[p.key] !== "" ? { kind: "shipped", text: s[p.key] } : { kind: "missing", text: p.english };
  }

  const FLAGS = { changed: "Changed", missing: "Missing", loading: "Loading…", unavailable: "Not loaded" };
  function fill(td, cfg, catalog, tag, p) {
    const st = state(cfg, catalog, tag, p);
    td.dataset.state = st.kind;
    const kids = [];
    if (st.text) {
      // The English fallback of a missing text is English, not the column's.
      const lang = st.kind === "missing" ? "en" : tag;
      kids.push(el("bdi", { class: "tx-text", lang, dir: st.kind === "missing" ? "ltr" : "auto", text: st.text }));
    }
    if (FLAGS[st.kind]) kids.push(el("span", { class: `tx-flag tx-${st.kind}`, lang: "en", dir: "ltr", text: FLAGS[st.kind] }));
    td.replaceChildren(...kids);
  }

  function counts(cfg, catalog, tag) {
    let changed = 0, missing = 0;
    for (const p of catalog.phrases) {
      const k = state(cfg, catalog, tag, p).kind;
      if (k === "changed") changed++;
      if (k === "missing") missing++;
    }
    return `${changed} changed, ${missing} missing`;
  }

  // renderCompare draws the table into box; edit(tag) opens tag in the
  // texts form.
  lcwAdmin.renderCompare = (box, cfg, catalog, edit) => {
    const langs = columns(cfg, catalog);
    const head = el("tr", {},
      el("th", { scope: "col", text: "Text" }),
      el("th", { scope: "col", lang: "en" }, el("span", { text: "English default" })));
    cells = {};
    for (const tag of langs) {
      const isShipped = catalog.languages.includes(tag);
      const th = el("th", { scope: "col", id: `tx-col-${tag}` },
        el("span", { class: "tx-lang", text: `${name(tag)} (${tag})` }),
        el("span", { class: "meta tx-count", id: `tx-count-${tag}`, text: isShipped ? "" : "not shipped" }));
      if (isShipped) {
        th.append(el("button", { type: "button", class: "quiet tx-edit-lang", id: `tx-edit-${tag}`,
          "aria-label": `Edit the ${name(tag)} texts`, text: "Edit", onclick: () => edit(tag) }));
      }
      head.append(th);
      cells[tag] = {};
      if (isShipped && shipped[tag] === undefined) {
        shipped[tag] = null;
        load(tag, catalog).then(() => { if (current) refresh(tag); });
      }
    }
    const body = el("tbody");
    for (const p of catalog.phrases) {
      const tr = el("tr", {},
        el("th", { scope: "row" }, el("code", { text: p.key })),
        el("td", { lang: "en", dir: "ltr", class: "tx-default" }, el("bdi", { text: p.english })));
      for (const tag of langs) {
        const td = el("td", { lang: tag, dir: dir(tag) === "rtl" ? "rtl" : "auto", "data-lang": tag, "data-key": p.key });
        fill(td, cfg, catalog, tag, p);
        cells[tag][p.key] = td;
        tr.append(td);
      }
      body.append(tr);
    }
    const table = el("table", { class: "tx-compare", id: "tx-compare" },
      el("caption", { id: "tx-compare-caption", text: "Every language side by side" }),
      el("thead", {}, head), body);
    current = { cfg, catalog, table };
    table.dataset.loaded = String(langs.every((l) => !catalog.languages.includes(l) || shipped[l] !== null));
    for (const tag of langs) countIn(tag);
    box.replaceChildren(
      el("p", { class: "hint", id: "tx-compare-hint",
        text: "Changed: this site's own text. Missing: no translation; the widget shows the English text. Scroll the table sideways for more languages." }),
      el("div", { class: "tx-compare-scroll", id: "tx-compare-region", role: "region", tabindex: "0",
        "aria-labelledby": "tx-compare-caption", "aria-describedby": "tx-compare-hint" }, table));
  };

  function countIn(tag) {
    // The table shown, not the document: a new table is counted before
    // it replaces the old one.
    const c = current?.table.querySelector(`#${CSS.escape(`tx-count-${tag}`)}`);
    if (c && current.catalog.languages.includes(tag)) c.textContent = shipped[tag] === false && tag !== "en" ? "not loaded" : counts(current.cfg, current.catalog, tag);
  }

  function refresh(tag) {
    if (!cells[tag] || !current) return;
    for (const p of current.catalog.phrases) if (cells[tag][p.key]) fill(cells[tag][p.key], current.cfg, current.catalog, tag, p);
    countIn(tag);
    current.table.dataset.loaded = String(Object.values(shipped).every((v) => v !== null));
  }

  // compareChanged updates the cell of key in tag after the texts form
  // changed it.
  lcwAdmin.compareChanged = (tag) => refresh(tag);
})();
