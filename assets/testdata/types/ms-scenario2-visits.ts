// Scenario 2: the page counts visits in a cookie and invites on a later one.
function visitsSoFar(): number {
  const m = /(?:^|; )visits=(\d+)/.exec(document.cookie);
  return m ? parseInt(m[1], 10) : 0;
}
window.addEventListener("lcw:ready", function onReady() {
  Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
    return {
      "Proactive Chat": { value: "True", isDisplayable: true },
      "No. of visits": { value: String(visitsSoFar()), isDisplayable: true },
      "Forums": { value: "Devices", isDisplayable: true },
    };
  });
  setTimeout(function () {
    if (visitsSoFar() > 2) {
      Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "A question about your device?" }, false);
    }
  }, 5000);
});
