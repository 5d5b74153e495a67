package proactive

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// Explain is explainProactiveRules(): per rule, what holds and when it
// could fire, as a JSON-like tree with times in epoch milliseconds (null
// for none).
func (r *Runner) Explain(now instant.Time) []any {
	r.settle(now)
	out := []any{}
	for _, e := range r.engine.Explain(&r.visit, now) {
		var errText any
		if e.Err != nil {
			errText = e.Err.Error()
		}
		inv := map[string]any{
			"message": e.Invitation.Message, "showPrechat": e.Invitation.ShowPrechat,
			"inNewWindow": e.Invitation.InNewWindow,
		}
		if vs := e.Invitation.Variants; len(vs) > 0 {
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = map[string]any{"id": v.ID, "weight": v.Weight, "message": v.Message}
			}
			inv["variants"] = list
		}
		out = append(out, map[string]any{
			"rule": e.Rule, "priority": e.Priority, "error": errText, "holds": e.Holds, "fires": e.Fires,
			"conditions": checks(e.Conditions), "limits": checks(e.Limits), "next": millis(e.Next),
			"invitation": inv,
		})
	}
	return out
}

func checks(list []rules.Check) []any {
	out := make([]any, len(list))
	for i, c := range list {
		out[i] = map[string]any{"path": c.Path, "holds": c.Holds, "next": millis(c.Next)}
	}
	return out
}

func millis(t instant.Time) any {
	if t.IsZero() {
		return nil
	}
	return float64(t.UnixMilli())
}

// sayDecision logs a decision (a Debug line), once per change. say is
// kept out of line: four inlined copies cost the wasm 1.5 KB.
func (r *Runner) sayDecision(d rules.Decision) {
	switch {
	case d.Rule != "":
		r.say("rule \"" + d.Rule + "\" fires")
	case d.Waiting != "":
		r.say("rule \"" + d.Waiting + "\" waits: the visitor is typing or the tab is hidden")
	case d.Next.IsZero():
		r.say("no rule fires; nothing will change by time alone")
	default:
		r.say("no rule fires yet; next check at " + d.Next.ClockString() + " UTC")
	}
}

//go:noinline
func (r *Runner) say(line string) {
	if line != r.said {
		r.said = line
		r.d.Log.Debug("lcwasm: rules: " + line)
	}
}
