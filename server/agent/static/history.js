// The agent console's history: the search of the conversations over
// (GET /agent/api/history), one of them opened read-only
// (GET /agent/api/history/{id}), and a live chat's returning visitor
// (GET /agent/api/conversations/{id}/earlier) in the Additional details.
import { bdi, cutName, el, line } from './text.js';

const MATCHED_BY = { sub: 'by their verified sign-in', email: 'by the email they gave', visitor: 'by this browser' };

function when(ms) { return new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }); }
function timeEl(ms) {
  const t = el('time', '', when(ms));
  t.dateTime = new Date(ms).toISOString();
  return t;
}
function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
// localDay is the ISO time of a date input's day at local midnight,
// plus days.
function localDay(value, days) {
  const d = new Date(value + 'T00:00');
  d.setDate(d.getDate() + days);
  return d.toISOString();
}
// problem is the text of an API error answer.
async function problem(r) {
  try { const b = await r.json(); return String(b.error || '').replace(/^server: /, '') || 'error ' + r.status; } catch (e) { return 'error ' + r.status; }
}

// historyView wires the History section and the returning-visitor block;
// showReadOnly(c) opens a conversation read-only in the middle panel.
export function historyView({ state, $, announce, showReadOnly, select }) {
  let next = '', params = null;
  const earlier = new Map(); // live conversation id → {count, by, latest} or 'loading'

  async function getJSON(url) {
    const r = await fetch(url, { credentials: 'same-origin' });
    if (r.status === 401) { location.reload(); throw new Error('signed out'); }
    if (!r.ok) throw new Error(await problem(r));
    return r.json();
  }
  function setStatus(text, isError) {
    const s = $('history-status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  // The search.
  function fillAgents() {
    const sel = $('history-agent'), keep = sel.value;
    const any = el('option', '', 'Any agent');
    any.value = '';
    sel.replaceChildren(any, ...state.team.map((a) => { const o = el('option', '', a.name); o.value = a.user; return o; }));
    sel.value = keep;
    if (sel.value !== keep) sel.value = '';
  }
  function readForm() {
    const p = new URLSearchParams();
    const q = $('history-q').value.trim(), rule = $('history-rule').value.trim();
    const from = $('history-from').value, to = $('history-to').value;
    if (from && to && from > to) return { error: 'The “From” day is after the “To” day.', field: 'history-from' };
    if (q) p.set('q', q);
    if ($('history-agent').value) p.set('agent', $('history-agent').value);
    if (rule) p.set('rule', rule);
    if (from) p.set('from', localDay(from, 0));
    if (to) p.set('to', localDay(to, 1));
    return { params: p };
  }
  async function search(more) {
    if (!more) {
      const f = readForm();
      if (f.error) { setStatus(f.error, true); $(f.field).focus(); return; }
      params = f.params;
      next = '';
    }
    const p = new URLSearchParams(params);
    if (more && next) p.set('cursor', next);
    setStatus('Searching…');
    let got;
    try { got = await getJSON('/agent/api/history?' + p); } catch (e) {
      setStatus('The search failed: ' + e.message, true);
      return;
    }
    const ul = $('history-results');
    if (!more) ul.replaceChildren();
    for (const h of got.hits) ul.append(hitItem(h));
    next = got.next;
    $('history-more').hidden = !next;
    const n = ul.children.length;
    setStatus(n ? plural(n, 'conversation', 'conversations') + (next ? ' shown, more below.' : ' found.') : 'No conversation matches.');
  }
  function hitItem(h) {
    const li = el('li', 'item history-hit');
    li.dataset.conversation = h.conversation;
    const name = cutName(h.visitorName);
    li.append(line('span', 'who', bdi(name), h.state === 'abandoned' ? ' (left the queue)' : ''));
    const meta = [timeEl(h.endedAt)];
    if (h.agent) meta.push(' · Agent: ', bdi(h.agentName || h.agent));
    if (h.rule) meta.push(' · Rule: ', bdi(h.rule));
    if (h.email) meta.push(' · ', bdi(h.email));
    li.append(line('span', 'meta', ...meta));
    if (h.snippet) li.append(bdi(h.snippet, 'preview'));
    const b = el('button', '', 'Open read-only');
    b.type = 'button';
    b.setAttribute('aria-label', 'Open read-only: the chat with ' + name + ', ' + when(h.endedAt));
    b.addEventListener('click', () => open(h.conversation));
    li.append(b);
    return li;
  }

  // One conversation of the history, read-only.
  async function open(id) {
    const mine = state.convs.get(id);
    if (mine && !mine.readOnly) { select(id); return; } // still in My conversations
    let got;
    try { got = await getJSON('/agent/api/history/' + encodeURIComponent(id)); } catch (e) {
      announce('The conversation could not be opened: ' + e.message);
      return;
    }
    showReadOnly({ id: got.conversation, name: cutName(got.visitorName), state: got.state, details: got.details, online: false,
      messages: new Map(got.messages.map((m) => [m.seq, m])), failed: new Map(), notes: new Map(got.notes.map((n) => [n.seq, n])),
      unread: 0, canned: [], readOnly: true, history: true, agentName: got.agentName, endedBy: got.endedBy,
      startedAt: got.startedAt, endedAt: got.endedAt, survey: got.survey || undefined });
  }

  // The history's rows of the Additional details of a conversation
  // opened from it.
  function historyRows(c, row) {
    row('server', 'Agent', c.agentName ? bdi(c.agentName) : 'None (left the queue)');
    row('server', 'Started', timeEl(c.startedAt));
    row('server', 'Ended', timeEl(c.endedAt));
  }

  // The returning visitor of a live chat: asked once per conversation.
  function renderReturning(c) {
    const box = $('returning');
    if (!c || c.readOnly) { box.hidden = true; box.replaceChildren(); return; }
    const e = earlier.get(c.id);
    if (!e) {
      earlier.set(c.id, 'loading');
      getJSON('/agent/api/conversations/' + encodeURIComponent(c.id) + '/earlier').then((got) => {
        earlier.set(c.id, got);
        if (state.selected === c.id) renderReturning(state.convs.get(c.id));
      }).catch(() => earlier.delete(c.id));
    }
    if (!e || e === 'loading' || !e.count) { box.hidden = true; box.replaceChildren(); return; }
    const items = e.latest.map((h) => {
      const b = line('button', 'quiet', 'Open ', timeEl(h.endedAt), ...(h.snippet ? [' — ', bdi(h.snippet)] : []));
      b.type = 'button';
      b.addEventListener('click', () => open(h.conversation));
      return line('li', '', b);
    });
    box.replaceChildren(
      el('p', 'returning-title', 'Returning visitor: ' + plural(e.count, 'earlier conversation', 'earlier conversations')),
      el('p', 'muted returning-by', 'Recognised ' + (MATCHED_BY[e.by] || '') + '; the latest:'),
      line('ul', 'returning-list', ...items));
    box.hidden = false;
  }

  $('history-form').addEventListener('submit', (ev) => { ev.preventDefault(); search(false); });
  $('history-form').addEventListener('focusin', fillAgents);
  $('history-more').addEventListener('click', () => search(true));
  return { renderReturning, historyRows };
}
