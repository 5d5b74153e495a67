package widget

import (
	"strconv"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/chat"

	"github.com/lcwasm/lcwasm/internal/runes"
)

// livePane holds the nodes of a chat pane connected to a chat service; DOMView
// implements chat.View through it.
type livePane struct {
	transcript Node
	status     Node
	connection Node
	input      Node
	send       Node
	problem    Node
	offline    bool // the banner says so
	msgs       map[string]Node
	order      []string
}

// showLive fills the chat pane's body with the transcript, the status
// lines and the send box.
func (v *DOMView) showLive(body Node) {
	l := &livePane{msgs: map[string]Node{}}
	l.connection = v.el("p", "id", "oc-lcw-chat-connection", "class", "lcw-banner", "role", "status")
	l.status = v.el("p", "id", "oc-lcw-chat-status", "class", "lcw-system", "role", "status")
	l.transcript = v.el("div", "id", "oc-lcw-chat-transcript", "class", "lcw-transcript", "role", "log", "aria-label", "Conversation")
	body.Append(l.connection)
	body.Append(l.status)
	body.Append(l.transcript)
	form := v.el("form", "id", "oc-lcw-chat-sendbox", "class", "lcw-sendbox", "novalidate", "")
	form.Append(v.text("label", "Type your message", "for", "oc-lcw-chat-input", "class", "lcw-sr"))
	l.input = v.el("input", "id", "oc-lcw-chat-input", "type", "text", "autocomplete", "off",
		"maxlength", strconv.Itoa(chat.MaxTextLength), "aria-describedby", "oc-lcw-chat-problem")
	l.send = v.text("button", "Send", "id", "oc-lcw-chat-send", "class", "lcw-primary lcw-send", "type", "submit")
	l.problem = v.el("div", "id", "oc-lcw-chat-problem", "class", "lcw-error")
	form.Append(l.input)
	form.Append(l.send)
	form.Append(l.problem)
	form.On("submit", v.sendMessage)
	body.Append(form)
	v.conv = l
}

func (v *DOMView) sendMessage() {
	l := v.conv
	text := l.input.Value()
	if runes.Blank(text) {
		return
	}
	if err := v.act.Send(text); err != nil {
		l.problem.SetText(sentence(err))
		return
	}
	l.problem.SetText("")
	l.input.SetValue("")
}

// sentence turns "chat: the message is too long" into a sentence for the
// visitor.
func sentence(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i >= 0 && !strings.Contains(s[:i], " ") {
		s = s[i+2:]
	}
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// Message shows m, replacing the line with the same key, before the line
// whose key is before (last when before is "").
func (v *DOMView) Message(m chat.Message, before string) {
	l := v.conv
	if l == nil {
		return
	}
	key := m.Key()
	if old, ok := l.msgs[key]; ok {
		old.Remove()
		l.order = remove(l.order, key)
	}
	line := v.messageLine(m)
	l.msgs[key] = line
	at := len(l.order)
	for i, k := range l.order {
		if k == before {
			at = i
		}
	}
	rest := append([]string(nil), l.order[at:]...)
	for _, k := range rest {
		l.msgs[k].Remove()
	}
	l.transcript.Append(line)
	for _, k := range rest {
		l.transcript.Append(l.msgs[k])
	}
	l.order = append(append(l.order[:at:at], key), rest...)
}

func (v *DOMView) messageLine(m chat.Message) Node {
	line := v.el("div", "class", "lcw-msg lcw-msg-"+m.From, "data-state", m.State.String())
	switch {
	case m.From == "agent" && m.Name != "":
		line.Append(v.text("span", m.Name, "class", "lcw-msg-name"))
	case m.From == "visitor":
		line.Append(v.text("span", "You", "class", "lcw-sr"))
	}
	line.Append(v.text("p", m.Text, "class", "lcw-msg-text"))
	switch m.State {
	case chat.Pending:
		line.Append(v.text("span", "Sending…", "class", "lcw-msg-state"))
	case chat.Failed:
		line.Append(v.text("span", "Not delivered", "class", "lcw-msg-state lcw-error"))
	}
	return line
}

func remove(list []string, s string) []string {
	for i, x := range list {
		if x == s {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// Queue shows the visitor's place in the queue.
func (v *DOMView) Queue(position int, _ time.Duration) {
	if v.conv != nil && position > 0 {
		v.conv.status.SetText("You're number " + strconv.Itoa(position) + " in the queue. An agent will be with you shortly.")
	}
}

// AgentJoined says an agent took the chat.
func (v *DOMView) AgentJoined(name string) {
	if v.conv == nil {
		return
	}
	if name == "" {
		name = "An agent"
	}
	v.conv.status.SetText(name + " joined the chat.")
}

// Connection shows the offline banner while the chat reconnects. The
// banner stays through the attempts to reconnect and changes only when
// the link goes down or comes back, so it neither flickers nor has screen
// readers repeat it (it is a status live region) at every attempt.
func (v *DOMView) Connection(link chat.Link, _ time.Time) {
	l := v.conv
	if l == nil || link == chat.Connecting {
		return
	}
	offline := link == chat.Offline
	if offline == l.offline {
		return
	}
	l.offline = offline
	text := ""
	if offline {
		// True of both outages the page cannot tell apart for sure: the
		// visitor's network, or the chat service.
		text = "Can't reach the chat service. Reconnecting…"
	}
	l.connection.SetText(text)
}

var endings = map[string]string{
	"agent":   "The agent ended the chat.",
	"visitor": "You ended the chat.",
	"expired": "This chat has ended.",
	"refused": "The chat service refused this chat.",
	"failed":  ChatFailedNotice,
}

// Ended shows the conversation as over; nothing more can be sent.
func (v *DOMView) Ended(by string) {
	if v.conv == nil {
		return
	}
	v.conv.status.SetText(endings[by])
	v.conv.input.SetAttr("disabled", "")
	v.conv.send.SetAttr("disabled", "")
}

// Unread badges the chat button with the agent messages that came while
// the pane was minimized. The button's name comes from its content, "Let's
// Chat, 2 unread", so it holds the visible text (WCAG 2.5.3): the badge is
// read, with screen-reader-only words around it.
func (v *DOMView) Unread(n int) {
	v.unread = n
	b := v.launcher
	if b == nil {
		return
	}
	b.SetText("")
	b.Append(v.el("span", "class", "lcw-launcher-icon", "aria-hidden", "true"))
	b.Append(v.text("span", "Let's Chat", "class", "lcw-launcher-text"))
	if n > 0 {
		b.Append(v.text("span", ", ", "class", "lcw-sr"))
		b.Append(v.text("span", strconv.Itoa(n), "id", "oc-lcw-chat-button-unread", "class", "lcw-badge"))
		b.Append(v.text("span", " unread", "class", "lcw-sr"))
	}
}
