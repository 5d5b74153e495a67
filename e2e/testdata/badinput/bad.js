// Hostile and careless values for the bad-input tests (badinput_test.go),
// built in the page so that no megabyte travels over the DevTools protocol.
(() => {
  const deep = (n, leaf) => {
    let o = leaf === undefined ? {} : leaf;
    for (let i = 0; i < n; i++) o = { o };
    return o;
  };
  const trap = () => { throw new Error("e2e: a trap that throws"); };
  const bad = {
    huge: (n) => "x".repeat(n),
    deep,
    // deepMessage is {message: {message: … "hi"}} n levels down.
    deepMessage: (n) => {
      let o = "hi";
      for (let i = 0; i < n; i++) o = { message: o };
      return o;
    },
    cyclic: (extra) => {
      const o = Object.assign({}, extra);
      o.self = o;
      return o;
    },
    selfMessage: () => {
      const o = {};
      o.message = o;
      return o;
    },
    proxy: () => new Proxy({}, {
      get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap,
    }),
    revoked: () => {
      const p = Proxy.revocable({}, {});
      p.revoke();
      return p.proxy;
    },
    getter: (name) => Object.defineProperty({}, name, { enumerable: true, get: trap }),
    vars: (n) => {
      const o = {};
      for (let i = 0; i < n; i++) o["k" + String(i).padStart(3, "0")] = i;
      return o;
    },
    // call runs fn as a page script would and says what happened.
    call: (fn) => {
      try {
        const r = fn();
        return { threw: false, result: r === undefined ? "undefined" : typeof r };
      } catch (e) {
        return { threw: true, name: String(e && e.name), message: String(e && e.message) };
      }
    },
  };
  Object.defineProperty(window, "bad", { value: bad });
  window.goodContext = () => ({ plan: "gold" });
  window.goodAuth = (callback) => callback("e2e-token");
})();
