// lcwasm site console: the rules editor's field kinds. Each condition
// family of conditions.json lists fields by type; FIELDS[type] renders one
// field, reading and writing the condition's argument through get/set.
// Nothing is parsed as HTML; every text is set with textContent.
"use strict";
window.lcwAdmin = window.lcwAdmin || {};
(() => {
  const el = (tag, props = {}, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "value" || k === "checked") e[k] = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid) e.append(kid);
    return e;
  };
  lcwAdmin.el = el;

  const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  // The operators are conditions.json's (checked against the decoder).
  const textOps = () => lcwAdmin.table.matcherOps.map((o) => o.value);
  const attrOps = () => lcwAdmin.table.attributeOps.map((o) => o.value);

  // expandDays turns ["mon-fri", "sun"] into the set of single days.
  function expandDays(list) {
    const out = new Set();
    for (const s of Array.isArray(list) ? list : [list]) {
      const [a, b] = String(s).toLowerCase().split("-");
      const i = WEEK.indexOf(a), j = b === undefined ? i : WEEK.indexOf(b);
      if (i < 0 || j < 0) continue;
      for (let k = i; ; k = (k + 1) % 7) { out.add(WEEK[k]); if (k === j) break; }
    }
    return out;
  }

  const list = (v) => v === undefined ? [] : Array.isArray(v) ? v : [v];
  const csv = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  const labelled = (id, label, input, hint) => el("div", { class: "field" },
    el("label", { for: id, text: label }), input, hint ? el("p", { class: "hint", text: hint }) : null);

  // num reads a number input: "" is absent, anything else a number (the
  // decoder names what is wrong with it).
  const num = (s) => s.trim() === "" ? undefined : Number(s);

  function numberField(f, id, get, set, step) {
    const input = el("input", { id, type: "number", inputmode: "decimal", step, min: f.min, max: f.max,
      value: get() === undefined ? "" : String(get()), oninput: (e) => set(num(e.target.value)) });
    return labelled(id, f.label, input);
  }

  function options(select, opts, current) {
    const want = JSON.stringify(current);
    let found = false;
    for (const o of opts) {
      const v = JSON.stringify(o.value);
      found = found || v === want;
      select.append(el("option", { value: v, text: o.label, selected: v === want }));
    }
    if (!found && current !== undefined) select.append(el("option", { value: want, text: "other: " + want, selected: true }));
    return select;
  }

  // matcher edits a text matcher held in obj: one operator (or, for query
  // and utm, exists) and ignoreCase.
  function matcher(f, id, obj, set, structural) {
    const TEXT_OPS = textOps();
    const op = TEXT_OPS.find((o) => o in obj) || (obj.exists === false ? "absent" : f.exists && "exists" in obj ? "exists" : "equals");
    const ops = lcwAdmin.table.matcherOps.map((o) => ({ value: o.value, label: o.label }));
    if (f.exists) ops.unshift({ value: "exists", label: "is present" }, { value: "absent", label: "is absent" });
    const write = (nextOp, value, fold) => {
      for (const k of [...TEXT_OPS, "exists", "ignoreCase"]) delete obj[k];
      if (nextOp === "exists" || nextOp === "absent") obj.exists = nextOp === "exists";
      else {
        obj[nextOp] = value;
        if (fold) obj.ignoreCase = true;
      }
      set(obj);
    };
    const value = el("input", { id: id + "-value", value: typeof obj[op] === "string" ? obj[op] : "", spellcheck: "false",
      oninput: (e) => write(sel.value, e.target.value, fold.checked) });
    const fold = el("input", { id: id + "-fold", type: "checkbox", checked: obj.ignoreCase === true,
      onchange: () => write(sel.value, value.value, fold.checked) });
    // The text and ignore case hide for exists and absent: toggled, not
    // re-rendered, so the focused list keeps its keyboard.
    const bare = (o) => o === "exists" || o === "absent";
    const sel = el("select", { id: id + "-op", onchange: () => {
      write(sel.value, value.value, fold.checked);
      text.hidden = foldBox.hidden = bare(sel.value);
    } });
    for (const o of ops) sel.append(el("option", { value: o.value, text: o.label, selected: o.value === op }));
    const text = labelled(id + "-value", f.label + " text", value);
    const foldBox = el("div", { class: "check" }, fold, el("label", { for: id + "-fold", text: "Ignore case" }));
    text.hidden = foldBox.hidden = bare(op);
    return el("div", { class: "field matcher" }, labelled(id + "-op", f.label, sel), text, foldBox);
  }

  // attribute edits an audience attribute's operator and operand.
  function attribute(f, id, obj, set, structural) {
    const ATTR_OPS = attrOps();
    const op = ATTR_OPS.find((o) => o in obj) || "equals";
    const arg = obj[op];
    const first = Array.isArray(arg) ? arg[0] : arg;
    const type = typeof first === "number" ? "number" : typeof first === "boolean" ? "boolean" : "text";
    const cast = (s, t) => t === "number" ? num(s) : t === "boolean" ? s === "true" : s;
    const write = (nextOp, raw, t) => {
      for (const k of ATTR_OPS) delete obj[k];
      if (nextOp === "exists") obj.exists = raw !== "false";
      else if (nextOp === "in") obj.in = csv(raw).map((s) => cast(s, t));
      else obj[nextOp] = cast(raw, t);
      set(obj);
    };
    const text = op === "exists" ? String(arg !== false) : Array.isArray(arg) ? arg.join(", ") : arg === undefined ? "" : String(arg);
    // The operand is a list of two or a text box: re-rendered only when
    // that changes, so a focused list keeps its keyboard otherwise.
    const shape = (o, t) => o === "exists" ? "exists" : t === "boolean" && o !== "in" ? "boolean" : "text";
    const rewrite = (which) => {
      write(sel.value, input.value, kind.value);
      if (shape(sel.value, kind.value) !== shape(op, type)) structural(id + which);
    };
    const sel = el("select", { id: id + "-op", onchange: () => rewrite("-op") });
    for (const o of lcwAdmin.table.attributeOps) sel.append(el("option", { value: o.value, text: o.label, selected: o.value === op }));
    const kind = el("select", { id: id + "-type", onchange: () => rewrite("-type") });
    for (const t of ["text", "number", "boolean"]) kind.append(el("option", { value: t, text: t === "boolean" ? "true or false" : t, selected: t === type }));
    let input;
    if (op === "exists" || (type === "boolean" && op !== "in")) {
      input = el("select", { id: id + "-value", onchange: () => write(sel.value, input.value, kind.value) });
      const labels = op === "exists" ? ["set", "not set"] : ["true", "false"];
      ["true", "false"].forEach((v, i) => input.append(el("option", { value: v, text: labels[i], selected: text === v })));
    } else {
      input = el("input", { id: id + "-value", value: text, oninput: () => write(sel.value, input.value, kind.value) });
    }
    return el("div", { class: "field matcher" }, labelled(id + "-op", "Operator", sel),
      op === "exists" ? null : labelled(id + "-type", "Compare as", kind), labelled(id + "-value", f.label, input));
  }

  function checks(f, id, opts, isOn, write) {
    const box = el("fieldset", { class: "checks" }, el("legend", { text: f.label }));
    opts.forEach((o, i) => {
      const cid = `${id}-${i}`;
      box.append(el("div", { class: "check" },
        el("input", { type: "checkbox", id: cid, value: String(o.value), checked: isOn(o.value), onchange: () =>
          write([...box.querySelectorAll("input:checked")].map((x) => x.value)) }),
        el("label", { for: cid, text: o.label })));
    });
    return box;
  }

  // FIELDS renders one field of a condition: (field spec, element id, get,
  // set, structural) → element. get() reads the field's value, set(v)
  // writes it (undefined removes it); structural(focusId) re-renders the
  // editor after a change of shape.
  lcwAdmin.FIELDS = {
    seconds: (f, id, get, set) => numberField(f, id, get, set, "any"),
    whole: (f, id, get, set) => numberField(f, id, get, set, "1"),
    bool: (f, id, get, set) => el("div", { class: "check" },
      el("input", { type: "checkbox", id, checked: get() === true, onchange: (e) => set(e.target.checked ? true : undefined) }),
      el("label", { for: id, text: f.label })),
    text: (f, id, get, set) => labelled(id, f.label, el("input", { id, value: get() ?? "", spellcheck: "false",
      autocomplete: "off", oninput: (e) => set(f.required || e.target.value ? e.target.value : undefined) })),
    selector: (f, id, get, set) => labelled(id, f.label, el("input", { id, value: get() ?? "", spellcheck: "false",
      autocomplete: "off", class: "code", oninput: (e) => set(e.target.value) }), "For example #plans or .pricing-table"),
    zone: (f, id, get, set) => labelled(id, f.label, el("input", { id, value: get() ?? "", list: "zones", spellcheck: "false",
      autocomplete: "off", oninput: (e) => set(e.target.value.trim() || undefined) })),
    date: (f, id, get, set) => labelled(id, f.label, el("input", { id, type: "date", value: get() ?? "",
      oninput: (e) => set(e.target.value || undefined) })),
    hours: (f, id, get, set) => labelled(id, f.label, el("input", { id, value: list(get()).join(", "), spellcheck: "false",
      autocomplete: "off", oninput: (e) => set(csv(e.target.value).length ? csv(e.target.value) : undefined) })),
    tags: (f, id, get, set) => labelled(id, f.label, el("input", { id, value: list(get()).join(", "), spellcheck: "false",
      autocomplete: "off", oninput: (e) => set(csv(e.target.value)) })),
    enum: (f, id, get, set) => labelled(id, f.label, options(el("select", { id,
      onchange: (e) => set(JSON.parse(e.target.value)) }), f.options, get())),
    set: (f, id, get, set) => checks(f, id, f.options, (v) => list(get()).includes(v), (vals) => set(vals)),
    days: (f, id, get, set) => {
      const on = expandDays(get() ?? []);
      return checks(f, id, DAYS.map((d) => ({ value: d, label: d })), (d) => on.has(d), (vals) => set(vals.length ? vals : undefined));
    },
    range: (f, id, get, set) => {
      const obj = get();
      const part = (key, label) => numberField({ label, min: 0, max: f.max }, `${id}-${key}`, () => obj[key],
        (v) => { if (v === undefined) delete obj[key]; else obj[key] = v; set(obj); }, "1");
      return el("fieldset", { class: "range" }, el("legend", { text: f.label }), part("min", "At least"), part("max", "At most"));
    },
    matcher: (f, id, get, set, structural) => matcher(f, id, get(), set, structural),
    attribute: (f, id, get, set, structural) => attribute(f, id, get(), set, structural),
    matchers: (f, id, get, set, structural) => {
      const steps = Array.isArray(get()) ? get() : [];
      const box = el("fieldset", { class: "steps" }, el("legend", { text: f.label }));
      const ol = el("ol", { class: "items" });
      steps.forEach((step, i) => {
        const sid = `${id}-${i}`;
        ol.append(el("li", { class: "item", "data-subpath": `[${i}]` },
          matcher({ label: `Step ${i + 1}` }, sid, step && typeof step === "object" ? step : {}, (v) => { steps[i] = v; set(steps); }, structural),
          el("button", { type: "button", text: "Remove step", "aria-label": `Remove step ${i + 1}`, id: sid + "-remove",
            onclick: () => { steps.splice(i, 1); set(steps); structural(`${id}-add`); } })));
      });
      box.append(ol, el("button", { type: "button", id: `${id}-add`, text: "Add step", onclick: () => {
        steps.push({ prefix: "/" }); set(steps); structural(`${id}-${steps.length - 1}-value`); } }));
      return box;
    },
  };
})();
