package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// purgeBatch is how many conversations one transaction of Purge deletes,
// so that visitors' writes wait for at most one short transaction.
const purgeBatch = 500

// Purge deletes the conversations that are over (ended, or abandoned by
// a visitor who left the queue) since before cut, with their messages
// and their history entries (history.go), the offline messages left
// before cut (handled or not: what visitors wrote is kept no longer than
// their chats), and the agent sessions expired by then. What the reports count of them is kept
// ([Store.RuleChats] reads the same after a purge), as are the funnel's
// counters, which never name a conversation. Active and queued
// conversations are never deleted, however old. It returns how many
// conversations went.
func (s *Store) Purge(ctx context.Context, cut time.Time) (int, error) {
	total := 0
	for {
		n, err := s.purgeBatch(ctx, cut.UnixMilli())
		total += n
		if err != nil {
			return total, fmt.Errorf("store: purge: %w", err)
		}
		if n < purgeBatch {
			break
		}
	}
	if _, err := s.purgeOffline(ctx, cut.UnixMilli()); err != nil {
		return total, fmt.Errorf("store: purge: offline messages: %w", err)
	}
	if _, err := s.exec(ctx, nil, `DELETE FROM sessions WHERE expires <= ?`, cut.UnixMilli()); err != nil {
		return total, fmt.Errorf("store: purge: %w", err)
	}
	return total, nil
}

// The table purged_chats (migrations/{sqlite,postgres}/00003_purged_chats.sql)
// keeps what the reports count of purged conversations: per widget, UTC
// day of the conversation's start and rule (its context's ruleId), how
// many there were and how many an agent accepted. RuleChats adds it to
// the conversations still stored, so a report reads the same before and
// after a purge.

// qOver lists the conversations over (ended, or 'abandoned': queued,
// their visitor gone) before a cut, a batch at a time, with what
// RuleChats counts of each (qRuleChats).
const qOver = `SELECT c.id, c.app_id, c.created, c.accepted IS NOT NULL, ` + visitorWrote + `, c.context
FROM conversations c WHERE c.state IN ('ended', 'abandoned') AND c.ended < ? LIMIT ?`

const qAddPurged = `INSERT INTO purged_chats (app_id, day, rule, variant, queued, agent_accepted, visitor_wrote)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (app_id, day, rule, variant) DO UPDATE SET queued = purged_chats.queued + excluded.queued,
	agent_accepted = purged_chats.agent_accepted + excluded.agent_accepted,
	visitor_wrote = purged_chats.visitor_wrote + excluded.visitor_wrote`

// purgedKey is one row of purged_chats.
type purgedKey struct {
	app, day string
	ChatKey
}

// purgeBatch deletes up to purgeBatch conversations over before cut,
// with their messages, keeping their counts in purged_chats, in one
// transaction.
func (s *Store) purgeBatch(ctx context.Context, cut int64) (n int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		ids, counts, err := overBefore(ctx, tx, cut)
		if err != nil || len(ids) == 0 {
			return err
		}
		for k, c := range counts {
			if _, err := tx.ExecContext(ctx, qAddPurged, k.app, k.day, k.Rule, k.Variant, c.Queued, c.AgentAccepted, c.VisitorWrote); err != nil {
				return classify(err)
			}
		}
		in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
		if !s.d.postgres { // the history's full text first, by the history's hid
			if _, err := tx.ExecContext(ctx, `DELETE FROM history_text WHERE rowid IN
				(SELECT hid FROM history WHERE conversation IN `+in+`)`, ids...); err != nil {
				return classify(err)
			}
		}
		for _, q := range []string{`DELETE FROM history WHERE conversation IN `, `DELETE FROM messages WHERE conversation IN `, `DELETE FROM notes WHERE conversation IN `,
			`DELETE FROM conversation_ratings WHERE conversation IN `, `DELETE FROM attachments WHERE conversation IN `,
			`DELETE FROM conversations WHERE id IN `} {
			if _, err := tx.ExecContext(ctx, q+in, ids...); err != nil {
				return classify(err)
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// overBefore reads a batch of qOver: the ids, and the counts of those
// that came from an invitation.
func overBefore(ctx context.Context, tx *sql.Tx, cut int64) ([]any, map[purgedKey]ChatCounts, error) {
	rows, err := tx.QueryContext(ctx, qOver, cut, purgeBatch)
	if err != nil {
		return nil, nil, classify(err)
	}
	defer rows.Close()
	var ids []any
	counts := map[purgedKey]ChatCounts{}
	for rows.Next() {
		var id, app, raw string
		var created int64
		var accepted, wrote bool
		if err := rows.Scan(&id, &app, &created, &accepted, &wrote, &raw); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		if inv, ok := invitationOf([]byte(raw)); ok {
			k := purgedKey{app, time.UnixMilli(created).UTC().Format(time.DateOnly), inv}
			counts[k] = counts[k].add(accepted, wrote)
		}
	}
	return ids, counts, rows.Err()
}

// Retention deletes old conversations in the background; see
// [Store.Purge].
type Retention struct {
	// Keep is how long a conversation is kept after it is over, and an
	// offline message after it was left (> 0).
	Keep time.Duration
	// Every is the time between two purges; the first runs at once.
	Every time.Duration
	// Now is the clock.
	Now func() time.Time
	// Report, when set, is told the result of each purge.
	Report func(deleted int, err error)
}

// RunRetention purges at once and then every r.Every until ctx is done.
func (s *Store) RunRetention(ctx context.Context, r Retention) error {
	if r.Keep <= 0 || r.Every <= 0 || r.Now == nil {
		return fmt.Errorf("store: retention needs Keep, Every and Now")
	}
	tick := time.NewTicker(r.Every)
	defer tick.Stop()
	for {
		n, err := s.Purge(ctx, r.Now().Add(-r.Keep))
		if r.Report != nil && ctx.Err() == nil {
			r.Report(n, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
