package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// Decision is the engine's answer for one instant.
type Decision struct {
	Rule       string     // the rule whose invitation to raise now; "" for none
	Invitation Invitation // what Rule raises
	// Waiting names the rule that would fire but waits for the visitor:
	// they are typing in a form field, or the tab is hidden.
	Waiting string
	// Next is the earliest moment at which the decision could change if no
	// new signal arrives (input, scroll, visibility, route change, outcome):
	// arm one timer for it and evaluate again. Zero: nothing time-based can
	// change it. It may come early, never late: at Next, evaluate again.
	Next instant.Time
}

// Explanation tells why one rule fires or not.
type Explanation struct {
	Rule       string
	Priority   int
	Err        error      // non-nil: the rule is disabled by this configuration error
	Holds      bool       // the conditions hold
	Fires      bool       // the conditions and every limit hold (it may still wait for typing or a hidden tab)
	Conditions []Check    // every leaf condition, in configuration order
	Limits     []Check    // every limit that applies: the rule's, then the set's
	Invitation Invitation // what the rule raises
	// Next is when the rule could next fire if nothing but time passes:
	// now when it fires, zero when time alone will not make it fire.
	Next instant.Time
}

// Check is the state of one condition or limit.
type Check struct {
	Path  string       // where it is in the configuration: "conditions[0].any[1].path", "limits.cooldown", "sessionBudget"
	Holds bool         // it holds (a limit holds when it lets the rule fire)
	Next  instant.Time // when it could change by time alone; zero: not by time
}
