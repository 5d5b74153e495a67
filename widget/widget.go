package widget

import (
	"strconv"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/events"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/runes"
)

// Widget is one page's widget. Its methods are the SDK's semantics; call
// them from one goroutine (the browser's event loop).
type Widget struct {
	cfg       Config
	d         Deps
	phase     Phase
	inv       Invitation   // the pending or showing invitation
	visible   bool         // the page is visible
	shown     instant.Time // when the invitation became visible
	answers   map[string]string
	start     ChatStart // what the open (or coming) chat starts with
	live      bool      // a conversation with the chat service is running
	minimized bool      // the chat pane is folded away
	// confirming: the X asked whether to end the running chat.
	confirming bool
	avail      avail // what the Desk said of the agents for the chat being opened
	asked      int   // counts the questions, so a late answer for a closed pane is ignored
	waiting    bool  // the chat pane waits for the Desk's answer to start
	sending    bool  // a left message is on its way
	rating     bool  // a rating is on its way
	uploads    int   // files on their way: while any, leaving asks first
}

// New returns a widget showing its launcher. The page is taken to be
// visible until SetVisible says otherwise.
func New(cfg Config, d Deps) *Widget {
	w := &Widget{cfg: cfg, d: d, visible: true}
	w.d.View.Launcher(!cfg.HideChatButton)
	return w
}

// Phase is where the widget is now.
func (w *Widget) Phase() Phase { return w.phase }

// Config is the configuration the widget runs with.
func (w *Widget) Config() Config { return w.cfg }

// Deadline is when the showing invitation closes by itself; ok is false
// when none is showing.
func (w *Widget) Deadline() (t instant.Time, ok bool) {
	if w.phase != Inviting {
		return 0, false
	}
	return w.shown.Add(InvitationLifetime), true
}

// Invite shows inv, the result of startProactiveChat or of a rule. It
// reports whether the invitation was taken (shown, or waiting for the page
// to become visible). It is ignored, with the reason logged, when proactive
// chat is disabled, an invitation is already up or due, or a chat, prechat
// or pop-out is in progress. An invitation past its minute counts as gone
// even when the wake-up that should have closed it was late.
func (w *Widget) Invite(inv Invitation) bool {
	w.Tick()
	switch {
	case !w.cfg.ProactiveEnabled:
		w.d.Log.Warn("lcwasm: " + inv.origin() + " ignored: proactive chat is not enabled for widget \"" + w.cfg.AppID + "\" (the site owner's proactiveChat.enabled setting is off)")
		return false
	case w.phase == Inviting || w.phase == Pending:
		w.d.Log.Debug("lcwasm: " + inv.origin() + " ignored: an invitation is already showing or waiting for the page to be visible")
		return false
	case w.phase.busy():
		w.d.Log.Debug("lcwasm: " + inv.origin() + " ignored: the widget is " + w.phase.String())
		return false
	}
	w.inv = inv
	if n := utf8.RuneCountInString(inv.Message); n > MaxMessageLength {
		// Only a rule's message can get here (startProactiveChat refuses a
		// long one): its {{attributes}} are the page's values.
		w.inv.Message = runes.Prefix(inv.Message, MaxMessageLength-1) + "…"
		w.d.Log.Warn("lcwasm: " + inv.origin() + ": the message is " + strconv.Itoa(n) +
			" characters long; shown cut to " + strconv.Itoa(MaxMessageLength))
	}
	if !w.visible {
		w.phase = Pending
		w.d.Log.Debug("lcwasm: invitation waits until the page is visible")
		return true
	}
	w.show()
	return w.phase == Inviting
}

// CodeNotMounted is the lcw:error code (Microsoft's "widget failed to
// load") for an invitation that could not be shown because the widget is
// no longer in the page and could not be put back.
const CodeNotMounted = 7

// Mounter is an optional part of a View: one that the page can take out
// of the document (removing #oc-lcw) puts itself back, or says why not.
type Mounter interface {
	Mount() error
}

// mounted puts the view back in the page if the page removed it, so that
// an invitation is never announced (lcw:proactiveChatShown) while nothing
// is on screen; when it cannot, lcw:error says so and it reports false.
func (w *Widget) mounted() bool {
	m, ok := w.d.View.(Mounter)
	if !ok {
		return true
	}
	err := m.Mount()
	if err == nil {
		return true
	}
	text := "widget: " + w.inv.origin() + " not shown: the widget is not in the page and could not be put back: " + err.Error()
	w.d.Log.Error("lcwasm: " + text)
	w.d.Events.Emit(events.Error, map[string]any{"errorCode": CodeNotMounted, "errorDescription": text})
	return false
}

