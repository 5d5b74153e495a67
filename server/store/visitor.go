package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The tables of what visitors leave outside a conversation's transcript,
// offline_messages and conversation_ratings, are migration 6
// (migrations/<engine>/00006_visitor.sql).

// MaxOfflineMessages is how many offline messages the store keeps for one
// widget: past it AddOfflineMessage refuses with ErrFull, so a script
// cannot fill the disk through the public form.
const MaxOfflineMessages = 10000

// ErrFull is AddOfflineMessage's answer when the widget has
// MaxOfflineMessages already.
var ErrFull = fmt.Errorf("store: the widget has %d offline messages; the limit", MaxOfflineMessages)

// OfflineMessage is one message a visitor left while no agent was there.
type OfflineMessage struct {
	ID      string
	AppID   string
	Name    string
	Email   string
	Text    string
	PageURL string
	Created time.Time
}

// AddOfflineMessage stores m (its ID and Created are set here) and
// returns its id.
func (s *Store) AddOfflineMessage(ctx context.Context, m OfflineMessage, now time.Time) (string, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM offline_messages WHERE app_id = ?`, m.AppID).Scan(&n); err != nil {
		return "", fmt.Errorf("store: %w", classify(err))
	}
	if n >= MaxOfflineMessages {
		return "", ErrFull
	}
	id := newID()
	_, err := s.db.ExecContext(ctx, `INSERT INTO offline_messages (id, app_id, name, email, text, page_url, created)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, m.AppID, m.Name, m.Email, m.Text, m.PageURL, now.UnixMilli())
	if err != nil {
		return "", fmt.Errorf("store: %w", classify(err))
	}
	return id, nil
}

// OfflineMessages returns the newest limit offline messages, newest
// first.
func (s *Store) OfflineMessages(ctx context.Context, limit int) ([]OfflineMessage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, app_id, name, email, text, page_url, created
		FROM offline_messages ORDER BY created DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: %w", classify(err))
	}
	defer rows.Close()
	var out []OfflineMessage
	for rows.Next() {
		var m OfflineMessage
		var created int64
		if err := rows.Scan(&m.ID, &m.AppID, &m.Name, &m.Email, &m.Text, &m.PageURL, &created); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		m.Created = time.UnixMilli(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Rating is a visitor's post-chat rating of a conversation: +1 (thumbs
// up) or -1 (thumbs down), and an optional comment.
type Rating struct {
	Rating  int
	Comment string
	At      time.Time
}

// Rate stores the rating of conversation id, replacing an earlier one
// (the visitor may change their mind); first reports that it had none.
// The caller has authorized the visitor with the conversation's token
// (Authorize).
func (s *Store) Rate(ctx context.Context, id string, r Rating) (first bool, err error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM conversation_ratings WHERE conversation = ?`, id)
	if err == nil {
		var n int64
		n, err = res.RowsAffected()
		first = n == 0
	}
	if err == nil {
		_, err = s.db.ExecContext(ctx, `INSERT INTO conversation_ratings (conversation, rating, comment, at) VALUES (?, ?, ?, ?)`,
			id, r.Rating, r.Comment, r.At.UnixMilli())
	}
	if err != nil {
		return false, fmt.Errorf("store: %w", classify(err))
	}
	return first, nil
}

// RatingOf returns conversation id's rating, ok false when it has none.
func (s *Store) RatingOf(ctx context.Context, id string) (r Rating, ok bool, err error) {
	var at int64
	err = s.db.QueryRowContext(ctx, `SELECT rating, comment, at FROM conversation_ratings WHERE conversation = ?`, id).
		Scan(&r.Rating, &r.Comment, &at)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Rating{}, false, nil
		}
		return Rating{}, false, fmt.Errorf("store: %w", err)
	}
	r.At = time.UnixMilli(at)
	return r, true, nil
}
