package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChatAttachmentAsksBeforeLeaving: while a file is on its way (held
// before it reaches the server), reloading the page makes Chromium ask
// first (its beforeunload dialog); staying, the upload goes on and its
// thumbnail shows. A second upload cancelled from the keyboard says so
// in the problem line, with focus back on the attach button; once
// nothing uploads, a reload asks nothing.
func TestChatAttachmentAsksBeforeLeaving(t *testing.T) {
	t.Parallel()
	visitor, _ := visitorWithAgent(t, "zoe", "/e2e/chat.html")
	cat := writeFile(t, t.TempDir(), "cat.png", pngOf(t, 320, 200))

	// Uploads wait for the test to let them go; dialogs are recorded.
	held := make(chan *fetch.EventRequestPaused, 4)
	dialogs := make(chan page.DialogType, 4)
	lctx, cancel := context.WithCancel(visitor.ctx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Listen(lctx, func(ev any) {
		switch e := ev.(type) {
		case *fetch.EventRequestPaused:
			select {
			case held <- e:
			default:
			}
		case *page.EventJavascriptDialogOpening:
			select {
			case dialogs <- e.Type:
			default:
			}
		}
	}))
	visitor.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
			{URLPattern: "*/attachments?name=*", RequestStage: fetch.RequestStageRequest}}})
		return err
	})
	let := func(id fetch.RequestID) {
		visitor.call(func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
			return err
		})
	}
	// holdUpload lets a CORS preflight through and returns the upload's id.
	holdUpload := func() fetch.RequestID {
		for {
			select {
			case e := <-held:
				if e.Request.Method == http.MethodPost {
					return e.RequestID
				}
				let(e.RequestID)
			case <-time.After(waitTimeout):
				t.Fatal("e2e: the upload never left the page")
			}
		}
	}

	visitor.eval(`window.__page = "before"`)
	chooseFile(t, visitor, func() { visitor.click("oc-lcw-chat-attach") }, cat)
	upload := holdUpload()
	waitJS(t, visitor.ctx, `__e2e.root().querySelectorAll("progress").length === 1`, waitTimeout)
	assert.Equal(t, "Cancel sending cat.png", evalJS[string](visitor, `__e2e.root().querySelector(".lcw-upload button").getAttribute("aria-label")`))
	visitor.assertAccessible("a file on its way")

	// Reloading asks first; staying keeps the page and its upload.
	visitor.eval(`setTimeout(() => location.reload(), 0)`)
	select {
	case typ := <-dialogs:
		assert.Equal(t, page.DialogTypeBeforeunload, typ)
	case <-time.After(waitTimeout):
		t.Fatal("e2e: reloading during an upload asked nothing")
	}
	visitor.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		return err
	})
	assert.Equal(t, "before", evalJS[string](visitor, `window.__page`), "the visitor stayed on the page")
	let(upload)
	waitJS(t, visitor.ctx, `(() => { const i = __e2e.root().querySelector("#oc-lcw-chat-transcript img.lcw-image");
		return !!i && i.complete && i.naturalWidth === 320; })()`, waitTimeout)
	waitJS(t, visitor.ctx, `__e2e.root().querySelectorAll("progress").length === 0`, waitTimeout)
	assert.Empty(t, visitor.text("oc-lcw-chat-problem"))

	// Cancelled from the keyboard: the line goes, the problem line says so.
	chooseFile(t, visitor, func() { visitor.click("oc-lcw-chat-attach") }, cat)
	holdUpload() // never let go
	waitJS(t, visitor.ctx, `!!__e2e.root().querySelector(".lcw-upload button")`, waitTimeout)
	visitor.eval(`__e2e.root().querySelector(".lcw-upload button").focus()`)
	visitor.press(kb.Enter)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-problem") === "cat.png was not sent: you cancelled it."`, waitTimeout)
	assert.Zero(t, evalJS[int](visitor, `__e2e.root().querySelectorAll(".lcw-upload").length`), "the upload's line went")
	assert.Equal(t, "widget #oc-lcw-chat-attach", visitor.focus())
	visitor.assertAccessible("a cancelled upload")

	// Nothing on its way: the reload goes without a question.
	visitor.eval(`setTimeout(() => location.reload(), 0)`)
	waitJS(t, visitor.ctx, `window.__page === undefined && document.readyState === "complete"`, waitTimeout)
	visitor.waitReady()
	select {
	case typ := <-dialogs:
		t.Errorf("e2e: a reload with nothing uploading asked (%s)", typ)
	default:
	}
}
