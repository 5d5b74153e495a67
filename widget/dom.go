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

// FocusReader is an optional part of a Document: it tells whether one of
// its elements has keyboard focus.
type FocusReader interface {
	HasFocus(n Node) bool
}
