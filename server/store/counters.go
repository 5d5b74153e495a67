package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
)

// The invitation funnel's counters (migrations/*/00001_schema.sql):
// funnel_counters holds one row per widget, UTC day and counter key
// (package funnel), never an individual event; funnel_counters_month holds
// the same per month (YYYY-MM), so that a report over a year reads a dozen
// rows a counter, not 365. A key's empty parts are '' (not NULL), so the
// primary key dedups them.

const qAddCounter = `INSERT INTO funnel_counters (app_id, day, rule, variant, grp, event, reason, goal, n)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (app_id, day, rule, variant, grp, event, reason, goal)
DO UPDATE SET n = funnel_counters.n + excluded.n`

const qAddMonthCounter = `INSERT INTO funnel_counters_month (app_id, month, rule, variant, grp, event, reason, goal, n)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (app_id, month, rule, variant, grp, event, reason, goal)
DO UPDATE SET n = funnel_counters_month.n + excluded.n`

// AddCounters adds entries to appID's daily and monthly counters and the
// trend (trend.go) in one transaction (each entry's Widget is ignored).
func (s *Store) AddCounters(ctx context.Context, appID string, entries []funnel.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{qAddCounter, qAddMonthCounter} {
			st, err := tx.PrepareContext(ctx, q)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, e := range entries {
				when := e.Day
				if q == qAddMonthCounter {
					when = e.Day[:min(7, len(e.Day))]
				}
				if _, err := st.ExecContext(ctx, appID, when, e.Rule, e.Variant, string(e.Group),
					string(e.Event), string(e.Reason), e.Goal, e.N); err != nil {
					return err
				}
			}
		}
		return addTrend(ctx, tx, s.d.lockRow, appID, entries)
	})
}

const counterColumns = `rule, variant, grp, event, reason, goal`

// qCounters adds up the days before the first whole month, the whole
// months and the days after the last one.
const qCounters = `SELECT ` + counterColumns + `, SUM(n) FROM (
	SELECT ` + counterColumns + `, n FROM funnel_counters WHERE app_id = ? AND day >= ? AND day <= ?
	UNION ALL
	SELECT ` + counterColumns + `, n FROM funnel_counters_month WHERE app_id = ? AND month >= ? AND month <= ?
	UNION ALL
	SELECT ` + counterColumns + `, n FROM funnel_counters WHERE app_id = ? AND day >= ? AND day <= ?
) AS parts GROUP BY ` + counterColumns

// spans cuts the days from to to (YYYY-MM-DD) into the days before the
// first whole month, the whole months (YYYY-MM) and the days after; an
// empty span is ("1", "0").
func spans(from, to string) [6]string {
	none := [6]string{from, to, "1", "0", "1", "0"}
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return none
	}
	first := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !first.Equal(f) {
		first = first.AddDate(0, 1, 0)
	}
	after := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) // the month after the last whole one
	if t.AddDate(0, 0, 1).Day() == 1 {
		after = after.AddDate(0, 1, 0)
	}
	if !first.Before(after) {
		return none
	}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	return [6]string{from, day(first.AddDate(0, 0, -1)), first.Format("2006-01"),
		after.AddDate(0, -1, 0).Format("2006-01"), day(after), to}
}

// Counters returns appID's counters from day from to day to (UTC,
// YYYY-MM-DD, both included), added up over the days: entries with an
// empty Day.
func (s *Store) Counters(ctx context.Context, appID, from, to string) ([]funnel.Entry, error) {
	sp := spans(from, to)
	rows, err := s.db.QueryContext(ctx, qCounters, appID, sp[0], sp[1], appID, sp[2], sp[3], appID, sp[4], sp[5])
	if err != nil {
		return nil, fmt.Errorf("store: counters: %w", classify(err))
	}
	defer rows.Close()
	var out []funnel.Entry
	for rows.Next() {
		e := funnel.Entry{Key: funnel.Key{Widget: appID}}
		var g, ev, reason string
		if err := rows.Scan(&e.Rule, &e.Variant, &g, &ev, &reason, &e.Goal, &e.N); err != nil {
			return nil, fmt.Errorf("store: counters: %w", classify(err))
		}
		e.Group, e.Event, e.Reason = funnel.Group(g), funnel.Event(ev), funnel.Reason(reason)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: counters: %w", classify(err))
	}
	return out, nil
}
