package proactive

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// What the rules remember in the store: the journey and the limit
// history, under "lcwasm:<appId>:".

func (r *Runner) load(name string) (any, bool) {
	s, ok := r.d.Store.Get(r.prefix + name)
	if !ok {
		return nil, false
	}
	tree, err := r.d.JSON.Parse(s)
	return tree, err == nil
}

func (r *Runner) put(name string, tree any) {
	if s, err := r.d.JSON.Stringify(tree); err == nil {
		r.d.Store.Set(r.prefix+name, s)
	}
}

func (r *Runner) loadHistory() rules.History {
	tree, ok := r.load("history")
	if !ok {
		return rules.History{}
	}
	h, err := rules.HistoryFromTree(tree)
	if err != nil {
		r.d.Log.Debug("lcwasm: rules: stored history partly unreadable: " + err.Error())
	}
	return h
}

func (r *Runner) saveHistory() { r.put("history", r.engine.History().Tree()) }

func (r *Runner) loadJourney() rules.Journey {
	tree, _ := r.load("journey")
	return rules.JourneyFromTree(tree)
}

// SaveJourneyEvery spaces the saves of the journey that route changes
// cause: a single-page app's clicks through pages cost one write a
// second at most. Hiding the tab and leaving the page save at once.
const SaveJourneyEvery = instant.Second

func (r *Runner) saveJourney(now instant.Time) {
	r.journeyDue = 0
	r.put("journey", r.visit.Journey(now).Tree())
}

// journeyChanged saves the journey within SaveJourneyEvery.
func (r *Runner) journeyChanged(now instant.Time) {
	if r.journeyDue.IsZero() {
		r.journeyDue = now.Add(SaveJourneyEvery)
	}
}
