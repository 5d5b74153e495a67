package e2e

// The agent desk's history (issue 15, item 6): searching the
// conversations over, opening one read-only, and a live chat's returning
// visitor in the Additional details.

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// returning is the JS expression of the Additional details' returning
// visitor block's text ("" while hidden).
const returning = `(document.querySelector("#returning").hidden ? "" : document.querySelector("#returning").textContent)`

// TestConsoleHistory: a visitor chats with hana and ends; back from the
// same browser (visitor id), igor's Additional details say "Returning
// visitor: 1 earlier conversation" and open it read-only in one click;
// a second visitor with the same prechat email but another browser is
// recognised by the email; a new visitor shows nothing. Searching the
// history by a word of the first chat finds it (visitor, agent, rule)
// and opens it read-only from the keyboard; a word nobody wrote finds
// nothing. Light and dark, on a 360 px phone too, no axe violation.
func TestConsoleHistory(t *testing.T) {
	t.Parallel()
	hana := signInRight(t, "hana")
	igor := signInRight(t, "igor")
	token := unique(t)
	word := "parcel" + strconv.FormatInt(time.Now().UnixNano(), 36)
	email := strings.ToLower(token) + "@example.com"

	first := startVisitor(t, token, map[string]any{"prechat": map[string]any{"name": "Ada Returning", "email": email},
		"proactive": true, "source": "rule", "ruleId": "pricing"})
	first.send(t, map[string]any{"type": wire.Send, "cid": "m1", "text": "Where is my " + word + "?"})
	first.expect(t, wire.Ack)
	acceptChat(t, hana, token)
	waitJS(t, hana.ctx, `document.querySelector("#transcript").textContent.includes(`+jsString(word)+`)`, waitTimeout)
	first.send(t, map[string]any{"type": wire.End})
	first.expect(t, wire.Ended)
	waitJS(t, hana.ctx, `document.querySelector("#conv-title").textContent.includes("(ended)")`, waitTimeout)

	// Back from the same browser: its visitor id, a new chat.
	again := dialVisitor(t, "e2e-chat")
	again.send(t, map[string]any{"type": wire.Start, "cid": "s2-" + token, "visitor": map[string]any{"id": token},
		"context": map[string]any{"pageUrl": "https://shop.example/" + token + "-again", "prechat": map[string]any{"name": "Ada Returning"}}})
	again.expect(t, wire.Started)
	acceptChat(t, igor, token+"-again")
	waitJS(t, igor.ctx, returning+`.includes("Returning visitor: 1 earlier conversation")`, waitTimeout)
	assert.NotContains(t, evalJS[string](igor, returning), "conversations", "one, in the singular")
	assert.Contains(t, evalJS[string](igor, returning), "Recognised by this browser")
	igor.assertAccessible("a returning visitor's details (light)")
	deskShot(igor, "desk-history-returning-light", "#returning")

	// One click opens the earlier conversation, read-only.
	igor.eval(`document.querySelector("#returning button").click()`)
	waitJS(t, igor.ctx, `document.querySelector("#conv-title").textContent.includes("read-only, from the history")`, waitTimeout)
	assert.Contains(t, evalJS[string](igor, `document.querySelector("#transcript").textContent`), "Where is my "+word+"?")
	assert.False(t, shown(igor, "#send"), "no reply box in the history")
	assert.False(t, shown(igor, "#end"), "no End in the history")
	assert.Contains(t, evalJS[string](igor, `document.querySelector("#details").textContent`), "Hana")
	assert.Equal(t, "", evalJS[string](igor, returning), "the history's chat has no returning block")

	// Another browser, the same prechat email.
	mail := startVisitor(t, token+"-mail", map[string]any{"prechat": map[string]any{"name": "Ada Returning", "email": strings.ToUpper(email)}})
	acceptChat(t, igor, token+"-mail")
	waitJS(t, igor.ctx, returning+`.includes("Recognised by the email they gave")`, waitTimeout)
	assert.Contains(t, evalJS[string](igor, returning), "Returning visitor: 1 earlier conversation")
	mail.expect(t, wire.AgentJoined)

	// A new visitor: nothing.
	startVisitor(t, token+"-new", map[string]any{"prechat": map[string]any{"name": "Someone New"}})
	acceptChat(t, igor, token+"-new")
	waitJS(t, igor.ctx, `document.querySelector("#conv-title").textContent.includes("Someone New")`, waitTimeout)
	waitJS(t, igor.ctx, `document.querySelector("#details").textContent.includes("Page URL")`, waitTimeout)
	assert.Equal(t, "", evalJS[string](igor, returning))

	// The search: a word of the first chat, typed and sent from the keyboard.
	igor.do(chromedp.Focus("#history-q"), sendKeys("#history-q", word))
	keyboardEnter(igor)
	hit := `document.querySelector("#history-results li")`
	waitJS(t, igor.ctx, `document.querySelector("#history-status").textContent === "1 conversation found."`, waitTimeout)
	text := evalJS[string](igor, hit+`.textContent`)
	for _, want := range []string{"Ada Returning", "Agent: Hana", "Rule: pricing", email, word} {
		assert.Contains(t, text, want)
	}
	igor.do(chromedp.Focus(`#history-results li button`))
	keyboardEnter(igor)
	waitJS(t, igor.ctx, `document.querySelector("#conv-title").textContent.includes("Ada Returning")`+
		` && document.querySelector("#conv-title").textContent.includes("from the history")`, waitTimeout)
	assert.Equal(t, "transcript", evalJS[string](igor, `document.activeElement.id`), "focus moves to the transcript")
	assert.Contains(t, evalJS[string](igor, `document.querySelector("#transcript").textContent`), "Where is my "+word+"?")
	for _, dark := range []bool{false, true} {
		igor.darkMode(dark)
		mode := map[bool]string{false: "light", true: "dark"}[dark]
		igor.assertAccessible("the history, a conversation open read-only (" + mode + ")")
		deskShot(igor, "desk-history-"+mode, "#history-title")
	}

	// Filters that rule it out, and a word nobody wrote.
	igor.do(sendKeys("#history-rule", "another-rule"), chromedp.Click(`#history-form button[type="submit"]`))
	waitJS(t, igor.ctx, `document.querySelector("#history-status").textContent === "No conversation matches."`, waitTimeout)
	igor.eval(`document.querySelector("#history-rule").value = ""; document.querySelector("#history-q").value = "zebra` + word + `"`)
	igor.eval(`document.querySelector("#history-form").requestSubmit()`)
	waitJS(t, igor.ctx, `document.querySelector("#history-status").textContent === "No conversation matches."`+
		` && !document.querySelector("#history-results li")`, waitTimeout)

	phone(igor)
	igor.eval(`document.querySelector("#history-q").value = ` + jsString(word) + `; document.querySelector("#history-form").requestSubmit()`)
	waitJS(t, igor.ctx, `document.querySelector("#history-status").textContent === "1 conversation found."`, waitTimeout)
	for _, dark := range []bool{false, true} {
		igor.darkMode(dark)
		mode := map[bool]string{false: "light", true: "dark"}[dark]
		assert.LessOrEqual(t, evalJS[float64](igor, `document.documentElement.scrollWidth`), 360.0, "no sideways scroll on a 360 px phone (%s)", mode)
		igor.assertAccessible("the history on a 360 px phone (" + mode + ")")
	}
}
