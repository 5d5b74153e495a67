package e2e

import (
	"encoding/json"
	"fmt"
)

// The widgets whose rules the server delivers (TestRulesFromServer); every
// other rules test puts its configuration inline in the page.
const (
	serverRulesApp     = "e2e-rules-server"
	serverRulesOffApp  = "e2e-rules-server-off"
	serverRulesMessage = "E2E: these rules came with the widget's configuration"
)

// rulesWidgets returns the server's widgets for the rules tests, by app id:
//
//	e2e-rules-server      proactive chat enabled, a rule that fires at once
//	e2e-rules-server-off  the same rule with proactive chat disabled
func rulesWidgets() map[string]json.RawMessage {
	rules := fmt.Sprintf(`{"rules": [{"id": "from-server", "conditions": [],
		"invitation": {"message": %q, "showPrechat": false}}]}`, serverRulesMessage)
	widget := func(app string, enabled bool) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"appId": %q, "proactiveChat": {"enabled": %t}, "proactiveRules": %s}`,
			app, enabled, rules))
	}
	return map[string]json.RawMessage{
		serverRulesApp:    widget(serverRulesApp, true),
		serverRulesOffApp: widget(serverRulesOffApp, false),
	}
}
