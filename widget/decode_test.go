package widget_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// tree parses JSON into the plain tree the browser bridge hands over
// (numbers are float64, objects map[string]any).
func tree(t *testing.T, src string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(src), &v), src)
	return v
}

// messages are the errors' texts.
func messages(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

func TestDecodeConfig(t *testing.T) {
	cfg := widget.Config{Texts: widget.DefaultTexts()}
	errs := widget.DecodeConfig(&cfg, tree(t, `{
		"appId": "shop",
		"proactiveChat": {"enabled": true},
		"chat": {"enabled": true},
		"auth": {"function": "getAuthToken", "timeoutSeconds": 2.5},
		"prechat": {"fields": [
			{"name": "name", "label": "Your name", "type": "text", "required": true},
			{"name": "topic", "type": "select", "options": ["Billing", "", "Orders"]},
			{"name": "note"}]},
		"operatingHours": {"timeZone": "Europe/Paris", "message": "Closed.",
			"windows": [{"days": ["Mon", "fri"], "open": "09:00", "close": "17:30"}]},
		"proactiveRules": {"rules": [{"anything": "package rules decodes these"}]}}`))

	assert.Empty(t, errs)
	want := widget.Config{
		AppID:            "shop",
		ProactiveEnabled: true,
		Chat:             true,
		AuthFunction:     "getAuthToken",
		AuthTimeout:      2500 * instant.Millisecond,
		Prechat: []widget.Field{
			{Name: "name", Label: "Your name", Type: "text", Required: true},
			{Name: "topic", Label: "topic", Type: "select", Options: []string{"Billing", "Orders"}},
			{Name: "note", Label: "note", Type: "text"},
		},
		Hours: &widget.OperatingHours{Zone: "Europe/Paris", Message: "Closed.", Windows: []widget.HoursWindow{
			{Days: [7]bool{instant.Monday: true, instant.Friday: true}, Open: 9 * 60, Close: 17*60 + 30},
		}},
		Texts: widget.DefaultTexts(),
	}
	assert.Equal(t, want, cfg)
}

func TestDecodeConfigProblems(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		errs  []string
		check func(t *testing.T, cfg widget.Config)
	}{
		{name: "null", src: `null`},
		{name: "not an object", src: `"on"`, errs: []string{"widget: config: want an object, got string"}},
		{name: "unknown field, the rest applies", src: `{"appId": "a", "colour": "red", "proactiveChat": {"enabled": true}}`,
			errs:  []string{"widget: colour: unknown field"},
			check: func(t *testing.T, c widget.Config) { assert.True(t, c.ProactiveEnabled); assert.Equal(t, "a", c.AppID) }},
		{name: "enabled not a boolean", src: `{"proactiveChat": {"enabled": "yes", "delay": 5}}`,
			errs:  []string{"widget: proactiveChat.delay: unknown field", "widget: proactiveChat.enabled: want a boolean, got string"},
			check: func(t *testing.T, c widget.Config) { assert.False(t, c.ProactiveEnabled) }},
		{name: "inviteWhenNoAgent", src: `{"proactiveChat": {"enabled": true, "inviteWhenNoAgent": true}}`,
			check: func(t *testing.T, c widget.Config) { assert.True(t, c.InviteWhenNoAgent) }},
		{name: "inviteWhenNoAgent not a boolean", src: `{"proactiveChat": {"enabled": true, "inviteWhenNoAgent": 1}}`,
			errs: []string{"widget: proactiveChat.inviteWhenNoAgent: want a boolean, got number"},
			check: func(t *testing.T, c widget.Config) {
				assert.False(t, c.InviteWhenNoAgent)
				assert.True(t, c.ProactiveEnabled)
			}},
		{name: "proactiveChat not an object", src: `{"proactiveChat": true}`,
			errs: []string{"widget: proactiveChat: want an object, got boolean"}},
		{name: "appId not a string", src: `{"appId": 7}`, errs: []string{"widget: appId: want a string, got number"}},
		{name: "auth timeout out of range", src: `{"auth": {"function": "f", "timeoutSeconds": 0}}`,
			errs: []string{"widget: auth.timeoutSeconds: want a number from 1 to 120, got number"},
			check: func(t *testing.T, c widget.Config) {
				assert.Zero(t, c.AuthTimeout)
				assert.Equal(t, "f", c.AuthFunction)
			}},
		{name: "auth timeout not a number", src: `{"auth": {"timeoutSeconds": "5"}}`,
			errs:  []string{"widget: auth.timeoutSeconds: want a number from 1 to 120, got string"},
			check: func(t *testing.T, c widget.Config) { assert.Zero(t, c.AuthTimeout) }},
		{name: "bad field type, the others stay", src: `{"prechat": {"fields": [{"name": "a"}, {"name": "b", "type": "date"}, {"name": "c"}]}}`,
			errs:  []string{`widget: prechat.fields[1].type: want one of text, email, tel, textarea, select, checkbox, got "date"`},
			check: func(t *testing.T, c widget.Config) { assert.Equal(t, []string{"a", "c"}, names(c.Prechat)) }},
		{name: "field not an object", src: `{"prechat": {"fields": ["name", null, {"name": "ok"}]}}`,
			errs:  []string{"widget: prechat.fields[0]: want an object, got string", "widget: prechat.fields[1]: want an object, got null"},
			check: func(t *testing.T, c widget.Config) { assert.Equal(t, []string{"ok"}, names(c.Prechat)) }},
		{name: "field without a name", src: `{"prechat": {"fields": [{"label": "Name"}, {"name": ""}]}}`,
			errs:  []string{"widget: prechat.fields[0].name: want a non-empty string, got undefined", "widget: prechat.fields[1].name: want a non-empty string, got string"},
			check: func(t *testing.T, c widget.Config) { assert.Nil(t, c.Prechat, "no usable field: no survey") }},
		{name: "unknown field key is reported, the field kept", src: `{"prechat": {"fields": [{"name": "a", "placeholder": "x"}]}}`,
			errs:  []string{"widget: prechat.fields[0].placeholder: unknown field"},
			check: func(t *testing.T, c widget.Config) { assert.Equal(t, []string{"a"}, names(c.Prechat)) }},
		{name: "duplicate name", src: `{"prechat": {"fields": [{"name": "email"}, {"name": "email", "type": "email"}]}}`,
			errs: []string{`widget: prechat.fields[1].name: "email" is already the name of an earlier field`},
			check: func(t *testing.T, c widget.Config) {
				require.Len(t, c.Prechat, 1)
				assert.Equal(t, "text", c.Prechat[0].Type)
			}},
		{name: "select without options", src: `{"prechat": {"fields": [{"name": "topic", "type": "select", "required": true, "options": [""]}]}}`,
			errs:  []string{"widget: prechat.fields[0].options: a select needs at least one non-empty option"},
			check: func(t *testing.T, c widget.Config) { assert.Nil(t, c.Prechat) }},
		{name: "option not a string", src: `{"prechat": {"fields": [{"name": "t", "type": "select", "options": ["a", 2]}]}}`,
			errs: []string{"widget: prechat.fields[0].options[1]: want a string, got number"}},
		{name: "fields not an array", src: `{"prechat": {"fields": {"name": "a"}}}`,
			errs: []string{"widget: prechat.fields: want an array, got object"}},
		{name: "postChat defaults: a rating and a comment", src: `{"postChat": {}}`,
			check: func(t *testing.T, c widget.Config) {
				assert.Equal(t, widget.PostChat{}, c.PostChat)
				assert.True(t, c.PostChat.Asks())
			}},
		{name: "postChat with fields", src: `{"postChat": {"comment": false, "fields": [{"name": "solved", "type": "checkbox"}]}}`,
			check: func(t *testing.T, c widget.Config) {
				assert.True(t, c.PostChat.NoComment)
				assert.False(t, c.PostChat.NoRating)
				assert.Equal(t, []string{"solved"}, names(c.PostChat.Fields))
			}},
		{name: "postChat off", src: `{"postChat": {"enabled": false}}`,
			check: func(t *testing.T, c widget.Config) { assert.False(t, c.PostChat.Asks()) }},
		{name: "postChat asking nothing", src: `{"postChat": {"rating": false, "comment": false}}`,
			errs:  []string{`widget: postChat: asks nothing: want "rating", "comment" or "fields", or "enabled": false`},
			check: func(t *testing.T, c widget.Config) { assert.True(t, c.PostChat.Off) }},
		{name: "postChat bad field and key", src: `{"postChat": {"rating": "yes", "stars": 5, "fields": [{"name": "x", "type": "date"}]}}`,
			errs: []string{"widget: postChat.rating: want a boolean, got string", "widget: postChat.stars: unknown field",
				`widget: postChat.fields[0].type: want one of text, email, tel, textarea, select, checkbox, got "date"`}},
		{name: "offline fields", src: `{"offline": {"enabled": true, "fields": [{"name": "email", "type": "email", "required": true}, {"name": "order", "label": "Order"}]}}`,
			check: func(t *testing.T, c widget.Config) {
				require.Len(t, c.OfflineFields, 2)
				assert.Equal(t, "", c.OfflineFields[0].Label, "said in the visitor's language")
				assert.Equal(t, "Order", c.OfflineFields[1].Label)
			}},
		{name: "offline fields empty", src: `{"offline": {"enabled": true, "fields": []}}`,
			errs:  []string{`widget: offline.fields: want at least one field, or no "fields" for name, email and message`},
			check: func(t *testing.T, c widget.Config) { assert.Nil(t, c.OfflineFields) }},
		{name: "too many fields", src: `{"postChat": {"fields": [` + strings.Repeat(`{"name": "a"},`, 20) + `{"name": "b"}]}}`,
			errs: []string{"widget: postChat.fields: at most 20 fields, got 21"}},
		{name: "required not a boolean keeps the field", src: `{"prechat": {"fields": [{"name": "a", "required": "yes"}]}}`,
			errs:  []string{"widget: prechat.fields[0].required: want a boolean, got string"},
			check: func(t *testing.T, c widget.Config) { assert.Equal(t, []string{"a"}, names(c.Prechat)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := widget.Config{Texts: widget.DefaultTexts()}
			errs := widget.DecodeConfig(&cfg, tree(t, tt.src))
			assert.ElementsMatch(t, tt.errs, messages(errs))
			if tt.check != nil {
				tt.check(t, cfg)
			}
		})
	}
}

func names(fields []widget.Field) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Name)
	}
	return out
}

