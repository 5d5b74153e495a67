// lcwasm site console: forms for the widget's settings beyond the toggles:
// the prechat, post-chat and leave-a-message questions and the chat service's public key (or
// keys URL) for signed-in visitors. They edit the configuration object in place; widget
// and server problems show at the field whose path they name.
"use strict";
(() => {
  const { el } = lcwAdmin;
  const TYPES = ["text", "email", "tel", "textarea", "select", "checkbox"];

  const input = (id, label, value, oninput, extra = {}) => el("div", { class: "field" },
    el("label", { for: id, text: label }),
    el(extra.rows ? "textarea" : "input", { id, value: value ?? "", autocomplete: "off", spellcheck: "false", ...extra, oninput }));

  // renderQuestions draws the list of questions at cfg[key].fields, one
  // row per question, controls named from prefix; tidy takes an emptied
  // list (and its section, when nothing else is left) out of cfg.
  const renderQuestions = (box, cfg, { changed, structural }, key, prefix, hints) => {
    const path = `${key}.fields`;
    const fields = () => Array.isArray(cfg[key]?.fields) ? cfg[key].fields : [];
    const list = el("ol", { class: "items" });
    const tidy = () => {
      if (fields().length) return;
      delete cfg[key].fields;
      if (!Object.keys(cfg[key]).length) delete cfg[key];
    };
    fields().forEach((f, i) => {
      const q = f && typeof f === "object" ? f : (cfg[key].fields[i] = {});
      const id = `${prefix}${i}`;
      const set = (k, v) => { if (v === undefined || v === "") delete q[k]; else q[k] = v; changed(); };
      // The choices show for a select; toggled, not re-rendered, so that
      // typing "select" in the focused list picks it.
      const type = el("select", { id: id + "-type", onchange: (e) => {
        set("type", e.target.value);
        choices.hidden = e.target.value !== "select";
      } });
      const choices = input(id + "-options", "Choices, one per line", (q.options || []).join("\n"),
        (e) => set("options", e.target.value.split("\n").map((s) => s.trim()).filter(Boolean)), { rows: 3, "data-wpath": `${path}[${i}].options` });
      choices.hidden = q.type !== "select";
      for (const t of TYPES) type.append(el("option", { value: t, text: t, selected: (q.type ?? "text") === t }));
      list.append(el("li", { class: "item question", "data-wpath": `${path}[${i}]` },
        el("h4", {}, el("span", { text: `Question ${i + 1}: ` }), el("bdi", { text: q.label || q.name || "" })),
        el("div", { class: "grid-form" },
          el("label", { for: id + "-name", text: "Name (the key the agent sees)" }),
          el("input", { id: id + "-name", value: q.name ?? "", autocomplete: "off", spellcheck: "false", "data-wpath": `${path}[${i}].name`,
            oninput: (e) => { q.name = e.target.value; changed(); } }),
          el("label", { for: id + "-label", text: "Question shown to the visitor" }),
          el("input", { id: id + "-label", value: q.label ?? "", autocomplete: "off", oninput: (e) => set("label", e.target.value) }),
          el("label", { for: id + "-type", text: "Answer type" }), type),
        choices,
        el("div", { class: "check" },
          el("input", { type: "checkbox", id: id + "-required", checked: q.required === true, onchange: (e) => set("required", e.target.checked || undefined) }),
          el("label", { for: id + "-required", text: "An answer is required" })),
        el("div", { class: "actions" },
          el("button", { type: "button", id: id + "-up", text: "Move up", "aria-label": `Move up question ${i + 1}`, disabled: i === 0,
            onclick: () => { const l = fields(); [l[i - 1], l[i]] = [l[i], l[i - 1]]; structural(`${prefix}${i - 1}-up`); } }),
          el("button", { type: "button", id: id + "-down", text: "Move down", "aria-label": `Move down question ${i + 1}`, disabled: i === fields().length - 1,
            onclick: () => { const l = fields(); [l[i + 1], l[i]] = [l[i], l[i + 1]]; structural(`${prefix}${i + 1}-down`); } }),
          el("button", { type: "button", class: "danger", text: "Remove", "aria-label": `Remove question ${i + 1}`,
            onclick: () => { fields().splice(i, 1); tidy(); structural(`${prefix}-add`); } })),
        el("p", { class: "field-error", role: "alert", hidden: true })));
    });
    return [
      el("p", { class: "hint", text: fields().length ? hints.some : hints.none }),
      list,
      el("button", { type: "button", id: `${prefix}-add`, text: "Add a question", onclick: () => {
        cfg[key] = cfg[key] && typeof cfg[key] === "object" ? cfg[key] : {};
        cfg[key].fields = fields();
        // A form with defaults (the leave-a-message one) starts from them.
        if (!cfg[key].fields.length && hints.defaults) cfg[key].fields.push(...hints.defaults.map((d) => ({ ...d })));
        const n = cfg[key].fields.length + 1;
        cfg[key].fields.push({ name: `question${n}`, label: "", type: "text" });
        structural(`${prefix}${n - 1}-name`);
      } }),
      el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": path })];
  };

  // renderPrechat draws prechat.fields as one row per question.
  lcwAdmin.renderPrechat = (box, cfg, opts) => {
    box.replaceChildren(...renderQuestions(box, cfg, opts, "prechat", "pc",
      { some: "Asked before a chat starts, in this order.", none: "No survey: chats start at once." }),
    el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": "prechat" }));
  };

  // renderPostChat draws postChat: whether the survey shows, its rating
  // and comment (both on unless set false), and its own questions.
  lcwAdmin.renderPostChat = (box, cfg, opts) => {
    const pc = () => cfg.postChat && typeof cfg.postChat === "object" ? cfg.postChat : (cfg.postChat = {});
    const flag = (id, k, label) => el("div", { class: "check" },
      el("input", { type: "checkbox", id, checked: cfg.postChat?.[k] !== false, "data-wpath": `postChat.${k}`, onchange: (e) => {
        if (e.target.checked) delete pc()[k]; else pc()[k] = false;
        if (!Object.keys(cfg.postChat).length) delete cfg.postChat;
        opts.changed();
      } }),
      el("label", { for: id, text: label }));
    box.replaceChildren(
      flag("post-enabled", "enabled", "Ask the visitor about the chat once it ends"),
      flag("post-rating", "rating", "A rating: Good or Not good"),
      flag("post-comment", "comment", "A comment (optional for the visitor)"),
      ...renderQuestions(box, cfg, opts, "postChat", "po",
        { some: "Asked after the rating and comment, in this order.", none: "No questions of your own." }),
      el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": "postChat" }));
  };

  // renderOfflineFields draws offline.fields, the leave-a-message form's
  // questions (none: name, email and message).
  lcwAdmin.renderOfflineFields = (box, cfg, opts) => {
    box.replaceChildren(...renderQuestions(box, cfg, opts, "offline", "of",
      { some: "The leave-a-message form asks these, in this order. Names name, email and message keep the widget's translated labels when the question is left empty.",
        none: "The default form: name, email and message, all required.",
        defaults: [{ name: "name", type: "text", required: true }, { name: "email", type: "email", required: true },
          { name: "message", type: "textarea", required: true }] }));
  };

  // renderAuth draws the page's token function (auth, the widget's) and
  // the public key the chat service verifies tokens with (authKey, the
  // server's; never served to browsers). Secrets are not taken here.
  lcwAdmin.renderAuth = (box, cfg, { changed, structural }) => {
    const obj = (k) => cfg[k] && typeof cfg[k] === "object" ? cfg[k] : (cfg[k] = {});
    const set = (k, f, v) => {
      if (v === undefined || v === "") delete obj(k)[f]; else obj(k)[f] = v;
      if (!Object.keys(cfg[k]).length) delete cfg[k];
      changed();
    };
    const key = cfg.authKey && typeof cfg.authKey === "object" ? cfg.authKey : null;
    const alg = el("select", { id: "ak-alg", "data-wpath": "authKey.alg", onchange: (e) => set("authKey", "alg", e.target.value) });
    for (const a of ["RS256", "ES256"]) alg.append(el("option", { value: a, text: a === "RS256" ? "RS256 (RSA)" : "ES256 (ECDSA P-256)", selected: key?.alg === a }));
    // The key's source: keysUrl (present, even empty) or publicKey.
    const fromURL = !!key && "keysUrl" in key;
    const source = (v, label) => el("div", { class: "check" },
      el("input", { type: "radio", name: "ak-source", id: "ak-src-" + v, value: v, checked: fromURL === (v === "url"), onchange: () => {
        if (v === "url") { delete key.publicKey; key.keysUrl = ""; } else { delete key.keysUrl; key.publicKey = ""; }
        structural("ak-src-" + v);
      } }),
      el("label", { for: "ak-src-" + v, text: label }));
    const testResult = el("p", { id: "ak-test-result", class: "hint", role: "status" });
    // testURL asks the server to fetch the URL now and says what it serves.
    const testURL = async () => {
      testResult.textContent = "Testing…";
      const { status, data } = await lcwAdmin.api("POST", "/admin/api/keys-url", { url: key.keysUrl ?? "", alg: key.alg ?? "" });
      if (status !== 200 || !data) testResult.textContent = "The test failed: HTTP " + status + (data?.error ? ", " + data.error : "");
      else if (data.problem) testResult.textContent = "Serves no keys: " + data.problem;
      else testResult.textContent = `Serves ${data.keys.length} ${key.alg} key${data.keys.length === 1 ? "" : "s"}: ` +
        data.keys.map((k) => (k.kid ? "kid " + k.kid : "a key without kid") + " (" + k.kty + ")").join(", ");
    };
    box.replaceChildren(...[
      el("div", { class: "grid-form", "data-wpath": "auth" },
        el("label", { for: "auth-function", text: "Page function that gives the token (empty: setAuthTokenProvider)" }),
        el("input", { id: "auth-function", value: cfg.auth?.function ?? "", autocomplete: "off", spellcheck: "false",
          oninput: (e) => set("auth", "function", e.target.value.trim()) }),
        el("label", { for: "auth-timeout", text: "Seconds it has to answer (1–120, default 10)" }),
        el("input", { id: "auth-timeout", type: "number", min: 1, max: 120, step: "any", value: cfg.auth?.timeoutSeconds ?? "",
          oninput: (e) => set("auth", "timeoutSeconds", e.target.value.trim() === "" ? undefined : Number(e.target.value)) })),
      el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": "auth" }),
      el("div", { class: "check" },
        el("input", { type: "checkbox", id: "ak-on", checked: !!key, onchange: (e) => {
          if (e.target.checked) cfg.authKey = { alg: "RS256", publicKey: "" }; else delete cfg.authKey;
          structural("ak-on");
        } }),
        el("label", { for: "ak-on", text: "Only signed-in visitors may chat: verify their token with a public key" })),
      key ? el("div", { class: "stack", "data-wpath": "authKey" },
        el("label", { for: "ak-alg", text: "Algorithm" }), alg,
        el("fieldset", {},
          el("legend", { text: "Where the key comes from" }),
          source("pem", "A public key pasted here (PEM)"),
          source("url", "A keys URL the server fetches: a JWKS (Auth0, Okta, Cognito, Entra) or a PEM key (Omnichannel's public key URL)")),
        ...(fromURL ? [
          el("label", { for: "ak-url", text: "Keys URL (https)" }),
          el("input", { id: "ak-url", type: "url", inputmode: "url", value: key.keysUrl ?? "", autocomplete: "off", spellcheck: "false",
            placeholder: "https://login.example/.well-known/jwks.json", "data-wpath": "authKey.keysUrl",
            oninput: (e) => { key.keysUrl = e.target.value.trim(); testResult.textContent = ""; changed(); } }),
          el("div", { class: "check" },
            el("button", { type: "button", id: "ak-test", onclick: testURL, text: "Test URL" }), testResult),
          el("p", { class: "hint", text: "Fetched at the first chat, then again every hour and when a token names a key it does not know (at most once a minute); the last good keys stay if a fetch fails. Only https, public addresses." }),
        ] : [
          el("label", { for: "ak-pem", text: "Public key (PEM, BEGIN PUBLIC KEY)" }),
          el("textarea", { id: "ak-pem", class: "code", rows: 4, spellcheck: "false", value: key.publicKey ?? "", "data-wpath": "authKey.publicKey",
            oninput: (e) => set("authKey", "publicKey", e.target.value) }),
        ]),
        el("label", { for: "ak-aud", text: "Audience the token must name (aud; empty: any)" }),
        el("input", { id: "ak-aud", value: key.aud ?? "", autocomplete: "off", spellcheck: "false", oninput: (e) => set("authKey", "aud", e.target.value.trim()) }),
        el("label", { for: "ak-iss", text: "Issuer the token must name (iss; empty: any)" }),
        el("input", { id: "ak-iss", value: key.iss ?? "", autocomplete: "off", spellcheck: "false", oninput: (e) => set("authKey", "iss", e.target.value.trim()) }),
        el("div", { class: "check" },
          el("input", { type: "checkbox", id: "ak-noexp", checked: key.allowNoExp === true, onchange: (e) => set("authKey", "allowNoExp", e.target.checked || undefined) }),
          el("label", { for: "ak-noexp", text: "Accept tokens without an expiry (exp)" })),
        el("p", { class: "hint", text: "Kept on the server, never sent to browsers. A shared HS256 secret belongs in the server's -auth-keys file, which wins for its widgets." }),
        el("p", { class: "field-error", role: "alert", hidden: true, "data-wpath": "authKey" })) : null].filter(Boolean));
  };

  // showWidgetErrors puts the widget decoder's and the server's problems
  // next to the deepest element whose data-wpath starts their path.
  lcwAdmin.showWidgetErrors = (root, problems) => {
    for (const p of root.querySelectorAll("[data-wpath] > .field-error, .field-error[data-wpath]")) { p.hidden = true; p.replaceChildren(); }
    for (const p of root.querySelectorAll("[data-wpath][aria-invalid]")) p.removeAttribute("aria-invalid");
    for (const prob of problems) {
      if (prob.source === "rules" || !prob.path) continue;
      let best = null, len = -1;
      for (const e of root.querySelectorAll("[data-wpath]")) {
        const q = e.dataset.wpath;
        if ((prob.path === q || prob.path.startsWith(q + ".") || prob.path.startsWith(q + "[")) && q.length > len) { best = e; len = q.length; }
      }
      if (!best) continue;
      if (best.matches("input, select, textarea")) best.setAttribute("aria-invalid", "true");
      let out = null;
      for (let e = best; e && !out; e = e.parentElement?.closest("[data-wpath]")) {
        out = root.querySelector(`.field-error[data-wpath="${CSS.escape(e.dataset.wpath)}"]`) || e.querySelector(":scope > .field-error");
      }
      if (!out) {
        // No slot up the tree: the slot of the longest path that starts it.
        let n = -1;
        for (const e of root.querySelectorAll(".field-error[data-wpath]")) {
          const q = e.dataset.wpath;
          if ((prob.path.startsWith(q + ".") || prob.path.startsWith(q + "[")) && q.length > n) { out = e; n = q.length; }
        }
      }
      if (!out) continue;
      out.append(el("span", { text: prob.text, "data-problem-path": prob.path }));
      out.hidden = false;
    }
  };
})();
