package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
)

// The widget's own questions after a chat (postChat) and in the
// leave-a-message form (offline.fields), issue 14 items 4 and 5.

const (
	surveyApp       = "e2e-survey"
	offlineFieldApp = "e2e-offline-fields"
	surveyAdminApp  = "e2e-admin-survey"
)

func surveyWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		surveyAdminApp: json.RawMessage(`{"appId": "` + surveyAdminApp + `", "proactiveChat": {"enabled": false}, "chat": {"enabled": true}}`),
		surveyApp: json.RawMessage(`{"appId": "` + surveyApp + `", "proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"postChat": {"rating": true, "comment": true, "fields": [
				{"name": "solved", "label": "Was your problem solved?", "type": "select", "options": ["Yes", "No"], "required": true}]}}`),
		offlineFieldApp: json.RawMessage(`{"appId": "` + offlineFieldApp + `", "proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"offline": {"enabled": true, "fields": [
				{"name": "email", "type": "email", "required": true},
				{"name": "order", "label": "Order number", "type": "text", "required": true},
				{"name": "message", "type": "textarea", "required": true}]}}`),
	}
}

// TestVisitorPostChatSurvey: after the agent ends the chat the visitor
// answers a rating, a comment and the widget's own question (keyboard
// only; the question is checked first), the pane thanks, and the agent's
// console shows the answers in the ended chat's details. In Hebrew on a
// phone (right to left, 360 px) too; axe finds nothing in any state. The
// thumbs and the attach button are SVG icons drawn in their button's
// colour in light and dark mode, with forced colours and right to left.
func TestVisitorPostChatSurvey(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "hal")
	run := unique(t)
	visitor := newTab(t)
	visitor.navigate("/visitor/page.html?app=" + surveyApp + "&lang=en&run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	agentSays(agent, "Anything else?")
	waitMessages(visitor, rootOfPage, 1)
	endChat(agent)
	visitor.waitShown("oc-lcw-chat-rating")
	assert.False(t, visitor.shown("oc-lcw-chat-survey-field-0"), "the questions show once a thumb is chosen")
	visitor.eval(`__e2e.el("oc-lcw-chat-rate-good").focus()`)
	visitor.press(" ")
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-rate-good").getAttribute("aria-pressed") === "true"`, waitTimeout)
	visitor.tabs(false, "widget #oc-lcw-chat-rate-bad", "widget #oc-lcw-chat-rating-comment")
	visitor.do(chromedp.KeyEvent("Fast answer " + run))
	visitor.tabs(false, "widget #oc-lcw-chat-survey-field-0", "widget #oc-lcw-chat-rating-send")
	visitor.press(kb.Enter)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-survey-field-0-error") === "Was your problem solved? is required."`, waitTimeout)
	visitor.waitFocus("widget #oc-lcw-chat-survey-field-0")
	visitor.assertWidgetAccessible("the post-chat survey with a problem", "oc-lcw-chat-rating", "oc-lcw-chat-survey-field-0")
	screenshot(visitor, "light-postchat-survey-error")
	assertThumbs(visitor, "light")
	visitor.darkMode(true)
	assertThumbs(visitor, "dark")
	visitor.assertWidgetAccessible("the post-chat survey with a problem, dark", "oc-lcw-chat-rating", "oc-lcw-chat-survey-field-0")
	screenshot(visitor, "dark-postchat-survey-error")
	visitor.forcedColors(true)
	good, bad := assertThumbs(visitor, "forced colours")
	assert.NotEqual(t, bad.Back, good.Back, "forced colours: the pressed thumb still looks pressed")
	screenshot(visitor, "forced-colors-postchat-survey-error")
	visitor.forcedColors(false)
	visitor.do(chromedp.KeyEvent("Y"))
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-survey-field-0").value === "Yes"`, waitTimeout)
	visitor.tabs(false, "widget #oc-lcw-chat-rating-send")
	visitor.press(kb.Enter)
	visitor.waitShown("oc-lcw-chat-rating-thanks")
	visitor.waitFocus("widget #oc-lcw-chat-rating-thanks")
	visitor.assertWidgetAccessible("the post-chat survey sent", "oc-lcw-chat-rating-thanks")

	details := `document.querySelector("#details").textContent`
	waitJS(t, agent.ctx, details+`.includes("Fast answer `+run+`")`, waitTimeout)
	got := evalJS[string](agent, details)
	assert.Contains(t, got, "RatingGood")
	assert.Contains(t, got, "Was your problem solved?Yes")
	agent.assertAccessible("the agent console with the post-chat survey")

	heAgent := signInRight(t, "ida")
	heRun := unique(t)
	he := newTab(t)
	he.phone()
	he.navigate("/visitor/page.html?app=" + surveyApp + "&lang=he&run=" + heRun)
	he.waitReady()
	he.eval(sdk + `.startChat()`)
	he.waitEvent("lcw:chatQueued")
	acceptChat(t, heAgent, heRun)
	he.waitShown("oc-lcw-chat-attach")
	he.assertIcon("Hebrew on a phone", "oc-lcw-chat-attach", "צירוף קובץ")
	screenshot(he, "rtl-hebrew-composer-phone")
	endChat(heAgent)
	he.waitShown("oc-lcw-chat-rating")
	he.click("oc-lcw-chat-rate-bad")
	he.waitShown("oc-lcw-chat-survey-field-0")
	assert.Equal(t, "rtl", evalJS[string](he, `getComputedStyle(__e2e.el("oc-lcw-chat-rating")).direction`))
	he.assertWidgetAccessible("the Hebrew post-chat survey on a phone", "oc-lcw-chat-rating", "oc-lcw-chat-survey-field-0")
	assertThumbs(he, "Hebrew on a phone")
	screenshot(he, "rtl-hebrew-postchat-phone")
	he.eval(sdk + `.closeChat()`)
}

