package admin_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/admin"
)

var t0 = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

// TestValidateUsesTheWidgetsDecoders: the problems are the ones the
// widget reports in the browser, word for word.
func TestValidateUsesTheWidgetsDecoders(t *testing.T) {
	for id, cfg := range server.DemoWidgets() {
		assert.Empty(t, admin.Validate(id, cfg), "built-in widget %s", id)
	}
	tests := []struct {
		name, config string
		want         []string // Text of each problem
	}{
		{"not JSON", `{`, []string{"server: configuration is not JSON: unexpected end of JSON input"}},
		{"not an object", `[]`, []string{"server: the configuration must be a JSON object"}},
		{"unknown field", `{"proactivechat":{}}`, []string{`widget: proactivechat: unknown field`}},
		{"prechat type", `{"prechat":{"fields":[{"name":"a","type":"date"}]}}`,
			[]string{`widget: prechat.fields[0].type: want one of text, email, tel, textarea, select, checkbox, got "date"`}},
		{"postChat asks nothing", `{"postChat":{"rating":false,"comment":false}}`,
			[]string{`widget: postChat: asks nothing: want "rating", "comment" or "fields", or "enabled": false`}},
		{"postChat field", `{"postChat":{"fields":[{"name":"s","type":"select"}]}}`,
			[]string{"widget: postChat.fields[0].options: a select needs at least one non-empty option"}},
		{"offline fields", `{"offline":{"enabled":true,"fields":[{"name":"email"},{"name":"email"}]}}`,
			[]string{`widget: offline.fields[1].name: "email" is already the name of an earlier field`}},
		{"unknown condition", `{"proactiveRules":{"rules":[{"id":"x","conditions":[{"scrol":{"percent":40}}]}]}}`, nil},
		{"bad regex", `{"proactiveRules":{"rules":[{"id":"re","conditions":[{"url":{"regex":"("}}]}]}}`, nil},
		{"unknown zone", `{"proactiveRules":{"rules":[{"id":"tz","conditions":[{"timeFrame":{"zone":"Mars/Olympus","hours":["09:00-17:00"]}}]}]}}`, nil},
		{"origin", `{"allowedOrigins":["https://shop.example/"]}`,
			[]string{"server: allowedOrigins[0]: want scheme://host[:port], e.g. https://shop.example (no path, no trailing slash), or *"}},
		{"goal path", `{"goals":[{"name":"purchase","path":"/checkout/done"},{"name":"x","path":"done"}]}`,
			[]string{"funnel: goals[1]: path: want a path beginning with /, at most 200 bytes, without ? or #, a * only at its end"}},
		{"variant weight", `{"proactiveRules":{"rules":[{"id":"v","conditions":[],"invitation":{"variants":[{"id":"a","weight":0,"message":"m"},{"id":"b","weight":1,"message":"m"}]}}]}}`,
			[]string{`rules: rule "v": invitation.variants[0]: want weight a whole number from 1 to 100`}},
		{"app id", `{"appId":"other"}`, []string{`server: appId: want "w", the widget's app id`}},
		{"canned responses", `{"cannedResponses":[{"shortcut":"hi","text":"Hello {visitor.name}"},
			{"shortcut":"Hi There","text":"x"},{"shortcut":"hi","text":"again"},{"shortcut":"e","text":" "},{"shortcut":"x","text":"y","z":1}]}`,
			[]string{"server: cannedResponses[1].shortcut: want lower-case letters a-z, digits, - and _ only",
				`server: cannedResponses[2].shortcut: "hi" is already the shortcut of an earlier response`,
				"server: cannedResponses[3].text: empty",
				`server: cannedResponses[4]: want {"shortcut", "text"} (strings, no other field)`}},
		{"canned responses not a list", `{"cannedResponses":{"hi":"x"}}`,
			[]string{`server: cannedResponses: want an array of {"shortcut", "text"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := admin.Validate("w", json.RawMessage(tt.config))
			if tt.want == nil {
				if assert.Len(t, got, 1) {
					assert.Equal(t, "rules", got[0].Source)
					assert.NotEmpty(t, got[0].Rule)
					assert.NotEmpty(t, got[0].Path)
					t.Log(got[0].Text)
				}
				return
			}
			var texts []string
			for _, p := range got {
				texts = append(texts, p.Text)
			}
			assert.Equal(t, tt.want, texts)
		})
	}
}
