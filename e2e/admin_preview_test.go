package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInvitationPreview: a rule's "Preview this invitation" shows, in a
// sandboxed frame, the invitation drawn by the real widget bundle with the
// unsaved configuration, the snippet's colour and font, the rule's message
// and the texts set in the texts form (French); the frame runs under the widget's strict CSP with no violation
// and asks no chat service anything. The panel passes axe in light and
// dark mode.
func TestInvitationPreview(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, rulesApp+"-preview")
	owner.setJSON(`c.proactiveRules = {rules: [{id: "hello", conditions: [], invitation: {message: "Unsaved <b>hello</b> from the preview"}}]}`)
	waitJS(t, owner.ctx, `!!document.querySelector("#r0-preview")`, waitTimeout)
	owner.do(sendKeys("#pv-color", "#aa3300"), sendKeys("#pv-font", "Georgia, serif"))
	assert.Contains(t, evalJS[string](owner, `document.querySelector("#snippet").textContent`), `data-color-override="#aa3300"`,
		"the snippet carries the colour")
	owner.eval(`document.querySelector("#r0-preview").focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.querySelector("#preview-status").dataset.body === "Unsaved <b>hello</b> from the preview"`, waitTimeout)

	status := evalJS[map[string]string](owner, `({...document.querySelector("#preview-status").dataset})`)
	assert.Equal(t, "rgb(170, 51, 0)", status["background"], "the widget's colour is the snippet's")
	assert.Contains(t, status["font"], "Georgia", "and its font")
	assert.Contains(t, evalJS[string](owner, `document.querySelector("#preview-status").textContent`), "Welcome to", "the widget's own title")
	var requests, csp []string
	require.NoError(t, json.Unmarshal([]byte(status["requests"]), &requests))
	require.NoError(t, json.Unmarshal([]byte(status["csp"]), &csp))
	assert.Empty(t, csp, "no CSP violation in the preview")
	assert.Contains(t, requests, "/lcw/lcw.js", "the real bundle")
	for _, r := range requests {
		assert.False(t, strings.HasPrefix(r, "/api/"), "the preview asks the chat service nothing: %s", r)
	}
	assert.Equal(t, "allow-scripts", evalJS[string](owner, `document.querySelector("#preview").getAttribute("sandbox")`))

	// The page is the console's alone: strict CSP, sandboxed, framed only
	// by /admin, refused without the admin session.
	resp, err := http.Get(baseURL + "/admin/preview?app=x")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	hdr := evalJS[string](owner, `fetch("/admin/preview?app=x").then(r => r.headers.get("content-security-policy"))`)
	assert.Equal(t, admin.PreviewCSP, hdr)

	// The widget's texts in French, from the texts form: the preview's
	// real bundle speaks them.
	owner.eval(`(() => { const s = document.querySelector("#tx-language"); s.value = "fr"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	owner.eval(`(() => { const s = document.querySelector("#tx-edit"); s.value = "fr"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	waitJS(t, owner.ctx, `!!document.querySelector("#tx-fr-inviteStart")`, waitTimeout)
	owner.do(sendKeys("#tx-fr-inviteStart", "Parlons-en"))
	waitJS(t, owner.ctx, `JSON.parse(document.querySelector("#json").value).texts?.fr?.inviteStart === "Parlons-en" && document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	owner.eval(`document.querySelector("#preview-status").dataset.body = ""`)
	owner.do(chromedp.Click("#r0-preview"))
	waitJS(t, owner.ctx, `document.querySelector("#preview-status").dataset.body === "Unsaved <b>hello</b> from the preview"`, waitTimeout)
	status = evalJS[map[string]string](owner, `({...document.querySelector("#preview-status").dataset})`)
	assert.Contains(t, evalJS[string](owner, `document.querySelector("#preview-status").textContent`), "“Parlons-en”", "the owner's French text")
	assert.NotContains(t, evalJS[string](owner, `document.querySelector("#preview-status").textContent`), "Welcome to", "the widget's French title")
	require.NoError(t, json.Unmarshal([]byte(status["csp"]), &csp))
	assert.Empty(t, csp, "no CSP violation in the French preview")

	owner.assertAccessible("preview panel")
	owner.darkMode(true)
	owner.assertAccessible("preview panel, dark")
	screenshot(owner, "admin-preview-dark")
	owner.assertCleanConsole()
}