// TestVisitorOfflineFormCustomField: a leave-a-message form with the
// site owner's own question (an order number) checks it, stores it, and
// the agents' offline list shows it under its label. In Arabic on a
// phone too; axe finds nothing.
func TestVisitorOfflineFormCustomField(t *testing.T) {
	t.Parallel()
	run := unique(t)
	tb := newTab(t)
	tb.navigate("/visitor/page.html?app=" + offlineFieldApp + "&lang=en&org=noagent&run=" + run)
	tb.waitReady()
	tb.click(idLauncher)
	tb.waitShown("oc-lcw-offline")
	assert.Equal(t, "Order number", evalJS[string](tb, `__e2e.root().querySelector('label[for="oc-lcw-prechat-field-1"]').firstChild.textContent`))
	tb.waitFocus("widget #oc-lcw-prechat-field-0")
	tb.do(chromedp.KeyEvent("ana@example.com"))
	tb.tabs(false, "widget #oc-lcw-prechat-field-1", "widget #oc-lcw-prechat-field-2")
	tb.do(chromedp.KeyEvent("Where is my parcel? " + run))
	tb.tabs(false, "widget #oc-lcw-offline-submit")
	tb.press(kb.Enter)
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-prechat-field-1-error") === "Order number is required."`, waitTimeout)
	tb.waitFocus("widget #oc-lcw-prechat-field-1")
	tb.assertWidgetAccessible("the leave-a-message form with its own field, a problem", "oc-lcw-offline")
	tb.do(chromedp.KeyEvent("A-" + run))
	tb.tabs(false, "widget #oc-lcw-prechat-field-2", "widget #oc-lcw-offline-submit")
	tb.press(kb.Enter)
	tb.waitShown("oc-lcw-offline-thanks")
	assert.Equal(t, "Thanks! We'll reply to ana@example.com.", tb.text("oc-lcw-offline-thanks"))

	agent := signInRight(t, "jon")
	agent.navigate("/agent/offline-messages")
	waitJS(t, agent.ctx, `document.body.textContent.includes("Where is my parcel? `+run+`")`, waitTimeout)
	assert.Contains(t, evalJS[string](agent, `document.body.textContent`), "Order numberA-"+run)
	agent.assertAccessible("the offline messages with an extra answer")

	ar := newTab(t)
	ar.phone()
	ar.navigate("/visitor/page.html?app=" + offlineFieldApp + "&lang=ar&org=noagent&run=" + unique(t))
	ar.waitReady()
	ar.click(idLauncher)
	ar.waitShown("oc-lcw-offline")
	assert.Equal(t, "rtl", evalJS[string](ar, `getComputedStyle(__e2e.el("oc-lcw-offline-form")).direction`))
	ar.assertWidgetAccessible("the Arabic leave-a-message form with its own field on a phone", "oc-lcw-offline")
}

