// Scenario 7: within a date window (Microsoft's sample listens to "load").
window.addEventListener("load", function onLoad() {
  const start = new Date("01 Jan 2019 00:00:00 GMT");
  const end = new Date("01 Jan 2100 00:00:00 GMT");
  const now = new Date();
  if (start < now && end > now) {
    Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
      return {
        "Proactive Chat": { value: "True", isDisplayable: true },
        "Page URL": { value: window.location.href, isDisplayable: true },
      };
    });
    Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "Questions about the sale?" }, false);
  }
});
