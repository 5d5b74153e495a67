//go:build js && wasm

package main

import (
	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// attachmentsURL is the conversation's attachments on the chat service.
func (c *conversation) attachmentsURL(id string) string {
	return serviceURL(c.rt.boot) + "/api/v1/widgets/" + escape(c.rt.w.Config().AppID) + "/conversations/" + escape(id) + "/attachments"
}

// Attach implements widget.Conversation: POST …/attachments?name=… with
// the conversation's token; done gets the service's refusal code,
// widget.AttachFailed when no answer came, or widget.AttachCancelled
// once cancel aborted it.
func (c *conversation) Attach(f widget.File, progress func(sent, total int64), done func(code string)) (cancel func()) {
	id, token := c.client.Credentials()
	if id == "" || !c.Running() {
		done(wire.AttachEnded)
		return func() {}
	}
	url := c.attachmentsURL(id) + "?name=" + escape(f.Name)
	cancelled := false
	abort := jsbridge.Upload(url, token, f.Handle, progress, func(status int, answer any, failure string) {
		switch {
		case status == 201: // stored before the cancel could stop it
			done("")
		case cancelled:
			done(widget.AttachCancelled)
		case status == 0:
			c.rt.log.Warn("lcwasm: the file was not sent: " + failure)
			done(widget.AttachFailed)
		default:
			e, _ := answer.(map[string]any)
			code, _ := e["code"].(string)
			why, _ := e["error"].(string)
			c.rt.log.Warn("lcwasm: the file was refused: " + why)
			if code == "" {
				code = widget.AttachFailed
			}
			done(code)
		}
	})
	return func() { cancelled = true; abort() }
}

// Fetch implements widget.Conversation: the attachment's bytes with the
// conversation's token, as an object URL the page shows it by.
func (c *conversation) Fetch(a chat.Attachment, then func(url string)) {
	id, token := c.client.Credentials()
	if id == "" {
		then("")
		return
	}
	jsbridge.FetchBlobURL(c.attachmentsURL(id)+"/"+escape(a.ID), token, func(u, failure string) {
		if failure != "" {
			c.rt.log.Warn("lcwasm: the attachment " + a.Name + " cannot be shown: " + failure)
		}
		then(u)
	})
}

// Save implements widget.Conversation: the attachment fetched, then
// handed to the visitor as a download under its name.
func (c *conversation) Save(a chat.Attachment) {
	c.Fetch(a, func(u string) {
		if u == "" {
			return
		}
		if err := c.rt.doc.SaveURL(u, a.Name); err != nil {
			c.rt.log.Warn("lcwasm: the attachment " + a.Name + " cannot be saved: " + err.Error())
		}
		jsbridge.RevokeURL(u)
	})
}
