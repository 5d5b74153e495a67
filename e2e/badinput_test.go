package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bad-input tests (issue 6) call every SDK method with wrong types,
// null and undefined, megabyte strings, 10,000-level and cyclic objects,
// functions, Symbols, BigInts, Proxies and getters that throw. Each call
// gets the documented error (a TypeError from the provider setters, a
// console.error naming the argument from the others) and, in the same tab,
// a good call right after it still works. One tab per group of methods
// keeps the file fast. Pages: testdata/badinput/ (bad.js builds the
// values in the page).
// badInputWidgets is the bad-input tests' row of fixtures.
func badInputWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"e2e-bad-on": json.RawMessage(`{"appId": "e2e-bad-on", "proactiveChat": {"enabled": true},
				"proactiveRules": {"rules": [` + probe("gold", `{"attribute": {"name": "plan", "equals": "gold"}}`) + `]}}`),
		"e2e-bad-chat": json.RawMessage(`{"appId": "e2e-bad-chat",
				"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`),
	}
}

// outcome is what the contract says a call does.
type outcome int

const (
	logged   outcome = iota // a console.error naming the argument; the call returns undefined
	thrown                  // a TypeError (the provider setters, as Microsoft's SDK)
	accepted                // the call works: no error at all
)

// badCase is one call: JS source after "SDK.", what must happen, and the
// words the console.error or the TypeError's message must hold.
type badCase struct {
	call  string
	want  outcome
	parts []string
}

// callResult is what bad.call reports of a call.
type callResult struct {
	Threw   bool   `json:"threw"`
	Name    string `json:"name"`
	Message string `json:"message"`
	Result  string `json:"result"`
}

// callBad makes the call c and checks its outcome. A recovered panic
// ("internal error") is a failure whatever the outcome.
func (tb *tab) callBad(c badCase) {
	tb.t.Helper()
	mark := tb.consoleMark()
	got := evalJS[callResult](tb, `bad.call(() => `+sdk+`.`+c.call+`)`)
	switch c.want {
	case thrown:
		require.True(tb.t, got.Threw, "%s must throw; got %+v", c.call, got)
		assert.Equal(tb.t, "TypeError", got.Name)
		assert.True(tb.t, containsAll(strings.ToLower(got.Message), c.parts), "the TypeError %q must say %q", got.Message, c.parts)
	case logged:
		require.False(tb.t, got.Threw, "%s must not throw: %s", c.call, got.Message)
		assert.Equal(tb.t, "undefined", got.Result)
		msg := tb.waitConsole("error", mark, c.parts...)
		assert.True(tb.t, strings.HasPrefix(msg.Text, "lcwasm"), "the error comes from the widget: %q", msg.Text)
		assert.Less(tb.t, len(msg.Text), 2000, "the error does not echo the value")
	case accepted:
		require.False(tb.t, got.Threw, "%s must not throw: %s", c.call, got.Message)
	}
	tb.settle()
	for _, m := range tb.consoleMessages()[mark:] {
		assert.NotContains(tb.t, m.Text, "internal error", "a panic was recovered")
		if c.want != logged {
			assert.NotEqual(tb.t, "error", m.Type, "no console.error: %q", m.Text)
		}
	}
}

// run runs each case as a subtest of t in tb, then check.
func (tb *tab) runBad(t *testing.T, cases []badCase, check func(tb *tab, i int, c badCase)) {
	for i, c := range cases {
		t.Run(c.call, func(t *testing.T) {
			tb := tb.in(t)
			tb.callBad(c)
			check(tb, i, c)
		})
	}
}

// openCalmPage is openPage with prefers-reduced-motion, so the follow-up
// invitations of many cases do not wait for animations, in a browser
// context of its own: its widget runs rules, so a page call is ignored
// while another tab of the same visitor (another test's, in a shared
// context) shows an invitation.
func openCalmPage(t *testing.T, name string) *tab {
	t.Helper()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})
	tb.navigate("/e2e/" + name)
	tb.waitReady()
	return tb
}

