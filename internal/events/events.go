// Package events names the lcw:* events the widget dispatches on window,
// in one place: the pure packages emit them (chat, widget), jsbridge
// dispatches them, and nothing decides anything by matching their names.
// The loader (assets/lcw.js) dispatches lcw:ready and its own lcw:error
// itself. What each carries is in docs (the SDK reference).
package events

// The invitation's life.
const (
	ProactiveChatShown    = "lcw:proactiveChatShown"
	ProactiveChatAccepted = "lcw:proactiveChatAccepted"
	ProactiveChatDeclined = "lcw:proactiveChatDeclined"
	ProactiveChatTimedOut = "lcw:proactiveChatTimedOut"
)

// The chat pane and the conversation.
const (
	StartChat       = "lcw:startChat"
	CloseChat       = "lcw:closeChat"
	OnClose         = "lcw:onClose"
	OnMinimize      = "lcw:onMinimize"
	OnMaximize      = "lcw:onMaximize"
	MessageSent     = "lcw:onMessageSent"
	MessageReceived = "lcw:onMessageReceived"
	ChatRetrieved   = "lcw:chatRetrieved"
	ChatQueued      = "lcw:chatQueued"
	ThreadUpdate    = "lcw:threadUpdate"
)

// The SDK and failures.
const (
	AgentAvailability = "lcw:getAgentAvailability"
	Error             = "lcw:error"
	Ready             = "lcw:ready"
)
