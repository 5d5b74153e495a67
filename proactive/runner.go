package proactive

import (
	"slices"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// Runner is one page load's proactive runtime. Call its methods from one
// goroutine (the browser's event loop), with the time now.
type Runner struct {
	cfg    Config
	d      Deps
	set    *rules.Set
	engine *rules.Engine
	visit  rules.Visit
	prefix string       // storage keys: "lcwasm:<appId>:"
	href   string       // the address of the current page view
	wake   instant.Time // the next evaluation; zero: none
	// journeyDue is when the journey changed by route changes is saved;
	// zero: it is saved.
	journeyDue instant.Time
	// routedAt is when a route change not yet folded into the visit
	// came; zero: none.
	routedAt instant.Time
	touched  instant.Time       // when input last caused an evaluation
	pageSet  map[string]any     // audience attributes from setAudienceAttributes
	provided map[string]any     // audience attributes from the context provider
	said     string             // the last decision logged, to log changes only
	claimed  func()             // releases this tab's Web Lock
	called   *widget.Invitation // a page's call waiting for the visitor to stop typing
	flick    Flick
	agents   agents // what the chat service said of its agents (agents.go)
}

// New decodes the rules document tree with dec and starts its rules on
// this page load at now: it resumes the visitor's journey and limit
// history from the store and saves the journey with this page. The first
// evaluation comes at the first Tick. The errors are the rules' problems
// (each disables its rule, not the others).
func New(dec rules.Decoder, tree any, cfg Config, d Deps, now instant.Time) (*Runner, []error) {
	set, errs := dec.Decode(tree)
	r := &Runner{cfg: cfg, d: d, set: set, prefix: "lcwasm:" + cfg.AppID + ":"}
	r.engine = rules.NewEngine(set, r.loadHistory())
	r.href = d.Page.Href()
	r.visit = rules.Resume(r.loadJourney(), d.Page.Current(cfg.Referrer), cfg.Hidden, now)
	r.visit.Device, r.visit.Languages = cfg.Device, cfg.Languages
	if d.Agents == nil {
		r.visit.Agents = rules.Agents{Known: true} // no chat service: no agent, for good
	}
	if cfg.TimeZone != nil && hasKey(tree, "timeFrame") {
		r.visit.TimeZone = cfg.TimeZone()
	}
	r.saveJourney(now)
	if d.Funnel != nil {
		d.Funnel.PageView(r.visit.Path, now)
	}
	r.soon(now)
	return r, errs
}

// Selectors are the CSS selectors whose elements' visibility the rules
// read (report each with Element).
func (r *Runner) Selectors() []string { return r.set.Selectors() }

// hasKey reports whether an object anywhere in tree has key.
func hasKey(tree any, key string) bool {
	switch t := tree.(type) {
	case map[string]any:
		if _, ok := t[key]; ok {
			return true
		}
		for _, v := range t {
			if hasKey(v, key) {
				return true
			}
		}
	case []any:
		for _, v := range t {
			if hasKey(v, key) {
				return true
			}
		}
	}
	return false
}

// Deadline is when the runner wants its Tick; ok is false when nothing
// but a signal will make it look again.
func (r *Runner) Deadline() (instant.Time, bool) {
	t := r.wake
	for _, due := range []instant.Time{r.journeyDue, r.agentsDue()} {
		if !due.IsZero() && (t.IsZero() || due.Before(t)) {
			t = due
		}
	}
	return t, !t.IsZero()
}

// Tick lets time pass: a journey due is saved, the chat service is asked
// again about its agents when that is due, and at the evaluation's
// moment, it evaluates.
func (r *Runner) Tick(now instant.Time) {
	r.askAgents(now)
	if !r.journeyDue.IsZero() && !now.Before(r.journeyDue) {
		r.saveJourney(now)
	}
	if !r.wake.IsZero() && !now.Before(r.wake) {
		r.Evaluate(now)
		return
	}
	r.arm(r.wake) // early, or only the save was due: the timer is gone
}

// Evaluate folds a pending route change into the visit, asks the engine
// what to do now and arms the timer for the next moment the answer could
// change. It raises nothing while the widget is busy (the outcome of what
// is open brings the runner back) or while another tab shows an
// invitation.
func (r *Runner) Evaluate(now instant.Time) {
	r.settle(now)
	if r.d.Widget.Phase() != widget.Idle {
		r.arm(0)
		return
	}
	r.askAgents(now)
	if r.calledNow(now) {
		return
	}
	if until, held := r.lockedElsewhere(now); held {
		r.say("another tab of this visitor is showing an invitation; waiting")
		r.heldElsewhere(now)
		r.arm(until)
		return
	}
	d := r.engine.Evaluate(&r.visit, now)
	r.sayDecision(d)
	r.arm(d.Next)
	if r.eligible(d, now) && d.Rule != "" && !r.waitAgents(d.Rule, now) && !r.heldNoAgent(d.Rule, now) {
		inv, variant := d.Invitation.WithVariant(r.variant(d.Rule, d.Invitation.Variants))
		r.invite(widget.Invitation{
			Message:     r.message(inv.Message),
			ShowPrechat: inv.ShowPrechat,
			InNewWindow: inv.InNewWindow,
			Source:      widget.Source{Kind: widget.SourceRule, RuleID: d.Rule, Variant: variant},
		}, now)
	}
}

// arm sets the next evaluation, and the one wake-up for it or the
// journey's save.
func (r *Runner) arm(t instant.Time) {
	r.wake = t
	next, _ := r.Deadline()
	r.d.Timer.WakeAt(next)
}

// soon evaluates after the current task: after lcw:ready at start, and
// after an event's listeners have run. A wake-up already due stays as it
// is, so a burst of signals arms the timer once.
func (r *Runner) soon(now instant.Time) {
	if !r.wake.IsZero() && !r.wake.After(now) {
		return
	}
	r.arm(now)
}

// invite shows a rule's invitation once this tab holds the visitor's
// invitation slot: two tabs deciding at the same moment cannot both show
// one.
func (r *Runner) invite(inv widget.Invitation, now instant.Time) {
	r.d.Lock.Claim(r.prefix+"invitation", func(release func()) {
		if release == nil {
			r.say("another tab of this visitor is about to show an invitation; waiting")
			r.arm(now.Add(LockRetry))
			return
		}
		if r.d.Widget.Phase() != widget.Idle || !r.d.Widget.Invite(inv) {
			release()
			return
		}
		r.claimed = release
	})
}

func (r *Runner) message(m string) string {
	if m == "" {
		return r.cfg.DefaultMessage
	}
	return m
}

// Admits tells whether the shared limits let a page's startProactiveChat
// call through at now, and logs why not.
func (r *Runner) Admits(now instant.Time) bool {
	r.settle(now)
	ok, _ := r.engine.Admits(&r.visit, now)
	if !ok {
		r.d.Log.Warn("lcwasm: startProactiveChat ignored: the widget's invitation limits (session budget or cool-down) do not allow another invitation now")
	}
	return ok
}

// PageStart is when the current page view started: the load, or the last
// route change.
func (r *Runner) PageStart(now instant.Time) instant.Time {
	r.settle(now)
	return r.visit.PageStart
}

// Pages are the session's recent page views, oldest first, this one
// last (at most rules.MaxPages): what the agent is shown of the visit
// when the visitor starts a chat, and only then.
func (r *Runner) Pages(now instant.Time) []rules.PageView {
	r.settle(now)
	return slices.Clone(r.visit.Pages)
}
