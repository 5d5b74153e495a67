package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Offline messages, the leave-a-message form's other end: agents mark
// them handled from the console's list, and a network that left too many
// is told so in its own language. Each test has a widget of its own, so
// that the per-address cap (server.OfflinePerHour, every test being
// 127.0.0.1) counts only its own messages.

const (
	offlineHandledApp = "e2e-offline-handled"
	offlineRateApp    = "e2e-offline-rate"
	offlineCountApp   = "e2e-offline-count"
)

func offlineWidgets(time.Time) map[string]json.RawMessage {
	w := map[string]json.RawMessage{}
	for _, app := range []string{offlineHandledApp, offlineRateApp, offlineCountApp} {
		w[app] = json.RawMessage(`{"appId": "` + app + `", "offline": {"enabled": true},
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`)
	}
	return w
}

// leaveOffline posts an offline message to app as a visitor would; the
// status.
func leaveOffline(t *testing.T, app, name, text string) int {
	t.Helper()
	body := `{"name": ` + jsString(name) + `, "email": "ana@example.com", "message": ` + jsString(text) + `}`
	resp, err := http.Post(baseURL+"/api/v1/widgets/"+app+"/offline-messages", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// offlineArticle is the JS of the offline list's article whose text has
// token (undefined when none).
func offlineArticle(token string) string {
	return `[...document.querySelectorAll("article.offline-message")].find(a => a.textContent.includes(` + jsString(token) + `))`
}

// TestOfflineMessageHandledFromTheConsole: an agent marks a waiting
// offline message handled with the keyboard; it leaves the list, focus
// goes on to the next message (or the title), the status line says so;
// the Handled list shows it with the agent's name and the time, and
// "Mark as waiting" brings it back. axe finds nothing on either list.
func TestOfflineMessageHandledFromTheConsole(t *testing.T) {
	t.Parallel()
	run := unique(t)
	require.Equal(t, http.StatusCreated, leaveOffline(t, offlineHandledApp, "Ana "+run, "Do you ship to Norway? "+run))
	require.Equal(t, http.StatusCreated, leaveOffline(t, offlineHandledApp, "Bo "+run, "An older question "+run))

	agent := signInRight(t, "wade")
	agent.navigate("/agent/offline-messages")
	waitJS(t, agent.ctx, offlineArticle("Norway? "+run)+` !== undefined`, waitTimeout)
	agent.assertAccessible("the offline messages waiting")
	id := evalJS[string](agent, offlineArticle("Norway? "+run)+`.id`)
	// Focus goes on to the next message, else the one before, else the title.
	next := evalJS[string](agent, `(a => { const n = [a.nextElementSibling, a.previousElementSibling].find(e => e?.matches("article"));
		return n ? n.id + "-mark" : "offline-title"; })(`+offlineArticle("Norway? "+run)+`)`)

	// From the message's email link, Tab reaches its button.
	agent.eval(offlineArticle("Norway? "+run) + `.querySelector("h2 a").focus()`)
	agent.tabs(false, "#"+id+"-mark")
	agent.assertFocusVisible()
	assert.Equal(t, "Mark handled", evalJS[string](agent, `document.activeElement.textContent`))
	agent.press(kb.Enter)
	waitJS(t, agent.ctx, offlineArticle("Norway? "+run)+` === undefined`, waitTimeout)
	agent.waitFocus("#" + next)
	assert.Equal(t, "Marked handled: Ana "+run+" · ana@example.com (see Handled).",
		evalJS[string](agent, `document.querySelector("#offline-status").textContent`))
	agent.assertAccessible("the offline messages after one was marked handled")
	screenshot(agent, "offline-after-handled")

	agent.eval(`document.querySelector("#offline-show-handled").focus()`)
	agent.press(kb.Enter)
	waitJS(t, agent.ctx, `document.querySelector("#offline-messages")?.dataset.show === "handled" && `+
		offlineArticle("Norway? "+run)+` !== undefined`, waitTimeout)
	handled := evalJS[string](agent, offlineArticle("Norway? "+run)+`.querySelector(".offline-handled").textContent`)
	assert.Contains(t, handled, "Handled by Wade · ")
	assert.Equal(t, "page", evalJS[string](agent, `document.querySelector("#offline-show-handled").getAttribute("aria-current")`))
	assert.Equal(t, "", evalJS[string](agent, `document.body.textContent.includes("An older question `+run+`") ? "listed" : ""`),
		"a waiting message is not on the Handled list")
	agent.assertAccessible("the handled offline messages")
	screenshot(agent, "offline-handled-list")

	agent.eval(`document.getElementById(` + jsString(id+"-mark") + `).focus()`)
	assert.Equal(t, "Mark as waiting", evalJS[string](agent, `document.activeElement.textContent`))
	agent.press(kb.Enter)
	waitJS(t, agent.ctx, offlineArticle("Norway? "+run)+` === undefined`, waitTimeout)
	agent.navigate("/agent/offline-messages")
	waitJS(t, agent.ctx, offlineArticle("Norway? "+run)+` !== undefined`, waitTimeout)
	assert.Equal(t, "Mark handled", evalJS[string](agent, `document.getElementById(`+jsString(id+"-mark")+`).textContent`))
}

// TestVisitorTooManyOfflineMessages: once the visitor's network has left
// as many messages on the widget as the hour allows (429 "rate"), the
// leave-a-message form says so in the visitor's language (German here),
// keeps what they typed, and axe finds nothing.
func TestVisitorTooManyOfflineMessages(t *testing.T) {
	t.Parallel()
	run := unique(t)
	refused := false
	for range 10 { // 5 an hour by default; fewer when an earlier run of this test used some
		if leaveOffline(t, offlineRateApp, "Flood", "again "+run) == http.StatusTooManyRequests {
			refused = true
			break
		}
	}
	require.True(t, refused, "the server caps offline messages per address")

	tb := newTab(t)
	tb.navigate("/visitor/page.html?app=" + offlineRateApp + "&lang=de&org=noagent&run=" + run)
	tb.waitReady()
	tb.click(idLauncher)
	tb.waitShown("oc-lcw-offline")
	tb.waitFocus("widget #oc-lcw-prechat-field-0")
	tb.do(chromedp.KeyEvent("Ana " + run))
	tb.tabs(false, "widget #oc-lcw-prechat-field-1")
	tb.do(chromedp.KeyEvent("ana@example.com"))
	tb.tabs(false, "widget #oc-lcw-prechat-field-2")
	tb.do(chromedp.KeyEvent("Liefern Sie nach Norwegen? " + run))
	tb.tabs(false, "widget #oc-lcw-offline-submit")
	tb.press(kb.Enter)
	want := "Aus Ihrem Netzwerk wurden zu viele Nachrichten gesendet. Versuchen Sie es in einer Stunde erneut."
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-offline-result") === `+jsString(want), waitTimeout)
	assert.Equal(t, "Liefern Sie nach Norwegen? "+run, evalJS[string](tb, `__e2e.el("oc-lcw-prechat-field-2").value`), "kept to send later")
	assert.False(t, tb.shown("oc-lcw-offline-thanks"))
	tb.assertWidgetAccessible("the leave-a-message form refused for too many messages", "oc-lcw-offline")
	screenshot(tb, "offline-rate-de")
}
