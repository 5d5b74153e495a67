package widget

import (
	"strings"

	"github.com/lcwasm/lcwasm/chat"
)

// Actions are what the visitor can do in the view; *Widget implements them.
type Actions interface {
	Accept() bool
	Decline(how string) bool
	StartChat(o ChatOptions)
	SubmitPrechat(values map[string]string) bool
	SubmitOffline(values map[string]string) bool
	Rate(choose bool, r Rating, values map[string]string) bool
	ClosePane()
	ConfirmClose()
	CancelClose()
	Send(text string) error
	Typing()
	Minimize()
	NewChat()
	// Attach uploads a file the visitor picked: progress reports the
	// bytes sent, done once how it ended ("" stored, else the code of
	// the refusal, see package wire, AttachFailed or AttachCancelled);
	// cancel stops it.
	Attach(f File, progress func(sent, total int64), done func(code string)) (cancel func())
	// Preview fetches an attachment for showing and gives then its URL
	// ("" when it could not be fetched).
	Preview(a chat.Attachment, then func(url string))
	// Save downloads an attachment to the visitor's device.
	Save(a chat.Attachment)
}

// DOMView renders the widget through a Document. It keeps the nodes it
// shows so it can take them down again.
type DOMView struct {
	doc      Document
	act      Actions
	dock     Node
	live     Node
	launcher Node
	invite   Node
	pane     Node
	inputs   []input     // the prechat form's controls
	conv     *livePane   // the connected chat pane's nodes
	back     func() bool // refocuses the page element focused when the pane opened
	entry    Node        // where focus goes in the open pane: first field, message box or title
	// inviteKeys are the invitation's buttons; relaunch says one of them
	// had focus when it went, so the launcher coming back takes focus.
	inviteKeys []Node
	relaunch   bool
	unread     int  // agent messages while minimized, badged on the launcher
	confirm    Node // the question × asks on a running chat, while it shows
	closeKey   Node // the open pane's close button
	lang       Language
	title      Node // the open pane's heading
	avatar     Node // the agent's initials beside it, hidden until one joins
	// offlineForm and offlineNote are the leave-a-message form and the line
	// that says why a message did not go.
	offlineForm, offlineNote Node
	post                     PostChat // the survey after a chat ends
}

type input struct {
	name    string
	control Node
	message Node
}

// NewDOMView prepares the root: a polite live region and the dock that
// holds the launcher, the invitation and the panes.
func NewDOMView(doc Document) *DOMView {
	v := &DOMView{doc: doc}
	v.live = v.el("div", "id", "oc-lcw-live", "class", "lcw-sr", "aria-live", "polite", "aria-atomic", "true")
	v.dock = v.el("div", "class", "lcw-dock")
	doc.Root().Append(v.live)
	doc.Root().Append(v.dock)
	return v
}

// Mount puts the view back in the page when its Document can and the
// page removed it (see Mounter); a Document that cannot is always there.
func (v *DOMView) Mount() error {
	if m, ok := v.doc.(Mounter); ok {
		return m.Mount()
	}
	return nil
}

// SetLanguage says the view's texts in l from now on (English until
// then).
func (v *DOMView) SetLanguage(l Language) { v.lang = l }

// SetPostChat sets the survey shown after a chat ends (the zero
// PostChat, a rating and a comment, until then).
func (v *DOMView) SetPostChat(p PostChat) { v.post = p }

// say is the text of p in the view's language.
func (v *DOMView) say(p Phrase, args ...string) string { return v.lang.Say(p, args...) }

// Bind connects the view's controls to the widget.
func (v *DOMView) Bind(a Actions) { v.act = a }

// el creates an element with attributes given as name, value pairs.
func (v *DOMView) el(tag string, attrs ...string) Node {
	n := v.doc.Create(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		n.SetAttr(attrs[i], attrs[i+1])
	}
	return n
}

// text creates an element holding text. Every text is isolated in its
// own direction (dir="auto"): a page's, an agent's or a visitor's words
// and the widget's own texts keep their punctuation where it belongs
// whatever the widget's direction.
func (v *DOMView) text(tag, text string, attrs ...string) Node {
	n := v.el(tag, attrs...)
	n.SetAttr("dir", "auto")
	n.SetText(text)
	return n
}

// sentenceWith fills n with the phrase p, its {name} an isolated <bdi>
// holding name: "<bdi>Ana</bdi> joined the chat." keeps a right-to-left
// name from reordering the sentence around it.
func (v *DOMView) sentenceWith(n Node, p Phrase, name string) {
	n.SetText("")
	before, after, ok := strings.Cut(v.say(p), "{name}")
	if !ok {
		n.SetText(before)
		return
	}
	if before != "" {
		n.Append(v.text("span", before))
	}
	n.Append(v.text("bdi", name))
	if after != "" {
		n.Append(v.text("span", after))
	}
}

// Launcher shows or removes the chat button.
func (v *DOMView) Launcher(visible bool) {
	if !visible {
		v.relaunch = false
		if v.launcher != nil {
			v.launcher.Remove()
			v.launcher = nil
		}
		return
	}
	if v.launcher != nil {
		return
	}
	b := v.el("button", "id", "oc-lcw-chat-button", "class", "lcw-launcher", "type", "button", "part", "chat-button")
	b.On("click", func() { v.act.StartChat(ChatOptions{FromLauncher: true}) })
	v.dock.Append(b)
	v.launcher = b
	v.Unread(v.unread)
	if v.relaunch {
		v.relaunch = false
		b.Focus()
	}
}

