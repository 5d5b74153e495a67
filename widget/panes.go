package widget

import "strconv"

// chrome is what a pane's header offers besides its title.
type chrome struct {
	closeText string // a text close button instead of the X
	minimize  bool   // a minimize button
	// bare (data-render-mobile) leaves out the buttons and shows the
	// title to screen readers only, for apps that frame the chat themselves.
	bare bool
}

// newPane starts a panel (prechat, chat, out-of-hours) with a heading and a
// close button, replacing any open one. A pane that opens where none was
// remembers the page element that had focus, for ReturnFocus.
func (v *DOMView) newPane(id, title string, c chrome) (p, heading Node) {
	if v.pane == nil { // a pane opens, not one replacing another
		v.back = v.keepFocus()
	}
	v.ClosePane()
	p = v.el("div", "id", id, "class", "lcw-pane", "role", "dialog", "aria-modal", "false",
		"aria-labelledby", id+"-title", "part", "pane")
	head := v.el("div", "class", "lcw-pane-head")
	heading = v.text("h2", title, "id", id+"-title", "class", "lcw-pane-title", "tabindex", "-1")
	v.avatar = v.el("span", "id", id+"-avatar", "class", "lcw-avatar lcw-hidden", "aria-hidden", "true")
	who := v.el("div", "class", "lcw-pane-who")
	who.Append(v.avatar)
	who.Append(heading)
	head.Append(who)
	v.title = heading
	if c.bare {
		head.SetAttr("class", "lcw-sr")
		p.Append(head)
		v.pane = p
		return p, heading
	}
	// The buttons sit together at the end of the header, not spread
	// across it with the title.
	actions := v.el("div", "class", "lcw-pane-actions")
	if c.minimize {
		m := v.el("button", "id", id+"-minimizebutton", "class", "lcw-close lcw-minimize", "type", "button",
			"aria-label", v.say(PhraseMinimize), "title", v.say(PhraseMinimize))
		m.Append(v.text("span", "–", "aria-hidden", "true"))
		m.On("click", func() { v.act.Minimize() })
		actions.Append(m)
	}
	x := v.closeButton(id+"-closebutton", v.say(PhraseClose), c.closeText)
	x.On("click", func() { v.act.ClosePane() })
	actions.Append(x)
	v.closeKey = x
	head.Append(actions)
	p.Append(head)
	v.pane = p
	return p, heading
}

// open attaches the pane and moves focus into it: the visitor asked for it.
func (v *DOMView) open(p, focus Node) {
	v.dock.Append(p)
	v.entry = focus
	focus.Focus()
}

// openQuietly attaches the pane without moving focus: a chat resumed as
// the page loads leaves focus with the page.
func (v *DOMView) openQuietly(p, focus Node) {
	v.dock.Append(p)
	v.entry = focus
}

// ClosePane removes the open pane, if any.
func (v *DOMView) ClosePane() {
	if v.pane != nil {
		v.pane.Remove()
		v.pane = nil
		v.inputs = nil
		v.conv = nil
		v.entry = nil
		v.confirm = nil
		v.closeKey = nil
		v.title = nil
		v.avatar = nil
		v.offlineForm, v.offlineNote = nil, nil
	}
}

// ShowChat shows the chat pane.
func (v *DOMView) ShowChat(c ChatPane) {
	p, h := v.newPane("oc-lcw-chat", v.say(PhraseLauncher), chrome{closeText: c.CloseText, minimize: c.Minimize, bare: c.Bare})
	body := v.el("div", "class", "lcw-pane-body")
	if c.Proactive && (c.Invitation == "" || !c.Live) {
		body.Append(v.text("p", v.say(PhraseInvited), "class", "lcw-system"))
	}
	if c.Notice != "" {
		body.Append(v.text("p", c.Notice, "id", "oc-lcw-chat-notice", "class", "lcw-notice", "role", "status"))
	}
	p.Append(body)
	if c.Live {
		v.showLive(body, c.Attachments)
		if c.Invitation != "" {
			v.invitationLine(c.Invitation)
		}
		if c.Resumed {
			v.openQuietly(p, v.conv.input)
			v.toBottom()
			return
		}
		v.open(p, v.conv.input)
		return
	}
	v.open(p, h)
}

