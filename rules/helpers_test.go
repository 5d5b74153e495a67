package rules

import (
	"encoding/json"
	"regexp"
	"testing"
	_ "time/tzdata" // tests only: the wasm never links it

	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// t0 is a Monday, 10:00 UTC (11:00 in Paris).
var t0 = instant.Date(2026, 3, 2, 10, 0, 0, 0)

func goRegexp(pattern string) (Regexp, error) { return regexp.Compile(pattern) }

var testDecoder = Decoder{Compile: goRegexp, Zones: &systemzones.Zones{}}

// parse parses JSON into a generic tree, as the browser's JSON.parse would.
func parse(t testing.TB, src string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", src, err)
	}
	return v
}

// mustDecode decodes a configuration that must be valid.
func mustDecode(t testing.TB, src string) *Set {
	t.Helper()
	s, errs := testDecoder.Decode(parse(t, src))
	for _, err := range errs {
		t.Errorf("Decode: %v", err)
	}
	if len(errs) > 0 {
		t.FailNow()
	}
	return s
}

// baseVisit is a returning desktop visitor from Google, on their third page.
func baseVisit() *Visit {
	return &Visit{
		Page: Page{
			URL:      "https://shop.example/products/shoes?ref=mail&utm_source=news#reviews",
			Path:     "/products/shoes",
			Query:    map[string]string{"ref": "mail", "utm_source": "news"},
			Hash:     "#reviews",
			Title:    "Shoes | Shop",
			Referrer: "https://shop.example/faq/returns",
		},
		PageStart:    t0,
		LastActivity: t0,
		SessionStart: t0.Add(-10 * instant.Minute),
		Entry:        "https://www.google.com/",
		UTM:          map[string]string{"source": "news", "campaign": "spring"},
		PageCount:    3,
		Pages: []PageView{
			{Path: "/", Start: t0.Add(-10 * instant.Minute)},
			{Path: "/faq/returns", Start: t0.Add(-4 * instant.Minute)},
			{Path: "/products/shoes", Start: t0},
		},
		VisitCount: 3,
		LastVisit:  t0.Add(-50 * instant.Hour),
		Device:     Desktop,
		Languages:  []string{"fr-CA", "en"},
		TimeZone:   "Europe/Paris",
		Attributes: map[string]any{"plan": "gold", "cases": 2.0, "vip": true, "tags": []any{"b2b", "eu"}},
	}
}

// condCase is one row of a condition table: the condition holds or not at
// t0+at, and next is when it could change, as an offset from t0 (0: never).
type condCase struct {
	name  string
	cond  string
	visit func(v *Visit)
	at    instant.Duration
	want  bool
	next  instant.Duration
}

func runConds(t *testing.T, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := baseVisit()
			if tc.visit != nil {
				tc.visit(v)
			}
			got, next := evalCond(t, tc.cond, v, t0.Add(tc.at))
			if got != tc.want {
				t.Errorf("%s holds = %v, want %v", tc.cond, got, tc.want)
			}
			if want := at(tc.next); !next.Equal(want) {
				t.Errorf("%s next = %v, want %v", tc.cond, next, want)
			}
		})
	}
}

// at turns an offset from t0 into an instant; 0 is the zero time (never).
func at(d instant.Duration) instant.Time {
	if d == 0 {
		return instant.Time(0)
	}
	return t0.Add(d)
}

// evalCond decodes one condition and evaluates it.
func evalCond(t *testing.T, cond string, v *Visit, now instant.Time) (bool, instant.Time) {
	t.Helper()
	d := &decoder{Decoder: testDecoder, kinds: kindList}
	n := d.condition(parse(t, cond), "c")
	for _, err := range d.errs {
		t.Fatalf("decode %s: %v", cond, err)
	}
	var c ctx
	c.reset(v, now, testDecoder.Zones)
	return n.eval(&c)
}
