package store_test

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server/store"
)

// turnCounter is a proxy in front of PostgreSQL's Unix socket that counts
// round trips: the times a client writes after the server answered.
type turnCounter struct {
	ln     net.Listener
	target string
	turns  atomic.Int64
}

func (p *turnCounter) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("unix", p.target)
		if err != nil {
			c.Close()
			continue
		}
		var mu sync.Mutex
		serverLast := true
		pipe := func(dst, src net.Conn, client bool) {
			buf := make([]byte, 64<<10)
			for {
				n, err := src.Read(buf)
				if n > 0 {
					mu.Lock()
					if client && serverLast {
						p.turns.Add(1)
					}
					serverLast = !client
					mu.Unlock()
					dst.Write(buf[:n])
				}
				if err != nil {
					dst.Close()
					return
				}
			}
		}
		go pipe(s, c, true)
		go pipe(c, s, false)
	}
}

// On PostgreSQL a message costs the store one round trip when it is
// alone in its group commit (BEGIN to COMMIT in one pipeline; it was 8
// through database/sql), and a fraction of one when many are committed
// together.
func TestAddMessageRoundTripsOnPostgres(t *testing.T) {
	u, err := url.Parse(pgtest.DB(t))
	require.NoError(t, err)
	q := u.Query()
	if q.Get("host") == "" {
		t.Skip("the database is not on a Unix socket")
	}
	dir := t.TempDir()
	ln, err := net.Listen("unix", dir+"/.s.PGSQL."+q.Get("port"))
	require.NoError(t, err)
	p := &turnCounter{ln: ln, target: q.Get("host") + "/.s.PGSQL." + q.Get("port")}
	go p.serve()
	defer ln.Close()
	q.Set("host", dir)
	u.RawQuery = q.Encode()

	ctx := context.Background()
	s, err := store.OpenURL(ctx, u.String())
	require.NoError(t, err)
	defer s.Close()
	var convs []string
	for i := range 20 {
		c, _, _, err := s.Start(ctx, "app", fmt.Sprint("v", i), "x", nil, t0)
		require.NoError(t, err)
		convs = append(convs, c.ID)
	}
	add := func(i int) {
		_, _, err := s.AddMessage(ctx, store.Message{Conversation: convs[i%len(convs)], CID: fmt.Sprint(i),
			From: "visitor", Text: "x", At: t0})
		require.NoError(t, err)
	}
	const n = 100
	for i := range 5 { // the statements prepared on the connection
		add(100*n + i)
	}
	before := p.turns.Load()
	for i := range n {
		add(i)
	}
	alone := float64(p.turns.Load()-before) / n
	before = p.turns.Load()
	var wg sync.WaitGroup
	for i := range 20 * n {
		wg.Go(func() { add(n + i) })
	}
	wg.Wait()
	together := float64(p.turns.Load()-before) / (20 * n)
	t.Logf("round trips a message: %.2f one at a time, %.2f with 2,000 at once", alone, together)
	assert.LessOrEqual(t, alone, 1.1)
	assert.Less(t, together, 0.5)
}
