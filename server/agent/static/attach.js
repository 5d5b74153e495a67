// Attachments in the agent console: a file message shows as a thumbnail
// (images) or a download link (PDF), both from /agent/attachments/…,
// which the session cookie opens; the agent attaches a file to the open
// conversation with POST /agent/attachments/{id} (session + CSRF), its
// progress shown, a refusal said in words. The file arrives as a message
// frame like any other, so it shows once the server has it.
import { bdi, el, line } from './text.js';

export const MAX_BYTES = 10 << 20; // wire.MaxAttachmentBytes
const refusals = {
  too_big: 'The file is too big: files can be up to 10 MB.',
  type: 'Only PNG, JPEG, GIF, WebP images and PDF files can be attached.',
  conversation_full: 'This conversation holds as many files as it may.',
  ended: 'The conversation has ended, so the file was not sent.',
  not_yours: 'This conversation is not yours any more.',
};

export function size(n) {
  if (n < 1024) return n + ' B';
  if (n < 1 << 20) return Math.ceil(n / 1024) + ' KB';
  return (Math.ceil(n * 10 / (1 << 20)) / 10) + ' MB';
}

// attachmentBody is what a message of conversation id standing for file a
// shows.
export function attachmentBody(id, a) {
  const url = '/agent/attachments/' + encodeURIComponent(id) + '/' + encodeURIComponent(a.id);
  if (a.type.startsWith('image/')) {
    const link = el('a', 'attachment image');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener';
    const img = el('img', 'thumb');
    img.src = url;
    img.alt = a.name;
    link.append(img);
    return link;
  }
  const link = line('a', 'attachment file', 'Download ', bdi(a.name), ' (' + size(a.size) + ')');
  link.href = url;
  link.download = a.name;
  return link;
}

// attachControls wires the attach button: conversation() is the open
// conversation ({id, state}) or null, csrf() the session's token.
export function attachControls({ $, announce, conversation, csrf }) {
  const input = $('attach-file'), status = $('attach-status'), bar = $('attach-progress');
  $('attach').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const file = input.files[0];
    input.value = '';
    const c = conversation();
    if (!file || !c) return;
    const fail = (text) => { bar.hidden = true; status.textContent = text; announce(text); };
    if (c.state !== 'active') { fail(refusals.ended); return; }
    if (file.size > MAX_BYTES) { fail(refusals.too_big); return; }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/agent/attachments/' + encodeURIComponent(c.id) + '?name=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('X-CSRF-Token', csrf());
    xhr.responseType = 'json';
    bar.value = 0;
    bar.max = file.size || 1;
    bar.hidden = false;
    status.textContent = 'Sending ' + file.name + '…';
    xhr.upload.addEventListener('progress', (ev) => { bar.max = ev.total || 1; bar.value = ev.loaded; });
    xhr.addEventListener('loadend', () => {
      if (xhr.status === 201) { bar.hidden = true; status.textContent = ''; announce('Sent ' + file.name + '.'); return; }
      const code = xhr.response && xhr.response.code;
      fail(refusals[code] || 'The file could not be sent' + (xhr.status ? ' (HTTP ' + xhr.status + ').' : ': no answer.'));
    });
    xhr.send(file);
  });
}
