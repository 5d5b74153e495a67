// Scenario 6: a country from a geolocation lookup, set from a callback.
window.addEventListener("lcw:ready", function onReady() {
  function offer(country: string) {
    Microsoft.Omnichannel.LiveChatWidget.SDK.setContextProvider(function provider() {
      return {
        "Proactive Chat": { value: "True", isDisplayable: true },
        "Country": { value: country, isDisplayable: true },
        "Page URL": { value: window.location.href, isDisplayable: true },
      };
    });
    Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat({ message: "Ask us about the offer in your region" }, false);
  }
  navigator.geolocation.getCurrentPosition(function (position) {
    if (position.coords.latitude > 0) offer("Ruritania");
  });
});
