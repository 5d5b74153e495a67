package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The visitor's journey reaches the agent when the chat runs in the
// pop-out (docs/sdk.md, "The pop-out window"): the widget e2e-popjourney
// invites, in a new window, on the journey's third page, c.html.
const (
	popjourneyApp     = "e2e-popjourney"
	popjourneyMessage = "E2E pop-out journey: shall we talk in a window of its own?"
)

func popjourneyWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{popjourneyApp: json.RawMessage(fmt.Sprintf(`{"appId": %q,
		"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
		"proactiveRules": {"rules": [{"id": "popjourney-c", "conditions": [{"path": {"equals": "/e2e/rules/c.html"}}],
			"invitation": {"message": %q, "showPrechat": false, "inNewWindow": true}}]}}`, popjourneyApp, popjourneyMessage))}
}

// TestPopoutChatCarriesTheJourney: a visitor browses three pages and
// accepts the rule's invitation, which opens the chat in a new window.
// Nothing of the journey left the page before; the agent (rosa) sees what
// an in-page chat would have shown: the three pages with the time on
// each (not popout.html), the page URL and referrer of the page that
// opened the window, and the invitation accepted there.
func TestPopoutChatCarriesTheJourney(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "rosa")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.addScript(spyOnSends)
	visitor.installWidget(rulesWidget{App: popjourneyApp})
	visitor.open("a.html")
	visitor.openFrom("b.html", baseURL+"/e2e/rules/a.html")
	visitor.openFrom("c.html?run="+run, baseURL+"/e2e/rules/b.html")
	visitor.waitRule("popjourney-c")
	for _, s := range sent(visitor) {
		for _, secret := range []string{"Rules fixture", `"pages"`, "shall we talk"} {
			assert.NotContains(t, s, secret, "sent before the visitor accepted")
		}
	}

	win := popoutOf(t, visitor, func() { visitor.click(idStart) })
	popoutChats(t, win)
	acceptChat(t, agent, run)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(run)+`)`, waitTimeout)
	rows := evalJS[map[string]string](agent, `(() => { const out = {};
		for (const dt of document.querySelectorAll("#details dt")) out[dt.textContent] = dt.nextElementSibling.textContent;
		return out; })()`)
	assert.Equal(t, baseURL+"/e2e/rules/c.html?run="+run, rows["Page URL"], "the page that opened the window")
	assert.Equal(t, baseURL+"/e2e/rules/b.html", rows["Referrer"], "that page's referrer")
	assert.Equal(t, popjourneyMessage, rows["Invitation shown"], "the invitation accepted there")
	assert.Equal(t, "Invitation: popjourney-c", rows["Why they came"])
	pages := evalJS[[]string](agent, `[...document.querySelectorAll("#details ol.pages li")].map((li) => li.textContent)`)
	require.Len(t, pages, 3, "the session's pages, as the page that opened the window had them: %v", pages)
	for i, name := range []string{"a", "b", "c"} {
		assert.Regexp(t, `^Rules fixture `+strings.ToUpper(name)+` /e2e/rules/`+name+`\.html · \d+ s$`, pages[i])
	}
	assert.Empty(t, visitor.events("lcw:startChat"), "the chat started in the pop-out, not in the page")
	endChat(agent)
}
