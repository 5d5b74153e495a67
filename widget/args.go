package widget

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/runes"
)

// ParseProactiveArgs checks the arguments of
// startProactiveChat(notificationUIConfig, showPrechat, {inNewWindow}) and
// returns the invitation they ask for. notificationUIConfig may be an object
// with a string message, a plain string (Microsoft's own sample passes one),
// or absent; an empty or blank message means the default text. showPrechat defaults
// to true (Microsoft's documentation) and inNewWindow to false. The error
// names the argument at fault, and then the Invitation is the zero value.
func ParseProactiveArgs(args []any, texts Texts) (Invitation, error) {
	inv, err := proactiveArgs(args, texts)
	if err != nil {
		return Invitation{}, err
	}
	return inv, nil
}

func proactiveArgs(args []any, texts Texts) (Invitation, error) {
	inv := Invitation{ShowPrechat: true, Source: Source{Kind: SourceCall}}
	msg, err := proactiveMessage(arg(args, 0))
	if err != nil {
		return inv, err
	}
	if runes.Blank(msg) {
		msg = texts.DefaultMessage
	}
	if n := utf8.RuneCountInString(msg); n > MaxMessageLength {
		return inv, errors.New("widget: startProactiveChat: the message is " + strconv.Itoa(n) + " characters long; the limit is " + strconv.Itoa(MaxMessageLength))
	}
	inv.Message = msg
	if v := arg(args, 1); !absent(v) {
		b, ok := v.(bool)
		if !ok {
			return inv, errors.New("widget: startProactiveChat: showPrechat (argument 2) must be a boolean, got " + TypeName(v))
		}
		inv.ShowPrechat = b
	}
	inv.InNewWindow, err = inNewWindow(arg(args, 2), "startProactiveChat", "argument 3")
	return inv, err
}

func proactiveMessage(v any) (string, error) {
	switch v := v.(type) {
	case nil, Undefined:
		return "", nil
	case string:
		return v, nil
	case map[string]any:
		m, ok := v["message"]
		if !ok || absent(m) {
			return "", nil
		}
		if s, ok := m.(string); ok {
			return s, nil
		}
		return "", errors.New("widget: startProactiveChat: notificationUIConfig.message must be a string, got " + TypeName(m))
	}
	return "", errors.New("widget: startProactiveChat: notificationUIConfig (argument 1) must be an object like {message: \"…\"} or a string, got " + TypeName(v))
}

func inNewWindow(v any, method, name string) (bool, error) {
	if absent(v) {
		return false, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false, errors.New("widget: " + method + ": options (" + name + ") must be an object like {inNewWindow: true}, got " + TypeName(v))
	}
	w, ok := m["inNewWindow"]
	if !ok || absent(w) {
		return false, nil
	}
	b, ok := w.(bool)
	if !ok {
		return false, errors.New("widget: " + method + ": inNewWindow must be a boolean, got " + TypeName(w))
	}
	return b, nil
}

// ChatOptions are startChat's options.
type ChatOptions struct {
	InNewWindow   bool
	CustomContext map[string]any
	FromLauncher  bool // the visitor pressed the chat button (not an SDK call)
	// Invitation is, in a pop-out window, the invitation whose acceptance
	// opened it (from the opener): the chat then starts as proactive.
	Invitation Source
	// InvitationText is that invitation's message: the chat's first line
	// (none when "" or longer than MaxMessageLength).
	InvitationText string
}

// ParseStartChatArgs checks startChat({inNewWindow, customContext}). The
// error names the option at fault, and then the options are the zero
// value.
func ParseStartChatArgs(args []any) (ChatOptions, error) {
	var o ChatOptions
	v := arg(args, 0)
	var err error
	if o.InNewWindow, err = inNewWindow(v, "startChat", "argument 1"); err != nil {
		return ChatOptions{}, err
	}
	if m, ok := v.(map[string]any); ok {
		switch c := m["customContext"].(type) {
		case nil, Undefined:
		case map[string]any:
			o.CustomContext = c
		default:
			return ChatOptions{}, errors.New("widget: startChat: customContext must be an object, got " + TypeName(c))
		}
	}
	return o, nil
}

// ErrNotFunction is returned by the provider setters for anything that is
// not a function; the SDK throws it as a TypeError.
var ErrNotFunction = errors.New("must be a function")
