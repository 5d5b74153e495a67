package widget_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

func TestDecodeAttachments(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want widget.Attachments
		errs []string
	}{
		{"absent: the default", `{}`, widget.Attachments{}, nil},
		{"narrowed", `{"attachments": {"types": ["image/png", "application/pdf", "image/png"], "maxBytes": 2000000}}`,
			widget.Attachments{Types: []string{"image/png", "application/pdf"}, MaxBytes: 2000000}, nil},
		{"off", `{"attachments": {"enabled": false}}`, widget.Attachments{Off: true}, nil},
		{"no types is off too", `{"attachments": {"types": []}}`, widget.Attachments{Types: []string{}}, nil},
		{"no types while enabled", `{"attachments": {"enabled": true, "types": []}}`, widget.Attachments{Types: []string{}},
			[]string{`widget: attachments.types: want at least one type while "enabled" is true (or "enabled": false to take no files)`}},
		{"no types while off", `{"attachments": {"enabled": false, "types": []}}`, widget.Attachments{Off: true, Types: []string{}}, nil},
		{"a type the server does not take", `{"attachments": {"types": ["application/zip", "image/gif"]}}`,
			widget.Attachments{Types: []string{"image/gif"}},
			[]string{`widget: attachments.types[0]: want one of image/png, image/jpeg, image/gif, image/webp, application/pdf, got "application/zip"`}},
		{"more than the server takes", `{"attachments": {"maxBytes": 20000000}}`, widget.Attachments{},
			[]string{"widget: attachments.maxBytes: want a number from 1 to 10485760, got number"}},
		{"an unknown key", `{"attachments": {"maxSize": 1}}`, widget.Attachments{}, []string{"widget: attachments.maxSize: unknown field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg widget.Config
			errs := widget.DecodeConfig(&cfg, tree(t, tt.src))
			var got []string
			for _, err := range errs {
				got = append(got, err.Error())
			}
			assert.Equal(t, tt.errs, got)
			assert.Equal(t, tt.want, cfg.Attachments)
		})
	}
}

func TestAttachmentsRefuse(t *testing.T) {
	def := widget.Attachments{}
	pngOnly := widget.Attachments{Types: []string{"image/png"}, MaxBytes: 1000}
	tests := []struct {
		name  string
		a     widget.Attachments
		f     widget.File
		wantC string
	}{
		{"a PNG", def, widget.File{Name: "a.png", Type: "image/png", Size: 5 << 20}, ""},
		{"exactly 10 MiB", def, widget.File{Name: "a.pdf", Type: "application/pdf", Size: 10 << 20}, ""},
		{"one byte over", def, widget.File{Name: "a.pdf", Type: "application/pdf", Size: 10<<20 + 1}, "too_big"},
		{"a program", def, widget.File{Name: "setup.exe", Type: "application/x-msdownload", Size: 10}, "type"},
		{"no type the browser knows", def, widget.File{Name: "x", Size: 10}, "type"},
		{"the widget's own limit", pngOnly, widget.File{Name: "a.png", Type: "image/png", Size: 1001}, "too_big"},
		{"the widget's own types", pngOnly, widget.File{Name: "a.pdf", Type: "application/pdf", Size: 10}, "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantC, tt.a.Refuse(tt.f))
		})
	}
	assert.True(t, def.Enabled())
	assert.False(t, widget.Attachments{Types: []string{}}.Enabled())
	assert.Equal(t, "PNG, JPEG, GIF, WebP, PDF", def.TypeList())
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 850: "850 B", 1024: "1 KB", 1500: "2 KB", 3_500_000: "3.4 MB",
		10 << 20: "10 MB", 1 << 20: "1 MB"} {
		assert.Equal(t, want, widget.Size(n), "%d", n)
	}
}

