package widget

import "github.com/lcwasm/lcwasm/internal/instant"

// DefaultMessage is the invitation's text when the page gives none.
const DefaultMessage = "Hi! Have any questions? I'm here to help"

// InvitationLifetime is how long an invitation stays up when nobody acts on
// it. Microsoft's admin documentation fixes it at one minute; it is not
// configurable.
const InvitationLifetime = instant.Minute

// MaxMessageLength is the longest invitation text accepted, in characters:
// startProactiveChat refuses a longer one, and a rule's message that its
// {{attributes}} make longer is shown cut to this length, "…" included.
const MaxMessageLength = 1000

// Source names what raised an invitation: a page call or a rule.
type Source struct {
	Kind   string // SourceCall or SourceRule
	RuleID string // set when Kind is SourceRule
	// Variant is the id of the rule's invitation variant shown (an A/B
	// test of its text); "" for a rule with one text.
	Variant string
}

// The kinds of Source.
const (
	SourceCall = "startProactiveChat"
	SourceRule = "rule"
)

// Invitation is one proactive chat invitation.
type Invitation struct {
	Message     string
	ShowPrechat bool
	InNewWindow bool
	Source      Source
}

// origin names what raised the invitation, for console messages.
func (inv Invitation) origin() string {
	if inv.Source.Kind == SourceRule {
		return "the invitation of rule \"" + inv.Source.RuleID + "\""
	}
	return "startProactiveChat"
}

// detail is the payload of the lcw:proactiveChat* events.
func (inv Invitation) detail() map[string]any {
	d := map[string]any{"source": inv.Source.Kind, "message": inv.Message}
	if inv.Source.RuleID != "" {
		d["ruleId"] = inv.Source.RuleID
	}
	if inv.Source.Variant != "" {
		d["variant"] = inv.Source.Variant
	}
	return d
}

// Texts are the invitation's fixed texts, after the page's customization
// callback (proactiveChatPaneProps.controlProps) has had its say.
type Texts struct {
	Title          string
	Subtitle       string
	DefaultMessage string
	StartButton    string
	StartLabel     string // accessible name of the start button
	CloseLabel     string // accessible name of the close button
	PaneLabel      string // accessible name of the invitation
	HideTitle      bool
	HideSubtitle   bool
	HideBodyTitle  bool
	HideStart      bool
	HideClose      bool
}

// DefaultTexts are the texts of Microsoft's default proactive chat pane.
func DefaultTexts() Texts {
	return Texts{
		Title:          "Welcome to",
		Subtitle:       "Live chat support!",
		DefaultMessage: DefaultMessage,
		StartButton:    "Chat Now",
		StartLabel:     "Chat Now",
		CloseLabel:     "Close",
		PaneLabel:      "Chat invitation",
	}
}
