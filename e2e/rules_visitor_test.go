package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesDevice: the device class comes from the pointer and the screen:
// an emulated phone, an emulated tablet and the plain desktop each fire
// their own rule.
func TestRulesDevice(t *testing.T) {
	t.Parallel()
	rules := `{"rules": [
		{"id": "phone", "conditions": [{"device": "phone"}], "invitation": {"message": "phone"}},
		{"id": "tablet", "conditions": [{"device": ["tablet"]}], "invitation": {"message": "tablet"}},
		{"id": "desktop", "conditions": [{"device": "desktop"}], "invitation": {"message": "desktop"}},
		` + probe("handheld", `{"device": ["phone", "tablet"]}`) + `]}`
	for _, device := range []string{"phone", "tablet", "desktop"} {
		t.Run(device, func(t *testing.T) {
			t.Parallel()
			tb := newRulesTab(t, withRules(t, rules, ""))
			if device != "desktop" {
				tb.emulate(machine{device: device})
			}
			tb.open("page.html")
			require.Equal(t, device != "desktop", evalJS[bool](tb, `matchMedia("(pointer: coarse)").matches`), "emulated pointer")
			tb.waitRule(device)
			tb.settle()
			assert.Equal(t, []string{device}, tb.shownRules())
			assert.Equal(t, device != "desktop", tb.probeHolds("handheld"))
		})
	}
}

// TestRulesLanguage: the visitor's preferred language (navigator.languages,
// emulated as fr-CA, fr, en) matches a language or its parent, without case.
func TestRulesLanguage(t *testing.T) {
	t.Parallel()
	w := withRules(t, probes([]string{
		`{"id": "french", "conditions": [{"language": "fr"}], "invitation": {"message": "Bonjour !"}}`,
	}, map[string]string{
		"fr-ca-upper": `{"language": ["FR-ca"]}`,
		"fr-fr":       `{"language": "fr-FR"}`,
		"english":     `{"language": ["en", "de"]}`,
	}), "")
	tb := newRulesTab(t, w)
	tb.emulate(machine{languages: "fr-CA,fr,en"})
	tb.open("page.html")
	require.Equal(t, []string{"fr-CA", "fr", "en"}, evalJS[[]string](tb, `navigator.languages`))
	tb.waitRule("french")
	assert.Equal(t, "Bonjour !", tb.body())
	tb.assertProbes(map[string]bool{"fr-ca-upper": true, "fr-fr": false, "english": false})
}

// attributeProbes test each comparison of "attribute" against the values
// TestRulesAudienceAttributes sets.
var attributeProbes = map[string]string{
	"plan-equals":        `{"attribute": {"name": "plan", "equals": "pro"}}`,
	"plan-not-free":      `{"attribute": {"name": "plan", "notEqual": "free"}}`,
	"plan-in":            `{"attribute": {"name": "plan", "in": ["team", "pro"]}}`,
	"plan-contains":      `{"attribute": {"name": "plan", "contains": "r"}}`,
	"plan-exists":        `{"attribute": {"name": "plan", "exists": true}}`,
	"tags-contains":      `{"attribute": {"name": "tags", "contains": "vip"}}`,
	"seats-gt":           `{"attribute": {"name": "seats", "gt": 10}}`,
	"seats-lt":           `{"attribute": {"name": "seats", "lt": 10}}`,
	"since-gt":           `{"attribute": {"name": "since", "gt": "2024-01-01"}}`,
	"beta":               `{"attribute": {"name": "beta", "equals": true}}`,
	"missing-exists":     `{"attribute": {"name": "missing", "exists": true}}`,
	"missing-not-exists": `{"attribute": {"name": "missing", "exists": false}}`,
	"missing-not-equal":  `{"attribute": {"name": "missing", "notEqual": "x"}}`,
}

