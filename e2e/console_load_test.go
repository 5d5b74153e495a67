package e2e

import (
	"fmt"
	"github.com/lcwasm/lcwasm/internal/wire"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// consoleServer starts a server of the test's own with the demo widgets,
// one agent account, user (password: the user name), and n conversations
// already queued in its store (an anonymous flood), with no start limit:
// the console's queue is this test's alone.
func consoleServer(t *testing.T, user string, n int) string {
	t.Helper()
	hash, err := testHash(user)
	require.NoError(t, err)
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	at := time.Now()
	for i := range n {
		_, _, _, err := st.Start(t.Context(), "lcw-demo", fmt.Sprint("flood-", i), "s", []byte(
			`{"pageUrl":"https://shop.example/`+strings.Repeat("p", 200)+`","prechat":{"name":"flood `+fmt.Sprint(i)+`"}}`), at)
		require.NoError(t, err)
	}
	h, err := server.New(server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir), Widgets: server.DemoWidgets(),
		Logger: slog.New(slog.DiscardHandler), Store: st,
		Agents: []agent.Account{{User: user, Name: "Agent " + user, PasswordHash: hash}},
		// No abandonment within the test: on a slow run the flood would
		// leave the queue before the count is checked.
		Chat: srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1, AbandonAfter: time.Hour},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { h.Shutdown(t.Context()) })
	return srv.URL
}

