package domtest

import "github.com/lcwasm/lcwasm/widget"

// On adds a listener for event; the returned func removes that listener.
func (n *Node) On(event string, fn func()) (remove func()) {
	n.doc.record("%v.On(%q)", n, event)
	l := &listener{event: event, fn: fn}
	n.listeners = append(n.listeners, l)
	return func() {
		for i, x := range n.listeners {
			if x == l {
				n.listeners = append(n.listeners[:i:i], n.listeners[i+1:]...)
				return
			}
		}
	}
}

// Listeners counts n's listeners for event.
func (n *Node) Listeners(event string) int {
	count := 0
	for _, l := range n.listeners {
		if l.event == event {
			count++
		}
	}
	return count
}

// Fire calls n's listeners for event, in the order they were added, as
// the browser would when the visitor triggers it. Events do not bubble. It
// reports whether any listener ran.
func (n *Node) Fire(event string) bool {
	n.doc.record("%v.Fire(%q)", n, event)
	ls := append([]*listener(nil), n.listeners...)
	ran := false
	for _, l := range ls {
		if l.event == event {
			l.fn()
			ran = true
		}
	}
	return ran
}

// SetValue sets a form control's value, as the visitor typing would. It is
// not logged: it is the test's doing, not the widget's.
func (n *Node) SetValue(v string) { n.value = v }

// Value is what SetValue last set ("" at first).
func (n *Node) Value() string { return n.value }

// Focus moves focus to n when n is focusable and attached to the root;
// otherwise focus stays where it is, as in the browser.
func (n *Node) Focus() {
	n.doc.record("%v.Focus()", n)
	if n.focusable() && n.Connected() {
		n.doc.focused = n
	}
}

// focusable reports whether the browser would let n take focus.
func (n *Node) focusable() bool {
	if n.isText || n.tag == "" {
		return false
	}
	if _, ok := n.Attr("disabled"); ok {
		return false
	}
	if _, ok := n.Attr("tabindex"); ok {
		return true
	}
	switch n.tag {
	case "button", "input", "select", "textarea":
		return true
	case "a":
		_, ok := n.Attr("href")
		return ok
	}
	return false
}

// OnKey implements widget.KeyListener; PressKey calls the listeners.
func (n *Node) OnKey(fn func(widget.KeyPress) bool) (remove func()) {
	n.doc.record("%v.OnKey()", n)
	n.keys = append(n.keys, fn)
	i := len(n.keys) - 1
	return func() { n.keys[i] = nil }
}

// PressKey calls n's key listeners with p and reports whether one of them
// prevented the key's default action.
func (n *Node) PressKey(p widget.KeyPress) bool {
	n.doc.record("%v.PressKey(%q)", n, p.Key)
	prevented := false
	for _, fn := range append([]func(widget.KeyPress) bool(nil), n.keys...) {
		if fn != nil && fn(p) {
			prevented = true
		}
	}
	return prevented
}

// Pick implements widget.FilePicker: it records the chooser opening.
func (n *Node) Pick() { n.doc.record("pick %s", n) }

// Files implements widget.FilePicker: the files SetFiles gave, once.
func (n *Node) Files() []widget.File {
	f := n.files
	n.files = nil
	return f
}

// SetFiles is the visitor picking files in n's chooser; fire "change"
// after it, as the browser does.
func (n *Node) SetFiles(files ...widget.File) { n.files = files }
