package e2e

// The chat service, the page and the pane of the chat-faults tests
// (faults_chat_test.go, faults_chat_providers_test.go).

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// The widgets of the faults tests' own chat services: the second one
// requires a JWT signed with faultsSecret (HS256).
const (
	faultsApp     = "e2e-faultschat"
	faultsAuthApp = "e2e-faultschat-auth"
	faultsAgent   = "faults" // the agent account; the password is the name
)

var faultsSecret = []byte("e2e-faultschat: a secret of at least 32 bytes")

// chatService is a chat server of one test: its own SQLite store, which
// the test reads to see what was stored, and its own agent account.
type chatService struct {
	t   *testing.T
	url string
	st  *store.Store
}

func newChatService(t *testing.T) *chatService {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "lcwasm.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	hash, err := testHash(faultsAgent)
	require.NoError(t, err)
	widget := func(app string) json.RawMessage { // for pages of the suite's server, with or without a proxy
		return json.RawMessage(`{"appId": "` + app + `", "proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"allowedOrigins": [` + jsString(baseURL) + `]}`)
	}
	h, err := server.New(server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir),
		Widgets: map[string]json.RawMessage{faultsApp: widget(faultsApp), faultsAuthApp: widget(faultsAuthApp)},
		Store:   st, Logger: slog.New(slog.DiscardHandler),
		Agents:   []agent.Account{{User: faultsAgent, Name: "Faye", PasswordHash: hash}},
		AuthKeys: map[string]srvchat.AuthKey{faultsAuthApp: {Alg: "HS256", Secret: faultsSecret}},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &chatService{t: t, url: srv.URL, st: st}
}

// stored is one conversation as the service stored it.
type stored struct {
	store.Conversation
	Visitor []string // the visitor's messages, in order
}

// find returns the conversations, in any state, whose start context
// mentions token (the run token in the page URL).
func (s *chatService) find(token string) []stored {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out []stored
	for _, state := range []string{"queued", "active", "ended"} {
		list, err := s.st.ByState(ctx, state)
		require.NoError(s.t, err)
		for _, c := range list {
			if !strings.Contains(string(c.Context), token) {
				continue
			}
			msgs, err := s.st.Messages(ctx, c.ID, 0)
			require.NoError(s.t, err)
			sc := stored{Conversation: c}
			for _, m := range msgs {
				if m.From == "visitor" {
					sc.Visitor = append(sc.Visitor, m.Text)
				}
			}
			out = append(out, sc)
		}
	}
	return out
}

// one is the single conversation of token.
func (s *chatService) one(token string) stored {
	s.t.Helper()
	list := s.find(token)
	require.Len(s.t, list, 1, "one conversation for %s", token)
	return list[0]
}

// signIn opens the service's agent console and signs its agent in.
func (s *chatService) signIn(t *testing.T) *tab {
	t.Helper()
	a := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	a.addScript(`window.confirm = () => true;`)
	release := signInSlot()
	defer release()
	a.do(chromedp.Navigate(s.url+"/agent"),
		sendKeys("#user", faultsAgent), sendKeys("#password", faultsAgent), chromedp.Submit("#signin-form"))
	waitJS(t, a.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return a
}

// deliveryTimeout bounds a wait that spans reconnections or a slow
// service: the client's back-off alone can wait 4 s.
const deliveryTimeout = 45 * time.Second

// faultsPage opens faultschat/chat.html, in a browser context of its own,
// with the chat service at org and the extra query; run is the token in
// its URL that names the test's conversation.
func faultsPage(t *testing.T, org, query string) (tb *tab, run string) {
	t.Helper()
	run = notAppChar.ReplaceAllString(strings.ToLower(unique(t)), "-") // as it shows in a URL
	tb = openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.navigate("/e2e/faultschat/chat.html?run=" + url.QueryEscape(run) + "&org=" + url.QueryEscape(org) + query)
	tb.waitReady()
	return tb, run
}
