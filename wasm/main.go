//go:build js && wasm

package main

import (
	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/events"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/widget"
)

func main() {
	jsbridge.Yield() // the Go runtime's own start-up was one task; ours is the next
	if err := start(); err != nil {
		jsbridge.StartFailed("the runtime failed to start: " + err.Error())
	}
	select {} // serve callbacks for the life of the page; never exit
}

// runtime is one page's widget and its browser connections.
type runtime struct {
	boot   *jsbridge.Boot
	clock  jsbridge.Clock     // the one wall clock
	zones  *jsbridge.Zones    // the one time-zone formatter cache (widget and rules)
	doc    *jsbridge.Document // the widget's shadow root
	w      *widget.Widget
	log    jsbridge.Console
	sdk    *sdk
	rules  *proactive.Runner // nil without rules
	funnel *funnel.Recorder  // nil when this page does not report
	store  *jsbridge.Storage // localStorage, or memory
}

// start wires the runtime and hands the SDK to the loader. A panic on the
// way is an error like any other: lcw:error code 7, never a silent stop.
func start() (err error) {
	defer jsbridge.RecoverError("start", &err)
	boot, err := jsbridge.ReadBoot()
	if err != nil {
		return err
	}
	if boot.Attrs["data-lcw-version"] == "test" {
		jsbridge.InstallPanicHook() // for the e2e tests of panic recovery
	}
	jsbridge.PanicPoint("start")
	rt := &runtime{boot: boot, zones: &jsbridge.Zones{}}
	cfg := rt.config()
	doc, err := jsbridge.NewDocument(rt.host(cfg))
	if err != nil {
		return err
	}
	rt.doc = doc
	view := widget.NewDOMView(doc)
	view.SetLanguage(cfg.Lang)
	view.SetPostChat(cfg.PostChat)
	rt.store = jsbridge.OpenStorage()
	rt.funnel = rt.startFunnel(cfg)
	conv := rt.newConversation(cfg, view, rt.store)
	var chatService widget.Conversation // a nil *conversation must stay a nil interface
	if conv != nil {
		chatService = conv
	}
	timer := jsbridge.NewTimer(func() { rt.w.Tick() })
	opener := &jsbridge.Opener{Base: boot.Base, Attrs: boot.Attrs, Closed: rt.popoutClosed,
		ChatClosed: func() { rt.w.PopoutChatClosed() }}
	if conv != nil {
		opener.Page, opener.Token = conv.popoutPage, conv.popoutToken
	}
	rt.sdk = &sdk{rt: rt}
	rt.w = widget.New(cfg, widget.Deps{
		Clock:       rt.clock,
		Timer:       timer,
		View:        view,
		Events:      jsbridge.Events{},
		Log:         rt.log,
		Opener:      opener,
		Zones:       rt.zones,
		Chat:        chatService,
		Invitations: invitations{rt},
		Leave:       &jsbridge.LeaveGuard{},
	})
	view.Bind(rt.w)
	rt.listen()
	if conv != nil {
		conv.resume()
	}
	clicked, focused := boot.TakeEarly() // the loader's chat button goes as the widget's comes
	if focused {
		view.FocusLauncher()
	}
	jsbridge.Yield()
	var desk widget.Desk // a nil *conversation must stay a nil interface
	if conv != nil {
		desk = conv
	}
	rt.rules = rt.startRules(cfg, rulesTree(boot.Config), desk)
	if cfg.Popout {
		rt.popout()
	}
	if err := boot.Serve(rt.sdk.methods()); err != nil {
		return err
	}
	if clicked {
		rt.w.StartChat(widget.ChatOptions{FromLauncher: true}) // after the calls the page queued
	}
	// Collect garbage sooner than Go's default once started: a widget that
	// shows and closes invitations all day then settles at about 6 MB of
	// wasm memory instead of 11 (measured by make bench, 1,000 cycles), and
	// wasm memory, once grown, is never given back to the page. Lower
	// changes nothing (2026-12-07): the collector lets at least 1 MB be
	// allocated between cycles whatever the percent; see collect.go.
	setGCPercent(25)
	return nil
}

// config merges the site owner's configuration, the tag's attributes and
// the page's customization callback, reporting every problem on the
// console without giving up.
func (rt *runtime) config() widget.Config {
	var cfg widget.Config
	widget.ApplyAttributes(&cfg, rt.boot.Attrs)
	rt.log = jsbridge.Console{Verbose: cfg.Verbose}
	if rt.boot.ConfigError != "" {
		rt.log.Error("lcwasm: the widget configuration could not be loaded, so proactive chat stays off: " + rt.boot.ConfigError)
	}
	for _, err := range widget.DecodeConfig(&cfg, rt.boot.Config) {
		rt.log.Error("lcwasm: configuration: " + err.Error())
	}
	cfg.Lang = rt.language(cfg)
	cfg.Texts = cfg.Lang.InvitationTexts()
	rt.customize(&cfg)
	rt.log.Debug("lcwasm: widget \"" + cfg.AppID + "\" configured")
	return cfg
}

