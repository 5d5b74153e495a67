package e2e

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// pgInstance is one more server of the suite's site and bundle on the
// PostgreSQL store at u; it returns its base URL.
func pgInstance(t *testing.T, u string) (string, *store.Store) {
	t.Helper()
	st, err := store.OpenURL(context.Background(), u)
	require.NoError(t, err)
	agents, err := testAgents()
	require.NoError(t, err)
	h, err := server.New(server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir), Widgets: testWidgets(time.Now()),
		Extra: map[string]fs.FS{"/e2e/": os.DirFS("testdata")}, Store: st, Agents: agents,
		Logger: slog.New(slog.DiscardHandler),
		Chat:   srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		h.Shutdown(context.Background())
		st.Close()
	})
	return srv.URL, st
}

// TestVisitorOnOneInstanceAgentOnAnother: two servers on one PostgreSQL
// database are one service. The visitor's page and widget talk to
// instance A, the agent's console to instance B: the chat reaches B's
// queue, the agent accepts, messages go both ways, and the agent ends it.
func TestVisitorOnOneInstanceAgentOnAnother(t *testing.T) {
	t.Parallel()
	u := pgtest.DB(t)
	a, st := pgInstance(t, u)
	b, _ := pgInstance(t, u)

	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.addScript(`window.confirm = () => true;`) // "End the conversation?"
	signInOn(t, agent, b, "alice")

	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.do(chromedp.Navigate(a + "/e2e/chat.html?run=" + run))
	visitor.waitReady()
	visitor.eval(lcwNS + `.SDK.startChat()`)
	visitor.waitShown("oc-lcw-chat-sendbox")
	visitor.waitEvent("lcw:chatQueued")

	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)

	visitor.eval(`__e2e.el("oc-lcw-chat-input").value = "Hello from instance A";
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	visitor.waitEvent("lcw:onMessageSent")
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("Hello from instance A")`, waitTimeout)

	agent.do(sendKeys("#text", "Hello from instance B"), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll(".lcw-msg-agent .lcw-msg-text")].some(p => p.textContent === "Hello from instance B")`, waitTimeout)

	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-ended") === "The agent ended the chat."`, waitTimeout)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ended, err := st.ByState(ctx, store.Ended)
	require.NoError(t, err)
	require.Len(t, ended, 1)
	assert.Equal(t, "alice", ended[0].Agent)
	msgs, err := st.Messages(ctx, ended[0].ID, 0)
	require.NoError(t, err)
	var texts []string
	for _, m := range msgs {
		if m.From != "system" {
			texts = append(texts, m.From+": "+m.Text)
		}
	}
	assert.Equal(t, []string{"visitor: Hello from instance A", "agent: Hello from instance B"}, texts, "each stored once")
}
