package admin_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
)

func addCounters(t *testing.T, e *env, day string) {
	t.Helper()
	k := func(rule string, g funnel.Group, ev funnel.Event, n int) funnel.Entry {
		key := funnel.Key{Rule: rule, Group: g, Event: ev, Day: day}
		if ev == funnel.Goal {
			key.Goal = "purchase"
		}
		return funnel.Entry{Key: key, N: n}
	}
	require.NoError(t, e.st.AddCounters(context.Background(), "lcw-demo", []funnel.Entry{
		k(`<b>pricing</b>`, funnel.Treatment, funnel.Eligible, 2000),
		k(`<b>pricing</b>`, funnel.Holdout, funnel.Eligible, 2000),
		k(`<b>pricing</b>`, "", funnel.Shown, 1500),
		k(`<b>pricing</b>`, "", funnel.Accepted, 150),
		k(`<b>pricing</b>`, funnel.Treatment, funnel.Goal, 240),
		k(`<b>pricing</b>`, funnel.Holdout, funnel.Goal, 160),
		{Key: funnel.Key{Rule: "=cmd", Event: funnel.Held, Reason: funnel.ReasonTyping, Day: day}, N: 3},
		{Key: funnel.Key{Rule: "=cmd", Event: funnel.Held, Reason: funnel.ReasonNoAgent, Day: day}, N: 2},
		k(funnel.PageCall, "", funnel.Shown, 4),
	}))
}

func TestFunnelReportPage(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	today := funnel.Day(instant.From(time.Now()))
	addCounters(t, e, today)
	code, page := ann.do("GET", "/admin/funnel?app=lcw-demo", "", nil)
	require.Equal(t, http.StatusOK, code, page)
	assert.Contains(t, page, "&lt;b&gt;pricing&lt;/b&gt;", "a rule id is text")
	assert.NotContains(t, page, "<b>pricing</b>")
	assert.Contains(t, page, "page call")
	assert.Contains(t, page, "10.0 %", "acceptance 150 of 1500")
	assert.Contains(t, page, "&#43;4.0 points (&#43;50.0 %)", "12 % vs 8 %")
	assert.Contains(t, page, string(funnel.Helps))
	assert.Contains(t, page, "typing 3, no agent 2")
	assert.Contains(t, page, "<svg")
	assert.Contains(t, page, "<polyline", "a trend per rule")
	assert.Contains(t, page, "shown 1500, accepted 150, goals 400; most shown on "+today)
	assert.NotContains(t, page, "style=", "no inline style under the console's CSP")
	assert.NotContains(t, page, "<script")

	code, page = ann.do("GET", "/admin/funnel?app=lcw-demo&from=2026-01-01&to=2027-12-31", "", nil)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, page, "at most 400 days")
	code, _ = ann.do("GET", "/admin/funnel?app=nope", "", nil)
	assert.Equal(t, http.StatusBadRequest, code)
}

func TestFunnelReportCSV(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	today := funnel.Day(instant.From(time.Now()))
	addCounters(t, e, today)
	code, body := ann.do("GET", "/admin/funnel.csv?app=lcw-demo&from="+today+"&to="+today, "", nil)
	require.Equal(t, http.StatusOK, code, body)
	lines, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 4, "a header and three rules")
	head := strings.Join(lines[0], ",")
	assert.True(t, strings.HasPrefix(head, "rule,variant,eligible,shown,accepted"), head)
	byRule := map[string][]string{}
	for _, l := range lines[1:] {
		byRule[l[0]] = l
	}
	assert.Contains(t, byRule, "'=cmd", "a formula-like rule id is quoted")
	assert.Contains(t, byRule, "page call")
	p := byRule["<b>pricing</b>"]
	require.NotNil(t, p)
	idx := map[string]int{}
	for i, h := range lines[0] {
		idx[h] = i
	}
	assert.Equal(t, "4000", p[idx["eligible"]])
	assert.Equal(t, "0.1000", p[idx["acceptance_rate"]])
	assert.Equal(t, "0.0400", p[idx["lift"]])
	assert.Equal(t, string(funnel.Helps), p[idx["verdict"]])
}

// A rule with invitation variants has its totals' line, then a line per
// variant compared with the baseline (the first by id).
func TestFunnelReportVariants(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	today := funnel.Day(instant.From(time.Now()))
	k := func(variant string, g funnel.Group, ev funnel.Event, n int) funnel.Entry {
		key := funnel.Key{Rule: "plans", Variant: variant, Group: g, Event: ev, Day: today}
		if ev == funnel.Goal {
			key.Goal = "purchase"
		}
		return funnel.Entry{Key: key, N: n}
	}
	require.NoError(t, e.st.AddCounters(context.Background(), "lcw-demo", []funnel.Entry{
		k("", funnel.Holdout, funnel.Eligible, 1000),
		k("a", funnel.Treatment, funnel.Eligible, 2000), k("a", "", funnel.Shown, 1000), k("a", "", funnel.Accepted, 100),
		k("a", funnel.Treatment, funnel.Goal, 200),
		k("b", funnel.Treatment, funnel.Eligible, 2000), k("b", "", funnel.Shown, 1000), k("b", "", funnel.Accepted, 50),
		k("b", funnel.Treatment, funnel.Goal, 100),
	}))
	for i, v := range []string{"a", "b", "b"} {
		_, _, _, err := e.st.Start(context.Background(), "lcw-demo", "visitor-"+v+strconv.Itoa(i), "s",
			json.RawMessage(`{"proactive":true,"source":"rule","ruleId":"plans","variant":"`+v+`"}`), time.Now())
		require.NoError(t, err)
	}
	code, body := ann.do("GET", "/admin/funnel.csv?app=lcw-demo&from="+today+"&to="+today, "", nil)
	require.Equal(t, http.StatusOK, code, body)
	lines, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 4, "a header, the rule, two variants")
	idx := map[string]int{}
	for i, h := range lines[0] {
		idx[h] = i
	}
	rule, a, b := lines[1], lines[2], lines[3]
	assert.Equal(t, []string{"plans", "", "5000", "2000"}, rule[:4])
	assert.Equal(t, "1000", rule[idx["eligible_holdout"]])
	assert.Equal(t, "a", a[idx["variant"]])
	assert.Equal(t, "baseline", a[idx["vs_baseline_verdict"]])
	assert.Equal(t, "3", rule[idx["queued"]], "the rule's chats, every variant")
	assert.Equal(t, "1", a[idx["queued"]])
	assert.Equal(t, "2", b[idx["queued"]])
	assert.Equal(t, "b", b[idx["variant"]])
	assert.Equal(t, "0.0500", b[idx["acceptance_rate"]])
	assert.Equal(t, "0.0500", b[idx["goal_rate"]])
	assert.Equal(t, "-0.0500", b[idx["vs_baseline_acceptance"]])
	assert.Equal(t, "-0.0500", b[idx["vs_baseline_goal_rate"]])
	assert.Equal(t, "acceptance lower; goal rate lower", b[idx["vs_baseline_verdict"]])

	code, page := ann.do("GET", "/admin/funnel?app=lcw-demo", "", nil)
	require.Equal(t, http.StatusOK, code, page)
	assert.Contains(t, page, "variant <bdi>b</bdi>")
	assert.Contains(t, page, "acceptance -5.0 points")
	assert.Contains(t, page, "acceptance lower; goal rate lower")
}
