package e2e

// The invitation funnel in Chromium against a server of each test's own
// (its store read back): every outcome reaches the counters exactly once,
// the beacon bodies hold the documented fields only, a holdout shows no
// invitation, a goal counts after one, and Global Privacy Control sends
// nothing.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// funnelSite is a server of one test's own: the suite's dist and fixture
// pages, one widget, a store to read, and every beacon body it was sent.
type funnelSite struct {
	url, app string
	st       *store.Store
	mu       sync.Mutex
	bodies   []map[string]any
}

func newFunnelSite(t *testing.T, rules string) *funnelSite {
	t.Helper()
	return newFunnelSiteWith(t, rules, "")
}

// newFunnelSiteWith is newFunnelSite whose widget configuration has more
// fields: extra is `"goals": […]`, say (or "").
func newFunnelSiteWith(t *testing.T, rules, extra string) *funnelSite {
	t.Helper()
	return newFunnelSiteOpts(t, rules, extra, nil)
}

// newFunnelSiteOpts is newFunnelSiteWith whose server options more
// changes (nil: none).
func newFunnelSiteOpts(t *testing.T, rules, extra string, more func(*server.Options)) *funnelSite {
	t.Helper()
	fs := &funnelSite{app: appID(t)}
	if extra != "" {
		extra = "," + extra
	}
	cfg := `{"appId":"` + fs.app + `","proactiveChat":{"enabled":true},"proactiveRules":` + rules + extra + `}`
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	fs.st = st
	opts := server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir), Store: st, Logger: slog.New(slog.DiscardHandler),
		Widgets:      map[string]json.RawMessage{fs.app: json.RawMessage(cfg)},
		Extra:        map[string]iofs.FS{"/e2e/": os.DirFS("testdata")},
		ConfigMaxAge: -1,
	}
	if more != nil {
		more(&opts)
	}
	h, err := server.New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/beacon") {
			b, _ := io.ReadAll(r.Body)
			var body map[string]any
			if json.Unmarshal(b, &body) == nil {
				fs.mu.Lock()
				fs.bodies = append(fs.bodies, body)
				fs.mu.Unlock()
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	fs.url = srv.URL
	return fs
}

// open loads the rules fixture page from the site in a fresh browser
// context, after setup (JS run before the page's scripts, or "").
func (fs *funnelSite) open(t *testing.T, setup string) *tab {
	t.Helper()
	tb := newRulesTab(t, rulesWidget{App: fs.app, Verbose: true})
	if setup != "" {
		tb.addScript(setup)
	}
	tb.do(chromedp.Navigate(fs.url + "/e2e/rules/page.html"))
	tb.waitReady()
	return tb
}

// leave navigates away: pagehide sends the last beacon.
func leave(tb *tab) { tb.do(chromedp.Navigate("about:blank")) }

func (fs *funnelSite) beacons() []map[string]any {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return slices.Clone(fs.bodies)
}

// counters reads the store's totals for today as "event[/reason] rule
// group[ goal]" -> n.
func (fs *funnelSite) counters(t *testing.T) map[string]int {
	t.Helper()
	day := funnel.Day(instant.From(time.Now()))
	got, err := fs.st.Counters(context.Background(), fs.app, day, day)
	require.NoError(t, err)
	out := map[string]int{}
	for _, e := range got {
		k := string(e.Event)
		if e.Reason != "" {
			k += "/" + string(e.Reason)
		}
		k += " " + e.Rule + " " + string(e.Group)
		if e.Goal != "" {
			k += " " + e.Goal
		}
		out[k] += e.N
	}
	return out
}

// waitCounter polls the store until key reaches n.
func (fs *funnelSite) waitCounter(t *testing.T, key string, n int) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for fs.counters(t)[key] < n {
		if time.Now().After(deadline) {
			t.Fatalf("counter %q never reached %d: %v", key, n, fs.counters(t))
		}
		time.Sleep(20 * time.Millisecond) // polling the store, not waiting for a condition blindly
	}
}

// checkFields fails on any beacon key funnel.md does not document.
func (fs *funnelSite) checkFields(t *testing.T) {
	t.Helper()
	top := []string{funnel.FieldCounters}
	fields := []string{funnel.FieldRule, funnel.FieldVariant, funnel.FieldGroup, funnel.FieldEvent,
		funnel.FieldReason, funnel.FieldGoal, funnel.FieldDay, funnel.FieldN}
	require.NotEmpty(t, fs.beacons(), "no beacon arrived")
	for _, b := range fs.beacons() {
		for k := range b {
			assert.Contains(t, top, k, "a beacon's top-level key")
		}
		list, _ := b[funnel.FieldCounters].([]any)
		assert.NotEmpty(t, list)
		for _, c := range list {
			for k, v := range c.(map[string]any) {
				assert.Contains(t, fields, k, "a counter's key")
				if k == funnel.FieldDay {
					assert.Equal(t, funnel.Day(instant.From(time.Now())), v, "the day, and nothing finer")
				}
			}
		}
	}
}

