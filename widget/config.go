package widget

import "time"

// Config is a widget's configuration: the site owner's settings from the
// server (or inline) merged with the page's data-* attributes.
type Config struct {
	AppID            string
	ProactiveEnabled bool
	Chat             bool            // a chat service answers (chat.enabled)
	Prechat          []Field         // nil: no prechat survey
	Hours            *OperatingHours // nil: always open
	Texts            Texts

	HideChatButton  bool          // data-hide-chat-button
	HideMinimize    bool          // data-hide-minimize-button
	RenderMobile    bool          // data-render-mobile: the chat pane has no header buttons
	AuthFunction    string        // auth.function: the page's global that gives the auth token
	AuthTimeout     time.Duration // auth.timeoutSeconds: how long the auth token provider has to call back; 0: the default (10 s)
	OpenInWindow    bool          // data-open-in-window: chats always pop out
	CloseButtonText string        // data-custom-close-button-text
	Popout          bool          // this page is the pop-out chat window
	Verbose         bool          // data-lcw-version="test"
}

// Field is one prechat survey question.
type Field struct {
	Name     string
	Label    string
	Type     string // text, email, tel, textarea, select, checkbox
	Required bool
	Options  []string // for select
}

// OperatingHours says when agents answer, in one IANA time zone.
type OperatingHours struct {
	TimeZone string
	Windows  []HoursWindow
	Message  string // shown outside the windows
}

// HoursWindow is an opening window on some days, in minutes after local
// midnight; Close <= Open means the window runs past midnight.
type HoursWindow struct {
	Days  [7]bool // indexed by time.Weekday
	Open  int
	Close int
}

// DefaultOutOfHoursMessage is shown outside operating hours when the
// configuration has no message of its own.
const DefaultOutOfHoursMessage = "Thanks for reaching out. We're closed right now; please come back during our business hours."

// Zones turns an instant into local time in an IANA zone. The browser
// bridge implements it with Intl.DateTimeFormat, so the wasm carries no zone
// database.
type Zones interface {
	Local(t time.Time, zone string) (weekday time.Weekday, minute int, err error)
}

// Open reports whether t falls inside a window. A zone that cannot be
// resolved counts as open and is reported in err.
func (h *OperatingHours) Open(t time.Time, z Zones) (bool, error) {
	if h == nil {
		return true, nil
	}
	day, minute, err := z.Local(t, h.TimeZone)
	if err != nil {
		return true, err
	}
	for _, w := range h.Windows {
		if w.covers(day, minute) {
			return true, nil
		}
	}
	return false, nil
}

func (w HoursWindow) covers(day time.Weekday, minute int) bool {
	if w.Close > w.Open {
		return w.Days[day] && minute >= w.Open && minute < w.Close
	}
	// Overnight: the part before midnight belongs to day, the rest to the
	// day before.
	yesterday := (day + 6) % 7
	return (w.Days[day] && minute >= w.Open) || (w.Days[yesterday] && minute < w.Close)
}
