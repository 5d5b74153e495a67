package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PGChannel is the PostgreSQL NOTIFY channel of the hubs' events.
const PGChannel = "lcwasm_chat"

// maxPayload is PostgreSQL's NOTIFY payload limit, less a margin.
const maxPayload = 7900

// PGBroker is a [Broker] on PostgreSQL's LISTEN/NOTIFY: Publish runs
// pg_notify on a small pool, Listen holds a dedicated connection in
// WaitForNotification and reconnects (with EventResync) when it drops.
// Every instance on the same database hears every event.
//
// The events published at the same time go out together: a few
// publishers each take every event waiting (up to maxEvents) and send
// them in one round trip, pipelined, each pg_notify in a transaction of
// its own (a Sync after each: PostgreSQL delivers equal payloads
// notified in one transaction once, which could drop a presence change
// between two equal ones). Publish still returns once its event is sent.
type PGBroker struct {
	url    string
	db     *sql.DB
	logger *slog.Logger
	pubs   chan publication
	quit   chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
}

// publication is one Publish waiting for its round trip.
type publication struct {
	payload string
	done    chan error
}

const (
	publishers = 4   // round trips of events in flight at once
	maxEvents  = 128 // events one round trip sends
)

// errBrokerClosed is Publish's error after Close.
var errBrokerClosed = errors.New("chat: broker: closed")

// NewPGBroker returns a broker on the PostgreSQL database at url (the
// store's URL).
func NewPGBroker(url string, logger *slog.Logger) (*PGBroker, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("chat: broker: %w", err)
	}
	// A few connections: handlers publish before they answer, at once.
	// Events of one conversation may then arrive out of order; receivers
	// read the store in seq order (visitors) or keep one per seq (agents).
	db.SetMaxOpenConns(8)
	b := &PGBroker{url: url, db: db, logger: logger, pubs: make(chan publication), quit: make(chan struct{})}
	for range publishers {
		b.wg.Go(b.publishing)
	}
	return b, nil
}

// Publish sends e with pg_notify.
func (b *PGBroker) Publish(ctx context.Context, e Event) error {
	p, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("chat: broker: %w", err)
	}
	if len(p) > maxPayload {
		return fmt.Errorf("chat: broker: event of %d bytes, over %d", len(p), maxPayload)
	}
	pub := publication{payload: string(p), done: make(chan error, 1)}
	select {
	case b.pubs <- pub:
	case <-b.quit:
		return errBrokerClosed
	case <-ctx.Done():
		return fmt.Errorf("chat: broker: %w", ctx.Err())
	}
	select {
	case err := <-pub.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("chat: broker: %w", ctx.Err()) // it may still go out
	}
}

// publishing sends the waiting events until Close.
func (b *PGBroker) publishing() {
	for {
		var batch []publication
		select {
		case p := <-b.pubs:
			batch = append(batch, p)
		case <-b.quit:
			return
		}
	more:
		for len(batch) < maxEvents {
			select {
			case p := <-b.pubs:
				batch = append(batch, p)
			default:
				break more
			}
		}
		err := b.send(batch)
		if err != nil {
			err = fmt.Errorf("chat: broker: %w", err)
		}
		for _, p := range batch {
			p.done <- err
		}
	}
}

// send notifies batch's events in one round trip.
func (b *PGBroker) send(batch []publication) error {
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	if len(batch) == 1 {
		_, err := b.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, PGChannel, batch[0].payload)
		return err
	}
	c, err := b.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		pl := dc.(*stdlib.Conn).Conn().PgConn().StartPipeline(ctx)
		for _, p := range batch {
			pl.SendQueryParams(`SELECT pg_notify($1, $2)`, [][]byte{[]byte(PGChannel), []byte(p.payload)}, nil, nil, nil)
			pl.SendPipelineSync()
		}
		err := pl.Flush()
		if cerr := pl.Close(); err == nil {
			err = cerr // reads every result; the error of a failed one
		}
		return err
	})
}

// Listen listens until ctx is done, reconnecting after a second (then up
// to 5 s) when the connection fails.
func (b *PGBroker) Listen(ctx context.Context, fn func(Event)) error {
	backoff := time.Second
	for ctx.Err() == nil {
		err := b.listen(ctx, fn)
		if ctx.Err() != nil {
			break
		}
		b.logger.Warn("chat: broker: listening failed; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
	return nil
}

func (b *PGBroker) listen(ctx context.Context, fn func(Event)) error {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN `+PGChannel); err != nil {
		return err
	}
	fn(Event{Kind: EventResync})
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil {
			b.logger.Warn("chat: broker: an event that is not JSON", "err", err)
			continue
		}
		fn(e)
	}
}

// Close stops the publishers (once the events they are sending are
// sent) and closes the publishing pool.
func (b *PGBroker) Close() error {
	b.once.Do(func() { close(b.quit) })
	b.wg.Wait()
	return b.db.Close()
}
