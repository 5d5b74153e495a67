// The host page's own script: a little of what shop pages do on load.
document.querySelectorAll("fieldset button").forEach(function (b) {
  b.addEventListener("click", function () {
    document.querySelectorAll("fieldset button").forEach(function (o) { o.removeAttribute("aria-pressed"); });
    b.setAttribute("aria-pressed", "true");
  });
});
window.addEventListener("load", function () {
  document.documentElement.dataset.loaded = "1";
});
