package e2e

import (
	"context"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// crashable is a server on a fixed address over an SQLite file that can be
// killed — every connection severed at once, WebSockets included, as a
// crash or a restart does — and started again on the same address.
type crashable struct {
	t     *testing.T
	addr  string
	db    string
	srv   *http.Server
	st    *store.Store
	mu    sync.Mutex
	conns []net.Conn
}

func (c *crashable) start() {
	c.t.Helper()
	ln, err := net.Listen("tcp", c.addr)
	require.NoError(c.t, err)
	c.addr = ln.Addr().String()
	c.st, err = store.Open(c.db)
	require.NoError(c.t, err)
	h, err := server.New(server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir), Widgets: testWidgets(time.Now()),
		Extra: map[string]fs.FS{"/e2e/": os.DirFS("testdata")}, Store: c.st,
		Logger: slog.New(slog.DiscardHandler),
	})
	require.NoError(c.t, err)
	c.srv = &http.Server{Handler: h, ConnState: c.track}
	go c.srv.Serve(ln)
}

func (c *crashable) track(conn net.Conn, s http.ConnState) {
	if s == http.StateNew {
		c.mu.Lock()
		c.conns = append(c.conns, conn)
		c.mu.Unlock()
	}
}

func (c *crashable) kill() {
	_ = c.srv.Close()
	c.mu.Lock()
	for _, conn := range c.conns {
		_ = conn.Close() // hijacked WebSockets too
	}
	c.conns = nil
	c.mu.Unlock()
	require.NoError(c.t, c.st.Close())
}

// TestServerRestartLosesNothing: the server dies mid-conversation; what the
// visitor types meanwhile waits, is sent when the server is back on the
// same address with the same store, and every message is stored exactly
// once.
func TestServerRestartLosesNothing(t *testing.T) {
	t.Parallel()
	c := &crashable{t: t, addr: "127.0.0.1:0", db: filepath.Join(t.TempDir(), "lcwasm.db")}
	c.start()
	t.Cleanup(func() { _ = c.srv.Close() })

	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.do(chromedp.Navigate("http://" + c.addr + "/e2e/chat.html"))
	visitor.waitReady()
	visitor.eval(lcwNS + `.SDK.startChat()`)
	visitor.waitShown("oc-lcw-chat-sendbox")
	visitor.waitEvent("lcw:chatQueued")
	send := func(text string) {
		visitor.eval(`__e2e.el("oc-lcw-chat-input").value = ` + jsString(text) + `;
			__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	}
	send("before the crash")
	waitJS(t, visitor.ctx, `__e2e.root().querySelectorAll('.lcw-msg-visitor[data-state="sent"]').length === 1`, waitTimeout)

	c.kill()
	send("while the server is down")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-connection")?.includes("Reconnecting")`, waitTimeout)
	assert.Equal(t, 1, evalJS[int](visitor, `__e2e.root().querySelectorAll('.lcw-msg-visitor[data-state="pending"]').length`))

	c.start()
	waitJS(t, visitor.ctx, `__e2e.root().querySelectorAll('.lcw-msg-visitor[data-state="sent"]').length === 2`, 45*time.Second)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-connection") === ""`, waitTimeout)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := c.st.ByState(ctx, "queued")
	require.NoError(t, err)
	require.Len(t, list, 1, "one conversation, resumed rather than started again")
	msgs, err := c.st.Messages(ctx, list[0].ID, 0)
	require.NoError(t, err)
	var texts []string
	for _, m := range msgs {
		if m.From == "visitor" {
			texts = append(texts, m.Text)
		}
	}
	assert.Equal(t, []string{"before the crash", "while the server is down"}, texts, "each message stored exactly once, in order")
}
