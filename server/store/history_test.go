package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// pastChat is a conversation made for the history's tests.
type pastChat struct {
	visitor, context, agent string // agent "": abandoned in the queue
	texts                   []string
	at                      time.Time // started; ended a minute later
}

// makeChat stores c, ends it (or abandons it) and returns its id.
func makeChat(t *testing.T, s *store.Store, c pastChat) string {
	t.Helper()
	ctx := context.Background()
	conv, _, _, err := s.Start(ctx, "app", c.visitor, "s"+c.at.String(), []byte(c.context), c.at)
	require.NoError(t, err)
	if c.agent == "" {
		_, err = s.Abandon(ctx, conv.ID, c.at.Add(time.Minute))
		require.NoError(t, err)
		return conv.ID
	}
	_, err = s.Accept(ctx, conv.ID, c.agent, c.at)
	require.NoError(t, err)
	for i, text := range c.texts {
		from := "visitor"
		if i%2 == 1 {
			from = "agent"
		}
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: conv.ID, CID: fmt.Sprint(i), From: from, Text: text, At: c.at})
		require.NoError(t, err)
	}
	_, err = s.End(ctx, conv.ID, "agent", c.at.Add(time.Minute))
	require.NoError(t, err)
	return conv.ID
}

func hitIDs(hits []store.HistoryHit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Conversation)
	}
	return out
}

// TestHistoryOnBothEngines: conversations enter the history when they
// end or are abandoned, and are found by text (name, email, words of
// the messages, prefixes), agent, rule and date, newest first, a page at
// a time; a returning visitor's earlier ones are found by sub, email or
// visitor id; Purge takes them out.
func TestHistoryOnBothEngines(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		ada := makeChat(t, s, pastChat{visitor: "v1", agent: "ann",
			context: `{"prechat":{"name":"Ada Lovelace","email":"Ada@Example.com"},"proactive":true,"source":"rule","ruleId":"pricing"}`,
			texts:   []string{"My invoice is wrong", "Let me check the refund"}, at: day})
		bob := makeChat(t, s, pastChat{visitor: "v2", agent: "ben", context: `{"prechat":{"name":"Bob"}}`,
			texts: []string{"Where is my parcel?", "It ships tomorrow"}, at: day.Add(24 * time.Hour)})
		gone := makeChat(t, s, pastChat{visitor: "v1", context: `{"prechat":{"email":"ada@example.com"}}`, at: day.Add(48 * time.Hour)})
		signed := makeChat(t, s, pastChat{visitor: "v3", agent: "ann", context: `{"authenticated":{"sub":"user-7","name":"Seven"}}`,
			texts: []string{"Invoices again, sorry"}, at: day.Add(72 * time.Hour)})
		live, _, _, err := s.Start(ctx, "app", "v1", "live", []byte(`{"prechat":{"name":"Ada Lovelace"}}`), day.Add(96*time.Hour))
		require.NoError(t, err)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: live.ID, CID: "x", From: "visitor", Text: "invoice", At: day})
		require.NoError(t, err)

		search := func(q store.HistoryQuery) []string {
			t.Helper()
			hits, err := s.SearchHistory(ctx, q)
			require.NoError(t, err)
			return hitIDs(hits)
		}
		for _, tc := range []struct {
			name string
			q    store.HistoryQuery
			want []string
		}{
			{"everything, newest first", store.HistoryQuery{}, []string{signed, gone, bob, ada}},
			{"a word of a message", store.HistoryQuery{Text: "parcel"}, []string{bob}},
			{"a whole word, any case", store.HistoryQuery{Text: "INVOICE"}, []string{ada}},
			{"a word's beginning", store.HistoryQuery{Text: "invoice*"}, []string{signed, ada}},
			{"a short beginning", store.HistoryQuery{Text: "in*"}, []string{signed, ada}},
			{"every word", store.HistoryQuery{Text: "invoice refund"}, []string{ada}},
			{"every word, one a beginning", store.HistoryQuery{Text: "invoice ref*"}, []string{ada}},
			{"the visitor's name", store.HistoryQuery{Text: "lovelace"}, []string{ada}},
			{"the visitor's email", store.HistoryQuery{Text: "ada@example.com"}, []string{gone, ada}},
			{"no such word", store.HistoryQuery{Text: "zebra"}, []string{}},
			{"punctuation only", store.HistoryQuery{Text: `" * - :`}, []string{}},
			{"quotes and operators are text", store.HistoryQuery{Text: `parcel" OR "x' & !`}, []string{}},
			{"agent", store.HistoryQuery{Agent: "ann"}, []string{signed, ada}},
			{"agent and text", store.HistoryQuery{Agent: "ben", Text: "invoice"}, []string{}},
			{"rule", store.HistoryQuery{Rule: "pricing"}, []string{ada}},
			{"ended from", store.HistoryQuery{From: day.Add(47 * time.Hour)}, []string{signed, gone}},
			{"ended before", store.HistoryQuery{To: day.Add(25 * time.Hour)}, []string{bob, ada}},
			{"a day", store.HistoryQuery{From: day.Add(24 * time.Hour), To: day.Add(48 * time.Hour)}, []string{bob}},
		} {
			t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, search(tc.q)) })
		}

		t.Run("pages", func(t *testing.T) {
			first, err := s.SearchHistory(ctx, store.HistoryQuery{Limit: 3})
			require.NoError(t, err)
			assert.Equal(t, []string{signed, gone, bob}, hitIDs(first))
			assert.Equal(t, []string{ada}, search(store.HistoryQuery{Limit: 3, Before: first[2].Cursor}))
		})
		t.Run("a hit's fields", func(t *testing.T) {
			hits, err := s.SearchHistory(ctx, store.HistoryQuery{Text: "refund"})
			require.NoError(t, err)
			require.Len(t, hits, 1)
			h := hits[0]
			assert.Equal(t, []string{"app", store.Ended, "v1", "Ada Lovelace", "ada@example.com", "", "pricing", "ann"},
				[]string{h.AppID, h.State, h.VisitorID, h.Name, h.Email, h.Sub, h.Rule, h.Agent})
			assert.Equal(t, day, h.Created.UTC())
			assert.Equal(t, day.Add(time.Minute), h.Ended.UTC())
			assert.Equal(t, 2, h.Messages)
			assert.Contains(t, h.Snippet, "refund")
			hits, err = s.SearchHistory(ctx, store.HistoryQuery{Agent: "ben"})
			require.NoError(t, err)
			require.Len(t, hits, 1)
			assert.Equal(t, "Where is my parcel? It ships tomorrow", hits[0].Snippet, "without a text: the beginning")
			hits, err = s.SearchHistory(ctx, store.HistoryQuery{Text: "seven"})
			require.NoError(t, err)
			require.Len(t, hits, 1)
			assert.Equal(t, []string{"Seven", "user-7", store.Ended}, []string{hits[0].Name, hits[0].Sub, hits[0].State})
			hits, _ = s.SearchHistory(ctx, store.HistoryQuery{Text: "ada@example.com", Agent: ""})
			assert.Equal(t, store.Abandoned, hits[0].State)
		})

		t.Run("earlier conversations", func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				m      store.VisitorMatch
				by     string
				count  int
				latest []string
			}{
				{"by visitor id", store.VisitorMatch{AppID: "app", VisitorID: "v1"}, "visitor", 2, []string{gone, ada}},
				{"by email over the visitor id", store.VisitorMatch{AppID: "app", Email: "ada@example.com", VisitorID: "v9"}, "email", 2, []string{gone, ada}},
				{"by sub over the email", store.VisitorMatch{AppID: "app", Sub: "user-7", Email: "ada@example.com"}, "sub", 1, []string{signed}},
				{"another widget", store.VisitorMatch{AppID: "other", VisitorID: "v1"}, "visitor", 0, nil},
				{"nobody", store.VisitorMatch{AppID: "app", VisitorID: "v8"}, "visitor", 0, nil},
			} {
				t.Run(tc.name, func(t *testing.T) {
					assert.Equal(t, tc.by, tc.m.By())
					e, err := s.EarlierConversations(ctx, tc.m, day.Add(96*time.Hour))
					require.NoError(t, err)
					assert.Equal(t, tc.count, e.Count)
					if tc.latest != nil {
						assert.Equal(t, tc.latest, hitIDs(e.Latest))
					}
				})
			}
			m := store.MatchOf(live)
			assert.Equal(t, store.VisitorMatch{AppID: "app", VisitorID: "v1"}, m)
			e, err := s.EarlierConversations(ctx, m, day.Add(48*time.Hour))
			require.NoError(t, err)
			assert.Equal(t, 1, e.Count, "only those started before")
		})

		t.Run("purged", func(t *testing.T) {
			n, err := s.Purge(ctx, day.Add(30*time.Hour))
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			assert.Equal(t, []string{signed, gone}, search(store.HistoryQuery{}))
			assert.Equal(t, []string{signed}, search(store.HistoryQuery{Text: "invoice*"}))
		})
	})
}

