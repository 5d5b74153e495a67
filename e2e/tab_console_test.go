package e2e

// Page helpers of the agent console: the suite's agents, signing in and
// accepting a chat.

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/server/agent"
	"golang.org/x/crypto/bcrypt"
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
// (TestPopoutTranscriptIsPinned); the desk tests (desk_*_test.go): mia and nick
// (TestConsoleErrorsSayWhatHappened), pat (TestConsoleAgentFrameLimit),
// quinn and ruth (TestConsoleAgentStatus), sam and xena (TestConsoleWaitingList), yara and zack (TestConsoleNotesAndTransfer), abby and cody
// (TestConsoleCannedResponses), dina (a supervisor) and emma
// (TestConsoleSupervisorView), fay and gus (TestConsoleProtocolVersion),
// tess and uma (TestConsoleConversations), vic (TestConsoleScreens), hana
// and igor (TestConsoleHistory); hal and ida (TestVisitorPostChatSurvey),
// jon (TestVisitorOfflineFormCustomField), otto (TestChatAttachments), hugo
// (TestConsoleVisitorDetails), iris (TestConsoleDetailsOfAHostileClient); the
// visitor tests (visitor_test.go): lara (…LanguageFromTheBrowser), mona
// (…LanguageArabicOnAPhone), dora (…DarkMode), cleo (…Continuity), liam
// (…LinksAndComposer), nora (…NoAgentLeavesAMessage), enzo (…EndOfChat) — an
// agent shared by tests running at once would reach the limit of chats
// per agent (3) and have an Accept refused; wes
// (TestConsoleAvailabilityFollowsStatus) signs in on a server of its own.
//
// Their hashes are of bcrypt's lowest cost: the server checks a password
// in at most agent.BcryptConcurrency() goroutines (one on two cores) and
// refuses a sign-in that waited agent.BcryptWait for its turn ("Too many
// sign-ins at once."), which the suite's parallel sign-ins under the race
// detector reached at the default cost. The path is the same at any cost.
//
// otto (TestRuleWaitsForAnAvailableAgent) signs in on a server of its own.
// wade (TestOfflineMessageHandledFromTheConsole) marks offline messages
// handled; opal (TestConsoleCountsOfflineMessagesWaiting) watches their
// count. rosa (TestPopoutChatCarriesTheJourney) sees a pop-out's details.
// zoe (TestChatAttachmentAsksBeforeLeaving) accepts a chat whose visitor
// holds an upload. vera (TestDeviceCookieKeepsTheAgentIn) has her user
// name's sign-in limit burned by an attacker.
func testAgents() ([]agent.Account, error) {
	var out []agent.Account
	for _, user := range []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
		"ivan", "judy", "kim", "lee", "hugo", "iris",
		"mia", "nick", "pat", "quinn", "ruth", "sam", "tess", "uma", "vic", "xena", "yara", "zack", "abby", "cody", "dina", "emma", "fay", "gus", "hana", "igor",
		"hal", "ida", "jon", "otto", "lara", "mona", "dora", "cleo", "liam", "nora", "enzo", "wade", "rosa", "opal", "zoe", "vera"} {
		hash, err := testHash(user)
		if err != nil {
			return nil, fmt.Errorf("e2e: %w", err)
		}
		out = append(out, agent.Account{User: user, Name: strings.ToUpper(user[:1]) + user[1:], PasswordHash: hash,
			Supervisor: user == "dina"})
	}
	// The site owner, for /admin (admin_test.go).
	hash, err := testHash("olga")
	if err != nil {
		return nil, fmt.Errorf("e2e: %w", err)
	}
	return append(out, agent.Account{User: "olga", Name: "Olga", PasswordHash: hash, Role: agent.RoleAdmin}), nil
}

// testHash is the bcrypt hash of password at bcrypt's lowest cost.
func testHash(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		return "", fmt.Errorf("e2e: %w", err)
	}
	return string(h), nil
}

