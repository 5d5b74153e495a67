package chat

import (
	"encoding/json"
	"time"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// in is any client frame; which fields matter depends on Type.
type in struct {
	Type         string              `json:"type"`
	CID          string              `json:"cid"`
	Visitor      struct{ ID string } `json:"visitor"`
	Context      json.RawMessage     `json:"context"`
	AuthToken    string              `json:"authToken"`
	Conversation string              `json:"conversation"`
	Token        string              `json:"token"`
	After        int64               `json:"after"`
	Text         string              `json:"text"`
	CSRF         string              `json:"csrf"`
	arrived      time.Time           // when the frame was read (metrics: send→ack)
	Status       string              `json:"status"`
	To           string              `json:"to"`
	Shortcut     string              `json:"shortcut"`
	Protocol     int                 `json:"protocol"`
}

// msgFrame is a message as sent to visitors and agents. At is Unix
// milliseconds. Conversation is set for agents only.
type msgFrame struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation,omitempty"`
	Seq          int64  `json:"seq"`
	From         string `json:"from"`
	Name         string `json:"name"`
	Text         string `json:"text"`
	At           int64  `json:"at"`
	CID          string `json:"cid,omitempty"`
	// Attachment is the file the message stands for; its Text is then
	// the file's name, which is what a client from before attachments
	// shows.
	Attachment *attachmentRef `json:"attachment,omitempty"`
}

// attachmentRef is a message's attachment as the frames spell it.
type attachmentRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

func messageFrame(m store.Message, forAgent bool) msgFrame {
	f := msgFrame{Type: wire.Message, Seq: m.Seq, From: m.From, Name: m.Name, Text: m.Text,
		At: m.At.UnixMilli(), CID: m.CID}
	if a := m.Attachment; a.ID != "" {
		f.Attachment = &attachmentRef{ID: a.ID, Name: m.Text, Type: a.Type, Size: a.Size}
	}
	if forAgent {
		f.Conversation = m.Conversation
	}
	return f
}

func messageFrames(ms []store.Message, forAgent bool) []msgFrame {
	out := make([]msgFrame, 0, len(ms))
	for _, m := range ms {
		out = append(out, messageFrame(m, forAgent))
	}
	return out
}

type startedFrame struct {
	Type         string `json:"type"`
	CID          string `json:"cid"`
	Conversation string `json:"conversation"`
	Token        string `json:"token"`
	State        string `json:"state"`
	Position     int    `json:"position"`
}

type resumedFrame struct {
	Type         string     `json:"type"`
	Conversation string     `json:"conversation"`
	State        string     `json:"state"`
	AgentName    string     `json:"agentName,omitempty"`
	EndedBy      string     `json:"endedBy,omitempty"`
	Messages     []msgFrame `json:"messages"`
}

type ackFrame struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation,omitempty"`
	CID          string `json:"cid"`
	Seq          int64  `json:"seq"`
	At           int64  `json:"at"`
}

type errorFrame struct {
	Type         string `json:"type"`
	Code         string `json:"code"`
	Message      string `json:"message,omitempty"`
	CID          string `json:"cid,omitempty"`
	Conversation string `json:"conversation,omitempty"`
}

func errFrame(code, msg string) errorFrame {
	return errorFrame{Type: wire.Error, Code: code, Message: msg}
}

type queueFrame struct {
	Type          string `json:"type"`
	Position      int    `json:"position"`
	AverageWaitMs int64  `json:"averageWaitMs"`
}

type endedFrame struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation,omitempty"`
	By           string `json:"by"`
}

type agentJoinedFrame struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// pageContext is what the agent sees of where a chat started, as both the
// start context and the Additional details spell it.
type pageContext struct {
	Proactive    bool                       `json:"proactive"`
	Source       string                     `json:"source"`
	RuleID       string                     `json:"ruleId"`
	Variant      string                     `json:"variant,omitempty"` // the rule's invitation variant (funnel)
	PageURL      string                     `json:"pageUrl"`
	Referrer     string                     `json:"referrer"`
	TimeOnPageMs int64                      `json:"timeOnPageMs"`
	Prechat      map[string]json.RawMessage `json:"prechat"`
	visitorDetails
	// Authenticated is set by the server from a verified authToken: the
	// visitor's verified identity, or null.
	Authenticated *Claims `json:"authenticated"`
}
