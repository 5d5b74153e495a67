package e2e

// Page helpers of the agent console: the suite's agents, signing in and
// accepting a chat.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/server/agent"
)

// testAgents are the suite's agent accounts: one per test that signs in,
// because the server shows an agent's conversations on every console the
// agent has open, and tests run in parallel. The password is the user name.
// A new test that signs in takes an unused name and notes itself here: alice
// (TestVisitorAndAgent), bob (TestPrechatAndPopoutReachTheAgent), carol
// (TestAgentConsole), grace (TestKeyboardAgentConsole), heidi
// (TestAccessibilityChat), dave (TestPopoutChatCarriesThePage), frank
// (TestPopoutCarriesTheInvitationToTheAgent), erin (TestCloseChatAfterTheAgentEnded),
// ivan (TestChatTranscriptFollowsTheVisitor), judy
// (TestChatTypingGroupsAndEnd), kim (TestChatControlsOnAPhoneRTL), lee
// (TestPopoutTranscriptIsPinned).
func testAgents() ([]agent.Account, error) {
	var out []agent.Account
	for _, user := range []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
		"ivan", "judy", "kim", "lee"} {
		hash, err := agent.HashPassword(user)
		if err != nil {
			return nil, fmt.Errorf("e2e: %w", err)
		}
		out = append(out, agent.Account{User: user, Name: strings.ToUpper(user[:1]) + user[1:], PasswordHash: hash})
	}
	// The site owner, for /admin (admin_test.go).
	hash, err := agent.HashPassword("olga")
	if err != nil {
		return nil, fmt.Errorf("e2e: %w", err)
	}
	return append(out, agent.Account{User: "olga", Name: "Olga", PasswordHash: hash, Role: agent.RoleAdmin}), nil
}

// signIn opens the agent console in a browser context of its own and signs
// in as user, after a wrong password has been refused.
func signIn(t *testing.T, user string) *tab {
	t.Helper()
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.navigate("/agent")
	agent.do(chromedp.SendKeys("#user", user), chromedp.SendKeys("#password", "wrong"), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#signin-error")?.textContent.includes("Wrong user name or password.")`, waitTimeout)
	agent.do(chromedp.SendKeys("#user", user), chromedp.SendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return agent
}

// acceptChat accepts, on the agent console, the waiting chat whose queue
// entry mentions token (its page URL or visitor name): tests share one
// server, so the queue holds other tests' visitors too.
func acceptChat(t *testing.T, agent *tab, token string) {
	t.Helper()
	find := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(token) + `))`
	waitJS(t, agent.ctx, `!!`+find, waitTimeout)
	agent.eval(find + `.querySelector("button").click()`)
}

// endChat ends the open conversation on the agent console: End, then End
// again in the confirmation dialog.
func endChat(agent *tab) {
	agent.do(chromedp.Click("#end"), chromedp.WaitVisible("#end-confirm"), chromedp.Click("#end-confirm"))
}
