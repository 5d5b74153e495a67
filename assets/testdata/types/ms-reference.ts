// startProactiveChat reference page: {message}, showPrechat, {inNewWindow}.
window.addEventListener("lcw:ready", function onReady() {
  Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat(
    { message: "Hello! Can we help you with anything today?" },
    true,
    { inNewWindow: true },
  );
});
