package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// visitorJWT is a token the faults service accepts for faultsAuthApp.
func visitorJWT(t *testing.T) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	claims, err := json.Marshal(map[string]any{"sub": "visitor-42", "name": "Ada", "exp": time.Now().Add(time.Hour).Unix()})
	require.NoError(t, err)
	signed := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(claims)
	m := hmac.New(sha256.New, faultsSecret)
	m.Write([]byte(signed))
	return signed + "." + enc(m.Sum(nil))
}

// customKeys are the names of the custom context variables the service
// stored for the conversation, sorted.
func customKeys(t *testing.T, c stored) []string {
	t.Helper()
	var ctx struct {
		Custom map[string]any `json:"custom"`
	}
	require.NoError(t, json.Unmarshal(c.Context, &ctx))
	var keys []string
	for k := range ctx.Custom {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// waitQueued waits until the agent console lists the conversation of run.
func waitQueued(t *testing.T, agent *tab, run string) {
	t.Helper()
	waitJS(t, agent.ctx, `[...document.querySelectorAll("#queue li")].some(li => li.textContent.includes(`+jsString(run)+`))`, waitTimeout)
}

// TestContextProviderFaults: whatever the page's context provider does
// wrong, lcw:error code 1 says what, once; the chat starts anyway, with
// the usable variables only (none when the result is not an object), and
// the agent has it in the queue. The provider is synchronous (SDK.md):
// a Promise, even one that never settles, is a wrong result, not a wait.
func TestContextProviderFaults(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	agent := svc.signIn(t)
	many := `Object.fromEntries(Array.from({length: 101}, (_, i) => ["k" + (1000 + i), i]))`
	var first100 []string
	for i := 0; i < 100; i++ {
		first100 = append(first100, "k"+strconv.Itoa(1000+i))
	}
	cases := []struct {
		name     string
		provider string   // JavaScript
		problem  string   // in the error's description
		vars     []string // the variables the chat starts with
	}{
		{"throws", `() => { throw new Error("context backend down"); }`, "the context provider failed: JavaScript error: context backend down; the chat starts without custom context", nil},
		{"a string", `() => "plan=gold"`, "gave string, not an object of variables", nil},
		{"a number", `() => 42`, "gave number, not an object", nil},
		{"null", `() => null`, "gave null, not an object", nil},
		{"undefined", `() => { ({plan: "gold"}); }`, "gave undefined, not an object", nil},
		{"an array", `() => ["plan", "gold"]`, "gave array, not an object", nil},
		{"a Promise", `() => Promise.resolve({plan: "gold"})`, "gave Promise, not an object of variables (it must return the variables, not a Promise)", nil},
		{"a Promise that never settles", `() => new Promise(() => {})`, "gave Promise", nil},
		{"a getter that throws", `() => ({plan: "gold", get secret() { throw new Error("no"); }})`, "gave object whose secret cannot be read", nil},
		{"a cyclic object", `() => { const o = {plan: "gold"}; o.self = o; return o; }`, `left out: "self"; the chat starts with the other 1`, []string{"plan"}},
		{"non-primitive values", `() => ({plan: "gold", fn: () => 1, when: new Date(), list: [1], nested: {value: {}}})`,
			`left out: "fn", "list", "nested", "when"`, []string{"plan"}},
		{"101 variables", `() => ` + many, `more than 100 variables, dropped 1: "k1100"; the chat starts with the other 100`, first100},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb, run := faultsPage(t, svc.url, "")
			mark := tb.consoleMark()
			tb.eval(sdk + `.setContextProvider(` + tt.provider + `)`)
			tb.eval(sdk + `.startChat()`)
			tb.waitEvent("lcw:chatQueued")
			errs := tb.events("lcw:error")
			require.Len(t, errs, 1, "one error")
			assert.EqualValues(t, 1, errs[0].Detail["errorCode"])
			assert.Contains(t, errs[0].Detail["errorDescription"], tt.problem)
			tb.waitConsole("error", mark, tt.problem)
			waitQueued(t, agent, run)
			assert.Equal(t, tt.vars, customKeys(t, svc.one(run)))
		})
	}
}

