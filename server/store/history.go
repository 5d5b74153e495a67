package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The history (migration 10, migrations/<engine>/00010_history.sql) is
// one row per conversation that is over, written in the transaction
// that ends or abandons it, with what an agent searches it by: the
// visitor's name, email and verified subject, the rule that invited
// them, the agent, when it ended, and the full text of its messages
// (SQLite FTS5 history_text; PostgreSQL a tsvector with a GIN index).
// Conversations over before the table existed, or ended by an older
// instance sharing the database, are indexed when a store opens
// (backfillHistory).

// historyFields is what the history keeps of a conversation's context.
type historyFields struct {
	name, email, sub, rule string
}

// maxHistoryField caps, in bytes, a name, email or subject kept in the
// history (the server cuts a prechat name to 64 characters already).
const maxHistoryField = 256

// fieldsOf reads a stored context by exact names, as package chat does:
// a key spelt another way ("Authenticated") is nobody's identity.
func fieldsOf(raw []byte) historyFields {
	var f historyFields
	top := exactFields(raw)
	prechat := exactFields(top["prechat"])
	f.name = stringField(prechat, "name")
	if email := strings.ToLower(strings.TrimSpace(stringField(prechat, "email"))); strings.Contains(email, "@") {
		f.email = email
	}
	if auth := exactFields(top["authenticated"]); auth != nil {
		f.sub = stringField(auth, "sub")
		if f.name == "" {
			f.name = stringField(auth, "name")
		}
	}
	if k, ok := invitationOf(raw); ok {
		f.rule = k.Rule
	}
	f.name, f.email, f.sub, f.rule = cut(f.name), cut(f.email), cut(f.sub), cut(f.rule)
	return f
}

func exactFields(raw []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// stringField is m[name] when it is a JSON string, else "".
func stringField(m map[string]json.RawMessage, name string) string {
	var s string
	if json.Unmarshal(m[name], &s) != nil {
		return ""
	}
	return s
}

// cut keeps at most maxHistoryField bytes of s, whole characters.
func cut(s string) string {
	if len(s) <= maxHistoryField {
		return s
	}
	n := maxHistoryField
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// indexHistory writes conversation id, which is over, into the history
// in tx (nothing when it is there already).
func (s *Store) indexHistory(ctx context.Context, tx *sql.Tx, id string) error {
	c, err := scanConversation(tx.QueryRowContext(ctx, `SELECT `+convColumns+` FROM conversations WHERE id = ?`, id))
	if err != nil {
		return err
	}
	body, n, err := transcriptText(ctx, tx, id)
	if err != nil {
		return err
	}
	f := fieldsOf(c.Context)
	ended := c.Ended
	if ended.IsZero() {
		ended = c.Created
	}
	args := []any{c.ID, c.AppID, c.State, c.VisitorID, f.name, f.email, f.sub, f.rule, c.Agent,
		c.Created.UnixMilli(), ended.UnixMilli(), n}
	if s.d.postgres {
		_, err := tx.ExecContext(ctx, `INSERT INTO history (conversation, app_id, state, visitor_id, name, email, sub,
			rule, agent, created, ended, messages, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (conversation) DO NOTHING`, append(args, body)...)
		return err
	}
	var hid int64
	err = tx.QueryRowContext(ctx, `INSERT INTO history (conversation, app_id, state, visitor_id, name, email, sub,
		rule, agent, created, ended, messages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (conversation) DO NOTHING RETURNING hid`, args...).Scan(&hid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // indexed already
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history_text (rowid, name, email, body) VALUES (?, ?, ?, ?)`,
		hid, f.name, f.email, body)
	return err
}

// transcriptText is the text of a conversation's visitor and agent
// messages, one a line, and how many messages it has in all.
func transcriptText(ctx context.Context, tx *sql.Tx, id string) (string, int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT sender, text FROM messages WHERE conversation = ? ORDER BY seq`, id)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	var b strings.Builder
	n := 0
	for rows.Next() {
		var from, text string
		if err := rows.Scan(&from, &text); err != nil {
			return "", 0, err
		}
		n++
		if from == "system" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(text)
	}
	return b.String(), n, rows.Err()
}

// endAndIndex runs update, which makes conversation id over, and indexes
// it in the same transaction; ErrConflict when update changed nothing
// (ErrNotFound when there is no such conversation).
func (s *Store) endAndIndex(ctx context.Context, id, update string, args ...any) (Conversation, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, update, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		return s.indexHistory(ctx, tx, id)
	})
	if errors.Is(err, ErrConflict) {
		if _, gerr := s.Get(ctx, id); gerr != nil {
			return Conversation{}, gerr
		}
		return Conversation{}, ErrConflict
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("store: %w", err)
	}
	return s.Get(ctx, id)
}

// backfillBatch is how many conversations one transaction of
// backfillHistory indexes.
const backfillBatch = 500

// backfillHistory indexes the conversations over that the history
// lacks, oldest first, a batch per transaction.
func (s *Store) backfillHistory(ctx context.Context) error {
	for {
		ids, err := s.unindexed(ctx)
		if err != nil || len(ids) == 0 {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			for _, id := range ids {
				if err := s.indexHistory(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: indexing the history: %w", err)
		}
		if len(ids) < backfillBatch {
			return nil
		}
	}
}

func (s *Store) unindexed(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id FROM conversations c
		WHERE c.state IN ('ended', 'abandoned')
		AND NOT EXISTS (SELECT 1 FROM history h WHERE h.conversation = c.id)
		ORDER BY c.ended, c.rowid LIMIT ?`, backfillBatch)
	if err != nil {
		return nil, fmt.Errorf("store: %w", classify(err))
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
