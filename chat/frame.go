package chat

import (
	"errors"
	"math"
	"strings"

	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// Frame is one decoded server frame. Only the fields its Type uses are set.
type Frame struct {
	Type         string     // started, resumed, ack, message, queue, agentJoined, ended, error, typing
	CID          string     // started, ack, message (the visitor's own messages)
	Conversation string     // started, resumed
	Token        string     // started
	State        string     // started, resumed: queued, active or ended
	Position     int        // started, queue
	AverageWait  int64      // queue: averageWaitMs
	Seq          int        // ack, message
	At           int64      // ack, message: epoch milliseconds
	From         string     // message: agent, visitor or system
	Name         string     // message, agentJoined: the agent's display name
	Text         string     // message
	By           string     // ended: agent or visitor
	AgentName    string     // resumed: the agent who took the chat, if any
	EndedBy      string     // resumed: agent or visitor, when the state is ended
	Code         string     // error: not_found, forbidden, conflict, bad_request, internal
	Detail       string     // error: the service's "message"
	Messages     []Frame    // resumed: message frames after the seq asked for
	Attachment   Attachment // message: the file it stands for, if any
}

// maxSeq is the largest integer a JSON number carries exactly (2^53).
const maxSeq = 1 << 53

// maxMillis bounds epoch milliseconds to JavaScript's Date range.
const maxMillis = 8.64e15

// known lists the frame types a client understands, with the fields each
// must carry as strings.
var known = map[string][]string{
	wire.Started:     {"conversation", "token"},
	wire.Resumed:     {"conversation"},
	wire.Ack:         {"cid"},
	wire.Message:     {"from"},
	wire.Queue:       nil,
	wire.AgentJoined: nil,
	wire.Ended:       nil,
	wire.Error:       {"code"},
	wire.Typing:      nil,
}

// Decode checks a frame as the browser's JSON.parse gives it (objects are
// map[string]any, numbers float64) and returns it. The error names the
// field at fault; unknown fields are ignored so the server may add some.
func Decode(tree any) (Frame, error) {
	var errs []error
	d := decoder{jstree.Root("chat: frame", "", tree, &errs)}
	if _, ok := tree.(map[string]any); !ok {
		d.Fail("an object")
		return Frame{}, d.First()
	}
	f := Frame{Type: d.str("type")}
	need, ok := known[f.Type]
	if d.First() == nil && !ok {
		return f, errors.New("chat: frame: unknown type " + strconvlite.Quote(f.Type))
	}
	for _, k := range need {
		if d.str(k) == "" && d.First() == nil {
			d.Report(f.Type + " without " + k)
		}
	}
	f.CID, f.Conversation, f.Token = d.str("cid"), d.str("conversation"), d.str("token")
	f.State, f.From, f.Name = d.str("state"), d.str("from"), d.str("name")
	f.Text, f.By, f.Code = d.str("text"), d.str("by"), d.str("code")
	f.AgentName, f.EndedBy, f.Detail = d.str("agentName"), d.str("endedBy"), d.str("message")
	f.Position = int(d.integer("position"))
	f.Seq = int(d.integer("seq"))
	f.AverageWait = d.integer("averageWaitMs")
	f.At = d.millis("at")
	if f.Type == wire.Resumed {
		f.Messages = d.messages()
	}
	if a := d.Get("attachment"); !jstree.Absent(a.V) && f.Type == wire.Message {
		f.Attachment = decoder{a}.attachment()
	}
	return f, d.First()
}

// decoder reads the fields of one frame with the module's tree cursor;
// Decode reports the first problem.
type decoder struct{ jstree.Cursor }

func (d decoder) str(key string) string { return d.Get(key).Str("") }

// integer reads a whole number in [0, 2^53]; absent is 0.
func (d decoder) integer(key string) int64 {
	v := d.Get(key)
	if jstree.Absent(v.V) {
		return 0
	}
	x, ok := v.V.(float64)
	if !ok || x < 0 || x > maxSeq || x != math.Trunc(x) {
		v.Fail("a whole number from 0 to 2^53")
		return 0
	}
	return int64(x)
}

// millis reads a time as epoch milliseconds. (RFC 3339 strings are not
// accepted: time.Parse would add 52 KB to the wasm.)
func (d decoder) millis(key string) int64 {
	v := d.Get(key)
	switch x := v.V.(type) {
	case nil, jstree.Undefined:
		return 0
	case float64:
		if math.Abs(x) <= maxMillis {
			return int64(x)
		}
	}
	v.Fail("epoch milliseconds")
	return 0
}

// attachment reads a message's {"id", "name", "type", "size"}.
func (d decoder) attachment() Attachment {
	if _, ok := d.V.(map[string]any); !ok {
		d.Fail("an object")
		return Attachment{}
	}
	a := Attachment{ID: d.str("id"), Name: d.str("name"), Type: d.str("type"), Size: d.integer("size")}
	if a.ID == "" && d.First() == nil {
		d.Report("attachment without id")
	}
	return a
}

// messages reads a resumed frame's message list, each decoded as a frame
// of its own.
func (d decoder) messages() []Frame {
	v := d.Get("messages")
	if _, ok := v.V.([]any); !ok {
		v.List() // reports anything but null or undefined
		return nil
	}
	n := v.List()
	out := make([]Frame, 0, n)
	for i := range n {
		x := v.Index(i)
		tree := x.V
		if m, ok := tree.(map[string]any); ok && m["type"] == nil {
			tree = withType(m, wire.Message)
		}
		f, err := Decode(tree)
		if err == nil && f.Type != wire.Message {
			err = errors.New("chat: frame: want a message, got " + strconvlite.Quote(f.Type))
		}
		if err != nil {
			x.Report(strings.TrimPrefix(err.Error(), "chat: frame: "))
			return nil
		}
		out = append(out, f)
	}
	return out
}

// withType returns a copy of m with "type" set.
func withType(m map[string]any, typ string) map[string]any {
	c := make(map[string]any, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	c["type"] = typ
	return c
}
