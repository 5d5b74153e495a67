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

// Links, as the widget makes them (widget/links.go, Linkify): an http,
// https or mailto address, in any case, at the start of the text or after
// a character that is not a Latin letter or digit, runs to the next space
// or one of < > " ` (or a closing quote or CJK punctuation); sentence
// punctuation and unbalanced closing brackets at its end are left out. A
// scheme with nothing after it is text, and so is every other scheme
// (javascript:, data:). The text is never parsed as HTML: links are <a>
// elements whose text is the address, beside text nodes.
const schemes = ['https://', 'http://', 'mailto:'];
const closers = ['»', '”', '’', '」', '』', '）', '。', '、', '，', '\u00a0'];
// LINK_REL keeps a linked page from reaching back into the console
// (opener) or learning where the agent came from (referrer).
export const LINK_REL = 'noopener noreferrer';
const isWord = (c) => /[A-Za-z0-9]/.test(c);
const endsAddress = (s, i) => ' \t\n\r\f<>"`'.includes(s[i]) || closers.some((c) => s.startsWith(c, i));
function trimTrailing(s, from, end) {
  const count = (ch) => s.slice(from, end).split(ch).length - 1;
  while (end > from) {
    const c = s[end - 1];
    if (".,;:!?'*".includes(c)) { end--; continue; }
    const open = { ')': '(', ']': '[', '}': '{' }[c];
    if (open && count(open) < count(c)) { end--; continue; }
    break;
  }
  return end;
}
function addressAt(s, i) {
  if (i > 0 && isWord(s[i - 1])) return 0;
  const scheme = schemes.find((p) => s.slice(i, i + p.length).toLowerCase() === p);
  if (!scheme) return 0;
  let end = i + scheme.length;
  while (end < s.length && !endsAddress(s, end)) end++;
  end = trimTrailing(s, i + scheme.length, end);
  return end === i + scheme.length ? 0 : end - i;
}
// linkSegments splits text into [{text, link}] runs; joined, they are the
// text again.
export function linkSegments(text) {
  const s = String(text), out = [];
  let plain = 0;
  for (let i = 0; i < s.length;) {
    const n = addressAt(s, i);
    if (!n) { i++; continue; }
    if (plain < i) out.push({ text: s.slice(plain, i), link: false });
    out.push({ text: s.slice(i, i + n), link: true });
    i += n;
    plain = i;
  }
  if (plain < s.length) out.push({ text: s.slice(plain), link: false });
  return out;
}
// link is an <a> to href, opening in a new tab, its text the address.
export function link(href) {
  const a = el('a', '', tame(href));
  a.href = href;
  a.target = '_blank';
  a.rel = LINK_REL;
  return a;
}
// linkedBdi is bdi(text, cls) with its addresses as links.
export function linkedBdi(text, cls) {
  const b = el('bdi', cls);
  for (const seg of linkSegments(text)) b.append(seg.link ? link(seg.text) : document.createTextNode(tame(seg.text)));
  return b;
}
// webLink is an http or https address as a link, anything else (another
// scheme, no address) as text in a bdi.
export function webLink(url) {
  return /^https?:\/\/./i.test(url) ? line('bdi', '', link(url)) : bdi(url);
}

// keepFocus runs rebuild, which replaces the items inside box, and keeps
// the keyboard's place: when focus was on an item (an element with
// data-conversation or data-user) or on a control inside one, the item
// with the same key gets it back, on the control at the same position.
// Lists that redraw when a message or a visitor arrives would otherwise
// drop a keyboard or screen-reader user back to the top of the page.
export function keepFocus(box, rebuild) {
  const was = document.activeElement;
  if (!was || was === document.body || !box.contains(was)) { rebuild(); return; }
  const keyed = '[data-conversation],[data-user]';
  const controls = (root) => [...root.querySelectorAll('button, a[href], input, select, textarea, [tabindex]')];
  const keyOf = (e) => e.dataset.conversation ?? e.dataset.user;
  const item = was.closest(keyed);
  const key = item && box.contains(item) ? keyOf(item) : undefined;
  const at = item && item !== was ? controls(item).indexOf(was) : -1;
  rebuild();
  if (document.activeElement === was) return;
  if (was.isConnected) { was.focus({ preventScroll: true }); return; }
  if (key === undefined) return;
  const again = box.matches(keyed) && keyOf(box) === key ? box
    : [...box.querySelectorAll(keyed)].find((e) => keyOf(e) === key);
  const target = again && (at >= 0 ? controls(again)[at] : again);
  if (target) target.focus({ preventScroll: true });
}
