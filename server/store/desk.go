package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The agent desk's tables are migration 5 (migrations/<engine>/00005_desk.sql):
// agent_status, notes and canned_responses.

// AgentStatus returns the status an agent last chose ("" when never).
func (s *Store) AgentStatus(ctx context.Context, agent string) (string, error) {
	var st string
	err := s.queryRow(ctx, nil, `SELECT status FROM agent_status WHERE agent = ?`, agent).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	return st, nil
}

// SetAgentStatus keeps the status an agent chose.
func (s *Store) SetAgentStatus(ctx context.Context, agent, status string, now time.Time) error {
	_, err := s.exec(ctx, nil, `INSERT INTO agent_status (agent, status, updated) VALUES (?, ?, ?)
		ON CONFLICT (agent) DO UPDATE SET status = excluded.status, updated = excluded.updated`,
		agent, status, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// ActiveByAgent counts the active conversations of each agent.
func (s *Store) ActiveByAgent(ctx context.Context) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT agent, COUNT(*) FROM conversations WHERE state = 'active' GROUP BY agent`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out[a] = n
	}
	return out, rows.Err()
}

// ErrAtLimit is returned by AcceptWithin when the agent holds as many
// active conversations as it may.
var ErrAtLimit = errors.New("store: the agent holds as many chats as it may")

// AcceptWithin is Accept when agent holds fewer than limit active
// conversations (limit < 0: no limit), checked in the same statement, so
// two tabs of one agent cannot both pass it: ErrAtLimit otherwise, and
// ErrConflict when the conversation is no longer queued.
func (s *Store) AcceptWithin(ctx context.Context, id, agent string, limit int, now time.Time) (Conversation, error) {
	if limit < 0 {
		return s.Accept(ctx, id, agent, now)
	}
	c, err := s.change(ctx, id, `UPDATE conversations SET state = 'active', agent = ?, accepted = ?
		WHERE id = ? AND state = 'queued'
		AND (SELECT COUNT(*) FROM conversations WHERE state = 'active' AND agent = ?) < ?`,
		agent, now.UnixMilli(), id, agent, limit)
	if errors.Is(err, ErrConflict) {
		if now, gerr := s.Get(ctx, id); gerr == nil && now.State == Queued {
			return Conversation{}, ErrAtLimit
		}
	}
	return c, err
}

// QueuedPreviews returns, for each queued conversation whose visitor has
// written, the text of the visitor's latest message: what the agent reads
// before accepting.
func (s *Store) QueuedPreviews(ctx context.Context) (map[string]string, error) {
	rows, err := s.query(ctx, `SELECT m.conversation, m.text FROM messages m
		JOIN conversations c ON c.id = m.conversation
		WHERE c.state = 'queued' AND m.sender = 'visitor'
		AND m.seq = (SELECT MAX(seq) FROM messages l WHERE l.conversation = m.conversation AND l.sender = 'visitor')`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out[id] = text
	}
	return out, rows.Err()
}

// Note is an internal note of a conversation: written by an agent for
// agents, never sent to the visitor.
type Note struct {
	Conversation string
	Seq          int64 // 1, 2, 3… within the conversation
	Author       string
	Name         string
	Text         string
	At           time.Time
}

// AddNote stores a note under the next number of its conversation:
// ErrNotFound for an unknown conversation.
func (s *Store) AddNote(ctx context.Context, n Note) (Note, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		// The conversation's row is locked (PostgreSQL), so two notes
		// added at once by two instances take turns for the next number.
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM conversations WHERE id = ?`+s.d.lockRow, n.Conversation).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM notes WHERE conversation = ?`,
			n.Conversation).Scan(&n.Seq); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO notes (conversation, seq, author, name, text, at) VALUES (?, ?, ?, ?, ?, ?)`,
			n.Conversation, n.Seq, n.Author, n.Name, n.Text, n.At.UnixMilli())
		return err
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Note{}, err
		}
		return Note{}, fmt.Errorf("store: add note: %w", err)
	}
	return n, nil
}

// Notes lists a conversation's notes in order.
func (s *Store) Notes(ctx context.Context, conversation string) ([]Note, error) {
	rows, err := s.query(ctx, `SELECT seq, author, name, text, at FROM notes WHERE conversation = ? ORDER BY seq`, conversation)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		n := Note{Conversation: conversation}
		var at int64
		if err := rows.Scan(&n.Seq, &n.Author, &n.Name, &n.Text, &at); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		n.At = time.UnixMilli(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// Transfer gives an active conversation of agent from to agent to, when to
// holds fewer than limit active conversations (limit < 0: no limit):
// ErrAtLimit otherwise, ErrConflict when it is not from's active
// conversation any more.
func (s *Store) Transfer(ctx context.Context, id, from, to string, limit int) (Conversation, error) {
	if limit < 0 {
		limit = int(^uint(0) >> 1)
	}
	c, err := s.change(ctx, id, `UPDATE conversations SET agent = ?
		WHERE id = ? AND state = 'active' AND agent = ?
		AND (SELECT COUNT(*) FROM conversations WHERE state = 'active' AND agent = ?) < ?`,
		to, id, from, to, limit)
	if errors.Is(err, ErrConflict) {
		if cur, gerr := s.Get(ctx, id); gerr == nil && cur.State == Active && cur.Agent == from {
			return Conversation{}, ErrAtLimit
		}
	}
	return c, err
}

// Requeue puts an active conversation of agent from back in the queue,
// at its first place (it keeps its start time): ErrConflict when it is
// not from's active conversation any more.
func (s *Store) Requeue(ctx context.Context, id, from string) (Conversation, error) {
	return s.change(ctx, id, `UPDATE conversations SET state = 'queued', agent = '', accepted = NULL
		WHERE id = ? AND state = 'active' AND agent = ?`, id, from)
}

// CannedResponse is one of an agent's personal canned responses.
type CannedResponse struct {
	Shortcut, Text string
}

// CannedResponses lists an agent's personal canned responses by shortcut.
func (s *Store) CannedResponses(ctx context.Context, agent string) ([]CannedResponse, error) {
	rows, err := s.query(ctx, `SELECT shortcut, text FROM canned_responses WHERE agent = ? ORDER BY shortcut`, agent)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []CannedResponse
	for rows.Next() {
		var c CannedResponse
		if err := rows.Scan(&c.Shortcut, &c.Text); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CannedCount is how many canned responses the agent has other than the
// one with shortcut.
func (s *Store) CannedCount(ctx context.Context, agent, shortcut string) (int, error) {
	var n int
	err := s.queryRow(ctx, nil, `SELECT COUNT(*) FROM canned_responses WHERE agent = ? AND shortcut <> ?`, agent, shortcut).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return n, nil
}

// SaveCanned adds an agent's canned response, or replaces the one with
// the same shortcut.
func (s *Store) SaveCanned(ctx context.Context, agent, shortcut, text string, now time.Time) error {
	_, err := s.exec(ctx, nil, `INSERT INTO canned_responses (agent, shortcut, text, updated) VALUES (?, ?, ?, ?)
		ON CONFLICT (agent, shortcut) DO UPDATE SET text = excluded.text, updated = excluded.updated`,
		agent, shortcut, text, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// DeleteCanned removes an agent's canned response (none is no error).
func (s *Store) DeleteCanned(ctx context.Context, agent, shortcut string) error {
	if _, err := s.exec(ctx, nil, `DELETE FROM canned_responses WHERE agent = ? AND shortcut = ?`, agent, shortcut); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}
