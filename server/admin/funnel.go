package admin

import (
	"context"
	"encoding/csv"
	"errors"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server/store"
)

// MaxReportDays is the longest date range a funnel report covers.
const MaxReportDays = 400

// DefaultReportDays is the range of a report that names none: the last
// 30 days, today (UTC) included.
const DefaultReportDays = 30

// reportQuery is what a report is asked for.
type reportQuery struct {
	App, From, To string
	Per           Period // the trend's period: ?per=, or the range's default
	PerAsked      bool   // ?per= named it
}

// query reads ?app=&from=&to= (YYYY-MM-DD, UTC, both included) and
// ?per= (day, week or month; by default by the range's length).
func (c *Console) query(r *http.Request) (reportQuery, error) {
	q := reportQuery{App: r.URL.Query().Get("app"), From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	today := funnel.Day(instant.From(c.now()))
	if q.To == "" {
		q.To = today
	}
	to, err := time.Parse(time.DateOnly, q.To)
	if err != nil {
		return q, errors.New("admin: to: want a date, YYYY-MM-DD")
	}
	if q.From == "" {
		q.From = funnel.Day(instant.From(to.AddDate(0, 0, 1-DefaultReportDays)))
	}
	from, err := time.Parse(time.DateOnly, q.From)
	switch {
	case err != nil:
		return q, errors.New("admin: from: want a date, YYYY-MM-DD")
	case from.After(to):
		return q, errors.New("admin: from is after to")
	case to.Sub(from) >= MaxReportDays*24*time.Hour:
		return q, errors.New("admin: a report covers at most " + strconv.Itoa(MaxReportDays) + " days")
	}
	per := r.URL.Query().Get("per")
	q.PerAsked = per != ""
	q.Per, err = parsePeriod(per, int(to.Sub(from)/(24*time.Hour))+1)
	return q, err
}

// reportRow is one line of the report: a rule's totals, or one of its
// invitation variants (Variant set) under it.
type reportRow struct {
	funnel.Row
	store.ChatCounts             // the server's counts of the chats from the invitation
	lift             funnel.Lift // a rule's line: invited vs holdout
	// a variant's line: compared with the rule's baseline variant
	baseline          bool
	acceptance, goals funnel.Lift
}

// report reads a report's rows: the funnel's counters and the chats the
// rules started, per rule.
func (c *Console) report(ctx context.Context, q reportQuery) ([]reportRow, error) {
	entries, err := c.st.Counters(ctx, q.App, q.From, q.To)
	if err != nil {
		return nil, err
	}
	from, _ := time.Parse(time.DateOnly, q.From)
	to, _ := time.Parse(time.DateOnly, q.To)
	chats, err := c.st.RuleChats(ctx, q.App, from, to.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	byRule := map[string]store.ChatCounts{}
	for k, n := range chats {
		byRule[k.Rule] = addChats(byRule[k.Rule], n)
	}
	var rows []reportRow
	for _, r := range funnel.ByRule(funnel.Aggregate(entries)) {
		rows = append(rows, reportRow{Row: r.Row, ChatCounts: byRule[r.Rule], lift: r.Lift()})
		delete(byRule, r.Rule)
		for _, v := range r.Variants {
			rows = append(rows, reportRow{Row: v.Row, ChatCounts: chats[store.ChatKey{Rule: r.Rule, Variant: v.Variant}],
				baseline: v.Baseline, acceptance: v.Acceptance, goals: v.Goals})
		}
	}
	for _, rule := range slices.Sorted(maps.Keys(byRule)) { // chats of rules with no counters (reporting off, GPC)
		rows = append(rows, reportRow{Row: funnel.Row{Rule: rule, Held: map[funnel.Reason]int{}},
			ChatCounts: byRule[rule], lift: funnel.Compare(funnel.Arm{}, funnel.Arm{})})
	}
	return rows, nil
}

func addChats(a, b store.ChatCounts) store.ChatCounts {
	return store.ChatCounts{Queued: a.Queued + b.Queued, AgentAccepted: a.AgentAccepted + b.AgentAccepted,
		VisitorWrote: a.VisitorWrote + b.VisitorWrote}
}

// csvQuery reads the query of a CSV export as the report page does, for a
// widget the console knows; on a problem it answers 400 and ok is false.
func (c *Console) csvQuery(w http.ResponseWriter, r *http.Request) (q reportQuery, ok bool) {
	q, err := c.query(r)
	if err == nil && !c.live.Has(q.App) {
		err = errors.New("admin: unknown widget")
	}
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return q, false
	}
	return q, true
}

// funnelCSV handles GET /admin/funnel.csv: the report as CSV, one line a
// rule.
func (c *Console) funnelCSV(w http.ResponseWriter, r *http.Request, _ string) {
	q, ok := c.csvQuery(w, r)
	if !ok {
		return
	}
	rows, err := c.report(r.Context(), q)
	if err != nil {
		c.internal(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="funnel-`+safeName(q.App)+`-`+q.From+`-`+q.To+`.csv"`)
	cw := csv.NewWriter(w)
	head := []string{"rule", "variant", "eligible", "shown", "accepted", "declined", "timed_out"}
	for _, reason := range funnel.Reasons {
		head = append(head, "held_"+string(reason))
	}
	head = append(head, "queued", "agent_accepted", "visitor_wrote", "rated", "goals", "eligible_treatment", "goals_treatment",
		"eligible_holdout", "goals_holdout", "acceptance_rate", "lift", "lift_low", "lift_high", "lift_relative", "verdict",
		"goal_rate", "vs_baseline_acceptance", "vs_baseline_acceptance_low", "vs_baseline_acceptance_high",
		"vs_baseline_goal_rate", "vs_baseline_goal_rate_low", "vs_baseline_goal_rate_high", "vs_baseline_verdict")
	cw.Write(head)
	for _, x := range rows {
		line := []string{cell(ruleName(x.Rule)), cell(x.Variant), itoa(x.Eligible), itoa(x.Shown), itoa(x.Accepted),
			itoa(x.Declined), itoa(x.TimedOut)}
		for _, reason := range funnel.Reasons {
			line = append(line, itoa(x.Held[reason]))
		}
		line = append(line, itoa(x.Queued), itoa(x.AgentAccepted), itoa(x.VisitorWrote), itoa(x.Rated), itoa(x.Goals),
			itoa(x.Treatment.Visitors), itoa(x.Treatment.Conversions), itoa(x.Holdout.Visitors), itoa(x.Holdout.Conversions),
			num(x.AcceptRate()))
		if x.Variant == "" {
			line = append(line, num(x.lift.Absolute), num(x.lift.Low), num(x.lift.High), num(x.lift.Relative),
				string(x.lift.Verdict), num(x.Treatment.Rate()), "", "", "", "", "", "", "")
		} else {
			line = append(line, "", "", "", "", "", num(x.Treatment.Rate()),
				num(x.acceptance.Absolute), num(x.acceptance.Low), num(x.acceptance.High),
				num(x.goals.Absolute), num(x.goals.Low), num(x.goals.High), versus(x))
		}
		cw.Write(line)
	}
	cw.Flush()
}

// versus says in words how a variant compares with its rule's baseline,
// on acceptance and on goals.
func versus(x reportRow) string {
	if x.baseline {
		return "baseline"
	}
	return "acceptance " + compared(x.acceptance) + "; goal rate " + compared(x.goals)
}

// compared is a Lift between two variants in words.
func compared(l funnel.Lift) string {
	switch l.Verdict {
	case funnel.Helps:
		return "higher"
	case funnel.Hurts:
		return "lower"
	case funnel.Undefined:
		return "nothing to compare"
	}
	return string(l.Verdict)
}

func itoa(n int) string { return strconv.Itoa(n) }

// num writes a rate or lift with 4 decimals; "" when it is not a number.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'f', 4, 64)
}

// cell keeps a spreadsheet from reading a rule id as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ruleName is how the report names a rule; a page's call has none.
func ruleName(rule string) string {
	if rule == funnel.PageCall {
		return "page call"
	}
	return rule
}

// safeName keeps the letters, digits and . _ - of an app id for a file
// name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, s)
}