// The composer's attach button opens the chooser; a refused file says
// why in the send box's problem line; an accepted one shows its progress
// until the service has it; files in the conversation show as a
// thumbnail (an image, fetched once) or a download button.
func TestAttachInThePane(t *testing.T) {
	h, conv, v := liveHarness(t, enabled())
	h.node(t, "oc-lcw-chat-button").Fire("click")
	attach := h.node(t, "oc-lcw-chat-attach")
	label, _ := attach.Attr("aria-label")
	assert.Equal(t, "Attach a file", label)
	h.doc.ClearLog()
	attach.Fire("click")
	assert.Contains(t, h.doc.Log(), "pick "+h.node(t, "oc-lcw-chat-file").String())

	file := h.node(t, "oc-lcw-chat-file")
	problem := h.node(t, "oc-lcw-chat-problem")
	file.SetFiles(widget.File{Name: "setup.exe", Type: "application/x-msdownload", Size: 10})
	file.Fire("change")
	assert.Equal(t, "setup.exe can't be sent: you can send PNG, JPEG, GIF, WebP, PDF files.", problem.Text())
	assert.Empty(t, conv.attached, "refused before it is sent")
	file.SetFiles(widget.File{Name: "huge.png", Type: "image/png", Size: 11 << 20})
	file.Fire("change")
	assert.Equal(t, "huge.png is too big: files can be up to 10 MB.", problem.Text())

	file.SetFiles(widget.File{Name: "cat.png", Type: "image/png", Size: 200})
	file.Fire("change")
	assert.Empty(t, problem.Text())
	require.Len(t, conv.attached, 1)
	bar := findTag(h.node(t, "oc-lcw-chat-transcript"), "progress")
	require.NotNil(t, bar, "the upload shows its progress")
	conv.progress(100, 200)
	value, _ := bar.Attr("value")
	assert.Equal(t, "100", value)
	conv.finish("")
	assert.False(t, bar.Connected(), "the progress goes when the service has the file")

	file.SetFiles(widget.File{Name: "dog.png", Type: "image/png", Size: 200})
	file.Fire("change")
	conv.finish("conversation_full")
	assert.Equal(t, "This chat can't take more files.", problem.Text())

	// An upload on its way can be cancelled: its labelled button stops
	// it, focus stays in the send box, and the problem line says so.
	file.SetFiles(widget.File{Name: "fish.png", Type: "image/png", Size: 200})
	file.Fire("change")
	stop := findTag(h.node(t, "oc-lcw-chat-transcript"), "button")
	require.NotNil(t, stop, "the upload has a cancel button")
	label, _ = stop.Attr("aria-label")
	assert.Equal(t, "Cancel sending fish.png", label)
	assert.Equal(t, "Cancel", stop.Text())
	stop.Fire("click")
	assert.Equal(t, 1, conv.cancelled)
	assert.False(t, stop.Connected(), "the upload's line goes")
	assert.Equal(t, "fish.png was not sent: you cancelled it.", problem.Text())
	assert.Equal(t, "fish.png was not sent: you cancelled it.", h.node(t, "oc-lcw-live").Text(), "and screen readers hear it")
	assert.Same(t, attach, h.doc.FocusedNode(), "focus on the attach button, described by the problem line")
	file.SetFiles(widget.File{Name: "fail.png", Type: "image/png", Size: 200})
	file.Fire("change")
	conv.finish(widget.AttachFailed)
	assert.Equal(t, "fail.png could not be sent. Please try again.", problem.Text())
	assert.Equal(t, "fail.png could not be sent. Please try again.", h.node(t, "oc-lcw-live").Text())

	img := chat.Attachment{ID: "a1", Name: "cat.png", Type: "image/png", Size: 200}
	v.Message(chat.Message{CID: "attachment-a1", Seq: 1, From: "visitor", Text: "cat.png", State: chat.Sent, Attachment: img}, "")
	v.Message(chat.Message{CID: "attachment-a1", Seq: 1, From: "visitor", Text: "cat.png", State: chat.Sent, Attachment: img}, "")
	assert.Equal(t, []string{"a1"}, conv.fetched, "fetched once however often it is shown")
	conv.preview("blob:https://shop.example/1")
	thumb := findTag(h.node(t, "oc-lcw-chat-transcript"), "img")
	require.NotNil(t, thumb)
	src, _ := thumb.Attr("src")
	alt, _ := thumb.Attr("alt")
	assert.Equal(t, "blob:https://shop.example/1", src)
	assert.Equal(t, "cat.png", alt)

	pdf := chat.Attachment{ID: "a2", Name: "r.pdf", Type: "application/pdf", Size: 1500}
	v.Message(chat.Message{Seq: 2, From: "agent", Name: "Sam", Text: "r.pdf", State: chat.Received, Attachment: pdf}, "")
	link := findTag(h.node(t, "oc-lcw-chat-transcript"), "button")
	require.NotNil(t, link)
	assert.Equal(t, "Download r.pdf (2 KB)", link.Text())
	link.Fire("click")
	assert.Equal(t, []string{"a2"}, conv.saved)
}

