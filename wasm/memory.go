//go:build js && wasm

package main

import (
	"time"

	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules"
)

// What the rules remember in localStorage: the journey, the limit history
// and the cross-tab lock, all under "lcwasm:<appId>:".

func (p *proactive) loadHistory() rules.History {
	s, ok := p.store.Get(p.prefix + "history")
	if !ok {
		return rules.History{}
	}
	tree, _ := jsbridge.ParseJSON(s)
	h, err := rules.HistoryFromTree(tree)
	if err != nil {
		p.rt.log.Debug("lcwasm: rules: stored history partly unreadable: " + err.Error())
	}
	return h
}

func (p *proactive) saveHistory() {
	p.put("history", p.engine.History().Tree())
}

func (p *proactive) saveJourney(now time.Time) {
	p.put("journey", p.visit.Journey(now).Tree())
}

func (p *proactive) put(name string, tree any) {
	if s, err := jsbridge.StringifyJSON(tree); err == nil {
		p.store.Set(p.prefix+name, s)
	}
}

// outcome records what became of an invitation (the widget's lcw:proactive*
// events; ruleID is "" for a page call) before the page hears of it.
func (p *proactive) outcome(name, ruleID string) {
	now := time.Now()
	o := map[string]rules.Outcome{
		"lcw:proactiveChatShown":    rules.Shown,
		"lcw:proactiveChatDeclined": rules.Declined,
		"lcw:proactiveChatTimedOut": rules.TimedOut,
		"lcw:proactiveChatAccepted": rules.Accepted,
	}[name]
	if o == 0 {
		return
	}
	p.engine.Record(ruleID, o, now)
	p.saveHistory()
	if o == rules.Shown {
		if dl, ok := p.rt.w.Deadline(); ok {
			p.lock(dl)
		}
		return
	}
	p.unlock()
	p.soon()
}

// The cross-tab lock: while one tab shows an invitation, the visitor's
// other tabs raise none. It expires with the invitation, so a closed tab
// cannot hold it.

type lockValue struct {
	tab   string
	until time.Time
}

func (p *proactive) readLock() (lockValue, bool) {
	s, ok := p.store.Get(p.prefix + "lock")
	if !ok {
		return lockValue{}, false
	}
	tree, _ := jsbridge.ParseJSON(s)
	m, _ := tree.(map[string]any)
	tab, _ := m["tab"].(string)
	ms, _ := m["until"].(float64)
	return lockValue{tab: tab, until: time.UnixMilli(int64(ms))}, tab != ""
}

func (p *proactive) lockedElsewhere(now time.Time) (time.Time, bool) {
	l, ok := p.readLock()
	if !ok || l.tab == p.tab || !now.Before(l.until) {
		return time.Time{}, false
	}
	return l.until, true
}

func (p *proactive) lock(deadline time.Time) {
	p.put("lock", map[string]any{"tab": p.tab, "until": float64(deadline.Add(time.Second).UnixMilli())})
}

func (p *proactive) unlock() {
	if l, ok := p.readLock(); ok && l.tab == p.tab {
		p.store.Remove(p.prefix + "lock")
	}
	if p.claimed != nil {
		p.claimed()
		p.claimed = nil
	}
}
