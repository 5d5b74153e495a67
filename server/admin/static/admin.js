// lcwasm site console. Vanilla JS under a strict CSP with Trusted Types:
// nothing is ever parsed as HTML; every text is set with textContent.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const { el } = lcwAdmin;
  const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  let csrf = "";
  let current = null; // the widget shown: {appId, version, disabled, history}
  let cfg = {}; // its configuration as edited
  let validateTimer = 0;
  let validateSeq = 0;
  let lastProblems = [];

  const status = (text, cls = "") => { $("status").textContent = text; $("status").className = "pill " + cls; };
  const when = (ms) => new Date(ms).toLocaleString();

  async function api(method, path, body) {
    const opts = { method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-CSRF-Token"] = csrf;
      opts.body = JSON.stringify(body);
    }
    const resp = await fetch(path, opts);
    let data = null;
    try { data = await resp.json(); } catch { data = null; }
    if (resp.status === 401) {
      status("Your session ended: reload the page to sign in again", "offline");
      throw new Error("signed out");
    }
    return { status: resp.status, data };
  }
  lcwAdmin.api = api;

  // ---- widgets list ----
  async function loadWidgets() {
    const { data } = await api("GET", "/admin/api/widgets");
    const list = $("widgets");
    list.replaceChildren();
    for (const w of data) {
      const b = el("button", { type: "button", class: "widget-link", "data-app": w.appId,
        "aria-current": String(current?.appId === w.appId), onclick: () => selectWidget(w.appId, true) },
        el("span", { text: w.appId }),
        el("span", { class: "meta", text: `v${w.version}${w.disabled ? " · disabled" : ""} · ${w.author}` }));
      list.append(el("li", {}, b));
    }
  }

  async function selectWidget(appId, focus) {
    const { status: code, data } = await api("GET", "/admin/api/widgets/" + encodeURIComponent(appId));
    if (code !== 200) return;
    current = data;
    cfg = data.config || {};
    $("widget-title").textContent = "Widget " + data.appId;
    $("widget-meta").textContent = `Published version ${data.version} by ${data.author}, ${when(data.at)}` +
      (data.disabled ? ". Disabled: pages get no configuration and no chat." : ".");
    $("widget-body").hidden = false;
    $("disable").textContent = data.disabled ? "Enable widget" : "Disable widget";
    $("publish-result").textContent = "";
    $("diff").hidden = true;
    renderForm();
    renderJSON();
    renderHistory();
    validateSoon(0);
    for (const b of document.querySelectorAll(".widget-link")) b.setAttribute("aria-current", String(b.dataset.app === appId));
    if (focus) $("editor").focus();
  }

  // ---- forms <-> configuration ----
  const on = (obj) => !!(obj && obj.enabled === true);

  function renderForm() {
    $("proactive").checked = on(cfg.proactiveChat);
    $("invite-no-agent").checked = cfg.proactiveChat?.inviteWhenNoAgent === true;
    $("chat").checked = on(cfg.chat);
    $("offline").checked = on(cfg.offline);
    const att = cfg.attachments;
    const types = Array.isArray(att?.types) ? att.types : null;
    $("attachments").checked = !(att && (att.enabled === false || (att.enabled !== true && types && !types.length)));
    for (const box of attachmentTypeBoxes()) box.checked = !types || types.includes(box.dataset.type);
    $("attachment-types").disabled = !$("attachments").checked;
    $("attachments-max").value = att?.maxBytes ? String(Math.round(att.maxBytes / 104857.6) / 10) : "";
    $("reporting").checked = cfg.reporting !== false;
    $("origins").value = Array.isArray(cfg.allowedOrigins) ? cfg.allowedOrigins.join("\n") : "";
    const h = cfg.operatingHours;
    $("hours-on").checked = !!h;
    $("hours-fields").hidden = !h;
    $("hours-zone").value = h?.timeZone || "";
    $("hours-message").value = h?.message || "";
    $("hours-windows").value = (Array.isArray(h?.windows) ? h.windows : []).map((w) =>
      `${(w.days || []).join(",")} ${w.open || ""}-${w.close || ""}`).join("\n");
    renderSnippet();
    renderSettings();
    renderRules();
  }

  const settingsOpts = { changed: () => { renderJSON(); validateSoon(300); }, structural: (id) => structural(id) };
  function renderSettings() {
    lcwAdmin.renderPrechat($("prechat"), cfg, settingsOpts);
    lcwAdmin.renderPostChat($("postchat"), cfg, settingsOpts);
    lcwAdmin.renderOfflineFields($("offline-fields"), cfg, settingsOpts);
    lcwAdmin.renderAuth($("auth"), cfg, settingsOpts);
    lcwAdmin.renderList("cannedResponses", $("canned"), cfg, settingsOpts);
    lcwAdmin.renderList("goals", $("goals"), cfg, settingsOpts);
    lcwAdmin.renderTexts($("texts"), cfg, settingsOpts);
    lcwAdmin.showWidgetErrors($("settings"), lastProblems);
  }

  function parseWindow(line) {
    const m = /^(\S+)\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(line.trim());
    if (!m) return { days: [line.trim()], open: "", close: "" }; // the decoder names the problem
    const days = [];
    for (const part of m[1].toLowerCase().split(",")) {
      const [a, b] = part.split("-");
      const i = DAYS.indexOf(a), j = DAYS.indexOf(b);
      if (b !== undefined && i >= 0 && j >= 0) {
        for (let k = i; ; k = (k + 1) % 7) { days.push(DAYS[k]); if (k === j) break; }
      } else days.push(part);
    }
    return { days, open: m[2], close: m[3] };
  }

  // The types' boxes, in the order widget.AttachmentTypes has them.
  const attachmentTypeBoxes = () => [...$("attachment-types").querySelectorAll("input[data-type]")];

  // attachmentsFromForm writes "attachments" as the form says: every type
  // ticked is the default (no "types"); none while on is "enabled": true
  // with no type, which the widget's decoder refuses at attachments.types.
  function attachmentsFromForm(toggled) {
    const att = { ...(cfg.attachments || {}) };
    const boxes = attachmentTypeBoxes();
    const isOn = $("attachments").checked;
    if (toggled && isOn && !boxes.some((b) => b.checked)) for (const b of boxes) b.checked = true;
    $("attachment-types").disabled = !isOn;
    const picked = boxes.filter((b) => b.checked).map((b) => b.dataset.type);
    if (picked.length === boxes.length) delete att.types; else att.types = picked;
    if (!isOn) att.enabled = false;
    else if (!picked.length) att.enabled = true;
    else delete att.enabled;
    const mb = parseFloat($("attachments-max").value);
    if (mb > 0) att.maxBytes = Math.round(mb * 1048576); else delete att.maxBytes;
    if (Object.keys(att).length) cfg.attachments = att; else delete cfg.attachments;
  }

  function fromForm(e) {
    cfg.proactiveChat = { ...(cfg.proactiveChat || {}), enabled: $("proactive").checked };
    if ($("invite-no-agent").checked) cfg.proactiveChat.inviteWhenNoAgent = true; else delete cfg.proactiveChat.inviteWhenNoAgent;
    cfg.chat = { ...(cfg.chat || {}), enabled: $("chat").checked };
    // The form's questions (offline.fields) stay when it is turned off.
    if ($("offline").checked) cfg.offline = { ...(cfg.offline || {}), enabled: true };
    else if (Array.isArray(cfg.offline?.fields)) cfg.offline = { fields: cfg.offline.fields };
    else delete cfg.offline;
    attachmentsFromForm(e?.target?.id === "attachments");
    if ($("reporting").checked) delete cfg.reporting; else cfg.reporting = false;
    const origins = $("origins").value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (origins.length) cfg.allowedOrigins = origins; else delete cfg.allowedOrigins;
    $("hours-fields").hidden = !$("hours-on").checked;
    if ($("hours-on").checked) {
      const h = { timeZone: $("hours-zone").value.trim() || "UTC",
        windows: $("hours-windows").value.split("\n").filter((l) => l.trim()).map(parseWindow) };
      const msg = $("hours-message").value.trim();
      if (msg) h.message = msg;
      cfg.operatingHours = h;
    } else delete cfg.operatingHours;
    changed();
  }

  function changed() {
    renderJSON();
    renderSnippet();
    renderSettings();
    renderRules();
    validateSoon(300);
  }

  function renderJSON() { $("json").value = JSON.stringify(cfg, null, 2); }

  function fromJSON() {
    let parsed;
    try { parsed = JSON.parse($("json").value); } catch (e) {
      showProblems([{ text: "JSON: " + e.message }]);
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      showProblems([{ text: "JSON: the configuration must be an object" }]);
      return;
    }
    cfg = parsed;
    renderForm();
    validateSoon(300);
  }

  function renderSnippet() {
    if (!current) return;
    const origin = location.origin;
    const { color, font } = lcwAdmin.previewAttrs();
    const q = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    $("snippet").textContent = `<script id="Microsoft_Omnichannel_LCWidget" src="${origin}/lcw/lcw.js" async\n` +
      `        data-app-id="${current.appId}" data-org-id="lcwasm"\n        data-org-url="${origin}"` +
      (color ? `\n        data-color-override="${q(color)}"` : "") + (font ? `\n        data-font-family-override="${q(font)}"` : "") + `></script>`;
  }

  // ---- rules (rules-editor.js draws them) ----
  const ruleSet = () => (cfg.proactiveRules && typeof cfg.proactiveRules === "object") ? cfg.proactiveRules : (cfg.proactiveRules = {});
  const ruleList = () => Array.isArray(cfg.proactiveRules?.rules) ? cfg.proactiveRules.rules : [];
  const ordered = () => ruleList().map((r, i) => ({ r, i })).sort((a, b) =>
    ((b.r?.priority || 0) - (a.r?.priority || 0)) || String(a.r?.id).localeCompare(String(b.r?.id)));

  const ruleOpts = {
    changed: () => { renderJSON(); validateSoon(300); },
    structural: (focusId) => structural(focusId),
    move: (pos, by) => move(pos, by),
    remove: (i) => { cfg.proactiveRules.rules.splice(i, 1); structural("rule-id"); },
    preview: (rule) => lcwAdmin.preview(cfg, current, rule),
  };

  // structural re-renders the rules after a change of shape, keeping the
  // focus on the element with focusId (or the one that had it).
  function structural(focusId) {
    const keep = focusId || document.activeElement?.id;
    changed();
    const target = keep && document.getElementById(keep);
    if (target) target.focus();
  }

  function renderRules() {
    const set = cfg.proactiveRules;
    $("set-budget").value = set?.sessionBudget === undefined ? "" : String(set.sessionBudget);
    $("set-cooldown").value = set?.cooldown === undefined ? "" : String(set.cooldown);
    const rows = lcwAdmin.renderRules($("rules"), ruleList(), ruleOpts);
    $("rules-empty").hidden = rows.length > 0;
    lcwAdmin.showFieldErrors($("rules"), lastProblems);
  }

  function fromSetFields() {
    const set = ruleSet();
    for (const [id, key] of [["set-budget", "sessionBudget"], ["set-cooldown", "cooldown"]]) {
      const v = $(id).value.trim();
      if (v === "") delete set[key]; else set[key] = Number(v);
    }
    if (!Array.isArray(set.rules)) set.rules = [];
    renderJSON();
    validateSoon(300);
  }

  // move changes the evaluation order: priorities are renumbered from the
  // top (10 apart), which is what the engine sorts by.
  function move(pos, by) {
    const rows = ordered().map((x) => x.r);
    const [r] = rows.splice(pos, 1);
    rows.splice(pos + by, 0, r);
    rows.forEach((x, i) => { x.priority = (rows.length - i) * 10; });
    cfg.proactiveRules.rules = rows;
    const i = rows.indexOf(r);
    structural(`r${i}-${by < 0 ? "up" : "down"}`);
    const b = document.getElementById(`r${i}-${by < 0 ? "up" : "down"}`);
    if (b?.disabled) document.getElementById(`r${i}-${by < 0 ? "down" : "up"}`)?.focus();
  }

  function addRule(ev) {
    ev.preventDefault();
    const id = $("rule-id").value.trim();
    if (!id) { $("rule-id").focus(); return; }
    const rule = { id, priority: 0, conditions: [{ timeOnPage: { seconds: Number($("rule-seconds").value) || 0 } }] };
    const msg = $("rule-message").value.trim();
    if (msg) rule.invitation = { message: msg };
    const top = ordered()[0];
    rule.priority = top ? (top.r.priority || 0) + 10 : 10;
    cfg.proactiveRules = cfg.proactiveRules || {};
    cfg.proactiveRules.rules = ruleList();
    cfg.proactiveRules.rules.push(rule);
    $("rule-id").value = ""; $("rule-message").value = "";
    changed();
  }

  // ---- validation ----
  function validateSoon(ms) {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, ms);
  }

  async function validate() {
    if (!current) return;
    const seq = ++validateSeq;
    const { data } = await api("POST", "/admin/api/validate", { appId: current.appId, config: cfg });
    if (seq !== validateSeq) return; // a later edit is being checked
    showProblems(data.problems || []);
  }

  function showProblems(problems) {
    lastProblems = problems;
    lcwAdmin.showFieldErrors($("rules"), problems);
    lcwAdmin.showWidgetErrors($("settings"), problems);
    const list = $("problems");
    list.replaceChildren(...problems.map((p) => el("li", { text: p.text, ...(p.path ? { "data-path": p.path } : {}), ...(p.rule ? { "data-rule": p.rule } : {}) })));
    $("valid").textContent = problems.length ? `${problems.length} problem(s): this configuration cannot be published.` : "Valid: the widget's own decoders accept it.";
    $("valid").className = problems.length ? "bad" : "ok";
  }

  // ---- publish, rollback, disable ----
  async function publish(ev) {
    ev.preventDefault();
    const { status: code, data } = await api("POST", `/admin/api/widgets/${encodeURIComponent(current.appId)}/publish`,
      { config: cfg, note: $("note").value });
    if (code === 200) {
      $("note").value = "";
      await refresh(`Published version ${data.version}. New page loads get it within a minute.`);
    } else if (code === 422) {
      showProblems(data.problems || []);
      $("publish-result").textContent = "Not published: " + (data.problems || []).map((p) => p.text).join("; ");
    } else {
      $("publish-result").textContent = "Not published: " + (data?.error || code);
    }
  }

  async function refresh(msg) {
    await selectWidget(current.appId, false);
    $("publish-result").textContent = msg;
    loadWidgets();
    loadAudit();
  }

  async function rollback(version) {
    const { status: code, data } = await api("POST", `/admin/api/widgets/${encodeURIComponent(current.appId)}/rollback`, { version });
    if (code === 200) await refresh(`Rolled back: version ${data.version} is version ${version} again.`);
    else $("publish-result").textContent = "Not rolled back: " + (data?.error || code);
  }

  async function toggleDisabled() {
    const { status: code } = await api("POST", `/admin/api/widgets/${encodeURIComponent(current.appId)}/disable`, { disabled: !current.disabled });
    if (code === 200) await refresh(current.disabled ? "Enabled." : "Disabled.");
  }

  function renderHistory() {
    const list = $("history");
    list.replaceChildren();
    for (const v of current.history || []) {
      const live = v.version === current.version;
      const actions = el("div", { class: "actions" },
        el("button", { type: "button", text: `Show changes in version ${v.version}`, onclick: () => showDiff(v.version) }));
      if (!live) actions.append(el("button", { type: "button", text: `Roll back to version ${v.version}`, "data-rollback": String(v.version), onclick: () => rollback(v.version) }));
      list.append(el("li", { class: "item", "data-version": String(v.version) },
        el("span", { class: "who", text: `Version ${v.version}${live ? " (published)" : ""}` }),
        el("span", { class: "meta", text: `${v.author}, ${when(v.at)}${v.note ? " · " + v.note : ""}` }), actions));
    }
  }

  // showDiff shows, line by line, what version v changed from the one before.
  async function showDiff(v) {
    const get = async (n) => n < 1 ? "" : JSON.stringify((await api("GET", `/admin/api/widgets/${encodeURIComponent(current.appId)}/versions/${n}`)).data.config, null, 2);
    const [a, b] = [(await get(v - 1)).split("\n"), (await get(v)).split("\n")];
    const n = a.length, m = b.length, L = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    const out = [];
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { out.push("  " + a[i]); i++; j++; }
      else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) out.push("+ " + b[j++]);
      else out.push("- " + a[i++]);
    }
    $("diff").textContent = `Version ${v} against version ${v - 1}:\n` + out.join("\n");
    $("diff").hidden = false;
  }

  // ---- create ----
  async function create(ev) {
    ev.preventDefault();
    const appId = $("new-id").value.trim();
    const { status: code, data } = await api("POST", "/admin/api/widgets", { appId });
    const err = $("create-error");
    if (code === 201) {
      err.hidden = true;
      $("new-id").value = "";
      await loadWidgets();
      await selectWidget(appId, true);
      loadAudit();
    } else {
      err.textContent = data?.problems ? data.problems.map((p) => p.text).join("; ") : (data?.error || String(code));
      err.hidden = false;
    }
  }

  // ---- simulator ----
  const csvList = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  // pairs reads "name=value" items; with typed, numbers and true/false
  // become numbers and booleans, as a page's setAudienceAttributes gives.
  function pairs(items, typed) {
    const out = {};
    for (const item of items) {
      const i = item.indexOf("=");
      if (i < 1) continue;
      const k = item.slice(0, i).trim(), v = item.slice(i + 1).trim();
      out[k] = !typed ? v : v === "true" ? true : v === "false" ? false : v !== "" && !isNaN(Number(v)) ? Number(v) : v;
    }
    return out;
  }

  async function simulate(ev) {
    ev.preventDefault();
    const num = (id) => Number($(id).value) || 0;
    const visit = { url: $("sim-url").value, referrer: $("sim-referrer").value, timeOnPageSeconds: num("sim-page"),
      timeOnSiteSeconds: num("sim-site"), engagedSeconds: num("sim-engaged"), visitCount: num("sim-visits"),
      pageCount: num("sim-pages"), device: $("sim-device").value, timeZone: $("sim-zone").value, scroll: num("sim-scroll"),
      exitIntent: $("sim-exit").checked, agentsAvailable: $("sim-agents").value === "" ? null : $("sim-agents").value === "true", entry: $("sim-entry").value, languages: csvList($("sim-lang").value),
      utm: Object.fromEntries(Object.entries(pairs(csvList($("sim-utm").value), false)).map(([k, v]) => [k.replace(/^utm_/, ""), v])), attributes: pairs($("sim-attrs").value.split("\n"), true),
      at: $("sim-at").value ? new Date($("sim-at").value + "Z").toISOString().replace(".000Z", "Z") : "" };
    const { status: code, data } = await api("POST", "/admin/api/simulate", { config: cfg, visit });
    const list = $("sim-result");
    list.replaceChildren();
    if (code !== 200) { list.append(el("li", { text: data?.error || String(code) })); return; }
    if (!data.proactiveChat) list.append(el("li", { class: "item", text: "Proactive chat is off: no rule runs in visitors' browsers." }));
    if (!data.chat) list.append(el("li", { class: "item", text: "Chat is off: for the rules, no agent is ever available." }));
    for (const x of data.rules) {
      const verdict = x.error ? "disabled: " + x.error : x.heldNoAgent ? "fires, but its invitation waits for an agent (no agent is available)"
        : x.fires ? "fires" : x.next ? "could fire at " + when(x.next) : "does not fire";
      const checks = [...x.conditions, ...x.limits].map((c) => `${c.holds ? "✓ holds" : "✗ fails"}: ${c.path}`).join("\n");
      list.append(el("li", { class: "item", "data-rule": x.rule },
        el("span", { class: "who", text: `${x.rule}: ${verdict}` }),
        el("pre", { class: "code", text: checks })));
    }
  }

  // ---- audit ----
  async function loadAudit() {
    const { data } = await api("GET", "/admin/api/audit");
    $("audit").replaceChildren(...data.map((e) => el("li", { class: "item" },
      el("span", { class: "who", text: `${e.user} ${e.action} ${e.appId}` }),
      el("span", { class: "meta", text: `${when(e.at)}${e.detail ? " · " + e.detail : ""}` }))));
  }

  async function start() {
    const { data } = await api("GET", "/admin/api/session");
    await Promise.all([lcwAdmin.loadConditions(), lcwAdmin.loadTexts()]);
    csrf = data.csrf;
    lcwAdmin.serverOnly = data.serverOnly || [];
    $("logout-csrf").value = csrf;
    $("user-name").textContent = data.name;
    if (data.serverOrigins?.length) {
      $("origins-hint").textContent = "This server's own origin is always allowed, and so are, for every widget (lcwserver -allow-origin): " +
        data.serverOrigins.join(", ") + ".";
    }
    try {
      const zones = Intl.supportedValuesOf("timeZone");
      $("zones").replaceChildren(...["UTC", ...zones].map((z) => el("option", { value: z })));
    } catch { /* an old browser: the zone is typed */ }
    for (const id of ["proactive", "invite-no-agent", "chat", "offline", "attachments", "reporting", "hours-on"]) $(id).addEventListener("change", fromForm);
    for (const box of attachmentTypeBoxes()) box.addEventListener("change", fromForm);
    for (const id of ["origins", "hours-zone", "hours-windows", "hours-message", "attachments-max"]) $(id).addEventListener("input", fromForm);
    $("settings").addEventListener("submit", (e) => e.preventDefault());
    $("json").addEventListener("input", fromJSON);
    $("add-rule").addEventListener("submit", addRule);
    for (const id of ["set-budget", "set-cooldown"]) $(id).addEventListener("input", fromSetFields);
    for (const id of ["pv-color", "pv-font"]) $(id).addEventListener("input", renderSnippet);
    $("preview-show").addEventListener("click", () => lcwAdmin.preview(cfg, current, null));
    $("publish-form").addEventListener("submit", publish);
    $("disable").addEventListener("click", toggleDisabled);
    $("create").addEventListener("submit", create);
    $("simulate").addEventListener("submit", simulate);
    $("copy-snippet").addEventListener("click", async () => {
      try { await navigator.clipboard.writeText($("snippet").textContent); $("copied").textContent = "Copied."; }
      catch { $("copied").textContent = "Select the snippet and copy it."; }
    });
    await loadWidgets();
    loadAudit();
    status("Signed in", "online");
    const first = new URLSearchParams(location.search).get("widget");
    if (first) selectWidget(first, false);
  }

  document.addEventListener("DOMContentLoaded", () => start().catch((e) => {
    if (e.message !== "signed out") status("Could not load: " + e.message, "offline");
  }));
})();
