package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The table offline_messages is migration 6, its answers migration 11,
// its handled_at and handled_by migration 13
// (migrations/<engine>/00013_offline_handled.sql), the index of the
// waiting ones migration 14.

// MaxOfflineMessages is how many offline messages the store keeps for one
// widget, so that a script cannot fill the disk through the public form.
// Past it AddOfflineMessage makes room by deleting the oldest messages
// an agent has handled; it never drops one that waits, and refuses with
// ErrFull when every message waits.
const MaxOfflineMessages = 10000

// ErrFull is AddOfflineMessage's answer when the widget has
// MaxOfflineMessages waiting for an agent.
var ErrFull = fmt.Errorf("store: the widget has %d offline messages waiting for an agent; the limit", MaxOfflineMessages)

// maxOffline is MaxOfflineMessages, lowered by tests.
var maxOffline = MaxOfflineMessages

// OfflineMessage is one message a visitor left while no agent was there.
type OfflineMessage struct {
	ID      string
	AppID   string
	Name    string
	Email   string
	Text    string
	PageURL string
	// Answers are the form's other questions (offline.fields beyond
	// name, email and message).
	Answers []Answer
	Created time.Time
	// HandledAt is when an agent marked the message handled, zero while
	// it waits; HandledBy is that agent's user name.
	HandledAt time.Time
	HandledBy string
}

// Handled reports whether an agent has marked m handled.
func (m OfflineMessage) Handled() bool { return !m.HandledAt.IsZero() }

// AddOfflineMessage stores m (its ID and Created are set here, it waits)
// and returns its id. A widget at MaxOfflineMessages loses its oldest
// handled message to make room, or the call fails with ErrFull.
func (s *Store) AddOfflineMessage(ctx context.Context, m OfflineMessage, now time.Time) (string, error) {
	id := newID()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM offline_messages WHERE app_id = ?`, m.AppID).Scan(&n); err != nil {
			return err
		}
		if over := n - maxOffline + 1; over > 0 {
			res, err := tx.ExecContext(ctx, `DELETE FROM offline_messages WHERE id IN (SELECT id FROM offline_messages
				WHERE app_id = ? AND handled_at IS NOT NULL ORDER BY created, id LIMIT ?)`, m.AppID, over)
			if err != nil {
				return err
			}
			if gone, err := res.RowsAffected(); err != nil || gone < int64(over) {
				return ErrFull // rolled back: nothing deleted
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO offline_messages (id, app_id, name, email, text, page_url, answers, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, m.AppID, m.Name, m.Email, m.Text, m.PageURL, encodeAnswers(m.Answers), now.UnixMilli())
		return err
	})
	switch {
	case errors.Is(err, ErrFull):
		return "", ErrFull
	case err != nil:
		return "", fmt.Errorf("store: %w", err)
	}
	return id, nil
}

// OfflineQuery selects offline messages: those waiting for an agent,
// newest first, or (Handled) those handled, the most recently handled
// first; at most Limit of them.
type OfflineQuery struct {
	Handled bool
	Limit   int
}

const qOffline = `SELECT id, app_id, name, email, text, page_url, answers, created, handled_at, handled_by FROM offline_messages`

// OfflineMessages returns the offline messages q selects.
func (s *Store) OfflineMessages(ctx context.Context, q OfflineQuery) ([]OfflineMessage, error) {
	where := ` WHERE handled_at IS NULL ORDER BY created DESC, id`
	if q.Handled {
		where = ` WHERE handled_at IS NOT NULL ORDER BY handled_at DESC, created DESC, id`
	}
	rows, err := s.db.QueryContext(ctx, qOffline+where+` LIMIT ?`, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: %w", classify(err))
	}
	defer rows.Close()
	var out []OfflineMessage
	for rows.Next() {
		m, err := scanOffline(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// WaitingOfflineMessages counts the offline messages waiting for an
// agent (not handled), on every widget: the agent console's count.
func (s *Store) WaitingOfflineMessages(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM offline_messages WHERE handled_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: %w", classify(err))
	}
	return n, nil
}

// scanOffline reads a row of qOffline.
func scanOffline(row interface{ Scan(...any) error }) (OfflineMessage, error) {
	var m OfflineMessage
	var created int64
	var handled sql.NullInt64
	var answers string
	if err := row.Scan(&m.ID, &m.AppID, &m.Name, &m.Email, &m.Text, &m.PageURL, &answers, &created, &handled, &m.HandledBy); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return m, ErrNotFound
		}
		return m, fmt.Errorf("store: %w", err)
	}
	var err error
	if m.Answers, err = decodeAnswers(answers); err != nil {
		return m, err
	}
	m.Created = time.UnixMilli(created)
	if handled.Valid {
		m.HandledAt = time.UnixMilli(handled.Int64)
	}
	return m, nil
}

// HandleOfflineMessage marks offline message id handled by agent at now
// (handled false: waiting again, its handler forgotten) and returns it.
// Marking a handled message handled again keeps its first handler and
// time. ErrNotFound when there is no such message.
func (s *Store) HandleOfflineMessage(ctx context.Context, id, agent string, handled bool, now time.Time) (OfflineMessage, error) {
	var err error
	if handled {
		_, err = s.exec(ctx, nil, `UPDATE offline_messages SET handled_at = ?, handled_by = ? WHERE id = ? AND handled_at IS NULL`,
			now.UnixMilli(), agent, id)
	} else {
		_, err = s.exec(ctx, nil, `UPDATE offline_messages SET handled_at = NULL, handled_by = '' WHERE id = ?`, id)
	}
	if err != nil {
		return OfflineMessage{}, fmt.Errorf("store: %w", err)
	}
	return scanOffline(s.db.QueryRowContext(ctx, qOffline+` WHERE id = ?`, id))
}

// purgeOffline deletes the offline messages left before cut, handled or
// not, purgeBatch at a time; it returns how many went.
func (s *Store) purgeOffline(ctx context.Context, cut int64) (int, error) {
	total := 0
	for {
		res, err := s.exec(ctx, nil, `DELETE FROM offline_messages WHERE id IN
			(SELECT id FROM offline_messages WHERE created < ? LIMIT ?)`, cut, purgeBatch)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		total += int(n)
		if err != nil || n < purgeBatch {
			return total, err
		}
	}
}
