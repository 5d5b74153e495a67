// A page's own modal dialog that closes with Escape, as pages commonly
// write it: a keydown listener on document, no preventDefault. And a
// "Contact us" button that opens the chat with the SDK.
(() => {
  const dialog = document.getElementById("dialog");
  const opener = document.getElementById("open-dialog");
  window.__dialogClosedByEscape = 0;
  opener.addEventListener("click", () => {
    dialog.hidden = false;
    document.getElementById("dialog-ok").focus();
  });
  const close = () => {
    dialog.hidden = true;
    opener.focus();
  };
  document.getElementById("dialog-ok").addEventListener("click", close);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !dialog.hidden) {
      window.__dialogClosedByEscape++;
      close();
    }
  });
  document.getElementById("contact").addEventListener("click", () => {
    window.Microsoft.Omnichannel.LiveChatWidget.SDK.startChat();
  });
})();
