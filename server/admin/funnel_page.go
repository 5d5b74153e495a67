package admin

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/funnel"
)

// funnelPage handles GET /admin/funnel: the report, rendered on the
// server (a table and inline SVG bars; no script, no inline style, as the
// console's CSP wants). Every rule id and app id is text.
func (c *Console) funnelPage(w http.ResponseWriter, r *http.Request, _ string) {
	pageHeaders(w)
	list, err := c.st.Widgets(r.Context())
	if err != nil {
		c.logger.Error("admin", "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		funnelTmpl.Execute(w, funnelView{Error: "The store failed; see the server's log."})
		return
	}
	v := funnelView{}
	for _, x := range list {
		v.Apps = append(v.Apps, x.AppID)
	}
	q, err := c.query(r)
	v.Query = q
	switch {
	case err != nil:
		v.Error = err.Error()
	case q.App == "":
		if len(v.Apps) > 0 {
			v.Query.App = v.Apps[0]
		}
	case !c.live.Has(q.App):
		v.Error = "admin: unknown widget"
	}
	if v.Error != "" || v.Query.App == "" {
		if v.Error != "" {
			w.WriteHeader(http.StatusBadRequest)
		}
		funnelTmpl.Execute(w, v)
		return
	}
	rows, err := c.report(r.Context(), v.Query)
	if err != nil {
		c.logger.Error("admin", "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		v.Error = "The store failed; see the server's log."
		funnelTmpl.Execute(w, v)
		return
	}
	daily, err := c.st.Daily(r.Context(), v.Query.App, v.Query.From, v.Query.To)
	if err != nil {
		c.logger.Error("admin", "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		v.Error = "The store failed; see the server's log."
		funnelTmpl.Execute(w, v)
		return
	}
	v.Rows = viewRows(rows, trends(daily, v.Query.From, v.Query.To, v.Query.Per))
	at := url.Values{"app": {v.Query.App}, "from": {v.Query.From}, "to": {v.Query.To}}
	v.CSV = "/admin/funnel.csv?" + at.Encode()
	at.Set("per", string(v.Query.Per))
	v.TrendCSV = "/admin/funnel-trend.csv?" + at.Encode()
	funnelTmpl.Execute(w, v)
}

type funnelView struct {
	Apps          []string
	Query         reportQuery
	Error         string
	Rows          []rowView
	CSV, TrendCSV string
}

// Periods are the form's choices of the trend's period.
func (funnelView) Periods() []Period { return Periods }

// Trends are the rows that have a trend, for its table.
func (v funnelView) Trends() []rowView {
	var out []rowView
	for _, r := range v.Rows {
		if r.Trend != nil {
			out = append(out, r)
		}
	}
	return out
}

type rowView struct {
	Rule                                                string
	Eligible, Shown, Accepted, Declined, TimedOut, Goal int
	Queued, AgentAccepted, VisitorWrote, Rated          int
	Held, AcceptRate, Lift, Interval, Verdict           string
	Bars                                                []barView
	// a variant's line
	Variant, GoalRate, Versus string
	VsAccept, VsGoals         string
	Trend                     *trendView // a rule's line; nil for a variant's, or no counts
}

type barView struct {
	Label string
	N     int
	Y, W  int
	Fill  string
}

// reasonLabels are the report's words for the reasons of funnel.Held
// that are not words already (the CSV keeps the names).
var reasonLabels = map[funnel.Reason]string{funnel.ReasonOtherTab: "other tab", funnel.ReasonNoAgent: "no agent"}

func reasonLabel(r funnel.Reason) string {
	if l, ok := reasonLabels[r]; ok {
		return l
	}
	return string(r)
}

// barWidth is the width of the longest bar, in SVG units.
const barWidth = 200

func viewRows(rows []reportRow, trend map[string]*trendView) []rowView {
	most := 1
	for _, x := range rows {
		most = max(most, x.Eligible, x.Shown)
	}
	out := make([]rowView, 0, len(rows))
	for _, x := range rows {
		v := rowView{Rule: ruleName(x.Rule), Eligible: x.Eligible, Shown: x.Shown, Accepted: x.Accepted,
			Declined: x.Declined, TimedOut: x.TimedOut, Goal: x.Goals, Queued: x.Queued, AgentAccepted: x.AgentAccepted,
			VisitorWrote: x.VisitorWrote, Rated: x.Rated,
			AcceptRate: percent(x.AcceptRate()), Verdict: string(x.lift.Verdict)}
		var held []string
		for _, reason := range funnel.Reasons {
			if n := x.Held[reason]; n > 0 {
				held = append(held, reasonLabel(reason)+" "+strconv.Itoa(n))
			}
		}
		v.Held = strings.Join(held, ", ")
		if x.Variant == "" {
			v.Trend = trend[x.Rule]
		}
		if x.Variant != "" {
			v.Variant, v.GoalRate, v.Versus = x.Variant, percent(x.Treatment.Rate()), versus(x)
			if !x.baseline {
				v.VsAccept, v.VsGoals = interval(x.acceptance), interval(x.goals)
			}
		} else if x.lift.Verdict != funnel.Undefined {
			v.Lift = signed(x.lift.Absolute*100) + " points"
			if !math.IsNaN(x.lift.Relative) {
				v.Lift += " (" + signed(x.lift.Relative*100) + " %)"
			}
			v.Interval = signed(x.lift.Low*100) + " to " + signed(x.lift.High*100) + " points"
		}
		for i, b := range []struct {
			label string
			n     int
			fill  string
		}{{"eligible", x.Eligible, "#8a94a6"}, {"shown", x.Shown, "#3b6fd4"}, {"accepted", x.Accepted, "#1f8a4c"}} {
			w := b.n * barWidth / most
			if b.n > 0 {
				w = max(w, 1) // a count is never invisible
			}
			v.Bars = append(v.Bars, barView{Label: b.label, N: b.n, Y: i * 12, W: w, Fill: b.fill})
		}
		out = append(out, v)
	}
	return out
}

// interval is a difference of rates with its 95 % interval, in points.
func interval(l funnel.Lift) string {
	return signed(l.Absolute*100) + " points (" + signed(l.Low*100) + " to " + signed(l.High*100) + ")"
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + " %" }

func signed(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if f >= 0 {
		return "+" + s
	}
	return s
}

var funnelTmpl = template.Must(template.New("funnel").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Invitation funnel · Site console · lcwasm</title>
<link rel="stylesheet" href="/agent/static/console.css">
<link rel="stylesheet" href="/admin/static/admin.css">
</head>
<body>
<header class="topbar">
  <h1>Invitation funnel</h1>
  <div class="topbar-end"><a href="/admin">Site console</a></div>
</header>
<main class="panel report">
  <form method="get" action="/admin/funnel" class="row" aria-label="Report">
    <label for="app">Widget</label>
    <select id="app" name="app">{{range .Apps}}<option{{if eq . $.Query.App}} selected{{end}}>{{.}}</option>{{end}}</select>
    <label for="from">From</label> <input id="from" name="from" type="date" value="{{.Query.From}}">
    <label for="to">To</label> <input id="to" name="to" type="date" value="{{.Query.To}}">
    <label for="per">Trend per</label>
    <select id="per" name="per" aria-describedby="per-hint"><option value=""{{if not .Query.PerAsked}} selected{{end}}>range's length</option>{{range .Periods}}<option value="{{.}}"{{if and $.Query.PerAsked (eq . $.Query.Per)}} selected{{end}}>{{.}}</option>{{end}}</select>
    <span id="per-hint" class="hint">by default, a day up to 62 days, a week up to 366, else a month</span>
    <button type="submit">Show</button>
  </form>
  {{if .Error}}<p class="alert" role="alert">{{.Error}}</p>{{end}}
  {{if .CSV}}
  <p class="hint">UTC days {{.Query.From}} to {{.Query.To}}, widget {{.Query.App}}. Eligible counts sessions; held counts page views; lift compares the goal rate of eligible sessions invited with the holdout's (95 % interval, Newcombe); per {{.Query.Per}}: shown (blue, top), accepted (green), goals (orange, bottom), each line on its own scale; a rule's invitation variants are compared with its baseline, the first by id. <a href="{{.CSV}}">Download CSV</a> · <a href="{{.TrendCSV}}" id="trend-csv">Download the trend per {{.Query.Per}} as CSV</a></p>
  {{if .Rows}}
  <table class="funnel">
    <thead><tr><th scope="col">Rule</th><th scope="col">Funnel</th><th scope="col">Per {{.Query.Per}}</th><th scope="col">Eligible</th><th scope="col">Shown</th><th scope="col">Accepted</th><th scope="col">Declined</th><th scope="col">Timed out</th><th scope="col">Not shown</th><th scope="col">Queued</th><th scope="col">Agent accepted</th><th scope="col">Visitor wrote</th><th scope="col">Rated</th><th scope="col">Goals</th><th scope="col">Acceptance</th><th scope="col">Lift</th></tr></thead>
    <tbody>
    {{range .Rows}}<tr{{if .Variant}} class="variant"{{end}}>
      <th scope="row"><bdi>{{.Rule}}</bdi>{{if .Variant}} · variant <bdi>{{.Variant}}</bdi>{{end}}</th>
      <td><svg width="200" height="36" viewBox="0 0 200 36" role="img" aria-label="eligible {{.Eligible}}, shown {{.Shown}}, accepted {{.Accepted}}">{{range .Bars}}<rect x="0" y="{{.Y}}" width="{{.W}}" height="10" fill="{{.Fill}}"><title>{{.Label}} {{.N}}</title></rect>{{end}}</svg></td>
      <td>{{with .Trend}}<svg class="trend" width="200" height="45" viewBox="0 0 200 45" role="img" aria-label="{{.Label}}"><title>{{.Label}}</title><desc>The same counts per period: the trend tables under the report.</desc>{{range .Lines}}<polyline points="{{.Points}}" fill="none" stroke="{{.Stroke}}" stroke-width="1.5"><title>{{.Label}}</title></polyline>{{end}}</svg>{{end}}</td>
      <td>{{.Eligible}}</td><td>{{.Shown}}</td><td>{{.Accepted}}</td><td>{{.Declined}}</td><td>{{.TimedOut}}</td><td>{{.Held}}</td>
      <td>{{.Queued}}</td><td>{{.AgentAccepted}}</td><td>{{.VisitorWrote}}</td><td>{{.Rated}}</td><td>{{.Goal}}</td><td>{{.AcceptRate}}</td>
      {{if .Variant}}<td>goal rate {{.GoalRate}}<br>{{if .VsAccept}}vs baseline: acceptance {{.VsAccept}}, goal rate {{.VsGoals}}<br>{{end}}{{.Versus}}</td>
      {{else}}<td>{{if .Lift}}{{.Lift}}<br><span class="hint">{{.Interval}}</span><br>{{end}}{{.Verdict}}</td>{{end}}
    </tr>{{end}}
    </tbody>
  </table>
  {{with .Trends}}<details class="trend-data">
    <summary>Trend tables, per {{$.Query.Per}}</summary>
    {{range .}}<table class="trend-table">
      <caption><bdi>{{.Rule}}</bdi>, per {{$.Query.Per}}</caption>
      <thead><tr><th scope="col">{{if eq $.Query.Per "day"}}Day{{else if eq $.Query.Per "week"}}Week{{else}}Month{{end}}</th><th scope="col">Shown</th><th scope="col">Accepted</th><th scope="col">Goals</th></tr></thead>
      <tbody>{{range .Trend.Periods}}<tr><th scope="row"><time datetime="{{.Start}}">{{.Label}}</time>{{if .Partial}} <span class="partial">(partial: <span class="day">{{.From}}</span> to <span class="day">{{.To}}</span>)</span>{{end}}</th><td>{{.Shown}}</td><td>{{.Accepted}}</td><td>{{.Goals}}</td></tr>{{end}}</tbody>
    </table>{{end}}
  </details>{{end}}
  {{else}}<p>No counters in this range yet.</p>{{end}}
  {{end}}
</main>
</body>
</html>
`))
