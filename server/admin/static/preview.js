// lcwasm site console: the invitation preview, in a sandboxed frame. It
// runs before the real loader (/lcw/lcw.js): it writes the configuration
// from the URL's fragment into the inline configuration block the loader
// reads, with chat and reporting off (the preview contacts no chat
// service), then shows the invitation through the SDK, as a page would,
// and tells the console what the widget drew.
"use strict";
(() => {
  let payload = {};
  try { payload = JSON.parse(decodeURIComponent(location.hash.slice(1))) || {}; } catch { payload = {}; }
  const cfg = payload.config && typeof payload.config === "object" && !Array.isArray(payload.config) ? payload.config : {};
  // Only the invitation: no rule runs, no chat service, no counters.
  cfg.proactiveChat = { enabled: true };
  cfg.chat = { enabled: false };
  cfg.reporting = false;
  delete cfg.proactiveRules;
  delete cfg.operatingHours;
  const block = document.createElement("div");
  block.id = "Microsoft_Omnichannel_LCWidget_Config";
  block.hidden = true;
  block.textContent = JSON.stringify(cfg);
  document.head.append(block);

  const home = new URL(location.href).origin;
  const tell = (msg) => parent.postMessage({ lcwasmPreview: msg }, home);
  const csp = [];
  document.addEventListener("securitypolicyviolation", (e) => csp.push(e.violatedDirective + " " + e.blockedURI));
  addEventListener("lcw:error", (e) => tell({ error: String(e.detail?.errorDescription ?? "error") }));
  addEventListener("lcw:ready", () => {
    const sdk = window.Microsoft?.Omnichannel?.LiveChatWidget?.SDK;
    sdk.startProactiveChat({ message: String(payload.message ?? "") }, payload.showPrechat !== false);
  });
  addEventListener("lcw:proactiveChatShown", () => requestAnimationFrame(() => {
    const root = document.getElementById("oc-lcw")?.shadowRoot;
    const text = (id) => root?.getElementById("oc-lcw-proactivechat-" + id)?.textContent ?? "";
    const start = root?.getElementById("oc-lcw-proactivechat-startbutton");
    const style = start ? getComputedStyle(start) : null;
    tell({ shown: true, title: text("title"), subtitle: text("subtitle"), body: text("bodytitle"), start: text("startbutton"),
      background: style?.backgroundColor ?? "", font: style?.fontFamily ?? "", csp,
      requests: performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname) });
  }));
})();
