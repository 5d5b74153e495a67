package chat_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server/chat"
)

// TestMain stops the throwaway PostgreSQL cluster after the tests (see
// internal/pgtest); only the broker's tests start it.
func TestMain(m *testing.M) { pgtest.Main(m) }

// Events published at once go out together, and every one arrives: equal
// ones too (PostgreSQL folds equal payloads notified in one transaction,
// so each is a transaction of its own), and Close waits for them.
func TestPGBrokerDeliversEveryEventPublishedAtOnce(t *testing.T) {
	url := pgtest.DB(t)
	pub, err := chat.NewPGBroker(url, nil)
	require.NoError(t, err)
	sub, err := chat.NewPGBroker(url, nil)
	require.NoError(t, err)
	defer sub.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var listening sync.Once
	ready := make(chan struct{})
	var same, distinct atomic.Int64
	seen := sync.Map{}
	go sub.Listen(ctx, func(e chat.Event) {
		switch e.Kind {
		case chat.EventResync:
			listening.Do(func() { close(ready) })
		case chat.EventPresence:
			same.Add(1)
		case chat.EventMessage:
			if _, dup := seen.LoadOrStore(e.Seq, true); !dup {
				distinct.Add(1)
			}
		}
	})
	<-ready

	const n = 400
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			e := chat.Event{Kind: chat.EventPresence, Origin: "o", Conversation: "c", Online: true}
			if i%2 == 1 {
				e = chat.Event{Kind: chat.EventMessage, Origin: "o", Conversation: "c", Seq: int64(i)}
			}
			assert.NoError(t, pub.Publish(context.Background(), e))
		})
	}
	wg.Wait()
	require.NoError(t, pub.Close())
	assert.Error(t, pub.Publish(context.Background(), chat.Event{Kind: chat.EventQueue}), "after Close")
	deadline := time.Now().Add(10 * time.Second)
	for (same.Load() < n/2 || distinct.Load() < n/2) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling the listener's counts
	}
	assert.EqualValues(t, n/2, same.Load(), "equal events, each delivered")
	assert.EqualValues(t, n/2, distinct.Load(), "distinct events")
}
