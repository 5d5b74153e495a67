/*
 * lcwasm loader. Embed it with Microsoft's snippet:
 *   <script id="Microsoft_Omnichannel_LCWidget" src=".../lcw.js" data-app-id="..." data-org-url="..."></script>
 * It defines Microsoft.Omnichannel.LiveChatWidget.SDK at once (calls made
 * before lcw:ready are queued and run in order at ready), fetches and
 * compiles the Go runtime next to itself at once, starts it after the
 * page's load event, and never breaks the host page: any failure is
 * reported as lcw:error code 7 with the reason. The build puts Go's
 * wasm_exec.js in front of this file.
 */
(function () {
  "use strict";
  var ID = "Microsoft_Omnichannel_LCWidget";
  var POPOUT_WAIT = 5000; // ms the pop-out waits for its opener's answer
  var WASM = "__LCW_WASM__";
  var CSS = "__LCW_CSS__";
  var METHODS = [
    "startProactiveChat", "startChat", "closeChat",
    "setContextProvider", "getContextProvider", "removeContextProvider",
    "setAuthTokenProvider", "getAuthTokenProvider", "removeAuthTokenProvider",
    "getAgentAvailability",
    // lcwasm's documented extensions
    "explainProactiveRules", "setAudienceAttributes"
  ];
  var w = window, d = document;

  function emit(name, detail) {
    try {
      w.dispatchEvent(new CustomEvent(name, { detail: detail }));
    } catch (e) { /* a page listener's exception is the page's */ }
  }

  // fail reports once the document is parsed, so that the lcw:error
  // listeners of the page's scripts after the loader tag hear it too.
  function fail(reason) {
    if (d.readyState === "loading") {
      d.addEventListener("DOMContentLoaded", function () { fail(reason); }, { once: true });
      return;
    }
    var waiting = queue ? queue.map(function (e) { return e.name; }) : [];
    failure = "the widget failed to load: " + reason;
    console.error("lcwasm: " + failure + (waiting.length ?
      "; the SDK calls the page made meanwhile did not run: " + waiting.join(", ") : ""));
    // A page awaiting getAgentAvailability gets an answer all the same.
    (queue || []).forEach(function (e) { if (e.resolve) e.resolve(unavailable(failure)); });
    emit("lcw:error", { errorCode: 7, errorDescription: failure });
  }

  var tag = d.getElementById(ID) || d.currentScript;
  if (!tag || !tag.src) {
    fail("no <script id=\"" + ID + "\"> tag with a src");
    return;
  }
  var ns = ((w.Microsoft = w.Microsoft || {}).Omnichannel = w.Microsoft.Omnichannel || {});
  var lcw = ns.LiveChatWidget = ns.LiveChatWidget || {};
  if (lcw.__lcwasm) {
    console.warn("lcwasm: lcw.js is included twice; the second copy does nothing");
    return;
  }
  lcw.__lcwasm = true;
  lcw.isReady = false;

  var base = new URL(".", tag.src).href;
  var attrs = readAttributes();
  var popout = attrs["data-lcw-popout"] !== undefined;
  var invitation = null; // the pop-out's invitation source, from its opener
  var openerPage = null; // the pop-out's opener's page context, from its opener
  var queue = [];
  var impl = null;
  var failure = ""; // why the widget failed to load, once reported

  // The SDK exists from now on; until the runtime is ready it queues.
  var sdk = lcw.SDK = {};
  METHODS.forEach(function (name) {
    sdk[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      if (impl) return call(name, args);
      if (failure && name === "getAgentAvailability") return Promise.resolve(unavailable(failure));
      if (name.indexOf("get") === 0 && name !== "getAgentAvailability") return null;
      if (name === "explainProactiveRules") return [];
      var entry = { name: name, args: args };
      queue.push(entry);
      if (name === "getAgentAvailability") {
        return new Promise(function (resolve) { entry.resolve = resolve; });
      }
      return undefined;
    };
  });

  function call(name, args) {
    var r = impl[name].apply(null, args);
    if (r && r.__lcwThrow) throw new TypeError(r.message);
    if (name === "getAgentAvailability" && !(r && typeof r.then === "function")) {
      // The runtime failed inside (and said so on the console): the page
      // still gets its Promise.
      return Promise.resolve(unavailable("the widget had an internal error"));
    }
    return r;
  }

  // unavailable is getAgentAvailability's answer when there is none to ask,
  // shaped as the runtime's own when the chat service does not answer.
  function unavailable(reason) {
    return { isAgentAvailable: false, isQueueAvailable: false, error: reason };
  }

  // readAttributes reads the tag's own attributes. The pop-out's tag has
  // only data-lcw-popout: the rest come from the page that opened it
  // (askOpener), never from the pop-out's own URL, which anyone can craft.
  function readAttributes() {
    var out = {};
    var list = tag.attributes;
    for (var i = 0; i < list.length; i++) {
      var n = list[i].name.toLowerCase();
      if (n.indexOf("data-") === 0 || n === "v2") out[n] = list[i].value;
    }
    return out;
  }

  // askOpener is the pop-out's hand-shake: it asks window.opener for the
  // widget's attributes and resolves once the opener's runtime, which
  // answers only the window it opened, has sent them. It rejects without
  // an opener, when the opener does not answer within POPOUT_WAIT ms, or
  // on an answer of the wrong shape. Messages from any other window are
  // ignored.
  function askOpener() {
    return new Promise(function (resolve, reject) {
      var opener = w.opener;
      if (!opener) {
        reject(new Error("this chat window has no opener: it was not opened by the website's chat, or that page was closed"));
        return;
      }
      if (opener.closed) {
        reject(new Error("the page that opened this chat window was closed"));
        return;
      }
      var timer = 0;
      function done(err, got) {
        w.removeEventListener("message", onMessage);
        clearTimeout(timer);
        if (err) reject(err); else resolve(got);
      }
      function onMessage(ev) {
        var m = ev.data;
        if (ev.source !== opener || !m || typeof m !== "object" || m.lcwasm !== "popout-attrs") return;
        var got = popoutAnswer(m);
        if (typeof got === "string") return done(new Error("the page that opened this chat window sent " + got));
        if (got.page) got.page.origin = ev.origin; // the runtime asks this origin alone for the page's token
        var wrong = popoutOrigins(ev.origin, got.attrs);
        if (wrong) done(new Error(wrong)); else done(null, got);
      }
      w.addEventListener("message", onMessage);
      timer = setTimeout(function () {
        done(new Error("the page that opened this chat window did not answer within " + POPOUT_WAIT / 1000 +
          " s (it is not the website's chat, or it went away)"));
      }, POPOUT_WAIT);
      try {
        opener.postMessage({ lcwasm: "popout-hello" }, "*"); // it carries nothing
      } catch (e) {
        done(new Error("the page that opened this chat window cannot be reached: " + e.message));
      }
    });
  }

  // popoutAnswer checks the opener's answer: data-* attributes (or v2)
  // with string values, the invitation's source if any, and the page's
  // context if any (pageContext). It returns {attrs, source, page}, or a
  // string saying what is wrong.
  function popoutAnswer(m) {
    var a = m.attrs, s = m.source, page = null;
    if (!plain(a)) return "no attributes";
    var out = {};
    for (var k in a) {
      if (!Object.prototype.hasOwnProperty.call(a, k)) continue;
      if (typeof a[k] !== "string" || (k.indexOf("data-") !== 0 && k !== "v2")) {
        return "an attribute that is not a data-* string (" + String(k).slice(0, 40) + ")";
      }
      out[k] = a[k];
    }
    out["data-lcw-popout"] = "true";
    var source = null;
    if (s !== undefined && s !== null) {
      if (!plain(s) || typeof s.kind !== "string" || typeof s.ruleId !== "string") return "an invitation source of the wrong shape";
      source = { kind: s.kind, ruleId: s.ruleId };
    }
    if (m.page !== undefined && m.page !== null) {
      page = pageContext(m.page);
      if (!page) return "a page context of the wrong shape";
    }
    return { attrs: out, source: source, page: page };
  }

  // pageContext checks what the opener says of its page, for the chat of
  // the pop-out to start in the page's name: {url, referrer, timeOnPageMs,
  // auth, custom} (the variables, which the runtime checks one by one as
  // it would the page's own). answeredAt is now, when the answer arrived:
  // the time on page goes on from there. null when the shape is wrong.
  function pageContext(p) {
    if (!plain(p) || typeof p.url !== "string" || typeof p.referrer !== "string" ||
      typeof p.timeOnPageMs !== "number" || !(p.timeOnPageMs >= 0 && p.timeOnPageMs < Infinity) ||
      typeof p.auth !== "boolean" || (p.custom !== undefined && !plain(p.custom))) return null;
    return {
      url: p.url, referrer: p.referrer, timeOnPageMs: p.timeOnPageMs, auth: p.auth,
      custom: p.custom, answeredAt: Date.now()
    };
  }

  // popoutOrigins says why this window must not chat for the page on
  // origin from with the attributes a, or "". A page of another site may
  // open popout.html itself and answer: the window, under this origin's
  // address, then chats only for a page of this origin or with a chat
  // server of this origin (the widget's own runtime keeps to the same
  // rule, and chats in the page otherwise).
  function popoutOrigins(from, a) {
    var here = location.origin, org = new URL(tag.src).origin;
    if (a["data-org-url"]) {
      try {
        org = new URL(a["data-org-url"]).origin;
      } catch (e) {
        return "the page that opened this chat window named a chat server that is not a URL";
      }
    }
    if (from === here || org === here) return "";
    return "a page on " + from + " opened this chat window, on " + here + ", for a chat server on " + org +
      ": a chat window chats only for pages of its own origin or with a chat server of its own origin";
  }

  function plain(v) {
    if (!v || typeof v !== "object") return false;
    var p = Object.getPrototypeOf(v);
    return p === Object.prototype || p === null;
  }

  // refusePopout says in the pop-out's page why it shows no chat.
  function refusePopout() {
    function show() {
      var p = d.createElement("p");
      p.setAttribute("role", "alert");
      p.id = "lcw-popout-refused";
      p.textContent = "This chat window must be opened from the website's chat. Close it and start the chat again.";
      d.body.appendChild(p);
    }
    if (d.body) show(); else d.addEventListener("DOMContentLoaded", show, { once: true });
  }

  // ready is called by the runtime with the SDK's implementation.
  function ready(methods) {
    impl = methods;
    var pending = queue;
    queue = [];
    pending.forEach(function (e) {
      try {
        var r = call(e.name, e.args);
        if (e.resolve) e.resolve(r);
      } catch (err) {
        console.error("lcwasm: " + e.name + " (called before lcw:ready): " + err.message);
      }
    });
    lcw.isReady = true;
    emit("lcw:ready", {});
  }

  // Single-page apps change the address with the History API, which fires
  // no event: announce it, so rules can start a new page view.
  ["pushState", "replaceState"].forEach(function (name) {
    var original = w.history && w.history[name];
    if (typeof original !== "function") return;
    w.history[name] = function () {
      var result = original.apply(this, arguments);
      emit("lcwasm:navigate", {});
      return result;
    };
  });

  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    fail("this browser does not support WebAssembly");
    return;
  }

  function configURL() {
    var app = attrs["data-app-id"];
    if (!app) throw new Error("data-app-id is missing");
    var org = attrs["data-org-url"] || new URL(tag.src).origin;
    if (org.charAt(org.length - 1) !== "/") org += "/";
    return new URL("api/v1/widgets/" + encodeURIComponent(app) + "/config", org).href;
  }

  // loadConfig resolves to {config} or {error}: a missing configuration
  // (the server down, an HTTP error, bad JSON) leaves proactive chat off
  // but the SDK working; it must never leave the start waiting.
  function loadConfig() {
    var inline = d.getElementById(ID + "_Config");
    return new Promise(function (resolve, reject) {
      if (inline) return resolve(JSON.parse(inline.textContent));
      fetch(configURL(), { credentials: "omit" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " from " + r.url);
        return r.json();
      }).then(resolve, reject);
    }).then(function (c) { return { config: c }; }, function (e) { return { error: e.message }; });
  }

  // download is fetch, whose synchronous exception (a page's wrapper of
  // fetch may throw) becomes a rejection like any other failure.
  function download(url) {
    try {
      return fetch(url);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  function loadCSS() {
    return download(base + CSS).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).catch(function (e) {
      console.warn("lcwasm: the widget stylesheet " + base + CSS + " did not load (" + e.message + ")");
      return "";
    });
  }

  // compile starts compiling while the other files download: the module
  // needs no imports until it is instantiated. Its errors name the file and
  // what went wrong: not downloaded, an HTTP status, or not WebAssembly.
  function compile(url) {
    return download(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + r.url);
      var type = (r.headers.get("Content-Type") || "").split(";")[0].trim();
      if (WebAssembly.compileStreaming && type === "application/wasm") {
        return WebAssembly.compileStreaming(r);
      }
      // A server that sends the wrong type: compile from bytes instead.
      console.warn("lcwasm: " + r.url + " is served as " + (type || "no Content-Type") +
        ", not application/wasm, so it compiles only once fully downloaded; serve .wasm files as application/wasm");
      return r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
    }, function (e) {
      throw new Error("cannot download " + url + ": " + e.message);
    }).catch(function (e) {
      if (/Content.Security.Policy/i.test(e.message)) {
        throw new Error("the page's Content-Security-Policy does not allow WebAssembly (script-src needs 'wasm-unsafe-eval'): " + e.message);
      }
      if (e instanceof WebAssembly.CompileError) {
        throw new Error(url + " is not valid WebAssembly (truncated or corrupt): " + e.message);
      }
      if (e instanceof TypeError) { // the body stopped arriving
        throw new Error("the download of " + url + " broke off: " + e.message);
      }
      throw e;
    });
  }

  // The page's load event: the runtime starts after it, so the widget
  // never holds back the host page; downloads and compilation (off the main
  // thread) start at once.
  function pageLoaded() {
    return new Promise(function (resolve) {
      if (d.readyState === "complete") return resolve();
      w.addEventListener("load", function () { resolve(); }, { once: true });
    });
  }

  var module = compile(base + WASM);
  module.catch(function () {});
  // The pop-out knows which chat server to ask only once its opener said.
  var config = popout ? askOpener().then(function (got) {
    for (var k in got.attrs) attrs[k] = got.attrs[k];
    invitation = got.source;
    openerPage = got.page;
    return loadConfig();
  }, function (e) {
    refusePopout();
    throw e;
  }) : loadConfig();
  Promise.all([module, config, loadCSS(), pageLoaded()]).then(function (got) {
    if (typeof w.Go !== "function") throw new Error("lcw.js was not built: Go's wasm_exec.js is missing from it");
    var go = new w.Go();
    // Once the runtime has stopped, the listeners and timers it left in
    // the page do nothing, instead of throwing "Go program has already
    // exited" at the visitor's every scroll and click.
    var resume = go._resume;
    go._resume = function () {
      if (!this.exited) resume.call(this);
    };
    return WebAssembly.instantiate(got[0], go.importObject).then(function (instance) {
      w.__lcwasm = {
        attrs: attrs, base: base, css: got[2], cssURL: base + CSS,
        config: got[1].config === undefined ? null : got[1].config,
        configError: got[1].error || "",
        invitation: invitation,
        opener: openerPage,
        ready: ready,
        fail: fail
      };
      go.run(instance).then(function () {
        // Calls into a stopped runtime would throw: the SDK queues again.
        var wasReady = lcw.isReady;
        impl = null;
        lcw.isReady = false;
        fail(wasReady ? "the runtime stopped" : "the runtime stopped before it was ready");
      });
    });
  }).catch(function (e) {
    fail(e && e.message ? e.message : String(e));
  });
})();
