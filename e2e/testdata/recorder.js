// Installed in every test tab before any page script runs
// (Page.addScriptToEvaluateOnNewDocument). It records every lcw:* event the
// page sees into window.__lcwEvents, and gives the tests small read-only
// helpers for the widget's shadow root under window.__e2e.
(() => {
  const names = [
    "lcw:ready", "lcw:error", "lcw:startChat", "lcw:closeChat", "lcw:chatQueued",
    "lcw:chatRetrieved", "lcw:onClose", "lcw:onMinimize", "lcw:onMaximize",
    "lcw:onMessageReceived", "lcw:onMessageSent", "lcw:threadUpdate",
    "lcw:getAgentAvailability", "lcw:proactiveChatShown",
    "lcw:proactiveChatAccepted", "lcw:proactiveChatDeclined",
    "lcw:proactiveChatTimedOut",
  ];
  const events = [];
  Object.defineProperty(window, "__lcwEvents", { value: events });
  const copy = (d) => {
    try {
      return JSON.parse(JSON.stringify(d === undefined ? null : d));
    } catch (e) {
      return String(d);
    }
  };
  for (const name of names) {
    window.addEventListener(name, (e) => {
      events.push({ type: e.type, detail: copy(e.detail), t: performance.now() });
    }, true);
  }

  const e2e = {
    // events returns the recorded events of one type.
    events: (type) => events.filter((e) => e.type === type),
    root: () => document.getElementById("oc-lcw")?.shadowRoot ?? null,
    el: (id) => e2e.root()?.getElementById(id) ?? null,
    text: (id) => e2e.el(id)?.textContent ?? null,
    // shown says whether the element is in the shadow root and rendered:
    // a box of non-zero size, not display:none, not visibility:hidden, not
    // fully transparent.
    shown: (id) => {
      const el = e2e.el(id);
      if (!el || !el.isConnected) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      return el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    },
    rect: (id) => {
      const r = e2e.el(id)?.getBoundingClientRect();
      return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height } : null;
    },
    // clickPoint is the centre of the element in viewport coordinates once it
    // is rendered, no animation in the shadow root is running, and a click
    // there would land on it; null before that.
    clickPoint: (id) => {
      const el = e2e.el(id);
      const root = e2e.root();
      if (!el || !e2e.shown(id)) return null;
      if (root.getAnimations().some((a) => a.playState === "running")) return null;
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const hit = root.elementFromPoint(x, y);
      return hit && (hit === el || el.contains(hit)) ? { x, y } : null;
    },
    // settle resolves after two animation frames and a macrotask (two
    // macrotasks in a hidden page, which runs no frames): a page condition
    // that whatever a call scheduled for "now" has happened.
    settle: () => new Promise((resolve) => {
      const done = () => setTimeout(() => resolve(true), 0);
      if (document.hidden) setTimeout(done, 0);
      else requestAnimationFrame(() => requestAnimationFrame(done));
    }),
  };
  // serialize writes the subtree of a shadow-root element in the format of
  // widget/domtest.Serialize: one node a line, two spaces a level, an element
  // as <tag a="v"> with its attributes in order, a text node as "text", raw,
  // no closing tags. Any other node shows as <#name> so a difference shows.
  e2e.serialize = (id) => {
    const lines = [];
    const write = (n, depth) => {
      const pad = "  ".repeat(depth);
      if (n.nodeType === Node.TEXT_NODE) {
        lines.push(pad + '"' + n.data + '"');
        return;
      }
      if (n.nodeType !== Node.ELEMENT_NODE) {
        lines.push(pad + "<" + n.nodeName + ">");
        return;
      }
      const attrs = Array.from(n.attributes, (a) => " " + a.name + '="' + a.value + '"').join("");
      lines.push(pad + "<" + n.localName + attrs + ">");
      for (const c of n.childNodes) write(c, depth + 1);
    };
    const el = e2e.el(id);
    if (el) write(el, 0);
    return lines.map((l) => l + "\n").join("");
  };
  Object.defineProperty(window, "__e2e", { value: e2e });
})();
