//go:build js && wasm

package main

import (
	"strings"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// conversation is widget.Conversation over package chat's client, with the
// browser's WebSocket, localStorage and the page's providers.
type conversation struct {
	rt     *runtime
	client *chat.Client
	store  *jsbridge.Storage
	key    string
	authCB *jsbridge.Callback // the callback the auth token provider got last
	// popoutCB is the callback it got last for a pop-out's chat.
	popoutCB *jsbridge.Callback
}

// newConversation connects the widget to its chat service, or returns nil
// when the configuration has none.
func (rt *runtime) newConversation(cfg widget.Config, view *widget.DOMView, store *jsbridge.Storage) *conversation {
	if !cfg.Chat {
		return nil
	}
	c := &conversation{rt: rt, store: store, key: "lcwasm:" + cfg.AppID}
	socket := &jsbridge.Socket{
		Opened:   func() { c.client.Opened() },
		Received: func(tree any) { c.client.Received(tree) },
		Closed:   func(code int, reason string) { c.client.Closed(code, reason) },
	}
	timer := jsbridge.NewTimer(func() { c.client.Tick() })
	c.client = chat.New(chat.Config{
		URL: chatURL(rt.boot, cfg.AppID), Key: c.key, AuthTimeout: cfg.AuthTimeout,
		AppID: cfg.AppID, PageOrigin: origin(jsbridge.Href()),
	}, chat.Deps{
		Socket: socket, Clock: rt.clock, Timer: timer, Store: store,
		Events: jsbridge.Events{}, Log: rt.log, Random: jsbridge.Random{}, View: view, JSON: jsbridge.JSON{},
	})
	jsbridge.OnOnline(c.client.Retry)
	return c
}

// resume shows the chat a previous page or another tab left running.
func (c *conversation) resume() {
	if _, ok := c.store.Get(c.key + ":chat"); !ok {
		return
	}
	inv, _ := c.store.Get(c.key + ":invitation")
	if c.rt.w.ResumeChat(c.client.Minimized(), inv) && !c.client.Restore() {
		c.rt.w.CloseChat()
	}
}

// Start starts a conversation with the page's context and providers; in
// a pop-out, with those of the page that opened it.
func (c *conversation) Start(s widget.ChatStart) error {
	start := chat.Start{
		Proactive: s.Proactive, Source: s.Source, RuleID: s.RuleID, Variant: s.Variant,
		PageURL: jsbridge.Href(), Referrer: jsbridge.Referrer(), TimeOnPage: c.rt.timeOnPage(),
		Prechat: s.Prechat, Custom: s.Custom, Details: c.details(s.Invitation),
		Provider: c.provider(), Auth: c.auth(), AuthMissing: c.authMissing(),
	}
	if p := c.rt.boot.Opener; p != nil {
		if problem := forOpener(&start, p, c.rt.clock.Now()); problem != "" {
			c.rt.log.Warn("lcwasm: " + problem)
		}
	}
	// The invitation's message stays the conversation's first line on the
	// next page too.
	if s.Invitation != "" {
		c.store.Set(c.key+":invitation", s.Invitation)
	} else {
		c.store.Remove(c.key + ":invitation")
	}
	return c.client.Start(start)
}

// details reads the visitor's details as the chat starts (and only
// then): the browser's, and the session's pages as the rules keep them
// (the journey is theirs: when no rules run, this page alone).
func (c *conversation) details(invitation string) chat.Details {
	d := chat.Details{Device: string(jsbridge.DeviceClass()), UserAgent: jsbridge.UserAgent(),
		TimeZone: jsbridge.TimeZone(), Invitation: invitation}
	if l := jsbridge.Languages(); len(l) > 0 {
		d.Language = l[0]
	}
	d.Pages = c.pages(c.rt.clock.Now())
	return d
}

// pages are the session's pages as of now, as the rules keep them (the
// journey is theirs: when no rules run, this page alone).
func (c *conversation) pages(now instant.Time) []chat.PageView {
	r := c.rt.rules
	if r == nil {
		p := jsbridge.CurrentPage("")
		return []chat.PageView{{Path: p.Path, Title: p.Title, Start: now.Add(-c.rt.timeOnPage())}}
	}
	var views []chat.PageView
	for _, p := range r.Pages(now) {
		views = append(views, chat.PageView{Path: p.Path, Title: p.Title, Start: p.Start})
	}
	return views
}

// Send sends the visitor's text.
func (c *conversation) Send(text string) error {
	_, err := c.client.Send(text)
	return err
}

// Close ends the conversation.
func (c *conversation) Close() { c.client.Close() }

// SetMinimized tells the client whether the pane is folded away.
func (c *conversation) SetMinimized(on bool) { c.client.SetMinimized(on) }

// Running reports whether the conversation goes on.
func (c *conversation) Running() bool {
	p := c.client.Phase()
	return p != chat.Idle && p != chat.Ended
}

// Typing tells the agent the visitor types (throttled by the client).
func (c *conversation) Typing() { c.client.Typing() }

func (c *conversation) provider() func() (any, error) {
	fn := c.rt.sdk.context
	if !fn.Valid() {
		return nil
	}
	return func() (any, error) { return fn.Call() }
}

// authProvider is the page's auth token provider: the one set with
// setAuthTokenProvider, else the global the configuration names
// (auth.function), as Omnichannel's "JavaScript client function name".
func (c *conversation) authProvider() jsbridge.PageFunc {
	if fn := c.rt.sdk.auth; fn.Valid() {
		return fn
	}
	if name := c.rt.w.Config().AuthFunction; name != "" {
		return jsbridge.GlobalFunc(name)
	}
	return jsbridge.PageFunc{}
}

// authMissing names the configured auth function when the page has none
// by that name (lcw:error code 8).
func (c *conversation) authMissing() string {
	name := c.rt.w.Config().AuthFunction
	if name == "" || c.authProvider().Valid() {
		return ""
	}
	return name
}

// auth hands the page's auth token provider a callback. It stays callable
// until the next chat's provider gets its own, so that a second or late
// call reaches the client, which ignores it with a warning, instead of
// Go's "call to released function".
func (c *conversation) auth() func(done func(token any, err error)) error {
	return c.authWith(&c.authCB)
}

// authWith is auth keeping the callback in slot.
func (c *conversation) authWith(slot **jsbridge.Callback) func(done func(token any, err error)) error {
	fn := c.authProvider()
	if !fn.Valid() {
		return nil
	}
	return func(done func(token any, err error)) error {
		if *slot != nil {
			(*slot).Release()
		}
		cb := jsbridge.NewCallback("auth token callback", func(args []any) {
			var token any = widget.Undefined{}
			if len(args) > 0 {
				token = args[0]
			}
			done(token, nil)
		})
		*slot = cb
		return fn.Run(cb)
	}
}

// timeOnPage is how long this page view has lasted: since the rules' page
// start when they run (single-page apps), else since navigation.
func (rt *runtime) timeOnPage() instant.Duration {
	if rt.rules != nil {
		now := rt.clock.Now()
		return now.Sub(rt.rules.PageStart(now))
	}
	return jsbridge.SinceNavigation()
}

// serviceURL is the chat service: data-org-url, or the origin lcw.js came
// from.
func serviceURL(boot *jsbridge.Boot) string {
	if org := strings.TrimSuffix(boot.Attrs["data-org-url"], "/"); org != "" {
		return org
	}
	return origin(boot.Base)
}

// chatURL is the chat service's WebSocket address.
func chatURL(boot *jsbridge.Boot, appID string) string {
	org := strings.Replace(strings.Replace(serviceURL(boot), "https://", "wss://", 1), "http://", "ws://", 1)
	return org + "/api/v1/widgets/" + escape(appID) + "/chat"
}

func origin(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

// escape percent-encodes all but unreserved characters of a path segment.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
