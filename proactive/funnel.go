package proactive

import (
	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// The runner tells the funnel (Deps.Funnel) which rules were eligible and
// why one was not shown; the recorder hears the outcomes of the shown
// ones from the widget itself. It decides a rule's holdout here: a
// visitor in it is counted and the rule is muted for the page load.

// eligible counts what the engine's decision d says and reports whether
// its rule may invite now (false: the visitor is in its holdout).
func (r *Runner) eligible(d rules.Decision, now instant.Time) bool {
	f := r.d.Funnel
	if f == nil {
		return true
	}
	rule := d.Rule
	if rule == "" {
		rule = d.Waiting
	}
	if rule == "" {
		r.blocked(now)
		return true
	}
	g := f.Group(rule, r.set.Holdout(rule))
	f.Eligible(rule, r.variantID(rule, g), g, now)
	switch {
	case g == funnel.Holdout:
		f.Held(rule, g, funnel.ReasonHoldout, now)
		r.d.Log.Debug("lcwasm: rules: this visitor is in the holdout of rule \"" + rule + "\": its invitation is not shown")
		r.engine.Mute(rule)
		r.arm(now) // the rules after it get their turn
		return false
	case d.Waiting != "" && r.visit.Hidden:
		f.Held(rule, g, funnel.ReasonHidden, now)
	case d.Waiting != "":
		f.Held(rule, g, funnel.ReasonTyping, now)
	}
	return true
}

// blocked counts the first rule whose conditions hold but a limit keeps
// back.
func (r *Runner) blocked(now instant.Time) {
	rule, set := r.engine.Blocked(&r.visit, now)
	if rule == "" {
		return
	}
	reason := funnel.ReasonLimit
	if set {
		reason = funnel.ReasonBudget
	}
	g := r.d.Funnel.Group(rule, r.set.Holdout(rule))
	r.d.Funnel.Eligible(rule, r.variantID(rule, g), g, now)
	r.d.Funnel.Held(rule, g, reason, now)
}

// heldElsewhere counts the rule that would fire now but another tab shows
// an invitation.
func (r *Runner) heldElsewhere(now instant.Time) {
	if r.d.Funnel == nil {
		return
	}
	d := r.engine.Evaluate(&r.visit, now)
	rule := d.Rule
	if rule == "" {
		rule = d.Waiting
	}
	if rule == "" {
		return
	}
	g := r.d.Funnel.Group(rule, r.set.Holdout(rule))
	r.d.Funnel.Eligible(rule, r.variantID(rule, g), g, now)
	reason := funnel.ReasonOtherTab
	if g == funnel.Holdout {
		reason = funnel.ReasonHoldout
	}
	r.d.Funnel.Held(rule, g, reason, now)
}

// variant is the index of the visitor's variant of rule among vs: picked
// by the funnel's seed (funnel.Pick), the first when this page does not
// report (nothing would be learnt from it) or the rule has none.
func (r *Runner) variant(rule string, vs []rules.Variant) int {
	if r.d.Funnel == nil || len(vs) == 0 {
		return 0
	}
	w := make([]int, len(vs))
	for i, v := range vs {
		w[i] = v.Weight
	}
	return r.d.Funnel.Variant(rule, w)
}

// variantID names the variant of rule the visitor in group g sees: ""
// in the holdout (they see none) and for a rule with one text.
func (r *Runner) variantID(rule string, g funnel.Group) string {
	vs := r.set.Variants(rule)
	if g == funnel.Holdout || len(vs) == 0 {
		return ""
	}
	return vs[r.variant(rule, vs)].ID
}

// callHeld counts a page's startProactiveChat call held back.
func (r *Runner) callHeld(reason funnel.Reason, now instant.Time) {
	if r.d.Funnel != nil {
		r.d.Funnel.Held(funnel.PageCall, "", reason, now)
	}
}

// Goal is the page's SDK.reportGoal(name): counted for each rule the
// visitor was eligible for earlier in the session. It reports how many.
func (r *Runner) Goal(name string, now instant.Time) int {
	if r.d.Funnel == nil {
		return 0
	}
	return r.d.Funnel.Goal(name, now)
}
