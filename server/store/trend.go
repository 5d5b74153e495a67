package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/funnel"
)

// funnel_trend (migration 4, migrateTrend) holds the report's trend
// lines: per widget, rule and month (YYYY-MM), one row whose counts are
// the month's days in order, each "shown accepted goals", joined by ";"
// (packCounts), so that a year of 50 rules is 650 rows to read rather
// than 18,250 (or the 292,000 of funnel_counters): reading a row costs far
// more than parsing its text. AddCounters keeps it in the same
// transaction as the counters: it makes sure the row exists, reads it
// under a row lock (on PostgreSQL, where other instances add at the same
// time; SQLite has one writer) and writes it back.
const trendSchema = `
CREATE TABLE IF NOT EXISTS funnel_trend (
	app_id TEXT NOT NULL,
	month  TEXT NOT NULL,
	rule   TEXT NOT NULL,
	counts TEXT NOT NULL,
	PRIMARY KEY (app_id, month, rule)
)`

const (
	qTrendRow = `SELECT counts FROM funnel_trend WHERE app_id = ? AND month = ? AND rule = ?`
	// qTrendSeed makes the row qTrendRow then locks, so that two
	// instances adding to a new month do not both insert it.
	qTrendSeed = `INSERT INTO funnel_trend (app_id, month, rule, counts) VALUES (?, ?, ?, '')
ON CONFLICT (app_id, month, rule) DO NOTHING`
	qPutTrend = `INSERT INTO funnel_trend (app_id, month, rule, counts) VALUES (?, ?, ?, ?)
ON CONFLICT (app_id, month, rule) DO UPDATE SET counts = excluded.counts`
)

// monthCounts are a month's days (index 0 is the 1st): shown, accepted,
// goals.
type monthCounts [31][3]int

func packCounts(m *monthCounts) string {
	var b []byte
	for d, c := range m {
		if d > 0 {
			b = append(b, ';')
		}
		for i, n := range c {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(n), 10)
		}
	}
	return string(b)
}

func unpackCounts(s string, m *monthCounts) {
	for d, day := range strings.SplitN(s, ";", 31) {
		for i, f := range strings.SplitN(day, " ", 3) {
			m[d][i], _ = strconv.Atoi(f)
		}
	}
}

// trendIndex is e's place in a day's counts; -1 when the trend does not
// draw it.
func trendIndex(e funnel.Event) int {
	switch e {
	case funnel.Shown:
		return 0
	case funnel.Accepted:
		return 1
	case funnel.Goal:
		return 2
	}
	return -1
}

type trendKey struct{ month, rule string }

// monthsOf adds entries' shown, accepted and goal counts up per month and
// rule, in the order they first come.
func monthsOf(entries []funnel.Entry) ([]trendKey, map[trendKey]*monthCounts) {
	sums := map[trendKey]*monthCounts{}
	var order []trendKey
	for _, e := range entries {
		i := trendIndex(e.Event)
		day, err := strconv.Atoi(e.Day[min(8, len(e.Day)):])
		if i < 0 || err != nil || day < 1 || day > 31 {
			continue
		}
		k := trendKey{e.Day[:7], e.Rule}
		if sums[k] == nil {
			sums[k] = &monthCounts{}
			order = append(order, k)
		}
		sums[k][day-1][i] += e.N
	}
	return order, sums
}

// addTrend adds entries to the trend, inside AddCounters' transaction.
// lockRow is the dialect's row lock (see dialect.lockRow).
func addTrend(ctx context.Context, tx *sql.Tx, lockRow, appID string, entries []funnel.Entry) error {
	order, sums := monthsOf(entries)
	for _, k := range order {
		if _, err := tx.ExecContext(ctx, qTrendSeed, appID, k.month, k.rule); err != nil {
			return err
		}
		var have string
		if err := tx.QueryRowContext(ctx, qTrendRow+lockRow, appID, k.month, k.rule).Scan(&have); err != nil {
			return err
		}
		var m monthCounts
		unpackCounts(have, &m)
		for d := range m {
			for i := range m[d] {
				m[d][i] += sums[k][d][i]
			}
		}
		if _, err := tx.ExecContext(ctx, qPutTrend, appID, k.month, k.rule, packCounts(&m)); err != nil {
			return err
		}
	}
	return nil
}

// migrateTrend is migration 4 on both engines: funnel_trend, filled
// from the funnel_counters of a store made before it existed. It runs in
// goose's transaction (on PostgreSQL under the migration lock), so two
// instances starting together fill it once.
func migrateTrend(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, trendSchema); err != nil {
		return fmt.Errorf("funnel_trend: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT app_id, day, rule, event, SUM(n) FROM funnel_counters
	WHERE event IN ('shown', 'accepted', 'goal') GROUP BY app_id, day, rule, event`)
	if err != nil {
		return fmt.Errorf("funnel_trend: %w", err)
	}
	byApp := map[string][]funnel.Entry{}
	var apps []string
	for rows.Next() {
		var app, ev string
		var e funnel.Entry
		if err := rows.Scan(&app, &e.Day, &e.Rule, &ev, &e.N); err != nil {
			rows.Close()
			return fmt.Errorf("funnel_trend: %w", err)
		}
		e.Event = funnel.Event(ev)
		if byApp[app] == nil {
			apps = append(apps, app)
		}
		byApp[app] = append(byApp[app], e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("funnel_trend: %w", err)
	}
	for _, app := range apps {
		if err := addTrend(ctx, tx, "", app, byApp[app]); err != nil {
			return fmt.Errorf("funnel_trend: %w", err)
		}
	}
	return nil
}

const qDaily = `SELECT month, rule, counts FROM funnel_trend WHERE app_id = ? AND month >= ? AND month <= ?`

// TrendDay is one rule's counts on one UTC day, every variant, group and
// goal together.
type TrendDay struct {
	Day, Rule              string
	Shown, Accepted, Goals int
}

// Daily returns appID's shown, accepted and goal counts per rule and day
// from from to to (YYYY-MM-DD, both included; a day with none is left
// out): the report's trend lines.
func (s *Store) Daily(ctx context.Context, appID, from, to string) ([]TrendDay, error) {
	if len(from) != 10 || len(to) != 10 {
		return nil, fmt.Errorf("store: daily counters: want days as YYYY-MM-DD")
	}
	rows, err := s.db.QueryContext(ctx, qDaily, appID, from[:7], to[:7])
	if err != nil {
		return nil, fmt.Errorf("store: daily counters: %w", classify(err))
	}
	defer rows.Close()
	out := make([]TrendDay, 0, 1024)
	for rows.Next() {
		var month, rule, counts string
		if err := rows.Scan(&month, &rule, &counts); err != nil {
			return nil, fmt.Errorf("store: daily counters: %w", classify(err))
		}
		var m monthCounts
		unpackCounts(counts, &m)
		for d, c := range m {
			day := month + "-" + twoDigits[d]
			if c != [3]int{} && day >= from && day <= to {
				out = append(out, TrendDay{Day: day, Rule: rule, Shown: c[0], Accepted: c[1], Goals: c[2]})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: daily counters: %w", classify(err))
	}
	return out, nil
}

// twoDigits are the days of a month as a date writes them.
var twoDigits = func() (t [31]string) {
	for i := range t {
		t[i] = fmt.Sprintf("%02d", i+1)
	}
	return t
}()
