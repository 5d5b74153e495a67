package admin

import (
	"strconv"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server/store"
)

// A rule's trend: shown, accepted and goals per day, week or month over the report's
// range, as three polylines of one small inline SVG (no script, no style
// attribute: the console's CSP), one above the other, each in its band
// on its own scale (its busiest day at the band's top): accepted and
// goals are a tenth of shown or less, and would lie flat on one scale.
const (
	trendWidth = 200 // SVG units
	trendBand  = 15  // the height of one line's band; the chart is three
	trendRise  = 10  // how far a line rises within its band
)

// trendSeries are the lines of a trend, in drawing order: shown,
// accepted, goals.
var trendSeries = [3]struct{ label, stroke string }{
	{"shown", "#3b6fd4"},
	{"accepted", "#1f8a4c"},
	{"goals", "#b35c00"},
}

type trendView struct {
	Label   string // what a screen reader hears: the totals, the range and the busiest period
	Lines   []lineView
	Periods []periodView // the same counts as a table
}

type lineView struct {
	Label, Points, Stroke string
}

// periodView is one period's counts of a rule, a line of the trend's
// table.
type periodView struct {
	Label, Start, From, To string // Start: the period's first day; From, To: the days of the range in it
	Partial                bool
	Shown, Accepted, Goals int
}

// trends turns Store.Daily's counts into one trend per rule, for the days
// from to to (both included), added up per period.
func trends(daily []store.TrendDay, from, to string, per Period) map[string]*trendView {
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	buckets, at := per.buckets(f, t)
	index := make(map[string]int, len(at))
	for i, b := range at {
		index[funnel.Day(instant.From(f.AddDate(0, 0, i)))] = b
	}
	n := len(buckets)
	series := map[string]*[3][]int{}
	for _, d := range daily {
		i, ok := index[d.Day]
		if !ok {
			continue
		}
		s := series[d.Rule]
		if s == nil {
			s = &[3][]int{make([]int, n), make([]int, n), make([]int, n)}
			series[d.Rule] = s
		}
		s[0][i] += d.Shown
		s[1][i] += d.Accepted
		s[2][i] += d.Goals
	}
	withYear := f.Year() != t.Year()
	out := make(map[string]*trendView, len(series))
	for rule, s := range series {
		v := trendOf(s, from, to, per, buckets, withYear)
		for i, b := range buckets {
			v.Periods = append(v.Periods, periodView{Label: per.label(b, withYear), Start: funnel.Day(instant.From(b.Start)),
				From: funnel.Day(instant.From(b.From)), To: funnel.Day(instant.From(b.From.AddDate(0, 0, b.Days-1))), Partial: b.Partial, Shown: s[0][i], Accepted: s[1][i], Goals: s[2][i]})
		}
		out[rule] = v
	}
	return out
}

// trendOf draws one rule's series.
func trendOf(per *[3][]int, from, to string, p Period, buckets []bucket, withYear bool) *trendView {
	busiest, busy := 0, -1
	var most [3]int
	var totals [3]int
	for s, counts := range per {
		for i, n := range counts {
			totals[s] += n
			most[s] = max(most[s], n)
			if s == 0 && n > busy {
				busiest, busy = i, n
			}
		}
	}
	days := len(per[0])
	v := &trendView{}
	for s, counts := range per {
		var b []byte
		for i, n := range counts {
			x := trendWidth / 2
			if days > 1 {
				x = i * trendWidth / (days - 1)
			}
			y := s*trendBand + 1 + trendRise - n*trendRise/max(most[s], 1)
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(x), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(y), 10)
		}
		v.Lines = append(v.Lines, lineView{Label: trendSeries[s].label + " " + strconv.Itoa(totals[s]) +
			", at most " + strconv.Itoa(most[s]) + " a " + p.unit(),
			Points: string(b), Stroke: trendSeries[s].stroke})
	}
	busiestName := "on " + funnel.Day(instant.From(buckets[busiest].Start))
	switch p {
	case PerWeek:
		busiestName = "in the week of " + p.label(buckets[busiest], withYear)[len("Week of "):]
	case PerMonth:
		busiestName = "in " + p.label(buckets[busiest], withYear)
	}
	v.Label = "per " + p.unit() + " from " + from + " to " + to + ": shown " + strconv.Itoa(totals[0]) + ", accepted " +
		strconv.Itoa(totals[1]) + ", goals " + strconv.Itoa(totals[2]) + "; most shown " +
		busiestName + " (" + strconv.Itoa(max(busy, 0)) + ")"
	return v
}
