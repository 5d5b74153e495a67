package chat_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConversationEndedByAgent(t *testing.T) {
	srv := newServer()
	tb := newTab(t, srv, fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{Proactive: true, Source: "rule", RuleID: "cart"}))
	assert.Equal(t, chat.Starting, tb.c.Phase())
	tb.settle()
	assert.Equal(t, chat.Queued, tb.c.Phase())
	assert.Equal(t, "conv-1", tb.c.Conversation())
	assert.Contains(t, tb.store, key+":chat", "the conversation is kept for a reload")

	tb.net.push(map[string]any{"type": "queue", "position": 1, "averageWaitMs": 30000})
	tb.net.push(map[string]any{"type": "agentJoined", "name": "Ada"})
	tb.net.push(srv.add("agent", "", "Hello!"))
	tb.net.deliver()
	assert.Equal(t, chat.Active, tb.c.Phase())
	_, err := tb.c.Send("Hi Ada")
	require.NoError(t, err)
	tb.settle()

	tb.net.push(map[string]any{"type": "ended", "by": "agent"})
	tb.net.deliver()
	assert.Equal(t, chat.Ended, tb.c.Phase())
	assert.NotContains(t, tb.store, key+":chat", "an ended chat is not resumed")
	assert.False(t, tb.net.open, "the connection is closed")
	assert.Equal(t, []string{"lcw:startChat", "lcw:chatQueued",
		"lcw:onMessageReceived", "lcw:onMessageReceived", // system: queue position 1 (told once), agent accepted
		"lcw:onMessageReceived", "lcw:onMessageSent",
		"lcw:onMessageReceived", // system: the agent ended the conversation
		"lcw:threadUpdate"}, tb.events.names())
	assert.Equal(t, map[string]any{"proactive": true, "source": "rule", "ruleId": "cart"}, tb.events.named("lcw:startChat")[0])
	assert.Equal(t, []string{
		"connection connecting",
		"queue 1 0s",
		"connection online",
		"queue 1 30s",
		`agent joined "Ada"`,
		`message #1 agent "Hello!" received seq=1`,
		`message a3 visitor "Hi Ada" pending seq=0`,
		`message a3 visitor "Hi Ada" sent seq=2`,
		"ended agent",
	}, tb.view.log)
}

