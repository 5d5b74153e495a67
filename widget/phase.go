package widget

// Phase is where the widget is in its lifecycle.
type Phase int

// The phases. Only Idle accepts a new invitation.
const (
	Idle       Phase = iota // the launcher, nothing open
	Pending                 // an invitation waits for the page to be visible
	Inviting                // the invitation is showing
	Prechat                 // the prechat survey is open
	Chatting                // the chat pane is open
	OutOfHours              // the out-of-hours message is open
	PoppedOut               // the chat runs in a pop-out window
	Offline                 // no agent: the leave-a-message form is open
)

var phaseNames = [...]string{"idle", "pending", "inviting", "prechat", "chatting", "out-of-hours", "popped-out", "offline"}

func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return "unknown"
}

// busy reports whether a chat, prechat or pop-out is in progress.
func (p Phase) busy() bool {
	return p == Prechat || p == Chatting || p == OutOfHours || p == PoppedOut || p == Offline
}
