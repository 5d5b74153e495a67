/*
 * Ridgeline Outfitters demo page for lcwasm.
 *
 * The chat part is what a site owner writes against Microsoft's Live Chat
 * Widget SDK: wait for lcw:ready, then call
 * Microsoft.Omnichannel.LiveChatWidget.SDK.startProactiveChat(). The rest is
 * the store page itself. No inline script or style: the page runs under a
 * strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var INVITE_MESSAGE = "Hi! Questions about the Summit 45L or its fit? Our gear specialists are online.";

  var inviteButton = document.getElementById("invite-button");
  var statusLine = document.getElementById("widget-status");
  var eventLog = document.getElementById("event-log");
  var started = false;

  function sdk() {
    return window.Microsoft.Omnichannel.LiveChatWidget.SDK;
  }

  function isReady() {
    var ns = window.Microsoft && window.Microsoft.Omnichannel;
    return Boolean(ns && ns.LiveChatWidget && ns.LiveChatWidget.isReady === true);
  }

  // --- the live chat widget ----------------------------------------------

  function invite(message) {
    sdk().startProactiveChat({ message: message }, true);
  }

  function onReady() {
    if (started) return;
    started = true;
    inviteButton.disabled = false;
    inviteButton.textContent = "Invite me to chat";
    setStatus("Ready. The widget's rules invite you after 20 seconds of attention, or when you move to leave.");
  }

  function onError(event) {
    var d = event.detail || {};
    setStatus("The chat is unavailable (error " + d.errorCode + "): " + d.errorDescription);
    if (!started) inviteButton.textContent = "Chat unavailable";
  }

  inviteButton.addEventListener("click", function () {
    invite(INVITE_MESSAGE);
  });

  window.addEventListener("lcw:ready", onReady);
  window.addEventListener("lcw:error", onError);
  if (isReady()) onReady(); // the widget was faster than this script

  // --- the event log (demo panel) ----------------------------------------

  var EVENTS = [
    "lcw:ready", "lcw:error", "lcw:proactiveChatShown", "lcw:proactiveChatAccepted",
    "lcw:proactiveChatDeclined", "lcw:proactiveChatTimedOut", "lcw:startChat",
    "lcw:closeChat", "lcw:onClose", "lcw:onMinimize", "lcw:onMaximize"
  ];

  function setStatus(text) {
    statusLine.textContent = text;
  }

  function logEvent(event) {
    var item = document.createElement("li");
    var time = document.createElement("time");
    var now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString();
    var name = document.createElement("code");
    name.textContent = event.type;
    item.append(time, " ", name);
    if (event.detail !== undefined && event.detail !== null) {
      var detail = document.createElement("span");
      detail.className = "event-detail";
      detail.textContent = JSON.stringify(event.detail);
      item.append(" ", detail);
    }
    eventLog.prepend(item);
  }

  EVENTS.forEach(function (name) { window.addEventListener(name, logEvent); });

  // --- the store page ----------------------------------------------------

  var hero = document.getElementById("hero-shot");
  var colorName = document.getElementById("color-name");
  var swatches = document.querySelectorAll(".swatch");

  swatches.forEach(function (swatch) {
    swatch.addEventListener("click", function () {
      swatches.forEach(function (s) {
        var on = s === swatch;
        s.classList.toggle("is-selected", on);
        s.setAttribute("aria-checked", String(on));
      });
      hero.dataset.color = swatch.dataset.color;
      colorName.textContent = swatch.dataset.label;
    });
  });

  document.querySelectorAll(".thumb").forEach(function (thumb, _, all) {
    thumb.addEventListener("click", function () {
      all.forEach(function (t) { t.classList.toggle("is-active", t === thumb); });
    });
  });

  var cartCount = document.getElementById("cart-count");
  var cartStatus = document.getElementById("cart-status");
  var qty = document.getElementById("qty");
  document.getElementById("add-to-cart").addEventListener("click", function () {
    var n = Math.min(9, Math.max(1, parseInt(qty.value, 10) || 1));
    cartCount.textContent = String(Number(cartCount.textContent) + n);
    cartCount.classList.add("has-items");
    cartStatus.textContent = n + " × Summit 45L (" + colorName.textContent + ") added to your cart.";
  });
})();
