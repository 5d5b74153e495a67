package funnel

import "github.com/lcwasm/lcwasm/internal/instant"

// Event is what a counter counts.
type Event string

// The events. Eligible counts once per session per rule, with the group;
// Held counts once per page view per rule and reason; Goal once per
// session per rule, goal and group.
const (
	Eligible Event = "eligible" // the rule's conditions and limits hold
	Shown    Event = "shown"    // the invitation became visible
	Accepted Event = "accepted" // "Chat Now"
	Declined Event = "declined" // the X or Escape
	TimedOut Event = "timedOut" // its minute ran out
	Held     Event = "held"     // eligible, not shown; Reason says why
	Goal     Event = "goal"     // the page reported a goal; Goal names it
)

// Events lists every event a beacon may carry, in report order.
var Events = []Event{Eligible, Shown, Accepted, Declined, TimedOut, Held, Goal}

// Rated is the server's own counter: a chat from the invitation that the
// visitor rated after it ended. No beacon may carry it (Decode refuses
// it); the server counts it per rule and variant (store.CountRated).
const Rated Event = "rated"

// Reason is why an eligible invitation was not shown.
type Reason string

// The reasons of Held.
const (
	ReasonLimit    Reason = "limit"    // the rule's own limits (once, perDay, cooldown)
	ReasonBudget   Reason = "budget"   // the session budget or the set's cool-down
	ReasonOtherTab Reason = "otherTab" // another tab of the visitor shows an invitation
	ReasonTyping   Reason = "typing"   // the visitor is typing in a form field
	ReasonHidden   Reason = "hidden"   // the tab is hidden
	ReasonHoldout  Reason = "holdout"  // the visitor is in the rule's control group
	ReasonNoAgent  Reason = "noAgent"  // the chat service says no agent is available
)

// Reasons lists every reason in report order.
var Reasons = []Reason{ReasonLimit, ReasonBudget, ReasonOtherTab, ReasonTyping, ReasonHidden, ReasonHoldout, ReasonNoAgent}

// Group is a visitor's side of a rule's experiment.
type Group string

// The groups. A rule without a holdout has every visitor in Treatment.
const (
	Treatment Group = "treatment" // invited when the rule fires
	Holdout   Group = "holdout"   // never invited by this rule: the control group
)

// PageCall is the rule of a page's startProactiveChat call in a Key: the
// empty string, which no rule id can be. Reports show it as "page call".
const PageCall = ""

// Key names one counter. Reason is set for Held only, Goal for Goal only;
// Group for Eligible and Goal (and Held holdout). Widget is the server's:
// the beacon's address carries it.
type Key struct {
	Widget  string
	Rule    string // a rule id, or PageCall
	Variant string // the invitation variant; "" for the rule's only one
	Group   Group
	Event   Event
	Reason  Reason
	Goal    string
	Day     string // UTC, YYYY-MM-DD
}

// Day is the UTC day of t as a Key has it.
func Day(t instant.Time) string { return t.DateString() }

// Entry is a counter and how much to add to it.
type Entry struct {
	Key
	N int
}
