package chat

import (
	"slices"
	"strings"

	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// The stored conversation is one string of lines, one field each, with
// backslashes and newlines escaped: the format version, the conversation
// id, its token, the last seq seen, then a cid and a text per
// unacknowledged message. No JSON and no quoting: encoding/json and
// strconv's quoting tables would make the wasm bigger.
const sessionVersion = "lcwasm.chat.1"

func (c *Client) sessionKey() string { return c.cfg.Key + ":chat" }

// save stores the conversation, so a reload or another tab resumes it.
func (c *Client) save() {
	if c.conv == "" {
		c.saveStart()
		return
	}
	if c.phase == Ended {
		return
	}
	var b strings.Builder
	for _, s := range []string{sessionVersion, c.conv, c.token, itoa(max(c.lastSeq, c.seenBefore))} {
		b.WriteString(escape(s) + "\n")
	}
	pending := append(c.restored[:len(c.restored):len(c.restored)], c.others()...)
	for _, cid := range c.outbox {
		pending = append(pending, c.msgs[c.byKey[cid]])
	}
	for _, m := range pending {
		b.WriteString(escape(m.CID) + "\n" + escape(m.Text) + "\n")
	}
	c.d.Store.Set(c.sessionKey(), b.String())
}

// others are the unacknowledged messages another tab of this visitor
// stored and this one has not seen stored by the service: they stay in
// the Store, so a reload of that tab still sends them. (Sending one twice
// is harmless: the service ignores a repeated cid.)
func (c *Client) others() []Message {
	raw, ok := c.d.Store.Get(c.sessionKey())
	if !ok {
		return nil
	}
	s, ok := parseSession(raw)
	if !ok || s.conv != c.conv {
		return nil
	}
	var out []Message
	for _, p := range s.pending {
		_, known := c.byKey[p[0]]
		if !known && !slices.ContainsFunc(c.restored, func(m Message) bool { return m.CID == p[0] }) {
			out = append(out, Message{CID: p[0], Text: p[1]})
		}
	}
	return out
}

// forget removes the stored conversation and its minimized state.
func (c *Client) forget() {
	c.d.Store.Remove(c.sessionKey())
	c.d.Store.Remove(c.minimizedKey())
}

// escape keeps s on one line. (A hand loop: strings.NewReplacer adds 25 KB.)
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// unescape undoes escape; a lone or unknown escape is not ok.
func unescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i++; i == len(s) {
			return "", false
		}
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			return "", false
		}
	}
	return b.String(), true
}

// session is a stored conversation.
type session struct {
	conv, token string
	lastSeq     int
	pending     [][2]string // cid, text
}

func parseSession(s string) (session, bool) {
	var f []string
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		u, ok := unescape(line)
		if !ok {
			return session{}, false
		}
		f = append(f, u)
	}
	if len(f) < 4 || len(f)%2 != 0 || f[0] != sessionVersion || f[1] == "" {
		return session{}, false
	}
	seq, ok := strconvlite.Atoi(f[3])
	if !ok || seq < 0 {
		return session{}, false
	}
	ss := session{conv: f[1], token: f[2], lastSeq: seq}
	for i := 4; i < len(f); i += 2 {
		ss.pending = append(ss.pending, [2]string{f[i], f[i+1]})
	}
	return ss, true
}

// Restore resumes the conversation a previous page or another tab of this
// visitor left in the Store, and reports whether there is one. Its
// unacknowledged messages show as pending and are sent again; once the
// service has sent what was missed, lcw:chatRetrieved fires. A stored
// conversation the service no longer knows ends as "expired".
func (c *Client) Restore() bool {
	if c.phase != Idle && c.phase != Ended {
		return false
	}
	raw, ok := c.d.Store.Get(c.sessionKey())
	if !ok {
		return false
	}
	if strings.HasPrefix(raw, startVersion+"\n") {
		return c.restoreStart(raw)
	}
	s, ok := parseSession(raw)
	if !ok {
		c.d.Log.Warn("lcwasm: chat: the stored conversation is unreadable; it is forgotten")
		c.forget()
		return false
	}
	c.reset()
	c.phase, c.retrieve = Starting, true
	c.restoreMinimized()
	// A reloaded page shows nothing yet: ask for the whole transcript.
	// The stored seq tells which messages arrived while it was away.
	c.conv, c.token, c.seenBefore = s.conv, s.token, s.lastSeq
	for _, p := range s.pending {
		c.restored = append(c.restored, Message{CID: p[0], From: "visitor", Text: p[1], State: Pending})
	}
	c.connect()
	return true
}

// unrestored shows the stored unacknowledged messages after the resumed
// transcript: those the transcript holds were stored by the service
// already; the others are pending and go first in the outbox.
func (c *Client) unrestored() {
	var cids []string
	for _, m := range c.restored {
		if _, ok := c.byKey[m.CID]; ok {
			continue
		}
		m.At = c.d.Clock.Now().UnixMilli()
		c.put(m)
		cids = append(cids, m.CID)
	}
	c.outbox = append(cids, c.outbox...)
	c.restored = nil
	c.save()
}
