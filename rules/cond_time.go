package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// timeOn holds once the visitor has spent d on the page or the site;
// engaged counts only time visible and active.
type timeOn struct {
	d       instant.Duration
	site    bool
	engaged bool
}

func decodeTimeOn(d *decoder, arg any, path string, site int) node {
	m := d.object(arg, path, "seconds", "engaged")
	if m == nil || !d.need(m, "seconds", path) {
		return nil
	}
	s, ok := d.seconds(m, "seconds", path)
	if !ok {
		return nil
	}
	return timeOn{d: s, site: site == 1, engaged: d.boolean(m, "engaged", path, false)}
}

func (t timeOn) eval(c *ctx) (bool, instant.Time) {
	if !t.engaged {
		start := c.v.PageStart
		if t.site {
			start = c.v.SessionStart
		}
		return until(c.now, start.Add(t.d))
	}
	page, site, grows := c.v.engaged(c.now)
	spent := page
	if t.site {
		spent = site
	}
	if spent >= t.d {
		return true, 0
	}
	at := c.now.Add(t.d - spent)
	if grows.IsZero() || at.After(grows) {
		return false, 0
	}
	return false, at
}

// inactive holds once the visitor has made no input for d.
type inactive struct{ d instant.Duration }

func decodeInactive(d *decoder, arg any, path string, _ int) node {
	m := d.object(arg, path, "seconds")
	if m == nil || !d.need(m, "seconds", path) {
		return nil
	}
	s, ok := d.seconds(m, "seconds", path)
	if !ok {
		return nil
	}
	return inactive{s}
}

func (n inactive) eval(c *ctx) (bool, instant.Time) {
	return until(c.now, c.v.lastActivity().Add(n.d))
}

// elementVisible holds once an element matching selector has been visible
// for d.
type elementVisible struct {
	selector string
	d        instant.Duration
}

func decodeElementVisible(d *decoder, arg any, path string, _ int) node {
	m := d.object(arg, path, "selector", "seconds")
	if m == nil {
		return nil
	}
	sel, ok := d.name(m, "selector", path)
	s, _ := d.seconds(m, "seconds", path)
	if !ok {
		return nil
	}
	d.selectors = append(d.selectors, sel)
	return elementVisible{selector: sel, d: s}
}

func (n elementVisible) eval(c *ctx) (bool, instant.Time) {
	since := c.v.Elements[n.selector]
	if since.IsZero() {
		return false, 0
	}
	return until(c.now, since.Add(n.d))
}
