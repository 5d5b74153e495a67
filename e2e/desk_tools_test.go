package e2e

// The agent desk (issue 15): canned responses, the supervisor view and
// the console's protocol version.

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// pickerOptions are the texts of the canned-response list's options.
func pickerOptions(tb *tab) []string {
	return evalJS[[]string](tb, `[...document.querySelectorAll("#canned-list [role=option]")].map(o => o.textContent)`)
}

// TestConsoleCannedResponses: an agent saves a personal response (kept
// across a reload, not shown to another agent); typing "/" lists it with
// the widget's shared one, Up and Down move the active option
// (aria-activedescendant, aria-selected), Enter inserts it with the
// visitor's and the agent's names, Enter again sends it. The widget's
// public configuration does not carry the shared ones. Light and dark,
// the list open, no axe violation.
func TestConsoleCannedResponses(t *testing.T) {
	t.Parallel()
	abby := signInRight(t, "abby")
	cody := signInRight(t, "cody")
	resp, err := http.Get(baseURL + "/api/v1/widgets/e2e-desk/config")
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&cfg))
	resp.Body.Close()
	assert.NotContains(t, cfg, "cannedResponses", "the agents' responses are not in the public configuration")

	abby.do(chromedp.Focus("#canned-shortcut"), sendKeys("#canned-shortcut", "thanks"),
		chromedp.Focus("#canned-text"), sendKeys("#canned-text", "Thanks {visitor.name}, {agent.name} here."),
		chromedp.Focus("#canned-form button"))
	keyboardEnter(abby)
	waitJS(t, abby.ctx, `document.querySelector("#canned-mine").textContent.includes("/thanks")`, waitTimeout)

	token := unique(t)
	v := startVisitorOn(t, "e2e-desk", token, map[string]any{"prechat": map[string]any{"name": "Dana " + token[len(token)-4:]}})
	acceptChat(t, abby, token)
	v.expect(t, wire.AgentJoined)
	waitJS(t, abby.ctx, `!document.querySelector("#send").hidden && document.activeElement.id === "text"`, waitTimeout)
	abby.do(sendKeys("#text", "/"))
	waitJS(t, abby.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	opts := pickerOptions(abby)
	require.Len(t, opts, 2)
	assert.Contains(t, opts[0], "/thanks · Mine")
	assert.Contains(t, opts[1], "/hours · Shared")
	assert.Equal(t, "canned-opt-0", evalJS[string](abby, `document.querySelector("#text").getAttribute("aria-activedescendant")`))
	abby.press(kb.ArrowDown)
	waitJS(t, abby.ctx, `document.querySelector("#text").getAttribute("aria-activedescendant") === "canned-opt-1"`, waitTimeout)
	assert.Equal(t, "true", evalJS[string](abby, `document.querySelector("#canned-opt-1").getAttribute("aria-selected")`))
	abby.assertAccessible("the canned responses open (light)")
	deskShot(abby, "desk-canned-light", "#conv-title")
	abby.darkMode(true)
	abby.assertAccessible("the canned responses open (dark)")
	deskShot(abby, "desk-canned-dark", "#conv-title")
	abby.darkMode(false)
	abby.press(kb.ArrowUp)
	abby.do(sendKeys("#text", "th"))
	waitJS(t, abby.ctx, `document.querySelectorAll("#canned-list [role=option]").length === 1`, waitTimeout)
	keyboardEnter(abby)
	name := "Dana " + token[len(token)-4:]
	waitJS(t, abby.ctx, `document.querySelector("#text").value === `+jsString("Thanks "+name+", Abby here."), waitTimeout)
	assert.True(t, evalJS[bool](abby, `document.querySelector("#canned-list").hidden`))
	keyboardEnter(abby)
	m := v.expect(t, wire.Message)
	assert.Equal(t, "Thanks "+name+", Abby here.", m["text"])

	// Escape closes the list and keeps what was typed.
	abby.do(sendKeys("#text", "/ho"))
	waitJS(t, abby.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	abby.press(kb.Escape)
	waitJS(t, abby.ctx, `document.querySelector("#canned-list").hidden && document.querySelector("#text").value === "/ho"`, waitTimeout)

	// Kept across a reload; another agent sees only the shared one.
	abby.navigate("/agent")
	waitJS(t, abby.ctx, `document.querySelector("#canned-mine").textContent.includes("/thanks")`, waitTimeout)
	token2 := unique(t) + "-b"
	startVisitorOn(t, "e2e-desk", token2, nil)
	acceptChat(t, cody, token2)
	waitJS(t, cody.ctx, `!document.querySelector("#send").hidden && document.activeElement.id === "text"`, waitTimeout)
	cody.do(sendKeys("#text", "/"))
	waitJS(t, cody.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	assert.Equal(t, 1, len(pickerOptions(cody)))
	assert.Contains(t, pickerOptions(cody)[0], "/hours · Shared")
	cody.press(kb.Tab)
	waitJS(t, cody.ctx, `document.querySelector("#text").value === "We answer from 9 to 17, Visitor."`, waitTimeout)
}

// liveEntry is the supervisor's list item whose conversation is id.
func liveEntry(id string) string {
	return `document.querySelector('#live li[data-conversation="` + id + `"]')`
}

// TestConsoleSupervisorView: a supervisor sees every live chat with its
// agent, how long it waited and has gone on, and each agent's status and
// load; opens one read-only by keyboard (no reply box, End or Transfer)
// and follows its messages live. An agent without the flag has no such
// view. Light and dark, no axe violation.
func TestConsoleSupervisorView(t *testing.T) {
	t.Parallel()
	dina := signInRight(t, "dina")
	emma := signInRight(t, "emma")
	assert.False(t, shown(emma, "#super"), "no supervisor view without the flag")
	waitJS(t, dina.ctx, `!document.querySelector("#super").hidden`, waitTimeout)
	token := unique(t)
	v := startVisitor(t, token+"-a", map[string]any{"prechat": map[string]any{"name": "Ola " + token[len(token)-4:]}})
	startVisitor(t, token+"-b", nil)
	acceptChat(t, emma, token+"-a")
	v.expect(t, wire.AgentJoined)
	waitJS(t, emma.ctx, `document.querySelectorAll("#mine li").length === 1`, waitTimeout)
	id := evalJS[string](emma, `document.querySelector("#mine li").dataset.conversation`)
	name := "Ola " + token[len(token)-4:]

	waitJS(t, dina.ctx, liveEntry(id)+`?.textContent.includes("Agent: Emma")`, waitTimeout)
	times := liveEntry(id) + `.querySelector(".times").textContent`
	assert.Regexp(t, `^Waited \d+ s · chatting \d+ s$`, evalJS[string](dina, times))
	first := evalJS[string](dina, times)
	waitJS(t, dina.ctx, times+` !== `+jsString(first), 3*time.Second)
	waitJS(t, dina.ctx, `[...document.querySelectorAll("#live li")].some(li => li.textContent.includes("No agent yet"))`, waitTimeout)
	waitJS(t, dina.ctx, `document.querySelector('#team li[data-user="emma"] .state')?.textContent.includes("Available · 1 of 3 chats")`, waitTimeout)

	// The list redraws when a chat starts or ends anywhere: the keyboard
	// keeps its place on the entry's button.
	dina.eval(liveEntry(id) + `.querySelector("button").focus()`)
	before := evalJS[int](dina, `document.querySelectorAll("#live li").length`)
	startVisitor(t, token+"-c", nil)
	waitJS(t, dina.ctx, `document.querySelectorAll("#live li").length > `+strconv.Itoa(before), waitTimeout)
	assert.True(t, evalJS[bool](dina, `document.activeElement === `+liveEntry(id)+`.querySelector("button")`),
		"focus stays on the entry's button when the list redraws")
	dina.press(kb.Enter)
	waitJS(t, dina.ctx, `document.querySelector("#conv-title").textContent.includes("read-only, Emma’s chat")`, waitTimeout)
	assert.Contains(t, evalJS[string](dina, `document.querySelector("#conv-title").textContent`), name)
	assert.Equal(t, "transcript", evalJS[string](dina, `document.activeElement.id`))
	for _, sel := range []string{"#send", "#end", "#transfer"} {
		assert.False(t, shown(dina, sel), "no %s in a read-only chat", sel)
	}
	assert.Equal(t, 0, evalJS[int](dina, `document.querySelectorAll("#mine li").length`), "a watched chat is not the supervisor's")
	// The agent's own list redraws on every message: a keyboard user on
	// the conversation's entry stays there.
	emma.eval(`document.querySelector('#mine li[data-conversation="` + id + `"] button').focus()`)
	v.send(t, map[string]any{"type": wire.Send, "cid": "v1", "text": "Is anyone watching?"})
	v.expect(t, wire.Ack)
	waitJS(t, dina.ctx, `document.querySelector("#transcript").textContent.includes("Is anyone watching?")`, waitTimeout)
	waitJS(t, emma.ctx, `document.querySelector('#mine li[data-conversation="`+id+`"]').textContent.includes("Is anyone watching?")`, waitTimeout)
	assert.True(t, evalJS[bool](emma, `document.activeElement === document.querySelector('#mine li[data-conversation="`+id+`"] button')`),
		"focus stays on the conversation's entry when a message redraws the list")
	emma.do(chromedp.Focus("#text"), sendKeys("#text", "Only me"))
	keyboardEnter(emma)
	waitJS(t, dina.ctx, `document.querySelector("#transcript").textContent.includes("Only me")`, waitTimeout)
	dina.assertAccessible("the supervisor view (light)")
	deskShot(dina, "desk-supervisor-light", "#super-title")
	dina.darkMode(true)
	dina.assertAccessible("the supervisor view (dark)")
	deskShot(dina, "desk-supervisor-dark", "#conv-title")
}

// oldConsole makes the tab's console, on its first load only, speak as an
// older one: its auth frame's protocol set to protocol (undefined: no
// field, as before versions). window.__sockets counts its sockets,
// sessionStorage "loads" its loads.
func oldConsole(tb *tab, protocol string) {
	tb.addScript(`sessionStorage.setItem("loads", String(Number(sessionStorage.getItem("loads") || 0) + 1));
	window.__sockets = 0;
	const first = sessionStorage.getItem("loads") === "1";
	window.WebSocket = class extends WebSocket {
		constructor(...a) { super(...a); window.__sockets++; }
		send(data) {
			if (first) {
				const f = JSON.parse(data);
				if (f.type === "auth") { f.protocol = ` + protocol + `; data = JSON.stringify(f); }
			}
			super.send(data);
		}
	};`)
}

// TestConsoleProtocolVersion: a console open across a server upgrade
// (an older protocol in its first frame) says "This console was updated.
// Reload to continue.", stops reconnecting, and Reload (by keyboard)
// brings the new one, which lists the waiting visitor; a console from
// before versions reloads itself. Light and dark, no axe violation.
func TestConsoleProtocolVersion(t *testing.T) {
	t.Parallel()
	token := unique(t)
	startVisitor(t, token, nil)
	fay := signInRight(t, "fay")
	oldConsole(fay, strconv.Itoa(wire.AgentProtocol-1))
	fay.do(chromedp.Reload())
	waitJS(t, fay.ctx, `!document.querySelector("#outdated").hidden`, waitTimeout)
	assert.Equal(t, "This console was updated. Reload to continue.",
		evalJS[string](fay, `document.querySelector("#outdated p").textContent`))
	assert.Equal(t, "Update needed", evalJS[string](fay, `document.querySelector("#connection").textContent`))
	assert.Equal(t, "reload", evalJS[string](fay, `document.activeElement.id`))
	// No reconnecting: after four times the first backoff, still one socket.
	assert.Equal(t, 1, evalJS[int](fay, `new Promise(r => setTimeout(() => r(window.__sockets), 2000))`))
	fay.assertAccessible("the console asking for a reload (light)")
	deskShot(fay, "desk-outdated-light", "#outdated")
	fay.darkMode(true)
	fay.assertAccessible("the console asking for a reload (dark)")
	fay.darkMode(false)
	fay.press(kb.Enter)
	waitJS(t, fay.ctx, `sessionStorage.getItem("loads") === "2" && document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	assert.True(t, evalJS[bool](fay, `document.querySelector("#outdated").hidden`))
	waitJS(t, fay.ctx, `!!`+queueEntry(token), waitTimeout)

	gus := signInRight(t, "gus")
	oldConsole(gus, "undefined")
	gus.do(chromedp.Reload())
	waitJS(t, gus.ctx, `sessionStorage.getItem("loads") === "2" && document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	waitJS(t, gus.ctx, `!!`+queueEntry(token), waitTimeout)
}

// phone makes the tab a 360 px wide phone.
func phone(tb *tab) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	waitJS(tb.t, tb.ctx, `screen.width === 360`, waitTimeout)
}

// TestConsoleScreens: the desk on a 360 px phone, light and dark: the top
// bar (status, sounds), a conversation with an internal note, the waiting
// list at the chat limit and the canned list open fit without sideways
// scrolling, with no axe violation.
func TestConsoleScreens(t *testing.T) {
	t.Parallel()
	vic := signInRight(t, "vic")
	phone(vic)
	token := unique(t)
	for i := range 4 {
		startVisitorOn(t, "e2e-desk", token+"-"+strconv.Itoa(i), map[string]any{"proactive": true, "source": "rule", "ruleId": "pricing"})
	}
	for i := range 3 {
		acceptChat(t, vic, token+"-"+strconv.Itoa(i))
		waitJS(t, vic.ctx, `document.querySelectorAll("#mine li").length === `+strconv.Itoa(i+1), waitTimeout)
	}
	waitJS(t, vic.ctx, `!document.querySelector("#limit-note").hidden`, waitTimeout)
	vic.eval(`document.querySelector("#note-mode").click()`)
	vic.do(chromedp.Focus("#text"), sendKeys("#text", "Asked twice about the price of the annual plan"))
	keyboardEnter(vic)
	waitJS(t, vic.ctx, `!!document.querySelector("#transcript .msg.note")`, waitTimeout)
	vic.eval(`document.querySelector("#note-mode").click()`)
	vic.do(sendKeys("#text", "/"))
	waitJS(t, vic.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	for _, dark := range []bool{false, true} {
		vic.darkMode(dark)
		mode := map[bool]string{false: "light", true: "dark"}[dark]
		assert.LessOrEqual(t, evalJS[float64](vic, `document.documentElement.scrollWidth`), 360.0, "no sideways scroll on a 360 px phone (%s)", mode)
		assert.Greater(t, evalJS[float64](vic, `document.querySelector("#conv-title").getBoundingClientRect().width`), 250.0,
			"the conversation's title keeps its line beside Transfer and End (%s)", mode)
		vic.assertAccessible("the desk on a 360 px phone (" + mode + ")")
		deskShot(vic, "desk-phone-top-"+mode, "body")
		deskShot(vic, "desk-phone-waiting-"+mode, "#queue-title")
		deskShot(vic, "desk-phone-conversation-"+mode, "#conv-title")
	}
}