// TestRulesAudienceAttributes: SDK.setAudienceAttributes sets attributes the
// rules compare (equal, not equal, in, contains, greater/less than, exists);
// the invitation's {{name}} takes an attribute's value; null removes one and
// an unsupported value is refused with a console.error naming its key.
func TestRulesAudienceAttributes(t *testing.T) {
	t.Parallel()
	w := withRules(t, probes([]string{`{"id": "pro", "conditions": [{"attribute": {"name": "plan", "equals": "pro"}}],
		"invitation": {"message": "Welcome back, {{plan}} customer"}}`}, attributeProbes), "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	tb.assertProbes(map[string]bool{"plan-equals": false, "plan-exists": false, "missing-not-equal": true})
	tb.quietFor(300, "no attributes yet")

	tb.eval(sdk + `.setAudienceAttributes({plan: "pro", tags: ["eu", "vip"], seats: 12, since: "2024-05-01", beta: true})`)
	tb.waitRule("pro")
	assert.Equal(t, "Welcome back, pro customer", tb.body())
	tb.assertProbes(map[string]bool{
		"plan-equals": true, "plan-not-free": true, "plan-in": true, "plan-contains": true, "plan-exists": true,
		"tags-contains": true, "seats-gt": true, "seats-lt": false, "since-gt": true, "beta": true,
		"missing-exists": false, "missing-not-exists": true, "missing-not-equal": true,
	})

	// Merging: seats changes, the rest stays; null removes plan.
	tb.eval(sdk + `.setAudienceAttributes({seats: 3, plan: null})`)
	tb.assertProbes(map[string]bool{"seats-gt": false, "seats-lt": true, "plan-exists": false,
		"plan-not-free": true, "beta": true, "tags-contains": true})

	mark := tb.consoleMark()
	tb.eval(sdk + `.setAudienceAttributes({profile: {nested: true}})`)
	msg := tb.waitConsole("error", mark, "profile")
	assert.True(t, strings.HasPrefix(msg.Text, "lcwasm"), "the error comes from the widget: %q", msg.Text)
	tb.assertProbes(map[string]bool{"seats-lt": true, "beta": true, "plan-exists": false})
}

// TestRulesContextProvider: the values the page's context provider returns
// ({key: primitive} or {key: {value, isDisplayable}}) are audience
// attributes, read when the provider is set and at each page view; the
// page's own attributes win.
func TestRulesContextProvider(t *testing.T) {
	t.Parallel()
	w := withRules(t, probes([]string{`{"id": "eu", "conditions": [{"attribute": {"name": "region", "equals": "EU"}}]}`},
		map[string]string{
			"gold":     `{"attribute": {"name": "tier", "equals": "gold"}}`,
			"platinum": `{"attribute": {"name": "tier", "equals": "platinum"}}`,
			"silver":   `{"attribute": {"name": "tier", "equals": "silver"}}`,
			"visits":   `{"attribute": {"name": "orders", "gt": 2}}`,
		}), "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	tb.quietFor(300, "no provider yet")

	tb.eval(`window.__tier = "gold";` + sdk + `.setContextProvider(() => ({
		region: {value: "EU", isDisplayable: true}, tier: window.__tier, orders: 3}))`)
	tb.waitRule("eu")
	tb.assertProbes(map[string]bool{"gold": true, "platinum": false, "visits": true})

	// The provider is read again at the next page view (an SPA route change).
	tb.eval(`window.__tier = "platinum"; history.pushState({}, "", "/e2e/rules/account")`)
	tb.waitProbe("platinum", true)
	assert.False(t, tb.probeHolds("gold"))

	tb.eval(fmt.Sprintf(`%s.setAudienceAttributes({tier: "silver"})`, sdk))
	tb.assertProbes(map[string]bool{"silver": true, "platinum": false, "gold": false, "visits": true})
	tb.eval(`history.pushState({}, "", "/e2e/rules/account/2")`)
	tb.settle()
	tb.assertProbes(map[string]bool{"silver": true, "platinum": false})
}
