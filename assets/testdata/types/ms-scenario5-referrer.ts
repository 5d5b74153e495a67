// Scenario 5: coming from a given page (document.referrer).
window.addEventListener("lcw:ready", function onReady() {
  if (window.document.referrer === "https://www.example.com/faq") {
    setTimeout(function () {
      Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
        return {
          "Proactive Chat": { value: "True", isDisplayable: true },
          "Page URL": { value: window.location.href, isDisplayable: true },
          "Last Page URL": { value: window.document.referrer, isDisplayable: true },
        };
      });
      Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "Found what you were looking for?" }, false);
    }, 15000);
  }
});