// TestBadInputStartProactiveChat: startProactiveChat with values
// TestWrongArguments does not try. A refused call shows nothing; values
// the contract ignores (a cyclic or deep part beside the message) do not
// stop the invitation.
func TestBadInputStartProactiveChat(t *testing.T) {
	t.Parallel()
	tb := openCalmPage(t, "badinput/on.html")
	arg1 := "notificationUIConfig (argument 1)"
	cases := []badCase{
		{`startProactiveChat(Symbol("hi"))`, logged, []string{arg1, "got symbol"}},
		{`startProactiveChat(10n)`, logged, []string{arg1, "got bigint"}},
		{`startProactiveChat(() => "hi")`, logged, []string{arg1, "got function"}},
		{`startProactiveChat(new Date())`, logged, []string{arg1, "got date"}},
		{`startProactiveChat(document.body)`, logged, []string{arg1, "got htmlbodyelement"}},
		{`startProactiveChat(Promise.resolve("hi"))`, logged, []string{arg1, "got promise"}},
		{`startProactiveChat(bad.proxy())`, logged, []string{arg1, "object that cannot be read"}},
		{`startProactiveChat(bad.revoked())`, logged, []string{arg1, "object that cannot be read"}},
		{`startProactiveChat(bad.getter("message"))`, logged, []string{arg1, "object whose message cannot be read"}},
		{`startProactiveChat({message: () => "hi"})`, logged, []string{"notificationUIConfig.message", "got function"}},
		{`startProactiveChat({message: Symbol("hi")})`, logged, []string{"notificationUIConfig.message", "got symbol"}},
		{`startProactiveChat({message: 10n})`, logged, []string{"notificationUIConfig.message", "got bigint"}},
		{`startProactiveChat({message: bad.proxy()})`, logged, []string{"notificationUIConfig.message", "cannot be read"}},
		{`startProactiveChat(bad.selfMessage())`, logged, []string{"notificationUIConfig.message", "got cyclic object"}},
		{`startProactiveChat(bad.deepMessage(10000))`, logged, []string{"notificationUIConfig.message", "got object"}},
		{`startProactiveChat(bad.huge(1 << 20))`, logged, []string{"1048576 characters", "limit is 1000"}},
		{`startProactiveChat({message: bad.huge(1 << 20)})`, logged, []string{"1048576 characters", "limit is 1000"}},
		{`startProactiveChat({message: "hi"}, Symbol())`, logged, []string{"showPrechat (argument 2)", "got symbol"}},
		{`startProactiveChat({message: "hi"}, 1n)`, logged, []string{"showPrechat (argument 2)", "got bigint"}},
		{`startProactiveChat({message: "hi"}, true, bad.proxy())`, logged, []string{"options (argument 3)", "cannot be read"}},
		{`startProactiveChat({message: "hi"}, true, bad.getter("inNewWindow"))`, logged, []string{"options (argument 3)", "inNewWindow cannot be read"}},
		{`startProactiveChat({message: "hi"}, true, {inNewWindow: 10n})`, logged, []string{"inNewWindow must be a boolean", "got bigint"}},
		{`startProactiveChat({message: "hi"}, true, {inNewWindow: () => true})`, logged, []string{"inNewWindow must be a boolean", "got function"}},
		// What the contract ignores stays ignored, however hostile.
		{`startProactiveChat(bad.cyclic({message: "cyclic beside"}))`, accepted, nil},
		{`startProactiveChat({message: "deep beside", more: bad.deep(10000)})`, accepted, nil},
		{`startProactiveChat({message: "extra arguments"}, false, {}, bad.proxy(), 10n, Symbol())`, accepted, nil},
	}
	shown := map[string]string{
		cases[len(cases)-3].call: "cyclic beside", cases[len(cases)-2].call: "deep beside", cases[len(cases)-1].call: "extra arguments",
	}
	tb.runBad(t, cases, func(tb *tab, i int, c badCase) {
		if msg := shown[c.call]; msg != "" {
			tb.waitShown(idInvitation)
			assert.Equal(tb.t, msg, tb.body())
			tb.click(idClose)
			tb.waitGone(idInvitation)
			return
		}
		assert.False(tb.t, tb.shown(idInvitation), "nothing is shown")
		assert.Len(tb.t, tb.events("lcw:proactiveChatShown"), i, "no invitation event (one for each case before)")
		tb.invite(fmt.Sprintf("alive after case %d", i))
	})
}

