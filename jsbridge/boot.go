//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// bootName is the global the loader (lcw.js) leaves for the runtime. The
// runtime reads it once and deletes it.
const bootName = "__lcwasm"

// Boot is what the loader hands the runtime.
type Boot struct {
	Attrs       map[string]string // the loader tag's data-* attributes
	Base        string            // the URL of the folder lcw.js came from
	Config      any               // the widget configuration, as a plain tree
	ConfigError string            // why the configuration could not be loaded
	CSS         string            // the widget's stylesheet
	CSSURL      string            // where it came from (for browsers without constructed style sheets)
	Invitation  widget.Source     // in a pop-out: the invitation it answers, from the opener (Kind "" for none)
	// InvitationText is, in a pop-out, that invitation's message as the
	// visitor saw it ("" for none).
	InvitationText string
	Opener         *OpenerPage // in a pop-out: the page that opened it, nil when it said nothing of itself
	ready          safejs.Value
	takeEarly      safejs.Value // the loader's take-over of its early chat button
}

// OpenerPage is what the page that opened a pop-out told it of itself, for
// the pop-out's chat to start in the page's name: the agent sees the page,
// not the pop-out.
type OpenerPage struct {
	URL        string           // its location.href
	Referrer   string           // its document.referrer
	TimeOnPage instant.Duration // its time on page when it answered
	Answered   instant.Time     // when its answer arrived
	Custom     map[string]any   // its context variables, nil for none
	Auth       bool             // it has an auth token provider (AskOpenerToken)
	Origin     string           // its origin when it answered
	// Pages are its session's pages as it sent them ("pages", read with
	// popout.ReadPages), widget.Undefined when it sent none.
	Pages any
}

// readOpenerPage reads the loader's "opener" ({url, referrer,
// timeOnPageMs, answeredAt, custom, auth, origin, pages}, checked by the
// loader but for the pages),
// or nil.
func readOpenerPage(v safejs.Value) *OpenerPage {
	m, ok := ToGo(v).(map[string]any)
	if !ok {
		return nil
	}
	p := &OpenerPage{}
	p.URL, _ = m["url"].(string)
	p.Referrer, _ = m["referrer"].(string)
	ms, _ := m["timeOnPageMs"].(float64)
	p.TimeOnPage = instant.Duration(ms * float64(instant.Millisecond))
	at, _ := m["answeredAt"].(float64)
	p.Answered = instant.UnixMilli(int64(at))
	p.Custom, _ = m["custom"].(map[string]any)
	p.Auth = m["auth"] == true
	p.Origin, _ = m["origin"].(string)
	p.Pages = m["pages"]
	return p
}

// ReadBoot takes the loader's hand-over.
func ReadBoot() (*Boot, error) {
	b := get(global, bootName)
	if b.Type() != safejs.TypeObject {
		return nil, errors.New("jsbridge: no loader hand-over (load the widget with lcw.js)")
	}
	_ = global.Delete(bootName)
	boot := &Boot{
		Attrs:       map[string]string{},
		Base:        str(get(b, "base")),
		Config:      ToGo(get(b, "config")),
		ConfigError: str(get(b, "configError")),
		CSS:         str(get(b, "css")),
		CSSURL:      str(get(b, "cssURL")),
		ready:       get(b, "ready"),
		takeEarly:   get(b, "takeEarly"),
	}
	loaderFail = get(b, "fail")
	boot.Opener = readOpenerPage(get(b, "opener"))
	if inv := get(b, "invitation"); inv.Type() == safejs.TypeObject {
		boot.Invitation = widget.Source{Kind: str(get(inv, "kind")), RuleID: str(get(inv, "ruleId")), Variant: str(get(inv, "variant"))}
		boot.InvitationText = str(get(inv, "message"))
	}
	if m, ok := ToGo(get(b, "attrs")).(map[string]any); ok {
		for k, v := range m {
			if s, ok := v.(string); ok {
				boot.Attrs[k] = s
			}
		}
	}
	return boot, nil
}

// TakeEarly removes the chat button the loader stamped while the wasm
// downloaded, if any, and says whether the visitor clicked it and whether
// it has focus: the runtime, which renders its own in the same task, then
// opens the pane or moves focus to its button.
func (b *Boot) TakeEarly() (clicked, focused bool) {
	if b.takeEarly.Type() != safejs.TypeFunction {
		return false, false
	}
	got, err := b.takeEarly.Invoke()
	if err != nil || got.Type() != safejs.TypeObject {
		return false, false
	}
	return truthy(get(got, "clicked")), truthy(get(got, "focused"))
}

// Ready gives the loader the SDK's implementation (method name → Func); the
// loader then runs the calls the page queued, sets isReady and dispatches
// lcw:ready.
func (b *Boot) Ready(impl map[string]safejs.Func) error {
	obj := map[string]any{}
	for name, f := range impl {
		obj[name] = f
	}
	_, err := b.ready.Invoke(obj) // Invoke maps safejs values inside obj
	return err
}

// loaderFail is the loader's failure report, from its hand-over.
var loaderFail = safejs.Undefined()

// StartFailed reports that the runtime could not start, as the loader
// reports its own failures (one console.error naming the SDK calls the
// page made that will not run, and lcw:error code 7), or by itself when
// there is no loader.
func StartFailed(reason string) {
	if IsFunction(loaderFail) {
		if _, err := loaderFail.Invoke(reason); err == nil {
			return
		}
	}
	Events{}.Error(7, "the widget failed to load: "+reason)
}

// Resolved returns Promise.resolve(value).
func Resolved(value map[string]any) safejs.Value {
	p, err := get(global, "Promise").Call("resolve", object(value))
	if err != nil {
		return safejs.Undefined()
	}
	return p
}
