package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

const gold = `{"rules": [{"id": "gold", "conditions": [{"attribute": {"name": "plan", "equals": "gold"}}]}]}`

// TestAudience: the page's attributes and the context provider's values
// both count, the page's winning; a bad value changes nothing.
func TestAudience(t *testing.T) {
	tests := []struct {
		name    string
		context func() (any, error)
		set     string // setAudienceAttributes' argument as JSON, "" for no call
		wantErr bool
		want    bool
	}{
		{"page attribute", nil, `{"plan": "gold"}`, false, true},
		{"provider value", func() (any, error) { return map[string]any{"plan": map[string]any{"value": "gold"}}, nil }, "", false, true},
		{"page wins over provider", func() (any, error) { return map[string]any{"plan": "gold"}, nil }, `{"plan": "free"}`, false, false},
		{"provider that throws", func() (any, error) { return nil, errThrew }, "", false, false},
		{"bad value", nil, `"gold"`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrigin()
			tb := o.open(t, gold, "https://shop.example/", t0)
			tb.run(t0)
			now := t0.Add(instant.Second)
			tb.context = tt.context
			tb.r.ContextChanged(now)
			if tt.set != "" {
				err := tb.r.SetAudience(mustParse(t, tt.set), now)
				if (err != nil) != tt.wantErr {
					t.Errorf("SetAudience error %v, want error %v", err, tt.wantErr)
				}
			}
			tb.run(now)
			if tb.showing() != tt.want {
				t.Errorf("showing %v, want %v; log %q", tb.showing(), tt.want, tb.log.lines)
			}
		})
	}
}

// TestProviderReadOnRouteChange: a page view reads the context provider
// again (an SPA changes its values with the route).
func TestProviderReadOnRouteChange(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, gold, "https://shop.example/", t0)
	tb.run(t0)
	plan := "free"
	tb.context = func() (any, error) { return map[string]any{"plan": plan}, nil }
	tb.r.ContextChanged(t0)
	tb.run(t0)
	plan = "gold"
	route(tb, "/account", t0.Add(instant.Second))
	tb.run(t0.Add(instant.Second))
	if !tb.showing() {
		t.Error("the provider's new value was not read on the route change")
	}
}
