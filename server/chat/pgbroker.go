package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PGChannel is the PostgreSQL NOTIFY channel of the hubs' events.
const PGChannel = "lcwasm_chat"

// maxPayload is PostgreSQL's NOTIFY payload limit, less a margin.
const maxPayload = 7900

// PGBroker is a [Broker] on PostgreSQL's LISTEN/NOTIFY: Publish runs
// pg_notify on a small pool, Listen holds a dedicated connection in
// WaitForNotification and reconnects (with EventResync) when it drops.
// Every instance on the same database hears every event.
type PGBroker struct {
	url    string
	db     *sql.DB
	logger *slog.Logger
}

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
	return &PGBroker{url: url, db: db, logger: logger}, nil
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
	if _, err := b.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, PGChannel, string(p)); err != nil {
		return fmt.Errorf("chat: broker: %w", err)
	}
	return nil
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

// Close closes the publishing pool.
func (b *PGBroker) Close() error { return b.db.Close() }
