// Scenario 8: a plain string as notificationUIConfig, with the prechat survey.
window.addEventListener("lcw:ready", function onReady() {
  Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat("Do you wish to start a chat?", true);
});
