package widget

import (
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/runes"
	"github.com/lcwasm/lcwasm/internal/wire"
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
	jump       Node // "New messages ↓"
	typingNote Node // the polite announcement of the agent's typing
	typing     Node // the dots, last in the transcript while the agent types
	ended      Node // the end notice, last in the transcript once it is over
	offline    bool // the banner says so
	lines      map[string]*line
	order      []string
	pin        pin
	agent      string // the agent's display name, once known
	jumping    bool   // the jump control shows
	body, form Node   // the pane's body and its send box
	invitation string // the accepted invitation's message, the first line
	after      Node   // the rating and the download, below the ended chat
	thumb      int    // the thumb chosen: 1 up, -1 down, 0 none
	rateNote   Node   // says why a rating did not go
	rateMore   Node   // the comment and Send, shown once a thumb is chosen
	endedText  string // the end notice, for the transcript
	files      Attachments
	attach     Node              // the attach button, nil when the widget takes no files
	file       Node              // its file input, hidden
	uploads    []Node            // the files being sent, below the messages
	previews   map[string]string // attachment id → the URL it shows by ("" while fetched)
	waiting    map[string][]Node // attachment id → the images waiting for its URL
}

// line is one message as shown: its element, the slot at its top that
// holds the group's name and time (or, inside a group, the sender for
// screen readers only), and whether it opens a group.
type line struct {
	node, slot Node
	m          chat.Message
	head, done bool // done: the slot is filled for head
}

// showLive fills the chat pane's body with the transcript, the status
// lines and the send box.
func (v *DOMView) showLive(body Node, files Attachments) {
	l := &livePane{lines: map[string]*line{}, previews: map[string]string{}, waiting: map[string][]Node{}}
	l.connection = v.el("p", "id", "oc-lcw-chat-connection", "class", "lcw-banner", "role", "status")
	l.status = v.el("p", "id", "oc-lcw-chat-status", "class", "lcw-system", "role", "status")
	l.typingNote = v.el("p", "id", "oc-lcw-chat-typing-status", "class", "lcw-sr", "role", "status")
	l.transcript = v.el("div", "id", "oc-lcw-chat-transcript", "class", "lcw-transcript", "role", "log",
		"aria-label", v.say(PhraseConversation), "tabindex", "0")
	l.transcript.On("scroll", v.scrolled)
	l.jump = v.text("button", v.say(PhraseNewMessages), "id", "oc-lcw-chat-newmessages", "class", "lcw-jump lcw-hidden", "type", "button")
	l.jump.On("click", v.jumpDown)
	log := v.el("div", "class", "lcw-log")
	log.Append(l.transcript)
	log.Append(l.jump)
	body.Append(l.connection)
	body.Append(l.status)
	body.Append(l.typingNote)
	body.Append(log)
	form := v.el("form", "id", "oc-lcw-chat-sendbox", "class", "lcw-sendbox", "novalidate", "")
	form.Append(v.text("label", v.say(PhraseMessageLabel), "for", "oc-lcw-chat-input", "class", "lcw-sr"))
	l.input = v.el("textarea", "id", "oc-lcw-chat-input", "rows", "1", "autocomplete", "off",
		"maxlength", strconv.Itoa(chat.MaxTextLength), "aria-describedby", "oc-lcw-chat-problem", "enterkeyhint", "send")
	l.input.On("input", func() { v.act.Typing() })
	if k, ok := l.input.(KeyListener); ok {
		k.OnKey(func(p KeyPress) bool {
			if !SendsMessage(p) {
				return false
			}
			v.sendMessage()
			return true
		})
	}
	l.send = v.text("button", v.say(PhraseSend), "id", "oc-lcw-chat-send", "class", "lcw-primary lcw-send", "type", "submit")
	l.problem = v.el("div", "id", "oc-lcw-chat-problem", "class", "lcw-error")
	form.Append(l.input)
	v.conv = l
	v.attachControls(form, files)
	form.Append(l.send)
	form.Append(l.problem)
	form.On("submit", v.sendMessage)
	body.Append(form)
	l.body, l.form = body, form
}

// invitationLine is the accepted invitation's message, the first line of
// the conversation: said by the agent's side, marked as the invitation
// for screen readers, never regrouped with what follows.
func (v *DOMView) invitationLine(text string) {
	n := v.el("div", "id", "oc-lcw-chat-invitation", "class", "lcw-msg lcw-msg-agent lcw-msg-invitation")
	n.Append(v.text("span", v.say(PhraseInviteLabel), "class", "lcw-sr"))
	n.Append(v.text("p", text, "class", "lcw-msg-text"))
	v.conv.transcript.Append(n)
	v.conv.invitation = text
}

