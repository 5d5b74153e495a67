// Package domtest is a recording fake of [widget.Document] for tests that
// render the widget without a browser.
//
// A [Doc] holds a tree of [Node]s under a root that stands for the shadow
// root: a fragment with no tag of its own. Nodes behave like the DOM in the
// ways the widget relies on: attributes keep the order they were first set
// in (setting one again changes its value in place), SetText replaces the
// children with one text node (or none for ""), Append moves a node that
// already has a parent, Remove detaches, and Focus only lands on a focusable
// element that is attached to the root. Removing the focused element, or an
// ancestor of it, leaves nothing focused.
//
// Tests drive the fake with [Node.SetValue] (what the visitor typed) and
// [Node.Fire] (a DOM event), and inspect it with [Doc.ByID],
// [Doc.Focused], [Doc.Log] and [Serialize]. Serialize's format is the one
// the Chromium end-to-end suite produces from the real shadow DOM, so both
// can be compared with the same golden files.
package domtest
