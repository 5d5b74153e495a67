package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Conversation states.
const (
	Queued = "queued" // waiting for an agent
	Active = "active" // an agent accepted it
	Ended  = "ended"  // closed by the visitor or the agent
)

// ErrForbidden is returned when a conversation exists but the token given
// for it is wrong.
var ErrForbidden = errors.New("store: token does not match")

// Conversation is one chat between a visitor and (once accepted) an agent.
type Conversation struct {
	ID        string
	AppID     string
	VisitorID string
	State     string
	Agent     string // user name of the agent who accepted it
	EndedBy   string // "visitor" or "agent"
	Created   time.Time
	Accepted  time.Time // zero while queued
	Ended     time.Time // zero until ended
	Context   json.RawMessage
}

const convColumns = `id, app_id, visitor_id, state, agent, ended_by, created, accepted, ended, context`

// The queries of Start's transaction (prepared at Open).
const (
	qStarted = `SELECT ` + convColumns + ` FROM conversations
		WHERE app_id = ? AND visitor_id = ? AND start_cid = ?`
	qNewToken           = `UPDATE conversations SET token_hash = ? WHERE id = ?`
	qInsertConversation = `INSERT INTO conversations
		(id, app_id, token_hash, visitor_id, start_cid, state, created, context)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (app_id, visitor_id, start_cid) DO NOTHING`
)

func scanConversation(row interface{ Scan(...any) error }) (Conversation, error) {
	var c Conversation
	var created int64
	var accepted, ended sql.NullInt64
	var ctxJSON string
	err := row.Scan(&c.ID, &c.AppID, &c.VisitorID, &c.State, &c.Agent, &c.EndedBy,
		&created, &accepted, &ended, &ctxJSON)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: %w", err)
	}
	c.Created = time.UnixMilli(created)
	if accepted.Valid {
		c.Accepted = time.UnixMilli(accepted.Int64)
	}
	if ended.Valid {
		c.Ended = time.UnixMilli(ended.Int64)
	}
	c.Context = json.RawMessage(ctxJSON)
	return c, nil
}

// Start creates a queued conversation and returns it with its token. The
// start message's client id makes it idempotent: when the same visitor
// already started a conversation with startCID, that conversation is
// returned with existed set and a fresh token (the old one is replaced:
// only its hash was kept, and the client never received it).
func (s *Store) Start(ctx context.Context, appID, visitorID, startCID string, context json.RawMessage,
	now time.Time) (c Conversation, token string, existed bool, err error) {
	if len(context) == 0 {
		context = json.RawMessage("{}")
	}
	token = NewToken()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		row := s.queryRow(ctx, tx, qStarted, appID, visitorID, startCID)
		c, err = scanConversation(row)
		if errors.Is(err, ErrNotFound) {
			c = Conversation{ID: newID(), AppID: appID, VisitorID: visitorID, State: Queued,
				Created: time.UnixMilli(now.UnixMilli()), Context: context}
			res, err := s.exec(ctx, tx, qInsertConversation,
				c.ID, appID, hash(token), visitorID, startCID, Queued, now.UnixMilli(), string(context))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				return nil
			}
			// Another instance started it meanwhile (PostgreSQL: the
			// insert waited for its commit): that one it is.
			c, err = scanConversation(s.queryRow(ctx, tx, qStarted, appID, visitorID, startCID))
			if err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		existed = true
		_, err = s.exec(ctx, tx, qNewToken, hash(token), c.ID)
		return err
	})
	if err != nil {
		return Conversation{}, "", false, fmt.Errorf("store: start: %w", err)
	}
	return c, token, existed, nil
}

// Get returns the conversation with the given id.
func (s *Store) Get(ctx context.Context, id string) (Conversation, error) {
	return scanConversation(s.queryRow(ctx, nil,
		`SELECT `+convColumns+` FROM conversations WHERE id = ?`, id))
}

// Authorize returns the conversation when token is its token:
// ErrNotFound when there is no such conversation, ErrForbidden when the
// token is wrong.
func (s *Store) Authorize(ctx context.Context, id, token string) (Conversation, error) {
	var stored []byte
	err := s.queryRow(ctx, nil, `SELECT token_hash FROM conversations WHERE id = ?`, id).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, ErrNotFound
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("store: %w", err)
	}
	if subtle.ConstantTimeCompare(stored, hash(token)) != 1 {
		return Conversation{}, ErrForbidden
	}
	return s.Get(ctx, id)
}

// Accept assigns a queued conversation to agent. It returns ErrConflict
// when the conversation is no longer queued.
func (s *Store) Accept(ctx context.Context, id, agent string, now time.Time) (Conversation, error) {
	return s.change(ctx, id, `UPDATE conversations SET state = 'active', agent = ?, accepted = ?
		WHERE id = ? AND state = 'queued'`, agent, now.UnixMilli(), id)
}

// End closes a conversation that is not ended yet; by is "visitor" or
// "agent". It returns ErrConflict when it was already ended. The
// conversation enters the history in the same transaction.
func (s *Store) End(ctx context.Context, id, by string, now time.Time) (Conversation, error) {
	return s.endAndIndex(ctx, id, `UPDATE conversations SET state = 'ended', ended_by = ?, ended = ?
		WHERE id = ? AND state NOT IN ('ended', 'abandoned')`, by, now.UnixMilli(), id)
}

func (s *Store) change(ctx context.Context, id, query string, args ...any) (Conversation, error) {
	res, err := s.exec(ctx, nil, query, args...)
	if err != nil {
		return Conversation{}, fmt.Errorf("store: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Get(ctx, id); err != nil {
			return Conversation{}, err
		}
		return Conversation{}, ErrConflict
	}
	return s.Get(ctx, id)
}

// ByState lists the conversations in a state, oldest first (in order of
// arrival when they started in the same millisecond).
func (s *Store) ByState(ctx context.Context, state string) ([]Conversation, error) {
	rows, err := s.query(ctx, `SELECT `+convColumns+` FROM conversations
		WHERE state = ? ORDER BY created, rowid`, state)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Position is a queued conversation's place in the queue (1 = next, in
// the order of ByState); 0 when it is not queued.
func (s *Store) Position(ctx context.Context, id string) (int, error) {
	var n int
	err := s.queryRow(ctx, nil, `SELECT COUNT(*) FROM conversations c, conversations q
		WHERE c.id = ? AND c.state = 'queued' AND q.state = 'queued'
		AND (q.created < c.created OR (q.created = c.created AND q.rowid <= c.rowid))`, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return n, nil
}

// AverageWait is the mean time between start and acceptance over the
// last n accepted conversations; zero when there are none.
func (s *Store) AverageWait(ctx context.Context, n int) (time.Duration, error) {
	var avg sql.NullFloat64
	err := s.queryRow(ctx, nil, `SELECT AVG(accepted - created) FROM (
		SELECT accepted, created FROM conversations WHERE accepted IS NOT NULL
		ORDER BY accepted DESC LIMIT ?) AS recent`, n).Scan(&avg)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return time.Duration(avg.Float64) * time.Millisecond, nil
}
