// The console's count of offline messages waiting for an agent, on the
// top bar's link to their list: the server sends it (offlineWaiting)
// after hello and whenever a visitor leaves one or an agent marks one, on
// any instance. A rise above the count last said is said politely, once
// for a burst (after SETTLE ms) and at most every ANNOUNCE_EVERY ms; the
// first count and a fall are only shown.

const SETTLE = 1000, ANNOUNCE_EVERY = 30000;

// offlineCount shows the count in #offline-count (the link's accessible
// name reads "Offline messages N waiting") and says rises in
// #offline-announce; it returns the handler of offlineWaiting frames.
export function offlineCount({ $ }) {
  let shown = -1, said = -1, timer = 0, last = -ANNOUNCE_EVERY;
  function render(n) {
    const c = $('offline-count');
    c.querySelector('.n').textContent = String(n);
    c.className = 'count' + (n ? ' has' : '');
    c.hidden = false;
  }
  function announce() {
    timer = 0;
    if (shown <= said) return; // back down meanwhile
    said = shown;
    last = Date.now();
    const live = $('offline-announce');
    live.textContent = '';
    setTimeout(() => { live.textContent = 'A visitor left an offline message: ' + said + ' waiting.'; }, 50);
  }
  return function onOfflineWaiting(f) {
    shown = Math.max(0, Math.floor(Number(f.waiting)) || 0);
    render(shown);
    if (said < 0 || shown < said) said = shown; // the first count, or a fall: shown, not said
    if (shown > said && !timer) timer = setTimeout(announce, Math.max(SETTLE, last + ANNOUNCE_EVERY - Date.now()));
  };
}