// TestAuthProviderFaults: the auth token provider of a widget whose
// service requires a signed token throws (code 2), calls back with
// nothing (3), with something that is not a token (4) or with a token
// the service refuses (4): one lcw:error each, no conversation, and the
// pane says the chat could not start. Calling back twice starts one
// chat, signed in, with a warning about the second token.
func TestAuthProviderFaults(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	jwt := visitorJWT(t)
	cases := []struct {
		name     string
		provider string // JavaScript; window.__jwt is a good token
		code     int    // 0: the chat starts
		problem  string // in the error's description, or in a warning
		global   bool   // the provider is the configuration's auth.function, not setAuthTokenProvider's
	}{
		{"throws", `() => { throw new Error("identity service down"); }`, 2, "the auth token provider failed: JavaScript error: identity service down", false},
		{"calls back with nothing", `(cb) => cb()`, 3, "gave no token (got undefined)", false},
		{"calls back with an empty string", `(cb) => setTimeout(() => cb(""), 50)`, 3, `gave no token (got "")`, false},
		{"calls back with a number", `(cb) => cb(42)`, 4, "gave number, not a token string", false},
		{"calls back with an object", `(cb) => cb({token: window.__jwt})`, 4, "gave object, not a token string", false},
		{"a token the service refuses", `(cb) => setTimeout(() => cb("not-a-jwt"), 50)`, 4, "the chat service refused the auth token: chat: token: not a compact JWT", false},
		{"a forged token", `(cb) => cb(window.__jwt.slice(0, -4) + "AAAA")`, 4, "refused the auth token: chat: token: bad signature", false},
		{"calls back twice", `(cb) => { cb(window.__jwt); cb("second"); }`, 0, "called back again, or too late; this token is ignored", false},
		{"auth.function calls back with null", `(cb) => cb(null)`, 3, "gave no token (got null)", true},
		{"auth.function throws", `() => { throw new TypeError("no session"); }`, 2, "the auth token provider failed: JavaScript error: no session", true},
		{"auth.function calls back twice", `(cb) => { cb(window.__jwt); setTimeout(() => cb(window.__jwt), 50); }`, 0, "called back again", true},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			query, set := "&inline&app="+faultsAuthApp, sdk+`.setAuthTokenProvider(`+tt.provider+`)`
			if tt.global {
				query, set = query+"&authfn=getFaultsToken", `window.getFaultsToken = `+tt.provider
			}
			tb, run := faultsPage(t, svc.url, query)
			mark := tb.consoleMark()
			tb.eval(`window.__jwt = ` + jsString(jwt) + `; ` + set)
			tb.eval(sdk + `.startChat()`)
			if tt.code == 0 {
				tb.waitEvent("lcw:chatQueued")
				tb.waitConsole("warning", mark, tt.problem)
				assert.Empty(t, tb.events("lcw:error"))
				assert.Contains(t, string(svc.one(run).Context), `"sub":"visitor-42"`, "signed in with the first token")
				return
			}
			e := tb.waitEvent("lcw:error")
			assert.EqualValues(t, tt.code, e.Detail["errorCode"])
			assert.Contains(t, e.Detail["errorDescription"], tt.problem)
			tb.waitConsole("error", mark, tt.problem)
			waitJS(t, tb.ctx, `__e2e.el("oc-lcw-chat-input")?.disabled !== false`, waitTimeout)
			pane := "Sorry, the chat could not start." // the page's authentication failed
			if strings.Contains(tt.problem, "refused the auth token") {
				pane = "The chat service refused this chat."
			}
			waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat")?.includes(`+jsString(pane)+`)`, waitTimeout)
			assert.Len(t, tb.events("lcw:error"), 1, "one error")
			assert.Empty(t, tb.events("lcw:chatQueued"))
			assert.Empty(t, svc.find(run), "no conversation")
		})
	}
}

// TestAuthProviderNeverCallsBack: a provider that never calls back does
// not leave the visitor waiting forever: after the configured
// auth.timeoutSeconds (2 s here; 10 s by default) lcw:error code 2 says
// so, the pane says the chat could not start, and once the visitor closes
// it a chat can start again and reach the agent.
func TestAuthProviderNeverCallsBack(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	agent := svc.signIn(t)
	tb, run := faultsPage(t, svc.url, "&inline&authtimeout=2&app="+faultsAuthApp)
	mark := tb.consoleMark()
	tb.eval(`window.__calls = 0; ` + sdk + `.setAuthTokenProvider((cb) => { window.__late = cb; window.__calls++; })`)
	tb.eval(sdk + `.startChat()`)
	tb.waitShown("oc-lcw-chat-sendbox")

	e := tb.waitEvent("lcw:error")
	assert.EqualValues(t, 2, e.Detail["errorCode"])
	assert.Equal(t, "chat: the auth token provider did not call back within 2s; no chat", e.Detail["errorDescription"])
	waited := time.Duration(evalJS[float64](tb, `__e2e.events("lcw:error")[0].t - __e2e.events("lcw:startChat")[0].t`)) * time.Millisecond
	assert.GreaterOrEqual(t, waited, 2*time.Second-50*time.Millisecond, "not before the configured 2 s")
	assert.Less(t, waited, 8*time.Second, "nor much after (the default would be 10 s)")
	tb.waitConsole("error", mark, "did not call back within 2s")
	waitJS(t, tb.ctx, `__e2e.el("oc-lcw-chat-input").disabled`, waitTimeout)
	assert.Equal(t, "Sorry, the chat could not start. Please try again later.", tb.text("oc-lcw-chat-ended"), "at the bottom of the transcript")
	assert.Empty(t, svc.find(run))

	tb.eval(`window.__late(` + jsString(visitorJWT(t)) + `)`)
	tb.waitConsole("warning", mark, "called back again, or too late")
	tb.settle()
	assert.Empty(t, tb.events("lcw:chatQueued"), "a late token starts nothing")

	tb.click("oc-lcw-chat-closebutton")
	tb.waitShown(idLauncher)
	tb.eval(`window.__token = ` + jsString(visitorJWT(t)) + `; ` + sdk + `.setAuthTokenProvider((cb) => cb(window.__token))`)
	tb.eval(sdk + `.startChat()`)
	tb.waitEvent("lcw:chatQueued")
	waitQueued(t, agent, run)
	assert.Contains(t, string(svc.one(run).Context), `"sub":"visitor-42"`)
	assert.Len(t, tb.events("lcw:error"), 1)
}