// language picks the widget's language (see widget.PickLanguage) and
// fetches its texts, lang-<tag>.json next to the bundle, waiting for them:
// a widget that spoke English first and French a moment later would
// confuse. English is built in; a language whose texts cannot be had
// falls back to it, with a console error. The site owner's texts for the
// language are laid over.
func (rt *runtime) language(cfg widget.Config) widget.Language {
	page := jsbridge.PageLanguage()
	if cfg.Popout {
		page = "" // popout.html's own lang says nothing of the page that opened it
	}
	tag := widget.PickLanguage(jsbridge.Maximize(cfg.Language), page, jsbridge.BrowserLanguages())
	l := widget.Language{Tag: tag}
	if tag != "en" {
		url := rt.boot.Base + "lang-" + tag + ".json"
		tree, why := jsbridge.FetchTree(url)
		phrases, errs := widget.DecodePhrases(url, tree)
		switch {
		case why != "":
			rt.log.Error("lcwasm: the texts in language " + tag + " did not load (" + why + "); the widget speaks English")
			l = widget.Language{Tag: "en"}
		case len(errs) > 0:
			rt.log.Error("lcwasm: " + errs[0].Error())
		}
		if l.Tag != "en" {
			l.Phrases = phrases
		}
	}
	return l.WithOverrides(cfg.TextOverrides[l.Code()])
}

// customize calls the page's data-customization-callback, if any.
func (rt *runtime) customize(cfg *widget.Config) {
	name := rt.boot.Attrs["data-customization-callback"]
	if name == "" {
		return
	}
	fn := jsbridge.GlobalFunc(name)
	if !fn.Valid() {
		rt.log.Error("lcwasm: data-customization-callback: window." + name + " is not a function")
		return
	}
	props, err := fn.Call()
	if err != nil {
		rt.log.Error("lcwasm: data-customization-callback " + name + " threw: " + err.Error())
		return
	}
	for _, err := range widget.ApplyCustomization(cfg, props) {
		rt.log.Error("lcwasm: " + err.Error())
	}
}

// host describes the shadow host: theme overrides from the tag, direction
// from the page.
func (rt *runtime) host(cfg widget.Config) jsbridge.Host {
	h := jsbridge.Host{ID: "oc-lcw", CSS: rt.boot.CSS, CSSURL: rt.boot.CSSURL, Popout: cfg.Popout,
		Dir: widget.Direction(cfg.Lang, jsbridge.Direction()), Lang: cfg.Lang.Code(), Scheme: cfg.ColorScheme}
	if c := rt.boot.Attrs["data-color-override"]; c != "" {
		if jsbridge.ValidCSS("color", c) {
			h.Color = c
		} else {
			rt.log.Error("lcwasm: data-color-override: " + c + " is not a CSS colour; using the default")
		}
	}
	if f := rt.boot.Attrs["data-font-family-override"]; f != "" {
		if jsbridge.ValidCSS("font-family", f) {
			h.Font = f
		} else {
			rt.log.Error("lcwasm: data-font-family-override: " + f + " is not a CSS font-family; using the default")
		}
	}
	return h
}

// listen connects the page's signals to the widget.
func (rt *runtime) listen() {
	rt.w.SetVisible(jsbridge.Visible())
	jsbridge.OnVisibility(rt.w.SetVisible)
	rt.doc.OnEscape(rt.w.Escape)
}

// popout runs this page as the pop-out chat window: the chat fills it, and
// closing the chat closes the window and tells the opener. The loader had
// the attributes from the opener, with the invitation the chat answers.
func (rt *runtime) popout() {
	jsbridge.NotifyOpenerOnClose()
	if p := rt.boot.Opener; p != nil {
		jsbridge.Events{}.Listen(events.CloseChat, func() { jsbridge.TellOpenerChatClosed(p.Origin) })
	}
	jsbridge.Events{}.Listen(events.OnClose, jsbridge.CloseWindow)
	rt.w.StartChat(widget.ChatOptions{Invitation: rt.boot.Invitation, InvitationText: rt.boot.InvitationText})
}

// rulesTree is the configuration's proactiveRules document.
func rulesTree(config any) any {
	m, _ := config.(map[string]any)
	if r, ok := m["proactiveRules"]; ok {
		return r
	}
	return widget.Undefined{}
}

// popoutClosed is the pop-out window going away; the widget tells the
// runner it is idle.
func (rt *runtime) popoutClosed() { rt.w.PopoutClosed() }
