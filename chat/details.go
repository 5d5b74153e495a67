package chat

import (
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/runes"
)

// Limits of the visitor's details in the start frame. They come on top of
// the other budgets and still fit [FrameLimit]: the language and the time
// zone are short codes of ASCII letters, digits and - / _ + (anything else
// is left out), the browser is a name and a version this package writes,
// and the pages get MaxPagesBytes.
const (
	MaxPages            = 20      // page views sent: the session's most recent
	MaxPathLength       = 200     // characters kept of a page's path
	MaxTitleLength      = 100     // characters kept of a page's title
	MaxPagesBytes       = 3 << 10 // the pages as JSON; the oldest that do not fit are left out
	MaxInvitationLength = 200     // characters kept of the accepted invitation's message ("…" at a cut)
	MaxCodeLength       = 64      // characters of the language and the time zone
)

// Details are what the agent is shown of the visitor's browser and visit.
// The bridge reads them when a chat starts, and never before: nothing of
// them leaves the browser until the visitor starts a chat.
type Details struct {
	Device     string     // "phone", "tablet" or "desktop" (rules.Device)
	UserAgent  string     // navigator.userAgent, sent only as [Browser] names it
	Language   string     // navigator.language
	TimeZone   string     // Intl.DateTimeFormat().resolvedOptions().timeZone
	Invitation string     // the accepted invitation's message, "" for none
	Pages      []PageView // the session's page views (the rules' journey), oldest first, this one last
}

// PageView is one page view of the session: its path and title, and when
// it started.
type PageView struct {
	Path, Title string
	Start       instant.Time
}

// detailsContext adds d to a start frame's context as of now: the
// device, browser, language, time zone and invitation when known, and
// the pages with the time spent on each (until the next one started;
// the last one until now).
func detailsContext(ctx map[string]any, d Details, now instant.Time) {
	switch d.Device {
	case "phone", "tablet", "desktop":
	default:
		d.Device = ""
	}
	if utf8.RuneCountInString(d.Invitation) > MaxInvitationLength {
		d.Invitation = runes.Prefix(d.Invitation, MaxInvitationLength-1) + "…"
	}
	for _, kv := range [...][2]string{{"device", d.Device}, {"browser", Browser(d.UserAgent)},
		{"language", code(d.Language)}, {"timeZone", code(d.TimeZone)}, {"invitation", d.Invitation}} {
		if kv[1] != "" {
			ctx[kv[0]] = kv[1]
		}
	}
	if pages := pagesOf(d.Pages, now); len(pages) > 0 {
		ctx["pages"] = pages
	}
}

// code is s when it is 1 to MaxCodeLength ASCII letters, digits and
// - / _ + (a language tag, an IANA zone), else "".
func code(s string) string {
	if len(s) > MaxCodeLength {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isWordByte(c) && c != '-' && c != '/' && c != '_' && c != '+' {
			return ""
		}
	}
	return s
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// pagesOf is the start frame's pages, oldest first: of the most recent
// MaxPages views, path and title cut, each with the milliseconds spent
// on it, as many of the newest as fit in MaxPagesBytes of JSON.
func pagesOf(views []PageView, now instant.Time) []any {
	out := make([]any, min(len(views), MaxPages))
	size, i := len("[]"), len(out)
	for ; i > 0; i-- {
		k := len(views) - len(out) + i - 1
		v, end := views[k], now
		if k+1 < len(views) {
			end = views[k+1].Start
		}
		path, title := runes.Prefix(v.Path, MaxPathLength), runes.Prefix(v.Title, MaxTitleLength)
		ms := max(0, end.Sub(v.Start).Milliseconds())
		size += jsonLength(path) + jsonLength(title) + len(`{"path":"","title":"","timeMs":},`) + len(itoa(int(ms)))
		if size > MaxPagesBytes {
			break
		}
		out[i-1] = map[string]any{"path": path, "title": title, "timeMs": float64(ms)}
	}
	return out[i:]
}
