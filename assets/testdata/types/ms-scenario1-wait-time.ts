// Scenario 1: after some time on the page; displayable context variables
// with string and number values, then {message} with showPrechat false.
window.addEventListener("lcw:ready", function onReady() {
  const waitMs = 20000;
  Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
    return {
      "Proactive Chat": { value: "True", isDisplayable: true },
      "Time On Page": { value: waitMs, isDisplayable: true },
      "Page URL": { value: window.location.href, isDisplayable: true },
    };
  });
  setTimeout(function () {
    Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "Can we help?" }, false);
  }, waitMs);
});
