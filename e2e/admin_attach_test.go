package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// attachTypesApp is the widget whose attachment types the settings form
// narrows (chat on); testdata/chat-attach-admin.html embeds it.
const attachTypesApp = "e2e-admin-attach"

// TestSettingsAttachmentTypes: the attachment types as a group of
// checkboxes, kept in sync with the JSON view both ways. Unticking every
// type while attachments are on is the widget decoder's problem at the
// group; PNG and PDF are published, and a visitor's file input then
// accepts just those. axe in light and dark mode and on a 360 px phone.
func TestSettingsAttachmentTypes(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, attachTypesApp)
	boxes := func() []string {
		t.Helper()
		return evalJS[[]string](owner, `[...document.querySelectorAll("#attachment-types input")].filter(b => b.checked).map(b => b.id)`)
	}
	require.Equal(t, []string{"att-type-png", "att-type-jpeg", "att-type-gif", "att-type-webp", "att-type-pdf"}, boxes(), "all five by default")

	owner.setJSON(`c.attachments = {"types": ["image/gif"]}`)
	waitJS(t, owner.ctx, `document.querySelector("#att-type-gif").checked && !document.querySelector("#att-type-png").checked`, waitTimeout)
	assert.Equal(t, []string{"att-type-gif"}, boxes(), "the JSON view's types reach the form")

	toggle := func(id string) { // Space on the focused box, as a keyboard would
		t.Helper()
		owner.do(chromedp.Focus("#" + id))
		owner.press(" ")
	}
	toggle("att-type-gif")
	const want = `widget: attachments.types: want at least one type while "enabled" is true (or "enabled": false to take no files)`
	waitJS(t, owner.ctx, `document.querySelector('.field-error[data-wpath="attachments.types"]')?.textContent === `+jsString(want), waitTimeout)
	assert.Equal(t, map[string]any{"enabled": true, "types": []any{}}, owner.consoleJSON()["attachments"])
	assert.False(t, evalJS[bool](owner, `document.querySelector("#valid").textContent.startsWith("Valid")`))
	owner.assertAccessible("attachment types with no type ticked")

	toggle("att-type-png")
	toggle("att-type-pdf")
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Equal(t, map[string]any{"types": []any{"image/png", "application/pdf"}}, owner.consoleJSON()["attachments"])
	assert.True(t, evalJS[bool](owner, `document.querySelector('.field-error[data-wpath="attachments.types"]').hidden`))

	// Off, the types keep their ticks but cannot be changed; on again, they count.
	toggle("attachments")
	waitJS(t, owner.ctx, `document.querySelector("#attachment-types").disabled`, waitTimeout)
	assert.Equal(t, false, owner.consoleJSON()["attachments"].(map[string]any)["enabled"])
	toggle("attachments")
	waitJS(t, owner.ctx, `!document.querySelector("#attachment-types").disabled`, waitTimeout)
	assert.Equal(t, map[string]any{"types": []any{"image/png", "application/pdf"}}, owner.consoleJSON()["attachments"])

	owner.do(chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Published version 2")`, waitTimeout)

	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat-attach-admin.html?run=" + unique(t))
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-file")?.accept === "image/png,application/pdf"`, waitTimeout)

	owner.eval(`document.querySelector("#attachment-types").scrollIntoView()`)
	owner.assertAccessible("attachment types")
	owner.darkMode(true)
	owner.assertAccessible("attachment types, dark")
	screenshot(owner, "admin-attachment-types-dark")
	owner.darkMode(false)
	owner.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	owner.eval(`document.querySelector("#attachment-types").scrollIntoView()`)
	owner.assertAccessible("attachment types on a phone")
	screenshot(owner, "admin-attachment-types-phone")
	owner.assertCleanConsole()
}
