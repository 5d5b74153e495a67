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
	// Attachment is the file the message stands for (its Text is the
	// file's name); the zero AttachmentRef for a text message.
	Attachment AttachmentRef
}

// AttachmentRef is what a message says of its attachment: the id to fetch
// it by, the type found in its bytes and its size in bytes.
type AttachmentRef struct {
	ID   string
	Type string
	Size int64
}

// AddMessage stores m under the next sequence number of its conversation
// and returns it with Seq and At set. When m.CID is already stored for the
// conversation, nothing is inserted: the stored message is returned with
// dup set. It returns ErrNotFound for an unknown conversation and
// ErrConflict for an ended one. Messages added at the same time are
// committed (and synced) together, see commits.
func (s *Store) AddMessage(ctx context.Context, m Message) (stored Message, dup bool, err error) {
	a, err := s.AddMessageTo(ctx, m, 0)
	return a.Message, a.Dup, err
}

// ErrMessageLimit is returned by AddMessageTo for a conversation that
// holds as many messages as its limit.
var ErrMessageLimit = errors.New("store: the conversation holds as many messages as it may")

// Added is what AddMessageTo stored, and the conversation it was added to
// as the commit saw it.
type Added struct {
	Message Message
	Dup     bool   // the client id was stored already: Message is that message
	Agent   string // the conversation's agent ("" while queued)
	State   string // the conversation's state
}

// AddMessageTo is AddMessage that also returns the conversation's agent
// and state, read in the same transaction (under its row lock on
// PostgreSQL), so that the caller need not read the conversation again.
// A limit above 0 is how many messages the conversation may hold: one
// more is refused with ErrMessageLimit (the resend of a stored client id
// is still returned as a duplicate). The outcomes are checked in this
// order: ErrNotFound, the duplicate, ErrMessageLimit, ErrConflict.
func (s *Store) AddMessageTo(ctx context.Context, m Message, limit int) (Added, error) {
	r, err := s.commits.add(ctx, m, limit)
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrMessageLimit) {
			return Added{}, err
		}
		return Added{}, fmt.Errorf("store: add message: %w", err)
	}
	return Added{Message: r.stored, Dup: r.dup, Agent: r.agent, State: r.state}, nil
}

// addMessage is AddMessage's work inside tx (SQLite; PostgreSQL pipelines
// the same statements, see pgcommit.go).
func (s *Store) addMessage(ctx context.Context, tx *sql.Tx, m Message, limit int) added {
	// The conversation's row first: on PostgreSQL it is locked (s.qState),
	// so another instance adding to it waits, and the client-id check and
	// the next seq below see its message.
	var r added
	if err := s.queryRow(ctx, tx, s.qState, m.Conversation).Scan(&r.state, &r.agent); errors.Is(err, sql.ErrNoRows) {
		return added{err: ErrNotFound}
	} else if err != nil {
		return added{err: err}
	}
	if m.CID != "" {
		stored, err := scanMessage(s.queryRow(ctx, tx, qMessageByCID, m.Conversation, m.CID))
		if err == nil {
			r.stored, r.dup = stored, true
			return r
		}
		if !errors.Is(err, ErrNotFound) {
			return added{err: err}
		}
	}
	if limit > 0 {
		var n int
		if err := s.queryRow(ctx, tx, qCount, m.Conversation).Scan(&n); err != nil {
			return added{err: err}
		}
		if n >= limit {
			return added{err: ErrMessageLimit}
		}
	}
	if over(r.state) && m.From != "system" {
		return added{err: ErrConflict}
	}
	if err := s.queryRow(ctx, tx, qNextSeq, m.Conversation).Scan(&m.Seq); err != nil {
		return added{err: err}
	}
	m.At = time.UnixMilli(m.At.UnixMilli())
	_, err := s.exec(ctx, tx, qInsertMessage, m.Conversation, m.Seq, nullable(m.CID), m.From, m.Name, m.Text,
		m.At.UnixMilli(), nullable(m.Attachment.ID), m.Attachment.Type, m.Attachment.Size)
	if err != nil {
		return added{err: err}
	}
	r.stored = m
	return r
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

const msgColumns = `conversation, seq, COALESCE(cid, ''), sender, name, text, at,
	COALESCE(attachment, ''), attachment_type, attachment_size`

// The queries of AddMessage's transaction (prepared at Open).
const (
	qMessageByCID      = `SELECT ` + msgColumns + ` FROM messages WHERE conversation = ? AND cid = ?`
	qConversationState = `SELECT state, agent FROM conversations WHERE id = ?`
	qNextSeq           = `SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation = ?`
	qCount             = `SELECT COUNT(*) FROM messages WHERE conversation = ?`
	qInsertMessage     = `INSERT INTO messages (conversation, seq, cid, sender, name, text, at,
		attachment, attachment_type, attachment_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var at int64
	err := row.Scan(&m.Conversation, &m.Seq, &m.CID, &m.From, &m.Name, &m.Text, &at,
		&m.Attachment.ID, &m.Attachment.Type, &m.Attachment.Size)
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
