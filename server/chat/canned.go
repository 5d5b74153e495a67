package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// Canned is a canned response: typed as "/" + Shortcut in the console's
// reply box, inserted as Text, where {visitor.name} and {agent.name}
// become the conversation's visitor and agent.
type Canned struct {
	Shortcut string `json:"shortcut"`
	Text     string `json:"text"`
}

// Limits of canned responses, shared ones (a widget's "cannedResponses")
// and each agent's personal ones alike.
const (
	MaxCanned         = 100 // responses in one list
	MaxShortcutLength = 32  // characters of a shortcut: a-z, 0-9, "-" and "_"
)

// CheckCanned says what is wrong with a canned response, or nil.
func CheckCanned(c Canned) error {
	if c.Shortcut == "" || len(c.Shortcut) > MaxShortcutLength {
		return fmt.Errorf("chat: shortcut: want 1 to %d characters", MaxShortcutLength)
	}
	for _, r := range c.Shortcut {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errors.New("chat: shortcut: want lower-case letters a-z, digits, - and _ only")
		}
	}
	if !utf8.ValidString(c.Text) || strings.TrimSpace(c.Text) == "" {
		return errors.New("chat: text: empty")
	}
	if utf8.RuneCountInString(c.Text) > MaxTextRunes {
		return fmt.Errorf("chat: text: longer than %d characters", MaxTextRunes)
	}
	return nil
}

// ParseCanned reads a widget's "cannedResponses": an array of at most
// MaxCanned {"shortcut", "text"} objects with distinct shortcuts. It
// returns the good ones and a problem per bad one, each naming its path
// ("cannedResponses[2].shortcut: …").
func ParseCanned(raw json.RawMessage) ([]Canned, []error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, []error{errors.New("cannedResponses: want an array of {\"shortcut\", \"text\"}")}
	}
	var out []Canned
	var errs []error
	seen := map[string]bool{}
	for i, item := range items {
		path := fmt.Sprintf("cannedResponses[%d]", i)
		if i >= MaxCanned {
			errs = append(errs, fmt.Errorf("cannedResponses: want at most %d responses", MaxCanned))
			break
		}
		var c Canned
		dec := json.NewDecoder(strings.NewReader(string(item)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			errs = append(errs, fmt.Errorf("%s: want {\"shortcut\", \"text\"} (strings, no other field)", path))
			continue
		}
		if err := CheckCanned(c); err != nil {
			errs = append(errs, fmt.Errorf("%s.%s", path, strings.TrimPrefix(err.Error(), "chat: ")))
			continue
		}
		if seen[c.Shortcut] {
			errs = append(errs, fmt.Errorf("%s.shortcut: %q is already the shortcut of an earlier response", path, c.Shortcut))
			continue
		}
		seen[c.Shortcut] = true
		out = append(out, c)
	}
	return out, errs
}

// cannedFrame is an agent's personal canned responses.
type cannedFrame struct {
	Type  string   `json:"type"`
	Items []Canned `json:"items"`
}

// sendCanned sends the agent's personal canned responses to one console,
// or (to nil) to every console of the agent.
func (a *agentConn) sendCanned(ctx context.Context, to *conn) {
	list, err := a.h.o.Store.CannedResponses(ctx, a.user)
	if err != nil {
		a.h.o.Logger.Error("chat: canned responses", "err", err)
		return
	}
	f := cannedFrame{Type: wire.Canned, Items: make([]Canned, 0, len(list))}
	for _, c := range list {
		f.Items = append(f.Items, Canned{Shortcut: c.Shortcut, Text: c.Text})
	}
	if to != nil {
		to.send(f)
		return
	}
	a.h.toAgent(a.user, f, nil)
}

// saveCanned adds or replaces one of the agent's canned responses.
func (a *agentConn) saveCanned(ctx context.Context, f in) {
	c := Canned{Shortcut: f.Shortcut, Text: f.Text}
	if err := CheckCanned(c); err != nil {
		a.c.send(errFrame(wire.ErrBadRequest, strings.TrimPrefix(err.Error(), "chat: ")))
		return
	}
	n, err := a.h.o.Store.CannedCount(ctx, a.user, c.Shortcut)
	if err == nil && n >= MaxCanned {
		a.c.send(errFrame(wire.ErrLimit, fmt.Sprintf("at most %d canned responses", MaxCanned)))
		return
	}
	if err := a.h.o.Store.SaveCanned(ctx, a.user, c.Shortcut, c.Text, a.h.o.Now()); err != nil {
		a.c.send(errFrame(a.h.storeError(err), ""))
		return
	}
	a.sendCanned(ctx, nil)
}

// deleteCanned removes one of the agent's canned responses.
func (a *agentConn) deleteCanned(ctx context.Context, f in) {
	if err := a.h.o.Store.DeleteCanned(ctx, a.user, f.Shortcut); err != nil {
		a.c.send(errFrame(a.h.storeError(err), ""))
		return
	}
	a.sendCanned(ctx, nil)
}

// sharedCanned is the widget's canned responses for a conversation.
func (h *Hub) sharedCanned(conv store.Conversation) []Canned {
	w, ok := h.o.Widget(conv.AppID)
	if !ok || w.Canned == nil {
		return []Canned{}
	}
	return w.Canned
}
