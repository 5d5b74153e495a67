package admin

import (
	"encoding/csv"
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// funnelTrendCSV handles GET /admin/funnel-trend.csv: the trend lines as
// CSV, one line per rule and period (?per=, as the page), every period of
// the range for a rule with any count in it.
func (c *Console) funnelTrendCSV(w http.ResponseWriter, r *http.Request, _ string) {
	q, ok := c.csvQuery(w, r)
	if !ok {
		return
	}
	daily, err := c.st.Daily(r.Context(), q.App, q.From, q.To)
	if err != nil {
		c.internal(w, err)
		return
	}
	byRule := trends(daily, q.From, q.To, q.Per)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="funnel-trend-`+safeName(q.App)+`-`+q.From+`-`+q.To+`-`+string(q.Per)+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"rule", "period", "period_start", "from", "to", "partial", "shown", "accepted", "goals"})
	for _, rule := range slices.Sorted(maps.Keys(byRule)) {
		for _, p := range byRule[rule].Periods {
			cw.Write([]string{cell(ruleName(rule)), string(q.Per), p.Start, p.From, p.To, strconv.FormatBool(p.Partial),
				itoa(p.Shown), itoa(p.Accepted), itoa(p.Goals)})
		}
	}
	cw.Flush()
}