func (v *DOMView) sendMessage() {
	l := v.conv
	text := l.input.Value()
	if runes.Blank(text) {
		return
	}
	l.pin.Jump() // the visitor's own message comes into view
	if err := v.act.Send(text); err != nil {
		l.problem.SetText(v.notSent(err))
		return
	}
	l.problem.SetText("")
	l.input.SetValue("")
}

// notSent says, in the visitor's language, why Send refused a message.
func (v *DOMView) notSent(err error) string {
	// A type assertion, not errors.As: that would link reflection into
	// the wasm (+30 KB) for one error type chat returns unwrapped.
	if long, ok := err.(*chat.TooLongError); ok {
		return v.say(PhraseTooLong, "n", strconv.Itoa(long.Length-chat.MaxTextLength), "max", strconv.Itoa(chat.MaxTextLength))
	}
	return v.say(PhraseNotSent)
}

// Message shows m, replacing the line with the same key, before the line
// whose key is before (last when before is "").
func (v *DOMView) Message(m chat.Message, before string) {
	l := v.conv
	if l == nil {
		return
	}
	key := m.Key()
	_, replaced := l.lines[key]
	if old, ok := l.lines[key]; ok {
		old.node.Remove()
		l.order = remove(l.order, key)
	}
	l.lines[key] = v.messageLine(m)
	if m.From == wire.FromAgent && m.Name != "" {
		l.agent = m.Name
	}
	at := len(l.order)
	for i, k := range l.order {
		if k == before {
			at = i
		}
	}
	rest := append([]string(nil), l.order[at:]...)
	for _, k := range rest {
		l.lines[k].node.Remove()
	}
	l.transcript.Append(l.lines[key].node)
	for _, k := range rest {
		l.transcript.Append(l.lines[k].node)
	}
	l.order = append(append(l.order[:at:at], key), rest...)
	v.regroup()
	if m.From == wire.FromAgent {
		v.AgentTyping(false) // what they typed is here
	}
	v.keepLast()
	if replaced {
		v.follow()
		return
	}
	v.added()
}

// regroup fills the top slot of every line whose place in its group is
// new: the first line of a group shows the sender's name (agents only)
// and the time, the others name the sender to screen readers only.
func (v *DOMView) regroup() {
	l := v.conv
	var prev *chat.Message
	for _, k := range l.order {
		ln := l.lines[k]
		head := startsGroup(prev, ln.m)
		if !ln.done || head != ln.head {
			ln.head, ln.done = head, true
			v.fillSlot(ln)
		}
		prev = &ln.m
	}
}

func (v *DOMView) fillSlot(ln *line) {
	m, s := ln.m, ln.slot
	s.SetText("")
	who := m.Name
	if m.From == wire.FromVisitor {
		who = v.say(PhraseYou)
	}
	if m.From == wire.FromSystem {
		return
	}
	if !ln.head {
		if who != "" {
			s.Append(v.text("span", who, "class", "lcw-sr"))
		}
		return
	}
	if m.From == wire.FromAgent && who != "" {
		s.Append(v.text("bdi", who, "class", "lcw-msg-name"))
	} else if who != "" {
		s.Append(v.text("span", who, "class", "lcw-sr"))
	}
	if t, ok := v.doc.(Times); ok && m.At != 0 {
		exact := t.LongTime(m.At)
		tm := v.el("time", "class", "lcw-msg-time", "datetime", t.MachineTime(m.At), "title", exact)
		tm.Append(v.text("span", t.ShortTime(m.At), "aria-hidden", "true"))
		tm.Append(v.text("span", v.say(PhraseSentAt, "time", exact), "class", "lcw-sr"))
		s.Append(tm)
	}
}

func (v *DOMView) messageLine(m chat.Message) *line {
	node := v.el("div", "class", "lcw-msg lcw-msg-"+m.From, "data-state", m.State.String())
	slot := v.el("div", "class", "lcw-msg-head")
	node.Append(slot)
	text := m.Text
	if m.From == wire.FromSystem && text == chat.UnavailableNotice {
		text = v.say(PhraseEndedUnavailable)
	}
	if m.Attachment.ID != "" {
		node.Append(v.attachmentBody(m.Attachment))
	} else {
		node.Append(v.linked(text))
	}
	switch m.State {
	case chat.Pending:
		node.Append(v.text("span", v.say(PhraseSending), "class", "lcw-msg-state"))
	case chat.Failed:
		node.Append(v.text("span", v.say(PhraseNotDelivered), "class", "lcw-msg-state lcw-error"))
	}
	return &line{node: node, slot: slot, m: m}
}

