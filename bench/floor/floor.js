/*
 * Loader of the floor program: what assets/lcw.js does, minus the SDK, the
 * configuration and the stylesheet. It compiles floor.wasm (streaming) while
 * wasm_exec.js loads, then instantiates and runs it.
 */
(function () {
  "use strict";
  var tag = document.getElementById("lcw-floor") || document.currentScript;
  var base = new URL(".", tag.src).href;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.async = true;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + url)); };
      s.src = url;
      document.head.appendChild(s);
    });
  }

  var module = WebAssembly.compileStreaming(fetch(base + "floor.wasm"));
  module.catch(function () {});
  Promise.all([module, loadScript(base + "wasm_exec.js")]).then(function (got) {
    var go = new window.Go();
    return WebAssembly.instantiate(got[0], go.importObject).then(function (instance) {
      go.run(instance);
    });
  }).catch(function (e) {
    console.error("floor: " + (e && e.message ? e.message : e));
  });
})();
