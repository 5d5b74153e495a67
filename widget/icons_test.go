package widget_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// The attach button and the two thumbs show SVG icons, built as SVG
// elements (no emoji, no markup), hidden from assistive technology and
// Tab, while the buttons keep their names; only the thumb down is turned.
func TestIconsAreSVG(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	h.node(t, "oc-lcw-chat-button").Fire("click")
	v.Ended("agent")
	tests := []struct {
		id, name, label string // the button, its name from its text or its aria-label
		transform       string
	}{
		{"oc-lcw-chat-attach", "", "Attach a file", "rotate(45 12 12)"},
		{"oc-lcw-chat-rate-good", "Good", "", ""},
		{"oc-lcw-chat-rate-bad", "Not good", "", "rotate(180 12 12)"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			b := h.node(t, tt.id)
			svg := findTag(b, "svg")
			require.NotNil(t, svg, "an <svg> in the button")
			assert.True(t, svg.SVG(), "made with CreateSVG, in the SVG namespace")
			assert.Equal(t, "true", attr(t, svg, "aria-hidden"))
			assert.Equal(t, "false", attr(t, svg, "focusable"))
			assert.Equal(t, "0 0 24 24", attr(t, svg, "viewBox"))
			assert.Equal(t, "lcw-icon", attr(t, svg, "class"))
			require.Len(t, svg.Children(), 1)
			path := svg.Children()[0]
			assert.Equal(t, "path", path.Tag())
			assert.True(t, path.SVG())
			assert.NotEmpty(t, attr(t, path, "d"))
			turn, _ := path.Attr("transform")
			assert.Equal(t, tt.transform, turn)
			assert.Equal(t, tt.name, b.Text(), "the button's text is its word alone")
			label, _ := b.Attr("aria-label")
			assert.Equal(t, tt.label, label)
		})
	}
	for _, emoji := range []string{"📎", "👍", "👎"} {
		assert.NotContains(t, domtest.Serialize(h.doc.RootNode()), emoji)
	}
}

// plainDoc is a Document that cannot create SVG elements.
type plainDoc struct{ widget.Document }

// A Document without SVG shows the buttons without icons, named as ever.
func TestIconsWithoutSVG(t *testing.T) {
	cfg := enabled()
	cfg.Chat = true
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	doc := plainDoc{h.doc}
	_, canSVG := any(doc).(widget.SVGMaker)
	require.False(t, canSVG)
	v := widget.NewDOMView(doc)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: &fakeConversation{}})
	v.Bind(h.w)
	h.node(t, "oc-lcw-chat-button").Fire("click")
	v.Ended("agent")
	attach := h.node(t, "oc-lcw-chat-attach")
	assert.Empty(t, attach.Children())
	assert.Equal(t, "Attach a file", attr(t, attach, "aria-label"))
	good := h.node(t, "oc-lcw-chat-rate-good")
	assert.Nil(t, findTag(good, "svg"))
	assert.Equal(t, "Good", good.Text())
}
