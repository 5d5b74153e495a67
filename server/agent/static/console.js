// lcwasm agent console. Vanilla JS under a strict CSP: every piece of text
// from a visitor is set with textContent, never parsed as HTML.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  // queue: conversation id → {item, li}, in the server's order (the DOM's).
  const state = { csrf: '', ws: null, backoff: 500, queue: new Map(), convs: new Map(), selected: '', pending: new Map(), accepting: '' };

  // Visitor text: a name keeps its first MAX_NAME characters; a run of
  // combining marks keeps its first MAX_MARKS (so a stack cannot draw over
  // other items); every visitor string is shown inside a <bdi>, so its
  // direction (U+202E…) cannot reorder the console's own text beside it.
  const MAX_NAME = 64, MAX_MARKS = 2;
  const marks = new RegExp('(\\p{M}{' + MAX_MARKS + '})\\p{M}+', 'gu');
  function tame(s) { return String(s).replace(marks, '$1'); }
  function cutName(s) {
    const chars = [...tame(s || 'Visitor')];
    return chars.length > MAX_NAME ? chars.slice(0, MAX_NAME).join('') + '…' : chars.join('');
  }
  function bdi(text, cls) { return el('bdi', cls, tame(text)); }
  // line builds an element from parts: strings are the console's own text,
  // elements (bdi) the visitor's.
  function line(tag, cls, ...parts) {
    const e = el(tag, cls);
    e.append(...parts);
    return e;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60);
    return m < 60 ? m + ' min ' + (s % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }
  function clock(ms) { return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
  function sourceText(d) {
    if (!d.proactive) return d.source === 'launcher' ? 'No (chat button)' : 'No' + (d.source ? ' (' + d.source + ')' : '');
    return d.source === 'rule' ? 'Yes, rule “' + d.ruleId + '”' : 'Yes, ' + (d.source || 'page call');
  }
  function valueText(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
  function cid() { return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }

  // Connection.
  function connect() {
    setConnection('Connecting…', '');
    const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/agent/ws');
    state.ws = ws;
    ws.onopen = () => { ws.send(JSON.stringify({ type: 'auth', csrf: state.csrf })); };
    ws.onmessage = (ev) => { try { handle(JSON.parse(ev.data)); } catch (e) { console.error('console:', e); } };
    ws.onclose = (ev) => {
      state.ws = null;
      outbox.length = 0; // unacknowledged replies are resent after the next hello
      if (ev.code === 4401) { location.reload(); return; } // signed out elsewhere
      setConnection('Offline — reconnecting', 'offline');
      // Jittered (half to all of the backoff), so the consoles a restart
      // (1012) dropped do not all come back in the same instant.
      setTimeout(connect, state.backoff * (0.5 + Math.random() / 2));
      state.backoff = Math.min(state.backoff * 2, 10000);
    };
  }
  // send paces frames below the server's limit for consoles (120 at once,
  // then 20 a second, else close 1008): at most PACE_BURST at once, then
  // PACE_PER_SECOND; the rest wait, in order, in the outbox.
  const PACE_BURST = 100, PACE_PER_SECOND = 15;
  const outbox = [];
  let tokens = PACE_BURST, tokensAt = Date.now(), flushTimer = 0;
  function send(frame) {
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return false;
    outbox.push(JSON.stringify(frame));
    flush();
    return true;
  }
  function flush() {
    const now = Date.now();
    tokens = Math.min(PACE_BURST, tokens + (now - tokensAt) / 1000 * PACE_PER_SECOND);
    tokensAt = now;
    while (outbox.length && tokens >= 1 && state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(outbox.shift());
      tokens--;
    }
    clearTimeout(flushTimer);
    if (outbox.length) flushTimer = setTimeout(flush, 1000 / PACE_PER_SECOND);
  }
  function setConnection(text, cls) { const c = $('connection'); c.textContent = text; c.className = 'pill ' + cls; }

  function handle(f) {
    switch (f.type) {
      case 'hello':
        state.backoff = 500;
        setConnection('Online', 'online');
        $('agent-name').textContent = f.name;
        for (const p of state.pending.values()) send(p); // resend unacknowledged replies
        break;
      case 'queue': setQueue(f.items || []); break;
      case 'queueDelta': patchQueue(f); break;
      case 'notify': alertNewChat(f.conversation); break;
      case 'conversation': onConversation(f); break;
      case 'message': addMessage(f.conversation, f); break;
      case 'ack': onAck(f); break;
      case 'ended': onEnded(f); break;
      case 'typing': showTyping(f.conversation); break;
      case 'presence': {
        const c = state.convs.get(f.conversation);
        if (c) { c.online = f.visitorOnline; render(); }
        break;
      }
      case 'error': onError(f); break;
    }
  }

  // Queue and alerts. The whole queue comes once per connection; then
  // each change patches the list: an item is built when it is added,
  // rewritten when it changes, removed when it leaves.
  const fresh = new Set();
  function queueItem(it) {
    const li = el('li', 'item' + (fresh.has(it.conversation) ? ' new' : ''));
    li.dataset.conversation = it.conversation; // lets tests pick their own visitor
    fillQueueItem(li, it);
    return li;
  }
  function waitingText(it) {
    return 'Waiting ' + duration(Date.now() - it.waitingSinceMs) + ' · ' +
      (it.proactive ? (it.source === 'rule' ? 'rule ' : 'page call') : (it.source === 'launcher' ? 'chat button' : 'page call'));
  }
  function fillQueueItem(li, it) {
    const name = cutName(it.visitorName);
    const who = line('span', 'who', bdi(name));
    if (it.proactive) { who.append(' '); who.append(el('span', 'badge', 'proactive')); }
    if (!it.visitorOnline) { who.append(' '); who.append(el('span', 'badge offline', 'left')); }
    const meta = line('span', 'meta waiting', waitingText(it));
    if (it.proactive && it.source === 'rule') meta.append(bdi(it.ruleId));
    const parts = [who, meta];
    if (it.pageUrl) parts.push(line('span', 'meta', bdi(it.pageUrl)));
    const b = el('button', 'primary', 'Accept');
    b.type = 'button';
    b.dataset.accept = it.conversation;
    b.setAttribute('aria-label', 'Accept chat with ' + name);
    if (state.accepting === it.conversation) b.disabled = true;
    parts.push(b);
    li.replaceChildren(...parts);
  }
  function setQueue(items) {
    state.queue = new Map();
    const frag = document.createDocumentFragment();
    for (const it of items) {
      const li = queueItem(it);
      state.queue.set(it.conversation, { item: it, li });
      frag.append(li);
    }
    $('queue').replaceChildren(frag);
    queueCount();
  }
  function patchQueue(f) {
    for (const id of f.removed || []) {
      const q = state.queue.get(id);
      if (q) { q.li.remove(); state.queue.delete(id); }
    }
    for (const it of f.updated || []) {
      const q = state.queue.get(it.conversation);
      if (q) { q.item = it; fillQueueItem(q.li, it); }
    }
    if ((f.added || []).length) {
      const frag = document.createDocumentFragment();
      for (const it of f.added) {
        if (state.queue.has(it.conversation)) continue;
        const li = queueItem(it);
        state.queue.set(it.conversation, { item: it, li });
        frag.append(li);
      }
      $('queue').append(frag);
    }
    queueCount();
  }
  function queueCount() {
    const n = state.queue.size;
    $('queue-count').textContent = String(n);
    $('queue-count').className = 'count' + (n ? ' has' : '');
    $('queue-empty').hidden = n > 0;
    document.title = (n ? '(' + n + ') ' : '') + 'Agent console · lcwasm';
  }
  // The waiting times, every 15 s: one text per item, nothing rebuilt.
  function refreshWaiting() {
    for (const { item, li } of state.queue.values()) {
      const meta = li.querySelector('.waiting');
      if (meta && meta.firstChild) meta.firstChild.textContent = waitingText(item);
    }
  }
  // A burst of new chats alerts once every ALERT_EVERY ms, not once each.
  const ALERT_EVERY = 2000;
  let lastAlert = 0;
  function alertNewChat(id) {
    fresh.add(id);
    state.queue.get(id)?.li.classList.add('new');
    setTimeout(() => { fresh.delete(id); state.queue.get(id)?.li.classList.remove('new'); }, 10000);
    if (Date.now() - lastAlert < ALERT_EVERY) return;
    lastAlert = Date.now();
    announce('A new chat is waiting.');
    beep();
    if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
      const n = new Notification('New chat waiting', { body: 'A visitor wants to chat.', tag: 'lcw-' + id });
      n.onclick = () => { window.focus(); n.close(); };
    }
  }
  let audio = null;
  function beep() {
    try {
      audio = audio || new AudioContext();
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = 880;
      g.gain.setValueAtTime(0.15, audio.currentTime);
      g.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      o.connect(g).connect(audio.destination);
      o.start(); o.stop(audio.currentTime + 0.4);
    } catch (e) { /* no audio: the visual alert remains */ }
  }
  function announce(text) { $('announce').textContent = ''; setTimeout(() => { $('announce').textContent = text; }, 50); }

  // Conversations.
  function onConversation(f) {
    const prev = state.convs.get(f.conversation);
    const c = { id: f.conversation, name: cutName(f.visitorName), state: f.state, details: f.details,
      online: f.visitorOnline, messages: prev ? prev.messages : new Map(), failed: prev ? prev.failed : new Map() };
    for (const m of f.messages || []) c.messages.set(m.seq, m);
    state.convs.set(c.id, c);
    // Open it when this tab accepted it, or nothing is open; a chat the same
    // agent accepted in another tab only joins the list.
    if (c.id === state.accepting || !state.selected) { state.accepting = ''; select(c.id); } else render();
  }
  function addMessage(id, m) {
    const c = state.convs.get(id);
    if (!c) return;
    c.messages.set(m.seq, m);
    if (m.from === 'visitor') { hideTyping(); if (id !== state.selected) c.unread = true; }
    render();
  }
  function onAck(f) {
    const p = state.pending.get(f.cid);
    state.pending.delete(f.cid);
    const c = state.convs.get(f.conversation);
    if (c && p) c.messages.set(f.seq, { seq: f.seq, from: 'agent', name: $('agent-name').textContent, text: p.text, at: f.at, cid: f.cid });
    render();
  }
  // errorText is the sentence an error frame means, for what the console
  // asked: an accept (no cid), a reply (a cid) or an end.
  function errorText(f, what) {
    switch (f.code) {
      case 'taken': return 'Another agent already took that chat.';
      case 'conflict':
        return what === 'accept' ? 'That chat is no longer waiting: the visitor ended it or left.'
          : what === 'reply' ? 'The conversation has ended, so your reply was not sent.' : 'The conversation has already ended.';
      case 'forbidden': return 'That conversation is another agent’s now, so it cannot be changed from here.';
      case 'not_found': return 'That conversation no longer exists.';
      case 'limit': return 'Not sent: this conversation holds as many messages as it may.';
      case 'unavailable': return 'The chat service can’t store messages right now. Try again later.';
      case 'internal': return 'Something went wrong on the server. Try again.';
      case 'bad_request': return 'The server refused that' + (f.message ? ' (' + f.message + ').' : '.');
      default: return 'The server answered with an error (' + f.code + ').';
    }
  }
  function onError(f) {
    const p = f.cid ? state.pending.get(f.cid) : null;
    const what = p ? 'reply' : state.accepting && f.conversation === state.accepting ? 'accept' : 'end';
    const text = errorText(f, what);
    if (what === 'accept') {
      state.accepting = '';
      const q = state.queue.get(f.conversation);
      if (q) fillQueueItem(q.li, q.item);
    }
    const c = state.convs.get(f.conversation || (p && p.conversation));
    if (p) {
      // The reply stays in the transcript, marked as not sent and why.
      state.pending.delete(f.cid);
      if (c) c.failed.set(f.cid, { text: p.text, at: Date.now(), why: text });
    }
    if (c && f.code === 'conflict' && what !== 'accept') c.state = 'ended';
    render();
    announce(text);
  }
  function onEnded(f) {
    const c = state.convs.get(f.conversation);
    if (!c) return;
    c.state = 'ended';
    c.endedBy = f.by;
    if (f.conversation !== state.selected) announce(c.name + ' left the chat.');
    // The End button and the reply box are about to be hidden: a keyboard
    // user's focus goes to the transcript, which says the chat ended.
    const lost = f.conversation === state.selected && ['end', 'text', 'send-button'].includes(document.activeElement?.id);
    render();
    if (lost) $('transcript').focus();
  }
  let typingTimer = 0;
  function showTyping(id) {
    if (id !== state.selected) return;
    $('typing').hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 3000);
  }
  function hideTyping() { $('typing').hidden = true; }
  function select(id) { state.selected = id; const c = state.convs.get(id); if (c) c.unread = false; render(); $('text').focus(); }

  function render() {
    renderMine();
    const c = state.convs.get(state.selected);
    // The reply box and End exist only for an open, active conversation.
    const open = !!c && c.state === 'active';
    $('end').hidden = !open;
    $('send').hidden = !open;
    if (c) $('conv-title').replaceChildren('Chat with ', bdi(c.name), c.state === 'ended' ? ' (ended)' : c.online ? '' : ' (visitor offline)');
    else $('conv-title').textContent = 'No conversation selected';
    renderTranscript(c);
    renderDetails(c);
  }
  function renderMine() {
    const ul = $('mine');
    ul.replaceChildren();
    for (const c of state.convs.values()) {
      const li = el('li', 'item' + (c.id === state.selected ? ' selected' : '') + (c.unread ? ' new' : ''));
      li.dataset.conversation = c.id;
      const b = line('button', 'quiet', bdi(c.name), (c.state === 'ended' ? ' (ended)' : '') + (c.unread ? ' • new message' : ''));
      b.type = 'button';
      b.addEventListener('click', () => select(c.id));
      if (c.id === state.selected) b.setAttribute('aria-current', 'true');
      li.append(b);
      ul.append(li);
    }
    $('mine-empty').hidden = state.convs.size > 0;
  }
  function renderTranscript(c) {
    const ol = $('transcript');
    ol.replaceChildren();
    if (!c) return;
    const msgs = [...c.messages.values()].sort((a, b) => a.seq - b.seq);
    for (const m of msgs) ol.append(messageItem(m.from, m.name, m.text, m.at, false));
    for (const p of state.pending.values()) {
      if (p.conversation === c.id) ol.append(messageItem('agent', 'You', p.text, Date.now(), 'pending'));
    }
    for (const f of c.failed.values()) {
      const li = messageItem('agent', 'You', f.text, f.at, 'failed');
      li.append(el('span', 'why', f.why));
      ol.append(li);
    }
    if (c.state === 'ended') {
      ol.append(c.endedBy === 'visitor' ? line('li', 'msg system', bdi(c.name), ' ended the conversation.')
        : el('li', 'msg system', 'You ended the conversation.'));
    }
    ol.scrollTop = ol.scrollHeight;
  }
  // messageItem is one message; mark is '', 'pending' (sending) or
  // 'failed' (refused by the server).
  function messageItem(from, name, text, at, mark) {
    const li = el('li', 'msg ' + from + (mark ? ' ' + mark : ''));
    li.append(line('span', 'by', from === 'visitor' ? bdi(cutName(name || from)) : (name || from),
      ' · ' + (mark === 'pending' ? 'sending…' : mark === 'failed' ? 'not sent' : clock(at))));
    li.append(bdi(text, 'text'));
    return li;
  }
  function renderDetails(c) {
    const dl = $('details');
    dl.replaceChildren();
    $('details-empty').hidden = !!c;
    if (!c) return;
    const d = c.details || {};
    // The server's rows (class "server") come first; what the visitor's
    // page chose, names and values, is marked as the page's ("page": a
    // "From the page" prefix the stylesheet draws), so a variable named
    // "Signed in as" cannot pass for the verified identity.
    const row = (cls, k, v) => {
      dl.append(line('dt', cls, typeof k === 'string' ? k : k));
      dl.append(line('dd', cls, v === '' || v == null ? '—' : v));
    };
    const shown = (v) => (v === '' || v == null ? '' : bdi(v));
    row('server', 'Time on page', duration(d.timeOnPageMs || 0));
    row('server', 'Page URL', shown(d.pageUrl));
    row('server', 'Referrer', shown(d.referrer));
    row('server', 'Proactive', sourceText(d));
    row('server', 'Signed in as', d.authenticated
      ? line('span', 'verified', bdi(d.authenticated.sub), ...(d.authenticated.name ? [' (', bdi(d.authenticated.name), ')'] : []), ' — verified')
      : 'Not signed in');
    for (const [k, v] of Object.entries(d.prechat || {})) row('page', line('span', '', 'Survey: ', bdi(k)), bdi(valueText(v)));
    for (const [k, v] of Object.entries(d.displayable || {})) row('page', bdi(k), bdi(valueText(v)));
  }

  // Actions.
  function sendReply(ev) {
    ev.preventDefault();
    const text = $('text').value.trim();
    const c = state.convs.get(state.selected);
    if (!text || !c) return;
    if (c.state !== 'active') { announce('The conversation has ended, so your reply was not sent.'); return; }
    const frame = { type: 'send', conversation: state.selected, cid: cid(), text };
    state.pending.set(frame.cid, frame);
    send(frame); // if offline, it goes out again after the reconnect
    $('text').value = '';
    render();
  }
  let lastTyping = 0;
  function init() {
    $('send').addEventListener('submit', sendReply);
    $('text').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey) sendReply(ev);
      else if (state.selected && Date.now() - lastTyping > 2000) { // at most one typing frame per 2 s
        lastTyping = Date.now();
        send({ type: 'typing', conversation: state.selected });
      }
    });
    // Ending asks first, in the page (no window.confirm, whose text a
    // visitor's name could write): a modal dialog, Escape or Cancel to keep
    // the chat; focus starts on End and goes back to the End button.
    const dialog = $('end-dialog');
    $('end').addEventListener('click', () => {
      const c = state.convs.get(state.selected);
      if (!c) return;
      dialog.dataset.conversation = c.id;
      $('end-dialog-text').replaceChildren('End the conversation with ', bdi(c.name), '?');
      dialog.showModal();
      $('end-confirm').focus();
    });
    $('end-confirm').addEventListener('click', () => {
      dialog.close();
      if (dialog.dataset.conversation) send({ type: 'end', conversation: dialog.dataset.conversation });
    });
    $('end-cancel').addEventListener('click', () => dialog.close());
    $('queue').addEventListener('click', (ev) => {
      const b = ev.target.closest('button[data-accept]');
      if (!b || b.disabled) return;
      b.disabled = true;
      state.accepting = b.dataset.accept;
      send({ type: 'accept', conversation: b.dataset.accept });
    });
    const alerts = $('alerts');
    if (!('Notification' in window) || Notification.permission !== 'default') alerts.hidden = true;
    alerts.addEventListener('click', () => {
      beep(); // unlocks audio after a user gesture
      Notification.requestPermission().finally(() => { alerts.hidden = true; });
    });
    document.addEventListener('pointerdown', () => { if (audio && audio.state === 'suspended') audio.resume(); }, { once: true });
    setInterval(refreshWaiting, 15000); // waiting times
    fetch('/agent/session', { credentials: 'same-origin' }).then((r) => {
      if (r.status === 401) { location.reload(); return null; }
      return r.json();
    }).then((s) => {
      if (!s) return;
      state.csrf = s.csrf;
      $('logout-csrf').value = s.csrf;
      $('agent-name').textContent = s.name;
      connect();
    }).catch(() => setConnection('Offline', 'offline'));
  }
  init();
})();
