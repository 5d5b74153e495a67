package admin

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err)
	return d
}

// bucketsOf writes each bucket as "start from+days" with a * when partial.
func bucketsOf(t *testing.T, p Period, from, to string) string {
	t.Helper()
	bs, index := p.buckets(day(t, from), day(t, to))
	var out []string
	total := 0
	for _, b := range bs {
		s := fmt.Sprintf("%s %s+%d", b.Start.Format(time.DateOnly), b.From.Format(time.DateOnly), b.Days)
		if b.Partial {
			s += "*"
		}
		out = append(out, s)
		total += b.Days
	}
	require.Len(t, index, total, "a bucket for every day")
	return strings.Join(out, ", ")
}

func TestPeriodBuckets(t *testing.T) {
	for _, c := range []struct {
		name     string
		per      Period
		from, to string
		want     string
	}{
		{"weeks over a month's end", PerWeek, "2026-11-23", "2026-12-06",
			"2026-11-23 2026-11-23+7, 2026-11-30 2026-11-30+7"},
		{"weeks over a year's end, partial at both ends", PerWeek, "2026-12-30", "2027-01-12",
			"2026-12-28 2026-12-30+5*, 2027-01-04 2027-01-04+7, 2027-01-11 2027-01-11+2*"},
		{"ISO week 1 of 2027 starts in 2026", PerWeek, "2027-01-01", "2027-01-03",
			"2026-12-28 2027-01-01+3*"},
		{"a range within one week", PerWeek, "2026-12-08", "2026-12-10", "2026-12-07 2026-12-08+3*"},
		{"a Sunday alone", PerWeek, "2026-12-06", "2026-12-06", "2026-11-30 2026-12-06+1*"},
		{"months over a year's end", PerMonth, "2026-11-15", "2027-02-28",
			"2026-11-01 2026-11-15+16*, 2026-12-01 2026-12-01+31, 2027-01-01 2027-01-01+31, 2027-02-01 2027-02-01+28"},
		{"a leap February", PerMonth, "2028-02-01", "2028-02-28", "2028-02-01 2028-02-01+28*"},
		{"a range within one month", PerMonth, "2026-12-03", "2026-12-09", "2026-12-01 2026-12-03+7*"},
		{"days", PerDay, "2026-12-31", "2027-01-01", "2026-12-31 2026-12-31+1, 2027-01-01 2027-01-01+1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, bucketsOf(t, c.per, c.from, c.to))
		})
	}
}

func TestPeriodLabels(t *testing.T) {
	b := bucket{Start: day(t, "2026-11-02")}
	assert.Equal(t, "2 Nov", PerDay.label(b, false))
	assert.Equal(t, "Week of 2 Nov", PerWeek.label(b, false))
	assert.Equal(t, "Week of 2 Nov 2026", PerWeek.label(b, true))
	assert.Equal(t, "Nov 2026", PerMonth.label(bucket{Start: day(t, "2026-11-01")}, false))
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		s    string
		days int
		want Period
	}{{"", 1, PerDay}, {"", 62, PerDay}, {"", 63, PerWeek}, {"", 366, PerWeek}, {"", 367, PerMonth},
		{"day", 400, PerDay}, {"week", 1, PerWeek}, {"month", 30, PerMonth}} {
		got, err := parsePeriod(c.s, c.days)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "%q over %d days", c.s, c.days)
	}
	for _, s := range []string{"year", "Week", "weekly", " day"} {
		_, err := parsePeriod(s, 30)
		assert.ErrorContains(t, err, "admin: per: want day, week or month", s)
	}
}

// A week's and a month's trend add up the days of the range in them,
// the partial first and last periods marked.
func TestTrendsPerWeekAndMonth(t *testing.T) {
	daily := []store.TrendDay{
		{Day: "2026-12-29", Rule: "a", Shown: 1}, {Day: "2027-01-03", Rule: "a", Shown: 2, Goals: 1}, // week of 28 Dec
		{Day: "2027-01-04", Rule: "a", Shown: 4, Accepted: 1}, {Day: "2027-01-10", Rule: "a", Shown: 8}, // week of 4 Jan
		{Day: "2027-01-11", Rule: "a", Shown: 16}, // week of 11 Jan
		{Day: "2027-01-12", Rule: "a", Shown: 99}, // after the range
	}
	week := trends(daily, "2026-12-29", "2027-01-11", PerWeek)["a"]
	require.NotNil(t, week)
	var got []string
	for _, p := range week.Periods {
		got = append(got, fmt.Sprintf("%s %d/%d/%d %v", p.Label, p.Shown, p.Accepted, p.Goals, p.Partial))
	}
	assert.Equal(t, []string{"Week of 28 Dec 2026 3/0/1 true", "Week of 4 Jan 2027 12/1/0 false", "Week of 11 Jan 2027 16/0/0 true"}, got)
	assert.Equal(t, "per week from 2026-12-29 to 2027-01-11: shown 31, accepted 1, goals 1; most shown in the week of 11 Jan 2027 (16)", week.Label)
	assert.Equal(t, "shown 31, at most 16 a week", week.Lines[0].Label)
	assert.Equal(t, "0,10 100,4 200,1", week.Lines[0].Points, "3 and 12 of 16")
	first := week.Periods[0]
	assert.Equal(t, [3]string{"2026-12-28", "2026-12-29", "2027-01-03"}, [3]string{first.Start, first.From, first.To})

	month := trends(daily, "2026-12-29", "2027-01-11", PerMonth)["a"]
	got = nil
	for _, p := range month.Periods {
		got = append(got, fmt.Sprintf("%s %d %v", p.Label, p.Shown, p.Partial))
	}
	assert.Equal(t, []string{"Dec 2026 1 true", "Jan 2027 30 true"}, got)
	assert.Contains(t, month.Label, "most shown in Jan 2027 (30)")
}