// signIn opens the agent console in a browser context of its own and signs
// in as user, after a wrong password has been refused.
func signIn(t *testing.T, user string) *tab {
	t.Helper()
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.navigate("/agent")
	release := signInSlot()
	defer release()
	agent.do(sendKeys("#user", user), sendKeys("#password", "wrong"), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#signin-error")?.textContent.includes("Wrong user name or password.")`, waitTimeout)
	agent.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return agent
}

// signInRight is signIn without the wrong password first: every wrong
// one counts against the suite's one address (agent.MaxAddressFailures
// in agent.FailureWindow), so only the tests of the sign-in form make one.
func signInRight(t *testing.T, user string) *tab {
	t.Helper()
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.navigate("/agent")
	release := signInSlot()
	defer release()
	agent.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return agent
}

// signIns bounds the suite's sign-ins in flight. Every test signs in from
// the one address 127.0.0.1, and the server counts an attempt before it
// checks the password (agent.MaxAddressFailures, in flight included, so
// that parallel guesses cannot slip past the limit): with many parallel
// tests and bcrypt slow under the race detector, more than that many at
// once are refused like a brute force would be.
var signIns = make(chan struct{}, 4)

// signInSlot waits for a place among the sign-ins in flight; the func
// gives it back (call it once the console is open).
func signInSlot() func() {
	signIns <- struct{}{}
	var once sync.Once
	return func() { once.Do(func() { <-signIns }) }
}

// acceptChat accepts, on the agent console, the waiting chat whose queue
// entry mentions token (its page URL or visitor name): tests share one
// server, so the queue holds other tests' visitors too.
//
// It waits for the entry's Accept button, not only the entry: on a
// server of several instances the entry may first show the visitor as
// "Left" (no Accept) until their presence arrives from the instance
// they are connected to. The button is found and clicked in one
// evaluation, so a re-render between a find and a click cannot lose it.
func acceptChat(t *testing.T, agent *tab, token string) {
	t.Helper()
	waitJS(t, agent.ctx, `(() => {
		const li = [...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(`+jsString(token)+`));
		const b = li?.querySelector("button[data-accept]");
		if (!b) return false;
		b.click();
		return true;
	})()`, waitTimeout)
}

// endChat ends the open conversation on the agent console: End, then End
// again in the confirmation dialog.
func endChat(agent *tab) {
	agent.do(chromedp.Click("#end"), chromedp.WaitVisible("#end-confirm"), chromedp.Click("#end-confirm"))
}

// holdFrames makes the console's socket keep back the frames of the given
// types (window.__hold) until window.__release() hands them over, so a
// test can put the console behind the server: an agent who replies before
// the "ended" frame arrives, or accepts a chat the queue still shows.
// Call before navigate.
func holdFrames(agent *tab) {
	agent.addScript(`window.__hold = new Set(); window.__held = [];
	window.WebSocket = class extends WebSocket {
		set onmessage(fn) {
			super.onmessage = (ev) => {
				let type = "";
				try { type = JSON.parse(ev.data).type; } catch (e) {}
				if (window.__hold.has(type)) { window.__held.push(() => fn(ev)); return; }
				fn(ev);
			};
		}
	};
	window.__release = () => { window.__hold.clear(); const h = window.__held; window.__held = []; h.forEach(f => f()); };`)
}

// announced waits until the console's live region says text.
func announced(t *testing.T, agent *tab, text string) {
	t.Helper()
	waitJS(t, agent.ctx, `document.querySelector("#announce")?.textContent === `+jsString(text), waitTimeout)
}

// shown reports whether the element matching sel is laid out (not hidden,
// whatever the stylesheet says).
func shown(agent *tab, sel string) bool {
	return evalJS[bool](agent, `(() => { const e = document.querySelector(`+jsString(sel)+`); return !!e && e.getClientRects().length > 0; })()`)
}
