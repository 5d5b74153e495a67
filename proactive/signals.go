package proactive

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// EvaluateEvery throttles the evaluations input causes; every input's time
// is still recorded, and the engine's next moment covers the rest.
const EvaluateEvery = 500 * instant.Millisecond

// The page signals, folded into the Visit. Each one that can change a
// decision evaluates again, after the current task.

// Activity is pointer, key, wheel, touch or scroll input.
func (r *Runner) Activity(now instant.Time) {
	r.visit.Touch(now)
	if now.Sub(r.touched) >= EvaluateEvery {
		r.touched = now
		r.soon(now)
	}
}

// Typing is a keystroke in a form field: invitations wait.
func (r *Runner) Typing(now instant.Time) { r.visit.LastTyping = now }

// Scrolled is the percentage of the page seen so far.
func (r *Runner) Scrolled(depth int, now instant.Time) {
	if depth > r.visit.Scroll {
		r.visit.Scroll = depth
		r.soon(now)
	}
}

// ExitIntent is the visitor seeming about to leave (the pointer left
// through the top of the window, or a flick back up).
func (r *Runner) ExitIntent(now instant.Time) {
	r.visit.Exit(now)
	r.soon(now)
}

// ScrollY is a scroll event on a touch screen: the page's scrollY and the
// event's timeStamp (since navigation). A fast flick back up is exit
// intent; see Flick.
func (r *Runner) ScrollY(y float64, stamp instant.Duration, now instant.Time) {
	if r.flick.Scroll(y, stamp) {
		r.ExitIntent(now)
	}
}

// Visibility is the tab becoming visible or hidden. On a phone or tablet
// going hidden is the way of leaving: exit intent.
func (r *Runner) Visibility(visible bool, now instant.Time) {
	r.visit.SetHidden(!visible, now)
	if !visible {
		if r.visit.Device != rules.Desktop {
			r.visit.Exit(now)
		}
		r.settle(now)
		r.saveJourney(now)
	}
	r.soon(now)
}

// Element is an element matching selector becoming visible or not.
func (r *Runner) Element(selector string, visible bool, now instant.Time) {
	if r.visit.Elements == nil {
		r.visit.Elements = map[string]instant.Time{}
	}
	if visible {
		r.visit.Elements[selector] = now
	} else {
		delete(r.visit.Elements, selector)
	}
	r.soon(now)
}

// Route is the address changing without a page load (history.pushState,
// replaceState, popstate, hashchange). It costs nothing now: the next
// evaluation, after the current task, reads the address once, so a burst
// of route changes is one page view.
func (r *Runner) Route(now instant.Time) {
	if r.routedAt.IsZero() {
		r.routedAt = now
	}
	r.soon(now)
}

// settle folds a pending route change into the visit: a new page view
// when the address really changed.
func (r *Runner) settle(now instant.Time) {
	at := r.routedAt
	if at.IsZero() {
		return
	}
	r.routedAt = 0
	href := r.d.Page.Href()
	if href == r.href {
		return
	}
	previous := r.href
	r.href = href
	r.visit.StartPage(r.d.Page.Current(previous), at)
	r.d.Log.Debug("lcwasm: rules: new page view " + href)
	if r.d.Funnel != nil {
		r.d.Funnel.PageView(r.visit.Path, at)
	}
	if r.d.Rescan != nil {
		r.d.Rescan()
	}
	r.readProvided()
	r.mergeAttributes()
	r.journeyChanged(at)
}

// PageHide is the page going away: the journey is saved, and an
// invitation left open here must not hold the visitor's next page.
func (r *Runner) PageHide(now instant.Time) {
	r.settle(now)
	r.saveJourney(now)
	r.unlock()
}

// StorageChanged follows what other tabs of the visitor did (a storage
// event for key): their invitations count for the limits here, and a
// released lock may let a rule fire.
func (r *Runner) StorageChanged(key string, now instant.Time) {
	switch key {
	case r.prefix + "history":
		r.engine = rules.NewEngine(r.set, r.loadHistory())
		r.soon(now)
	case r.prefix + "lock":
		r.soon(now)
	}
}