func TestDecodeOperatingHours(t *testing.T) {
	tests := []struct {
		name   string
		window string
		want   []widget.HoursWindow
		errs   []string
	}{
		{"day window", `{"days": ["tue"], "open": "08:15", "close": "18:00"}`,
			[]widget.HoursWindow{{Days: [7]bool{instant.Tuesday: true}, Open: 8*60 + 15, Close: 18 * 60}}, nil},
		{"until midnight", `{"days": ["SAT"], "open": "18:00", "close": "24:00"}`,
			[]widget.HoursWindow{{Days: [7]bool{instant.Saturday: true}, Open: 18 * 60, Close: 0}}, nil},
		{"bad hour", `{"days": ["mon"], "open": "09:00", "close": "25:00"}`, nil,
			[]string{`widget: operatingHours.windows[0].close: want a time "HH:MM", got "25:00"`}},
		{"past 24:00", `{"days": ["mon"], "open": "09:00", "close": "24:01"}`, nil,
			[]string{`widget: operatingHours.windows[0].close: want a time "HH:MM", got "24:01"`}},
		{"not a time", `{"days": ["mon"], "open": "9am", "close": "17:00"}`, nil,
			[]string{`widget: operatingHours.windows[0].open: want a time "HH:MM", got "9am"`}},
		{"bad day", `{"days": ["mon", "funday"], "open": "09:00", "close": "17:00"}`, nil,
			[]string{"widget: operatingHours.windows[0].days[1]: want a day: sun, mon, tue, wed, thu, fri, sat, got string"}},
		{"not an object", `"9-5"`, nil, []string{"widget: operatingHours.windows[0]: want an object, got string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg widget.Config
			errs := widget.DecodeConfig(&cfg, tree(t, `{"operatingHours": {"windows": [`+tt.window+`]}}`))
			assert.Equal(t, tt.errs, messages(errs))
			require.NotNil(t, cfg.Hours)
			assert.Equal(t, tt.want, cfg.Hours.Windows)
			assert.Equal(t, "UTC", cfg.Hours.Zone)
			assert.Equal(t, widget.DefaultOutOfHoursMessage, cfg.Hours.Message)
		})
	}
}
