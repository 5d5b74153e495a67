//go:build js && wasm

package main

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// startRules starts the proactive runner on the configuration's rules and
// connects the page's signals to it. It returns nil when there is nothing
// to run. desk, when there is a chat service, says whether an agent is
// available before a rule invites. A pop-out window runs none: it never
// invites (its chat runs), and its visit is its opener's, whose journey
// its chat carries (popout.html is no page of the visitor's journey).
func (rt *runtime) startRules(cfg widget.Config, tree any, desk widget.Desk) *proactive.Runner {
	if widget.IsAbsent(tree) || cfg.Popout {
		return nil
	}
	if !cfg.ProactiveEnabled {
		rt.log.Debug("lcwasm: rules: proactive chat is off for this widget; rules do not run")
		return nil
	}
	if !rt.store.Persistent {
		rt.log.Info("lcwasm: rules: browser storage is unavailable, so the visitor's journey is kept in memory for this page only")
	}
	clock := rt.clock
	var agents func(then func(widget.Availability)) // nil: no chat service, no agent
	if desk != nil {
		agents = desk.Availability // asked only when a rule needs it (proactive/agents.go)
	}
	var r *proactive.Runner
	var elements *jsbridge.Elements
	timer := jsbridge.NewTimer(func() {
		defer jsbridge.Recover("rules evaluation")
		r.Tick(clock.Now())
	})
	r, errs := proactive.New(rules.Decoder{Compile: jsbridge.CompileRegexp, Zones: rt.zones}, tree, proactive.Config{
		AppID: cfg.AppID, Tab: jsbridge.RandomID(), DefaultMessage: cfg.Texts.DefaultMessage,
		Referrer: jsbridge.Referrer(), Hidden: !jsbridge.Visible(),
		Device: jsbridge.DeviceClass(), Languages: jsbridge.Languages(), TimeZone: jsbridge.TimeZone,
		InviteWhenNoAgent: cfg.InviteWhenNoAgent,
	}, proactive.Deps{
		Widget: rt.w, Store: rt.store, JSON: jsbridge.JSON{}, Lock: jsbridge.Locks{}, Page: jsbridge.Location{},
		Timer: timer, Log: rt.log, Context: rt.sdk.contextValues,
		Rescan: func() { elements.Rescan(rt.log.Error) }, Funnel: rt.funnel, Agents: agents,
	}, clock.Now())
	for _, err := range errs {
		jsbridge.Events{}.Error(9, err.Error())
	}
	jsbridge.WatchPage(jsbridge.Signals{
		Activity:   func() { r.Activity(clock.Now()) },
		Typing:     func() { r.Typing(clock.Now()) },
		Scroll:     func(depth int) { r.Scrolled(depth, clock.Now()) },
		ExitIntent: func() { r.ExitIntent(clock.Now()) },
		ScrollY:    func(y float64, stamp instant.Duration) { r.ScrollY(y, stamp, clock.Now()) },
		Route:      func() { r.Route(clock.Now()) },
	})
	jsbridge.OnVisibility(func(visible bool) { r.Visibility(visible, clock.Now()) })
	jsbridge.OnPageHide(func() { r.PageHide(clock.Now()) })
	rt.store.OnChange(func(key string) { r.StorageChanged(key, clock.Now()) })
	elements = jsbridge.WatchElements(r.Selectors(), func(sel string, visible bool) { r.Element(sel, visible, clock.Now()) }, rt.log.Error)
	return r
}

// invitations is widget.Invitations for the runner, which starts after
// the widget (and not at all without rules).
type invitations struct{ rt *runtime }

func (i invitations) Shown(inv widget.Invitation, at, deadline instant.Time) {
	if r := i.rt.rules; r != nil {
		r.Shown(inv, at, deadline)
	}
	if f := i.rt.funnel; f != nil {
		f.Shown(inv, at, deadline)
	}
}

func (i invitations) Answered(inv widget.Invitation, o widget.Outcome, at instant.Time) {
	if r := i.rt.rules; r != nil {
		r.Answered(inv, o, at)
	}
	if f := i.rt.funnel; f != nil {
		f.Answered(inv, o, at)
	}
	collectAfterInvitation()
}

func (i invitations) Idle(at instant.Time) {
	if r := i.rt.rules; r != nil {
		r.Idle(at)
	}
}
