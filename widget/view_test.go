package widget_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name.golden, or rewrites the file
// under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./widget -update to create it")
	assert.Equal(t, string(want), got, "%s differs; run go test ./widget -update if the change is intended", path)
}

// nopActions stands in for the widget behind a view rendered on its own.
type nopActions struct{}

func (nopActions) Accept() bool                                                { return true }
func (nopActions) Decline(string) bool                                         { return true }
func (nopActions) StartChat(widget.ChatOptions)                                {}
func (nopActions) SubmitPrechat(map[string]string) bool                        { return false }
func (nopActions) SubmitOffline(map[string]string) bool                        { return false }
func (nopActions) Rate(bool, widget.Rating, map[string]string) bool            { return false }
func (nopActions) ClosePane()                                                  {}
func (nopActions) Send(string) error                                           { return nil }
func (nopActions) Minimize()                                                   {}
func (nopActions) ConfirmClose()                                               {}
func (nopActions) CancelClose()                                                {}
func (nopActions) Typing()                                                     {}
func (nopActions) NewChat()                                                    {}
func (nopActions) Attach(widget.File, func(int64, int64), func(string)) func() { return func() {} }
func (nopActions) Preview(chat.Attachment, func(string))                       {}
func (nopActions) Save(chat.Attachment)                                        {}

func newView(t *testing.T) (*widget.DOMView, *domtest.Doc) {
	t.Helper()
	doc := domtest.New()
	v := widget.NewDOMView(doc)
	v.Bind(nopActions{})
	return v, doc
}

// subtree serializes the element with the given id.
func subtree(t *testing.T, doc *domtest.Doc, id string) string {
	t.Helper()
	n := doc.ByID(id)
	require.NotNil(t, n, "no #%s in\n%s", id, domtest.Serialize(doc.RootNode()))
	return domtest.Serialize(n)
}

func TestInvitationGolden(t *testing.T) {
	customized := widget.DefaultTexts()
	customized.HideSubtitle = true
	customized.Title = "Need a hand?"
	customized.CloseLabel = "Dismiss the invitation"
	customized.StartButton, customized.StartLabel = "Talk to us", "Start a chat with an agent"

	tests := []struct {
		golden  string
		message string
		texts   widget.Texts
	}{
		{"invitation", widget.DefaultMessage, widget.DefaultTexts()},
		{"invitation_markup_message", `<img src=x onerror="window.__pwned=1">`, widget.DefaultTexts()},
		{"invitation_customized", "Free shipping today!", customized},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			v, doc := newView(t)
			v.ShowInvitation(call(tt.message), tt.texts)
			golden(t, tt.golden, subtree(t, doc, "oc-lcw-proactivechat"))
		})
	}
}

func TestInvitationMessageIsText(t *testing.T) {
	const msg = `<img src=x onerror="window.__pwned=1">`
	v, doc := newView(t)
	v.ShowInvitation(call(msg), widget.DefaultTexts())

	body := doc.ByID("oc-lcw-proactivechat-bodytitle")
	require.NotNil(t, body)
	require.Len(t, body.Children(), 1)
	assert.True(t, body.Children()[0].IsText())
	assert.Equal(t, msg, body.Text())
	assert.Contains(t, domtest.Serialize(body), "\n  \""+msg+"\"\n")
	assert.NotContains(t, tags(doc.RootNode()), "img", "no element was made from the message")
}

// tags lists the tag of n and of every element below it.
func tags(n *domtest.Node) []string {
	out := []string{n.Tag()}
	for _, c := range n.Children() {
		out = append(out, tags(c)...)
	}
	return out
}

func TestHiddenInvitationParts(t *testing.T) {
	texts := widget.DefaultTexts()
	texts.HideTitle, texts.HideSubtitle, texts.HideBodyTitle = true, true, true
	texts.HideStart, texts.HideClose = true, true
	v, doc := newView(t)
	v.ShowInvitation(call("hi"), texts)
	for _, part := range []string{"title", "subtitle", "bodytitle", "startbutton", "closebutton"} {
		assert.Nil(t, doc.ByID("oc-lcw-proactivechat-"+part), part)
	}
	v.HideInvitation()
	v.HideInvitation()
	assert.Nil(t, doc.ByID("oc-lcw-proactivechat"))
}

func TestPaneGolden(t *testing.T) {
	tests := []struct {
		golden string
		id     string
		show   func(v *widget.DOMView)
	}{
		{"prechat", "oc-lcw-prechat", func(v *widget.DOMView) { v.ShowPrechat(fullSurvey) }},
		{"prechat_problems", "oc-lcw-prechat", func(v *widget.DOMView) {
			v.ShowPrechat(fullSurvey)
			v.PrechatProblems(map[string]string{"email": "Please enter an email address like name@example.com."})
		}},
		{"chat", "oc-lcw-chat", func(v *widget.DOMView) {
			// as the widget shows it: with its minimize button
			v.ShowChat(widget.ChatPane{Proactive: true, Notice: widget.NoServiceNotice, Minimize: true})
		}},
		{"chat_close_text", "oc-lcw-chat", func(v *widget.DOMView) {
			v.ShowChat(widget.ChatPane{Notice: widget.NoServiceNotice, CloseText: "End chat", Minimize: true})
		}},
		{"outofhours", "oc-lcw-outofhours", func(v *widget.DOMView) { v.ShowOutOfHours(widget.DefaultOutOfHoursMessage) }},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			v, doc := newView(t)
			tt.show(v)
			golden(t, tt.golden, subtree(t, doc, tt.id))
		})
	}
}

func TestEmptySurveyFocusesHeading(t *testing.T) {
	v, doc := newView(t)
	require.NotPanics(t, func() { v.ShowPrechat(nil) })
	assert.Equal(t, doc.ByID("oc-lcw-prechat-title"), doc.FocusedNode())
}

func TestRootGolden(t *testing.T) {
	v, doc := newView(t)
	v.Launcher(true)
	v.Launcher(true)
	v.ShowInvitation(call("hi"), widget.DefaultTexts())
	v.Announce("Welcome to Live chat support! hi")
	golden(t, "root", domtest.Serialize(doc.RootNode()))

	v.Launcher(false)
	v.HideInvitation()
	v.Announce("")
	assert.Equal(t, `<div id="oc-lcw-live" class="lcw-sr" aria-live="polite" aria-atomic="true">
<div class="lcw-dock">
`, domtest.Serialize(doc.RootNode()))
}

func TestOnePaneAtATime(t *testing.T) {
	v, doc := newView(t)
	v.ShowPrechat(fullSurvey)
	v.ShowChat(widget.ChatPane{Notice: "n"})
	v.ShowOutOfHours("closed")
	dock := doc.RootNode().Children()[1]
	require.Len(t, dock.Children(), 1)
	assert.Equal(t, doc.ByID("oc-lcw-outofhours"), dock.Children()[0])
	assert.Equal(t, doc.ByID("oc-lcw-outofhours-title"), doc.FocusedNode())

	v.PrechatProblems(map[string]string{"name": "x"}) // no survey open: nothing to mark
	v.ClosePane()
	v.ClosePane()
	assert.Empty(t, dock.Children())
	assert.False(t, strings.Contains(domtest.Serialize(doc.RootNode()), "lcw-pane"))
}
