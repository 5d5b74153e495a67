// Embeds the widget for the rules tests, as a static site does: the
// configuration inline (when the test gives one; else the server's, by app
// id), then the loader tag with the documented attributes. The test sets
// window.__e2eWidget = {app, config, verbose} before the page loads.
(() => {
  const w = window.__e2eWidget || {};
  let at = document.currentScript;
  const add = (el) => {
    at.after(el);
    at = el;
  };
  if (w.config) {
    const c = document.createElement("script");
    c.type = "application/json";
    c.id = "Microsoft_Omnichannel_LCWidget_Config";
    c.textContent = JSON.stringify(w.config);
    add(c);
  }
  const s = document.createElement("script");
  s.id = "Microsoft_Omnichannel_LCWidget";
  s.src = "/lcw/lcw.js";
  s.setAttribute("data-app-id", w.app || "e2e-rules-missing-app");
  s.setAttribute("data-org-id", "e2e-org");
  s.setAttribute("data-org-url", "");
  if (w.verbose) s.setAttribute("data-lcw-version", "test");
  add(s);
})();
