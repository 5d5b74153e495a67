// Package widget is the live-chat widget's brain, in pure Go: the proactive
// invitation's lifecycle and its one-minute deadline, the hand-over to
// prechat, chat, pop-out or the out-of-hours message, the SDK rules about
// what is ignored when, and the widget configuration.
//
// It never touches the browser. Time is passed in, so every deadline is
// computed from a clock the caller (or a test) controls; the browser side
// only schedules a wake-up at [Widget.Deadline] and calls [Widget.Tick]. The
// outside world is reached through small interfaces: [View] (what is shown),
// [Events] (the page's lcw:* events), [Logger] (the console), [Opener]
// (pop-out windows) and [Zones] (local time in an IANA zone).
//
// [DOMView] is the default View: it renders the invitation and the panes
// through the [Document] interface, which the browser bridge implements with
// real DOM calls in a shadow root, and which tests implement with the
// recording fake in package domtest. All visitor, page and agent text is set
// as text, never parsed as HTML.
//
// Defaults: proactive chat is off unless the configuration enables it; an
// invitation with no message says [DefaultMessage]; it closes by itself
// [InvitationLifetime] (one minute, not configurable) after it became
// visible; an invitation due while the page is hidden waits until the page
// is visible.
package widget
