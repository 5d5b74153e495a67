package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// ActiveFor is how long a visitor counts as active after their last input
// (pointer, key, scroll, touch) or after the tab became visible. Engaged
// time counts only while the tab is visible and the visitor active.
const ActiveFor = 30 * instant.Second

// TypingPause is how long after the last keystroke in a form field the
// visitor still counts as typing. An invitation waits meanwhile.
const TypingPause = 3 * instant.Second

// MaxPages is how many recent page views StartPage keeps for journeys.
const MaxPages = 50

// Device is the visitor's device class.
type Device string

// The device classes.
const (
	Phone   Device = "phone"
	Tablet  Device = "tablet"
	Desktop Device = "desktop"
)

// Page is what the browser knows about the page being viewed.
type Page struct {
	URL      string            // full address: "https://shop.example/pricing?plan=pro#faq"
	Path     string            // "/pricing"
	Query    map[string]string // decoded query parameters, the first value of each
	Hash     string            // "#faq", or ""
	Title    string            // document.title
	Referrer string            // document.referrer; after an SPA route change, the previous URL
}

// MaxTitleLength is how many characters of a page's title the journey
// keeps for each page view (what the agent is shown of it when the
// visitor starts a chat).
const MaxTitleLength = 100

// PageView is one page view of the session.
type PageView struct {
	Path  string
	Title string // document.title when the view started, cut to MaxTitleLength characters
	Start instant.Time
}

// Engaged accumulates engaged time: the tab visible and the visitor active.
// Use Visit's StartPage, Touch and SetHidden to keep it; the engine
// extrapolates the open stretch up to LastActivity+ActiveFor.
type Engaged struct {
	Page  instant.Duration // closed stretches on this page
	Site  instant.Duration // closed stretches in this session, this page's included
	Since instant.Time     // start of the open stretch; zero when none is open
}

// Visit is a snapshot of what the browser knows about the visitor. The
// engine reads it and never keeps or changes it. Zero fields mean "unknown"
// or "none" as documented per field.
type Visit struct {
	Page                    // the current page
	PageStart  instant.Time // when this page view started (load or route change)
	Scroll     int          // deepest scroll on this page, percent 0-100
	ExitIntent bool         // exit intent was seen on this page
	// ExitAt is when the latest exit intent on this page was seen; zero
	// with ExitIntent: at an unknown moment, which counts as now. Exit
	// keeps both, Touch and SetHidden when the visitor came back.
	ExitAt       instant.Time
	backAt       instant.Time            // the first input or showing of the tab after ExitAt; zero: not back yet
	Elements     map[string]instant.Time // CSS selector -> visible since; absent or zero: not visible
	Hidden       bool                    // the tab is hidden (invitations wait)
	LastActivity instant.Time            // last input; zero: PageStart
	LastTyping   instant.Time            // last keystroke in a form field; zero: none
	Engaged      Engaged

	SessionStart instant.Time      // when this session started
	Entry        string            // referrer of the session's first page; "" = direct
	UTM          map[string]string // utm_* parameters of the session's landing page, without "utm_"
	PageCount    int               // page views in this session, this one included
	Pages        []PageView        // recent page views of this session, oldest first, this one last

	VisitCount int            // visits (sessions) of this visitor, this one included; 0 counts as 1
	LastVisit  instant.Time   // start of the previous visit; zero: none
	Device     Device         // phone, tablet or desktop
	Languages  []string       // navigator.languages, preferred first
	TimeZone   string         // IANA zone of the browser; the default for time frames
	Attributes map[string]any // audience attributes: string, float64, bool, or []any of those

	Agents Agents // what the chat service last said of its agents; zero: not known
}

// StartPage begins a page view at now: the first load or an SPA route
// change. It closes the open engaged stretch and resets page-scoped state.
func (v *Visit) StartPage(p Page, now instant.Time) {
	v.closeStretch(now)
	if v.SessionStart.IsZero() {
		v.SessionStart = now
	}
	v.Page, v.PageStart, v.Scroll, v.ExitIntent, v.Elements = p, now, 0, false, nil
	v.ExitAt, v.backAt = 0, 0
	v.PageCount++
	v.Pages = append(v.Pages, PageView{Path: p.Path, Title: cutTitle(p.Title), Start: now})
	if n := len(v.Pages); n > MaxPages {
		v.Pages = append(v.Pages[:0], v.Pages[n-MaxPages:]...)
	}
	v.Engaged.Page = 0
	v.Touch(now)
}

