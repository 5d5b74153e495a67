package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startWithData is start with a given data directory; stop ends it.
func startWithData(t *testing.T, data string, args ...string) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	args = append([]string{"-addr", "127.0.0.1:0", "-data", data, "-site", t.TempDir(), "-dist", t.TempDir()}, args...)
	go func() { errc <- run(ctx, args, pw, io.Discard) }()
	buf := make([]byte, 4096)
	n, err := pr.Read(buf)
	require.NoError(t, err)
	go io.Copy(io.Discard, pr)
	line := strings.SplitN(string(buf[:n]), "\n", 2)[0]
	url = strings.TrimPrefix(line, "lcwasm demo: ")
	return url, func() {
		cancel()
		select {
		case err := <-errc:
			assert.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Error("server did not shut down")
		}
	}
}

func wsCall(t *testing.T, base string, frames ...map[string]any) []map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"api/v1/widgets/lcw-demo/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}})
	require.NoError(t, err)
	defer ws.CloseNow()
	var out []map[string]any
	for _, f := range frames {
		b, _ := json.Marshal(f)
		require.NoError(t, ws.Write(ctx, websocket.MessageText, b))
		for {
			_, b, err := ws.Read(ctx)
			require.NoError(t, err)
			var got map[string]any
			require.NoError(t, json.Unmarshal(b, &got))
			if got["type"] != "queue" {
				out = append(out, got)
				break
			}
		}
	}
	return out
}

func TestRestartKeepsTheConversation(t *testing.T) {
	data := t.TempDir()
	base, stop := startWithData(t, data)
	got := wsCall(t, base,
		map[string]any{"type": "start", "cid": "s1", "visitor": map[string]any{"id": "v1"}},
		map[string]any{"type": "send", "cid": "m1", "text": "before"})
	conv, token := got[0]["conversation"].(string), got[0]["token"].(string)
	assert.Equal(t, "ack", got[1]["type"])
	stop()
	_, err := os.Stat(filepath.Join(data, "lcwasm.db"))
	require.NoError(t, err)

	base, stop = startWithData(t, data)
	defer stop()
	got = wsCall(t, base,
		map[string]any{"type": "resume", "conversation": conv, "token": token, "after": 0},
		map[string]any{"type": "send", "cid": "m2", "text": "after"})
	require.Equal(t, "resumed", got[0]["type"])
	msgs := got[0]["messages"].([]any)
	require.Len(t, msgs, 1)
	assert.Equal(t, "before", msgs[0].(map[string]any)["text"])
	assert.EqualValues(t, 2, got[1]["seq"])
}

func TestDemoAgentAndAgentsFlag(t *testing.T) {
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	loginAs := func(base, user, password string) int {
		resp, err := noRedirect.PostForm(base+"agent/login", url.Values{"user": {user}, "password": {password}})
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	base, stop := startWithData(t, t.TempDir())
	assert.Equal(t, http.StatusSeeOther, loginAs(base, "demo", "demo"))
	assert.Equal(t, http.StatusUnauthorized, loginAs(base, "demo", "wrong"))
	stop()

	var hash strings.Builder
	require.NoError(t, hashPassword(strings.NewReader("s3cret\n"), &hash))
	file := filepath.Join(t.TempDir(), "agents.json")
	require.NoError(t, os.WriteFile(file, []byte(`[{"user":"ann","name":"Ann","passwordHash":"`+
		strings.TrimSpace(hash.String())+`"}]`), 0o600))
	base, stop = startWithData(t, t.TempDir(), "-agents", file)
	defer stop()
	assert.Equal(t, http.StatusSeeOther, loginAs(base, "ann", "s3cret"))
	assert.Equal(t, http.StatusUnauthorized, loginAs(base, "demo", "demo"), "no demo agent with -agents")
}

func TestHashPassword(t *testing.T) {
	var out strings.Builder
	require.NoError(t, hashPassword(strings.NewReader("pw"), &out))
	assert.Regexp(t, `^\$2a\$10\$.{53}\n$`, out.String())
	assert.Error(t, hashPassword(strings.NewReader("\n"), io.Discard), "empty password")
}

func TestBadAgentsFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "agents.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"user":"ann","passwordHash":"plain"}]`), 0o600))
	data := filepath.Join(t.TempDir(), "data")
	err := run(context.Background(), []string{"-agents", bad, "-data", data}, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "not a bcrypt hash")
	_, err = os.Stat(data)
	assert.True(t, os.IsNotExist(err), "nothing created on bad input")
}

func TestAuthKeysFlag(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys.json")
	require.NoError(t, os.WriteFile(keys, []byte(`{"lcw-demo":{"alg":"HS256","secret":"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}}`), 0o600))
	base, stop := startWithData(t, t.TempDir(), "-auth-keys", keys)
	defer stop()
	got := wsCall(t, base, map[string]any{"type": "start", "cid": "s1", "visitor": map[string]any{"id": "v1"}})
	assert.Equal(t, "auth_required", got[0]["code"])

	require.NoError(t, os.WriteFile(keys, []byte(`{"nope":{"alg":"HS256","secret":"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}}`), 0o600))
	err := run(context.Background(), []string{"-auth-keys", keys, "-data", t.TempDir(), "-addr", "127.0.0.1:0"}, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "no such widget")
}

// TestAuthKeysPrivateFlag: keys URLs reach private addresses only with
// -auth-keys-private, and an -auth-keys entry may name a keys URL, https
// only.
func TestAuthKeysPrivateFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{{nil, false}, {[]string{"-auth-keys-private"}, true}} {
		c, err := parseFlags(tt.args, io.Discard)
		require.NoError(t, err)
		o, err := loadOptions(c, slog.New(slog.DiscardHandler))
		require.NoError(t, err)
		assert.Equal(t, tt.want, o.AuthKeysFetch.AllowPrivate, "%v", tt.args)
	}
	keys := filepath.Join(t.TempDir(), "keys.json")
	require.NoError(t, os.WriteFile(keys, []byte(`{"lcw-demo":{"alg":"RS256","keysUrl":"http://idp.example/jwks"}}`), 0o600))
	err := run(context.Background(), []string{"-auth-keys", keys, "-data", t.TempDir(), "-addr", "127.0.0.1:0"}, io.Discard, io.Discard)
	assert.EqualError(t, err, "chat: auth keys: lcw-demo: keysUrl must be an https URL")
}
