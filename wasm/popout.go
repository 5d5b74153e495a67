//go:build js && wasm

package main

import (
	"errors"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/popout"
)

// The chat of a pop-out window starts in the name of the page that opened
// it: the page's address, referrer and time on page, its session's pages,
// its context variables and its auth token. The page tells the pop-out the
// first ones as it answers its hello (popoutPage), inside the browser, and
// hands over its token when the pop-out's chat asks for it (popoutToken).
// The invitation's source and text come with the hello's answer too
// (Boot.Invitation).

// forOpener makes the pop-out's chat start s with what its opener said of
// its page: the time on page goes on from the answer, and so does the
// time on its last page. Without an auth token provider in the page, the
// pop-out's own configuration decides, as for a page (code 8 when it
// names a function, which popout.html lacks). now is the runtime's
// clock. problem says why the opener's pages were left out, or is "".
func forOpener(s *chat.Start, p *jsbridge.OpenerPage, now instant.Time) (problem string) {
	s.PageURL, s.Referrer, s.ForOpener = p.URL, p.Referrer, true
	s.TimeOnPage = p.TimeOnPage + max(0, now.Sub(p.Answered))
	s.Details.Pages, problem = popout.ReadPages(p.Pages) // not popout.html's own
	if s.Custom == nil && p.Custom != nil {
		s.Custom, s.Provider = p.Custom, nil
	}
	if p.Auth {
		s.AuthMissing = ""
		s.Auth = func(done func(token any, err error)) error { return jsbridge.AskOpenerToken(p.Origin, done) }
	}
	return problem
}

// popoutPage is what this page tells the pop-out it opened for a chat with
// custom, startChat's customContext (nil for none): see
// jsbridge.OpenerPage.
func (c *conversation) popoutPage(custom map[string]any) map[string]any {
	p := map[string]any{
		"url": jsbridge.Href(), "referrer": jsbridge.Referrer(),
		"timeOnPageMs": float64(c.rt.timeOnPage().Milliseconds()),
		"auth":         jsbridge.IsFunction(c.authProvider()),
	}
	if pages := popout.Pages(c.pages(c.rt.clock.Now())); pages != nil {
		p["pages"] = pages
	}
	if vars := c.popoutVariables(custom); vars != nil {
		p["custom"] = vars
	}
	return p
}

// popoutVariables are the context variables of the pop-out's chat:
// startChat's customContext, else what the page's context provider gives
// now, nil for none. What is wrong with them is reported here, where the
// provider lives, as for the page's own chat (lcw:error code 1 for the
// provider, a console error for customContext), and only the usable
// variables go: the pop-out cannot call the page's functions, nor be
// posted them.
func (c *conversation) popoutVariables(custom map[string]any) map[string]any {
	if custom != nil {
		vars, problem := chat.CheckVariables(custom, "startChat's customContext")
		if problem != "" {
			c.rt.log.Error("lcwasm: " + problem)
		}
		return vars
	}
	provider := c.provider()
	if provider == nil {
		return nil
	}
	got, err := provider()
	if err != nil {
		jsbridge.Events{}.Error(chat.CodeContextProvider, "chat: the context provider failed: "+err.Error()+
			"; the chat in the new window starts without custom context")
		return nil
	}
	vars, problem := chat.CheckVariables(got, "the context provider")
	if problem != "" {
		jsbridge.Events{}.Error(chat.CodeContextProvider, problem)
	}
	return vars
}

// popoutToken calls this page's auth token provider for the pop-out's
// chat. One that throws is lcw:error code 2 here, where it lives, and a
// failure in the pop-out (code 2 there too); one that is gone since the
// pop-out opened is a failure there.
func (c *conversation) popoutToken(reply func(token any, err error)) {
	ask := c.authWith(&c.popoutCB)
	if ask == nil {
		reply(nil, errors.New("the page that opened this chat window has none any more"))
		return
	}
	err := ask(reply)
	if err != nil {
		jsbridge.Events{}.Error(chat.CodeAuthProvider, "chat: the auth token provider failed: "+err.Error()+
			" (for the chat in the new window)")
		reply(nil, errors.New(err.Error()+" (in the page that opened this chat window)"))
	}
}
