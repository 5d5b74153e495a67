// Scenario 3: a message built from the page's data.
window.addEventListener("lcw:ready", function onReady() {
  const caseId = "CAS-01234";
  Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
    return {
      "Proactive Chat": { value: "True", isDisplayable: true },
      "Case Id": { value: caseId, isDisplayable: true },
    };
  });
  setTimeout(function () {
    Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "Case " + caseId + " is in progress. More details?" }, false);
  }, 10000);
});