// ShowOutOfHours shows the out-of-hours message.
func (v *DOMView) ShowOutOfHours(message string) {
	p, h := v.newPane("oc-lcw-outofhours", v.say(PhraseAwayTitle), chrome{})
	body := v.el("div", "class", "lcw-pane-body")
	body.Append(v.text("p", message, "id", "oc-lcw-outofhours-message", "class", "lcw-notice"))
	p.Append(body)
	v.open(p, h)
}

// ShowPrechat shows the survey form.
func (v *DOMView) ShowPrechat(fields []Field) {
	p, h := v.newPane("oc-lcw-prechat", v.say(PhrasePrechatTitle), chrome{})
	form := v.el("form", "id", "oc-lcw-prechat-form", "class", "lcw-pane-body", "novalidate", "")
	form.Append(v.text("p", v.say(PhraseRequiredHint), "class", "lcw-hint"))
	for i, f := range fields {
		form.Append(v.field(i, f))
	}
	form.Append(v.text("button", v.say(PhraseStartChat), "id", "oc-lcw-prechat-submit", "class", "lcw-primary", "type", "submit"))
	form.On("submit", v.submit)
	p.Append(form)
	if len(v.inputs) > 0 {
		h = v.inputs[0].control
	}
	v.open(p, h)
}

func (v *DOMView) submit() {
	values := map[string]string{}
	for _, in := range v.inputs {
		values[in.name] = in.control.Value()
	}
	v.act.SubmitPrechat(values)
}

func (v *DOMView) field(i int, f Field) Node { return v.fieldAs("oc-lcw-prechat-field-", i, f) }

// fieldAs is one question of a form, its control's id prefix then i.
func (v *DOMView) fieldAs(prefix string, i int, f Field) Node {
	id := prefix + strconv.Itoa(i)
	wrap := v.el("div", "class", "lcw-field lcw-field-"+f.Type)
	label := v.text("label", f.Label, "for", id)
	if f.Required {
		label.Append(v.text("span", " *", "class", "lcw-required", "aria-hidden", "true"))
	}
	c := v.control(id, f)
	msg := v.el("div", "id", id+"-error", "class", "lcw-error")
	if f.Type == "checkbox" {
		wrap.Append(c)
		wrap.Append(label)
	} else {
		wrap.Append(label)
		wrap.Append(c)
	}
	wrap.Append(msg)
	v.inputs = append(v.inputs, input{name: f.Name, control: c, message: msg})
	return wrap
}

func (v *DOMView) control(id string, f Field) Node {
	var c Node
	switch f.Type {
	case "textarea":
		c = v.el("textarea", "rows", "3")
	case "select":
		c = v.el("select")
		c.Append(v.text("option", v.say(PhraseChoose), "value", ""))
		for _, o := range f.Options {
			c.Append(v.text("option", o, "value", o))
		}
	default:
		c = v.el("input", "type", f.Type)
		if ac := autocomplete[f.Type]; ac != "" {
			c.SetAttr("autocomplete", ac)
		}
	}
	c.SetAttr("id", id)
	c.SetAttr("name", f.Name)
	c.SetAttr("aria-describedby", id+"-error")
	if f.Required {
		c.SetAttr("aria-required", "true")
	}
	return c
}

var autocomplete = map[string]string{"email": "email", "tel": "tel"}

// PrechatProblems marks the fields to fix and focuses the first of them.
func (v *DOMView) PrechatProblems(problems map[string]string) {
	var first Node
	for _, in := range v.inputs {
		p, bad := problems[in.name]
		in.message.SetText(p)
		in.control.SetAttr("aria-invalid", strconv.FormatBool(bad))
		if bad && first == nil {
			first = in.control
		}
	}
	if first != nil {
		first.Focus()
	}
}

