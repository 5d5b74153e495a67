// lcwasm: load the Live Chat Widget from where its dist/ is hosted and wait
// until its SDK is callable.
//
//   import { whenReady, sdk } from "lcwasm";
//   const lcw = await whenReady({ base: "https://chat.example.com/lcw/", appId: "shop" });
//   lcw.startProactiveChat({ message: "Hi!" });

const ID = "Microsoft_Omnichannel_LCWidget";
let pending = null;

/** The SDK object, or undefined before lcw.js has run. */
export function sdk() {
  const lcw = globalThis.Microsoft && globalThis.Microsoft.Omnichannel && globalThis.Microsoft.Omnichannel.LiveChatWidget;
  return lcw ? lcw.SDK : undefined;
}

function ready() {
  const lcw = globalThis.Microsoft && globalThis.Microsoft.Omnichannel && globalThis.Microsoft.Omnichannel.LiveChatWidget;
  return !!(lcw && lcw.isReady);
}

/**
 * Adds the widget's script tag (unless the page has one), and resolves with
 * the SDK once lcw:ready fired; rejects when the widget cannot load
 * (lcw:error code 7, or lcw.js itself missing). Later calls get the same
 * promise.
 */
export function whenReady(options = {}) {
  if (pending) return pending;
  pending = new Promise((resolve, reject) => {
    if (ready()) return resolve(sdk());
    const done = () => { removeEventListener("lcw:ready", onReady); removeEventListener("lcw:error", onError); };
    const onReady = () => { done(); resolve(sdk()); };
    const onError = (e) => {
      if (!e.detail || e.detail.errorCode !== 7) return;
      done();
      const err = new Error("lcwasm: the widget failed to load: " + e.detail.errorDescription);
      err.errorCode = 7;
      reject(err);
    };
    addEventListener("lcw:ready", onReady);
    addEventListener("lcw:error", onError);
    if (document.getElementById(ID)) return;
    if (!options.base) {
      done();
      return reject(new TypeError("lcwasm: whenReady needs options.base, the URL lcw.js is served under"));
    }
    const s = document.createElement("script");
    s.id = ID;
    s.src = new URL("lcw.js", new URL(options.base, document.baseURI)).href;
    const attrs = Object.assign({}, options.attributes);
    if (options.appId !== undefined) attrs["data-app-id"] = options.appId;
    if (options.orgId !== undefined) attrs["data-org-id"] = options.orgId;
    if (options.orgUrl !== undefined) attrs["data-org-url"] = options.orgUrl;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === undefined) continue;
      s.setAttribute(k, v === true ? "" : String(v));
    }
    s.onerror = () => {
      done();
      const err = new Error("lcwasm: could not load " + s.src);
      err.errorCode = 7;
      reject(err);
    };
    document.head.appendChild(s);
  });
  return pending;
}
