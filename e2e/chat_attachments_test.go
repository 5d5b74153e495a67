package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChatAttachments: the visitor attaches a PNG from the keyboard and
// sees its upload, then its thumbnail; the agent sees the thumbnail and
// attaches a PDF, which the visitor gets as a download; a program, a file
// over 10 MB and one whose bytes are not what its name says are refused
// with a clear reason; after a reload both still show. The attach
// button's paperclip is an SVG icon in the button's colour, light, dark
// and with forced colours.
func TestChatAttachments(t *testing.T) {
	t.Parallel()
	visitor, agent := visitorWithAgent(t, "otto", "/e2e/chat.html")
	dir := t.TempDir()
	cat := writeFile(t, dir, "cat.png", pngOf(t, 320, 200))
	receipt := writeFile(t, dir, "receipt.pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
	setup := writeFile(t, dir, "setup.exe", []byte("MZ\x90\x00 a program"))
	fake := writeFile(t, dir, "fake.png", []byte("<html>not an image</html>"))
	big := writeFile(t, dir, "big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...))

	// The progress bar as it came and went (an upload on loopback is
	// quick): recorded by an observer of the widget's shadow root.
	visitor.eval(`(() => {
		window.__progress = [];
		new MutationObserver(() => {
			for (const p of __e2e.root().querySelectorAll("progress"))
				window.__progress.push({max: p.max, label: p.getAttribute("aria-label")});
		}).observe(__e2e.root(), {subtree: true, childList: true, attributes: true});
		window.__saved = [];
		const click = HTMLAnchorElement.prototype.click;
		HTMLAnchorElement.prototype.click = function () {
			if (this.download) { window.__saved.push({name: this.download, href: this.href}); return; }
			return click.call(this);
		};
	})()`)

	// From the keyboard: Tab from the message box reaches the attach
	// button, labelled, 44 px; Enter opens the chooser.
	visitor.click("oc-lcw-chat-input")
	assert.Equal(t, "widget #oc-lcw-chat-attach", visitor.tab(false))
	visitor.assertFocusVisible()
	assert.Equal(t, "Attach a file", evalJS[string](visitor, `__e2e.el("oc-lcw-chat-attach").getAttribute("aria-label")`))
	assert.GreaterOrEqual(t, func() float64 { r := visitor.rect("oc-lcw-chat-attach"); return r.Bottom - r.Top }(), 44.0)
	visitor.assertIcon("light", "oc-lcw-chat-attach", "Attach a file")
	chooseFile(t, visitor, func() { visitor.press(kb.Enter) }, cat)
	waitJS(t, visitor.ctx, `(() => { const i = __e2e.root().querySelector("#oc-lcw-chat-transcript img.lcw-image");
		return !!i && i.src.startsWith("blob:") && i.complete && i.naturalWidth === 320; })()`, waitTimeout)
	progress := evalJS[[]map[string]any](visitor, `window.__progress`)
	require.NotEmpty(t, progress, "the upload showed its progress")
	assert.Equal(t, "Sending cat.png", progress[0]["label"])
	assert.EqualValues(t, len(pngOf(t, 320, 200)), progress[0]["max"])
	assert.Equal(t, "cat.png", evalJS[string](visitor, `__e2e.root().querySelector("img.lcw-image").alt`))
	assert.Empty(t, evalJS[int](visitor, `__e2e.root().querySelectorAll("progress").length`), "and the bar went")

	// The agent sees the thumbnail, from /agent/attachments/….
	waitJS(t, agent.ctx, `(() => { const i = document.querySelector("#transcript img.thumb");
		return !!i && i.complete && i.naturalWidth === 320 && i.alt === "cat.png"; })()`, waitTimeout)

	// The agent attaches a PDF from the keyboard; the visitor gets a
	// download button that saves it under its name.
	agent.do(chromedp.Focus("#attach"))
	chooseFile(t, agent, func() { agent.press(kb.Enter) }, receipt)
	waitJS(t, agent.ctx, `[...document.querySelectorAll("#transcript a.attachment.file")].some(a => a.textContent.includes("receipt.pdf"))`, waitTimeout)
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll("button.lcw-file")].some(b => b.textContent.startsWith("Download receipt.pdf"))`, waitTimeout)
	// The page's lcw:onMessageReceived says it is a file: name, type, size.
	got := evalJS[map[string]any](visitor, `window.__lcwEvents.filter(e => e.type === "lcw:onMessageReceived" && e.detail.text === "receipt.pdf").pop()?.detail.attachment ?? null`)
	assert.Equal(t, map[string]any{"name": "receipt.pdf", "type": "application/pdf", "size": float64(len("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))}, got)
	visitor.eval(`[...__e2e.root().querySelectorAll("button.lcw-file")].find(b => b.textContent.includes("receipt.pdf")).click()`)
	waitJS(t, visitor.ctx, `window.__saved.length === 1`, waitTimeout)
	saved := evalJS[[]map[string]any](visitor, `window.__saved`)
	assert.Equal(t, "receipt.pdf", saved[0]["name"])
	assert.Regexp(t, `^blob:`, saved[0]["href"])
	visitor.assertAccessible("a thumbnail and a file in the transcript")
	agent.assertAccessible("the console with a thumbnail and a file")
	screenshot(visitor, "attachments-visitor")
	screenshot(agent, "attachments-agent")

	// Refused files say why, in the send box's problem line.
	for _, tt := range []struct{ path, want string }{
		{setup, "setup.exe can't be sent: you can send PNG, JPEG, GIF, WebP, PDF files."},
		{big, "big.pdf is too big: files can be up to 10 MB."},
		{fake, "fake.png can't be sent: you can send PNG, JPEG, GIF, WebP, PDF files."}, // the server looked at its bytes
	} {
		chooseFile(t, visitor, func() { visitor.click("oc-lcw-chat-attach") }, tt.path)
		waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-problem") === `+jsString(tt.want), waitTimeout)
	}
	visitor.assertAccessible("a refused file")
	visitor.darkMode(true)
	visitor.assertIcon("dark", "oc-lcw-chat-attach", "Attach a file")
	visitor.assertAccessible("a refused file, dark")
	screenshot(visitor, "dark-attachments-visitor")
	visitor.forcedColors(true)
	visitor.assertIcon("forced colours", "oc-lcw-chat-attach", "Attach a file")
	// The accent background is forced away: Send keeps an edge of its own.
	assert.Equal(t, "1px solid", evalJS[string](visitor, `(s => s.borderTopWidth + " " + s.borderTopStyle)(getComputedStyle(__e2e.el("oc-lcw-chat-send")))`),
		"Send has an edge under forced colours")
	screenshot(visitor, "forced-colors-attachments-visitor")
	visitor.forcedColors(false)

	// Nothing is lost on a reload, on either side.
	visitor.reload()
	visitor.waitReady()
	waitJS(t, visitor.ctx, `(() => { const r = __e2e.root(), i = r?.querySelector("img.lcw-image");
		return !!i && i.complete && i.naturalWidth === 320 &&
			[...r.querySelectorAll("button.lcw-file")].some(b => b.textContent.includes("receipt.pdf")); })()`, waitTimeout)
	agent.do(chromedp.Reload())
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	waitJS(t, agent.ctx, `!!document.querySelector("#mine button") && (document.querySelector("#mine button").click(), true)`, waitTimeout)
	waitJS(t, agent.ctx, `(() => { const i = document.querySelector("#transcript img.thumb");
		return !!i && i.complete && i.naturalWidth === 320 &&
			!!document.querySelector("#transcript a.attachment.file[download='receipt.pdf']"); })()`, waitTimeout)
}

// chooseFile answers the file chooser that open makes the tab show with
// path, as the visitor picking it would.
func chooseFile(t *testing.T, tb *tab, open func(), path string) {
	t.Helper()
	opened := make(chan cdp.BackendNodeID, 1)
	lctx, cancel := context.WithCancel(tb.ctx)
	defer cancel()
	require.NoError(t, chromedp.Listen(lctx, func(ev any) {
		if e, ok := ev.(*page.EventFileChooserOpened); ok {
			select {
			case opened <- e.BackendNodeID:
			default:
			}
		}
	}))
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	})
	open()
	var node cdp.BackendNodeID
	select {
	case node = <-opened:
	case <-time.After(waitTimeout):
		t.Fatal("e2e: no file chooser opened")
	}
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: []string{path}, BackendNodeID: node})
		return err
	})
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

// pngOf is a w×h PNG of stripes.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 160, 255})
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}
