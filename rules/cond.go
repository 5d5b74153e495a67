package rules

import (
	"slices"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// node is a decoded condition: it tells whether it holds at c.now and the
// next moment it could change (zero: not by time alone).
type node interface {
	eval(c *ctx) (bool, instant.Time)
}

// ctx is one evaluation: the visit, the instant and lazily computed facts.
type ctx struct {
	v      *Visit
	now    instant.Time
	zones  Zones
	checks *[]Check // non-nil while explaining: leaves report here

	refHost string // host of v.Referrer, once computed
	hostSet bool
	walls   []zoneWall // wall clocks read so far, per zone
}

func (c *ctx) reset(v *Visit, now instant.Time, z Zones) {
	*c = ctx{v: v, now: now, zones: z, walls: c.walls[:0]}
}

// kind is a condition kind: its name, its decoder and the decoder's
// variant (which field or count it reads; 0 when it has one form).
type kind struct {
	name    string
	decode  func(d *decoder, arg any, path string, variant int) node
	variant int
}

// kindList lists every condition kind. It is static data: no map, no init
// code in the wasm. Decode hands it to the decoder, which breaks the
// initialization cycle through all, any and not.
var kindList = []kind{
	{"all", decodeAll, 0}, {"any", decodeAny, 0}, {"not", decodeNot, 0},
	{"timeOnPage", decodeTimeOn, 0}, {"timeOnSite", decodeTimeOn, 1},
	{"inactive", decodeInactive, 0}, {"elementVisible", decodeElementVisible, 0},
	{"path", decodeField, pagePath}, {"url", decodeField, pageURL}, {"hash", decodeField, pageHash},
	{"title", decodeField, pageTitle}, {"referrer", decodeField, referrerURL},
	{"referrerHost", decodeField, referrerHost},
	{"query", decodeParam, 0}, {"utm", decodeParam, 1}, {"source", decodeSource, 0},
	{"visitCount", decodeCount, countVisits}, {"pagesViewed", decodeCount, countPages},
	{"scrollDepth", decodeCount, countScroll}, {"daysSinceLastVisit", decodeDaysSince, 0},
	{"visitor", decodeVisitor, 0}, {"journey", decodeJourney, 0},
	{"exitIntent", decodeExitIntent, 0}, {"device", decodeDevice, 0},
	{"language", decodeLanguage, 0}, {"attribute", decodeAttribute, 0},
	{"timeFrame", decodeTimeFrame, 0}, {"agentsAvailable", decodeAgents, 0},
}

// Kinds returns the names of every condition kind the decoder accepts, in
// documentation order: the site console checks that it has a form for each.
func Kinds() []string {
	names := make([]string, len(kindList))
	for i, k := range kindList {
		names[i] = k.name
	}
	return names
}

// condition decodes one condition: an object with a single kind.
func (d *decoder) condition(v any, path string) node {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		d.fail(path, "want an object with exactly one condition")
		return nil
	}
	for name, arg := range m {
		i := slices.IndexFunc(d.kinds, func(k kind) bool { return k.name == name })
		if i < 0 {
			d.fail(path, "unknown condition "+strconvlite.Quote(name))
			return nil
		}
		k := d.kinds[i]
		n := k.decode(d, arg, field(path, name), k.variant)
		switch n.(type) {
		case nil, all, anyOf, not:
			return n
		}
		return &leaf{path: field(path, name), test: n}
	}
	return nil
}

// conditions decodes a list of conditions.
func (d *decoder) conditions(v any, path string, empty bool) []node {
	list, ok := v.([]any)
	if !ok || (!empty && len(list) == 0) {
		d.fail(path, "want a list of conditions")
		return nil
	}
	out := make([]node, len(list))
	for i, e := range list {
		out[i] = d.condition(e, index(path, i))
	}
	return out
}

// leaf is a condition that reports itself while explaining.
type leaf struct {
	path string
	test node
}

func (l *leaf) eval(c *ctx) (bool, instant.Time) {
	ok, next := l.test.eval(c)
	if c.checks != nil {
		*c.checks = append(*c.checks, Check{Path: l.path, Holds: ok, Next: next})
	}
	return ok, next
}

// parts are the parts of all or anyOf: in configuration order for Explain,
// and cheap time-independent parts first for speed, so that a part that
// never changes ends the evaluation before a time zone is consulted.
type parts struct{ conf, quick []node }

func newParts(conf []node) parts {
	quick := make([]node, 0, len(conf))
	for _, first := range []bool{true, false} {
		for _, n := range conf {
			if slow(n) != first {
				quick = append(quick, n)
			}
		}
	}
	return parts{conf, quick}
}

func (p parts) order(c *ctx) []node {
	if c.checks != nil {
		return p.conf
	}
	return p.quick
}

// slow reports a part that depends on time or costs more than a lookup.
func slow(n node) bool {
	switch n := n.(type) {
	case *leaf:
		return slow(n.test)
	case textIs:
		return n.t.op == opRegex
	case exitIntent:
		return !n.seen
	case count, visitor, source, device, language, attribute, param, agentsAvailable:
		return false
	}
	return true
}

// all holds when every part holds.
type all struct{ parts }

func decodeAll(d *decoder, arg any, path string, _ int) node {
	return all{newParts(d.conditions(arg, path, false))}
}

func (a all) eval(c *ctx) (bool, instant.Time) {
	var acc conj
	for _, n := range a.order(c) {
		acc.add(n.eval(c))
		if acc.stuck() && c.checks == nil {
			break
		}
	}
	return acc.result()
}

// anyOf holds when a part holds: the dual of all.
type anyOf struct{ parts }

func decodeAny(d *decoder, arg any, path string, _ int) node {
	return anyOf{newParts(d.conditions(arg, path, false))}
}

func (a anyOf) eval(c *ctx) (bool, instant.Time) {
	var acc conj
	for _, n := range a.order(c) {
		ok, next := n.eval(c)
		acc.add(!ok, next)
		if acc.stuck() && c.checks == nil {
			break
		}
	}
	ok, next := acc.result()
	return !ok, next
}

// not holds when its part does not.
type not struct{ n node }

func decodeNot(d *decoder, arg any, path string, _ int) node {
	if n := d.condition(arg, path); n != nil {
		return not{n}
	}
	return nil
}

func (n not) eval(c *ctx) (bool, instant.Time) {
	ok, next := n.n.eval(c)
	return !ok, next
}
