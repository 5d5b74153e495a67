// The console's offline messages page (GET /agent/offline-messages): each
// message's button marks it handled, or waiting again on the Handled
// list, through POST /agent/api/offline-messages/{id}/handled with the
// session's CSRF token (the page's data-csrf). A marked message leaves
// the list; focus goes to the next message's button (or the previous
// one's, or the page's title) and the status line says what happened.
'use strict';
(() => {
  const main = document.getElementById('offline-messages');
  const status = document.getElementById('offline-status');
  if (!main || !status) return;

  // problem is the text of an API error answer.
  async function problem(r) {
    try {
      const b = await r.json();
      return String(b.error || '').replace(/^server: /, '') || 'error ' + r.status;
    } catch (e) { return 'error ' + r.status; }
  }

  // who is the message's heading text, for the status line.
  function who(article) {
    const h = article.querySelector('h2');
    return h ? h.textContent : 'the message';
  }

  // gone removes article and puts focus where the agent goes on.
  function gone(article) {
    const list = [...main.querySelectorAll('article.offline-message')];
    const i = list.indexOf(article);
    const next = list[i + 1] || list[i - 1];
    article.remove();
    if (next) {
      next.querySelector('button.offline-handle').focus();
      return;
    }
    document.getElementById('offline-none').hidden = false;
    document.getElementById('offline-title').focus();
  }

  async function mark(button) {
    const article = button.closest('article');
    const handled = button.dataset.handled === 'true';
    button.disabled = true;
    status.classList.remove('error');
    status.textContent = handled ? 'Marking handled…' : 'Moving back to waiting…';
    let r;
    try {
      r = await fetch('/agent/api/offline-messages/' + encodeURIComponent(button.dataset.id) + '/handled', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': main.dataset.csrf },
        body: JSON.stringify({ handled }),
      });
    } catch (e) {
      r = null;
    }
    if (r && r.status === 401) { location.reload(); return; }
    if (!r || !r.ok) {
      const why = r ? await problem(r) : 'the server did not answer';
      button.disabled = false;
      status.classList.add('error');
      status.textContent = 'Could not mark the message of ' + who(article) + ': ' + why + '.';
      button.focus();
      return;
    }
    const b = await r.json();
    status.textContent = (b.handled ? 'Marked handled: ' : 'Waiting again: ') + who(article) +
      (b.handled ? ' (see Handled).' : ' (see Waiting).');
    gone(article);
  }

  main.addEventListener('click', (ev) => {
    const button = ev.target.closest('button.offline-handle');
    if (button && !button.disabled) mark(button);
  });
})();
