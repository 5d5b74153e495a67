package chat

import (
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/events"
	"github.com/lcwasm/lcwasm/internal/runes"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// MaxTextLength is the longest message a visitor may send, in characters.
const MaxTextLength = wire.MaxTextLength

// transcript is the conversation as the visitor sees it.
type transcript struct {
	msgs   []Message
	byKey  map[string]int // Message.Key → index in msgs
	seen   map[int]bool   // seqs already shown
	outbox []string       // cids of pending messages, oldest first
}

func (t *transcript) init() {
	t.byKey, t.seen = map[string]int{}, map[int]bool{}
}

// Messages is the transcript, oldest first.
func (c *Client) Messages() []Message { return append([]Message(nil), c.msgs...) }

// put adds m, or replaces the message with its key, and shows it. The
// transcript is in seq order, with the messages that have no seq yet
// (pending or failed) last, in the order they were typed; a message that
// gets its seq moves up into place.
func (c *Client) put(m Message) {
	from := len(c.msgs)
	if i, ok := c.byKey[m.Key()]; ok {
		c.msgs, from = slices.Delete(c.msgs, i, i+1), i
	}
	at := len(c.msgs)
	if m.Seq != 0 {
		if i := slices.IndexFunc(c.msgs, func(x Message) bool { return x.Seq == 0 || x.Seq > m.Seq }); i >= 0 {
			at = i
		}
		c.seen[m.Seq] = true
	}
	c.msgs = slices.Insert(c.msgs, at, m)
	for j := min(from, at); j < len(c.msgs); j++ {
		c.byKey[c.msgs[j].Key()] = j
	}
	before := ""
	if at+1 < len(c.msgs) {
		before = c.msgs[at+1].Key()
	}
	c.d.View.Message(m, before)
}

// Send sends the visitor's text. The message shows at once as pending and
// is sent now or, while offline, after the reconnect; it is resent after
// every reconnect until the service acknowledges it, and the service
// ignores repeats of its cid. The error says why nothing was sent.
func (c *Client) Send(text string) (Message, error) {
	switch {
	case c.phase == Idle || c.phase == Ended:
		return Message{}, errNoChat
	case runes.Blank(text):
		return Message{}, errEmpty
	}
	if n := utf8.RuneCountInString(text); n > MaxTextLength {
		return Message{}, &TooLongError{Length: n}
	}
	if jsonLength(text) > maxTextBytes {
		return Message{}, errTooBig
	}
	cid, err := c.d.Random.ID()
	if err != nil {
		return Message{}, errors.New("chat: the message is not sent: this browser gives no good randomness for its id (" + err.Error() + ")")
	}
	m := Message{CID: cid, From: "visitor", Text: text, At: c.d.Clock.Now().UnixMilli(), State: Pending}
	c.put(m)
	c.outbox = append(c.outbox, m.CID)
	c.save()
	if c.ready && c.send(sendFrame(m)) && c.ackBy.IsZero() {
		c.awaitAcks()
	}
	return m, nil
}

// TooLongError is Send's answer to a message over MaxTextLength.
type TooLongError struct{ Length int }

func (e *TooLongError) Error() string {
	return "chat: the message is " + itoa(e.Length) + " characters long; the limit is " + itoa(MaxTextLength) +
		" (" + itoa(e.Length-MaxTextLength) + " too many)"
}

var (
	errNoChat = chatError("chat: no chat is running")
	errEmpty  = chatError("chat: the message is empty")
	errTooBig = chatError("chat: the message is too big to send (over 16 KiB as JSON); make it shorter")
)

// maxTextBytes is the room for the text in a 16 KiB frame, leaving 200
// bytes for the rest of the send frame (the cid is at most 128 bytes), so
// 4,000 characters of 4 bytes each still fit.
const maxTextBytes = 16<<10 - 200

// jsonLength is the length of text in JSON.stringify's output, quotes
// aside: control characters, quotes and backslashes are escaped. 4,000
// characters fit unless many are control characters.
func jsonLength(text string) int {
	n := 0
	for i := 0; i < len(text); i++ {
		switch b := text[i]; {
		case b == '"' || b == '\\' || b == '\n' || b == '\r' || b == '\t' || b == '\b' || b == '\f':
			n += 2
		case b < 0x20:
			n += 6
		default:
			n++
		}
	}
	return n
}

type chatError string

func (e chatError) Error() string { return string(e) }

func sendFrame(m Message) map[string]any {
	return map[string]any{"type": wire.Send, "cid": m.CID, "text": m.Text}
}

// flush sends every pending message, oldest first, and reports whether
// they all left.
func (c *Client) flush() bool {
	for _, cid := range c.outbox {
		if !c.send(sendFrame(c.msgs[c.byKey[cid]])) {
			return false
		}
	}
	return true
}

// delivered marks the pending message cid as stored by the service with
// seq; repeats and unknown cids change nothing.
func (c *Client) delivered(cid string, seq int, at int64) {
	i, ok := c.byKey[cid]
	if !ok || c.msgs[i].State != Pending {
		return
	}
	m := c.msgs[i]
	m.State, m.Seq = Sent, seq
	if at != 0 {
		m.At = at
	}
	c.put(m)
	c.outbox = without(c.outbox, cid)
	c.awaitAcks()
	c.save()
	c.sentEvent(m)
}

func (c *Client) sentEvent(m Message) {
	c.d.Events.Emit(events.MessageSent, map[string]any{"messageId": m.CID, "seq": m.Seq, "text": m.Text, "at": float64(m.At)})
}

// message applies a message frame from the service, once per seq.
func (c *Client) message(f Frame) {
	if f.Seq > c.lastSeq {
		c.lastSeq = f.Seq
		defer c.save()
	}
	if _, mine := c.byKey[f.CID]; mine && f.CID != "" {
		c.delivered(f.CID, f.Seq, f.At)
		return
	}
	if f.Seq != 0 && c.seen[f.Seq] {
		return
	}
	if i := slices.IndexFunc(c.restored, func(m Message) bool { return m.CID == f.CID && f.CID != "" }); i >= 0 {
		m := c.restored[i] // stored before this page could see the ack
		c.restored = slices.Delete(c.restored, i, i+1)
		m.State, m.Seq, m.At = Sent, f.Seq, f.At
		c.put(m)
		c.sentEvent(m)
		return
	}
	m := Message{CID: f.CID, Seq: f.Seq, From: f.From, Name: f.Name, Text: f.Text, At: f.At, State: Received,
		Attachment: f.Attachment}
	if f.From == wire.FromVisitor {
		m.State = Sent // sent from another tab
	}
	c.put(m)
	if f.From != wire.FromAgent {
		return
	}
	c.stopTyping()
	d := map[string]any{"seq": f.Seq, "from": f.From, "name": f.Name, "text": f.Text, "at": float64(f.At),
		"messageType": "user", "channelData": map[string]any{"tags": []any{TagPublic}}}
	if a := f.Attachment; a.ID != "" { // the file is fetched with the conversation's token: no address
		d["attachment"] = map[string]any{"name": a.Name, "type": a.Type, "size": float64(a.Size)}
	}
	c.d.Events.Emit(events.MessageReceived, d)
	if c.minimized && f.Seq > c.seenBefore { // a restored chat's older messages were counted before
		c.unread++
		c.d.View.Unread(c.unread)
		c.saveMinimized()
	}
}

// failPending marks what the service never acknowledged as failed.
func (c *Client) failPending() {
	for _, cid := range c.outbox {
		m := c.msgs[c.byKey[cid]]
		m.State = Failed
		c.put(m)
	}
	c.outbox = nil
}
