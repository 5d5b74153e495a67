package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

func TestTimeOnPage(t *testing.T) {
	s := instant.Second
	engagedNow := func(v *Visit) { v.Engaged = Engaged{Page: 5 * s, Site: 50 * s, Since: t0} }
	runConds(t, []condCase{
		{name: "before", cond: `{"timeOnPage": {"seconds": 20}}`, at: 5 * s, want: false, next: 20 * s},
		{name: "at", cond: `{"timeOnPage": {"seconds": 20}}`, at: 20 * s, want: true},
		{name: "zero seconds", cond: `{"timeOnPage": {"seconds": 0}}`, want: true},
		{name: "fraction", cond: `{"timeOnPage": {"seconds": 1.5}}`, want: false, next: 1500 * instant.Millisecond},
		{name: "engaged grows", cond: `{"timeOnPage": {"seconds": 20, "engaged": true}}`,
			visit: engagedNow, at: 10 * s, want: false, next: 15 * s},
		{name: "engaged reached", cond: `{"timeOnPage": {"seconds": 20, "engaged": true}}`,
			visit: engagedNow, at: 15 * s, want: true},
		{name: "engaged stalls when idle", cond: `{"timeOnPage": {"seconds": 60, "engaged": true}}`,
			visit: engagedNow, at: 10 * s, want: false},
		{name: "engaged idle visitor counts up to ActiveFor", cond: `{"timeOnPage": {"seconds": 35, "engaged": true}}`,
			visit: engagedNow, at: 40 * s, want: true},
		{name: "engaged hidden tab", cond: `{"timeOnPage": {"seconds": 20, "engaged": true}}`,
			visit: func(v *Visit) { v.Engaged = Engaged{Page: 5 * s} }, at: 10 * s, want: false},
	})
}

func TestTimeOnSite(t *testing.T) {
	s := instant.Second
	runConds(t, []condCase{
		{name: "session old enough", cond: `{"timeOnSite": {"seconds": 300}}`, want: true},
		{name: "session too young", cond: `{"timeOnSite": {"seconds": 900}}`, want: false, next: 5 * instant.Minute},
		{name: "engaged site", cond: `{"timeOnSite": {"seconds": 60, "engaged": true}}`,
			visit: func(v *Visit) { v.Engaged = Engaged{Site: 50 * s, Since: t0} }, want: false, next: 10 * s},
	})
}

func TestInactive(t *testing.T) {
	s := instant.Second
	runConds(t, []condCase{
		{name: "active", cond: `{"inactive": {"seconds": 30}}`, at: 10 * s, want: false, next: 30 * s},
		{name: "idle", cond: `{"inactive": {"seconds": 30}}`, at: 30 * s, want: true},
		{name: "measured from last input", cond: `{"inactive": {"seconds": 30}}`, at: 40 * s,
			visit: func(v *Visit) { v.LastActivity = t0.Add(20 * s) }, want: false, next: 50 * s},
		{name: "no input yet: page start", cond: `{"inactive": {"seconds": 30}}`, at: 5 * s,
			visit: func(v *Visit) { v.LastActivity = instant.Time(0) }, want: false, next: 30 * s},
	})
}

func TestElementVisible(t *testing.T) {
	s := instant.Second
	seen := func(v *Visit) { v.Elements = map[string]instant.Time{"#pricing": t0.Add(2 * s)} }
	runConds(t, []condCase{
		{name: "not visible", cond: `{"elementVisible": {"selector": "#pricing", "seconds": 5}}`, want: false},
		{name: "visible briefly", cond: `{"elementVisible": {"selector": "#pricing", "seconds": 5}}`,
			visit: seen, at: 3 * s, want: false, next: 7 * s},
		{name: "visible long enough", cond: `{"elementVisible": {"selector": "#pricing", "seconds": 5}}`,
			visit: seen, at: 7 * s, want: true},
		{name: "seconds default to 0", cond: `{"elementVisible": {"selector": "#pricing"}}`,
			visit: seen, at: 3 * s, want: true},
		{name: "other selector", cond: `{"elementVisible": {"selector": ".faq"}}`, visit: seen, want: false},
	})
}
