package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The tables of what visitors leave outside a conversation's transcript,
// offline_messages and conversation_ratings, are migration 6
// (migrations/<engine>/00006_visitor.sql); their answers, migration 11.

// Answer is one answered question of a form a widget configured, its
// label as the visitor saw it.
type Answer struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// encodeAnswers is a JSON array of a, ” for none.
func encodeAnswers(a []Answer) string {
	if len(a) == 0 {
		return ""
	}
	b, _ := json.Marshal(a)
	return string(b)
}

// decodeAnswers reads what encodeAnswers wrote.
func decodeAnswers(s string) ([]Answer, error) {
	if s == "" {
		return nil, nil
	}
	var a []Answer
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	return a, nil
}

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
	// Answers are the form's other questions (offline.fields beyond
	// name, email and message).
	Answers []Answer
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
	_, err := s.db.ExecContext(ctx, `INSERT INTO offline_messages (id, app_id, name, email, text, page_url, answers, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, m.AppID, m.Name, m.Email, m.Text, m.PageURL, encodeAnswers(m.Answers), now.UnixMilli())
	if err != nil {
		return "", fmt.Errorf("store: %w", classify(err))
	}
	return id, nil
}

// OfflineMessages returns the newest limit offline messages, newest
// first.
func (s *Store) OfflineMessages(ctx context.Context, limit int) ([]OfflineMessage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, app_id, name, email, text, page_url, answers, created
		FROM offline_messages ORDER BY created DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: %w", classify(err))
	}
	defer rows.Close()
	var out []OfflineMessage
	for rows.Next() {
		var m OfflineMessage
		var created int64
		var answers string
		if err := rows.Scan(&m.ID, &m.AppID, &m.Name, &m.Email, &m.Text, &m.PageURL, &answers, &created); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		var err error
		if m.Answers, err = decodeAnswers(answers); err != nil {
			return nil, err
		}
		m.Created = time.UnixMilli(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Rating is a visitor's post-chat survey of a conversation: +1 (thumbs
// up), -1 (thumbs down) or 0 (the survey asks no rating), an optional
// comment, and the answers to the survey's own questions.
type Rating struct {
	Rating  int
	Comment string
	Answers []Answer
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
		_, err = s.db.ExecContext(ctx, `INSERT INTO conversation_ratings (conversation, rating, comment, answers, at) VALUES (?, ?, ?, ?, ?)`,
			id, r.Rating, r.Comment, encodeAnswers(r.Answers), r.At.UnixMilli())
	}
	if err != nil {
		return false, fmt.Errorf("store: %w", classify(err))
	}
	return first, nil
}

// RatingOf returns conversation id's rating, ok false when it has none.
func (s *Store) RatingOf(ctx context.Context, id string) (r Rating, ok bool, err error) {
	var at int64
	var answers string
	err = s.db.QueryRowContext(ctx, `SELECT rating, comment, answers, at FROM conversation_ratings WHERE conversation = ?`, id).
		Scan(&r.Rating, &r.Comment, &answers, &at)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Rating{}, false, nil
		}
		return Rating{}, false, fmt.Errorf("store: %w", err)
	}
	r.At = time.UnixMilli(at)
	if r.Answers, err = decodeAnswers(answers); err != nil {
		return Rating{}, false, err
	}
	return r, true, nil
}