func (w *Widget) show() {
	if !w.mounted() {
		w.phase, w.inv = Idle, Invitation{}
		return
	}
	w.phase = Inviting
	t := w.cfg.Texts
	w.d.View.ShowInvitation(w.inv, t) // first: it sees whether the launcher has focus
	w.d.View.Launcher(false)
	w.d.View.Announce(announcement(w.inv, t))
	// The minute starts once the invitation is drawn, not before.
	w.shown = w.d.Clock.Now()
	w.d.Timer.WakeAt(w.shown.Add(InvitationLifetime))
	w.shownNow(w.shown.Add(InvitationLifetime))
	w.d.Events.Emit(events.ProactiveChatShown, w.inv.detail())
}

func announcement(inv Invitation, t Texts) string {
	s := inv.Message
	if !t.HideSubtitle {
		s = t.Subtitle + " " + s
	}
	if !t.HideTitle {
		s = t.Title + " " + s
	}
	return s
}

// SetVisible records whether the page is visible. Becoming visible first
// lets an overdue invitation expire, then shows one that was waiting.
func (w *Widget) SetVisible(visible bool) {
	w.visible = visible
	if !visible {
		return
	}
	w.Tick()
	if w.phase == Pending {
		w.show()
	}
}

// Tick lets time pass: an invitation whose minute is up closes.
func (w *Widget) Tick() {
	dl, ok := w.Deadline()
	if !ok || w.d.Clock.Now().Before(dl) {
		return
	}
	w.dismiss()
	w.answered(TimedOut)
	w.d.Events.Emit(events.ProactiveChatTimedOut, w.inv.detail())
}

// Decline closes the invitation because the visitor chose to: how is
// "close" (the X button) or "escape". It reports whether one was showing.
// After the X, whose button is gone, focus goes to the launcher; Escape
// pressed outside the widget leaves focus where the visitor is.
func (w *Widget) Decline(how string) bool {
	return w.decline(how, how == "close")
}

// decline closes the invitation; refocus moves focus to the launcher that
// takes its place.
func (w *Widget) decline(how string, refocus bool) bool {
	if w.phase != Inviting {
		return false
	}
	w.dismiss()
	if refocus {
		w.d.View.FocusLauncher()
	}
	d := w.inv.detail()
	d["how"] = how
	w.answered(Declined)
	w.d.Events.Emit(events.ProactiveChatDeclined, d)
	return true
}

// dismiss takes the invitation down and brings the launcher back.
func (w *Widget) dismiss() {
	w.phase = Idle
	w.d.Timer.WakeAt(0)
	w.d.View.HideInvitation()
	w.d.View.Announce("")
	w.d.View.Launcher(!w.cfg.HideChatButton)
}

// Escape is the visitor pressing Escape, and reports whether the widget
// used the key. inWidget says focus was inside the widget; the browser
// bridge reports a key pressed elsewhere only when it belongs to nobody on
// the page (focus on no page element and no page dialog open), so the
// widget never takes Escape from the page's own menus and dialogs.
//
// Escape declines a showing invitation (focus then goes to the launcher
// when it was on the invitation's buttons, which are gone). With focus in
// an open pane it folds the chat away (minimize, never ending it) or closes
// the prechat survey or out-of-hours pane, and focus goes back where it
// came from. A chat pane without a minimize button keeps the key.
func (w *Widget) Escape(inWidget bool) bool {
	switch {
	case w.phase == Inviting:
		return w.decline("escape", inWidget)
	case !inWidget:
		return false
	case w.confirming:
		w.CancelClose()
		return true
	case w.phase == Prechat || w.phase == OutOfHours || w.phase == Offline:
		w.ClosePane()
		return true
	case w.phase == Chatting && !w.minimized && w.canMinimize():
		w.Minimize()
		return true
	}
	return false
}

// canMinimize reports whether the chat pane has a minimize button.
func (w *Widget) canMinimize() bool {
	return !w.cfg.HideMinimize && !w.cfg.RenderMobile && !w.cfg.Popout
}