// TestHistoryIndexesWhatItLacksAtOpen: conversations over before the
// history existed (or ended by an older instance) are indexed when the
// store opens, once.
func TestHistoryIndexesWhatItLacksAtOpen(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			u := engineURL(t, engine)
			s, err := store.OpenURL(ctx, u)
			require.NoError(t, err)
			day := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
			var ids []string
			for i := range 3 {
				ids = append(ids, makeChat(t, s, pastChat{visitor: fmt.Sprint("v", i), agent: "ann",
					texts: []string{fmt.Sprint("hello number", i)}, at: day.Add(time.Duration(i) * time.Hour)}))
			}
			require.NoError(t, s.Close())
			driver, dsn := "pgx", u
			if engine == "sqlite" {
				driver, dsn = "sqlite", "file:"+filepath.Join(strings.TrimPrefix(u, "sqlite:"), "lcwasm.db")
			}
			db, err := sql.Open(driver, dsn)
			require.NoError(t, err)
			if engine == "sqlite" {
				_, err = db.Exec(`DELETE FROM history_text`)
				require.NoError(t, err)
			}
			_, err = db.Exec(`DELETE FROM history`)
			require.NoError(t, err)
			require.NoError(t, db.Close())

			for range 2 {
				s, err = store.OpenURL(ctx, u)
				require.NoError(t, err)
				hits, err := s.SearchHistory(ctx, store.HistoryQuery{Text: "hello"})
				require.NoError(t, err)
				assert.Equal(t, []string{ids[2], ids[1], ids[0]}, hitIDs(hits), "in order of ending")
				require.NoError(t, s.Close())
			}
		})
	}
}
