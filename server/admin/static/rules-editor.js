// lcwasm site console: the rules editor. Every rule as a form: enabled,
// id, priority (by moving), holdout, conditions combined with all, any and
// not, each family's fields from conditions.json (rules-fields.js), limits
// and the invitation. It edits the configuration object in place and says
// when it changed; the JSON view is rendered from the same object.
"use strict";
(() => {
  const { el } = lcwAdmin;
  let byKind = {};

  lcwAdmin.loadConditions = async () => {
    const resp = await fetch("/admin/static/conditions.json", { credentials: "same-origin" });
    lcwAdmin.table = await resp.json();
    byKind = Object.fromEntries(lcwAdmin.table.families.map((f) => [f.kind, f]));
  };

  const clone = (v) => JSON.parse(JSON.stringify(v));
  const safeId = (s) => s.replace(/[^A-Za-z0-9]+/g, "-");
  const kindOf = (cond) => cond && typeof cond === "object" && !Array.isArray(cond) ? Object.keys(cond)[0] : undefined;

  // kindSelect picks a condition family, grouped as docs/rules.md groups them.
  function kindSelect(id, current, onpick) {
    const sel = el("select", { id, onchange: () => onpick(sel.value) });
    if (!current) sel.append(el("option", { value: "", text: "Choose a condition…" }));
    for (const g of lcwAdmin.table.groups) {
      const og = el("optgroup", { label: g.label });
      for (const f of lcwAdmin.table.families.filter((x) => x.group === g.id)) {
        og.append(el("option", { value: f.kind, text: f.label, selected: f.kind === current }));
      }
      sel.append(og);
    }
    if (current && !byKind[current]) sel.append(el("option", { value: current, text: "unknown: " + current, selected: true }));
    return sel;
  }

  // accessor returns get/set for a field of a condition: key "" is the
  // argument object itself, "a.b" a nested key.
  function accessor(holder, kind, f) {
    if (f.key === undefined) return [() => holder[kind], (v) => { holder[kind] = v; }];
    const obj = () => (holder[kind] && typeof holder[kind] === "object" && !Array.isArray(holder[kind])) ? holder[kind] : (holder[kind] = {});
    if (f.key === "") return [obj, () => {}];
    const [a, b] = f.key.split(".");
    if (b === undefined) return [() => obj()[a], (v) => { if (v === undefined) delete obj()[a]; else obj()[a] = v; }];
    return [() => obj()[a]?.[b], (v) => {
      const o = obj();
      if (v === undefined) {
        if (o[a]) { delete o[a][b]; if (!Object.keys(o[a]).length) delete o[a]; }
      } else (o[a] = o[a] && typeof o[a] === "object" ? o[a] : {})[b] = v;
    }];
  }

  // Condition renders the condition at list[i] (or, for not, holder.not)
  // whose decoder path is path (without its kind).
  function condition(ctx, cond, path, replace, remove) {
    const kind = kindOf(cond);
    const fam = byKind[kind];
    const nodePath = kind ? `${path}.${kind}` : path;
    const id = `${ctx.prefix}-${safeId(nodePath)}`;
    const box = el("li", { class: "cond", "data-path": nodePath });
    const head = el("div", { class: "cond-head" },
      el("label", { for: id + "-kind", text: "Condition" }),
      kindSelect(id + "-kind", kind, (k) => { replace({ [k]: clone(byKind[k].default) }); ctx.structural(`${ctx.prefix}-${safeId(`${path}.${k}`)}-kind`); }),
      remove ? el("button", { type: "button", class: "danger", text: "Remove", id: id + "-remove",
        "aria-label": `Remove condition ${fam ? fam.label : kind}`, onclick: remove }) : null);
    box.append(head);
    if (!fam) {
      box.append(el("p", { class: "hint", text: "Edit this condition in the JSON view." }));
    } else if (fam.arg === "conditions") {
      box.append(conditionList(ctx, Array.isArray(cond[kind]) ? cond[kind] : (cond[kind] = []), nodePath, false));
    } else if (fam.arg === "condition") {
      const child = cond[kind] && typeof cond[kind] === "object" ? cond[kind] : (cond[kind] = {});
      box.append(el("ul", { class: "conds" }, condition(ctx, child, nodePath, (c) => { cond[kind] = c; }, null)));
    } else {
      for (const f of fam.fields) {
        const [get, set] = accessor(cond, kind, f);
        const fid = `${id}-${safeId(f.key || f.type)}`;
        box.append(lcwAdmin.FIELDS[f.type](f, fid, get, (v) => { set(v); ctx.changed(); }, ctx.structural));
      }
    }
    box.append(el("p", { class: "field-error", role: "alert", hidden: true }));
    return box;
  }

  // conditionList renders a list of conditions at path (conditions, or an
  // all/any), with a control to add one.
  function conditionList(ctx, list, path, top) {
    const wrap = el("div", { class: "cond-list" });
    const ul = el("ul", { class: "conds" });
    list.forEach((c, i) => ul.append(condition(ctx, c, `${path}[${i}]`, (n) => { list[i] = n; },
      () => { list.splice(i, 1); ctx.structural(`${ctx.prefix}-${safeId(path)}-add`); })));
    const addId = `${ctx.prefix}-${safeId(path)}-add`;
    const pick = kindSelect(addId + "-kind", "", () => {});
    wrap.append(ul, el("div", { class: "row add-cond" },
      el("label", { for: addId + "-kind", class: "visually-hidden", text: top ? "Condition to add" : "Condition to add to this group" }), pick,
      el("button", { type: "button", id: addId, text: top ? "Add condition" : "Add to group", onclick: () => {
        const k = pick.value;
        if (!k) { pick.focus(); return; }
        list.push({ [k]: clone(byKind[k].default) });
        ctx.structural(`${ctx.prefix}-${safeId(`${path}[${list.length - 1}].${k}`)}-kind`);
      } })));
    return wrap;
  }

  const LIMIT_FIELDS = [
    { key: "once", type: "enum", label: "At most once per", options: [{ value: "page", label: "page view (default)" },
      { value: "session", label: "visit" }, { value: "visitor", label: "visitor, ever" }] },
    { key: "perDay", type: "whole", label: "At most this many in 24 hours (1–100)", min: 1, max: 100 },
    { key: "cooldown", type: "seconds", label: "Seconds to wait after a decline or time-out" },
  ];
  const INVITATION_FIELDS = [
    { key: "message", type: "text", label: "Invitation message ({{name}}: an audience attribute; empty: the default text)" },
  ];

  // group renders fields of an object at rule[key] (removed when empty).
  function group(ctx, rule, key, legend, fields, extra) {
    const box = el("fieldset", { class: "sub", "data-path": key }, el("legend", { text: legend }));
    for (const f of fields) {
      const obj = () => rule[key] && typeof rule[key] === "object" ? rule[key] : (rule[key] = {});
      const get = () => rule[key]?.[f.key];
      const set = (v) => {
        if (v === undefined) delete obj()[f.key]; else obj()[f.key] = v;
        if (!Object.keys(rule[key]).length) delete rule[key];
        ctx.changed();
      };
      box.append(lcwAdmin.FIELDS[f.type](f, `${ctx.prefix}-${key}-${f.key}`, get, set, ctx.structural));
    }
    if (extra) box.append(...extra.filter(Boolean));
    box.append(el("p", { class: "field-error", role: "alert", hidden: true }));
    return box;
  }

  function flag(ctx, rule, id, label, def, get, set) {
    return el("div", { class: "check" },
      el("input", { type: "checkbox", id, checked: get() === undefined ? def : get() === true,
        onchange: (e) => { set(e.target.checked); ctx.changed(); } }),
      el("label", { for: id, text: label }));
  }

  // rule renders one rule's editor.
  function ruleEditor(opts, rule, i, pos, count) {
    const id = String(rule?.id ?? "");
    const ctx = { prefix: `r${i}`, changed: opts.changed, structural: opts.structural };
    const inv = () => rule.invitation && typeof rule.invitation === "object" ? rule.invitation : (rule.invitation = {});
    const off = rule.enabled === false;
    const li = el("li", { class: "rule item" + (off ? " off" : ""), "data-index": String(i), "data-rule-id": id });
    const title = el("h4", {}, el("span", { text: "Rule " }), el("bdi", { text: id || "(no id)" }),
      el("span", { class: "meta", text: ` · priority ${rule.priority ?? 0}${off ? " · switched off" : ""}` }));
    li.append(title,
      el("div", { class: "actions" },
        flag(ctx, rule, `r${i}-enabled`, "Enabled", true, () => rule.enabled, (on) => { if (on) delete rule.enabled; else rule.enabled = false; opts.structural(`r${i}-enabled`); }),
        el("button", { type: "button", text: "Move up", id: `r${i}-up`, "aria-label": `Move up rule ${id}`, disabled: pos === 0, onclick: () => opts.move(pos, -1) }),
        el("button", { type: "button", text: "Move down", id: `r${i}-down`, "aria-label": `Move down rule ${id}`, disabled: pos === count - 1, onclick: () => opts.move(pos, 1) }),
        el("button", { type: "button", class: "danger", text: "Remove", "aria-label": `Remove rule ${id}`, onclick: () => opts.remove(i) })),
      el("div", { class: "grid-form", "data-path": "" },
        el("label", { for: `r${i}-id`, text: "Rule id" }),
        el("input", { id: `r${i}-id`, value: id, autocomplete: "off", spellcheck: "false", oninput: (e) => { rule.id = e.target.value; li.dataset.ruleId = e.target.value; title.querySelector("bdi").textContent = e.target.value; opts.changed(); } }),
        el("label", { for: `r${i}-description`, text: "Description" }),
        el("input", { id: `r${i}-description`, value: rule.description ?? "", autocomplete: "off", oninput: (e) => { if (e.target.value) rule.description = e.target.value; else delete rule.description; opts.changed(); } }),
        el("label", { for: `r${i}-holdout`, text: "Holdout, percent of visitors never invited (0–50)" }),
        el("input", { id: `r${i}-holdout`, type: "number", min: 0, max: 50, step: 1, value: rule.holdout === undefined ? "" : String(rule.holdout),
          oninput: (e) => { if (e.target.value.trim() === "") delete rule.holdout; else rule.holdout = Number(e.target.value); opts.changed(); } })),
      el("fieldset", { class: "sub" }, el("legend", { text: "Conditions: all must hold (none: always)" }),
        conditionList(ctx, Array.isArray(rule.conditions) ? rule.conditions : (rule.conditions = []), "conditions", true)),
      group(ctx, rule, "limits", "Limits", LIMIT_FIELDS),
      group(ctx, rule, "invitation", "Invitation", INVITATION_FIELDS, [
        flag(ctx, rule, `r${i}-showPrechat`, "Show the prechat survey on accept", true, () => rule.invitation?.showPrechat, (v) => { inv().showPrechat = v; }),
        flag(ctx, rule, `r${i}-inNewWindow`, "Open the chat in a new window", false, () => rule.invitation?.inNewWindow, (v) => { if (v) inv().inNewWindow = true; else delete inv().inNewWindow; }),
        lcwAdmin.preview ? el("button", { type: "button", id: `r${i}-preview`, text: "Preview this invitation",
          "aria-label": `Preview this invitation, rule ${id}`, onclick: () => opts.preview(rule) }) : null]),
      el("p", { class: "field-error", role: "alert", hidden: true }));
    return li;
  }

  // renderRules draws the set's rules in evaluation order (priority
  // descending, then id), config index i kept for paths like rules[2].id.
  lcwAdmin.renderRules = (container, rules, opts) => {
    const rows = rules.map((r, i) => ({ r, i })).sort((a, b) =>
      ((b.r?.priority || 0) - (a.r?.priority || 0)) || String(a.r?.id).localeCompare(String(b.r?.id)));
    container.replaceChildren(...rows.map(({ r, i }, pos) => ruleEditor(opts, r && typeof r === "object" ? r : (rules[i] = {}), i, pos, rows.length)));
    return rows;
  };

  // showFieldErrors puts each problem next to the field it names: the
  // rule by id (or rules[i] for a rule without one), then the deepest
  // element whose path starts the problem's path.
  lcwAdmin.showFieldErrors = (container, problems) => {
    for (const p of container.querySelectorAll(".field-error")) { p.hidden = true; p.replaceChildren(); }
    for (const p of container.querySelectorAll("[aria-invalid]")) p.removeAttribute("aria-invalid");
    for (const prob of problems) {
      if (prob.source !== "rules") continue;
      let path = prob.path || "", rule = null;
      if (prob.rule) rule = [...container.querySelectorAll(".rule")].find((li) => li.dataset.ruleId === prob.rule);
      const m = /^rules\[(\d+)\]\.?(.*)$/.exec(path);
      if (!rule && m) { rule = container.querySelector(`.rule[data-index="${m[1]}"]`); path = m[2]; }
      if (!rule) continue;
      let best = rule, len = -1;
      for (const e of rule.querySelectorAll("[data-path]")) {
        const q = e.dataset.path;
        if ((path === q || path.startsWith(q + ".") || path.startsWith(q + "[") || q === "") && q.length > len) { best = e; len = q.length; }
      }
      const slot = best.querySelector(":scope > .field-error") || rule.querySelector(":scope > .field-error");
      slot.append(el("span", { text: prob.text, "data-problem-path": prob.path || "" }));
      slot.hidden = false;
      for (const input of best.querySelectorAll(":scope > .field input, :scope > .field select, :scope > .cond-head select, :scope > input")) {
        input.setAttribute("aria-invalid", "true");
      }
    }
  };
})();
