package chat

import (
	"slices"
	"strconv"
	"time"
)

// MaxVariables is the most context variables a chat carries.
const MaxVariables = 100

// Start is what a chat starts with.
type Start struct {
	Proactive  bool          // an accepted invitation
	Source     string        // "startProactiveChat", "rule", "launcher" or "startChat"
	RuleID     string        // the rule that raised the invitation
	PageURL    string        // the page the chat starts from
	Referrer   string        // document.referrer
	TimeOnPage time.Duration // since the page view began
	Prechat    map[string]string

	// Custom is startChat's customContext. When it is not nil the context
	// provider is not called: Custom replaces it for this chat.
	Custom map[string]any
	// Provider calls the page's context provider, nil when none is set.
	// An error means it threw (lcw:error code 1; the chat still starts).
	Provider func() (any, error)
	// Auth calls the page's auth token provider with a callback, nil when
	// none is set. An error means it threw (code 2, no chat). The page
	// calls done(jwt) once, now or later; a non-string or empty token is
	// code 3 (no chat), and so is no token within [AuthTimeout].
	Auth func(done func(token any)) error
	// AuthMissing names the global function a data attribute asked for
	// when the page has none by that name: code 8, and the chat does not
	// start (starting without the site's authentication could show a
	// signed-in visitor's chat as anonymous). The bridge resolves the
	// name; the client only reports it.
	AuthMissing string
}

// Variables turns what a context provider returned into the chat's
// variables, {key: {value, isDisplayable}}. The provider may give
// {key: primitive} or {key: {value: primitive, isDisplayable: bool}}; a
// plain primitive is not displayable. Keys are case-sensitive. Values that
// are not a string, a number or a boolean are rejected. Beyond
// [MaxVariables] the extra keys are dropped: a Go map has lost the page's
// key order, so the first 100 keys in byte order are kept. rejected and
// dropped name the keys left out, sorted. Anything but an object gives
// no variables.
func Variables(provided any) (vars map[string]any, rejected, dropped []string) {
	m, ok := provided.(map[string]any)
	if !ok {
		return map[string]any{}, nil, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	vars = map[string]any{}
	for _, k := range keys {
		v, ok := variable(m[k])
		switch {
		case !ok:
			rejected = append(rejected, k)
		case len(vars) == MaxVariables:
			dropped = append(dropped, k)
		default:
			vars[k] = v
		}
	}
	return vars, rejected, dropped
}

// variable normalises one provider value to {value, isDisplayable}.
func variable(v any) (map[string]any, bool) {
	if primitive(v) {
		return map[string]any{"value": v, "isDisplayable": false}, true
	}
	o, ok := v.(map[string]any)
	if !ok || !primitive(o["value"]) {
		return nil, false
	}
	shown, ok := o["isDisplayable"].(bool)
	if _, present := o["isDisplayable"]; present && !ok && o["isDisplayable"] != nil {
		return nil, false
	}
	return map[string]any{"value": o["value"], "isDisplayable": shown}, true
}

func primitive(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	}
	return false
}

// context is the start frame's context. Whatever is wrong with what the
// context provider gave is one lcw:error code 1, and the chat starts with
// the variables that are usable: none when the provider threw or gave
// anything but an object (a string, a number, null, undefined, an array,
// a Promise, an object with a getter that throws), the others when some
// values are not primitives or there are more than [MaxVariables].
func (c *Client) context(o Start) map[string]any {
	vars := map[string]any{}
	if o.Custom != nil {
		var problem string
		vars, problem = variables(o.Custom, "startChat's customContext")
		if problem != "" {
			c.d.Log.Error("lcwasm: " + problem)
		}
	} else if o.Provider != nil {
		got, err := o.Provider()
		if err != nil {
			c.fail(CodeContextProvider, "chat: the context provider failed: "+err.Error()+"; the chat starts without custom context")
		} else {
			var problem string
			if vars, problem = variables(got, "the context provider"); problem != "" {
				c.fail(CodeContextProvider, problem)
			}
		}
	}
	prechat := make(map[string]any, len(o.Prechat))
	for k, v := range o.Prechat {
		prechat[k] = v
	}
	return map[string]any{
		"proactive": o.Proactive, "source": o.Source, "ruleId": o.RuleID,
		"pageUrl": o.PageURL, "referrer": o.Referrer,
		"timeOnPageMs": float64(o.TimeOnPage.Milliseconds()),
		"prechat":      prechat, "custom": vars,
	}
}

func quoteAll(list []string) string {
	s := ""
	for i, k := range list {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(k)
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
