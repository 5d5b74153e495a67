package store_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

func entry(day, rule string, ev funnel.Event, n int) funnel.Entry {
	k := funnel.Key{Rule: rule, Event: ev, Day: day}
	switch ev {
	case funnel.Held:
		k.Reason = funnel.ReasonTyping
	case funnel.Goal:
		k.Goal, k.Group = "purchase", funnel.Treatment
	case funnel.Eligible:
		k.Group = funnel.Treatment
	}
	return funnel.Entry{Key: k, N: n}
}

func TestCountersAddUp(t *testing.T) {
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		require.NoError(t, st.AddCounters(ctx, "shop", []funnel.Entry{
			entry("2026-12-01", "a", funnel.Shown, 2), entry("2026-12-01", "a", funnel.Held, 1),
			entry("2026-12-02", funnel.PageCall, funnel.Shown, 1),
		}))
		require.NoError(t, st.AddCounters(ctx, "shop", []funnel.Entry{
			entry("2026-12-01", "a", funnel.Shown, 3), entry("2026-12-03", "a", funnel.Shown, 10),
		}))
		require.NoError(t, st.AddCounters(ctx, "other", []funnel.Entry{entry("2026-12-01", "a", funnel.Shown, 100)}))

		got, err := st.Counters(ctx, "shop", "2026-12-01", "2026-12-02")
		require.NoError(t, err)
		rows := funnel.Aggregate(got)
		require.Len(t, rows, 2)
		assert.Equal(t, funnel.PageCall, rows[0].Rule)
		assert.Equal(t, 1, rows[0].Shown)
		assert.Equal(t, 5, rows[1].Shown, "2 + 3 on the first, the third outside the range")
		assert.Equal(t, 1, rows[1].Held[funnel.ReasonTyping])

		daily, err := st.Daily(ctx, "shop", "2026-12-01", "2026-12-03")
		require.NoError(t, err)
		want := []store.TrendDay{
			{Day: "2026-12-01", Rule: "a", Shown: 5},
			{Day: "2026-12-02", Rule: funnel.PageCall, Shown: 1},
			{Day: "2026-12-03", Rule: "a", Shown: 10},
		}
		assert.ElementsMatch(t, want, daily)
		daily, err = st.Daily(ctx, "shop", "2026-12-02", "2026-12-02")
		require.NoError(t, err)
		assert.Equal(t, want[1:2], daily, "one day")

		require.NoError(t, store.RebuildTrend(st), "a store from before the trend")
		daily, err = st.Daily(ctx, "shop", "2026-12-01", "2026-12-03")
		require.NoError(t, err)
		assert.ElementsMatch(t, want, daily)
	})
}

func TestSpans(t *testing.T) {
	none := func(from, to string) [6]string { return [6]string{from, to, "1", "0", "1", "0"} }
	for _, c := range []struct {
		from, to string
		want     [6]string
	}{
		{"2026-01-01", "2026-12-31", [6]string{"2026-01-01", "2025-12-31", "2026-01", "2026-12", "2027-01-01", "2026-12-31"}},
		{"2026-01-16", "2026-12-15", [6]string{"2026-01-16", "2026-01-31", "2026-02", "2026-11", "2026-12-01", "2026-12-15"}},
		{"2026-02-01", "2026-02-28", [6]string{"2026-02-01", "2026-01-31", "2026-02", "2026-02", "2026-03-01", "2026-02-28"}},
		{"2026-02-02", "2026-02-28", none("2026-02-02", "2026-02-28")},
		{"2026-01-20", "2026-02-10", none("2026-01-20", "2026-02-10")},
	} {
		assert.Equal(t, c.want, store.Spans(c.from, c.to), "%s to %s", c.from, c.to)
	}
}

// A range over month ends reads whole months from the monthly table and
// the edges from the daily one, and counts every day once.
func TestCountersOverMonths(t *testing.T) {
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var all []funnel.Entry
		for d := range 120 {
			all = append(all, entry(funnel.Day(instant.From(start.AddDate(0, 0, d))), "a", funnel.Shown, 1))
		}
		require.NoError(t, st.AddCounters(ctx, "shop", all))
		for _, c := range []struct {
			from, to string
			want     int
		}{
			{"2026-01-01", "2026-04-30", 120}, {"2026-01-15", "2026-03-10", 17 + 28 + 10}, {"2026-02-01", "2026-02-28", 28},
		} {
			got, err := st.Counters(ctx, "shop", c.from, c.to)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, c.want, got[0].N, "%s to %s", c.from, c.to)
		}
	})
}

