// lcwasm agent console. Vanilla JS under a strict CSP: every piece of text
// from a visitor is set with textContent, never parsed as HTML.
import { bdi, clock, cutName, duration, el, keepFocus, line, linkedBdi, webLink } from './text.js';
import { cannedPicker } from './canned.js';
import { liveView } from './supervisor.js';
import { historyView } from './history.js';
import { attachmentBody, attachControls } from './attach.js';
import { offlineCount } from './offlinecount.js';

(() => {
  const $ = (id) => document.getElementById(id);
  // PROTOCOL is the agent channel's version this console speaks
  // (wire.AgentProtocol), sent in its first frame; a server that moved on
  // answers "outdated" and close 4426, and the console asks for a reload.
  const PROTOCOL = 2, CLOSE_OUTDATED = 4426;
  // queue: conversation id → {item, li}, in the server's order (the DOM's).
  const state = { csrf: '', ws: null, backoff: 500, queue: new Map(), convs: new Map(), selected: '', pending: new Map(), accepting: '',
    user: '', maxChats: 3, atLimit: false, team: [], transferring: '', canned: [], supervisor: false, live: [] };

  // Why the visitor came, in words an agent reads: the invitation of a
  // rule (by its id), an invitation the page raised, the chat button, or a
  // chat the page opened. Parts: strings are ours, bdi the page's.
  function reasonParts(d) {
    if (d.proactive) return d.source === 'rule' && d.ruleId ? ['Invitation: ', bdi(d.ruleId)] : ['Invitation from the page'];
    switch (d.source) {
      case 'launcher': return ['Chat button'];
      case 'newChat': return ['New chat after an earlier one'];
      default: return ['Started from the page'];
    }
  }
  function valueText(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
  function cid() { return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }

  // Connection.
  function connect() {
    setConnection('Connecting…', '');
    const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/agent/ws');
    state.ws = ws;
    ws.onopen = () => { ws.send(JSON.stringify({ type: 'auth', csrf: state.csrf, protocol: PROTOCOL })); };
    ws.onmessage = (ev) => { try { handle(JSON.parse(ev.data)); } catch (e) { console.error('console:', e); } };
    ws.onclose = (ev) => {
      state.ws = null;
      outbox.length = 0; // unacknowledged replies are resent after the next hello
      if (ev.code === 4401) { location.reload(); return; } // signed out elsewhere
      if (ev.code === CLOSE_OUTDATED) { outdated(); return; } // no reconnecting: this script is too old
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
  function outdated() {
    setConnection('Update needed', 'offline');
    $('outdated').hidden = false;
    $('reload').focus();
  }
  function setConnection(text, cls) { const c = $('connection'); c.textContent = text; c.className = 'pill ' + cls; }

  function handle(f) {
    switch (f.type) {
      case 'hello':
        state.backoff = 500;
        setConnection('Online', 'online');
        $('agent-name').textContent = f.name;
        state.user = f.user;
        state.maxChats = f.maxChats;
        state.supervisor = !!f.supervisor;
        $('super').hidden = !state.supervisor;
        $('status').value = f.status;
        for (const p of state.pending.values()) send(p); // resend unacknowledged replies
        checkLimit();
        break;
      case 'agents': state.team = f.agents || []; renderTeam(state.team); break;
      case 'note': onNote(f); break;
      case 'live': state.live = f.conversations || []; renderLive(); break;
      case 'canned': state.canned = f.items || []; renderCannedMine(); break;
      case 'transferred': onTransferred(f); break;
      case 'queue': setQueue(f.items || []); break;
      case 'queueDelta': patchQueue(f); break;
      case 'notify': alertNewChat(f.conversation); break;
      case 'conversation': onConversation(f); break;
      case 'message': addMessage(f.conversation, f); break;
      case 'ack': onAck(f); break;
      case 'ended': onEnded(f); break;
      case 'survey': onSurvey(f); break;
      case 'offlineWaiting': onOfflineWaiting(f); break;
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
    watch(li);
    return li;
  }
  function waitingText(it) { return 'Waiting ' + duration(Date.now() - it.waitingSinceMs); }
  // A waiting visitor who left shows "Left" and has no Accept: their chat
  // is abandoned by the server unless they come back.
  function fillQueueItem(li, it) {
    const name = cutName(it.visitorName);
    const who = line('span', 'who', bdi(name));
    if (it.proactive) { who.append(' '); who.append(el('span', 'badge', 'invited')); }
    if (!it.visitorOnline) { who.append(' '); who.append(el('span', 'badge offline', 'Left')); }
    const parts = [who, line('span', 'meta waiting', waitingText(it)), line('span', 'meta reason', ...reasonParts(it))];
    if (it.preview) parts.push(line('span', 'preview', '“', bdi(it.preview), '”'));
    if (it.pageUrl) parts.push(line('span', 'meta', bdi(it.pageUrl)));
    li.classList.toggle('left', !it.visitorOnline);
    if (it.visitorOnline) {
      const b = el('button', 'primary', 'Accept');
      b.type = 'button';
      b.dataset.accept = it.conversation;
      b.setAttribute('aria-label', 'Accept chat with ' + name);
      if (state.accepting === it.conversation) b.disabled = true;
      if (state.atLimit) { b.setAttribute('aria-disabled', 'true'); b.setAttribute('aria-describedby', 'limit-note'); }
      parts.push(b);
    }
    keepFocus(li, () => li.replaceChildren(...parts));
  }
  // Waiting times tick every second, for the items on screen only (the
  // queue may hold thousands): an observer keeps the set of them.
  const onScreen = new Set();
  const watcher = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) { onScreen.add(e.target); tick(e.target); } else onScreen.delete(e.target);
    }
  }) : null;
  function watch(li) { if (watcher) watcher.observe(li); }
  function unwatch(li) { if (watcher) watcher.unobserve(li); onScreen.delete(li); }
  function tick(li) {
    const q = state.queue.get(li.dataset.conversation);
    const w = li.querySelector('.waiting');
    if (q && w) w.textContent = waitingText(q.item);
  }
  function refreshWaiting() { for (const li of onScreen) tick(li); }
  function setQueue(items) {
    for (const { li } of state.queue.values()) unwatch(li);
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
      if (q) { unwatch(q.li); q.li.remove(); state.queue.delete(id); }
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
    setTitle();
  }
  // The tab's title: the waiting chats, then the unread messages.
  function setTitle() {
    const n = state.queue.size;
    let unread = 0;
    for (const c of state.convs.values()) unread += c.unread || 0;
    document.title = (n ? '(' + n + ') ' : '') + (unread ? unread + ' unread · ' : '') + 'Agent console · lcwasm';
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
  // Sounds (Web Audio, no file): a new chat rings higher and longer than a
  // new message. The agent turns them off with "Sounds", kept in this
  // browser (localStorage).
  let audio = null;
  const SOUND_KEY = 'lcw-console-sound';
  function soundOn() { try { return localStorage.getItem(SOUND_KEY) !== 'off'; } catch (e) { return true; } }
  function tone(freq, seconds) {
    if (!soundOn()) return;
    try {
      audio = audio || new AudioContext();
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.15, audio.currentTime);
      g.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + seconds);
      o.connect(g).connect(audio.destination);
      o.start(); o.stop(audio.currentTime + seconds);
    } catch (e) { /* no audio: the visual alert remains */ }
  }
  function beep() { tone(880, 0.4); }
  function ding() { tone(660, 0.15); }
  function announce(text) { $('announce').textContent = ''; setTimeout(() => { $('announce').textContent = text; }, 50); }

  // Conversations.
  function onConversation(f) {
    const prev = state.convs.get(f.conversation);
    const c = { id: f.conversation, name: cutName(f.visitorName), state: f.state, details: f.details,
      online: f.visitorOnline, messages: prev ? prev.messages : new Map(), failed: prev ? prev.failed : new Map(),
      notes: prev ? prev.notes : new Map(), unread: prev ? prev.unread : 0, canned: f.canned || [],
      readOnly: !!f.readOnly, agentName: f.agentName || '' };
    if (c.readOnly) { showReadOnly(c); return; } // a supervisor watching
    for (const m of f.messages || []) c.messages.set(m.seq, m);
    for (const n of f.notes || []) c.notes.set(n.seq, n);
    state.convs.set(c.id, c);
    if (f.transferredBy && !prev) {
      announce(f.transferredBy + ' transferred a chat with ' + c.name + ' to you.');
      beep();
    }
    // Open it when this tab accepted it, or nothing is open; a chat the same
    // agent accepted in another tab only joins the list.
    if (c.id === state.accepting || !state.selected) { state.accepting = ''; select(c.id); } else render();
  }
  // showReadOnly opens c read-only (a chat a supervisor watches, or one of
  // the history): one at a time, at once.
  function showReadOnly(c) {
    for (const [id, o] of state.convs) if (o.readOnly && id !== c.id) state.convs.delete(id);
    state.convs.set(c.id, c);
    state.selected = c.id;
    render();
    $('transcript').focus();
    announce('Opened the chat with ' + c.name + ', read-only.');
  }
  function addMessage(id, m) {
    const c = state.convs.get(id);
    if (!c) return;
    if (c.messages.has(m.seq)) return; // had it (a conversation frame and a message frame)
    c.messages.set(m.seq, m);
    if (m.from === 'visitor' && !c.readOnly) {
      if (id === state.selected) hideTyping();
      else { c.unread = (c.unread || 0) + 1; ding(); announce('New message from ' + c.name + '.'); }
    }
    render();
  }
  function onNote(f) {
    const c = state.convs.get(f.conversation);
    if (!c) return;
    c.notes.set(f.seq, f);
    render();
  }
  // A chat this agent gave away leaves their list.
  function onTransferred(f) {
    const c = state.convs.get(f.conversation);
    if (!c) return;
    state.convs.delete(f.conversation);
    if (state.selected === f.conversation) state.selected = '';
    render();
    announce('The chat with ' + c.name + (f.to ? ' is now ' + f.toName + '’s.' : ' is back in the queue.'));
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
      case 'at_limit': return what === 'transfer' ? 'That agent holds as many chats as they may: choose another.' : limitText();
      case 'agent_unavailable': return 'That agent is no longer available: choose another, or put the chat back in the queue.';
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
    if (f.code === 'outdated') { outdated(); return; }
    const p = f.cid ? state.pending.get(f.cid) : null;
    const what = p ? 'reply' : state.accepting && f.conversation === state.accepting ? 'accept'
      : state.transferring && f.conversation === state.transferring ? 'transfer' : 'end';
    if (what === 'transfer') state.transferring = '';
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
  // The visitor answered the post-chat survey of an ended conversation.
  function onSurvey(f) {
    const c = state.convs.get(f.conversation);
    if (!c) return;
    c.survey = f;
    if (f.conversation !== state.selected) announce(c.name + ' answered the survey after the chat.');
    render();
  }
  let typingTimer = 0;
  function showTyping(id) {
    if (id !== state.selected) return;
    $('typing').hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 3000);
  }
  function hideTyping() { $('typing').hidden = true; }
  function select(id) { state.selected = id; const c = state.convs.get(id); if (c) c.unread = 0; render(); $('text').focus(); }

  function render() {
    renderMine();
    const c = state.convs.get(state.selected);
    // The reply box and End exist only for an open, active conversation.
    const open = !!c && c.state === 'active' && !c.readOnly;
    $('end').hidden = !open;
    $('transfer').hidden = !open;
    $('send').hidden = !open;
    if (c) $('conv-title').replaceChildren('Chat with ', bdi(c.name),
      c.state === 'ended' ? ' (ended)' : c.state === 'abandoned' ? ' (left the queue)' : c.online ? '' : ' (visitor offline)',
      ...(c.history ? [' — read-only, from the history'] : c.readOnly
        ? [' — read-only, ', c.agentName ? line('span', '', bdi(c.agentName), '’s chat') : 'waiting'] : []));
    else $('conv-title').textContent = 'No conversation selected';
    renderTranscript(c);
    renderDetails(c);
  }
  // The chat limit: at it, Accept stays in the list but says why it is
  // disabled (aria-disabled keeps it focusable, so the reason is read).
  function activeChats() { let n = 0; for (const c of state.convs.values()) if (c.state === 'active' && !c.readOnly) n++; return n; }
  function limitText() {
    return 'You have ' + state.maxChats + ' chats open, your limit: end one to accept another.';
  }
  function checkLimit() {
    const at = state.maxChats >= 0 && activeChats() >= state.maxChats;
    $('limit-note').textContent = at ? limitText() : '';
    $('limit-note').hidden = !at;
    if (at === state.atLimit) return;
    state.atLimit = at;
    for (const { item, li } of state.queue.values()) fillQueueItem(li, item);
  }
  const statusNames = { available: 'Available', away: 'Away', offline: 'Offline' };
  function renderTeam(agents) {
    const ul = $('team');
    ul.replaceChildren();
    for (const a of agents) {
      const li = el('li', a.status);
      li.dataset.user = a.user;
      const load = a.status === 'offline' && !a.chats ? '' : ' · ' + a.chats + (state.maxChats >= 0 ? ' of ' + state.maxChats : '') + ' chats';
      li.append(line('span', 'who', bdi(a.name), a.user === state.user ? ' (you)' : ''));
      li.append(el('span', 'state', statusNames[a.status] + load));
      ul.append(li);
    }
  }
  // lastMessage is a conversation's newest message (or undefined).
  function lastMessage(c) {
    let last;
    for (const m of c.messages.values()) if (!last || m.seq > last.seq) last = m;
    return last;
  }
  function renderMine() {
    checkLimit();
    setTitle();
    keepFocus($('mine'), fillMine);
  }
  function fillMine() {
    const ul = $('mine');
    ul.replaceChildren();
    let mine = 0;
    for (const c of state.convs.values()) {
      if (c.readOnly) continue;
      mine++;
      const li = el('li', 'item' + (c.id === state.selected ? ' selected' : '') + (c.unread ? ' new' : ''));
      li.dataset.conversation = c.id;
      const head = line('span', 'who', bdi(c.name), c.state === 'ended' ? ' (ended)' : '');
      if (c.unread) {
        const u = el('span', 'unread', String(c.unread));
        u.setAttribute('aria-label', c.unread === 1 ? '1 unread message' : c.unread + ' unread messages');
        head.append(u);
      }
      const b = line('button', 'quiet', head);
      const m = lastMessage(c);
      if (m) {
        const t = el('time', '', clock(m.at));
        t.dateTime = new Date(m.at).toISOString();
        b.append(line('span', 'last', m.from === 'agent' ? (m.name || 'Agent') + ': ' : '', bdi(m.text), t));
      }
      b.type = 'button';
      b.addEventListener('click', () => select(c.id));
      if (c.id === state.selected) b.setAttribute('aria-current', 'true');
      li.append(b);
      ul.append(li);
    }
    $('mine-empty').hidden = mine > 0;
  }
  function renderTranscript(c) {
    const ol = $('transcript');
    ol.replaceChildren();
    if (!c) return;
    // Messages in their order, each internal note where its time puts it.
    const msgs = [...c.messages.values()].sort((a, b) => a.seq - b.seq);
    const notes = [...c.notes.values()].sort((a, b) => a.seq - b.seq);
    const inv = invitationItem(c.details || {});
    if (inv) ol.append(inv);
    let n = 0;
    for (const m of msgs) {
      while (n < notes.length && notes[n].at < m.at) ol.append(noteItem(notes[n++]));
      const li = messageItem(m.from, m.name, m.text, m.at, false);
      if (m.attachment) li.lastChild.replaceWith(attachmentBody(c.id, m.attachment));
      ol.append(li);
    }
    while (n < notes.length) ol.append(noteItem(notes[n++]));
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
        : c.history ? line('li', 'msg system', c.agentName ? bdi(c.agentName) : 'The agent', ' ended the conversation.')
          : el('li', 'msg system', 'You ended the conversation.'));
    }
    if (c.state === 'abandoned') ol.append(line('li', 'msg system', bdi(c.name), ' left the queue before an agent answered.'));
    ol.scrollTop = ol.scrollHeight;
  }
  // messageItem is one message; mark is '', 'pending' (sending) or
  // 'failed' (refused by the server).
  function messageItem(from, name, text, at, mark) {
    const li = el('li', 'msg ' + from + (mark ? ' ' + mark : ''));
    if (from === 'system') { li.append(bdi(text, 'text')); return li; } // the server's own line
    li.append(line('span', 'by', from === 'visitor' ? bdi(cutName(name || from)) : (name || from),
      ' · ' + (mark === 'pending' ? 'sending…' : mark === 'failed' ? 'not sent' : clock(at))));
    li.append(linkedBdi(text, 'text'));
    return li;
  }
  // invitationItem is the invitation the visitor accepted, as the first
  // line of the transcript (the widget shows it so on the visitor's side),
  // marked as the invitation with its rule; null for a chat not invited.
  function invitationItem(d) {
    if (!d.proactive || !d.invitation) return null;
    const li = el('li', 'msg agent invitation');
    li.append(line('span', 'by', ...(d.source === 'rule' && d.ruleId ? ['Invitation · rule ', bdi(d.ruleId)] : ['Invitation from the page'])));
    li.append(linkedBdi(d.invitation, 'text'));
    return li;
  }
  function noteItem(nt) {
    const li = el('li', 'msg note');
    li.append(line('span', 'by', nt.name + ' · ' + clock(nt.at)));
    li.append(linkedBdi(nt.text, 'text'));
    return li;
  }
  const deviceNames = { phone: 'Phone', tablet: 'Tablet', desktop: 'Desktop' };
  // pagesList is the session's pages, oldest first: each title (its path
  // when it has none) and path, and the time spent on it.
  function pagesList(pages) {
    const ol = el('ol', 'pages');
    for (const p of pages) {
      const li = el('li');
      if (p.title) li.append(bdi(p.title, 'title'), ' ');
      li.append(bdi(p.path || '/', 'path'), el('span', 'time', ' · ' + duration(p.timeMs || 0)));
      ol.append(li);
    }
    return ol;
  }
  function renderDetails(c) {
    const dl = $('details');
    dl.replaceChildren();
    $('details-empty').hidden = !!c;
    renderReturning(c);
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
    if (c.history) historyRows(c, row);
    row('server', 'Time on page', duration(d.timeOnPageMs || 0));
    row('server', 'Page URL', d.pageUrl ? webLink(d.pageUrl) : '');
    row('server', 'Referrer', d.referrer ? webLink(d.referrer) : '');
    row('server', 'Why they came', line('span', '', ...reasonParts(d)));
    if (d.invitation) row('server', 'Invitation shown', bdi(d.invitation));
    row('server', 'Device', shown(deviceNames[d.device] || d.device));
    row('server', 'Browser', shown(d.browser));
    row('server', 'Language', shown(d.language));
    row('server', 'Time zone', shown(d.timeZone));
    if (d.pages?.length) row('server', 'Pages this visit', pagesList(d.pages));
    row('server', 'Signed in as', d.authenticated
      ? line('span', 'verified', bdi(d.authenticated.sub), ...(d.authenticated.name ? [' (', bdi(d.authenticated.name), ')'] : []), ' — verified')
      : 'Not signed in');
    for (const [k, v] of Object.entries(d.prechat || {})) row('page', line('span', '', 'Survey: ', bdi(k)), bdi(valueText(v)));
    for (const [k, v] of Object.entries(d.displayable || {})) row('page', bdi(k), bdi(valueText(v)));
    const s = c.survey; // the visitor's words: class "survey", "After the chat" drawn by the stylesheet
    if (!s) return;
    if (s.rating) row('survey', 'Rating', s.rating > 0 ? 'Good' : 'Not good');
    if (s.comment) row('survey', 'Comment', bdi(s.comment));
    for (const a of s.answers || []) row('survey', bdi(a.label || a.name), bdi(a.value));
  }

  // Actions.
  function sendReply(ev) {
    ev.preventDefault();
    const text = $('text').value.trim();
    const c = state.convs.get(state.selected);
    if (!text || !c) return;
    if (c.state !== 'active') { announce('The conversation has ended, so your reply was not sent.'); return; }
    if ($('note-mode').checked) {
      send({ type: 'note', conversation: state.selected, cid: cid(), text });
      $('text').value = '';
      return;
    }
    const frame = { type: 'send', conversation: state.selected, cid: cid(), text };
    state.pending.set(frame.cid, frame);
    send(frame); // if offline, it goes out again after the reconnect
    $('text').value = '';
    render();
  }
  const { updatePicker, closePicker, pickerKey, renderCannedMine } = cannedPicker({ state, $, announce, send });
  const { renderLive, tickLive } = liveView({ state, $, send });
  const { renderReturning, historyRows } = historyView({ state, $, announce, showReadOnly, select });
  const onOfflineWaiting = offlineCount({ $ });
  let lastTyping = 0;
  function init() {
    $('send').addEventListener('submit', sendReply);
    attachControls({ $, announce, conversation: () => state.convs.get(state.selected) || null, csrf: () => state.csrf });
    $('reload').addEventListener('click', () => location.reload());
    $('note-mode').addEventListener('change', () => {
      const on = $('note-mode').checked;
      $('send').classList.toggle('noting', on);
      $('send-button').textContent = on ? 'Add note' : 'Send';
      $('text-label').textContent = on ? 'Internal note' : 'Message';
      $('text').placeholder = on ? 'A note for agents — the visitor never sees it' : 'Type a reply — Enter to send, Shift+Enter for a new line';
    });
    // Transfer: to an available agent below their limit, or back to the
    // queue, with an optional note; focus starts on the choice and goes
    // back to Transfer.
    const tdialog = $('transfer-dialog');
    $('transfer').addEventListener('click', () => {
      const c = state.convs.get(state.selected);
      if (!c) return;
      tdialog.dataset.conversation = c.id;
      const options = [];
      for (const a of state.team) {
        if (a.user === state.user || a.status !== 'available' || (state.maxChats >= 0 && a.chats >= state.maxChats)) continue;
        const o = el('option', '', a.name + ' (' + a.chats + (state.maxChats >= 0 ? ' of ' + state.maxChats : '') + ' chats)');
        o.value = a.user;
        options.push(o);
      }
      const q = el('option', '', 'Back to the queue');
      q.value = '';
      options.push(q);
      $('transfer-to').replaceChildren(...options);
      $('transfer-note').value = '';
      tdialog.showModal();
      $('transfer-to').focus();
    });
    $('transfer-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      tdialog.close();
      const id = tdialog.dataset.conversation;
      if (!id) return;
      state.transferring = id;
      const frame = { type: 'transfer', conversation: id, to: $('transfer-to').value };
      const note = $('transfer-note').value.trim();
      if (note) frame.text = note;
      send(frame);
    });
    $('transfer-cancel').addEventListener('click', () => tdialog.close());
    tdialog.addEventListener('close', () => { if (!$('transfer').hidden) $('transfer').focus(); });
    $('status').addEventListener('change', () => {
      send({ type: 'status', status: $('status').value });
      announce($('status').value === 'away' ? 'You are away: new chats no longer alert you, and you do not count as available.' : 'You are available.');
    });
    $('text').addEventListener('input', updatePicker);
    $('text').addEventListener('blur', closePicker);
    $('canned-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const shortcut = $('canned-shortcut').value.trim(), text = $('canned-text').value.trim();
      if (!/^[a-z0-9_-]{1,32}$/.test(shortcut)) { announce('A shortcut is 1 to 32 of a-z, 0-9, - and _.'); $('canned-shortcut').focus(); return; }
      if (!text) { announce('Write the response’s text.'); $('canned-text').focus(); return; }
      send({ type: 'cannedSave', shortcut, text });
      $('canned-shortcut').value = ''; $('canned-text').value = '';
      announce('Saved /' + shortcut + '.');
    });
    $('text').addEventListener('keydown', (ev) => {
      if (pickerKey(ev)) return;
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
      if (b.getAttribute('aria-disabled') === 'true') { announce(limitText()); return; }
      b.disabled = true;
      state.accepting = b.dataset.accept;
      send({ type: 'accept', conversation: b.dataset.accept });
    });
    const alerts = $('alerts');
    if (!('Notification' in window) || Notification.permission !== 'default') alerts.hidden = true;
    $('sound').checked = soundOn();
    $('sound').addEventListener('change', () => {
      try { localStorage.setItem(SOUND_KEY, $('sound').checked ? 'on' : 'off'); } catch (e) { /* private mode */ }
      announce($('sound').checked ? 'Sounds on.' : 'Sounds off.');
    });
    alerts.addEventListener('click', () => {
      beep(); // unlocks audio after a user gesture
      Notification.requestPermission().finally(() => { alerts.hidden = true; });
    });
    document.addEventListener('pointerdown', () => { if (audio && audio.state === 'suspended') audio.resume(); }, { once: true });
    setInterval(() => { refreshWaiting(); if (state.supervisor) tickLive(); }, 1000); // waiting times, on screen
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
