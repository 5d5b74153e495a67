package admin

import (
	"errors"
	"strconv"
	"time"
)

// A Period is how the report's trend adds up its UTC days: per day, per
// ISO week (Monday first) or per calendar month. The counters are kept
// per day; a week or a month is the sum of its days within the range.
type Period string

const (
	PerDay   Period = "day"
	PerWeek  Period = "week"
	PerMonth Period = "month"
)

// Periods are the values ?per= takes, in the order the form offers them.
var Periods = []Period{PerDay, PerWeek, PerMonth}

// Ranges longer than these default to a coarser period: more than
// WeeklyAfterDays days are shown per week, more than MonthlyAfterDays per
// month.
const (
	WeeklyAfterDays  = 62
	MonthlyAfterDays = 366
)

// parsePeriod reads ?per=; "" picks the default for a range of days days.
func parsePeriod(s string, days int) (Period, error) {
	switch {
	case s != "":
		for _, p := range Periods {
			if string(p) == s {
				return p, nil
			}
		}
		return "", errors.New("admin: per: want day, week or month, got " + strconv.Quote(s))
	case days > MonthlyAfterDays:
		return PerMonth, nil
	case days > WeeklyAfterDays:
		return PerWeek, nil
	}
	return PerDay, nil
}

// A bucket is one period of the trend, clipped to the report's range.
type bucket struct {
	Start   time.Time // the period's first day (a Monday, the 1st), before the range's from if partial
	From    time.Time // the first day the range covers
	Days    int       // how many of the period's days the range covers
	Partial bool      // the range covers only some of the period's days
}

// start is the first day of the period that holds day (UTC midnight).
func (p Period) start(day time.Time) time.Time {
	switch p {
	case PerWeek:
		return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
	case PerMonth:
		return time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return day
}

// next is the first day of the period after the one starting at start.
func (p Period) next(start time.Time) time.Time {
	switch p {
	case PerWeek:
		return start.AddDate(0, 0, 7)
	case PerMonth:
		return start.AddDate(0, 1, 0)
	}
	return start.AddDate(0, 0, 1)
}

// buckets splits the days from from to to (both included, UTC midnights)
// into periods; index[i] is the bucket of day from+i.
func (p Period) buckets(from, to time.Time) (out []bucket, index []int) {
	for s := p.start(from); !s.After(to); s = p.next(s) {
		end := p.next(s) // exclusive
		b := bucket{Start: s, From: s}
		if b.From.Before(from) {
			b.From = from
		}
		last := end.AddDate(0, 0, -1)
		if last.After(to) {
			last = to
		}
		b.Days = int(last.Sub(b.From)/(24*time.Hour)) + 1
		b.Partial = b.Days != int(end.Sub(s)/(24*time.Hour))
		for range b.Days {
			index = append(index, len(out))
		}
		out = append(out, b)
	}
	return out, index
}

// label names a bucket on the report: "2 Nov", "Week of 2 Nov", "Nov
// 2026"; withYear adds the year to a day or a week (a range over two
// years).
func (p Period) label(b bucket, withYear bool) string {
	day := strconv.Itoa(b.Start.Day()) + " " + b.Start.Month().String()[:3]
	if withYear {
		day += " " + strconv.Itoa(b.Start.Year())
	}
	switch p {
	case PerWeek:
		return "Week of " + day
	case PerMonth:
		return b.Start.Month().String()[:3] + " " + strconv.Itoa(b.Start.Year())
	}
	return day
}

// unit is a period in words, for "at most 12 a week".
func (p Period) unit() string { return string(p) }