func TestCloseChat(t *testing.T) {
	t.Run("online: the service is told", func(t *testing.T) {
		srv := newServer()
		tb := started(t, srv, fakeStore{})
		tb.c.Close()
		assert.Equal(t, chat.Ended, tb.c.Phase())
		assert.NotContains(t, tb.store, key+":chat")
		tb.settle()
		assert.Equal(t, "visitor", srv.ended)
		assert.False(t, tb.net.open)
		assert.Equal(t, []map[string]any{{"by": "visitor"}}, tb.events.named("lcw:closeChat"))
		assert.Empty(t, tb.events.named("lcw:threadUpdate"))
	})
	t.Run("offline: told after the reconnect", func(t *testing.T) {
		srv := newServer()
		tb := started(t, srv, fakeStore{})
		tb.net.drop()
		tb.c.Close()
		tb.wait(t)
		tb.settle()
		assert.Equal(t, "visitor", srv.ended)
		assert.False(t, tb.net.open)
		assert.True(t, tb.timer.at.IsZero(), "nothing left to do")
	})
	t.Run("before the service answered the start", func(t *testing.T) {
		srv := newServer()
		tb := newTab(t, srv, fakeStore{}, "a")
		require.NoError(t, tb.c.Start(chat.Start{}))
		tb.net.accept()
		tb.c.Close()
		tb.settle()
		assert.Equal(t, "visitor", srv.ended, "the end follows the start")
	})
	t.Run("while a reloaded page resumes", func(t *testing.T) {
		srv, store := newServer(), fakeStore{}
		started(t, srv, store)
		srv.add("agent", "", "hello")
		tb := newTab(t, srv, store, "b")
		require.True(t, tb.c.Restore())
		tb.net.accept()
		tb.c.Close()
		tb.settle()
		assert.Equal(t, "visitor", srv.ended)
		assert.Equal(t, "ended visitor", tb.view.log[len(tb.view.log)-1], "no transcript drawn after the end")
		assert.Empty(t, tb.events.named("lcw:chatRetrieved"))
	})
	t.Run("pending messages go before the end", func(t *testing.T) {
		srv := newServer()
		tb := started(t, srv, fakeStore{})
		tb.net.drop()
		_, err := tb.c.Send("last words")
		require.NoError(t, err)
		tb.c.Close()
		tb.wait(t)
		tb.settle()
		assert.Equal(t, []string{"last words"}, srv.visitorTexts())
		assert.Equal(t, "visitor", srv.ended)
		assert.Equal(t, []string{"visitor:last words:sent"}, tb.texts())
	})
	t.Run("twice", func(t *testing.T) {
		tb := started(t, newServer(), fakeStore{})
		tb.c.Close()
		tb.c.Close()
		assert.Len(t, tb.events.named("lcw:closeChat"), 1)
	})
	t.Run("after the agent ended it", func(t *testing.T) {
		srv := newServer()
		tb := started(t, srv, fakeStore{})
		tb.net.push(map[string]any{"type": "ended", "by": "agent"})
		tb.net.deliver()
		require.Len(t, tb.events.named("lcw:threadUpdate"), 1)
		assert.Empty(t, tb.events.named("lcw:closeChat"), "the agent's end is lcw:threadUpdate")
		tb.c.Close() // Microsoft's recommended reaction to lcw:threadUpdate
		assert.Equal(t, []map[string]any{{"by": "visitor"}}, tb.events.named("lcw:closeChat"))
		tb.c.Close()
		assert.Len(t, tb.events.named("lcw:closeChat"), 1, "once per chat")
		assert.Empty(t, srv.ended, "no end frame for a chat the agent ended")
	})
	t.Run("while the agent ends it", func(t *testing.T) {
		srv := newServer()
		tb := started(t, srv, fakeStore{})
		tb.c.Close()
		tb.net.push(map[string]any{"type": "ended", "by": "agent"}) // crossed the visitor's end
		tb.net.deliver()
		tb.settle()
		assert.Len(t, tb.events.named("lcw:closeChat"), 1)
		assert.Empty(t, tb.events.named("lcw:threadUpdate"), "the visitor's close came first")
	})
	t.Run("the next chat closes again", func(t *testing.T) {
		tb := started(t, newServer(), fakeStore{})
		tb.c.Close()
		require.NoError(t, tb.c.Start(chat.Start{}))
		tb.settle()
		tb.c.Close()
		assert.Len(t, tb.events.named("lcw:closeChat"), 2)
	})
	t.Run("no chat", func(t *testing.T) {
		tb := newTab(t, newServer(), fakeStore{}, "a")
		tb.c.Close()
		assert.Empty(t, tb.events.named("lcw:closeChat"))
	})
}

func TestStartWhileRunning(t *testing.T) {
	tb := started(t, newServer(), fakeStore{})
	assert.ErrorIs(t, tb.c.Start(chat.Start{}), chat.ErrBusy)
}

