package chat

import (
	"encoding/json"
	"math"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/runes"
)

// Budgets of the visitor's details in a start's context, as the widget
// keeps them (package chat's MaxPages, MaxPathLength, MaxTitleLength,
// MaxPagesBytes, MaxInvitationLength and MaxCodeLength), enforced again
// by the server whatever the client: the device is "phone", "tablet" or
// "desktop" (anything else is left out); the language and the time zone
// are at most MaxCodeLength ASCII letters, digits and - / _ + (else left
// out); the browser is cut to MaxBrowserRunes characters and the
// invitation to MaxInvitationRunes; of the pages, the MaxPages most
// recent are kept, paths cut to MaxPathRunes and titles to MaxTitleRunes
// characters, times to 0 … MaxPageMs, and of those the newest that fit in
// MaxPagesBytes of JSON. A field of another type, or a page that is not
// {path: string, title: string, timeMs: number}, refuses the start, as
// for the other fields.
const (
	MaxPages           = 20
	MaxPathRunes       = 200
	MaxTitleRunes      = 100
	MaxPagesBytes      = 3 << 10
	MaxInvitationRunes = 200
	MaxBrowserRunes    = 64
	MaxCodeLength      = 64
	MaxPageMs          = 1 << 40 // about 35 years: a time is never negative, nor beyond this
)

// visitorDetails are what the widget tells of the visitor's browser and
// visit when the chat starts.
type visitorDetails struct {
	Device     string      `json:"device,omitempty"`
	Browser    string      `json:"browser,omitempty"`
	Language   string      `json:"language,omitempty"`
	TimeZone   string      `json:"timeZone,omitempty"`
	Invitation string      `json:"invitation,omitempty"` // the accepted invitation's message
	Pages      []pageVisit `json:"pages,omitempty"`      // the session's pages, oldest first
}

// pageVisit is one page of the session and the time spent on it.
type pageVisit struct {
	Path   string `json:"path"`
	Title  string `json:"title"`
	TimeMs int64  `json:"timeMs"`
}

// readDetails reads and cuts the details of a start's context m; false
// when a field has the wrong type.
func readDetails(m map[string]json.RawMessage) (visitorDetails, bool) {
	var d visitorDetails
	var pages []json.RawMessage
	if !field(m, "device", &d.Device) || !field(m, "browser", &d.Browser) || !field(m, "language", &d.Language) ||
		!field(m, "timeZone", &d.TimeZone) || !field(m, "invitation", &d.Invitation) || !field(m, "pages", &pages) {
		return d, false
	}
	switch d.Device {
	case "phone", "tablet", "desktop":
	default:
		d.Device = ""
	}
	d.Browser = runes.Prefix(d.Browser, MaxBrowserRunes)
	d.Language, d.TimeZone = code(d.Language), code(d.TimeZone)
	d.Invitation = runes.Prefix(d.Invitation, MaxInvitationRunes)
	var ok bool
	d.Pages, ok = readPages(pages)
	return d, ok
}

// readPages reads the pages, keeping the newest that fit the budgets;
// false when one is not a page.
func readPages(raw []json.RawMessage) ([]pageVisit, bool) {
	first := max(0, len(raw)-MaxPages)
	var kept []pageVisit
	size := len("[]")
	for i := len(raw) - 1; i >= first; i-- {
		m := fields(raw[i])
		var p pageVisit
		var ms float64
		if m == nil || !field(m, "path", &p.Path) || !field(m, "title", &p.Title) || !field(m, "timeMs", &ms) {
			return nil, false
		}
		p.Path, p.Title = runes.Prefix(p.Path, MaxPathRunes), runes.Prefix(p.Title, MaxTitleRunes)
		p.TimeMs = int64(math.Min(math.Max(ms, 0), MaxPageMs))
		b, err := json.Marshal(p)
		if err != nil || size+len(b)+1 > MaxPagesBytes {
			break
		}
		size += len(b) + 1
		kept = append(kept, p)
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	return kept, true
}

// code is s when it is at most MaxCodeLength ASCII letters, digits and
// - / _ + (a language tag, an IANA zone), else "".
func code(s string) string {
	if len(s) > MaxCodeLength || !utf8.ValidString(s) {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '/' || c == '_' || c == '+') {
			return ""
		}
	}
	return s
}
