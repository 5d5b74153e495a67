package e2e

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesPageCallCourtesy: where rules run, a page's startProactiveChat
// keeps the same courtesy as a rule's invitation: it waits while the
// visitor types in a form field (shown three seconds after the last
// keystroke), and it is ignored while another tab of the visitor shows an
// invitation.
func TestRulesPageCallCourtesy(t *testing.T) {
	t.Parallel()
	rules := `{"rules": [` + pageStartProbe + `]}`

	t.Run("typing", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.addScript(inputLog)
		tb.keepFocus()
		tb.open("page.html")
		tb.eval(`document.getElementById("q").focus()`)
		for range 3 {
			tb.do(chromedp.KeyEvent("x"))
			tb.waitPageTime(tb.pageTime() + 150)
		}
		tb.startProactiveChat(`{message: "Typed a question?"}, false`)
		keys := evalJS[[]float64](tb, `window.__keys`)
		require.NotEmpty(t, keys)
		last := slices.Max(keys)
		tb.quietUntil(last+2500, "a page's call waits while the visitor types")
		shown := tb.waitEvent("lcw:proactiveChatShown")
		assert.GreaterOrEqual(t, shown.T, last+3000-50, "shown while the visitor was typing")
		assert.Less(t, shown.T, last+3000+1500, "shown late after the typing stopped")
		assert.Equal(t, "Typed a question?", tb.text("oc-lcw-proactivechat-bodytitle"))
		assert.Equal(t, "q", evalJS[string](tb, `document.activeElement?.id ?? ""`), "focus stays in the field")
	})
	t.Run("another tab", func(t *testing.T) {
		t.Parallel()
		w := withRules(t, rules, "")
		first := newRulesTab(t, w)
		first.open("a.html")
		first.startProactiveChat(`{message: "In the first tab"}`)
		first.waitEvent("lcw:proactiveChatShown")
		second := first.sibling(t, w)
		second.open("b.html")
		mark := second.consoleMark()
		second.startProactiveChat(`{message: "In the second tab"}`)
		second.waitConsole("warning", mark, "startProactiveChat ignored", "another tab")
		second.quietFor(500, "another tab of the visitor shows an invitation")
		assert.Empty(t, second.events("lcw:proactiveChatShown"))

		first.decline()
		// Once the second tab hears of the decline (a storage event), its
		// call shows: call until it does.
		waitJS(t, second.ctx, `(`+sdk+`.startProactiveChat({message: "In the second tab"}),
			__e2e.events("lcw:proactiveChatShown").length > 0)`, waitTimeout)
	})
}
