package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lcwasm/lcwasm/internal/pgtest"
)

// benchHistorySize is the history BenchmarkSearchHistory100k searches.
const benchHistorySize = 100_000

// BenchmarkSearchHistory100k: searches of a history of 100,000
// conversations (four messages of eight words each, from a vocabulary of
// 2,000 words, and one order number each; 20,000 visitors; 10 agents;
// 20 rules; spread over a year), on each engine: one page of hits.
func BenchmarkSearchHistory100k(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := benchHistoryStore(b, engine, b.TempDir())
			ctx := context.Background()
			end := benchStart.Add(365 * 24 * time.Hour)
			for _, tc := range []struct {
				name string
				q    HistoryQuery
			}{
				{"newest", HistoryQuery{}},
				{"common word", HistoryQuery{Text: benchWord(3)}},
				{"two words", HistoryQuery{Text: benchWord(3) + " " + benchWord(40)}},
				{"rare word", HistoryQuery{Text: "order-77777"}},
				{"prefix of 3", HistoryQuery{Text: "wor*"}},
				{"prefix of most", HistoryQuery{Text: benchWord(3) + "*"}},
				{"email", HistoryQuery{Text: "visitor123@example.com"}},
				{"no match", HistoryQuery{Text: "zebra"}},
				{"agent and word", HistoryQuery{Agent: "agent3", Text: benchWord(7)}},
				{"rule and month", HistoryQuery{Rule: "rule5", From: end.AddDate(0, -2, 0), To: end.AddDate(0, -1, 0)}},
				{"word and month", HistoryQuery{Text: benchWord(11), From: end.AddDate(0, -6, 0), To: end.AddDate(0, -5, 0)}},
				{"page 10", HistoryQuery{Text: benchWord(3), Before: benchHistorySize - 9*MaxHistoryPage}},
			} {
				b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
					for b.Loop() {
						if _, err := s.SearchHistory(ctx, tc.q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("earlier_by_email", func(b *testing.B) {
				m := VisitorMatch{AppID: "app", Email: "visitor123@example.com"}
				for b.Loop() {
					if _, err := s.EarlierConversations(ctx, m, end); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

var benchStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// benchWord is the vocabulary's i-th word.
func benchWord(i int) string { return fmt.Sprintf("word%d", i) }

// benchHistoryStore is a store whose history holds benchHistorySize
// conversations, written as indexHistory writes them, many rows a
// statement.
func benchHistoryStore(b *testing.B, engine, dir string) *Store {
	b.Helper()
	ctx := context.Background()
	var s *Store
	var err error
	if engine == "postgres" {
		s, err = OpenURL(ctx, pgtest.DB(b))
	} else {
		s, err = Open(filepath.Join(dir, "lcwasm.db"))
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	step := 365 * 24 * time.Hour / benchHistorySize
	const batch = 500
	for first := 0; first < benchHistorySize; first += batch {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var rows, texts []string
			var args, targs []any
			for i := first; i < first+batch; i++ {
				v := r.IntN(20000)
				var body strings.Builder
				for m := range 4 {
					for w := range 8 {
						if w > 0 || m > 0 {
							body.WriteByte(' ')
						}
						body.WriteString(benchWord(int(r.ExpFloat64() * 300)))
					}
				}
				fmt.Fprintf(&body, " order-%d", i)
				at := benchStart.Add(time.Duration(i) * step).UnixMilli()
				f := historyFields{name: fmt.Sprint("Visitor ", v), email: fmt.Sprintf("visitor%d@example.com", v),
					rule: fmt.Sprint("rule", r.IntN(20))}
				a := []any{fmt.Sprint("c", i), "app", Ended, fmt.Sprint("v", v), f.name, f.email, f.sub, f.rule,
					fmt.Sprint("agent", r.IntN(10)), at - 60000, at, 4}
				if s.d.postgres {
					rows = append(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					args = append(append(args, a...), body.String())
					continue
				}
				rows = append(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(append(args, int64(i+1)), a...)
				texts = append(texts, "(?, ?, ?, ?)")
				targs = append(targs, int64(i+1), f.name, f.email, body.String())
			}
			if s.d.postgres {
				_, err := tx.ExecContext(ctx, `INSERT INTO history (conversation, app_id, state, visitor_id, name, email, sub,
					rule, agent, created, ended, messages, body) VALUES `+strings.Join(rows, ", "), args...)
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO history (hid, conversation, app_id, state, visitor_id, name, email, sub,
				rule, agent, created, ended, messages) VALUES `+strings.Join(rows, ", "), args...); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO history_text (rowid, name, email, body) VALUES `+strings.Join(texts, ", "), targs...)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if s.d.postgres {
		if _, err := s.db.ExecContext(ctx, `ANALYZE history`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: %d conversations in the history in %v", engine, benchHistorySize, time.Since(start).Round(time.Millisecond))
	return s
}
