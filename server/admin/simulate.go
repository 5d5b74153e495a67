package admin

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// visitJSON is a visit as the owner describes it to the simulator.
type visitJSON struct {
	URL         string            `json:"url"`
	Referrer    string            `json:"referrer"`
	Title       string            `json:"title"`
	TimeOnPage  float64           `json:"timeOnPageSeconds"`
	TimeOnSite  float64           `json:"timeOnSiteSeconds"`
	EngagedPage float64           `json:"engagedSeconds"`
	PageCount   int               `json:"pageCount"`
	VisitCount  int               `json:"visitCount"`
	Entry       string            `json:"entry"` // referrer of the session's first page
	UTM         map[string]string `json:"utm"`
	Device      string            `json:"device"`
	Languages   []string          `json:"languages"`
	TimeZone    string            `json:"timeZone"`
	At          string            `json:"at"` // RFC 3339; "": now
	Scroll      int               `json:"scroll"`
	ExitIntent  bool              `json:"exitIntent"`
	Attributes  map[string]any    `json:"attributes"`
	// AgentsAvailable is what the chat service says of its agents: true
	// (one is available), false (none is), null or absent (it did not
	// answer).
	AgentsAvailable *bool `json:"agentsAvailable"`
}

// visit turns the description into what the engine reads.
func (d visitJSON) visit(now instant.Time) rules.Visit {
	p := rules.Page{URL: d.URL, Referrer: d.Referrer, Title: d.Title, Query: map[string]string{}}
	if u, err := url.Parse(d.URL); err == nil {
		p.Path = u.Path
		if p.Path == "" {
			p.Path = "/"
		}
		if u.Fragment != "" {
			p.Hash = "#" + u.Fragment
		}
		for k, v := range u.Query() {
			p.Query[k] = v[0]
		}
	}
	secs := func(f float64) instant.Duration { return instant.Duration(f * float64(instant.Second)) }
	v := rules.Visit{
		Page: p, PageStart: now.Add(-secs(d.TimeOnPage)), Scroll: d.Scroll, ExitIntent: d.ExitIntent,
		SessionStart: now.Add(-secs(max(d.TimeOnSite, d.TimeOnPage))), Entry: d.Entry, UTM: d.UTM,
		PageCount: max(d.PageCount, 1), VisitCount: max(d.VisitCount, 1), Device: rules.Device(d.Device),
		Languages: d.Languages, TimeZone: d.TimeZone, Attributes: d.Attributes,
	}
	v.LastActivity = now
	if d.AgentsAvailable != nil {
		v.Agents = rules.Agents{Known: true, Available: *d.AgentsAvailable}
	}
	v.Engaged.Page = secs(d.EngagedPage)
	v.Engaged.Site = v.Engaged.Page
	v.Pages = []rules.PageView{{Path: p.Path, Start: v.PageStart}}
	if v.Device == "" {
		v.Device = rules.Desktop
	}
	if v.TimeZone == "" {
		v.TimeZone = "UTC"
	}
	return v
}

// simulate handles POST /admin/api/simulate: explainProactiveRules for a
// described visit, computed natively by the engine the browser runs.
func (c *Console) simulate(w http.ResponseWriter, r *http.Request, _ string) {
	var body struct {
		Config json.RawMessage `json:"config"`
		Visit  visitJSON       `json:"visit"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	var cfg map[string]any
	if err := json.Unmarshal(body.Config, &cfg); err != nil {
		fail(w, http.StatusBadRequest, "admin: config: "+err.Error())
		return
	}
	now := c.now()
	if body.Visit.At != "" {
		t, err := time.Parse(time.RFC3339, body.Visit.At)
		if err != nil {
			fail(w, http.StatusBadRequest, "admin: visit.at: want RFC 3339, e.g. 2026-12-03T09:30:00Z")
			return
		}
		now = t
	}
	set, _ := decoder.Decode(cfg["proactiveRules"])
	v := body.Visit.visit(instant.From(now))
	chat, _ := cfg["chat"].(map[string]any)
	proactive, _ := cfg["proactiveChat"].(map[string]any)
	if chat["enabled"] != true {
		v.Agents = rules.Agents{Known: true} // no chat service: no agent, as in the browser
	}
	// The browser holds a rule that fires without reading agentsAvailable
	// while the service says no agent is there (proactive/agents.go).
	hold := chat["enabled"] == true && proactive["inviteWhenNoAgent"] != true && v.Agents.Known && !v.Agents.Available
	engine := rules.NewEngine(set, rules.History{})
	millis := func(t instant.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UnixMilli()
	}
	checks := func(list []rules.Check) []any {
		out := []any{}
		for _, c := range list {
			out = append(out, map[string]any{"path": c.Path, "holds": c.Holds, "next": millis(c.Next)})
		}
		return out
	}
	out := []any{}
	for _, e := range engine.Explain(&v, instant.From(now)) {
		var errText any
		if e.Err != nil {
			errText = e.Err.Error()
		}
		out = append(out, map[string]any{
			"rule": e.Rule, "priority": e.Priority, "error": errText, "holds": e.Holds, "fires": e.Fires,
			"heldNoAgent": e.Fires && hold && !set.ReadsAgents(e.Rule),
			"conditions":  checks(e.Conditions), "limits": checks(e.Limits), "next": millis(e.Next),
			"invitation": map[string]any{"message": e.Invitation.Message, "showPrechat": e.Invitation.ShowPrechat,
				"inNewWindow": e.Invitation.InNewWindow},
		})
	}
	var agents any // null: the service did not answer
	if v.Agents.Known {
		agents = v.Agents.Available
	}
	writeJSON(w, http.StatusOK, map[string]any{"at": now.UnixMilli(), "proactiveChat": proactive["enabled"] == true,
		"chat": chat["enabled"] == true, "agentsAvailable": agents, "rules": out})
}