func TestRuleChats(t *testing.T) {
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		var ids []string
		for i, ctxJSON := range []string{`{"proactive":true,"source":"rule","ruleId":"a"}`,
			`{"proactive":true,"source":"rule","ruleId":"a"}`, `{"source":"launcher"}`,
			`{"proactive":true,"source":"rule","ruleId":"a","variant":"long"}`,
			`{"proactive":true,"source":"startProactiveChat","ruleId":""}`} {
			c, _, _, err := st.Start(ctx, "shop", "v"+strconv.Itoa(i), "s", json.RawMessage(ctxJSON), t0)
			require.NoError(t, err)
			ids = append(ids, c.ID)
		}
		say := func(id, from string, at time.Time) {
			_, _, err := st.AddMessage(ctx, store.Message{Conversation: id, CID: from + at.String(), From: from, Text: "hi", At: at})
			require.NoError(t, err)
		}
		say(ids[0], wire.FromVisitor, t0) // before the agent joined
		_, err := st.Accept(ctx, ids[0], "ann", t0.Add(time.Second))
		require.NoError(t, err)
		say(ids[0], wire.FromAgent, t0.Add(2*time.Second))
		_, err = st.Accept(ctx, ids[3], "ann", t0.Add(time.Second))
		require.NoError(t, err)
		say(ids[3], wire.FromVisitor, t0.Add(3*time.Second))

		got, err := st.RuleChats(ctx, "shop", t0.Add(-time.Hour), t0.Add(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, map[store.ChatKey]store.ChatCounts{
			{Rule: "a"}:                  {Queued: 2, AgentAccepted: 1},
			{Rule: "a", Variant: "long"}: {Queued: 1, AgentAccepted: 1, VisitorWrote: 1},
			{Rule: funnel.PageCall}:      {Queued: 1},
		}, got)

		require.NoError(t, st.CountRated(ctx, ids[3], t0))
		require.NoError(t, st.CountRated(ctx, ids[2], t0), "a chat the visitor started counts nothing")
		assert.ErrorIs(t, st.CountRated(ctx, "nope", t0), store.ErrNotFound)
		entries, err := st.Counters(ctx, "shop", funnel.Day(instant.From(t0)), funnel.Day(instant.From(t0)))
		require.NoError(t, err)
		require.Len(t, entries, 1)
		assert.Equal(t, funnel.Key{Widget: "shop", Rule: "a", Variant: "long", Event: funnel.Rated}, entries[0].Key)
		assert.Equal(t, 1, entries[0].N)
	})
}

// BenchmarkReportYear50Rules reads a year of daily counters for 50 rules
// (12 counters a rule a day: 219,000 rows) and adds them up per rule, and
// reads the trend lines' daily counts per rule, as the report in /admin
// does.
func BenchmarkReportYear50Rules(b *testing.B) {
	ctx := context.Background()
	st := yearStore(b)
	for _, r := range []struct{ name, from, to string }{
		{"calendar year", "2026-01-01", "2026-12-31"},
		{"a year from mid-month", "2026-01-16", "2026-12-15"}, // 46 days from the daily table
	} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				got, err := st.Counters(ctx, "shop", r.from, r.to)
				if err != nil {
					b.Fatal(err)
				}
				if rows := funnel.Aggregate(got); len(rows) != 50 {
					b.Fatalf("%d rows", len(rows))
				}
				// and the trend lines: shown, accepted and goals per rule and day
				daily, err := st.Daily(ctx, "shop", r.from, r.to)
				if err != nil {
					b.Fatal(err)
				}
				if len(daily) < 50*300 {
					b.Fatalf("%d daily counts", len(daily))
				}
			}
		})
	}
	b.Run("trend lines alone, calendar year", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Daily(ctx, "shop", "2026-01-01", "2026-12-31"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// yearStore is a store with a year of counters for 50 rules.
func yearStore(b *testing.B) *store.Store {
	ctx := context.Background()
	st, err := store.Open(":memory:")
	require.NoError(b, err)
	b.Cleanup(func() { st.Close() })
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	events := []funnel.Event{funnel.Eligible, funnel.Shown, funnel.Accepted, funnel.Declined, funnel.TimedOut, funnel.Goal}
	for d := range 365 {
		day := funnel.Day(instant.From(start.AddDate(0, 0, d)))
		var batch []funnel.Entry
		for r := range 50 {
			rule := "rule-" + strconv.Itoa(r)
			for _, ev := range events {
				e := entry(day, rule, ev, 1+r)
				batch = append(batch, e)
				if ev == funnel.Eligible || ev == funnel.Goal {
					e.Group = funnel.Holdout
					batch = append(batch, e)
				}
			}
			for _, reason := range []funnel.Reason{funnel.ReasonLimit, funnel.ReasonBudget, funnel.ReasonTyping, funnel.ReasonHoldout} {
				batch = append(batch, funnel.Entry{Key: funnel.Key{Rule: rule, Event: funnel.Held, Reason: reason, Day: day}, N: 1})
			}
		}
		require.NoError(b, st.AddCounters(ctx, "shop", batch))
	}
	return st
}