// linkRel keeps a linked page from reaching back into this one (opener),
// learning where the visitor came from (referrer), or counting as the
// site's endorsement (nofollow, ugc: the text is a visitor's or agent's).
const linkRel = "noopener noreferrer nofollow ugc"

// linked is a message's text as a paragraph whose http, https and
// mailto addresses are links (Linkify), built node by node: the text is
// never parsed as HTML.
func (v *DOMView) linked(text string) Node {
	p := v.el("p", "class", "lcw-msg-text", "dir", "auto")
	segs := Linkify(text)
	if len(segs) <= 1 && (len(segs) == 0 || !segs[0].Link) {
		p.SetText(text)
		return p
	}
	for _, s := range segs {
		if !s.Link {
			n := v.el("span")
			n.SetText(s.Text)
			p.Append(n)
			continue
		}
		a := v.el("a", "href", s.Text, "target", "_blank", "rel", linkRel, "class", "lcw-link")
		a.SetText(s.Text)
		p.Append(a)
	}
	return p
}

func remove(list []string, s string) []string {
	for i, x := range list {
		if x == s {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// keepLast keeps the typing dots and the end notice below the messages.
func (v *DOMView) keepLast() {
	l := v.conv
	for _, n := range l.uploads {
		l.transcript.Append(n)
	}
	for _, n := range []Node{l.typing, l.ended} {
		if n != nil {
			l.transcript.Append(n)
		}
	}
}

// scroller is the transcript as a scrolling box, when the document has
// one.
func (v *DOMView) scroller() (Scroller, bool) {
	if v.conv == nil {
		return nil, false
	}
	s, ok := v.conv.transcript.(Scroller)
	return s, ok
}

// scrolled is the visitor (or the view) scrolling the transcript.
func (v *DOMView) scrolled() {
	if s, ok := v.scroller(); ok {
		v.conv.pin.Scrolled(s.Scroll())
		v.showJump()
	}
}

// added is something new at the bottom: it comes into view while the
// visitor reads there; otherwise the jump control says so.
func (v *DOMView) added() {
	if v.conv.pin.Added() {
		v.toBottom()
	}
	v.showJump()
}

// follow keeps the bottom in view while pinned: a line changed size, or
// a status line, the banner or the close question took room from the
// transcript or gave it back (the browser keeps scrollTop, so the bottom
// would slip out of view).
func (v *DOMView) follow() {
	if v.conv != nil && v.conv.pin.Pinned() {
		v.toBottom()
	}
}

func (v *DOMView) toBottom() {
	if s, ok := v.scroller(); ok {
		s.ScrollTo(s.Scroll().Height)
	}
}

// showJump shows the jump control while messages wait below the view.
func (v *DOMView) showJump() {
	l := v.conv
	on := l.pin.Unseen()
	if on == l.jumping {
		return
	}
	l.jumping = on
	if on {
		l.jump.SetAttr("class", "lcw-jump")
		return
	}
	had := v.hasFocus(l.jump)
	l.jump.SetAttr("class", "lcw-jump lcw-hidden")
	if had { // it goes away under the visitor's focus
		l.input.Focus()
	}
}

// jumpDown is the jump control: to the newest message, pinned again.
func (v *DOMView) jumpDown() {
	v.conv.pin.Jump()
	v.toBottom()
	v.showJump()
}

// shown is the pane visible again after it was minimized: the browser
// forgot the hidden transcript's position, so it goes back to the bottom
// or to where the visitor was.
func (v *DOMView) shown() {
	s, ok := v.scroller()
	if !ok {
		return
	}
	top, bottom := v.conv.pin.Restore()
	if bottom {
		top = s.Scroll().Height
	}
	s.ScrollTo(top)
}

// AgentTyping shows the agent typing (animated dots, and a polite
// announcement) or stops showing it.
func (v *DOMView) AgentTyping(on bool) {
	l := v.conv
	if l == nil || on == (l.typing != nil) || (on && l.ended != nil) {
		return
	}
	if !on {
		l.typing.Remove()
		l.typing = nil
		l.typingNote.SetText("")
		return
	}
	l.typing = v.el("div", "id", "oc-lcw-chat-typing", "class", "lcw-typing", "aria-hidden", "true")
	for range 3 {
		l.typing.Append(v.el("span", "class", "lcw-dot"))
	}
	if l.agent != "" {
		v.sentenceWith(l.typingNote, PhraseTyping, l.agent)
	} else {
		l.typingNote.SetText(v.say(PhraseTypingNoName))
	}
	v.keepLast()
	v.follow()
}

// Queue shows the visitor's place in the queue, and the expected wait
// when the service knows one (its average wait, rounded up to a minute).
func (v *DOMView) Queue(position int, wait instant.Duration) {
	if v.conv == nil || position <= 0 {
		return
	}
	n := strconv.Itoa(position)
	m, ok := v.doc.(Minutes)
	if wait > 0 && ok {
		mins := int((wait + instant.Minute - 1) / instant.Minute)
		v.conv.status.SetText(v.say(PhraseQueueWait, "n", n, "time", m.Minutes(mins)))
	} else {
		v.conv.status.SetText(v.say(PhraseQueue, "n", n))
	}
	v.follow()
}

// Looking says the widget is asking whether an agent is there.
func (v *DOMView) Looking() {
	if v.conv != nil {
		v.conv.status.SetText(v.say(PhraseLooking))
	}
}

// AgentJoined says an agent took the chat.
func (v *DOMView) AgentJoined(name string) {
	if v.conv == nil {
		return
	}
	if name != "" {
		v.conv.agent = name
	}
	if name == "" {
		v.conv.status.SetText(v.say(PhraseJoinedAnon))
	} else {
		v.sentenceWith(v.conv.status, PhraseJoined, name)
		v.agentHeader(name)
	}
	v.follow() // the status line took room from the transcript
}

// Connection shows the offline banner while the chat reconnects. The
// banner stays through the attempts to reconnect and changes only when
// the link goes down or comes back, so it neither flickers nor has screen
// readers repeat it (it is a status live region) at every attempt.
func (v *DOMView) Connection(link chat.Link, _ instant.Time) {
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
		text = v.say(PhraseOffline)
	}
	l.connection.SetText(text)
	v.follow()
}

var endings = map[string]Phrase{
	"agent":   PhraseEndedAgent,
	"visitor": PhraseEndedVisitor,
	"expired": PhraseEndedExpired,
	"refused": PhraseEndedRefused,
	"failed":  PhraseEndedFailed,
	// The service's limits and a store that cannot write (package wire).
	"unavailable": PhraseEndedUnavailable,
	"busy":        PhraseEndedBusy,
	"crowded":     PhraseEndedCrowded,
}

// Ended shows the conversation as over; nothing more can be sent. The
// notice goes at the bottom of the transcript, where the visitor reads,
// inside its log, which announces it; the status line at the top, about
// the queue or the agent, no longer applies. A new chat can start from
// there, except when the service refused this visitor.
func (v *DOMView) Ended(by string) {
	l := v.conv
	if l == nil || l.ended != nil {
		return
	}
	v.AgentTyping(false)
	l.status.SetText("")
	l.input.SetAttr("disabled", "")
	l.send.SetAttr("disabled", "")
	if l.attach != nil {
		l.attach.SetAttr("disabled", "")
	}
	l.ended = v.el("div", "id", "oc-lcw-chat-end", "class", "lcw-end")
	l.endedText = v.say(endings[by])
	l.ended.Append(v.text("p", l.endedText, "id", "oc-lcw-chat-ended", "class", "lcw-end-text"))
	if by != "refused" && by != "crowded" { // crowded: the conversation goes on in another tab
		b := v.text("button", v.say(PhraseNewChat), "id", "oc-lcw-chat-newchat", "class", "lcw-primary lcw-newchat", "type", "button")
		b.On("click", func() { v.act.NewChat() })
		l.ended.Append(b)
	}
	v.keepLast()
	v.added()
	if by == "agent" || by == "visitor" {
		v.afterChat()
	}
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
	b.Append(v.text("span", v.say(PhraseLauncher), "class", "lcw-launcher-text"))
	if n > 0 {
		b.Append(v.text("span", ", ", "class", "lcw-sr"))
		badge := v.el("span", "id", "oc-lcw-chat-button-unread", "class", "lcw-badge")
		badge.SetText(strconv.Itoa(n)) // digits: the badge keeps the widget's direction, and its side
		b.Append(badge)
		b.Append(v.text("span", " "+v.say(PhraseUnread), "class", "lcw-sr"))
	}
}

// agentHeader puts the agent's name in the pane's heading, with their
// initials as an avatar beside it.
func (v *DOMView) agentHeader(name string) {
	if v.title == nil || v.avatar == nil {
		return
	}
	v.title.SetText(name)
	v.avatar.SetText(Initials(name))
	v.avatar.SetAttr("class", "lcw-avatar")
}

// Initials are what an avatar shows for a name: the first letters of its
// first and last words, upper-cased ("Kim Lee" → "KL", "ana" → "A").
func Initials(name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	first := func(w string) string {
		for _, r := range w {
			return string(r)
		}
		return ""
	}
	s := first(words[0])
	if len(words) > 1 {
		s += first(words[len(words)-1])
	}
	return strings.ToUpper(s)
}
