package widget

import (
	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// Config is a widget's configuration: the site owner's settings from the
// server (or inline) merged with the page's data-* attributes.
type Config struct {
	AppID            string
	ProactiveEnabled bool
	// InviteWhenNoAgent is "proactiveChat": {"inviteWhenNoAgent": true}:
	// rules invite even when the chat service says no agent is available
	// (by default such an invitation is held; see package proactive).
	InviteWhenNoAgent bool
	Chat              bool            // a chat service answers (chat.enabled)
	Prechat           []Field         // nil: no prechat survey
	Hours             *OperatingHours // nil: always open
	Texts             Texts
	// Language is the configuration's "language" (a BCP 47 tag, "" to
	// follow the page and the browser); Lang is the language picked, with
	// the site owner's texts for it (TextOverrides) laid over.
	Language      string
	TextOverrides map[string]map[Phrase]string // "texts": language tag -> phrase -> text
	Lang          Language
	// ColorScheme is "light", "dark" or "" (follow the visitor's
	// prefers-color-scheme).
	ColorScheme string
	// ReportingOff is "reporting": false: the widget sends no funnel
	// counters (and holds no visitor out of a rule).
	ReportingOff bool
	// Offline is "offline": {"enabled": true}: with no agent available
	// (or the service closed) the widget offers the leave-a-message form
	// instead of a queue. Off by default: the chat starts and waits in the
	// queue, as in Omnichannel without an offline configuration.
	Offline bool
	// OfflineFields are "offline": {"fields": [...]}: the leave-a-message
	// form's questions (nil: name, email and message, see
	// Language.OfflineFields).
	OfflineFields []Field
	// PostChat is "postChat": the survey after a conversation ends.
	PostChat PostChat
	// Attachments is "attachments": which files the visitor may attach
	// (on by default: images and PDF up to 10 MiB).
	Attachments Attachments

	HideChatButton  bool             // data-hide-chat-button
	HideMinimize    bool             // data-hide-minimize-button
	RenderMobile    bool             // data-render-mobile: the chat pane has no header buttons
	AuthFunction    string           // auth.function: the page's global that gives the auth token
	AuthTimeout     instant.Duration // auth.timeoutSeconds: how long the auth token provider has to call back; 0: the default (10 s)
	OpenInWindow    bool             // data-open-in-window: chats always pop out
	CloseButtonText string           // data-custom-close-button-text
	Popout          bool             // this page is the pop-out chat window
	Verbose         bool             // data-lcw-version="test"
}

// PostChat is the survey a visitor answers after a conversation ends.
// Its zero value is the default: a thumbs up or down, then an optional
// comment, as the widget always asked.
type PostChat struct {
	Off       bool    // "enabled": false: no survey
	NoRating  bool    // "rating": false: no thumbs
	NoComment bool    // "comment": false: no comment box
	Fields    []Field // "fields": more questions, the prechat types
}

// Asks reports whether the survey shows at all.
func (p PostChat) Asks() bool {
	return !p.Off && (!p.NoRating || !p.NoComment || len(p.Fields) > 0)
}

// Field is one survey question (prechat, post-chat or leave-a-message).
type Field struct {
	Name     string
	Label    string
	Type     string // text, email, tel, textarea, select, checkbox
	Required bool
	Options  []string // for select
}

// OperatingHours says when agents answer, in one IANA time zone: the type
// the chat server's getAgentAvailability reads too, so both agree (see
// package hours for the semantics, overnight windows included).
type OperatingHours = hours.Hours

// HoursWindow is an opening window on some days, in minutes after local
// midnight; Close <= Open means the window runs past midnight.
type HoursWindow = hours.Window

// DefaultOutOfHoursMessage is shown outside operating hours when the
// configuration has no message of its own.
const DefaultOutOfHoursMessage = "Thanks for reaching out. We're closed right now; please come back during our business hours."

// Zones reads wall clocks in IANA zones. The browser bridge implements it
// with Intl.DateTimeFormat, so the wasm carries no zone database.
type Zones = hours.Zones
