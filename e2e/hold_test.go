package e2e

// A rule's invitation held for want of an agent: with no agent available
// the rule is eligible, held with the reason noAgent, and not shown; with
// an agent signed in on the console, it shows.

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
)

// staffedSite is a funnel site of its own (newFunnelSiteOpts) with rules,
// chat on and one agent account, user (password: the name), and a func
// that asks its availability endpoint whether an agent is available.
func staffedSite(t *testing.T, rules, user string) (*funnelSite, func() bool) {
	t.Helper()
	hash, err := testHash(user)
	require.NoError(t, err)
	site := newFunnelSiteOpts(t, rules, `"chat": {"enabled": true}`, func(o *server.Options) {
		o.Agents = []agent.Account{{User: user, Name: strings.ToUpper(user[:1]) + user[1:], PasswordHash: hash}}
	})
	return site, func() bool {
		resp, err := http.Get(site.url + "/api/v1/widgets/" + site.app + "/availability")
		require.NoError(t, err)
		defer resp.Body.Close()
		var a struct{ IsAgentAvailable bool }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&a))
		return a.IsAgentAvailable
	}
}

func TestFunnelNoAgentHoldsTheInvitation(t *testing.T) {
	t.Parallel()
	site, available := staffedSite(t, funnelRule, "nia")
	require.False(t, available(), "no console open")

	tb := site.open(t, "")
	// Past the wait for the first answer: a rule that fires at once would
	// have shown by now if the widget did not know.
	tb.quietFor(float64((proactive.AgentsWait + instant.Second).Milliseconds()), "no agent is available")
	leave(tb)
	site.waitCounter(t, "held/noAgent welcome treatment", 1)
	c := site.counters(t)
	assert.Equal(t, 1, c["eligible welcome treatment"])
	assert.Equal(t, 1, c["held/noAgent welcome treatment"], "once per page view")
	assert.Zero(t, c["shown welcome "])
	var held []map[string]any
	for _, b := range site.beacons() {
		list, _ := b[funnel.FieldCounters].([]any)
		for _, x := range list {
			if m := x.(map[string]any); m[funnel.FieldEvent] == string(funnel.Held) {
				held = append(held, m)
			}
		}
	}
	assert.Equal(t, []map[string]any{{funnel.FieldRule: "welcome", funnel.FieldGroup: "treatment", funnel.FieldEvent: "held",
		funnel.FieldReason: "noAgent", funnel.FieldDay: funnel.Day(instant.From(time.Now())), funnel.FieldN: float64(1)}}, held,
		"the held counter, field by field")
	site.checkFields(t)

	nia := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	signInOn(t, nia, site.url, "nia")
	waitUntil(t, available, "available once the console is open")
	again := site.open(t, "")
	again.waitRule("welcome")
	leave(again)
	site.waitCounter(t, "shown welcome ", 1)
	assert.Equal(t, 1, site.counters(t)["held/noAgent welcome treatment"], "not held with an agent there")
}
