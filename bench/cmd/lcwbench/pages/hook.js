// Installed in every bench tab before any page script runs
// (Page.addScriptToEvaluateOnNewDocument); the pages themselves carry
// nothing of the bench. window.__bench records:
//   ready      performance.now() at the first lcw:ready (the floor program
//              dispatches the same event), null before
//   errors     errorDescription of every lcw:error
//   longTasks  every 'longtask' entry {start, duration}
//   scripts    the scripts of long animation frames that ran ≥ 20 ms
//              {start, duration, invoker, type, source}: who made them long
//   mem        the WebAssembly.Memory of the Go instance: the loader keeps
//              no handle on it, so WebAssembly.instantiate is wrapped
//   button     performance.now() in the first animation frame in which the
//              chat button (#oc-lcw-chat-button, in the document or in any
//              shadow root: attachShadow is wrapped to see closed ones too)
//              is rendered (checkVisibility), null before
// and marks lcw:ready with performance.mark("lcwbench:ready"), which a
// trace of the page shows in blink.user_timing.
// and offers sample() and cycles(n) to the harness.
(() => {
  "use strict";
  const b = { ready: null, errors: [], longTasks: [], scripts: [], mem: null, observer: null, loaf: null };
  Object.defineProperty(window, "__bench", { value: b });

  addEventListener("lcw:ready", () => {
    if (b.ready !== null) return;
    b.ready = performance.now();
    performance.mark("lcwbench:ready");
  }, true);

  // The chat button: every root a node can be added to is observed; once
  // the button is there, each frame checks whether it is rendered yet (its
  // stylesheet may still be on its way).
  b.button = null;
  const BUTTON = "oc-lcw-chat-button";
  const roots = [document];
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function () {
    const root = attachShadow.apply(this, arguments);
    roots.push(root);
    if (b.button === null) watch.observe(root, { childList: true, subtree: true });
    return root;
  };
  const findButton = () => {
    for (const r of roots) {
      const el = r.getElementById(BUTTON);
      if (el) return el;
    }
    return null;
  };
  let polling = false;
  const poll = () => {
    const el = findButton();
    if (el && el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      b.button = performance.now();
      watch.disconnect();
      return;
    }
    requestAnimationFrame(poll);
  };
  const watch = new MutationObserver(() => {
    if (!polling && findButton()) { polling = true; requestAnimationFrame(poll); }
  });
  watch.observe(document, { childList: true, subtree: true });

  addEventListener("lcw:error", (e) => b.errors.push(String(e.detail && e.detail.errorDescription)), true);

  const keep = (list) => { for (const e of list) b.longTasks.push({ start: e.startTime, duration: e.duration }); };
  try {
    b.observer = new PerformanceObserver((l) => keep(l.getEntries()));
    b.observer.observe({ type: "longtask", buffered: true });
  } catch (e) {
    b.errors.push("bench: no longtask observer: " + e);
  }
  b.tasks = () => { if (b.observer) keep(b.observer.takeRecords()); return b.longTasks; };

  const keepScripts = (list) => {
    for (const f of list) {
      for (const s of f.scripts || []) {
        if (s.duration < 20) continue;
        b.scripts.push({ start: s.startTime, duration: s.duration, invoker: s.invoker,
          type: s.invokerType, source: s.sourceURL + (s.sourceFunctionName ? " " + s.sourceFunctionName : "") });
      }
    }
  };
  try {
    b.loaf = new PerformanceObserver((l) => keepScripts(l.getEntries()));
    b.loaf.observe({ type: "long-animation-frame", buffered: true });
  } catch (e) { /* attribution is optional */ }
  b.longScripts = () => { if (b.loaf) keepScripts(b.loaf.takeRecords()); return b.scripts; };

  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function () {
    return instantiate.apply(this, arguments).then((r) => {
      const inst = r instanceof WebAssembly.Instance ? r : r.instance;
      if (inst && inst.exports.mem instanceof WebAssembly.Memory) b.mem = inst.exports.mem;
      return r;
    });
  };
  b.wasmBytes = () => (b.mem ? b.mem.buffer.byteLength : 0);

  const macrotask = () => new Promise((r) => setTimeout(r, 0));
  const frame = () => new Promise((r) => requestAnimationFrame((ts) => r([ts, performance.now()])));

  // sample waits for two frames, so the entry of a long frame that just
  // ended is out, and returns what the load left.
  b.sample = async () => {
    await frame();
    await frame();
    await macrotask();
    const nav = performance.getEntriesByType("navigation")[0];
    const wasm = performance.getEntriesByType("resource").find((e) => /\.wasm([?#]|$)/.test(e.name));
    return { ready: b.ready, load: nav ? nav.loadEventStart : 0, longTasks: b.tasks(),
      scripts: b.longScripts(), errors: b.errors, button: b.button,
      wasm: wasm ? { start: wasm.startTime, end: wasm.responseEnd, bytes: wasm.encodedBodySize } : null };
  };

  const ID = "oc-lcw-proactivechat";
  // until resolves once cond() holds, checking at once and then on every
  // mutation of root.
  const until = (root, cond, what) => new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const mo = new MutationObserver(() => {
      if (cond()) { mo.disconnect(); clearTimeout(t); resolve(); }
    });
    const t = setTimeout(() => { mo.disconnect(); reject(new Error("bench: " + what)); }, 5000);
    mo.observe(root, { childList: true, subtree: true });
  });

  // cycles shows and declines the invitation n times. For each cycle it
  // records the call → the next animation frame after the invitation is in
  // the shadow root, the call alone, whether that frame was the first one
  // after the call, and the window [call, frame] for long tasks.
  b.cycles = async (n) => {
    const sdk = window.Microsoft.Omnichannel.LiveChatWidget.SDK;
    const root = document.getElementById("oc-lcw").shadowRoot;
    const paint = new Float64Array(n), call = new Float64Array(n), windows = new Float64Array(2 * n);
    let firstFrame = 0;
    for (let i = 0; i < n; i++) {
      await macrotask();
      let next = -1;
      requestAnimationFrame((ts) => { next = ts; });
      const t0 = performance.now();
      sdk.startProactiveChat({ message: "Need a hand choosing a size? (" + (i % 10) + ")" });
      const t1 = performance.now();
      await until(root, () => root.getElementById(ID), "the invitation did not appear");
      const [ts, t2] = await frame();
      if (ts === next) firstFrame++;
      paint[i] = t2 - t0; call[i] = t1 - t0; windows[2 * i] = t0; windows[2 * i + 1] = t2;
      const close = root.getElementById(ID + "-closebutton");
      if (!close) throw new Error("bench: no close button");
      close.click();
      await until(root, () => !root.getElementById(ID), "the invitation stayed after its close button's click()");
    }
    return { paint: Array.from(paint), call: Array.from(call), windows: Array.from(windows), firstFrame };
  };
})();
