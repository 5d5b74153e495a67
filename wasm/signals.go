//go:build js && wasm

package main

import (
	"time"

	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules"
)

// The page signals, folded into the Visit. Each one that can change a
// decision evaluates again.

// evaluateEvery throttles the evaluations input causes; every input's time
// is still recorded, and the engine's next moment covers the rest.
const evaluateEvery = 500 * time.Millisecond

func (p *proactive) activity() {
	now := time.Now()
	p.visit.Touch(now)
	if now.Sub(p.touched) >= evaluateEvery {
		p.touched = now
		p.soon()
	}
}

func (p *proactive) scrolled(depth int) {
	if depth > p.visit.Scroll {
		p.visit.Scroll = depth
		p.soon()
	}
}

func (p *proactive) exitIntent() {
	if !p.visit.ExitIntent {
		p.visit.ExitIntent = true
		p.soon()
	}
}

func (p *proactive) visibility(visible bool) {
	now := time.Now()
	p.visit.SetHidden(!visible, now)
	if !visible {
		if p.visit.Device != rules.Desktop {
			p.visit.ExitIntent = true // a phone's way of leaving: the tab goes away
		}
		p.saveJourney(now)
	}
	p.soon()
}

func (p *proactive) element(selector string, visible bool) {
	if p.visit.Elements == nil {
		p.visit.Elements = map[string]time.Time{}
	}
	if visible {
		p.visit.Elements[selector] = time.Now()
	} else {
		delete(p.visit.Elements, selector)
	}
	p.soon()
}

// route starts a new page view when a single-page app changed the address.
func (p *proactive) route() {
	href := jsbridge.Href()
	if href == p.href {
		return
	}
	now := time.Now()
	previous := p.href
	p.href = href
	p.visit.StartPage(jsbridge.CurrentPage(previous), now)
	p.rt.log.Debug("lcwasm: rules: new page view " + href)
	p.elements.Rescan(p.rt.log.Error)
	p.refreshProvided()
	p.saveJourney(now)
	p.soon()
}

// storageChanged follows what other tabs of the visitor did: their
// invitations count for the limits here, and a released lock may let a
// rule fire.
func (p *proactive) storageChanged(key string) {
	switch key {
	case p.prefix + "history":
		p.engine = rules.NewEngine(p.set, p.loadHistory())
		p.soon()
	case p.prefix + "lock":
		p.soon()
	}
}
