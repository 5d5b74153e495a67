// Package jstree names the plain Go trees JavaScript values become before
// the pure packages (widget, chat, rules) look at them: null is nil,
// numbers are float64, strings, booleans, plain objects map[string]any,
// arrays []any. JavaScript values with no Go counterpart become the marker
// types below, so argument checks can name them. jsbridge.ToGo makes such
// trees from the browser's values; tests write them by hand.
package jstree
