package proactive_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestExplainGolden: explainProactiveRules' tree, as the page receives it
// after JSON, compared with testdata/<name>.json.
func TestExplainGolden(t *testing.T) {
	tests := []struct {
		name string
		src  string
		act  func(tb *tab)
	}{
		{"waiting", `{"sessionBudget": 3, "cooldown": 60, "rules": [
			{"id": "pricing", "priority": 2, "conditions": [{"path": {"prefix": "/pricing"}}, {"timeOnPage": {"seconds": 20}}],
			 "invitation": {"message": "Questions about plans?", "showPrechat": false}},
			{"id": "anywhere", "conditions": [{"any": [{"exitIntent": true}, {"scrollDepth": {"min": 80}}]}], "limits": {"perDay": 2}},
			{"id": "broken", "conditions": [{"scrollDepht": {"min": 50}}]}]}`, nil},
		{"after a decline", `{"cooldown": 60, "rules": [
			{"id": "now", "conditions": [], "limits": {"once": "session", "cooldown": 300}}]}`, func(tb *tab) {
			tb.run(t0)
			tb.now = t0.Add(5 * instant.Second)
			tb.w.Decline("close")
		}},
		{"no rules", `{"rules": []}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrigin()
			tb := o.open(t, tt.src, "https://shop.example/pricing/team", t0)
			if tt.act != nil {
				tt.act(tb)
			}
			got, err := json.MarshalIndent(tb.r.Explain(t0.Add(10*instant.Second)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "explain-"+slug(tt.name)+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./proactive -run TestExplainGolden -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("explain tree differs from %s:\n%s", path, got)
			}
		})
	}
}

func slug(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == ' ' {
			b[i] = '-'
		}
	}
	return string(b)
}
