package admin

import (
	"strconv"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server/store"
)

// A rule's trend: shown, accepted and goals per day over the report's
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
	Label string // what a screen reader hears: the totals, the range and the busiest day
	Lines []lineView
}

type lineView struct {
	Label, Points, Stroke string
}

// trends turns Store.Daily's counts into one trend per rule, for the days
// from to to (both included).
func trends(daily []store.TrendDay, from, to string) map[string]*trendView {
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	days := int(t.Sub(f)/(24*time.Hour)) + 1
	index := make(map[string]int, days)
	for i := range days {
		index[funnel.Day(instant.From(f.AddDate(0, 0, i)))] = i
	}
	series := map[string]*[3][]int{}
	for _, d := range daily {
		i, ok := index[d.Day]
		if !ok {
			continue
		}
		per := series[d.Rule]
		if per == nil {
			per = &[3][]int{make([]int, days), make([]int, days), make([]int, days)}
			series[d.Rule] = per
		}
		per[0][i] += d.Shown
		per[1][i] += d.Accepted
		per[2][i] += d.Goals
	}
	out := make(map[string]*trendView, len(series))
	for rule, per := range series {
		out[rule] = trendOf(per, from, to)
	}
	return out
}

// trendOf draws one rule's series.
func trendOf(per *[3][]int, from, to string) *trendView {
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
			", at most " + strconv.Itoa(most[s]) + " a day",
			Points: string(b), Stroke: trendSeries[s].stroke})
	}
	f, _ := time.Parse(time.DateOnly, from)
	v.Label = "per day from " + from + " to " + to + ": shown " + strconv.Itoa(totals[0]) + ", accepted " +
		strconv.Itoa(totals[1]) + ", goals " + strconv.Itoa(totals[2]) + "; most shown on " +
		funnel.Day(instant.From(f.AddDate(0, 0, busiest))) + " (" + strconv.Itoa(max(busy, 0)) + ")"
	return v
}
