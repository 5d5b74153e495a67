// Canned responses in the agent console: the "/" list of the reply box
// (an ARIA listbox driven by aria-activedescendant) and the agent's own.
import { bdi, el, line } from './text.js';

// cannedPicker works the reply box $('text') and the list $('canned-list')
// for the selected conversation of state.
export function cannedPicker({ state, $, announce, send }) {
  // Canned responses. Typing "/" and a shortcut in the reply box opens a
  // list of the matching ones (the agent's own first, then the widget's
  // shared ones): Up and Down choose (aria-activedescendant), Enter or Tab
  // inserts with {visitor.name} and {agent.name} filled in, Escape closes.
  const picker = { open: false, items: [], index: 0, start: 0 };
  function cannedFor(c) {
    const own = new Set(state.canned.map((r) => r.shortcut));
    return state.canned.map((r) => ({ ...r, kind: 'Mine' }))
      .concat((c ? c.canned : []).filter((r) => !own.has(r.shortcut)).map((r) => ({ ...r, kind: 'Shared' })));
  }
  function fill(text, c) {
    return text.replaceAll('{visitor.name}', c ? c.name : 'Visitor').replaceAll('{agent.name}', $('agent-name').textContent);
  }
  function updatePicker() {
    const ta = $('text');
    const before = ta.value.slice(0, ta.selectionStart);
    const m = /(^|\s)\/([a-z0-9_-]*)$/.exec(before);
    if (!m) { closePicker(); return; }
    const q = m[2];
    const items = cannedFor(state.convs.get(state.selected)).filter((r) => r.shortcut.startsWith(q));
    if (!items.length) { closePicker(); return; }
    const wasOpen = picker.open;
    Object.assign(picker, { open: true, items, index: Math.min(picker.index, items.length - 1), start: before.length - q.length - 1 });
    if (!wasOpen) picker.index = 0;
    renderPicker();
    if (!wasOpen) announce(items.length + (items.length === 1 ? ' canned response' : ' canned responses') + ': Up and Down to choose, Enter to insert.');
  }
  function renderPicker() {
    const ul = $('canned-list');
    ul.replaceChildren(...picker.items.map((r, i) => {
      const li = el('li');
      li.id = 'canned-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === picker.index));
      li.append(line('span', 'shortcut', '/' + r.shortcut, el('span', 'kind', ' · ' + r.kind)));
      li.append(bdi(r.text, 'preview-text'));
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); picker.index = i; insertCanned(); });
      return li;
    }));
    ul.hidden = false;
    $('text').setAttribute('aria-activedescendant', 'canned-opt-' + picker.index);
    $('canned-opt-' + picker.index)?.scrollIntoView({ block: 'nearest' });
  }
  function closePicker() {
    if (!picker.open) return;
    picker.open = false;
    $('canned-list').hidden = true;
    $('canned-list').replaceChildren();
    $('text').removeAttribute('aria-activedescendant');
  }
  function insertCanned() {
    const r = picker.items[picker.index];
    const ta = $('text');
    const text = fill(r.text, state.convs.get(state.selected));
    const end = ta.selectionStart;
    ta.value = ta.value.slice(0, picker.start) + text + ta.value.slice(end);
    ta.selectionStart = ta.selectionEnd = picker.start + text.length;
    closePicker();
    announce('Inserted /' + r.shortcut + '.');
  }
  // pickerKey handles a key while the list is open; true when it did.
  function pickerKey(ev) {
    if (!picker.open) return false;
    switch (ev.key) {
      case 'ArrowDown': picker.index = (picker.index + 1) % picker.items.length; break;
      case 'ArrowUp': picker.index = (picker.index - 1 + picker.items.length) % picker.items.length; break;
      case 'Enter': case 'Tab': if (ev.shiftKey) return false; insertCanned(); ev.preventDefault(); return true;
      case 'Escape': closePicker(); ev.preventDefault(); return true;
      default: return false;
    }
    ev.preventDefault();
    renderPicker();
    return true;
  }
  function renderCannedMine() {
    const ul = $('canned-mine');
    ul.replaceChildren(...state.canned.map((r) => {
      const li = el('li');
      li.append(line('span', '', el('strong', '', '/' + r.shortcut), ' ', bdi(r.text)));
      const b = el('button', 'quiet', 'Delete');
      b.type = 'button';
      b.setAttribute('aria-label', 'Delete /' + r.shortcut);
      b.addEventListener('click', () => { send({ type: 'cannedDelete', shortcut: r.shortcut }); announce('Deleted /' + r.shortcut + '.'); $('canned-shortcut').focus(); });
      li.append(b);
      return li;
    }));
  }
  return { updatePicker, closePicker, pickerKey, renderCannedMine };
}
