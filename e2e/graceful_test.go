package e2e

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// restartable is a server on a fixed address over an SQLite file that
// shuts down the way lcwserver does on SIGTERM (sockets closed with
// 1012, requests drained) and starts again on the same address.
type restartable struct {
	t    *testing.T
	addr string
	db   string
	srv  *http.Server
	h    *server.Server
	st   *store.Store
}

func (r *restartable) start() {
	r.t.Helper()
	ln, err := net.Listen("tcp", r.addr)
	require.NoError(r.t, err)
	r.addr = ln.Addr().String()
	r.st, err = store.Open(r.db)
	require.NoError(r.t, err)
	r.h, err = server.New(server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir), Widgets: testWidgets(time.Now()),
		Extra: map[string]fs.FS{"/e2e/": os.DirFS("testdata")}, Store: r.st,
		Logger: slog.New(slog.DiscardHandler),
	})
	require.NoError(r.t, err)
	r.srv = &http.Server{Handler: r.h}
	go r.srv.Serve(ln)
}

// stop is lcwserver's shutdown: drain, the listener, then 1012 to every
// socket, bounded.
func (r *restartable) stop() {
	r.t.Helper()
	r.h.Drain()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.h.Shutdown(ctx) }()
	if err := r.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		r.t.Error(err)
	}
	require.NoError(r.t, <-done)
	require.NoError(r.t, r.st.Close())
}

// closeCodes records the close code of every WebSocket the page opens
// (window.__closeCodes), before the page's own scripts run.
const closeCodes = `window.__closeCodes = [];
(() => { const W = window.WebSocket;
  window.WebSocket = class extends W { constructor(...a) { super(...a);
    this.addEventListener("close", (e) => window.__closeCodes.push(e.code)); } };
})();`

// TestGracefulRestartReconnectsWidgetAndConsole: the server shuts down
// as on SIGTERM mid-conversation and comes back on the same address:
// the widget and the agent console both get close 1012, both reconnect
// by themselves, and the conversation goes on both ways.
func TestGracefulRestartReconnectsWidgetAndConsole(t *testing.T) {
	t.Parallel()
	r := &restartable{t: t, addr: "127.0.0.1:0", db: filepath.Join(t.TempDir(), "lcwasm.db")}
	r.start()
	t.Cleanup(func() { r.srv.Close() })
	base := "http://" + r.addr

	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.addScript(closeCodes)
	signInOn(t, agent, base, "demo")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.addScript(closeCodes)
	visitor.do(chromedp.Navigate(base + "/e2e/chat.html?run=" + run))
	visitor.waitReady()
	visitor.eval(lcwNS + `.SDK.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)

	r.stop()
	restart := `window.__closeCodes.includes(` + strconv.Itoa(wire.CloseServiceRestart) + `)`
	waitJS(t, visitor.ctx, restart, waitTimeout)
	waitJS(t, agent.ctx, restart, waitTimeout)
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("reconnecting")`, waitTimeout)

	r.start()
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, 45*time.Second)
	agentSays(agent, "back after the restart")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-transcript")?.includes("back after the restart")`, 45*time.Second)
	visitor.eval(`__e2e.el("oc-lcw-chat-input").value = "me too";
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("me too")`, waitTimeout)
	assert.Equal(t, "", evalJS[string](visitor, `__e2e.text("oc-lcw-chat-connection")`), "no reconnecting notice left")
}