// TestBadInputStartChat: startChat's options, refused with a console.error
// naming them; nothing opens, and an invitation still shows afterwards.
func TestBadInputStartChat(t *testing.T) {
	t.Parallel()
	tb := openCalmPage(t, "badinput/on.html")
	opts := "options (argument 1)"
	cases := []badCase{
		{`startChat(42)`, logged, []string{opts, "got number"}},
		{`startChat(Symbol())`, logged, []string{opts, "got symbol"}},
		{`startChat(10n)`, logged, []string{opts, "got bigint"}},
		{`startChat(() => ({}))`, logged, []string{opts, "got function"}},
		{`startChat(bad.proxy())`, logged, []string{opts, "cannot be read"}},
		{`startChat(bad.getter("customContext"))`, logged, []string{opts, "customContext cannot be read"}},
		{`startChat({inNewWindow: 10n})`, logged, []string{"inNewWindow must be a boolean", "got bigint"}},
		{`startChat({inNewWindow: "yes"})`, logged, []string{"inNewWindow must be a boolean", "got string"}},
		{`startChat({customContext: 5})`, logged, []string{"customContext must be an object", "got number"}},
		{`startChat({customContext: () => ({plan: "gold"})})`, logged, []string{"customContext must be an object", "got function"}},
		{`startChat({customContext: bad.proxy()})`, logged, []string{"customContext must be an object", "cannot be read"}},
		{`startChat({customContext: new Map([["plan", "gold"]])})`, logged, []string{"customContext must be an object", "got map"}},
		{`startChat({customContext: bad.huge(1 << 20)})`, logged, []string{"customContext must be an object", "got string"}},
	}
	tb.runBad(t, cases, func(tb *tab, i int, c badCase) {
		assert.False(tb.t, tb.shown(idChat), "no chat pane opens")
		assert.Empty(tb.t, tb.events("lcw:startChat"))
		tb.invite(fmt.Sprintf("alive after case %d", i))
	})
}

// TestBadInputProviders: the provider setters throw a TypeError for
// anything but a function (SDK.md) and keep the provider they had; the
// getters and removers, explainProactiveRules, getAgentAvailability and
// closeChat ignore whatever extra arguments they are given.
func TestBadInputProviders(t *testing.T) {
	t.Parallel()
	tb := openCalmPage(t, "badinput/on.html")
	tb.eval(sdk + `.setContextProvider(goodContext); ` + sdk + `.setAuthTokenProvider(goodAuth)`)
	values := []struct{ js, got string }{
		{``, "got undefined"}, {`undefined`, "got undefined"}, {`null`, "got null"}, {`42`, "got number"},
		{`"goodContext"`, "got string"}, {`{}`, "got object"}, {`[() => 1]`, "got array"},
		{`Symbol("fn")`, "got symbol"}, {`10n`, "got bigint"}, {`bad.proxy()`, "cannot be read"},
		{`bad.getter("call")`, "cannot be read"}, {`bad.cyclic()`, "got object"}, {`bad.deep(10000)`, "got object"},
		{`bad.huge(1 << 20)`, "got string"}, {`Promise.resolve(goodContext)`, "got promise"},
	}
	var cases []badCase
	for _, setter := range []string{"setContextProvider", "setAuthTokenProvider"} {
		for _, v := range values {
			cases = append(cases, badCase{setter + "(" + v.js + ")", thrown, []string{setter, "must be a function", v.got}})
		}
	}
	cases = append(cases,
		badCase{`getContextProvider(bad.proxy(), 10n)`, accepted, nil},
		badCase{`getAuthTokenProvider(Symbol(), bad.deep(10000))`, accepted, nil},
		badCase{`explainProactiveRules(bad.cyclic(), 10n, bad.huge(1 << 20))`, accepted, nil},
		badCase{`getAgentAvailability(bad.proxy(), Symbol())`, accepted, nil},
		badCase{`closeChat(bad.getter("x"), 10n)`, accepted, nil},
	)
	tb.runBad(t, cases, func(tb *tab, i int, c badCase) {
		assert.True(tb.t, evalJS[bool](tb, sdk+`.getContextProvider() === goodContext`), "the context provider is kept")
		assert.True(tb.t, evalJS[bool](tb, sdk+`.getAuthTokenProvider() === goodAuth`), "the auth token provider is kept")
	})
	// The answers of the calls with extra arguments are the usual ones.
	assert.True(t, evalJS[bool](tb, `Array.isArray(`+sdk+`.explainProactiveRules(bad.proxy()))`))
	got := evalJS[map[string]any](tb, `(async () => await `+sdk+`.getAgentAvailability(bad.cyclic(), 10n))()`)
	assert.Equal(t, false, got["isAgentAvailable"])
	tb.eval(sdk + `.removeContextProvider(10n, bad.proxy()); ` + sdk + `.removeAuthTokenProvider(Symbol())`)
	assert.True(t, evalJS[bool](tb, sdk+`.getContextProvider() === null && `+sdk+`.getAuthTokenProvider() === null`), "removed whatever the arguments")
	tb.invite("alive after the providers")
}