const funnelRule = `{"cooldown": 0, "rules": [{"id": "welcome", "conditions": []}]}`

// TestFunnelDeclinedByEscape: a rule's invitation shown and declined with
// Escape reaches the store's counters exactly once, and the beacons hold
// the documented fields only.
func TestFunnelDeclinedByEscape(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, funnelRule)
	tb := site.open(t, "")
	tb.waitRule("welcome")
	tb.pressEscape()
	tb.waitEvent("lcw:proactiveChatDeclined")
	leave(tb)
	site.waitCounter(t, "declined welcome ", 1)
	want := map[string]int{"eligible welcome treatment": 1, "shown welcome ": 1, "declined welcome ": 1,
		"held/limit welcome treatment": 1} // after it, its once-per-page limit holds it back
	assert.Equal(t, want, site.counters(t))
	site.checkFields(t)
}

// TestFunnelTimedOut: an invitation nobody answers times out after its
// minute and is counted as timed out, once.
func TestFunnelTimedOut(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, funnelRule)
	tb := site.open(t, "")
	tb.waitRule("welcome")
	waitJS(t, tb.ctx, `__e2e.events("lcw:proactiveChatTimedOut").length > 0`, 90*time.Second)
	leave(tb)
	site.waitCounter(t, "timedOut welcome ", 1)
	c := site.counters(t)
	assert.Equal(t, 1, c["shown welcome "])
	assert.Equal(t, 1, c["timedOut welcome "])
	assert.Zero(t, c["declined welcome "])
	site.checkFields(t)
}

// funnelSeed finds a seed that puts the visitor in (or out of) rule's
// holdout of percent, and the script that stores it before the page runs.
func funnelSeed(app, rule string, percent int, g funnel.Group) string {
	for i := 0; ; i++ {
		if s := "e2e-seed-" + strconv.Itoa(i); funnel.Assign(s, rule, percent) == g {
			return fmt.Sprintf(`if (location.protocol.startsWith("http")) localStorage.setItem(%q, %q);`, "lcwasm:"+app+":"+funnel.SeedKey, s)
		}
	}
}

// TestFunnelHoldout: a visitor in a rule's holdout never sees its
// invitation (the next rule's shows instead), and the holdout is counted.
func TestFunnelHoldout(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, `{"cooldown": 0, "rules": [
		{"id": "held", "priority": 2, "holdout": 50, "conditions": []},
		{"id": "next", "priority": 1, "conditions": [{"timeOnPage": {"seconds": 1}}]}]}`)
	tb := site.open(t, funnelSeed(site.app, "held", 50, funnel.Holdout))
	tb.waitRule("next")
	assert.Equal(t, []string{"next"}, tb.shownRules(), "the held-out rule's invitation never showed")
	tb.decline()
	leave(tb)
	site.waitCounter(t, "declined next ", 1)
	c := site.counters(t)
	assert.Equal(t, 1, c["eligible held holdout"])
	assert.Equal(t, 1, c["held/holdout held holdout"])
	assert.Zero(t, c["shown held "])
	site.checkFields(t)
}

// TestFunnelGoalAfterInvitation: SDK.reportGoal after an invitation
// counts a goal for the rule, in the visitor's group, once per session; a
// bad goal name is lcw:error 12 and counts nothing.
func TestFunnelGoalAfterInvitation(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, funnelRule)
	tb := site.open(t, "")
	tb.waitRule("welcome")
	tb.decline()
	tb.eval(sdk + `.reportGoal("not a goal")`)
	e := tb.waitEvent("lcw:error")
	assert.Equal(t, float64(funnel.CodeBadGoal), e.Detail["errorCode"])
	tb.eval(sdk + `.reportGoal("purchase"); ` + sdk + `.reportGoal("purchase")`)
	leave(tb)
	site.waitCounter(t, "goal welcome treatment purchase", 1)
	c := site.counters(t)
	assert.Equal(t, 1, c["goal welcome treatment purchase"], "once per session")
	assert.Len(t, c, 5, "eligible, shown, declined, held by its limit, goal: %v", c)
	site.checkFields(t)
}

// TestFunnelGlobalPrivacyControl: with navigator.globalPrivacyControl on,
// the widget invites as ever but sends no beacon; a visitor without it,
// on the same site right after, does (the GPC one would have gone first,
// on its pagehide).
func TestFunnelGlobalPrivacyControl(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, funnelRule)
	gpc := site.open(t, `Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {get: () => true});`)
	gpc.waitRule("welcome")
	gpc.decline()
	leave(gpc)

	control := site.open(t, "")
	control.waitRule("welcome")
	control.decline()
	control.eval(sdk + `.reportGoal("control")`) // marks the control's beacon
	leave(control)
	site.waitCounter(t, "goal welcome treatment control", 1)
	assert.Equal(t, 1, site.counters(t)["shown welcome "], "only the visitor without GPC was counted")
	assert.Len(t, site.beacons(), 1, "one beacon, the control visitor's")
}
