package admin

import "testing"

func TestChangesForTheAudit(t *testing.T) {
	tests := []struct{ name, before, after, want string }{
		{"toggle", `{"appId":"a","proactiveChat":{"enabled":false}}`, `{"appId":"a","proactiveChat":{"enabled":true}}`, "proactiveChat"},
		{"same, reformatted", `{"appId":"a","chat":{"enabled":true}}`, `{"chat": {"enabled": true}, "appId": "a"}`, "no change"},
		{"rules", `{"proactiveRules":{"rules":[{"id":"a","conditions":[]},{"id":"b","conditions":[]},{"id":"c","conditions":[]}]}}`,
			`{"proactiveRules":{"rules":[{"id":"b","conditions":[],"enabled":false},{"id":"c","conditions":[]},{"id":"d","conditions":[]}]},"allowedOrigins":["*"]}`,
			"allowedOrigins, proactiveRules (added d; changed b; removed a)"},
		{"budget only", `{"proactiveRules":{"rules":[]}}`, `{"proactiveRules":{"rules":[],"sessionBudget":2}}`, "proactiveRules"},
		{"created", ``, `{"appId":"a"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := changes(tt.before, tt.after); got != tt.want {
				t.Errorf("changes = %q, want %q", got, tt.want)
			}
		})
	}
}
