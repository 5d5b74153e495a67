// Text of the agent console, the visitor's kept in its place: cut, tamed
// and direction-isolated; the console's own formatting of times.
// Visitor text: a name keeps its first MAX_NAME characters; a run of
// combining marks keeps its first MAX_MARKS (so a stack cannot draw over
// other items); every visitor string is shown inside a <bdi>, so its
// direction (U+202E…) cannot reorder the console's own text beside it.
export const MAX_NAME = 64, MAX_MARKS = 2;
const marks = new RegExp('(\\p{M}{' + MAX_MARKS + '})\\p{M}+', 'gu');
export function tame(s) { return String(s).replace(marks, '$1'); }
export function cutName(s) {
  const chars = [...tame(s || 'Visitor')];
  return chars.length > MAX_NAME ? chars.slice(0, MAX_NAME).join('') + '…' : chars.join('');
}
export function bdi(text, cls) { return el('bdi', cls, tame(text)); }
// line builds an element from parts: strings are the console's own text,
// elements (bdi) the visitor's.
export function line(tag, cls, ...parts) {
  const e = el(tag, cls);
  e.append(...parts);
  return e;
}

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = String(text);
  return e;
}
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  return m < 60 ? m + ' min ' + (s % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
}
export function clock(ms) { return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
