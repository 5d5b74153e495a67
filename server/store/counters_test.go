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
		assert.Equal(t, []funnel.Entry{
			{Key: funnel.Key{Widget: "shop", Day: "2026-12-01", Event: funnel.Shown}, N: 5},
			{Key: funnel.Key{Widget: "shop", Day: "2026-12-02", Event: funnel.Shown}, N: 1},
			{Key: funnel.Key{Widget: "shop", Day: "2026-12-03", Event: funnel.Shown}, N: 10},
		}, daily)
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
			all = append(all, entry(funnel.Day(start.AddDate(0, 0, d)), "a", funnel.Shown, 1))
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
		for i, ctxJSON := range []string{`{"proactive":true,"source":"rule","ruleId":"a"}`,
			`{"proactive":true,"source":"rule","ruleId":"a"}`, `{"source":"launcher"}`} {
			c, _, _, err := st.Start(ctx, "shop", "v"+strconv.Itoa(i), "s", json.RawMessage(ctxJSON), t0)
			require.NoError(t, err)
			if i == 0 {
				_, err = st.Accept(ctx, c.ID, "ann", t0.Add(time.Second))
				require.NoError(t, err)
			}
		}
		got, err := st.RuleChats(ctx, "shop", t0.Add(-time.Hour), t0.Add(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, map[string]store.ChatCounts{"a": {Chats: 2, AgentAccepted: 1}}, got)
	})
}

// BenchmarkReportYear50Rules reads a year of daily counters for 50 rules
// (12 counters a rule a day: 219,000 rows) and adds them up per rule, as
// the report in /admin does.
func BenchmarkReportYear50Rules(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(":memory:")
	require.NoError(b, err)
	defer st.Close()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	events := []funnel.Event{funnel.Eligible, funnel.Shown, funnel.Accepted, funnel.Declined, funnel.TimedOut, funnel.Goal}
	for d := range 365 {
		day := funnel.Day(start.AddDate(0, 0, d))
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
			}
		})
	}
}
