package widget_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
)

// fullSurvey has one field of every type.
var fullSurvey = []widget.Field{
	{Name: "name", Label: "Your name", Type: "text", Required: true},
	{Name: "email", Label: "Email", Type: "email", Required: true},
	{Name: "phone", Label: "Phone", Type: "tel"},
	{Name: "topic", Label: "Topic", Type: "select", Options: []string{"Billing", "Orders"}},
	{Name: "question", Label: "Question", Type: "textarea"},
	{Name: "consent", Label: "I agree to the terms", Type: "checkbox", Required: true},
}

func TestValidatePrechat(t *testing.T) {
	ok := map[string]string{"name": "Ada", "email": "ada@example.com", "consent": "on"}
	tests := []struct {
		name   string
		change map[string]string
		want   map[string]string
	}{
		{"all good", nil, map[string]string{}},
		{"optional fields may stay empty", map[string]string{"phone": "", "topic": "", "question": ""}, map[string]string{}},
		{"required text", map[string]string{"name": "  "}, map[string]string{"name": "Your name is required."}},
		{"required checkbox", map[string]string{"consent": ""}, map[string]string{"consent": "Please tick this box to continue."}},
		{"email without @", map[string]string{"email": "ada.example.com"}, map[string]string{"email": "Please enter an email address like name@example.com."}},
		{"email without a dot", map[string]string{"email": "ada@localhost"}, map[string]string{"email": "Please enter an email address like name@example.com."}},
		{"email with markup", map[string]string{"email": "<a>@example.com"}, map[string]string{"email": "Please enter an email address like name@example.com."}},
		{"phone", map[string]string{"phone": "+44 (20) 7946-0018"}, map[string]string{}},
		{"phone with letters", map[string]string{"phone": "call me"}, map[string]string{"phone": "Please enter a phone number using digits, spaces and + - ( )."}},
		{"phone too short", map[string]string{"phone": "123"}, map[string]string{"phone": "Please enter a phone number using digits, spaces and + - ( )."}},
		{"select option", map[string]string{"topic": "Orders"}, map[string]string{}},
		{"select off the list", map[string]string{"topic": "Hacking"}, map[string]string{"topic": "Please choose one of the options."}},
		{"2000 characters", map[string]string{"question": strings.Repeat("é", widget.MaxAnswerLength)}, map[string]string{}},
		{"too long", map[string]string{"question": strings.Repeat("é", widget.MaxAnswerLength+1)}, map[string]string{"question": "Please keep this under 2000 characters."}},
		{"several", map[string]string{"name": "", "email": "x"}, map[string]string{"name": "Your name is required.", "email": "Please enter an email address like name@example.com."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := map[string]string{}
			for k, v := range ok {
				values[k] = v
			}
			for k, v := range tt.change {
				values[k] = v
			}
			assert.Equal(t, tt.want, widget.ValidatePrechat(fullSurvey, values))
		})
	}
}

// prechatHarness is a widget with the full survey open.
func prechatHarness(t *testing.T) *harness {
	t.Helper()
	cfg := enabled()
	cfg.Prechat = fullSurvey
	h := newHarness(t, cfg)
	h.w.Invite(call("hello"))
	require.True(t, h.w.Accept())
	require.Equal(t, widget.Prechat, h.w.Phase())
	return h
}

// fieldID is the id of the survey's i-th control.
func fieldID(i int) string { return "oc-lcw-prechat-field-" + strconv.Itoa(i) }

// fill types values into the survey's controls.
func fill(t *testing.T, h *harness, values map[string]string) {
	t.Helper()
	for i, f := range fullSurvey {
		h.node(t, fieldID(i)).SetValue(values[f.Name])
	}
}

func TestPrechatSubmit(t *testing.T) {
	h := prechatHarness(t)
	assert.Equal(t, "oc-lcw-prechat-field-0", h.focusedID(), "the survey the visitor asked for takes focus")

	fill(t, h, map[string]string{"name": "Ada", "email": "nope", "phone": "x"})
	h.node(t, "oc-lcw-prechat-form").Fire("submit")

	assert.Equal(t, widget.Prechat, h.w.Phase(), "a failed submit keeps the form")
	assert.Equal(t, "oc-lcw-prechat-field-1", h.focusedID(), "focus goes to the first field to fix")
	wantInvalid := []string{"false", "true", "true", "false", "false", "true"}
	for i, want := range wantInvalid {
		id := fieldID(i)
		got, _ := h.node(t, id).Attr("aria-invalid")
		assert.Equal(t, want, got, "#%s aria-invalid", id)
	}
	assert.Equal(t, "Please enter an email address like name@example.com.", h.node(t, "oc-lcw-prechat-field-1-error").Text())
	assert.Equal(t, "Please tick this box to continue.", h.node(t, "oc-lcw-prechat-field-5-error").Text())
	assert.Empty(t, h.node(t, "oc-lcw-prechat-field-0-error").Children())
	assert.Nil(t, h.w.Answers())

	answers := map[string]string{"name": "Ada", "email": "ada@example.com", "consent": "on"}
	fill(t, h, answers)
	h.node(t, "oc-lcw-prechat-form").Fire("submit")

	assert.Equal(t, widget.Chatting, h.w.Phase())
	assert.Nil(t, h.doc.ByID("oc-lcw-prechat"))
	assert.Contains(t, h.node(t, "oc-lcw-chat").Text(), "Thanks for accepting", "still the accepted invitation's chat")
	for k, v := range answers {
		assert.Equal(t, v, h.w.Answers()[k])
	}

	h.w.CloseChat()
	assert.Nil(t, h.w.Answers(), "closing the chat forgets the answers")
	assert.False(t, h.w.SubmitPrechat(answers), "no survey open")
}
