//go:build js && wasm

package main

import (
	"time"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// setAudience merges the page's audience attributes (SDK extension
// setAudienceAttributes); a bad value changes nothing.
func (p *proactive) setAudience(tree any) error {
	merged, err := widget.MergeAttributes(p.pageSet, tree)
	if err != nil {
		return err
	}
	p.pageSet = merged
	p.applyAttributes()
	return nil
}

// refreshProvided reads the context provider's values as audience
// attributes. A provider that throws or returns garbage is ignored here;
// the chat start reports it (error code 1).
func (p *proactive) refreshProvided() {
	fn := p.rt.sdk.context
	if !jsbridge.IsFunction(fn) {
		p.provided = nil
		p.applyAttributes()
		return
	}
	v, err := fn.Invoke()
	if err != nil {
		p.rt.log.Debug("lcwasm: rules: the context provider threw: " + err.Error())
		return
	}
	p.provided = widget.ProvidedAttributes(jsbridge.ToGo(v))
	p.applyAttributes()
}

func (p *proactive) applyAttributes() {
	attrs := map[string]any{}
	for k, v := range p.provided {
		attrs[k] = v
	}
	for k, v := range p.pageSet {
		attrs[k] = v
	}
	p.visit.Attributes = attrs
	p.soon()
}

// explain is explainProactiveRules(): per rule, what holds and when it
// could fire, with times in epoch milliseconds.
func (p *proactive) explain() []any {
	now := time.Now()
	var out []any
	for _, e := range p.engine.Explain(&p.visit, now) {
		var errText any
		if e.Err != nil {
			errText = e.Err.Error()
		}
		out = append(out, map[string]any{
			"rule": e.Rule, "priority": e.Priority, "error": errText, "holds": e.Holds, "fires": e.Fires,
			"conditions": checks(e.Conditions), "limits": checks(e.Limits), "next": millis(e.Next),
			"invitation": map[string]any{
				"message": e.Invitation.Message, "showPrechat": e.Invitation.ShowPrechat,
				"inNewWindow": e.Invitation.InNewWindow,
			},
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

func millis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return float64(t.UnixMilli())
}

// sayDecision logs a decision when data-lcw-version="test", once per
// change.
func (p *proactive) sayDecision(d rules.Decision) {
	switch {
	case d.Rule != "":
		p.say("rule \"" + d.Rule + "\" fires")
	case d.Waiting != "":
		p.say("rule \"" + d.Waiting + "\" waits: the visitor is typing or the tab is hidden")
	case d.Next.IsZero():
		p.say("no rule fires; nothing will change by time alone")
	default:
		p.say("no rule fires yet; next check at " + d.Next.UTC().Format(time.TimeOnly) + " UTC")
	}
}

func (p *proactive) say(line string) {
	if line != p.said {
		p.said = line
		p.rt.log.Debug("lcwasm: rules: " + line)
	}
}

// explainMethod and audienceMethod are the SDK extensions.
func (s *sdk) explainMethod([]safejs.Value) any {
	if s.rt.rules == nil {
		return []any{}
	}
	return s.rt.rules.explain()
}

func (s *sdk) audienceMethod(args []safejs.Value) any {
	var arg any = widget.Undefined{}
	if len(args) > 0 {
		arg = jsbridge.ToGo(args[0])
	}
	if s.rt.rules == nil {
		_, err := widget.MergeAttributes(nil, arg) // still check, so mistakes show early
		if err != nil {
			s.rt.log.Error("lcwasm: " + err.Error())
		}
		return nil
	}
	if err := s.rt.rules.setAudience(arg); err != nil {
		s.rt.log.Error("lcwasm: " + err.Error())
	}
	return nil
}