// Minimized folds the pane away or brings it back, focus included.
func (v *DOMView) Minimized(on bool) {
	if v.pane == nil {
		return
	}
	if on {
		v.pane.SetAttr("class", "lcw-pane lcw-minimized")
		return
	}
	v.pane.SetAttr("class", "lcw-pane")
	v.shown()
	if v.entry != nil {
		v.entry.Focus()
	}
}

// MinimizedQuietly folds the pane away without moving focus: a chat the
// visitor left minimized on another page stays so as this one loads.
func (v *DOMView) MinimizedQuietly() {
	if v.pane != nil {
		v.pane.SetAttr("class", "lcw-pane lcw-minimized")
	}
}

// ConfirmClose asks, inside the pane, whether to end the running chat,
// with focus on Cancel (the choice that loses nothing); on false it takes
// the question down and focus goes back to the close button.
func (v *DOMView) ConfirmClose(on bool) {
	if v.pane == nil || on == (v.confirm != nil) {
		return
	}
	if !on {
		v.confirm.Remove()
		v.confirm = nil
		v.follow()
		if v.closeKey != nil {
			v.closeKey.Focus()
		}
		return
	}
	c := v.el("div", "id", "oc-lcw-chat-confirm", "class", "lcw-confirm", "role", "alertdialog",
		"aria-modal", "false", "aria-labelledby", "oc-lcw-chat-confirm-text")
	c.Append(v.text("p", v.say(PhraseConfirmClose), "id", "oc-lcw-chat-confirm-text", "class", "lcw-confirm-text"))
	row := v.el("div", "class", "lcw-confirm-actions")
	yes := v.text("button", v.say(PhraseConfirmYes), "id", "oc-lcw-chat-confirm-close", "class", "lcw-primary lcw-danger", "type", "button")
	yes.On("click", func() { v.act.ConfirmClose() })
	no := v.text("button", v.say(PhraseConfirmNo), "id", "oc-lcw-chat-confirm-cancel", "class", "lcw-secondary", "type", "button")
	no.On("click", func() { v.act.CancelClose() })
	row.Append(yes)
	row.Append(no)
	c.Append(row)
	v.pane.Append(c)
	v.confirm = c
	v.follow()
	no.Focus()
}

// ShowOffline shows the leave-a-message form.
func (v *DOMView) ShowOffline(fields []Field) {
	p, h := v.newPane("oc-lcw-offline", v.say(PhraseOfflineTitle), chrome{})
	form := v.el("form", "id", "oc-lcw-offline-form", "class", "lcw-pane-body", "novalidate", "")
	form.Append(v.text("p", v.say(PhraseOfflineIntro), "id", "oc-lcw-offline-intro", "class", "lcw-notice", "role", "status"))
	form.Append(v.text("p", v.say(PhraseRequiredHint), "class", "lcw-hint"))
	for i, f := range fields {
		form.Append(v.field(i, f))
	}
	v.offlineNote = v.el("p", "id", "oc-lcw-offline-result", "class", "lcw-error", "role", "status")
	form.Append(v.offlineNote)
	form.Append(v.text("button", v.say(PhraseOfflineSend), "id", "oc-lcw-offline-submit", "class", "lcw-primary", "type", "submit"))
	form.On("submit", func() {
		values := map[string]string{}
		for _, in := range v.inputs {
			values[in.name] = in.control.Value()
		}
		v.act.SubmitOffline(values)
	})
	p.Append(form)
	v.offlineForm = form
	if len(v.inputs) > 0 {
		h = v.inputs[0].control
	}
	v.open(p, h)
}

// OfflineSent replaces the form by its thanks, or says why the message
// did not go (the form stays, for another try).
func (v *DOMView) OfflineSent(thanks, problem string) {
	if v.offlineForm == nil {
		return
	}
	if problem != "" {
		v.offlineNote.SetText(problem)
		return
	}
	v.offlineForm.SetText("")
	done := v.text("p", thanks, "id", "oc-lcw-offline-thanks", "class", "lcw-notice", "role", "status", "tabindex", "-1")
	v.offlineForm.Append(done)
	v.inputs = nil
	done.Focus()
}
