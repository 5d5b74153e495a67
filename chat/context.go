package chat

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/runes"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// Limits of the start frame. The whole frame must fit in the service's
// frame limit, [FrameLimit] (a larger one is refused with close code 1009,
// and a chat that resent it would never start), so each part of it has a
// budget: the custom variables 8 KiB, the prechat answers 8 KiB, the auth
// token 8 KiB, and the addresses 2,048 characters each (a URL is ASCII).
const (
	MaxVariables    = 100     // context variables a chat carries
	MaxKeyLength    = 100     // characters of a variable's name
	MaxValueLength  = 1000    // characters of a string value
	MaxContextBytes = 8 << 10 // the custom variables as JSON
	MaxURLLength    = 2048    // characters kept of the page URL and of the referrer
	MaxPrechatBytes = 8 << 10 // the prechat answers as JSON
	MaxTokenBytes   = 8 << 10 // the auth token; a longer one is lcw:error code 4
)

// FrameLimit is the largest frame the chat service reads
// (server/chat.MaxFrameBytes); a larger one closes the connection with
// 1009.
const FrameLimit = wire.MaxFrameBytes

// Start is what a chat starts with.
type Start struct {
	Proactive  bool             // an accepted invitation
	Source     string           // "startProactiveChat", "rule", "launcher" or "startChat"
	RuleID     string           // the rule that raised the invitation
	Variant    string           // the rule's invitation variant shown; "" for none
	PageURL    string           // the page the chat starts from
	Referrer   string           // document.referrer
	TimeOnPage instant.Duration // since the page view began
	Prechat    map[string]string
	// Details are the visitor's device, browser, language, time zone,
	// the invitation accepted and the session's pages (see [Details]).
	Details Details

	// Custom is startChat's customContext. When it is not nil the context
	// provider is not called: Custom replaces it for this chat.
	Custom map[string]any
	// Provider calls the page's context provider, nil when none is set.
	// An error means it threw (lcw:error code 1; the chat still starts).
	Provider func() (any, error)
	// Auth calls the page's auth token provider with a callback, nil when
	// none is set. An error means it threw (code 2, no chat). The page
	// calls done(jwt, nil) once, now or later; no token (nothing, null or
	// "") is code 3, a non-string or one over [MaxTokenBytes] code 4, and
	// no call within [AuthTimeout] code 2, each without a chat. done(nil,
	// err) is a provider that failed where Auth could only hear of it later
	// (the page that opened a pop-out): code 2, no chat.
	Auth func(done func(token any, err error)) error
	// AuthMissing names the global function a data attribute asked for
	// when the page has none by that name: code 8, and the chat does not
	// start (starting without the site's authentication could show a
	// signed-in visitor's chat as anonymous). The bridge resolves the
	// name; the client only reports it.
	AuthMissing string
	// ForOpener is a pop-out's chat, started in the name of the page that
	// opened it: the page named in code 8 is that one, not the pop-out.
	ForOpener bool
}

// LeftOut names the context variables [Variables] left out, by reason,
// each list sorted.
type LeftOut struct {
	Rejected []string // not a string, number or boolean (nor {value: one of those})
	TooLong  []string // a name over MaxKeyLength or a string over MaxValueLength characters
	Dropped  []string // beyond MaxVariables
	Overflow []string // beyond MaxContextBytes
}