func TestResume(t *testing.T) {
	t.Run("after a reload", func(t *testing.T) {
		srv, store := newServer(), fakeStore{}
		old := started(t, srv, store)
		_, err := old.c.Send("before reload")
		require.NoError(t, err)
		old.settle()
		srv.add("agent", "", "missed while reloading")
		_, err = old.c.Send("typed, never acked") // the page goes away with it in flight
		require.NoError(t, err)

		tb := newTab(t, srv, store, "b")
		require.True(t, tb.c.Restore())
		tb.settle()
		assert.Equal(t, chat.Queued, tb.c.Phase())
		assert.Equal(t, []string{
			"visitor:before reload:sent", "agent:missed while reloading:received", "visitor:typed, never acked:sent",
		}, tb.texts(), "the whole transcript, then the unacknowledged message, resent")
		assert.Equal(t, []string{"before reload", "typed, never acked"}, srv.visitorTexts())
		assert.Equal(t, []map[string]any{{"state": "queued", "messages": 3, "missed": 1}}, tb.events.named("lcw:chatRetrieved"))
		assert.Empty(t, tb.events.named("lcw:chatQueued"), "retrieved, not queued again")
	})
	t.Run("in another tab", func(t *testing.T) {
		srv, store := newServer(), fakeStore{}
		a := started(t, srv, store)
		b := newTab(t, srv, store, "b")
		require.True(t, b.c.Restore())
		b.settle()
		_, err := a.c.Send("from tab a")
		require.NoError(t, err)
		a.settle()
		b.net.push(srv.msgs[0]) // the service echoes to every tab
		b.net.deliver()
		assert.Equal(t, []string{"visitor:from tab a:sent"}, b.texts())
		b.net.push(srv.msgs[0])
		b.net.deliver()
		assert.Len(t, b.c.Messages(), 1, "a repeat is ignored")
		b.net.push(map[string]any{"type": "ended", "by": "visitor"})
		b.net.deliver()
		assert.Equal(t, chat.Ended, b.c.Phase())
		assert.Empty(t, b.events.named("lcw:closeChat"), "lcw:closeChat fires in the tab that closed the chat only")
		b.c.Close() // this tab's page calls closeChat, or the visitor closes its pane
		assert.Empty(t, b.events.named("lcw:closeChat"), "not for a chat closed in another tab")
	})
	t.Run("nothing stored", func(t *testing.T) {
		assert.False(t, newTab(t, newServer(), fakeStore{}, "a").c.Restore())
	})
	for name, stored := range map[string]string{
		"garbage":     "garbage",
		"old version": "lcwasm.chat.0\nk\nt\n0\n",
		"bad seq":     "lcwasm.chat.1\nk\nt\n-1\n",
		"no id":       "lcwasm.chat.1\n\nt\n0\n",
		"odd pending": "lcwasm.chat.1\nk\nt\n0\ncid\n",
		"bad escape":  "lcwasm.chat.1\nk\\x\nt\n0\n",
		"lone escape": "lcwasm.chat.1\nk\\\nt\n0\n",
	} {
		t.Run("unreadable: "+name, func(t *testing.T) {
			store := fakeStore{key + ":chat": stored}
			tb := newTab(t, newServer(), store, "a")
			assert.False(t, tb.c.Restore())
			assert.NotContains(t, store, key+":chat")
		})
	}
	t.Run("the service no longer knows it", func(t *testing.T) {
		srv, store := newServer(), fakeStore{}
		started(t, srv, store)
		srv.token = "rotated"
		tb := newTab(t, srv, store, "b")
		require.True(t, tb.c.Restore())
		tb.settle()
		assert.Equal(t, chat.Ended, tb.c.Phase())
		assert.Equal(t, "ended expired", tb.view.log[len(tb.view.log)-1])
		assert.NotContains(t, store, key+":chat")
	})
	t.Run("ended by the agent while away", func(t *testing.T) {
		srv, store := newServer(), fakeStore{}
		started(t, srv, store)
		srv.state = "ended"
		tb := newTab(t, srv, store, "b")
		require.True(t, tb.c.Restore())
		tb.settle()
		assert.Equal(t, chat.Ended, tb.c.Phase())
		assert.Len(t, tb.events.named("lcw:threadUpdate"), 1)
	})
}

func TestUnreadWhileMinimized(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	tb.c.SetMinimized(true)
	tb.net.push(srv.add("agent", "", "one"))
	tb.net.push(srv.add("system", "", "Ada joined"))
	tb.net.push(srv.add("agent", "", "two"))
	tb.net.deliver()
	assert.Equal(t, 2, tb.c.Unread(), "agent messages only")
	tb.c.SetMinimized(false)
	assert.Equal(t, 0, tb.c.Unread())
	assert.Equal(t, []string{"unread 1", "unread 2", "unread 0"}, grep(tb.view.log, "unread"))
}

func grep(lines []string, prefix string) []string {
	var out []string
	for _, l := range lines {
		if len(l) >= len(prefix) && l[:len(prefix)] == prefix {
			out = append(out, l)
		}
	}
	return out
}

func TestTabsShareUnacknowledgedMessages(t *testing.T) {
	srv, store := newServer(), fakeStore{}
	a := started(t, srv, store)
	b := newTab(t, srv, store, "b")
	require.True(t, b.c.Restore())
	b.settle()

	a.net.drop()
	_, err := a.c.Send("typed in a, offline")
	require.NoError(t, err)
	b.net.push(srv.add("agent", "", "hello")) // tab b saves the chat too
	b.net.deliver()

	c := newTab(t, srv, store, "c") // tab a reloads before it could send
	require.True(t, c.c.Restore())
	c.settle()
	assert.Equal(t, []string{"typed in a, offline"}, srv.visitorTexts())
	assert.Equal(t, []string{"agent:hello:received", "visitor:typed in a, offline:sent"}, c.texts())
}
