package chat

import (
	"strings"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// A chat the service has not started yet (it is unreachable, or slow) is
// stored too, when the owner gives the client JSON: the version line
// below, the start frame as JSON, then a cid and a text per message the
// visitor typed meanwhile, each line escaped as in session.go. A reload,
// or the next page of the site, sends the same start again (the service
// answers a repeated start cid with the same conversation) and then the
// messages: nothing typed during an outage is lost.
const startVersion = "lcwasm.chat.start.1"

// saveStart stores the chat that is still starting.
func (c *Client) saveStart() {
	if c.start == nil || c.d.JSON == nil || c.phase != Starting {
		return
	}
	start, err := c.d.JSON.Stringify(c.start)
	if err != nil {
		c.d.Log.Debug("lcwasm: chat: the chat start cannot be stored: " + err.Error())
		return
	}
	var b strings.Builder
	b.WriteString(startVersion + "\n" + escape(start) + "\n")
	for _, m := range c.restored {
		b.WriteString(escape(m.CID) + "\n" + escape(m.Text) + "\n")
	}
	for _, cid := range c.outbox {
		b.WriteString(escape(cid) + "\n" + escape(c.msgs[c.byKey[cid]].Text) + "\n")
	}
	c.d.Store.Set(c.sessionKey(), b.String())
}

// restoreStart starts again the chat a previous page stored before the
// service answered, and shows what the visitor typed as pending.
func (c *Client) restoreStart(raw string) bool {
	start, pending, ok := c.parseStart(raw)
	if !ok {
		c.d.Log.Warn("lcwasm: chat: the stored chat start is unreadable; it is forgotten")
		c.forget()
		return false
	}
	c.reset()
	c.phase, c.retrieve, c.start = Starting, true, start
	for _, p := range pending {
		c.restored = append(c.restored, Message{CID: p[0], From: "visitor", Text: p[1], State: Pending})
	}
	c.unrestored()
	c.connect()
	return true
}

func (c *Client) parseStart(raw string) (map[string]any, [][2]string, bool) {
	var f []string
	for _, line := range strings.Split(strings.TrimSuffix(raw, "\n"), "\n") {
		u, ok := unescape(line)
		if !ok {
			return nil, nil, false
		}
		f = append(f, u)
	}
	if len(f) < 2 || len(f)%2 != 0 || f[0] != startVersion || c.d.JSON == nil {
		return nil, nil, false
	}
	tree, err := c.d.JSON.Parse(f[1])
	start, _ := tree.(map[string]any)
	if cid, _ := start["cid"].(string); err != nil || start["type"] != wire.Start || cid == "" {
		return nil, nil, false
	}
	var pending [][2]string
	for i := 2; i < len(f); i += 2 {
		pending = append(pending, [2]string{f[i], f[i+1]})
	}
	return start, pending, true
}