// TestBadInputAudienceAttributes: setAudienceAttributes refuses a bad
// update with a console.error naming the key and applies none of it (the
// attribute a rule compares keeps its value); values beyond the documented
// limits are bad values.
func TestBadInputAudienceAttributes(t *testing.T) {
	t.Parallel()
	tb := openCalmPage(t, "badinput/on.html")
	tb.eval(sdk + `.setAudienceAttributes({plan: "gold"})`)
	tb.waitProbe("gold", true)
	want := "setaudienceattributes: want an object"
	cases := []badCase{
		{`setAudienceAttributes()`, logged, []string{want, "got undefined"}},
		{`setAudienceAttributes(null)`, logged, []string{want, "got null"}},
		{`setAudienceAttributes("plan=silver")`, logged, []string{want, "got string"}},
		{`setAudienceAttributes([["plan", "silver"]])`, logged, []string{want, "got array"}},
		{`setAudienceAttributes(Symbol())`, logged, []string{want, "got symbol"}},
		{`setAudienceAttributes(10n)`, logged, []string{want, "got bigint"}},
		{`setAudienceAttributes(() => ({plan: "silver"}))`, logged, []string{want, "got function"}},
		{`setAudienceAttributes(bad.proxy())`, logged, []string{want, "cannot be read"}},
		{`setAudienceAttributes(bad.getter("plan"))`, logged, []string{want, "plan cannot be read"}},
		{`setAudienceAttributes({plan: "silver", bad: {nested: 1}})`, logged, []string{`"bad"`, "got object"}},
		{`setAudienceAttributes({plan: "silver", bad: 10n})`, logged, []string{`"bad"`, "got bigint"}},
		{`setAudienceAttributes({plan: "silver", bad: Symbol()})`, logged, []string{`"bad"`, "got symbol"}},
		{`setAudienceAttributes({plan: "silver", bad: () => 1})`, logged, []string{`"bad"`, "got function"}},
		{`setAudienceAttributes({plan: "silver", bad: [1, {}]})`, logged, []string{`"bad"`}},
		{`setAudienceAttributes({plan: "silver", bad: bad.deep(10000)})`, logged, []string{`"bad"`, "got object"}},
		{`setAudienceAttributes(bad.cyclic({plan: "silver"}))`, logged, []string{`"self"`, "got cyclic object"}},
		{`setAudienceAttributes({plan: bad.huge(1 << 20)})`, logged, []string{`"plan" is 1048576 characters long`, "limit is 1000"}},
		{`setAudienceAttributes({[bad.huge(1 << 20)]: 1})`, logged, []string{"a name is 1048576 characters long"}},
		{`setAudienceAttributes({plan: "silver", tags: new Array(101).fill("t")})`, logged, []string{`"tags" has 101 items`, "limit is 100"}},
		{`setAudienceAttributes(bad.vars(101))`, logged, []string{"attributes; the limit is 100"}},
	}
	tb.runBad(t, cases, func(tb *tab, i int, c badCase) {
		assert.True(tb.t, tb.probeHolds("gold"), "nothing of the update applies: plan is still gold")
	})
	// A good update still applies.
	tb.eval(sdk + `.setAudienceAttributes({plan: "silver"})`)
	tb.waitProbe("gold", false)
}

