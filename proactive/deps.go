package proactive

import (
	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// Widget is the widget the runner invites through: *widget.Widget.
type Widget interface {
	Phase() widget.Phase
	// Invite shows inv and reports whether it was taken.
	Invite(inv widget.Invitation) bool
}

// Store is localStorage, shared by the visitor's tabs (or memory).
type Store interface {
	Get(key string) (string, bool)
	Set(key, value string)
	Remove(key string)
}

// JSON is the browser's JSON.stringify and JSON.parse.
type JSON interface {
	Stringify(tree any) (string, error)
	Parse(text string) (any, error)
}

// Lock is the exclusive Web Lock all tabs of the origin share. Claim asks
// for name without waiting: got is called, perhaps later, with a release
// func when this tab now holds it, or with nil when another tab does.
type Lock interface {
	Claim(name string, got func(release func()))
}

// Page reads the page's address.
type Page interface {
	// Href is location.href.
	Href() string
	// Current is the page now; referrer is document.referrer on load, the
	// previous address after a route change.
	Current(referrer string) rules.Page
}

// Timer arms the runner's one wake-up; the zero time cancels it. The owner
// calls Tick when it fires.
type Timer interface{ WakeAt(t instant.Time) }

// Logger writes to the page's console; Debug lines are for
// data-lcw-version="test" and may be dropped.
type Logger interface {
	Debug(msg string)
	Warn(msg string)
	Error(msg string)
}

// Deps are the runner's connections to the outside.
type Deps struct {
	Widget Widget
	Store  Store
	JSON   JSON
	Lock   Lock
	Page   Page
	Timer  Timer
	Log    Logger
	// Context is the page's context provider (setContextProvider): its
	// values are audience attributes. Nil, or (nil, nil): none.
	Context func() (any, error)
	// Rescan looks again for the rules' elements after a route change.
	// Nil: nothing to do.
	Rescan func()
	// Funnel counts eligible rules and why they were not shown, and
	// decides holdouts; nil: the widget does not report (and holds no
	// visitor out).
	Funnel *funnel.Recorder
	// Agents asks the chat service whether an agent is available (the
	// widget's widget.Desk): then is called once, later. Nil: no chat
	// service; rules invite whoever is there, and "agentsAvailable":
	// false holds (see agents.go).
	Agents func(then func(widget.Availability))
}

// Config is what the runner starts with.
type Config struct {
	AppID          string // the widget's; storage keys are "lcwasm:<AppID>:…"
	Tab            string // a random id of this page load
	DefaultMessage string // the invitation's message when a rule has none
	Referrer       string // document.referrer
	Hidden         bool   // the tab is hidden at start
	Device         rules.Device
	Languages      []string
	// InviteWhenNoAgent is the site owner's proactiveChat.inviteWhenNoAgent:
	// rules without an "agentsAvailable" condition are not held for want
	// of an agent (agents.go).
	InviteWhenNoAgent bool
	// TimeZone is the browser's zone; asked only when a rule has a time
	// frame (Intl starts ICU: 20–30 ms). Nil: UTC.
	TimeZone func() string
}
