package rules

import (
	"slices"
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// ExitMoment is how long an exit intent lasts for "exitIntent": true once
// the visitor is back (their first input after it, or the tab shown
// again): the condition holds from the exit while they are away, and this
// long after, then no longer. So an exit before a rule's other conditions
// hold (the pointer left through the top at 3 s and came back) does not
// make a rule with timeOnPage 15 fire at 15 s; the first exit after, or
// one whose visitor is still away, does. The moment leaves room for the
// evaluation that follows the signal on a slow device, as Microsoft's
// sample calls startProactiveChat from the mouseleave handler itself.
const ExitMoment = instant.Second

// exitIntent is "exitIntent": true (at an exit, for ExitMoment) or false
// (not at one); with seen, {"exitIntent": {"seen": true}}: exit intent was
// seen on this page, at any time since it loaded (false: not seen).
type exitIntent struct {
	want bool
	seen bool
}

func decodeExitIntent(d *decoder, arg any, path string, _ int) node {
	if b, ok := arg.(bool); ok {
		return exitIntent{want: b}
	}
	m, ok := arg.(map[string]any)
	if !ok {
		d.fail(path, "want true or false")
		return nil
	}
	b, isBool := m["seen"].(bool)
	if !isBool || len(m) != 1 {
		d.fail(path, `want {"seen": true} or {"seen": false}`)
		return nil
	}
	return exitIntent{want: b, seen: true}
}

func (n exitIntent) eval(c *ctx) (bool, instant.Time) {
	if n.seen {
		return c.v.ExitIntent == n.want, 0
	}
	at, next := c.v.exiting(c.now)
	return at == n.want, next
}

// device holds for the listed device classes.
type device []Device

func decodeDevice(d *decoder, arg any, path string, _ int) node {
	list := d.strings(arg, path)
	out := make(device, len(list))
	for i, s := range list {
		out[i] = Device(s)
		if !slices.Contains([]Device{Phone, Tablet, Desktop}, out[i]) {
			d.fail(index(path, i), "want phone, tablet or desktop")
			return nil
		}
	}
	if list == nil {
		return nil
	}
	return out
}

func (n device) eval(c *ctx) (bool, instant.Time) {
	return slices.Contains(n, c.v.Device), 0
}

// language holds when the visitor's preferred language falls under one of
// the listed tags ("fr" covers "fr-CA"; case does not matter).
type language []string

func decodeLanguage(d *decoder, arg any, path string, _ int) node {
	list := d.strings(arg, path)
	for i, s := range list {
		if s == "" || strings.HasSuffix(s, "-") {
			d.fail(index(path, i), "want a language tag such as fr or de-CH")
			return nil
		}
		list[i] = strings.ToLower(s)
	}
	if list == nil {
		return nil
	}
	return language(list)
}

func (n language) eval(c *ctx) (bool, instant.Time) {
	if len(c.v.Languages) == 0 {
		return false, 0
	}
	tag := strings.ToLower(c.v.Languages[0])
	for _, want := range n {
		if tag == want || strings.HasPrefix(tag, want) && tag[len(want)] == '-' {
			return true, 0
		}
	}
	return false, 0
}
