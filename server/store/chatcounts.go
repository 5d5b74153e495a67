package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// ChatKey names the invitation a chat came from: a rule (funnel.PageCall
// for a page's startProactiveChat) and the variant shown.
type ChatKey struct {
	Rule, Variant string
}

// ChatCounts are the server's own counts of the chats that came from one
// invitation, read from the conversations themselves: Queued started a
// conversation (every one waits in the queue first), AgentAccepted were
// taken by an agent, VisitorWrote had a visitor's line after the agent
// joined.
type ChatCounts struct {
	Queued, AgentAccepted, VisitorWrote int
}

// visitorWrote is true for a conversation c with a visitor's line after
// the agent accepted it.
const visitorWrote = `(c.accepted IS NOT NULL AND EXISTS (SELECT 1 FROM messages m
		WHERE m.conversation = c.id AND m.sender = '` + wire.FromVisitor + `' AND m.at >= c.accepted))`

const qRuleChats = `SELECT c.context, c.accepted IS NOT NULL, ` + visitorWrote + `
FROM conversations c
WHERE c.app_id = ? AND c.created >= ? AND c.created < ?`

// add counts one more chat.
func (n ChatCounts) add(accepted, wrote bool) ChatCounts {
	n.Queued++
	if accepted {
		n.AgentAccepted++
	}
	if wrote {
		n.VisitorWrote++
	}
	return n
}

// invitationOf reads which invitation a conversation's stored context
// came from; ok is false for a chat the visitor started themselves.
func invitationOf(raw []byte) (k ChatKey, ok bool) {
	var c struct {
		Proactive bool   `json:"proactive"`
		Source    string `json:"source"`
		RuleID    string `json:"ruleId"`
		Variant   string `json:"variant"`
	}
	if json.Unmarshal(raw, &c) != nil || !c.Proactive {
		return k, false
	}
	switch {
	case c.Source == "rule" && c.RuleID != "":
		return ChatKey{c.RuleID, c.Variant}, true
	case c.Source == "startProactiveChat":
		return ChatKey{Rule: funnel.PageCall}, true
	}
	return k, false
}

// RuleChats counts appID's conversations created from from up to to that
// came from an invitation (their context's source, ruleId and variant),
// by invitation. It reads each conversation's context: cheap for the
// number of chats a site has, not for event volumes (which is why the
// funnel's own counters are aggregated).
func (s *Store) RuleChats(ctx context.Context, appID string, from, to time.Time) (map[ChatKey]ChatCounts, error) {
	rows, err := s.db.QueryContext(ctx, qRuleChats, appID, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("store: rule chats: %w", classify(err))
	}
	defer rows.Close()
	out := map[ChatKey]ChatCounts{}
	for rows.Next() {
		var raw string
		var accepted, wrote bool
		if err := rows.Scan(&raw, &accepted, &wrote); err != nil {
			return nil, fmt.Errorf("store: rule chats: %w", classify(err))
		}
		k, ok := invitationOf([]byte(raw))
		if !ok {
			continue
		}
		out[k] = out[k].add(accepted, wrote)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: rule chats: %w", classify(err))
	}
	return out, s.addPurged(ctx, out, appID, from, to)
}

const qPurgedChats = `SELECT rule, variant, SUM(queued), SUM(agent_accepted), SUM(visitor_wrote)
FROM purged_chats WHERE app_id = ? AND day >= ? AND day < ? GROUP BY rule, variant`

// addPurged adds to out the counts kept of conversations retention
// deleted (purged_chats, see Store.Purge) whose UTC day falls from
// from's day up to to's.
func (s *Store) addPurged(ctx context.Context, out map[ChatKey]ChatCounts, appID string, from, to time.Time) error {
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	rows, err := s.db.QueryContext(ctx, qPurgedChats, appID, day(from), day(to))
	if err != nil {
		return fmt.Errorf("store: rule chats: %w", classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var k ChatKey
		var c ChatCounts
		if err := rows.Scan(&k.Rule, &k.Variant, &c.Queued, &c.AgentAccepted, &c.VisitorWrote); err != nil {
			return fmt.Errorf("store: rule chats: %w", classify(err))
		}
		n := out[k]
		n.Queued += c.Queued
		n.AgentAccepted += c.AgentAccepted
		n.VisitorWrote += c.VisitorWrote
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: rule chats: %w", classify(err))
	}
	return nil
}

// CountRated counts, in the funnel's daily counters (event funnel.Rated,
// day of at), that the visitor rated conversation id after it ended, for
// the invitation it came from: the post-chat rating calls it once per
// rated conversation. A chat the visitor started themselves counts
// nothing; an unknown conversation is ErrNotFound.
func (s *Store) CountRated(ctx context.Context, id string, at time.Time) error {
	var app, raw string
	err := s.db.QueryRowContext(ctx, `SELECT app_id, context FROM conversations WHERE id = ?`, id).Scan(&app, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: count rated: %w", classify(err))
	}
	k, ok := invitationOf([]byte(raw))
	if !ok {
		return nil
	}
	return s.AddCounters(ctx, app, []funnel.Entry{{Key: funnel.Key{Rule: k.Rule, Variant: k.Variant,
		Event: funnel.Rated, Day: funnel.Day(instant.From(at))}, N: 1}})
}