// Touch records visitor input at now.
func (v *Visit) Touch(now instant.Time) {
	if !v.ExitAt.IsZero() && v.backAt.IsZero() {
		v.backAt = now // back from an exit: its moment ends ExitMoment from now
	}
	if !v.Engaged.Since.IsZero() && now.After(v.activeUntil()) {
		v.closeStretch(now)
	}
	if v.Engaged.Since.IsZero() && !v.Hidden {
		v.Engaged.Since = now
	}
	v.LastActivity = now
}

// SetHidden records that the tab was hidden or shown at now. Showing the
// tab counts as input.
func (v *Visit) SetHidden(hidden bool, now instant.Time) {
	if hidden {
		v.closeStretch(now)
		v.Hidden = true
		return
	}
	v.Hidden = false
	v.Touch(now)
}

// Typing reports whether the visitor is typing in a form field at now (a
// keystroke less than TypingPause ago) and, if so, when the pause ends.
// Invitations, the rules' and the page's startProactiveChat calls alike,
// wait for it.
func (v *Visit) Typing(now instant.Time) (until instant.Time, typing bool) {
	if v.LastTyping.IsZero() {
		return 0, false
	}
	until = v.LastTyping.Add(TypingPause)
	return until, now.Before(until)
}

// Exit records exit intent at now: the pointer left through the top of
// the window, or, on a touch device, a flick up or the tab being hidden.
// The exit lasts while the visitor is away (no input since, the tab not
// shown again: the pointer is still outside the window, or the tab still
// hidden) and ExitMoment after they come back (see Touch).
func (v *Visit) Exit(now instant.Time) {
	v.ExitIntent, v.ExitAt, v.backAt = true, now, 0
}

// exiting reports whether now is at an exit, and when that changes by time
// alone (zero: not by time).
func (v *Visit) exiting(now instant.Time) (bool, instant.Time) {
	switch {
	case !v.ExitIntent:
		return false, 0
	case v.ExitAt.IsZero(), v.backAt.IsZero(): // at an unknown moment, or away since
		return true, 0
	}
	end := v.backAt.Add(ExitMoment)
	if !now.Before(end) {
		return false, 0
	}
	return true, end
}

// closeStretch folds the open engaged stretch into the totals.
func (v *Visit) closeStretch(now instant.Time) {
	page, site, _ := v.engaged(now)
	v.Engaged = Engaged{Page: page, Site: site}
}

// activeUntil is when the open stretch ends if no input comes.
func (v *Visit) activeUntil() instant.Time {
	last := v.LastActivity
	if last.Before(v.Engaged.Since) {
		last = v.Engaged.Since
	}
	return last.Add(ActiveFor)
}

// engaged returns the engaged time on the page and the site at now, and
// until when it keeps growing (zero: it does not grow).
func (v *Visit) engaged(now instant.Time) (page, site instant.Duration, until instant.Time) {
	page, site = v.Engaged.Page, v.Engaged.Site
	if v.Engaged.Since.IsZero() {
		return page, site, 0
	}
	until = v.activeUntil()
	end := now
	if until.Before(end) {
		end = until
	}
	open := end.Sub(v.Engaged.Since)
	if open > 0 {
		page, site = page+open, site+open
	}
	if !now.Before(until) {
		until = 0
	}
	return page, site, until
}

// lastActivity is LastActivity, or PageStart when unknown.
func (v *Visit) lastActivity() instant.Time {
	if v.LastActivity.IsZero() {
		return v.PageStart
	}
	return v.LastActivity
}

// cutTitle keeps the first MaxTitleLength characters of title.
func cutTitle(title string) string {
	n := 0
	for i := range title {
		if n == MaxTitleLength {
			return title[:i]
		}
		n++
	}
	return title
}
