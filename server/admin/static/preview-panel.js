// lcwasm site console: the invitation preview panel. It frames
// /admin/preview (sandboxed, opaque origin) with the configuration being
// edited in the URL's fragment; the frame boots the real widget bundle
// and answers with what the widget drew.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let seq = 0;
  let shown = null; // the frame of the preview being shown

  // attrs are the script tag's colour and font attributes, for the
  // preview and the embed snippet.
  lcwAdmin.previewAttrs = () => ({ color: $("pv-color").value.trim(), font: $("pv-font").value.trim() });

  lcwAdmin.preview = (cfg, widget, rule) => {
    if (rule) {
      $("pv-message").value = rule.invitation?.message ?? "";
      $("pv-prechat").checked = rule.invitation?.showPrechat !== false;
    }
    const { color, font } = lcwAdmin.previewAttrs();
    const q = new URLSearchParams({ app: widget.appId, n: String(++seq) });
    if (color) q.set("color", color);
    if (font) q.set("font", font);
    // The widget's part only: what the configuration endpoint would serve.
    const config = Object.fromEntries(Object.entries(cfg).filter(([k]) => !(lcwAdmin.serverOnly || []).includes(k)));
    const payload = { config, message: $("pv-message").value, showPrechat: $("pv-prechat").checked };
    const frame = $("preview");
    frame.hidden = false;
    shown = frame;
    $("preview-status").textContent = "Starting the widget…";
    frame.src = "/admin/preview?" + q + "#" + encodeURIComponent(JSON.stringify(payload));
    if (rule) frame.scrollIntoView({ block: "nearest" });
  };

  addEventListener("message", (e) => {
    if (!shown || e.source !== shown.contentWindow || !e.data?.lcwasmPreview) return;
    const m = e.data.lcwasmPreview;
    const out = $("preview-status");
    if (m.error) { out.textContent = "The widget reported: " + m.error; return; }
    if (!m.shown) return;
    out.textContent = `The widget shows “${m.title}”, “${m.subtitle}”, “${m.body}” and “${m.start}”.`;
    out.dataset.body = m.body;
    out.dataset.background = m.background;
    out.dataset.font = m.font;
    out.dataset.requests = JSON.stringify(m.requests || []);
    out.dataset.csp = JSON.stringify(m.csp || []);
  });
})();
