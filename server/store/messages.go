package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Message is one message of a conversation.
type Message struct {
	Conversation string
	Seq          int64
	CID          string // the client's id; empty for system messages
	From         string // "visitor", "agent" or "system"
	Name         string
	Text         string
	At           time.Time
}

// AddMessage stores m under the next sequence number of its conversation
// and returns it with Seq and At set. When m.CID is already stored for the
// conversation, nothing is inserted: the stored message is returned with
// dup set. It returns ErrNotFound for an unknown conversation and
// ErrConflict for an ended one.
func (s *Store) AddMessage(ctx context.Context, m Message) (stored Message, dup bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if m.CID != "" {
			stored, err = scanMessage(s.queryRow(ctx, tx, qMessageByCID, m.Conversation, m.CID))
			if err == nil {
				dup = true
				return nil
			}
			if !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		var state string
		if err := s.queryRow(ctx, tx, qConversationState, m.Conversation).Scan(&state); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if over(state) && m.From != "system" {
			return ErrConflict
		}
		if err := s.queryRow(ctx, tx, qNextSeq, m.Conversation).Scan(&m.Seq); err != nil {
			return err
		}
		m.At = time.UnixMilli(m.At.UnixMilli())
		_, err := s.exec(ctx, tx, qInsertMessage, m.Conversation, m.Seq, nullable(m.CID), m.From, m.Name, m.Text,
			m.At.UnixMilli())
		stored = m
		return err
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
			return Message{}, false, err
		}
		return Message{}, false, fmt.Errorf("store: add message: %w", err)
	}
	return stored, dup, nil
}

// Messages returns the messages of a conversation with seq > after, in
// order.
func (s *Store) Messages(ctx context.Context, conversation string, after int64) ([]Message, error) {
	rows, err := s.query(ctx, `SELECT `+msgColumns+` FROM messages
		WHERE conversation = ? AND seq > ? ORDER BY seq`, conversation, after)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const msgColumns = `conversation, seq, COALESCE(cid, ''), sender, name, text, at`

// The queries of AddMessage's transaction (prepared at Open).
const (
	qMessageByCID      = `SELECT ` + msgColumns + ` FROM messages WHERE conversation = ? AND cid = ?`
	qConversationState = `SELECT state FROM conversations WHERE id = ?`
	qNextSeq           = `SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation = ?`
	qInsertMessage     = `INSERT INTO messages (conversation, seq, cid, sender, name, text, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
)

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var at int64
	err := row.Scan(&m.Conversation, &m.Seq, &m.CID, &m.From, &m.Name, &m.Text, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: %w", err)
	}
	m.At = time.UnixMilli(at)
	return m, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
