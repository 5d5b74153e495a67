// Scenario 4: once, when the pointer leaves the page after a while.
let offered = false;
window.addEventListener("lcw:ready", function onReady() {
  setTimeout(function () {
    window.document.body.onmouseleave = function () {
      if (offered) return;
      offered = true;
      Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
        return {
          "Proactive Chat": { value: "True", isDisplayable: true },
          "Page URL": { value: window.location.href, isDisplayable: true },
        };
      });
      Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "Before you go: any questions?" }, false);
    };
  }, 15000);
});