// signInOn signs user in on the agent console of the server at base.
func signInOn(t *testing.T, tb *tab, base, user string) {
	t.Helper()
	release := signInSlot()
	defer release()
	tb.do(chromedp.Navigate(base+"/agent"), sendKeys("#user", user), sendKeys("#password", user),
		chromedp.Submit("#signin-form"))
	waitJS(t, tb.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
}

// longTasks records the page's long tasks (over 50 ms of main thread):
// window.__long(since) is the longest after performance.now() since.
const longTasks = `window.__tasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); })
	.observe({type: "longtask", buffered: true});
window.__long = (since) => Math.max(0, ...window.__tasks.filter(([s]) => s >= since).map(([, d]) => d));`

// TestConsoleStaysResponsiveWithFiveThousandQueuedChats: 5,000 chats wait
// when the agent signs in, and 500 more visitors start and leave while the
// console is open. The queue arrives whole once and then as deltas that
// patch the list, so no later main-thread task is long (the list was
// rebuilt per queue frame: 35–69 s stalls), and a real visitor's chat is
// accepted promptly.
func TestConsoleStaysResponsiveWithFiveThousandQueuedChats(t *testing.T) {
	t.Parallel()
	const queued, burst = 5000, 500
	base := consoleServer(t, "erin", queued)
	agentTab := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agentTab.addScript(longTasks)
	signInOn(t, agentTab, base, "erin")
	began := time.Now()
	waitJS(t, agentTab.ctx, `document.querySelectorAll("#queue li").length === `+fmt.Sprint(queued), waitTimeout)
	t.Logf("5,000 queued chats listed %v after sign-in; longest task so far %.0f ms", time.Since(began),
		evalJS[float64](agentTab, `window.__long(0)`))
	mark := evalJS[float64](agentTab, `performance.now()`)

	// A burst: visitors start and leave (each start adds an item, each
	// departure updates it).
	var wg sync.WaitGroup
	for w := range 5 {
		wg.Go(func() {
			for i := w; i < burst; i += 5 {
				v := dialVisitorAt(t, base, "lcw-demo")
				v.send(t, map[string]any{"type": wire.Start, "cid": "s", "visitor": map[string]any{"id": fmt.Sprint("burst-", i)}})
				v.expect(t, wire.Started)
				v.ws.CloseNow()
			}
		})
	}
	wg.Wait()
	real := dialVisitorAt(t, base, "lcw-demo")
	name := fmt.Sprint("Real visitor ", time.Now().UnixNano()%1_000_000) // within the 64 characters a name keeps
	real.send(t, map[string]any{"type": wire.Start, "cid": "s", "visitor": map[string]any{"id": "real"},
		"context": map[string]any{"prechat": map[string]any{"name": name}}})
	real.expect(t, wire.Started)
	asked := time.Now()
	entry := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(name) + `))`
	waitJS(t, agentTab.ctx, `!!`+entry, waitTimeout)
	agentTab.eval(entry + `.querySelector("button").click()`)
	real.expect(t, wire.AgentJoined)
	accepted := time.Since(asked)
	longest := evalJS[float64](agentTab, fmt.Sprintf(`window.__long(%f)`, mark))
	waitJS(t, agentTab.ctx, fmt.Sprintf(`document.querySelectorAll("#queue li").length === %d`, queued+burst), waitTimeout)
	n := evalJS[int](agentTab, `document.querySelectorAll("#queue li").length`)
	t.Logf("after %d more starts: accepted %v after the start; longest main-thread task %.0f ms; %d listed",
		burst, accepted, longest, n)
	// 1.1–2.5 s alone; 5.4 s once in a full -race run of the suite, where
	// the race detector slows the server's side several times. The bound
	// is for "the accept still goes through"; the stall is judged below.
	assert.Less(t, accepted, 15*time.Second, "the accept went through")
	// 0–460 ms measured alone, up to 2.6 s with -race tests hogging the
	// 2-core machine; the list rebuilt per queue frame stalled it 35–69 s.
	assert.Less(t, longest, 5000.0, "no long main-thread stall while the queue changes")
	assert.Equal(t, queued+burst, n, "every waiting chat listed once (the accepted one left)")
}

// TestConsoleVisitorTextStaysInItsPlace: a 10,000-character unbroken name
// (cut to 64 by the server and the console) and a 2,048-character page
// URL leave the End button on screen; a name with U+202E (right-to-left
// override) does not reverse the console's own text beside it; a stack of
// combining marks stays within its item.
func TestConsoleVisitorTextStaysInItsPlace(t *testing.T) {
	t.Parallel()
	base := consoleServer(t, "erin", 0)
	agentTab := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	signInOn(t, agentTab, base, "erin")

	start := func(id, name, page string) *visitorWS {
		v := dialVisitorAt(t, base, "lcw-demo")
		v.send(t, map[string]any{"type": wire.Start, "cid": "s", "visitor": map[string]any{"id": id},
			"context": map[string]any{"pageUrl": page, "prechat": map[string]any{"name": name}}})
		v.expect(t, wire.Started)
		return v
	}
	long := start("long", strings.Repeat("W", 10_000), "https://shop.example/"+strings.Repeat("u", 3000))
	start("marks", "Z"+strings.Repeat("\u0301\u0300\u0302", 15)+"algo", "")
	rlo := start("rlo", "\u202eBob", "")
	waitJS(t, agentTab.ctx, `document.querySelectorAll("#queue li").length === 3`, waitTimeout)

	itemHeight := evalJS[float64](agentTab, `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes("algo")).getBoundingClientRect().height`)
	assert.Less(t, itemHeight, 160.0, "the combining marks stay within a short item")
	marks := evalJS[int](agentTab, `[...[...document.querySelectorAll("#queue li .who bdi")].find(b => b.textContent.includes("algo")).textContent].filter(c => /\p{M}/u.test(c)).length`)
	assert.Equal(t, 2, marks, "a stack of combining marks keeps two")

	// The long one: accept it, send a message, and check the End button.
	agentTab.eval(`[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes("WWWW")).querySelector("button").click()`)
	long.expect(t, wire.AgentJoined)
	long.send(t, map[string]any{"type": wire.Send, "cid": "m1", "text": strings.Repeat("X", 3000)})
	long.expect(t, wire.Ack)
	waitJS(t, agentTab.ctx, `document.querySelectorAll("#transcript li").length === 1 && !document.querySelector("#end").hidden`, waitTimeout)
	type box struct{ Left, Right, Top, Bottom, VW, VH float64 }
	end := evalJS[box](agentTab, `(() => { const r = document.querySelector("#end").getBoundingClientRect();
		return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, VW: innerWidth, VH: innerHeight}; })()`)
	assert.True(t, end.Left >= 0 && end.Right <= end.VW && end.Top >= 0 && end.Bottom <= end.VH, "End on screen: %+v", end)
	scroll := evalJS[float64](agentTab, `document.documentElement.scrollWidth - innerWidth`)
	assert.LessOrEqual(t, scroll, 0.0, "nothing widens the page")
	assert.Equal(t, 64, evalJS[int](agentTab, `[...document.querySelector("#conv-title bdi").textContent].length`),
		"the name cut to 64 characters")

	// The end confirmation is in the page, keyboard-operable: Escape keeps
	// the chat and focus returns to End.
	agentTab.eval(`document.querySelector("#end").focus(); document.querySelector("#end").click()`)
	waitJS(t, agentTab.ctx, `document.querySelector("#end-dialog").open && document.activeElement.id === "end-confirm"`, waitTimeout)
	agentTab.pressEscape()
	waitJS(t, agentTab.ctx, `!document.querySelector("#end-dialog").open && document.activeElement.id === "end"`, waitTimeout)

	// U+202E: the visitor's message line "‮Bob · 12:34" keeps the
	// console's " · 12:34" in order, left to right, after the name.
	agentTab.eval(`[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes("Bob")).querySelector("button").click()`)
	rlo.expect(t, wire.AgentJoined)
	rlo.send(t, map[string]any{"type": wire.Send, "cid": "m1", "text": "hello"})
	rlo.expect(t, wire.Ack)
	waitJS(t, agentTab.ctx, `document.querySelector("#conv-title")?.textContent.includes("Bob") && document.querySelectorAll("#transcript li").length === 1`, waitTimeout)
	order := evalJS[map[string]float64](agentTab, `(() => {
		const by = document.querySelector("#transcript li .by");
		const name = by.querySelector("bdi").getBoundingClientRect();
		const text = [...by.childNodes].find(n => n.nodeType === 3);
		const r = document.createRange();
		r.setStart(text, 3); r.setEnd(text, 4); const first = r.getBoundingClientRect();
		r.setStart(text, text.length - 1); r.setEnd(text, text.length); const last = r.getBoundingClientRect();
		return {nameRight: name.right, first: first.left, last: last.left};
	})()`)
	assert.Less(t, order["first"], order["last"], "the time's digits left to right: %v", order)
	assert.LessOrEqual(t, order["nameRight"], order["first"]+0.5, "the time after the name: %v", order)
}
