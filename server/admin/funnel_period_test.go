package admin_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
)

// ?per= picks the trend's period on the page and in the trend's CSV; an
// unknown one is a 400 that says which are known.
func TestFunnelReportPerWeek(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	for _, d := range []string{"2026-11-29", "2026-11-30", "2026-12-06", "2026-12-07"} {
		require.NoError(t, e.st.AddCounters(context.Background(), "lcw-demo", []funnel.Entry{
			{Key: funnel.Key{Rule: "=cmd", Event: funnel.Shown, Day: d}, N: 10}}))
	}
	at := "?app=lcw-demo&from=2026-11-29&to=2026-12-07"
	code, page := ann.do("GET", "/admin/funnel"+at+"&per=week", "", nil)
	require.Equal(t, http.StatusOK, code, page)
	assert.Contains(t, page, "per week from 2026-11-29 to 2026-12-07: shown 40")
	assert.Contains(t, page, `<time datetime="2026-11-30">Week of 30 Nov</time></th><td>20</td>`)
	assert.Contains(t, page, "Week of 23 Nov</time> <span class=\"partial\">(partial: <span class=\"day\">2026-11-29</span> to <span class=\"day\">2026-11-29</span>)</span>")
	assert.Contains(t, page, `<option value="week" selected>`)
	assert.Contains(t, page, `href="/admin/funnel-trend.csv?app=lcw-demo&amp;from=2026-11-29&amp;per=week&amp;to=2026-12-07"`)

	code, page = ann.do("GET", "/admin/funnel"+at, "", nil)
	require.Equal(t, http.StatusOK, code, page)
	assert.Contains(t, page, "per day from 2026-11-29", "9 days: per day by default")
	assert.Contains(t, page, `<option value="" selected>`)

	code, body := ann.do("GET", "/admin/funnel-trend.csv"+at+"&per=month", "", nil)
	require.Equal(t, http.StatusOK, code, body)
	lines, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"rule", "period", "period_start", "from", "to", "partial", "shown", "accepted", "goals"},
		{"'=cmd", "month", "2026-11-01", "2026-11-29", "2026-11-30", "true", "20", "0", "0"},
		{"'=cmd", "month", "2026-12-01", "2026-12-01", "2026-12-07", "true", "20", "0", "0"},
	}, lines)

	for _, path := range []string{"/admin/funnel", "/admin/funnel.csv", "/admin/funnel-trend.csv"} {
		code, body = ann.do("GET", path+at+"&per=fortnight", "", nil)
		assert.Equal(t, http.StatusBadRequest, code, path)
		assert.Contains(t, body, `admin: per: want day, week or month, got &#34;fortnight&#34;`[:37], path)
	}
}