// Variables turns what a context provider returned into the chat's
// variables, {key: {value, isDisplayable}}. The provider may give
// {key: primitive} or {key: {value: primitive, isDisplayable: bool}}; a
// plain primitive is not displayable. Keys are case-sensitive. Values that
// are not a string, a number or a boolean are rejected, and so are names
// over [MaxKeyLength] and strings over [MaxValueLength] characters (cut
// short, an order number or an address would mislead the agent). Of the
// rest, a Go map having lost the page's key order, variables are kept in
// byte order of their keys while there are at most [MaxVariables] and
// they fit in [MaxContextBytes]. Anything but an object gives no
// variables.
func Variables(provided any) (map[string]any, LeftOut) {
	vars := map[string]any{}
	var left LeftOut
	m, ok := provided.(map[string]any)
	if !ok {
		return vars, left
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	size := len("{}")
	for _, k := range keys {
		v, ok := variable(m[k])
		switch {
		case !ok:
			left.Rejected = append(left.Rejected, k)
		case tooLong(k, v["value"]):
			left.TooLong = append(left.TooLong, k)
		case len(vars) == MaxVariables:
			left.Dropped = append(left.Dropped, k)
		case size+variableSize(k, v) > MaxContextBytes:
			left.Overflow = append(left.Overflow, k)
		default:
			vars[k] = v
			size += variableSize(k, v)
		}
	}
	return vars, left
}

func tooLong(key string, value any) bool {
	if utf8.RuneCountInString(key) > MaxKeyLength {
		return true
	}
	s, ok := value.(string)
	return ok && utf8.RuneCountInString(s) > MaxValueLength
}

// variableSize is the most JSON.stringify makes of one variable:
// "key":{"value":…,"isDisplayable":false} and a comma.
func variableSize(key string, v map[string]any) int {
	n := jsonLength(key) + len(`"":{"value":,"isDisplayable":false},`)
	switch x := v["value"].(type) {
	case string:
		return n + jsonLength(x) + len(`""`)
	case bool:
		return n + len("false")
	}
	return n + len("-0.0000012345678901234567") // the longest number JSON.stringify writes
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
		vars, problem = CheckVariables(o.Custom, "startChat's customContext")
		if problem != "" {
			c.d.Log.Error("lcwasm: " + problem)
		}
	} else if o.Provider != nil {
		got, err := o.Provider()
		if err != nil {
			c.fail(CodeContextProvider, "chat: the context provider failed: "+err.Error()+"; the chat starts without custom context")
		} else {
			var problem string
			if vars, problem = CheckVariables(got, "the context provider"); problem != "" {
				c.fail(CodeContextProvider, problem)
			}
		}
	}
	prechat, shortened := answers(o.Prechat)
	if len(shortened) > 0 {
		c.d.Log.Warn("lcwasm: chat: the prechat answers are over " + itoa(MaxPrechatBytes>>10) +
			" KiB; the agent sees these cut short: " + quoteAll(shortened))
	}
	ctx := map[string]any{
		"proactive": o.Proactive, "source": o.Source, "ruleId": o.RuleID,
		"pageUrl": runes.Prefix(o.PageURL, MaxURLLength), "referrer": runes.Prefix(o.Referrer, MaxURLLength),
		"timeOnPageMs": float64(o.TimeOnPage.Milliseconds()),
		"prechat":      prechat, "custom": vars,
	}
	if o.Variant != "" {
		ctx["variant"] = o.Variant
	}
	detailsContext(ctx, o.Details, c.d.Clock.Now())
	return ctx
}

// answers is the start frame's prechat answers, in at most
// [MaxPrechatBytes] of JSON: in byte order of the field names, an answer
// that does not fit in what is left is cut short with "…" (the visitor's
// question matters more than its end), and named in cut. A survey's answers
// are at most 2,000 characters each, so only a long survey, or text of
// control characters, comes near.
func answers(prechat map[string]string) (map[string]any, []string) {
	out := make(map[string]any, len(prechat))
	var cut []string
	keys := make([]string, 0, len(prechat))
	for k := range prechat {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	left := MaxPrechatBytes - len("{}")
	for _, k := range keys {
		v := prechat[k]
		room := left - jsonLength(k) - len(`"":"",`)
		if jsonLength(v) > room {
			v = fitJSON(v, room-len("…"))
			cut = append(cut, k)
			if v == "" && room < len("…") {
				continue
			}
			v += "…"
		}
		out[k] = v
		left -= jsonLength(k) + jsonLength(v) + len(`"":"",`)
	}
	return out, cut
}

// fitJSON keeps the longest start of s, whole characters, whose JSON is at
// most n bytes.
func fitJSON(s string, n int) string {
	size := 0
	for i, r := range s {
		size += jsonLength(string(r))
		if size > n {
			return s[:i]
		}
	}
	return s
}

// quoteAll quotes the first ten names of list, each cut to MaxKeyLength
// characters (a megabyte name is not echoed whole), and counts the rest.
func quoteAll(list []string) string {
	const shown = 10
	s := ""
	for i, k := range list {
		if i == shown {
			return s + " and " + itoa(len(list)-shown) + " more"
		}
		if i > 0 {
			s += ", "
		}
		if utf8.RuneCountInString(k) > MaxKeyLength {
			k = runes.Prefix(k, MaxKeyLength) + "…"
		}
		s += strconvlite.Quote(k)
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
