package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// Subprotocol is the visitor channel's WebSocket subprotocol.
const Subprotocol = wire.Subprotocol

// readLimit bounds one incoming frame: an agent's queue frame lists every
// waiting conversation, far more than the library's 32 KiB default.
const readLimit = 16 << 20

// DialVisitor opens a visitor channel (url is ws://…/api/v1/widgets/{appId}/chat).
func DialVisitor(ctx context.Context, url string) (*websocket.Conn, error) {
	return dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{Subprotocol}})
}

func dial(ctx context.Context, url string, o *websocket.DialOptions) (*websocket.Conn, error) {
	c, resp, err := websocket.Dial(ctx, url, o)
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, fmt.Errorf("loadtest: dial %s: HTTP %d", url, resp.StatusCode)
		}
		return nil, fmt.Errorf("loadtest: dial: %w", err)
	}
	c.SetReadLimit(readLimit)
	return c, nil
}

// WriteFrame sends v as one JSON text frame.
func WriteFrame(ctx context.Context, c *websocket.Conn, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("loadtest: %w", err)
	}
	return c.Write(ctx, websocket.MessageText, b)
}

// Await reads frames until one of type typ (with cid, when given) comes;
// an error frame is an error.
func Await(ctx context.Context, c *websocket.Conn, typ, cid string) (map[string]any, error) {
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			return nil, err
		}
		var f map[string]any
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		if f["type"] == wire.Error {
			return nil, errors.New("loadtest: error frame " + fmt.Sprint(f["code"]))
		}
		if f["type"] == typ && (cid == "" || f["cid"] == cid) {
			return f, nil
		}
	}
}

// StartChat opens a raw visitor channel (for item 7's plain load, which
// measures the server alone; the kill test's visitors are real
// chat.Clients, see visitor.go) and starts a conversation for visitor
// id with start cid "s"+id.
func StartChat(ctx context.Context, url, id string) (*websocket.Conn, error) {
	c, err := DialVisitor(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := WriteFrame(ctx, c, startFrame("v"+id, "s"+id)); err != nil {
		c.CloseNow()
		return nil, err
	}
	if _, err := Await(ctx, c, wire.Started, ""); err != nil {
		c.CloseNow()
		return nil, err
	}
	return c, nil
}

func startFrame(visitor, cid string) map[string]any {
	return map[string]any{"type": wire.Start, "cid": cid, "visitor": map[string]any{"id": visitor},
		"context": map[string]any{"source": "startChat"}}
}

// frame is every field of the frames the load test reads.
type frame struct {
	Type         string  `json:"type"`
	Code         string  `json:"code"`
	CID          string  `json:"cid"`
	Seq          int64   `json:"seq"`
	At           int64   `json:"at"`
	From         string  `json:"from"`
	Conversation string  `json:"conversation"`
	Token        string  `json:"token"`
	State        string  `json:"state"`
	Messages     []frame `json:"messages"`
}

// isQueue reports whether b is a queue or queueDelta frame, without
// decoding it: a waiting visitor gets one each time the queue moves,
// thousands in a run.
// (The prefix without the closing quote: it was matched with it, and the
// agent saw no queueDelta, so it only accepted after a reconnect brought
// the whole queue.)
func isQueue(b []byte) bool {
	return bytes.HasPrefix(b, []byte(`{"type":"`+wire.Queue+`"`)) || bytes.HasPrefix(b, []byte(`{"type":"`+wire.QueueDelta+`"`))
}
