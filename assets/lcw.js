/*
 * lcwasm loader. Embed it with Microsoft's snippet:
 *   <script id="Microsoft_Omnichannel_LCWidget" src=".../lcw.js" data-app-id="..." data-org-url="..."></script>
 * It defines Microsoft.Omnichannel.LiveChatWidget.SDK at once (calls made
 * before lcw:ready are queued and run in order at ready), fetches and
 * compiles the Go runtime next to itself at once, starts it after the
 * page's load event, and never breaks the host page: any failure is
 * reported as lcw:error code 7 with the reason. The build puts Go's
 * wasm_exec.js inside the function glue, where it sees objects of the
 * loader's own instead of the page's globals.
 */
(function () {
  "use strict";
  var ID = "Microsoft_Omnichannel_LCWidget";
  var POPOUT_WAIT = 5000; // ms the pop-out waits for its opener's answer
  // ms the configuration and the stylesheet have to arrive (then they count
  // as missing), and the longest getAgentAvailability's Promise waits.
  var WAIT = 10000;
  // ms the wasm download may go without a byte before it counts as stalled
  // (lcw:error code 7).
  var STALL = 15000;
  var WASM = "__LCW_WASM__";
  var CSS = "__LCW_CSS__";
  // The chat button's template, rendered by the build with the widget's
  // own view (internal/build.Launcher): stamped out while the wasm
  // downloads, replaced by the runtime at ready.
  var LAUNCHER = /*__LCW_LAUNCHER__*/null;
  var METHODS = [
    "startProactiveChat", "startChat", "closeChat",
    "setContextProvider", "getContextProvider", "removeContextProvider",
    "setAuthTokenProvider", "getAuthTokenProvider", "removeAuthTokenProvider",
    "getAgentAvailability",
    // lcwasm's documented extensions
    "explainProactiveRules", "setAudienceAttributes", "reportGoal"
  ];
  var w = window, d = document;

  var queue = [];
  var impl = null;
  var failure = ""; // why the widget failed to load, once reported
  var lcw = null; // Microsoft.Omnichannel.LiveChatWidget, once placed
  // early is the chat button stamped before the runtime is ready:
  // {host, button, clicked}, null when none was stamped.
  var early = null;

  function emit(name, detail) {
    try {
      w.dispatchEvent(new CustomEvent(name, { detail: detail }));
    } catch (e) { /* a page listener's exception is the page's */ }
  }

  function say(level, msg) {
    try {
      console[level](msg);
    } catch (e) { /* a page's broken console is the page's */ }
  }

  // fail reports once the document is parsed, so that the lcw:error
  // listeners of the page's scripts after the loader tag hear it too.
  function fail(reason) {
    if (d.readyState === "loading") {
      d.addEventListener("DOMContentLoaded", function () { fail(reason); }, { once: true });
      return;
    }
    if (failure) return; // reported once
    unstamp();
    var waiting = queue.map(function (e) { return e.name; });
    failure = "the widget failed to load: " + reason;
    say("error", "lcwasm: " + failure + (waiting.length ?
      "; the SDK calls the page made meanwhile did not run: " + waiting.join(", ") : ""));
    // A page awaiting getAgentAvailability gets an answer all the same.
    queue.forEach(function (e) { if (e.resolve) e.resolve(unavailable(failure)); });
    emit("lcw:error", { errorCode: 7, errorDescription: failure });
  }

  // message is what an exception says.
  function message(e) {
    try {
      return e && e.message ? String(e.message) : String(e);
    } catch (_) {
      return "an exception that cannot be printed";
    }
  }

  // The SDK exists first, whatever fails later; until the runtime is ready
  // it queues.
  var sdk = {};
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
        // Answered at ready, at a failure, or after WAIT, whichever is first.
        return new Promise(function (resolve) {
          entry.resolve = resolve;
          setTimeout(function () {
            resolve(unavailable("the widget is not ready after " + WAIT / 1000 + " s"));
          }, WAIT);
        });
      }
      return undefined;
    };
  });

  try {
    var existing = lookup(w, ["Microsoft", "Omnichannel", "LiveChatWidget"]);
    if (existing && existing.__lcwasm) {
      say("warn", "lcwasm: lcw.js is included twice; the second copy does nothing");
      return;
    }
    lcw = placeNamespace();
  } catch (e) {
    fail("the SDK namespace cannot be defined: " + message(e));
    return;
  }
  if (!lcw) {
    fail("window.Microsoft is read-only and cannot hold Microsoft.Omnichannel.LiveChatWidget.SDK");
    return;
  }

  try {
    main();
  } catch (e) {
    fail(message(e));
  }

  // lookup reads o.keys[0].keys[1]..., undefined where a step is missing or
  // its getter throws.
  function lookup(o, keys) {
    try {
      for (var i = 0; i < keys.length && o !== undefined && o !== null; i++) o = o[keys[i]];
      return o;
    } catch (e) {
      return undefined;
    }
  }

  function isObject(v) {
    return v !== null && (typeof v === "object" || typeof v === "function");
  }

  // put makes o[k] be v; false when o does not let it.
  function put(o, k, v) {
    try {
      Object.defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: true });
    } catch (e) {
      try {
        o[k] = v;
      } catch (e2) { /* read-only */ }
    }
    return lookup(o, [k]) === v;
  }

  // placeNamespace makes window.Microsoft.Omnichannel.LiveChatWidget.SDK
  // the SDK, and returns the LiveChatWidget object (null when window.Microsoft
  // itself is read-only). A level the page froze, or that is not an object,
  // is replaced by an object that inherits from it (the page's own members
  // stay readable through it) with a console.warn saying so.
  function placeNamespace() {
    var keys = ["Microsoft", "Omnichannel", "LiveChatWidget", "SDK"];
    var replaced = [];
    // settle makes parent.keys[i]... lead to sdk, parent being writable by
    // us; it returns false when parent[keys[i]] cannot be set.
    function settle(parent, i) {
      var key = keys[i];
      if (i === keys.length - 1) return put(parent, key, sdk);
      var cur = lookup(parent, [key]);
      if (isObject(cur) && Object.isExtensible(cur) && settle(cur, i + 1)) return true;
      var child = isObject(cur) ? Object.create(cur) : {};
      if (!settle(child, i + 1) || !put(parent, key, child)) return false;
      if (cur !== undefined) replaced.push(keys.slice(0, i + 1).join("."));
      return true;
    }
    if (!settle(w, 0)) return null;
    if (replaced.length) {
      say("warn", "lcwasm: " + replaced.join(", ") + " could not hold the SDK (frozen, or not an object): " +
        "it is replaced by an object that inherits from it");
    }
    var ns = lookup(w, ["Microsoft", "Omnichannel", "LiveChatWidget"]);
    put(ns, "__lcwasm", true);
    put(ns, "isReady", false);
    return ns;
  }

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

  // main is the loader's every step after the namespace: what it throws is
  // code 7, as are the failures of the downloads and of the runtime.
  function main() {
    var tag = d.getElementById(ID) || d.currentScript;
    if (!tag || !tag.src) {
      fail("no <script id=\"" + ID + "\"> tag with a src");
      return;
    }

    var base = new URL(".", tag.src).href;
    var attrs = readAttributes();
    var popout = attrs["data-lcw-popout"] !== undefined;
    var invitation = null; // the pop-out's invitation source, from its opener
    var openerPage = null; // the pop-out's opener's page context, from its opener
    // A test page (data-lcw-version="test") may shorten the loader's deadlines:
    // data-lcw-test-wait for WAIT, data-lcw-test-stall for STALL, in ms.
    if (attrs["data-lcw-version"] === "test") {
      if (Number(attrs["data-lcw-test-wait"]) > 0) WAIT = Number(attrs["data-lcw-test-wait"]);
      if (Number(attrs["data-lcw-test-stall"]) > 0) STALL = Number(attrs["data-lcw-test-stall"]);
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
        if (!plain(s) || typeof s.kind !== "string" || typeof s.ruleId !== "string" ||
            (s.variant !== undefined && typeof s.variant !== "string") ||
            (s.message !== undefined && typeof s.message !== "string")) return "an invitation source of the wrong shape";
        source = { kind: s.kind, ruleId: s.ruleId, variant: s.variant || "", message: s.message || "" };
      }
      if (m.page !== undefined && m.page !== null) {
        page = pageContext(m.page);
        if (!page) return "a page context of the wrong shape";
      }
      return { attrs: out, source: source, page: page };
    }

    // pageContext checks what the opener says of its page, for the chat of
    // the pop-out to start in the page's name: {url, referrer, timeOnPageMs,
    // auth, custom, pages} (the variables, which the runtime checks one by
    // one as it would the page's own, and the session's pages, which it
    // checks against the chat's budgets). answeredAt is now, when the
    // answer arrived: the time on page goes on from there. null when the
    // shape is wrong.
    function pageContext(p) {
      if (!plain(p) || typeof p.url !== "string" || typeof p.referrer !== "string" ||
        typeof p.timeOnPageMs !== "number" || !(p.timeOnPageMs >= 0 && p.timeOnPageMs < Infinity) ||
        typeof p.auth !== "boolean" || (p.custom !== undefined && !plain(p.custom))) return null;
      return {
        url: p.url, referrer: p.referrer, timeOnPageMs: p.timeOnPageMs, auth: p.auth,
        custom: p.custom, pages: p.pages, answeredAt: Date.now()
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

    observeHistory();

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
    // (the server down or silent for WAIT ms, an HTTP error, bad JSON) leaves
    // proactive chat off but the SDK working; it must never leave the start
    // waiting.
    function loadConfig() {
      var inline = d.getElementById(ID + "_Config");
      return new Promise(function (resolve) {
        if (inline) return resolve(JSON.parse(inline.textContent));
        var url = configURL();
        resolve(deadline(WAIT, "the configuration " + url, function (signal) {
          return download(url, { credentials: "omit", signal: signal }).then(function (r) {
            if (!r.ok) throw new Error("HTTP " + r.status + " from " + r.url);
            return r.json();
          });
        }));
      }).then(function (c) { return { config: c }; }, function (e) { return { error: message(e) }; });
    }

    // deadline runs start(signal) and rejects when its Promise has not
    // settled within ms, aborting signal (where AbortController exists).
    function deadline(ms, what, start) {
      var ctl = typeof AbortController === "function" ? new AbortController() : null;
      return new Promise(function (resolve, reject) {
        var timer = setTimeout(function () {
          reject(new Error(what + " did not arrive within " + ms / 1000 + " s"));
          if (ctl) ctl.abort();
        }, ms);
        new Promise(function (r) { r(start(ctl ? ctl.signal : undefined)); }).then(function (v) {
          clearTimeout(timer);
          resolve(v);
        }, function (e) {
          clearTimeout(timer);
          reject(e);
        });
      });
    }

    // download is fetch, whose synchronous exception (a page's wrapper of
    // fetch may throw) becomes a rejection like any other failure.
    function download(url, opts) {
      try {
        return fetch(url, opts);
      } catch (e) {
        return Promise.reject(e);
      }
    }

    // loadCSS resolves to the stylesheet, or "" (with a warning) when it does
    // not come within WAIT ms: the widget works without its looks.
    function loadCSS() {
      return deadline(WAIT, "the widget stylesheet", function (signal) {
        return download(base + CSS, { signal: signal }).then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.text();
        });
      }).catch(function (e) {
        say("warn", "lcwasm: the widget stylesheet " + base + CSS + " did not load (" + message(e) + ")");
        return "";
      });
    }

    // compile starts compiling while the other files download: the module
    // needs no imports until it is instantiated. Its errors name the file and
    // what went wrong: not downloaded, an HTTP status, not WebAssembly, or
    // stalled (no byte for STALL ms, the answer's headers included).
    function compile(url) {
      var ctl = typeof AbortController === "function" ? new AbortController() : null;
      var got = 0, timer = 0, stalled = null;
      var stall = new Promise(function (resolve, reject) { stalled = reject; });
      stall.catch(function () {});
      function arm() {
        clearTimeout(timer);
        timer = setTimeout(function () {
          stalled(new Error("the download of " + url + (got ? " stalled after " + got + " bytes (none for " :
            " got no answer (for ") + STALL / 1000 + " s)"));
          if (ctl) ctl.abort();
        }, STALL);
      }
      arm();
      var built = download(url, ctl ? { signal: ctl.signal } : undefined).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " for " + r.url);
        arm();
        var type = (r.headers.get("Content-Type") || "").split(";")[0].trim();
        var where = r.url;
        r = counted(r);
        if (WebAssembly.compileStreaming && type === "application/wasm") {
          return WebAssembly.compileStreaming(r);
        }
        // A server that sends the wrong type: compile from bytes instead.
        say("warn", "lcwasm: " + where + " is served as " + (type || "no Content-Type") +
          ", not application/wasm, so it compiles only once fully downloaded; serve .wasm files as application/wasm");
        return r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
      }, function (e) {
        throw new Error("cannot download " + url + ": " + message(e));
      });
      return Promise.race([built, stall]).then(function (m) {
        clearTimeout(timer);
        return m;
      }, function (e) {
        clearTimeout(timer);
        var m = message(e);
        if (/Content.Security.Policy/i.test(m)) {
          throw new Error("the page's Content-Security-Policy does not allow WebAssembly (script-src needs 'wasm-unsafe-eval'): " + m);
        }
        if (e instanceof WebAssembly.CompileError) {
          throw new Error(url + " is not valid WebAssembly (truncated or corrupt): " + m);
        }
        if (e instanceof TypeError) { // the body stopped arriving
          throw new Error("the download of " + url + " broke off: " + m);
        }
        throw e;
      });

      // counted is r with a body that re-arms the stall timer at every chunk
      // (r itself where the browser cannot stream a Response's body).
      function counted(r) {
        if (!r.body || typeof r.body.getReader !== "function" || typeof ReadableStream !== "function") return r;
        var reader = r.body.getReader();
        var body = new ReadableStream({
          pull: function (c) {
            return reader.read().then(function (x) {
              if (x.done) return c.close();
              got += x.value.byteLength;
              arm();
              c.enqueue(x.value);
            });
          },
          cancel: function (why) { return reader.cancel(why); }
        });
        return new Response(body, { status: r.status, headers: r.headers });
      }
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

    // The stylesheet and the configuration are asked for first: the early
    // chat button waits for them, not for the wasm.
    var css = loadCSS();
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
    var module = compile(base + WASM);
    module.catch(function () {});
    if (!popout) {
      Promise.all([config, css]).then(function (got) {
        var texts = failure || impl ? null : earlyTexts(attrs, got[0].config, got[1]);
        if (texts) stampWhenParsed(attrs, got[0].config, got[1], base + CSS, texts);
      }).catch(function (e) {
        say("warn", "lcwasm: the early chat button was not shown: " + message(e));
      });
    }
    Promise.all([module, config, css, pageLoaded()]).then(function (got) {
      var Go = goClass();
      var go = new Go();
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
          takeEarly: takeEarly,
          ready: ready,
          fail: fail
        };
        return go.run(instance).then(function () {
          // Calls into a stopped runtime would throw: the SDK queues again.
          var wasReady = lcw.isReady;
          impl = null;
          lcw.isReady = false;
          failure = "";
          fail(wasReady ? "the runtime stopped" : "the runtime stopped before it was ready");
        }, function (e) {
          impl = null;
          lcw.isReady = false;
          failure = "";
          fail("the runtime failed: " + message(e));
        });
      });
    }).catch(function (e) {
      fail(message(e));
    });
  }

  // earlyTexts are the language and the values of LAUNCHER.keys the
  // runtime will show its chat button at start in ({lang, values}), or null
  // when the loader cannot tell: data-hide-chat-button on the tag
  // (widget.ApplyAttributes), no template texts for the language, a text
  // of the configuration for a key that is not a non-empty string (the one
  // kind the runtime says as it is), or two "texts" entries for the
  // language. The stylesheet must have arrived too.
  function earlyTexts(attrs, config, css) {
    if (!LAUNCHER || !css || !isObject(config)) return null;
    var hide = attrs["data-hide-chat-button"];
    if (hide !== undefined && !/^\s*(false|0|no|off)\s*$/i.test(hide)) return null;
    var lang = pickLanguage(config.language), values = LAUNCHER.texts[lang];
    if (!values) return null;
    var texts = isObject(config.texts) ? config.texts : {}, own = [];
    for (var k in texts) {
      if (shipped(k) === lang) own.push(isObject(texts[k]) ? texts[k] : {});
    }
    values = values.slice();
    for (var i = 0; i < LAUNCHER.keys.length; i++) {
      for (var j = 0; j < own.length; j++) {
        var v = own[j][LAUNCHER.keys[i]];
        if (v === undefined) continue;
        if (own.length > 1 || typeof v !== "string" || v === "") return null;
        values[i] = v;
      }
    }
    return { lang: lang, values: values };
  }

  // pickLanguage is widget.PickLanguage on what the runtime reads: the
  // configured language, the page's <html lang>, the browser's languages,
  // each as Intl.Locale maximizes it (jsbridge.Maximize).
  function pickLanguage(configured) {
    var nav = lookup(w, ["navigator"]) || {}, browser = [].slice.call(nav.languages || []);
    if (!browser.length && nav.language) browser = [nav.language];
    var tags = [configured, d.documentElement.lang].concat(browser);
    for (var i = 0; i < tags.length; i++) {
      var l = shipped(maximize(tags[i]));
      if (l) return l;
    }
    return "en";
  }

  // maximize is jsbridge.Maximize: new Intl.Locale(tag).maximize(), tag
  // itself when Intl refuses it.
  function maximize(tag) {
    if (typeof tag !== "string" || tag === "") return tag;
    try {
      var s = new Intl.Locale(tag).maximize().toString();
      return typeof s === "string" ? s : tag;
    } catch (e) {
      return tag;
    }
  }

  // shipped is the shipped language a tag asks for, or "" (widget's
  // shipped): "fr-CA" is "fr", "zh-TW" and "zh-Hant" are not shipped.
  function shipped(tag) {
    if (typeof tag !== "string") return "";
    var parts = tag.toLowerCase().replace(/_/g, "-").split("-"), base = parts[0];
    if (base === "iw") base = "he";
    if (base === "zh" && parts.some(function (p) { return /^(hant|tw|hk|mo)$/.test(p); })) return "";
    return LAUNCHER.languages.indexOf(base) >= 0 ? base : "";
  }

  // stampWhenParsed stamps the chat button once the page has a body (the
  // host goes after it, where the runtime puts its own).
  function stampWhenParsed(attrs, config, css, cssURL, texts) {
    function go() {
      if (!failure && !impl && !early) stamp(attrs, config, css, cssURL, texts);
    }
    if (d.body) go(); else d.addEventListener("DOMContentLoaded", go, { once: true });
  }

  // stamp builds the host and its shadow root as jsbridge.NewDocument does
  // (its dir as widget.Direction), and the template's nodes in texts with
  // createElement, setAttribute and createTextNode (no markup parsed, so no
  // Trusted Types sink). A click on the button (Enter and Space click a
  // button) is kept for the runtime, which opens the pane at ready.
  function stamp(attrs, config, css, cssURL, texts) {
    var host = d.createElement("div");
    host.id = "oc-lcw";
    var rtl = LAUNCHER.rtl.indexOf(texts.lang) >= 0 || [d.documentElement, d.body].map(function (el) { return el && el.dir; })
      .filter(function (v) { return v === "rtl" || v === "ltr"; })[0] === "rtl";
    host.setAttribute("dir", rtl ? "rtl" : "ltr");
    host.setAttribute("lang", texts.lang);
    if (config.colorScheme === "light" || config.colorScheme === "dark") host.setAttribute("data-scheme", config.colorScheme);
    var own = { "--lcw-accent": ["color", attrs["data-color-override"]], "--lcw-font": ["font-family", attrs["data-font-family-override"]] };
    for (var k in own) {
      var v = own[k][1];
      if (!v || !(w.CSS && w.CSS.supports(own[k][0], v))) v = "initial";
      host.style.setProperty(k, v, "important");
    }
    var shadow = host.attachShadow({ mode: "open" });
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } catch (e) {
      var link = d.createElement("link");
      link.rel = "stylesheet";
      link.href = cssURL;
      shadow.appendChild(link);
    }
    LAUNCHER.tree.forEach(function (n) { shadow.appendChild(node(n, texts.values)); });
    var button = shadow.getElementById("oc-lcw-chat-button");
    if (!button) return;
    early = { host: host, clicked: false };
    button.addEventListener("click", function () { if (early) early.clicked = true; });
    d.documentElement.appendChild(host);
  }

  // node makes one template node: a string is a text node, an array is
  // [tag, [name, value, ...], child...]; a number i is values[i].
  function node(n, values) {
    if (typeof n === "string") return d.createTextNode(n);
    if (typeof n === "number") return d.createTextNode(values[n]);
    var el = d.createElement(n[0]);
    for (var i = 0; i + 1 < n[1].length; i += 2) {
      var v = n[1][i + 1];
      el.setAttribute(n[1][i], typeof v === "number" ? values[v] : v);
    }
    for (var j = 2; j < n.length; j++) el.appendChild(node(n[j], values));
    return el;
  }

  // takeEarly is the runtime's take-over of the early chat button, in the
  // task that renders its own: it removes the button and says whether it
  // was clicked and whether it has focus (null when none was stamped).
  function takeEarly() {
    if (!early) return null;
    var got = { clicked: early.clicked, focused: early.host.shadowRoot.activeElement !== null };
    unstamp();
    return got;
  }

  // unstamp removes the early chat button (when the widget failed).
  function unstamp() {
    if (!early) return;
    try {
      early.host.remove();
    } catch (e) { /* the page took it away */ }
    early = null;
  }

  // observeHistory announces the address changes of single-page apps,
  // which fire no event (lcwasm:navigate, so rules can start a new page
  // view), by wrapping history.pushState and replaceState. A page that
  // locked them (a frozen history, a non-writable pushState) is observed
  // through the Navigation API's currententrychange instead, where the
  // browser has it (popstate the runtime hears itself).
  function observeHistory() {
    var h = lookup(w, ["history"]), missed = {};
    ["pushState", "replaceState"].forEach(function (name) {
      var original = lookup(h, [name]);
      if (typeof original !== "function") return;
      var wrapped = function () {
        var result = original.apply(this, arguments);
        emit("lcwasm:navigate", {});
        return result;
      };
      if (!put(h, name, wrapped)) missed[name === "pushState" ? "push" : "replace"] = true;
    });
    if (!missed.push && !missed.replace) return;
    var nav = lookup(w, ["navigation"]);
    try {
      nav.addEventListener("currententrychange", function (ev) {
        if (missed[ev.navigationType]) emit("lcwasm:navigate", {});
      });
    } catch (e) {
      say("warn", "lcwasm: this page's history.pushState cannot be observed (it is read-only and the browser " +
        "has no Navigation API): rules see route changes only at popstate and hashchange");
    }
  }

  // goClass runs Go's wasm_exec.js (put into glue by the build) and returns
  // its Go class. The glue gets a global object of its own: fs, process,
  // path and Go live in it (a page's window.fs, such as an element with
  // id="fs", is not adopted), everything else is read from window. Its
  // crypto serves the Go runtime's own seeds: where the page's
  // crypto.getRandomValues throws, Math.random fills them (the widget's ids
  // never come from there, see jsbridge.Random).
  function goClass() {
    var own = {}, mine = { fs: true, process: true, path: true, Go: true };
    var scope = new Proxy({}, {
      get: function (t, k) { return mine[k] === true ? own[k] : w[k]; },
      set: function (t, k, v) {
        if (mine[k] === true) own[k] = v; else w[k] = v;
        return true;
      },
      has: function (t, k) { return mine[k] === true ? k in own : k in w; }
    });
    var fs = { writeSync: function (fd, buf) { return own.fs.writeSync(fd, buf); } };
    var crypto = {
      getRandomValues: function (a) {
        try {
          return w.crypto.getRandomValues(a);
        } catch (e) {
          for (var i = 0; i < a.length; i++) a[i] = Math.floor(Math.random() * 256);
          return a;
        }
      }
    };
    var Go = glue(scope, fs, crypto);
    if (typeof Go !== "function") throw new Error("lcw.js was not built: Go's wasm_exec.js is missing from it");
    return Go;
  }

  // glue is Go's wasm_exec.js, which the build puts in place of the comment.
  function glue(globalThis, fs, crypto) {
    /*__LCW_GLUE__*/
    return globalThis.Go;
  }
})();
