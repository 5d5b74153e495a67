//go:build js && wasm

package main

import (
	"time"

	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// proactive runs the site owner's rules in the visitor's browser: it keeps
// the Visit up to date from page signals, evaluates on each signal and at
// the one moment the engine names, and raises invitations through the same
// widget path as startProactiveChat. Nothing about the visitor leaves the
// page; their journey lives in localStorage.
type proactive struct {
	rt       *runtime
	set      *rules.Set
	engine   *rules.Engine
	visit    rules.Visit
	store    *jsbridge.Storage
	prefix   string // storage keys: "lcwasm:<appId>:"
	tab      string // this page load, for the cross-tab lock
	href     string // the address of the current page view
	timer    *jsbridge.Timer
	elements *jsbridge.Elements
	pageSet  map[string]any // audience attributes from setAudienceAttributes
	provided map[string]any // audience attributes from the context provider
	said     string         // the last decision logged, to log changes only
	touched  time.Time      // when input last caused an evaluation
	claimed  func()         // releases this tab's claim on the invitation slot
	// timeFrames is set when a rule has a timeFrame condition.
	timeFrames bool
}

// startRules decodes the configuration's rules and starts watching the
// page. It returns nil when there is nothing to run.
func (rt *runtime) startRules(cfg widget.Config, tree any) *proactive {
	if widget.IsAbsent(tree) {
		return nil
	}
	if !cfg.ProactiveEnabled {
		rt.log.Debug("lcwasm: rules: proactive chat is off for this widget; rules do not run")
		return nil
	}
	zones := &jsbridge.Zones{}
	set, errs := rules.Decoder{Compile: jsbridge.CompileRegexp, Zones: zones}.Decode(tree)
	for _, err := range errs {
		jsbridge.Events{}.Error(9, err.Error())
	}
	p := &proactive{rt: rt, set: set, prefix: "lcwasm:" + cfg.AppID + ":", tab: jsbridge.RandomID(), timeFrames: hasKey(tree, "timeFrame")}
	p.store = rt.store
	if !p.store.Persistent {
		jsbridge.Console{}.Info("lcwasm: rules: browser storage is unavailable, so the visitor's journey is kept in memory for this page only")
	}
	p.engine = rules.NewEngine(set, p.loadHistory())
	p.timer = jsbridge.NewTimer(p.evaluate)
	p.begin(time.Now())
	return p
}

// begin resumes the visitor's journey with this page and wires the signals.
func (p *proactive) begin(now time.Time) {
	p.href = jsbridge.Href()
	var tree any
	if s, ok := p.store.Get(p.prefix + "journey"); ok {
		tree, _ = jsbridge.ParseJSON(s)
	}
	p.visit = rules.Resume(rules.JourneyFromTree(tree), jsbridge.CurrentPage(jsbridge.Referrer()), !jsbridge.Visible(), now)
	p.visit.Device, p.visit.Languages = jsbridge.DeviceClass(), jsbridge.Languages()
	if p.timeFrames {
		// Asking Intl for the zone starts ICU: 20–30 ms here, so only
		// when a time frame may need the visitor's zone.
		p.visit.TimeZone = jsbridge.TimeZone()
	}
	p.saveJourney(now)
	jsbridge.WatchPage(jsbridge.Signals{
		Activity:   p.activity,
		Typing:     func() { p.visit.LastTyping = time.Now() },
		Scroll:     p.scrolled,
		ExitIntent: p.exitIntent,
		Route:      p.route,
	})
	jsbridge.OnVisibility(p.visibility)
	jsbridge.OnPageHide(func() {
		p.saveJourney(time.Now())
		p.unlock() // an invitation left open here must not hold the visitor's next page
	})
	p.store.OnChange(p.storageChanged)
	p.elements = jsbridge.WatchElements(p.set.Selectors(), p.element, p.rt.log.Error)
	p.soon()
}

// soon evaluates after the current task: after lcw:ready at start, and
// after an event's listeners have run.
func (p *proactive) soon() { p.timer.WakeAt(time.Now()) }

// evaluate asks the engine what to do now and arms the timer for the next
// moment the answer could change.
func (p *proactive) evaluate() {
	defer jsbridge.Recover("rules evaluation")
	now := time.Now()
	if p.rt.w.Phase() != widget.Idle {
		p.timer.WakeAt(time.Time{}) // the outcome of what is open brings us back
		return
	}
	if until, held := p.lockedElsewhere(now); held {
		p.say("another tab of this visitor is showing an invitation; waiting")
		p.timer.WakeAt(until)
		return
	}
	d := p.engine.Evaluate(&p.visit, now)
	p.sayDecision(d)
	p.timer.WakeAt(d.Next)
	if d.Rule != "" {
		p.invite(widget.Invitation{
			Message:     p.message(d.Invitation.Message),
			ShowPrechat: d.Invitation.ShowPrechat,
			InNewWindow: d.Invitation.InNewWindow,
			Source:      widget.Source{Kind: widget.SourceRule, RuleID: d.Rule},
		})
	}
}

// invite shows a rule's invitation once this tab holds the visitor's
// invitation slot, an exclusive Web Lock: two tabs deciding at the same
// moment cannot both show one.
func (p *proactive) invite(inv widget.Invitation) {
	jsbridge.Claim(p.prefix+"invitation", func(release func()) {
		if release == nil {
			p.say("another tab of this visitor is about to show an invitation; waiting")
			p.timer.WakeAt(time.Now().Add(time.Second))
			return
		}
		if p.rt.w.Phase() != widget.Idle || !p.rt.w.Invite(inv) {
			release()
			return
		}
		p.claimed = release
	})
}

func (p *proactive) message(m string) string {
	if m == "" {
		return p.rt.w.Config().Texts.DefaultMessage
	}
	return m
}

// admits tells whether the shared limits let a page's startProactiveChat
// call through, and logs why not.
func (p *proactive) admits() bool {
	ok, _ := p.engine.Admits(&p.visit, time.Now())
	if !ok {
		p.rt.log.Warn("lcwasm: startProactiveChat ignored: the widget's invitation limits (session budget or cool-down) do not allow another invitation now")
	}
	return ok
}

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
