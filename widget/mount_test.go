package widget_test

import (
	"errors"
	"testing"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
	"github.com/stretchr/testify/assert"
)

// detachableDoc is a document the page can take out: Mount puts it back,
// or fails with err.
type detachableDoc struct {
	*domtest.Doc
	mounts int
	err    error
}

func (d *detachableDoc) Mount() error {
	d.mounts++
	return d.err
}

func mountHarness(t *testing.T, err error) (*harness, *detachableDoc) {
	t.Helper()
	h := newHarness(t, enabled())
	doc := &detachableDoc{Doc: h.doc, err: err}
	v := widget.NewDOMView(doc)
	h.w = widget.New(enabled(), widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events, Log: h.log, Opener: h.opener, Zones: h.zones})
	v.Bind(h.w)
	return h, doc
}

// TestInvitationMountsTheWidget: an invitation puts a widget the page
// removed back before it shows; when it cannot, lcw:error (code 7) and no
// lcw:proactiveChatShown for an invitation nobody sees.
func TestInvitationMountsTheWidget(t *testing.T) {
	t.Run("put back", func(t *testing.T) {
		h, doc := mountHarness(t, nil)
		assert.True(t, h.w.Invite(call("Hi")))
		assert.Equal(t, 1, doc.mounts)
		assert.Contains(t, h.events.names(), "lcw:proactiveChatShown")
	})
	t.Run("cannot be put back", func(t *testing.T) {
		h, doc := mountHarness(t, errors.New("no document element"))
		assert.False(t, h.w.Invite(call("Hi")))
		assert.Equal(t, 1, doc.mounts)
		assert.NotContains(t, h.events.names(), "lcw:proactiveChatShown")
		assert.Equal(t, widget.Idle, h.w.Phase())
		e := h.events.last("lcw:error")
		if assert.NotNil(t, e) {
			assert.Equal(t, widget.CodeNotMounted, e["errorCode"])
			assert.Contains(t, e["errorDescription"], "startProactiveChat not shown")
		}
		doc.err = nil
		assert.True(t, h.w.Invite(call("Hi")), "a later call shows once it can")
	})
	t.Run("waiting for the page to be visible", func(t *testing.T) {
		h, doc := mountHarness(t, errors.New("gone"))
		h.w.SetVisible(false)
		assert.True(t, h.w.Invite(call("Hi")), "waits")
		h.w.SetVisible(true)
		assert.NotContains(t, h.events.names(), "lcw:proactiveChatShown")
		assert.Equal(t, widget.Idle, h.w.Phase())
		assert.Equal(t, 1, doc.mounts)
	})
}
