package chat_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMessageReceivedShapes: lcw:onMessageReceived carries lcwasm's
// fields and Microsoft's messageType and channelData.tags, for the agent's
// messages and for the system messages lcwasm produces.
func TestMessageReceivedShapes(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{}) // queued at 1
	tb.net.push(map[string]any{"type": "queue", "position": 2})
	tb.net.push(map[string]any{"type": "queue", "position": 2}) // the same again: told once
	tb.net.push(map[string]any{"type": "agentJoined", "name": "Ada"})
	tb.net.push(srv.add("agent", "Ada", "Hello!"))
	tb.net.push(map[string]any{"type": "ended", "by": "agent"})
	tb.net.deliver()

	type shape struct {
		MessageType, From, Text string
		Tags                    []any
	}
	var got []shape
	for _, d := range tb.events.named("lcw:onMessageReceived") {
		cd, _ := d["channelData"].(map[string]any)
		tags, _ := cd["tags"].([]any)
		mt, _ := d["messageType"].(string)
		from, _ := d["from"].(string)
		text, _ := d["text"].(string)
		got = append(got, shape{mt, from, text, tags})
	}
	assert.Equal(t, []shape{
		{"system", "system", "", []any{"system", "queueposition"}},
		{"system", "system", "", []any{"system", "queueposition"}},
		{"system", "system", "", []any{"system", "agentaccepted"}},
		{"user", "agent", "Hello!", []any{"public"}},
		{"system", "system", "", []any{"system", "agentendconversation"}},
	}, got)
	all := tb.events.named("lcw:onMessageReceived")
	require.Len(t, all, 5)
	assert.Equal(t, []any{1, 2}, []any{all[0]["position"], all[1]["position"]})
	assert.Equal(t, "Ada", all[2]["name"])
	assert.Equal(t, []string{"lcw:onMessageReceived", "lcw:threadUpdate"}, tb.events.names()[len(tb.events.names())-2:],
		"the agent's end is told before lcw:threadUpdate")
}

// TestResumedTellsNoSystemMessagesAgain: a reloaded page resuming an
// active chat does not repeat "agent accepted" (its previous page did).
func TestResumedTellsNoSystemMessagesAgain(t *testing.T) {
	store := fakeStore{}
	started(t, newServer(), store)
	tb := newTab(t, newServer(), store, "b")
	require.True(t, tb.c.Restore())
	tb.net.accept()
	tb.c.Received(jsonTree(t, map[string]any{"type": "resumed", "conversation": "conv-1", "messages": []any{},
		"state": "active", "agentName": "Ada"}))
	assert.Equal(t, chat.Active, tb.c.Phase())
	assert.Empty(t, tb.events.named("lcw:onMessageReceived"))
}

// A file in the conversation reaches the pane with its reference, once,
// whoever sent it; its text is the file's name.
func TestAttachmentMessages(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	file := srv.add("visitor", "attachment-a1", "cat.png")
	file["attachment"] = map[string]any{"id": "a1", "name": "cat.png", "type": "image/png", "size": 120.0}
	tb.net.push(file)
	tb.net.push(file) // a repeat (another tab's resume) is shown once
	tb.net.deliver()
	msgs := tb.c.Messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, chat.Attachment{ID: "a1", Name: "cat.png", Type: "image/png", Size: 120}, msgs[0].Attachment)
	assert.Equal(t, chat.Sent, msgs[0].State, "the visitor's own file, uploaded from this or another tab")
}

// An agent's file reaches the page's lcw:onMessageReceived with its name,
// type and size (no address: it is fetched with the conversation's token);
// a text message has no attachment field.
func TestMessageReceivedCarriesTheAttachment(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	tb.net.push(srv.add("agent", "", "Here it is"))
	file := srv.add("agent", "", "receipt.pdf")
	file["attachment"] = map[string]any{"id": "a9", "name": "receipt.pdf", "type": "application/pdf", "size": 4096.0}
	tb.net.push(file)
	tb.net.deliver()
	var user []map[string]any
	for _, d := range tb.events.named("lcw:onMessageReceived") {
		if d["messageType"] == "user" {
			user = append(user, d)
		}
	}
	require.Len(t, user, 2)
	assert.NotContains(t, user[0], "attachment")
	assert.Equal(t, map[string]any{"name": "receipt.pdf", "type": "application/pdf", "size": 4096.0}, user[1]["attachment"])
	assert.Equal(t, "receipt.pdf", user[1]["text"])
}
