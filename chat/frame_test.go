package chat_test

import (
	"encoding/json"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name, json string
		want       chat.Frame
		err        string
	}{
		{name: "started", json: `{"type":"started","cid":"c1","conversation":"k","token":"t","state":"queued","position":2}`,
			want: chat.Frame{Type: "started", CID: "c1", Conversation: "k", Token: "t", State: "queued", Position: 2}},
		{name: "ack with epoch ms", json: `{"type":"ack","cid":"c1","seq":7,"at":1772445600000}`,
			want: chat.Frame{Type: "ack", CID: "c1", Seq: 7, At: 1772445600000}},
		{name: "message", json: `{"type":"message","seq":1,"from":"agent","name":"Ada","text":"hi","at":1772445600500.7}`,
			want: chat.Frame{Type: "message", Seq: 1, From: "agent", Name: "Ada", Text: "hi", At: 1772445600500}},
		{name: "message with an attachment", json: `{"type":"message","seq":2,"from":"agent","text":"r.pdf","attachment":{"id":"a1","name":"r.pdf","type":"application/pdf","size":12}}`,
			want: chat.Frame{Type: "message", Seq: 2, From: "agent", Text: "r.pdf",
				Attachment: chat.Attachment{ID: "a1", Name: "r.pdf", Type: "application/pdf", Size: 12}}},
		{name: "attachment in resumed", json: `{"type":"resumed","conversation":"k","messages":[{"seq":1,"from":"visitor","text":"c.png","attachment":{"id":"a","name":"c.png","type":"image/png","size":3}}]}`,
			want: chat.Frame{Type: "resumed", Conversation: "k", Messages: []chat.Frame{{Type: "message", Seq: 1, From: "visitor", Text: "c.png",
				Attachment: chat.Attachment{ID: "a", Name: "c.png", Type: "image/png", Size: 3}}}}},
		{name: "attachment not an object", json: `{"type":"message","from":"agent","attachment":"a1"}`, err: "chat: frame: attachment: want an object, got string"},
		{name: "attachment without id", json: `{"type":"message","from":"agent","attachment":{"name":"x"}}`, err: "chat: frame: attachment: attachment without id"},
		{name: "unknown fields ignored", json: `{"type":"queue","position":3,"averageWaitMs":1500,"x":[1]}`,
			want: chat.Frame{Type: "queue", Position: 3, AverageWait: 1500}},
		{name: "resumed", json: `{"type":"resumed","conversation":"k","state":"active","messages":[{"seq":4,"from":"system","text":"x"}]}`,
			want: chat.Frame{Type: "resumed", Conversation: "k", State: "active", Messages: []chat.Frame{{Type: "message", Seq: 4, From: "system", Text: "x"}}}},
		{name: "null fields are absent", json: `{"type":"ended","by":null}`, want: chat.Frame{Type: "ended"}},
		{name: "not an object", json: `[1]`, err: "chat: frame: want an object, got array"},
		{name: "no type", json: `{}`, err: `chat: frame: unknown type ""`},
		{name: "unknown type", json: `{"type":"hello"}`, err: `chat: frame: unknown type "hello"`},
		{name: "type not a string", json: `{"type":1}`, err: "chat: frame: type: want a string, got number"},
		{name: "ack without cid", json: `{"type":"ack","seq":1}`, err: "chat: frame: ack without cid"},
		{name: "seq fractional", json: `{"type":"ack","cid":"c","seq":1.5}`, err: "chat: frame: seq: want a whole number from 0 to 2^53, got number"},
		{name: "seq negative", json: `{"type":"ack","cid":"c","seq":-1}`, err: "chat: frame: seq: want a whole number from 0 to 2^53, got number"},
		{name: "seq too big", json: `{"type":"ack","cid":"c","seq":1e300}`, err: "chat: frame: seq: want a whole number from 0 to 2^53, got number"},
		{name: "time as a string", json: `{"type":"ack","cid":"c","at":"2026-03-02T10:00:00Z"}`, err: "chat: frame: at: want epoch milliseconds, got string"},
		{name: "time out of range", json: `{"type":"ack","cid":"c","at":1e16}`, err: "chat: frame: at: want epoch milliseconds, got number"},
		{name: "text not a string", json: `{"type":"message","from":"agent","text":{"html":"<b>"}}`, err: "chat: frame: text: want a string, got object"},
		{name: "messages not an array", json: `{"type":"resumed","conversation":"k","messages":{}}`, err: "chat: frame: messages: want an array, got object"},
		{name: "bad message in resumed", json: `{"type":"resumed","conversation":"k","messages":[{"from":"agent","seq":"1"}]}`,
			err: "chat: frame: messages[0]: seq: want a whole number from 0 to 2^53, got string"},
		{name: "other frame in resumed", json: `{"type":"resumed","conversation":"k","messages":[{"type":"ended"}]}`,
			err: `chat: frame: messages[0]: want a message, got "ended"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tree any
			require.NoError(t, json.Unmarshal([]byte(tt.json), &tree))
			got, err := chat.Decode(tree)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDecodeNil(t *testing.T) {
	_, err := chat.Decode(nil)
	assert.EqualError(t, err, "chat: frame: want an object, got null")
}

// FuzzFrame feeds the decoder whatever JSON.parse can produce: it never
// panics, and a frame it accepts comes back the same through Tree (so what
// the client keeps from a frame is what the frame said).
func FuzzFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"started","cid":"c1","conversation":"k","token":"t","state":"queued","position":1}`,
		`{"type":"resumed","conversation":"k","state":"active","messages":[{"type":"message","seq":1,"from":"agent","text":"hi","at":1}]}`,
		`{"type":"ack","cid":"c","seq":3,"at":1772445600000}`,
		`{"type":"message","seq":9007199254740992,"from":"visitor","cid":"c","text":"\u00e9"}`,
		`{"type":"queue","position":0,"averageWaitMs":0}`,
		`{"type":"ended","by":"agent"}`,
		`{"type":"error","code":"forbidden"}`,
		`[]`, `null`, `"x"`, `{"type":"resumed","conversation":"k","messages":[null]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var tree any
		if json.Unmarshal(data, &tree) != nil {
			return
		}
		fr, err := chat.Decode(tree)
		if err != nil {
			return
		}
		again, err := chat.Decode(jsonTree(t, fr.Tree()))
		require.NoError(t, err, "Tree of %#v", fr)
		assert.Equal(t, fr, again)
	})
}
