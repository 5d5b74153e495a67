//go:build js && wasm

package main

import (
	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// startFunnel starts the invitation funnel's counters when this page
// reports: the widget's reporting switch, Global Privacy Control and Do
// Not Track decide (funnel.Reporting). It returns nil when it does not.
func (rt *runtime) startFunnel(cfg widget.Config) *funnel.Recorder {
	gpc, dnt := jsbridge.PrivacySignals()
	if cfg.Popout || !funnel.Reporting(!cfg.ReportingOff, gpc, dnt) {
		rt.log.Debug("lcwasm: the invitation funnel does not report from this page")
		return nil
	}
	prefix := "lcwasm:" + cfg.AppID + ":"
	url := serviceURL(rt.boot) + "/api/v1/widgets/" + escape(cfg.AppID) + "/beacon"
	clock := rt.clock
	var rec *funnel.Recorder
	timer := jsbridge.NewTimer(func() {
		defer jsbridge.Recover("funnel")
		rec.Tick(clock.Now())
	})
	send := func(body map[string]any) bool { return jsbridge.SendBeacon(url, body) }
	rec = funnel.NewRecorder(funnel.Seed(rt.store, prefix, jsbridge.RandomID), prefix,
		jsbridge.OpenSessionStorage(), timer, send, clock.Now())
	root, _ := rt.boot.Config.(map[string]any)
	if g, ok := root["goals"]; ok {
		goals, errs := funnel.DecodeGoals(g)
		for _, err := range errs {
			rt.log.Error("lcwasm: configuration: " + err.Error())
		}
		rec.SetGoals(goals)
	}
	jsbridge.OnPageHide(func() { rec.Flush(clock.Now()) })
	return rec
}

// reportGoal is the SDK extension reportGoal(name).
func (s *sdk) reportGoal(in args) any {
	var arg any = widget.Undefined{}
	if len(in) > 0 {
		arg = in[0].Tree()
	}
	name, err := funnel.CheckGoal(arg)
	if err != nil {
		jsbridge.Events{}.Error(funnel.CodeBadGoal, err.Error())
		return nil
	}
	if s.rt.rules != nil {
		s.rt.rules.Goal(name, s.rt.clock.Now())
	}
	return nil
}
