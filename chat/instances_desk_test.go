//go:build !js

package chat_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
)

// withAgents gives an instance the accounts ann and ben (password: the
// user name).
func withAgents(t *testing.T) func(*server.Options) {
	t.Helper()
	var accounts []agent.Account
	for _, u := range []string{"ann", "ben"} {
		h, err := bcrypt.GenerateFromPassword([]byte(u), bcrypt.MinCost)
		require.NoError(t, err)
		accounts = append(accounts, agent.Account{User: u, Name: strings.ToUpper(u[:1]) + u[1:], PasswordHash: string(h)})
	}
	return func(o *server.Options) { o.Agents = accounts }
}

// agentAvailable polls srv's availability endpoint until
// isAgentAvailable is want.
func agentAvailable(t *testing.T, srv string, want bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var got struct{ IsAgentAvailable bool }
	for {
		resp, err := http.Get(srv + "/api/v1/widgets/demo/availability")
		require.NoError(t, err)
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		require.NoError(t, err)
		if got.IsAgentAvailable == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s says isAgentAvailable %v after 30 s; want %v", srv, got.IsAgentAvailable, want)
		}
		time.Sleep(50 * time.Millisecond) // polling interval
	}
}

// rosterSays reports whether an agents frame lists user with status.
func rosterSays(user, status string) func(map[string]any) bool {
	return func(f map[string]any) bool {
		list, _ := f["agents"].([]any)
		for _, a := range list {
			if m := a.(map[string]any); m["user"] == user && m["status"] == status {
				return true
			}
		}
		return false
	}
}

// The desk is one across instances: an agent whose console is on B is
// on duty for the visitors of A (availability), is listed with their
// status on A's consoles, and takes a chat transferred to them from A.
func TestTheDeskSpansInstances(t *testing.T) {
	u := pgtest.DB(t)
	accounts := withAgents(t)
	a, b := instance(t, u, accounts), instance(t, u, accounts)
	agentAvailable(t, a.URL, false)

	ben := openConsoleAs(t, b, b, "ben", "ben")
	agentAvailable(t, a.URL, true) // ben, on B, takes A's chats
	ben.send(map[string]any{"type": "status", "status": "away"})
	agentAvailable(t, a.URL, false)
	ben.send(map[string]any{"type": "status", "status": "available"})
	agentAvailable(t, a.URL, true)

	ann := openConsoleAs(t, a, a, "ann", "ann")
	ann.expect("agents", rosterSays("ben", "available"))
	ben.expect("agents", rosterSays("ann", "available"))

	visitor := newLiveTab(t, "ws"+strings.TrimPrefix(a.URL, "http")+"/api/v1/widgets/demo/chat", a.URL, fakeStore{}, "v")
	require.NoError(t, visitor.c.Start(chat.Start{Source: "launcher", PageURL: a.URL + "/"}))
	visitor.until(t, "queued on A", func() bool { return visitor.c.Phase() == chat.Queued && visitor.c.Link() == chat.Online })
	conv := visitor.c.Conversation()
	ann.expect("queueDelta", inQueue(conv))
	ann.send(map[string]any{"type": "accept", "conversation": conv})
	ann.expect("conversation", func(f map[string]any) bool { return f["conversation"] == conv })

	ann.send(map[string]any{"type": "transfer", "conversation": conv, "to": "ben", "text": "Ben knows billing"})
	ann.expect("transferred", func(f map[string]any) bool { return f["conversation"] == conv && f["to"] == "ben" })
	ben.expect("conversation", func(f map[string]any) bool { return f["conversation"] == conv })
	visitor.until(t, "told who answers now", func() bool {
		for _, m := range visitor.c.Messages() {
			if m.From == "system" && strings.Contains(m.Text, "Ben") {
				return true
			}
		}
		return false
	})

	ben.ws.CloseNow() // ben's console closes: A's roster says offline
	ann.expect("agents", rosterSays("ben", "offline"))
}
