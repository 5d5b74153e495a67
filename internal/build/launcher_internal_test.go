package build

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget/domtest"
)

// TestLauncherHoles: a phrase that is a whole text node or attribute value
// becomes a hole, the same phrase twice the same hole; a phrase inside a
// longer text is refused, so such a view fails the build instead of
// stamping a button the runtime would not render.
func TestLauncherHoles(t *testing.T) {
	doc := domtest.New()
	b := doc.Create("button")
	b.SetAttr("aria-label", mark+"launcher"+markEnd)
	b.SetText(mark + "launcher" + markEnd)
	doc.Root().Append(b)
	var l Launcher
	tree, err := l.holes(doc.RootNode().Children())
	require.NoError(t, err)
	assert.Equal(t, []any{[]any{"button", []any{"aria-label", 0}, 0}}, tree)
	l.Tree = tree
	assert.Equal(t, []any{[]any{"button", []string{"aria-label", "Chat"}, "Chat"}}, l.Fill([]string{"Chat"}))

	b.SetText("Say " + mark + "unread" + markEnd)
	_, err = l.holes(doc.RootNode().Children())
	assert.ErrorContains(t, err, "build: the chat button says \"Say \\ue000unread\\ue001\"")
}