// FocusLauncher returns keyboard focus to the chat button.
func (v *DOMView) FocusLauncher() {
	if v.launcher != nil {
		v.launcher.Focus()
	}
}

// ReturnFocus gives focus back to the page element that had it when the
// pane opened, or else to the launcher.
func (v *DOMView) ReturnFocus() {
	if v.back != nil && v.back() {
		return
	}
	v.FocusLauncher()
}

// keepFocus remembers the focused page element, when the document can.
func (v *DOMView) keepFocus() func() bool {
	if m, ok := v.doc.(FocusMemory); ok {
		return m.KeepFocus()
	}
	return nil
}

// hasFocus reports whether n has focus, when the document can tell.
func (v *DOMView) hasFocus(n Node) bool {
	r, ok := v.doc.(FocusReader)
	return ok && n != nil && r.HasFocus(n)
}

// ShowInvitation renders the proactive chat pane. Its ids follow
// Microsoft's React widget. It takes no focus from the page; but when the
// launcher it replaces has focus, focus moves to "Chat Now" (or the X), so
// that a keyboard user's Enter still opens the chat instead of falling on
// nothing.
func (v *DOMView) ShowInvitation(inv Invitation, t Texts) {
	onLauncher := v.hasFocus(v.launcher)
	v.HideInvitation()
	root := v.el("div", "id", "oc-lcw-proactivechat", "class", "lcw-invite", "role", "region",
		"aria-label", t.PaneLabel, "part", "proactivechat")
	head := v.el("div", "class", "lcw-invite-head")
	titles := v.el("div", "class", "lcw-invite-titles")
	if !t.HideTitle {
		titles.Append(v.text("div", t.Title, "id", "oc-lcw-proactivechat-title", "class", "lcw-title", "part", "proactivechat-title"))
	}
	if !t.HideSubtitle {
		titles.Append(v.text("div", t.Subtitle, "id", "oc-lcw-proactivechat-subtitle", "class", "lcw-subtitle", "part", "proactivechat-subtitle"))
	}
	head.Append(titles)
	v.inviteKeys = nil
	if !t.HideClose {
		x := v.closeButton("oc-lcw-proactivechat-closebutton", t.CloseLabel, "")
		x.On("click", func() { v.act.Decline("close") })
		head.Append(x)
		v.inviteKeys = append(v.inviteKeys, x)
	}
	root.Append(head)
	if !t.HideBodyTitle {
		root.Append(v.text("p", inv.Message, "id", "oc-lcw-proactivechat-bodytitle", "class", "lcw-invite-body", "part", "proactivechat-bodytitle"))
	}
	if !t.HideStart {
		root.Append(v.startButton(t))
	}
	v.dock.Append(root)
	v.invite = root
	if n := len(v.inviteKeys); onLauncher && n > 0 {
		v.inviteKeys[n-1].Focus()
	}
}

// startButton is the invitation's "Chat Now".
func (v *DOMView) startButton(t Texts) Node {
	start := v.text("button", t.StartButton, "id", "oc-lcw-proactivechat-startbutton", "class", "lcw-primary", "type", "button", "part", "proactivechat-startbutton")
	if name := labelInName(t.StartButton, t.StartLabel); name != t.StartButton {
		start.SetAttr("aria-label", name)
	}
	start.On("click", func() { v.act.Accept() })
	v.inviteKeys = append(v.inviteKeys, start)
	return start
}

// labelInName is the accessible name of a button showing text when the
// page asked for label: the label when it holds the text, else the text
// followed by the label. Speech users say what they see, so a name must
// contain the visible text (WCAG 2.5.3, Label in Name).
func labelInName(text, label string) string {
	switch {
	case label == "" || label == text:
		return text
	case strings.Contains(strings.ToLower(label), strings.ToLower(text)):
		return label
	}
	return text + ": " + label
}

// closeButton is an X button with an accessible name, or a text button
// when the page set data-custom-close-button-text.
func (v *DOMView) closeButton(id, label, text string) Node {
	if text != "" {
		return v.text("button", text, "id", id, "class", "lcw-close lcw-close-text", "type", "button")
	}
	b := v.el("button", "id", id, "class", "lcw-close", "type", "button", "aria-label", label, "title", label)
	b.Append(v.text("span", "×", "aria-hidden", "true"))
	return b
}

// HideInvitation removes the invitation, if any. When one of its buttons
// had focus, the launcher that comes back in its place takes it (after a
// timeout, say), rather than focus falling on nothing.
func (v *DOMView) HideInvitation() {
	if v.invite == nil {
		return
	}
	for _, k := range v.inviteKeys {
		v.relaunch = v.relaunch || v.hasFocus(k)
	}
	v.invite.Remove()
	v.invite = nil
	v.inviteKeys = nil
}

// Announce tells screen readers text, politely; "" clears it.
func (v *DOMView) Announce(text string) { v.live.SetText(text) }