// TestSettingsPostChatAndOfflineForms: the site console edits the
// post-chat survey (no comment, a question of its own) and the
// leave-a-message form's fields (the defaults, then an order number)
// with the keyboard; the widget decoder's problem shows at the question
// with its path; the published configuration reaches pages and the
// forms show it again after a reload. axe in light and dark mode.
func TestSettingsPostChatAndOfflineForms(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, surveyAdminApp)
	owner.eval(`document.querySelector("#post-comment").focus()`)
	owner.do(chromedp.KeyEvent(" "))
	owner.eval(`document.querySelector("#po-add").focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.activeElement?.id === "po0-name"`, waitTimeout)
	owner.eval(`document.querySelector("#po0-name").select()`)
	owner.do(chromedp.KeyEvent("solved"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("Solved?"))
	owner.eval(`document.querySelector("#po0-type").focus()`)
	owner.do(chromedp.KeyEvent("select"))
	const want = `widget: postChat.fields[0].options: a select needs at least one non-empty option`
	waitJS(t, owner.ctx, `document.querySelector('[data-wpath="postChat.fields[0]"] > .field-error')?.textContent === `+jsString(want), waitTimeout)
	owner.assertAccessible("the post-chat survey form with a problem")
	owner.eval(`document.querySelector("#po0-options").focus()`)
	owner.do(chromedp.KeyEvent("Yes"), chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent("No"))
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Equal(t, map[string]any{"comment": false, "fields": []any{map[string]any{"name": "solved", "label": "Solved?", "type": "select",
		"options": []any{"Yes", "No"}}}}, owner.consoleJSON()["postChat"])

	owner.eval(`document.querySelector("#offline").focus()`)
	owner.do(chromedp.KeyEvent(" "))
	owner.eval(`document.querySelector("#of-add").focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.activeElement?.id === "of3-name"`, waitTimeout)
	owner.eval(`document.querySelector("#of3-name").select()`)
	owner.do(chromedp.KeyEvent("order"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("Order number"))
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Equal(t, map[string]any{"enabled": true, "fields": []any{
		map[string]any{"name": "name", "type": "text", "required": true},
		map[string]any{"name": "email", "type": "email", "required": true},
		map[string]any{"name": "message", "type": "textarea", "required": true},
		map[string]any{"name": "order", "label": "Order number", "type": "text"}}}, owner.consoleJSON()["offline"])

	owner.do(chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Published version 2")`, waitTimeout)
	served := evalJS[string](owner, `fetch("/api/v1/widgets/`+surveyAdminApp+`/config").then(r => r.text())`)
	assert.Contains(t, served, `"postChat"`, "the survey reaches pages")
	assert.Contains(t, served, `"name":"order"`)

	owner.navigate("/admin?widget=" + surveyAdminApp)
	waitJS(t, owner.ctx, `document.querySelector("#po0-name")?.value === "solved" && document.querySelector("#of3-name")?.value === "order"`, waitTimeout)
	assert.False(t, evalJS[bool](owner, `document.querySelector("#post-comment").checked`))
	assert.True(t, evalJS[bool](owner, `document.querySelector("#post-rating").checked`))
	owner.assertAccessible("the post-chat and leave-a-message forms")
	owner.darkMode(true)
	owner.assertAccessible("the post-chat and leave-a-message forms, dark")
	owner.assertCleanConsole()
}

// assertThumbs checks the icons of the two thumbs of the post-chat
// survey in the state what (see assertIcon) and returns them.
func assertThumbs(tb *tab, what string) (good, bad shownIcon) {
	tb.t.Helper()
	good = tb.assertIcon(what, "oc-lcw-chat-rate-good", tb.text("oc-lcw-chat-rate-good"))
	bad = tb.assertIcon(what, "oc-lcw-chat-rate-bad", tb.text("oc-lcw-chat-rate-bad"))
	return good, bad
}
