package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// listen serves New(o) as lcwserver does (HTTPServer) on 127.0.0.1 and
// returns its address.
func listen(t *testing.T, o server.Options) string {
	t.Helper()
	h, err := server.New(o)
	require.NoError(t, err)
	srv := server.HTTPServer(h, o.Timeouts, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// closedWithin reads c until the server closes it and returns how long
// that took, failing when it did not within limit.
func closedWithin(t *testing.T, c net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection was still open after %v", limit)
	}
	return time.Since(start)
}

// short are timeouts a test can wait for.
var short = server.Timeouts{ReadHeader: 300 * time.Millisecond, Read: 300 * time.Millisecond,
	Write: 300 * time.Millisecond, File: 300 * time.Millisecond, Idle: 300 * time.Millisecond}

func TestIdleKeepAliveConnectionIsClosed(t *testing.T) {
	o := fixture()
	o.Timeouts = short
	c := dial(t, listen(t, o))
	_, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.False(t, resp.Close, "kept alive")
	took := closedWithin(t, c, 5*time.Second)
	assert.GreaterOrEqual(t, took, 200*time.Millisecond, "kept for the idle timeout")
}

// trickle writes s one byte every 50 ms until the connection fails or
// 5 s passed.
func trickle(c net.Conn, s string) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < 100; i++ {
		<-tick.C
		if _, err := c.Write([]byte{s[i%len(s)]}); err != nil {
			return
		}
	}
}

func TestSlowLorisBodyIsCutOff(t *testing.T) {
	o := fixture()
	o.Timeouts = short
	c := dial(t, listen(t, o))
	_, err := io.WriteString(c, "POST /agent/login HTTP/1.1\r\nHost: x\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nuser=demo&password=")
	require.NoError(t, err)
	go trickle(c, "x")
	r := bufio.NewReader(c)
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err, "answered before the client finished its body")
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	closedWithin(t, c, 3*time.Second)
}

func TestSlowLorisHeadersAreCutOff(t *testing.T) {
	o := fixture()
	o.Timeouts = short
	c := dial(t, listen(t, o))
	_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n")
	require.NoError(t, err)
	go trickle(c, "X-Slow: 1\r\n")
	closedWithin(t, c, 3*time.Second)
}

func TestHugeHeaderBlockIsRefused(t *testing.T) {
	c := dial(t, listen(t, fixture()))
	go io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 100<<10)+"\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
}

func TestLargeBodyIsRefused(t *testing.T) {
	addr := listen(t, fixture())
	resp, err := http.Post("http://"+addr+"/agent/login", "application/x-www-form-urlencoded",
		strings.NewReader("user=demo&password="+strings.Repeat("x", server.MaxBodyBytes)))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
}

func TestWebSocketOutlivesTheRequestTimeouts(t *testing.T) {
	o := fixture()
	o.Timeouts = short
	addr := listen(t, o)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws://"+addr+"/api/v1/widgets/w1/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {"http://" + addr}}})
	require.NoError(t, err)
	defer ws.CloseNow()
	<-time.After(4 * short.Write) // let every request deadline pass
	require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(`{"type":"start","cid":"s","visitor":{"id":"v"}}`)))
	_, b, err := ws.Read(ctx)
	require.NoError(t, err, "the socket still reads and writes")
	var started map[string]any
	require.NoError(t, json.Unmarshal(b, &started))
	assert.Equal(t, "started", started["type"])
}

func TestReadyzFailsWhenTheStoreCannotWrite(t *testing.T) {
	o := fixture()
	st, err := store.Open(filepath.Join(t.TempDir(), "chat.db"))
	require.NoError(t, err)
	o.Store = st
	h := newHandler(t, o)
	resp := get(t, h, "GET", "/readyz")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok", body(t, resp))
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))

	// A handler of its own, made while the store is open (New seeds the
	// widgets into it) and asked nothing yet, so no answer is remembered.
	h = newHandler(t, o)
	st.Close() // as good as a disk gone
	resp = get(t, h, "GET", "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, body(t, resp), "store: test write")
	resp = get(t, h, "GET", "/healthz")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "liveness only")
}

func TestReadyzFailsOnADamagedStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chat.db")
	st, err := store.Open(path)
	require.NoError(t, err)
	for i := range 300 {
		_, _, _, err := st.Start(ctx, "w1", strings.Repeat("v", 100)+string(rune('a'+i%26))+string(rune('a'+i/26)), "c",
			json.RawMessage(`{"pageUrl":"https://shop.example/`+strings.Repeat("p", 300)+`"}`), time.Now())
		require.NoError(t, err)
	}
	require.NoError(t, st.Close())
	st, err = store.Open(path)
	require.NoError(t, err)
	defer st.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	info, _ := f.Stat()
	for off := int64(4096); off < info.Size(); off += 2 * 4096 {
		f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", 1024)), off)
	}
	f.Close()

	o := fixture()
	o.Store = st
	resp := get(t, newHandler(t, o), "GET", "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, body(t, resp), "quick_check")
}

// Drain turns /readyz to 503 at once, while /healthz and the chat still
// answer: a load balancer stops sending new visitors first.
func TestReadyzAnswers503WhileDraining(t *testing.T) {
	h, err := server.New(fixture())
	require.NoError(t, err)
	defer h.Shutdown(context.Background())
	resp := get(t, h, "GET", "/readyz")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	h.Drain()
	resp = get(t, h, "GET", "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, body(t, resp), "draining")
	resp = get(t, h, "GET", "/healthz")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the process is up")
	resp = get(t, h, "GET", "/api/v1/widgets/w1/config")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "still serving")
}
