package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	settingsApp     = "e2e-admin-settings"
	keysSettingsApp = "e2e-admin-keysurl"
)

// TestSettingsForms: the prechat survey, the signed-in visitors' key, the
// shared canned responses, leave-a-message, the funnel's counters and its
// goals as forms. A question is added and made a select with the keyboard; the
// widget decoder's problem (a select with no choices) shows at the
// question with its path; a public key that is not PEM is refused at its
// field, a real one is published, and the configuration pages get carries
// the survey but never the key. axe in light and dark mode.
func TestSettingsForms(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, settingsApp)
	owner.eval(`document.querySelector("#pc-add").focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.activeElement?.id === "pc0-name"`, waitTimeout)
	owner.eval(`document.querySelector("#pc0-name").select()`)
	owner.do(chromedp.KeyEvent("topic"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("What is it about?"))
	owner.eval(`document.querySelector("#pc0-type").focus()`)
	owner.do(chromedp.KeyEvent("select"))
	const want = `widget: prechat.fields[0].options: a select needs at least one non-empty option`
	waitJS(t, owner.ctx, `document.querySelector('[data-wpath="prechat.fields[0]"] > .field-error')?.textContent === `+jsString(want), waitTimeout)
	owner.eval(`document.querySelector("#pc0-options").focus()`)
	owner.do(chromedp.KeyEvent("Sales"), chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent("Support"))
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Equal(t, map[string]any{"fields": []any{map[string]any{"name": "topic", "label": "What is it about?", "type": "select",
		"options": []any{"Sales", "Support"}}}}, owner.consoleJSON()["prechat"])

	owner.eval(`document.querySelector("#ak-on").click()`)
	waitJS(t, owner.ctx, `!!document.querySelector("#ak-pem")`, waitTimeout)
	owner.do(sendKeys("#ak-pem", "not a key"))
	waitJS(t, owner.ctx, `document.querySelector('.field-error[data-wpath="authKey"]')?.textContent === "server: authKey.publicKey: publicKey is not PEM"`, waitTimeout)
	assert.Equal(t, "true", evalJS[string](owner, `document.querySelector("#ak-pem").getAttribute("aria-invalid")`))
	owner.assertAccessible("settings with problems")

	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	require.NoError(t, err)
	key := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	owner.eval(`(() => { const a = document.querySelector("#ak-pem"); a.value = ` + jsString(key) + `; a.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	owner.eval(`(() => { const s = document.querySelector("#ak-alg"); s.value = "ES256"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	// A shared canned response: a bad shortcut at its field, then a good one.
	owner.eval(`document.querySelector("#cr-add").focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.activeElement?.id === "cr0-shortcut"`, waitTimeout)
	owner.do(chromedp.KeyEvent("Hours"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("We answer from 9 to 17, {visitor.name}."))
	waitJS(t, owner.ctx, `document.querySelector('[data-wpath="cannedResponses[0]"] > .field-error')?.textContent === "server: cannedResponses[0].shortcut: want lower-case letters a-z, digits, - and _ only"`, waitTimeout)
	owner.eval(`document.querySelector("#cr0-shortcut").select()`)
	owner.do(chromedp.KeyEvent("hours"))
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Equal(t, []any{map[string]any{"shortcut": "hours", "text": "We answer from 9 to 17, {visitor.name}."}}, owner.consoleJSON()["cannedResponses"])

	// Leave-a-message, the funnel's counters and a goal by address.
	owner.eval(`document.querySelector("#offline").focus()`)
	owner.do(chromedp.KeyEvent(" "))
	owner.eval(`document.querySelector("#reporting").focus()`)
	owner.do(chromedp.KeyEvent(" "))
	waitJS(t, owner.ctx, `(c => c.offline?.enabled === true && c.reporting === false)(JSON.parse(document.querySelector("#json").value))`, waitTimeout)
	owner.eval(`document.querySelector("#gl-add").focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.activeElement?.id === "gl0-name"`, waitTimeout)
	owner.do(chromedp.KeyEvent("signup"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("welcome"))
	waitJS(t, owner.ctx, `document.querySelector('[data-wpath="goals[0]"] > .field-error')?.textContent.startsWith("funnel: goals[0]: path: want a path beginning with /")`, waitTimeout)
	owner.eval(`document.querySelector("#gl0-path").select()`)
	owner.do(chromedp.KeyEvent("/welcome*"))
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Equal(t, []any{map[string]any{"name": "signup", "path": "/welcome*"}}, owner.consoleJSON()["goals"])

	owner.do(chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Published version 2")`, waitTimeout)
	served := evalJS[string](owner, `fetch("/api/v1/widgets/`+settingsApp+`/config").then(r => r.text())`)
	assert.Contains(t, served, `"name":"topic"`, "the survey reaches pages")
	assert.NotContains(t, served, "authKey", "the key does not")
	assert.NotContains(t, served, "PUBLIC KEY")
	assert.NotContains(t, served, "cannedResponses", "nor the agents' canned responses")

	owner.assertAccessible("settings forms")
	owner.darkMode(true)
	owner.assertAccessible("settings forms, dark")
	owner.eval(`document.querySelector("#prechat").scrollIntoView()`)
	screenshot(owner, "admin-settings-dark")
	owner.assertCleanConsole()
}

// TestSettingsKeysURL: the signed-in visitors' key from a keys URL. The
// key's source is chosen with a radio button; an empty URL and an http
// one are refused at the field; an https URL the server may not reach
// (the suite's server keeps the default policy, and a JWKS on loopback
// is refused as an SSRF would be) is reported by the validation and by
// the Test URL button, in words. axe at each state.
func TestSettingsKeysURL(t *testing.T) {
	t.Parallel()
	idp := newIdentityProvider(t, "k1")
	owner := signInAdmin(t, keysSettingsApp)
	problems := `(document.querySelector('.field-error[data-wpath="authKey"]')?.textContent ?? "")`
	owner.eval(`document.querySelector("#ak-on").click()`)
	waitJS(t, owner.ctx, `!!document.querySelector("#ak-src-url")`, waitTimeout)
	owner.do(chromedp.Focus("#ak-src-url"), chromedp.KeyEvent(" "))
	waitJS(t, owner.ctx, `!!document.querySelector("#ak-url") && !document.querySelector("#ak-pem") && document.activeElement?.id === "ak-src-url"`, waitTimeout)
	waitJS(t, owner.ctx, problems+` === "server: authKey.keysUrl: want an https URL serving a JWKS or a PEM public key"`, waitTimeout)
	owner.assertAccessible("keys URL, empty")

	owner.do(sendKeys("#ak-url", "http://login.example/jwks"))
	waitJS(t, owner.ctx, problems+` === "server: authKey.keysUrl: keysUrl must be an https URL"`, waitTimeout)
	assert.Equal(t, "true", evalJS[string](owner, `document.querySelector("#ak-url").getAttribute("aria-invalid")`))
	assert.Equal(t, map[string]any{"alg": "RS256", "keysUrl": "http://login.example/jwks"}, owner.consoleJSON()["authKey"])

	owner.eval(`(() => { const u = document.querySelector("#ak-url"); u.value = ` + jsString(idp.jwksURL()) + `; u.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	waitJS(t, owner.ctx, problems+`.startsWith("server: authKey.keysUrl: serves no keys: ") && `+problems+`.includes("127.0.0.1 is not a public address")`, waitTimeout)
	owner.do(chromedp.Click("#ak-test"))
	waitJS(t, owner.ctx, `document.querySelector("#ak-test-result").textContent.startsWith("Serves no keys: ") && document.querySelector("#ak-test-result").textContent.includes("-auth-keys-private")`, waitTimeout)
	assert.Zero(t, idp.fetches.Load(), "the server never asked the loopback address")
	owner.assertAccessible("keys URL tested")
	owner.assertCleanConsole()
}
