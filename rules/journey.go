package rules

import (
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// SessionTimeout ends a session (a visit) after this long without a page
// view or input, as web analytics do.
const SessionTimeout = 30 * instant.Minute

// Journey is the part of a Visit that outlives one page load: who the
// visitor is and what this session has seen. The browser keeps it in
// localStorage (see Tree) and never sends it anywhere.
type Journey struct {
	Visits      int               // visits so far, the current one included
	VisitStart  instant.Time      // start of the current visit
	LastVisit   instant.Time      // start of the visit before it; zero: none
	LastSeen    instant.Time      // the last page view or input
	Entry       string            // the referrer the current visit arrived with
	UTM         map[string]string // utm_* of the visit's landing page, without "utm_"
	PageCount   int               // page views in the current visit
	Pages       []PageView        // the visit's recent page views, oldest first
	EngagedSite instant.Duration  // engaged time in the visit so far
}

// Resume starts page p of a page load at now: it continues j's visit, or
// begins a new one when the last was seen more than SessionTimeout ago,
// and returns the Visit the engine reads.
func Resume(j Journey, p Page, hidden bool, now instant.Time) Visit {
	v := Visit{Hidden: hidden}
	if j.VisitStart.IsZero() || now.Sub(j.LastSeen) > SessionTimeout || now.Before(j.VisitStart) {
		v.VisitCount = j.Visits + 1
		v.LastVisit = j.VisitStart
		v.SessionStart = now
		v.Entry = p.Referrer
		v.UTM = utmOf(p.Query)
	} else {
		v.VisitCount = max(j.Visits, 1)
		v.LastVisit = j.LastVisit
		v.SessionStart = j.VisitStart
		v.Entry = j.Entry
		v.UTM = j.UTM
		v.PageCount = j.PageCount
		v.Pages = j.Pages
		v.Engaged.Site = j.EngagedSite
	}
	v.StartPage(p, now)
	return v
}

// Journey returns what of v the next page load needs, as of now.
func (v *Visit) Journey(now instant.Time) Journey {
	_, site, _ := v.engaged(now)
	seen := v.lastActivity()
	if seen.Before(v.PageStart) {
		seen = v.PageStart
	}
	return Journey{
		Visits: max(v.VisitCount, 1), VisitStart: v.SessionStart, LastVisit: v.LastVisit,
		LastSeen: seen, Entry: v.Entry, UTM: v.UTM, PageCount: v.PageCount,
		Pages: v.Pages, EngagedSite: site,
	}
}

func utmOf(query map[string]string) map[string]string {
	var utm map[string]string
	for k, val := range query {
		if tag, ok := strings.CutPrefix(k, "utm_"); ok && tag != "" {
			if utm == nil {
				utm = map[string]string{}
			}
			utm[tag] = val
		}
	}
	return utm
}

// Tree returns j as a generic tree for JSON (times in Unix milliseconds).
func (j Journey) Tree() map[string]any {
	pages := make([]any, len(j.Pages))
	for i, p := range j.Pages {
		page := map[string]any{"path": p.Path, "at": ms(p.Start)}
		if p.Title != "" {
			page["title"] = p.Title
		}
		pages[i] = page
	}
	utm := map[string]any{}
	for k, v := range j.UTM {
		utm[k] = v
	}
	return map[string]any{
		"visits": float64(j.Visits), "visitStart": ms(j.VisitStart), "lastVisit": ms(j.LastVisit),
		"lastSeen": ms(j.LastSeen), "entry": j.Entry, "utm": utm, "pageCount": float64(j.PageCount),
		"pages": pages, "engagedSite": float64(j.EngagedSite.Milliseconds()),
	}
}

// JourneyFromTree reads what Tree produced after a JSON round trip. A
// damaged or foreign value yields the zero Journey (a new visitor) rather
// than an error: the widget must work whatever the store holds.
func JourneyFromTree(tree any) Journey {
	m, _ := tree.(map[string]any)
	j := Journey{
		Visits: int(num(m["visits"])), VisitStart: fromMillis(m["visitStart"]), LastVisit: fromMillis(m["lastVisit"]),
		LastSeen: fromMillis(m["lastSeen"]), PageCount: int(num(m["pageCount"])),
		EngagedSite: instant.Duration(num(m["engagedSite"])) * instant.Millisecond,
	}
	j.Entry, _ = m["entry"].(string)
	if u, ok := m["utm"].(map[string]any); ok && len(u) > 0 {
		j.UTM = map[string]string{}
		for k, v := range u {
			if s, ok := v.(string); ok {
				j.UTM[k] = s
			}
		}
	}
	pages, _ := m["pages"].([]any)
	for _, p := range pages {
		pm, _ := p.(map[string]any)
		if path, ok := pm["path"].(string); ok {
			title, _ := pm["title"].(string)
			j.Pages = append(j.Pages, PageView{Path: path, Title: cutTitle(title), Start: fromMillis(pm["at"])})
		}
	}
	if n := len(j.Pages); n > MaxPages {
		j.Pages = j.Pages[n-MaxPages:]
	}
	return j
}

func ms(t instant.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli())
}

func num(v any) float64 {
	f, ok := toFloat(v)
	if !ok || f != f || f < 0 || f > 1e15 {
		return 0
	}
	return f
}

func fromMillis(v any) instant.Time {
	if f := num(v); f > 0 {
		return instant.UnixMilli(int64(f))
	}
	return 0
}
