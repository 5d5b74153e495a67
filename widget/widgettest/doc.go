// Package widgettest checks that an implementation of widget.Document
// behaves as the widget needs it to, in the manner of slogtest: the
// recording fake (package domtest) runs TestDocument natively, and the
// browser bridge (package jsbridge) runs the same test against the real
// DOM in Chromium, so the fake the view tests rely on cannot drift from the
// browser.
package widgettest