// TestBadInputChat: on a widget with the real chat service, what the
// context provider and customContext give is checked when a chat starts:
// values the contract rejects are left out and named on the console (and,
// from the provider, in lcw:error code 1), and the chat starts (queued)
// all the same — a megabyte value included, which
// would not fit in the service's 32 KiB start frame. Then the visitor's
// megabyte message: typed, the send box keeps 4,000 characters, which
// are sent; set by a script, it is refused in the pane and nothing is
// lost or sent, and the next message goes.
func TestBadInputChat(t *testing.T) {
	t.Parallel()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.navigate("/e2e/badinput/chat.html")
	tb.waitReady()
	cases := []struct {
		name, provider string // provider: JS returning the context; "" for none
		start          string // startChat's arguments
		parts          []string
	}{
		{"a megabyte value", `() => ({big: bad.huge(1 << 20), plan: "gold"})`, ``, []string{`"big"`}},
		{"a megabyte customContext", ``, `{customContext: {big: bad.huge(1 << 20), plan: "gold"}}`, []string{`"big"`}},
		{"a megabyte name", `() => ({[bad.huge(1 << 20)]: 1, plan: "gold"})`, ``, []string{"left out"}},
		{"101 variables", `() => bad.vars(101)`, ``, []string{"more than 100 variables", `"k100"`}},
		{"a 10,000-level value", `() => ({deep: bad.deep(10000), plan: "gold"})`, ``, []string{`"deep"`}},
		{"a cyclic value", `() => bad.cyclic({plan: "gold"})`, ``, []string{`"self"`}},
		{"a bigint", `() => ({n: 10n, plan: "gold"})`, ``, []string{`"n"`}},
		{"a symbol and a function", `() => ({s: Symbol(), f: () => 1, plan: "gold"})`, ``, []string{`"f"`, `"s"`}},
		{"a proxy", `() => bad.proxy()`, ``, []string{"cannot be read"}},
	}
	providerCases := 0 // lcw:error events so far
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := tb.in(t)
			if c.provider != "" {
				tb.eval(sdk + `.setContextProvider(` + c.provider + `)`)
			} else {
				tb.eval(sdk + `.removeContextProvider()`)
			}
			mark := tb.consoleMark()
			tb.eval(sdk + `.startChat(` + c.start + `)`)
			msg := tb.waitConsole("error", mark, c.parts...)
			assert.Less(t, len(msg.Text), 2000, "the error does not echo the value")
			waitJS(t, tb.ctx, fmt.Sprintf(`__e2e.events("lcw:chatQueued").length >= %d`, i+1), waitTimeout)
			if c.provider != "" { // the provider's faults are lcw:error code 1 as well
				errs := tb.events("lcw:error")
				require.Len(t, errs, providerCases+1)
				providerCases++
				assert.EqualValues(t, 1, errs[len(errs)-1].Detail["errorCode"])
				assert.True(t, containsAll(strings.ToLower(fmt.Sprint(errs[len(errs)-1].Detail["errorDescription"])), c.parts),
					"lcw:error says %q: %v", c.parts, errs[len(errs)-1].Detail)
			}
			for _, m := range tb.consoleMessages()[mark:] {
				assert.NotContains(t, m.Text, "internal error")
			}
			tb.eval(sdk + `.closeChat()`)
			waitJS(t, tb.ctx, fmt.Sprintf(`__e2e.events("lcw:closeChat").length >= %d`, i+1), waitTimeout)
		})
	}

	tb.eval(sdk + `.removeContextProvider(); ` + sdk + `.startChat()`)
	waitJS(t, tb.ctx, fmt.Sprintf(`__e2e.events("lcw:chatQueued").length >= %d`, len(cases)+1), waitTimeout)
	tb.waitShown("oc-lcw-chat-sendbox")

	// Typed: the send box takes 4,000 characters of the megabyte.
	tb.eval(`__e2e.el("oc-lcw-chat-input").focus()`)
	huge := strings.Repeat("x", 1<<20)
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: huge})
		return err
	})
	require.Equal(t, 4000, evalJS[int](tb, `__e2e.el("oc-lcw-chat-input").value.length`), "maxlength keeps 4,000 characters")
	tb.eval(`__e2e.el("oc-lcw-chat-sendbox").requestSubmit()`)
	sent := tb.waitEvent("lcw:onMessageSent")
	assert.Len(t, sent.Detail["text"], 4000)

	// Set by a script: refused in the pane, kept in the box, not sent.
	tb.eval(`__e2e.el("oc-lcw-chat-input").value = bad.huge(1 << 20); __e2e.el("oc-lcw-chat-sendbox").requestSubmit()`)
	waitJS(t, tb.ctx, `(__e2e.text("oc-lcw-chat-problem") || "").includes("limit is 4000")`, waitTimeout)
	assert.Equal(t, 1<<20, evalJS[int](tb, `__e2e.el("oc-lcw-chat-input").value.length`), "the text stays for the visitor to shorten")
	tb.settle()
	assert.Len(t, tb.events("lcw:onMessageSent"), 1, "nothing more was sent")

	tb.eval(`__e2e.el("oc-lcw-chat-input").value = "still here"; __e2e.el("oc-lcw-chat-sendbox").requestSubmit()`)
	waitJS(t, tb.ctx, `__e2e.events("lcw:onMessageSent").length === 2`, waitTimeout)
	assert.Equal(t, "still here", tb.events("lcw:onMessageSent")[1].Detail["text"])
	assert.Equal(t, "", evalJS[string](tb, `__e2e.text("oc-lcw-chat-problem")`), "the problem is cleared")
	tb.eval(sdk + `.closeChat()`)
	tb.waitEvent("lcw:closeChat")
}

