package e2e

// Page helpers of the invitation: showing, reading and declining it.

import (
	"fmt"
	"strings"

	"github.com/stretchr/testify/assert"
)

// defaultMessage is the invitation text when the page gives none (SDK.md).
const defaultMessage = "Hi! Have any questions? I'm here to help"

// startProactiveChat calls the SDK with args (JS source, without the
// parentheses), as a page script would.
func (tb *tab) startProactiveChat(args string) {
	tb.t.Helper()
	tb.eval(fmt.Sprintf(`%s.startProactiveChat(%s)`, sdk, args))
}

// body is the invitation's message as shown.
func (tb *tab) body() string {
	tb.t.Helper()
	return strings.TrimSpace(tb.text(idBody))
}

// invite shows an invitation with a good call and declines it: the
// runtime still works.
func (tb *tab) invite(msg string) {
	tb.t.Helper()
	tb.startProactiveChat(fmt.Sprintf("{message: %q}", msg))
	tb.waitShown(idInvitation)
	assert.Equal(tb.t, msg, tb.body())
	tb.click(idClose)
	tb.waitGone(idInvitation)
}

// showSettled shows an invitation and waits until it is hit-testable with
// no animation running, so its box is final.
func (tb *tab) showSettled() {
	tb.t.Helper()
	tb.startProactiveChat(`{message: "Layout check: a message long enough to wrap onto a second line on a phone"}`)
	tb.waitShown(idInvitation)
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.clickPoint(%q) !== null`, idStart), waitTimeout)
}

// decline closes the invitation with its close button and waits for
// lcw:proactiveChatDeclined.
func (tb *tab) decline() lcwEvent {
	tb.t.Helper()
	tb.click(idClose)
	waitJS(tb.t, tb.ctx, `__e2e.events("lcw:proactiveChatDeclined").length > 0`, waitTimeout)
	tb.waitGone(idInvitation)
	return tb.events("lcw:proactiveChatDeclined")[0]
}
