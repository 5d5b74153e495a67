// The supervisor's view of the agent console.
import { bdi, cutName, duration, el, keepFocus, line } from './text.js';

// liveView draws the supervisor's list of every live chat from
// state.live; Open sends a watch frame.
export function liveView({ state, $, send }) {
  // The supervisor's view: every queued and active chat, its agent, how
  // long it waited and how long it has gone on; Open shows it read-only.
  function liveTimes(it) {
    const now = Date.now();
    return it.acceptedAt ? 'Waited ' + duration(it.acceptedAt - it.startedAt) + ' · chatting ' + duration(now - it.acceptedAt)
      : 'Waiting ' + duration(now - it.startedAt);
  }
  function renderLive() {
    if (!state.supervisor) return;
    const ul = $('live');
    keepFocus(ul, () => ul.replaceChildren(...state.live.map((it) => {
      const li = el('li', 'item' + (it.conversation === state.selected ? ' selected' : ''));
      li.dataset.conversation = it.conversation;
      const name = cutName(it.visitorName);
      li.append(line('span', 'who', bdi(name)));
      li.append(line('span', 'meta', ...(it.agent ? ['Agent: ', bdi(it.agentName)] : ['No agent yet'])));
      li.append(el('span', 'times', liveTimes(it)));
      const b = el('button', '', 'Open read-only');
      b.type = 'button';
      b.setAttribute('aria-label', 'Open read-only: the chat with ' + name);
      b.addEventListener('click', () => send({ type: 'watch', conversation: it.conversation }));
      li.append(b);
      return li;
    })));
    $('super-count').textContent = String(state.live.length);
    $('super-count').className = 'count' + (state.live.length ? ' has' : '');
    $('live-empty').hidden = state.live.length > 0;
  }
  function tickLive() {
    for (const li of $('live').children) {
      const it = state.live.find((x) => x.conversation === li.dataset.conversation);
      const t = li.querySelector('.times');
      if (it && t) t.textContent = liveTimes(it);
    }
  }
  return { renderLive, tickLive };
}