// A widget that takes no files has no attach button.
func TestNoAttachButtonWhenOff(t *testing.T) {
	cfg := enabled()
	cfg.Attachments.Off = true
	h, _, _ := liveHarness(t, cfg)
	h.node(t, "oc-lcw-chat-button").Fire("click")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-attach"))
}

// findTag is the first element with tag under n, depth first.
func findTag(n *domtest.Node, tag string) *domtest.Node {
	for _, c := range n.Children() {
		if c.Tag() == tag {
			return c
		}
		if f := findTag(c, tag); f != nil {
			return f
		}
	}
	return nil
}

// fakeLeave records what the widget asks of the page's leave guard.
type fakeLeave struct{ asks []bool }

func (l *fakeLeave) AskBeforeLeaving(on bool) { l.asks = append(l.asks, on) }

// The page asks before the visitor leaves it from the moment the first
// file starts uploading until the last one has ended, however it ended
// (stored, refused by the service, failed); refusals the widget makes
// before sending never ask, and a conversation answering twice counts once.
func TestLeavingAsksWhileFilesUpload(t *testing.T) {
	png := func(name string) widget.File { return widget.File{Name: name, Type: "image/png", Size: 200} }
	tests := []struct {
		name  string
		run   func(h *harness, conv *fakeConversation, attach func(widget.File))
		asks  []bool
		after int
	}{
		{"nothing uploads", func(h *harness, conv *fakeConversation, attach func(widget.File)) {}, nil, 0},
		{"refused before it goes", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(widget.File{Name: "setup.exe", Type: "application/x-msdownload", Size: 10})
			attach(widget.File{Name: "huge.png", Type: "image/png", Size: 11 << 20})
		}, nil, 0},
		{"one stored", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			require.Equal(t, 1, h.w.Uploads())
			conv.dones[0]("")
		}, []bool{true, false}, 0},
		{"one failed", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			conv.dones[0]("failed")
		}, []bool{true, false}, 0},
		{"one refused by the service", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			conv.dones[0]("conversation_full")
		}, []bool{true, false}, 0},
		{"two at once: off when the last ends", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			attach(png("b.png"))
			conv.dones[1]("")
			require.Equal(t, 1, h.w.Uploads(), "one still on its way")
			conv.dones[0]("failed")
		}, []bool{true, false}, 0},
		{"one after another", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			conv.dones[0]("")
			attach(png("b.png"))
			conv.dones[1]("")
		}, []bool{true, false, true, false}, 0},
		{"an answer twice counts once", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			attach(png("b.png"))
			conv.dones[0]("failed")
			conv.dones[0]("failed")
		}, []bool{true}, 1},
		{"one cancelled", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
			findTag(h.node(t, "oc-lcw-chat-transcript"), "button").Fire("click")
		}, []bool{true, false}, 0},
		{"still on its way", func(h *harness, conv *fakeConversation, attach func(widget.File)) {
			attach(png("a.png"))
		}, []bool{true}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, conv, leave := leaveHarness(t)
			h.node(t, "oc-lcw-chat-button").Fire("click")
			file := h.node(t, "oc-lcw-chat-file")
			tt.run(h, conv, func(f widget.File) { file.SetFiles(f); file.Fire("change") })
			assert.Equal(t, tt.asks, leave.asks)
			assert.Equal(t, tt.after, h.w.Uploads())
		})
	}
}

// leaveHarness is liveHarness with a leave guard.
func leaveHarness(t *testing.T) (*harness, *fakeConversation, *fakeLeave) {
	t.Helper()
	cfg := enabled()
	cfg.Chat = true
	conv, leave := &fakeConversation{}, &fakeLeave{}
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	v := widget.NewDOMView(h.doc)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: conv, Leave: leave})
	v.Bind(h.w)
	return h, conv, leave
}
