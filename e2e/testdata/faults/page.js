// The page's own script of the fault fixtures: it must keep working
// whatever happens to the widget. It counts clicks on its own button,
// records the lcw:error events it hears and when its load event fired, and
// calls the SDK before lcw:ready, guarded as Microsoft's samples do
// (unless its script tag says data-no-early-call).
window.__pageScriptRan = true;
window.__pageErrors = [];
window.__loadAt = null;
window.addEventListener("lcw:error", (e) => window.__pageErrors.push(e.detail));
window.addEventListener("load", () => { window.__loadAt = performance.now(); });
document.getElementById("page-button").addEventListener("click", () => {
  const out = document.getElementById("page-count");
  out.textContent = String(Number(out.textContent) + 1);
});
if (!document.currentScript.hasAttribute("data-no-early-call")) {
  window.Microsoft?.Omnichannel?.LiveChatWidget?.SDK?.startProactiveChat({ message: "queued before ready" });
  window.__earlyAvailability = window.Microsoft?.Omnichannel?.LiveChatWidget?.SDK?.getAgentAvailability();
}
