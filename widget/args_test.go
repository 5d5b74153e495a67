package widget_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
)

func TestParseProactiveArgs(t *testing.T) {
	undef := widget.Undefined{}
	obj := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	def := widget.DefaultMessage
	long := strings.Repeat("é", widget.MaxMessageLength)
	tests := []struct {
		name        string
		args        []any
		message     string
		showPrechat bool
		inNewWindow bool
		err         string // a part of the error, "" for none
	}{
		{"no args", nil, def, true, false, ""},
		{"undefined", []any{undef}, def, true, false, ""},
		{"null", []any{nil}, def, true, false, ""},
		{"empty object", []any{obj()}, def, true, false, ""},
		{"empty message", []any{obj("message", "")}, def, true, false, ""},
		{"blank message", []any{obj("message", " \n\t ")}, def, true, false, ""},
		{"blank string", []any{"   "}, def, true, false, ""},
		{"invisible message", []any{obj("message", "\u200b\u200d\ufeff")}, def, true, false, ""},
		{"null message", []any{obj("message", nil)}, def, true, false, ""},
		{"message", []any{obj("message", "x")}, "x", true, false, ""},
		{"string", []any{"Need help?"}, "Need help?", true, false, ""},
		{"empty string", []any{""}, def, true, false, ""},
		{"markup kept as text", []any{"<b>hi</b>"}, "<b>hi</b>", true, false, ""},
		{"1000 characters", []any{long}, long, true, false, ""},
		{"showPrechat false", []any{obj(), false}, def, false, false, ""},
		{"showPrechat null is the default", []any{obj(), nil}, def, true, false, ""},
		{"inNewWindow", []any{undef, undef, obj("inNewWindow", true)}, def, true, true, ""},
		{"options without inNewWindow", []any{undef, true, obj()}, def, true, false, ""},
		{"null options", []any{undef, true, nil}, def, true, false, ""},
		{"number", []any{5.0}, "", false, false, "notificationUIConfig (argument 1) must be an object like {message: \"…\"} or a string, got number"},
		{"array", []any{[]any{"hi"}}, "", false, false, "(argument 1) must be an object like {message: \"…\"} or a string, got array"},
		{"function", []any{widget.Function{}}, "", false, false, "(argument 1) must be an object like {message: \"…\"} or a string, got function"},
		{"boolean", []any{true}, "", false, false, "(argument 1) must be an object like {message: \"…\"} or a string, got boolean"},
		{"symbol", []any{widget.Opaque{Type: "symbol"}}, "", false, false, "(argument 1) must be an object like {message: \"…\"} or a string, got symbol"},
		{"message not a string", []any{obj("message", 5.0)}, "", false, false, "notificationUIConfig.message must be a string, got number"},
		{"showPrechat a string", []any{obj(), "yes"}, "", false, false, "showPrechat (argument 2) must be a boolean, got string"},
		{"options not an object", []any{obj(), true, true}, "", false, false, "options (argument 3) must be an object like {inNewWindow: true}, got boolean"},
		{"inNewWindow not a boolean", []any{obj(), true, obj("inNewWindow", "yes")}, "", false, false, "inNewWindow must be a boolean, got string"},
		{"message too long", []any{long + "!"}, "", false, false, "the message is 1001 characters long; the limit is 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := widget.ParseProactiveArgs(tt.args, widget.DefaultTexts())
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				assert.True(t, strings.HasPrefix(err.Error(), "widget: startProactiveChat: "), err.Error())
				return
			}
			require.NoError(t, err)
			want := widget.Invitation{Message: tt.message, ShowPrechat: tt.showPrechat, InNewWindow: tt.inNewWindow,
				Source: widget.Source{Kind: widget.SourceCall}}
			assert.Equal(t, want, inv)
		})
	}
}

func TestParseProactiveArgsCustomDefault(t *testing.T) {
	texts := widget.DefaultTexts()
	texts.DefaultMessage = "Bonjour !"
	inv, err := widget.ParseProactiveArgs(nil, texts)
	require.NoError(t, err)
	assert.Equal(t, "Bonjour !", inv.Message)
}

func TestParseStartChatArgs(t *testing.T) {
	ctx := map[string]any{"plan": "gold"}
	tests := []struct {
		name string
		args []any
		want widget.ChatOptions
		err  string
	}{
		{"no args", nil, widget.ChatOptions{}, ""},
		{"null", []any{nil}, widget.ChatOptions{}, ""},
		{"inNewWindow", []any{map[string]any{"inNewWindow": true}}, widget.ChatOptions{InNewWindow: true}, ""},
		{"customContext", []any{map[string]any{"customContext": ctx}}, widget.ChatOptions{CustomContext: ctx}, ""},
		{"options not an object", []any{"x"}, widget.ChatOptions{}, "widget: startChat: options (argument 1) must be an object like {inNewWindow: true}, got string"},
		{"inNewWindow not a boolean", []any{map[string]any{"inNewWindow": 1.0}}, widget.ChatOptions{}, "widget: startChat: inNewWindow must be a boolean, got number"},
		{"customContext not an object", []any{map[string]any{"customContext": []any{}}}, widget.ChatOptions{}, "widget: startChat: customContext must be an object, got array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := widget.ParseStartChatArgs(tt.args)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
