package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/agent"
)

// TestDeviceCookieKeepsTheAgentIn: an agent signs in in Chromium and
// signs out; someone who knows her user name then burns its sign-in limit
// with wrong passwords from other addresses (the flood every agent could
// be kept out by). Her browser still signs her in, with the device cookie
// of her first sign-in; a browser that never signed her in gets the 429
// page.
func TestDeviceCookieKeepsTheAgentIn(t *testing.T) {
	t.Parallel()
	const user = "vera"
	tb := signInRight(t, user)
	tb.do(chromedp.Click(`#logout button[type="submit"]`))
	waitJS(t, tb.ctx, `!!document.querySelector("#signin-form") && !document.querySelector("#connection")`, waitTimeout)

	// The attacker: plain HTTP from 127.0.0.211…, agent.MaxAddressFailures
	// from each (the suite's 127.0.0.1 keeps its own budget), until the
	// user name is locked.
	refused := 0
	for i := 0; refused < agent.MaxAccountFailures; i++ {
		require.Less(t, i, 3*agent.MaxAddressFailures, "the user name never locked; refused %d", refused)
		ip := fmt.Sprintf("127.0.0.%d", 211+i/agent.MaxAddressFailures)
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
		client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DialContext: d.DialContext},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.PostForm(baseURL+"/agent/login", url.Values{"user": {user}, "password": {fmt.Sprint("guess", i)}})
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "guess %d", i)
		refused++
	}
	resp, err := http.PostForm(baseURL+"/agent/login", url.Values{"user": {user}, "password": {user}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "locked, even for the right password without her cookie")

	release := signInSlot()
	tb.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, tb.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	release()

	fresh := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	fresh.navigate("/agent")
	fresh.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, fresh.ctx, `document.querySelector("#signin-error")?.textContent.includes("Too many failed sign-ins.")`, waitTimeout)
	fresh.assertAccessible("the sign-in page refused by the limit")
}
