package widget

// Document is the small slice of the DOM the widget renders through. The
// browser bridge implements it inside a shadow root; package domtest
// implements it as a recording fake.
type Document interface {
	// Create returns a new, detached element.
	Create(tag string) Node
	// Root is the container every view is appended to.
	Root() Node
}

// Node is one element.
type Node interface {
	// SetAttr sets an attribute; value is text, never markup.
	SetAttr(name, value string)
	// SetText replaces the element's children with one text node.
	SetText(text string)
	// Append adds child as the last child.
	Append(child Node)
	// Remove detaches the element from its parent; removing twice is harmless.
	Remove()
	// On listens for a DOM event ("click", "submit", "input", "keydown"). A
	// "submit" listener also prevents the browser's default navigation. The
	// returned func removes the listener.
	On(event string, fn func()) (remove func())
	// Value is the current value of a form control ("" for other elements;
	// "on"/"" for a checkbox by checked state).
	Value() string
	// SetValue sets a form control's value (clearing the send box).
	SetValue(v string)
	// Focus moves keyboard focus to the element.
	Focus()
}

// FocusMemory is an optional part of a Document: one that can see the
// page around the widget remembers which page element has focus, so that
// closing a pane gives focus back where the visitor was.
type FocusMemory interface {
	// KeepFocus returns a func that focuses again the page element that
	// has focus now and reports whether it could (the element may be gone
	// by then). It returns nil when focus is on no page element: on the
	// body, or inside the widget.
	KeepFocus() (restore func() bool)
}

// Minutes is an optional part of a Document: it writes a number of
// minutes the way the visitor's language does ("3 minutes", "3 分钟"),
// with the browser's Intl.NumberFormat.
type Minutes interface {
	Minutes(n int) string
}

// KeyPress is a key pressed in a control, as the browser's keydown
// says it.
type KeyPress struct {
	Key                    string // KeyboardEvent.key: "Enter", "a"
	Shift, Alt, Ctrl, Meta bool
	Composing              bool // an input method is composing (isComposing)
}

// KeyListener is an optional part of a Node: it hears the keys pressed
// in it; when fn returns true, the key's default action is prevented.
type KeyListener interface {
	OnKey(fn func(KeyPress) bool) (remove func())
}

// SendsMessage reports whether a key pressed in the message box sends
// it: Enter alone. Shift+Enter adds a line (the browser's default), and
// an Enter that ends an input method's composition (Japanese, Chinese)
// only confirms the words.
func SendsMessage(p KeyPress) bool {
	return p.Key == "Enter" && !p.Shift && !p.Alt && !p.Ctrl && !p.Meta && !p.Composing
}

// FocusReader is an optional part of a Document: it tells whether one of
// its elements has keyboard focus.
type FocusReader interface {
	HasFocus(n Node) bool
}

// Scroller is an optional part of a Node: a box whose content scrolls
// (the transcript). The browser bridge reads and writes the real
// scrollTop; the decisions about it are the widget's.
type Scroller interface {
	// Scroll is the box's scrollTop, scrollHeight and clientHeight.
	Scroll() Scroll
	// ScrollTo sets scrollTop; the browser clamps it to the content.
	ScrollTo(top float64)
}

// Times is an optional part of a Document: it writes times the way the
// visitor's browser does for their locale and time zone (Intl), so the
// wasm carries no time formatting of its own. A Document without it shows
// no times.
type Times interface {
	// ShortTime is the time of day of ms (epoch milliseconds): "14:05",
	// "2:05 PM".
	ShortTime(ms int64) string
	// LongTime is the full date and time of ms, to the second.
	LongTime(ms int64) string
	// MachineTime is ms for a datetime attribute (ISO 8601, UTC).
	MachineTime(ms int64) string
}
