package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden renders views in Chromium, serializes them from the shadow root
// in the format of widget/domtest.Serialize, and compares them with the
// golden files the widget's render tests check against the recording fake:
// the same view, proven in the fake and in the browser.
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string // widget/testdata/<golden>.golden
		page   string
		args   string // startProactiveChat arguments
		accept bool   // click "Chat Now" and compare the pane id
		id     string
	}{
		{golden: "invitation", page: "on.html", id: idInvitation},
		{golden: "invitation_markup_message", page: "on.html",
			args: `{message: '<img src=x onerror="window.__pwned=1">'}`, id: idInvitation},
		{golden: "invitation_customized", page: "customized.html",
			args: `"Free shipping today!"`, id: idInvitation},
		{golden: "chat", page: "on.html", accept: true, id: idChat},
		{golden: "prechat", page: "prechat.html", accept: true, id: idPrechat},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join("..", "widget", "testdata", tt.golden+".golden"))
			require.NoError(t, err)

			tb := openPage(t, tt.page)
			tb.startProactiveChat(tt.args)
			tb.waitShown(idInvitation)
			if tt.accept {
				tb.click(idStart)
			}
			tb.waitShown(tt.id)
			tb.settle()
			got := evalJS[string](tb, fmt.Sprintf(`__e2e.serialize(%q)`, tt.id))
			assert.Equal(t, string(want), got, "#%s in Chromium differs from widget/testdata/%s.golden", tt.id, tt.golden)
		})
	}
}
