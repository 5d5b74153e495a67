package e2e

// Page helpers of the chat pane: sending, reading what it shows, and the
// availability the SDK reports.

import (
	"strconv"
	"time"
)

// typeMessage sends text from the chat pane's send box.
func (tb *tab) typeMessage(text string) {
	tb.t.Helper()
	tb.eval(`__e2e.el("oc-lcw-chat-input").value = ` + jsString(text) + `;
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
}

// shownMessage is a visitor message as the pane shows it.
type shownMessage struct {
	Text  string `json:"text"`
	State string `json:"state"`
	Label string `json:"label"` // "Sending…" while pending
}

// visitorMessages are the visitor's messages in the pane, in order.
func (tb *tab) visitorMessages() []shownMessage {
	tb.t.Helper()
	return evalJS[[]shownMessage](tb, `[...__e2e.root().querySelectorAll(".lcw-msg-visitor")].map(m => ({
		text: m.querySelector(".lcw-msg-text").textContent, state: m.dataset.state,
		label: m.querySelector(".lcw-msg-state")?.textContent ?? ""}))`)
}

// waitSent waits until the pane shows n visitor messages, all sent.
func (tb *tab) waitSent(n int, timeout time.Duration) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, `(() => { const all = __e2e.root().querySelectorAll(".lcw-msg-visitor");
		return all.length === `+strconv.Itoa(n)+` && [...all].every(m => m.dataset.state === "sent"); })()`, timeout)
}

// states are the messages' states.
func states(list []shownMessage) []string {
	var out []string
	for _, m := range list {
		out = append(out, m.State)
	}
	return out
}

// sentTexts are the texts of the lcw:onMessageSent events, in order.
func (tb *tab) sentTexts() []string {
	var out []string
	for _, e := range tb.events("lcw:onMessageSent") {
		s, _ := e.Detail["text"].(string)
		out = append(out, s)
	}
	return out
}

// availability is getAgentAvailability's answer.
func (tb *tab) availability() map[string]any {
	tb.t.Helper()
	return evalJS[map[string]any](tb, `(async () => await `+sdk+`.getAgentAvailability())()`)
}
