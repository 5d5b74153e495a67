package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestChatSDKFromAnotherRealm: a parent page calls the SDK of the widget
// in its iframe with objects it made itself (another realm, another
// Object.prototype), as Microsoft's SDK allows: they are plain objects by
// shape, so the invitation shows with the parent's message and options.
func TestChatSDKFromAnotherRealm(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/e2e/frame-parent.html")
	waitJS(t, tb.ctx, `!!lcwFrame() && document.getElementById("frame").contentWindow.__lcwEvents.some((e) => e.type === "lcw:ready")`, waitTimeout)
	assert.False(t, evalJS[bool](tb, `({}) instanceof document.getElementById("frame").contentWindow.Object`), "the parent's objects are of another realm")

	tb.eval(`lcwFrame().startProactiveChat({message: "Asked by the parent page"}, false, {inNewWindow: false})`)
	frame := `document.getElementById("frame").contentWindow`
	waitJS(t, tb.ctx, frame+`.__e2e.shown("oc-lcw-proactivechat")`, waitTimeout)
	assert.Equal(t, "Asked by the parent page", evalJS[string](tb, frame+`.__e2e.text("oc-lcw-proactivechat-bodytitle")`))
	shown := evalJS[[]lcwEvent](tb, frame+`.__e2e.events("lcw:proactiveChatShown")`)
	assert.Len(t, shown, 1)
	assert.Empty(t, evalJS[[]lcwEvent](tb, frame+`.__e2e.events("lcw:error")`))
}

// TestChatWidgetRemovedFromThePage: after the page removes #oc-lcw, an
// invitation puts the widget back before it shows, so lcw:proactiveChatShown
// never announces an invitation nobody sees.
func TestChatWidgetRemovedFromThePage(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tb.eval(`document.getElementById("oc-lcw").remove()`)
	assert.False(t, evalJS[bool](tb, `!!document.getElementById("oc-lcw")`))

	tb.startProactiveChat(`{message: "Still here"}`)
	tb.waitEvent("lcw:proactiveChatShown")
	assert.True(t, evalJS[bool](tb, `document.getElementById("oc-lcw")?.isConnected === true`), "the widget is back in the page")
	// On screen by the next frames (a remounted host lays out anew; the
	// check at the very moment of the event failed once on a busy run).
	tb.waitShown(idInvitation)
	assert.Equal(t, "Still here", tb.text("oc-lcw-proactivechat-bodytitle"))
}
