// Runs bench/rulewasm: it reports through window.__benchRules or
// window.__benchRulesError.
(function () {
  "use strict";
  var tag = document.getElementById("bench-rules");
  var fail = function (e) { window.__benchRulesError = "bench: " + (e && e.message ? e.message : e); };
  var s = document.createElement("script");
  s.src = tag.dataset.exec;
  s.onerror = function () { fail("could not load " + s.src); };
  s.onload = function () {
    var go = new window.Go();
    WebAssembly.instantiateStreaming(fetch(tag.dataset.wasm), go.importObject).then(function (r) {
      return go.run(r.instance);
    }).catch(fail);
  };
  document.head.appendChild(s);
})();