// TestBadInputBeforeReady: bad calls made before lcw:ready are queued
// like good ones; none throws into the page then (the setters cannot throw
// a TypeError from the queue, so the loader reports it on the console),
// each is reported when it runs at ready, and the good call queued after
// them shows its invitation.
func TestBadInputBeforeReady(t *testing.T) {
	t.Parallel()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext()) // see openCalmPage
	tb.navigate("/e2e/badinput/early.html")
	tb.waitReady()
	assert.False(t, evalJS[bool](tb, `window.__early.ready`), "the calls were made before ready")
	assert.Empty(t, evalJS[[]string](tb, `window.__early.threw`), "no early call throws")
	tb.waitShown(idInvitation)
	assert.Equal(t, "early and fine", tb.body())
	for _, parts := range [][]string{
		{"setContextProvider (called before lcw:ready)", "must be a function", "got bigint"},
		{"setAuthTokenProvider (called before lcw:ready)", "must be a function", "cannot be read"},
		{"notificationUIConfig (argument 1)", "got symbol"},
		{"1048576 characters", "limit is 1000"},
		{`"self"`, "got cyclic object"},
		{"startChat", "options (argument 1)", "inNewWindow cannot be read"},
	} {
		tb.waitConsole("error", 0, parts...)
	}
	for _, m := range tb.consoleMessages() {
		assert.NotContains(t, m.Text, "internal error")
	}
	assert.False(t, tb.shown(idChat), "no chat pane opens")
	assert.True(t, evalJS[bool](tb, sdk+`.getContextProvider() === null && `+sdk+`.getAuthTokenProvider() === null`))
}
