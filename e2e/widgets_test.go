package e2e

import (
	"encoding/json"
	"fmt"
	"maps"
	"time"
)

// closedMessage is what the out-of-hours pane of the e2e-closed widget says.
const closedMessage = "E2E: we are closed right now, come back later."

// testWidgets returns the widget configurations the suite's server hands out,
// by app id:
//
//	e2e-on       proactive chat enabled, no prechat survey, always open
//	e2e-off      proactive chat disabled (the admin switch is off)
//	e2e-prechat  enabled, with a prechat survey of every field type (the
//	             survey of widget/prechat_test.go, so golden files match)
//	e2e-closed   enabled, with operating hours that exclude now
//	e2e-chat     enabled, with the server's chat service (chat.enabled)
//	e2e-chat-prechat  the same with a one-question prechat survey
//	e2e-chat-auth     the same naming an auth function the page lacks
//	lcw-demo     the demo widget index.html uses
//
// and those of rulesWidgets (rules_widgets_test.go) and of every row of
// fixtures (main_test.go).
//
// The e2e-closed window is one hour, every day, twelve hours away from now
// (UTC), so it cannot open while the suite runs.
func testWidgets(now time.Time) map[string]json.RawMessage {
	open := (now.UTC().Hour() + 12) % 24
	if open == 23 { // keep open < close within one day
		open = 22
	}
	closed := fmt.Sprintf(`{"appId": "e2e-closed",
		"proactiveChat": {"enabled": true},
		"operatingHours": {"timeZone": "UTC",
			"windows": [{"days": ["mon","tue","wed","thu","fri","sat","sun"],
				"open": "%02d:00", "close": "%02d:00"}],
			"message": %q}}`, open, open+1, closedMessage)
	widgets := map[string]json.RawMessage{
		"e2e-on":  json.RawMessage(`{"appId": "e2e-on", "proactiveChat": {"enabled": true}}`),
		"e2e-off": json.RawMessage(`{"appId": "e2e-off", "proactiveChat": {"enabled": false}}`),
		"e2e-prechat": json.RawMessage(`{"appId": "e2e-prechat",
			"proactiveChat": {"enabled": true},
			"prechat": {"fields": [
				{"name": "name", "label": "Your name", "type": "text", "required": true},
				{"name": "email", "label": "Email", "type": "email", "required": true},
				{"name": "phone", "label": "Phone", "type": "tel"},
				{"name": "topic", "label": "Topic", "type": "select", "options": ["Billing", "Orders"]},
				{"name": "question", "label": "Question", "type": "textarea"},
				{"name": "consent", "label": "I agree to the terms", "type": "checkbox", "required": true}]}}`),
		"e2e-closed": json.RawMessage(closed),
		"e2e-chat": json.RawMessage(`{"appId": "e2e-chat",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`),
		"e2e-chat-auth": json.RawMessage(`{"appId": "e2e-chat-auth",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"auth": {"function": "getLcwAuthToken"}}`),
		"e2e-chat-prechat": json.RawMessage(`{"appId": "e2e-chat-prechat",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"prechat": {"fields": [{"name": "name", "label": "Your name", "type": "text", "required": true}]}}`),
		"lcw-demo": json.RawMessage(`{"appId": "lcw-demo",
			"proactiveChat": {"enabled": true},
			"prechat": {"fields": [
				{"name": "name", "label": "Your name", "type": "text", "required": true},
				{"name": "email", "label": "Email", "type": "email", "required": false}]}}`),
	}
	maps.Copy(widgets, rulesWidgets())
	for _, f := range fixtures {
		if f.widgets == nil {
			continue
		}
		for id, cfg := range f.widgets(now) {
			if _, dup := widgets[id]; dup {
				panic("e2e: widget " + id + " is defined twice (again by the fixtures of " + f.area + ")")
			}
			widgets[id] = cfg
		}
	}
	return widgets
}

// moreWidgets lets a test file add its own widgets from an init function
// (see fixtures in main_test.go, which is the way to prefer).
var moreWidgets []func(now time.Time) map[string]json.RawMessage

// registeredWidgets are the widgets of moreWidgets.
func registeredWidgets(now time.Time) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, more := range moreWidgets {
		for id, cfg := range more(now) {
			if _, dup := out[id]; dup {
				panic("e2e: widget " + id + " is defined twice")
			}
			out[id] = cfg
		}
	}
	return out
}
